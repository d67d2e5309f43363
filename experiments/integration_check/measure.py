"""Do the identified elements' own edges show signal above a local background? (a diagnostic; nothing chosen on it)

Issue 14 asks that an element be reported when the edges it must show are consistent with the spectrum. The
edge-by-edge integration (`hyperspy.edge_integration`) measures each reported element's edge alone: a power law
fitted just before it, the counts above it over up to 100 eV. A false element read into another edge's fine
structure or into the background could come out with no signal or a negative one. Here: `n` synthetic spectra
(`SynthesisConfig.realistic()` by default, or the default configuration), the bundled model and decoder at its
threshold, PSNR < 3 don't care; for every reported element, `integrate_edges` with the reported elements and
the network's onsets (their nearest principal edges) as the axis calibration. Printed: for the true and the false
reported elements, how many were measured cleanly (in the result, and not named by the rising-edge warning), and
of those how many have a signal <= 0, and a signal below -2 and below +2 Poisson standard deviations of the
counts involved (window counts plus the extrapolated background).

Usage: python experiments/integration_check/measure.py [--n 2000] [--seed 4243] [--config realistic|default]
"""

import argparse
import collections
import warnings

import exspy
import numpy as np

from hyperspy_eels_edgeid.edges import edge_groups_of
from hyperspy_eels_edgeid.hyperspy import edge_integration
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch


def principal_label(element, onset):
    groups = [g for g in edge_groups_of(element) if g.principal]
    return min(groups, key=lambda g: abs(g.onset - onset)).label if groups and np.isfinite(onset) else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=4243)
    ap.add_argument("--config", choices=("realistic", "default"), default="realistic")
    args = ap.parse_args()
    config = SynthesisConfig.realistic() if args.config == "realistic" else SynthesisConfig()
    rec = load_recognizer(None, device="cpu")
    index = {e: k for k, e in enumerate(rec.elements)}
    tally = {kind: collections.Counter() for kind in ("true", "false")}
    negative_false = collections.Counter()
    rng = np.random.default_rng(args.seed)
    for start in range(0, args.n, 500):
        batch = synthesize_batch(min(500, args.n - start), config, rng)
        truth, pred, _, prediction = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0)
        for i, (t, p) in enumerate(zip(truth, pred)):
            if not p:
                continue
            energy = batch.energy_axis(i)
            data = np.asarray(batch.spectra[i][: energy.size], dtype=float)
            s = exspy.signals.EELSSpectrum(data, axes=[{"axis": energy, "units": "eV", "navigate": False}])
            s.set_microscope_parameters(beam_energy=float(batch.parameters["beam_energy"][i]),
                                        collection_angle=float(batch.parameters["collection_angle"][i]),
                                        convergence_angle=0.0)  # fmt: skip
            onsets = {}
            for element in p:
                label = principal_label(element, prediction.onsets[i, index[element]])
                if label is not None:
                    onsets[label] = float(prediction.onsets[i, index[element]])
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    results = edge_integration.integrate_edges(s, sorted(p), onsets=onsets or None)
                except ValueError:
                    results = {}
            rising = " ".join(str(w.message) for w in caught if "rising part" in str(w.message))
            for element in p:
                kind = "true" if element in t else "false"
                tally[kind]["reported"] += 1
                r = results.get(element)
                if r is None or f"{element} on " in rising:
                    continue
                tally[kind]["clean"] += 1
                sig = float(r.signal)
                (w0, w1), (f0, f1) = r.integration_window, r.fit_window
                used = (energy >= w0) & (energy <= w1)
                sigma = np.sqrt(np.abs(data[used]).sum() + abs(data[used].sum() - sig))
                tally[kind]["<= 0"] += sig <= 0
                tally[kind]["< -2 sd"] += sig < -2 * sigma
                tally[kind]["< +2 sd"] += sig < 2 * sigma
                if kind == "false" and sig <= 0:
                    negative_false[element] += 1
    print(f"bundled model, {args.n} {args.config} spectra, seed {args.seed}, threshold {rec.thresholds[0]:.2f}")
    for kind, c in tally.items():
        clean = max(c["clean"], 1)
        print(f"{kind:5s} reported {c['reported']:5d}, measured cleanly {c['clean']:5d}; of those signal <= 0: "
              f"{c['<= 0']} ({c['<= 0'] / clean:.3f}), < -2 sd: {c['< -2 sd']} ({c['< -2 sd'] / clean:.3f}), "
              f"< +2 sd: {c['< +2 sd']} ({c['< +2 sd'] / clean:.3f})")
    print("false elements with signal <= 0:", dict(negative_false.most_common(15)))


if __name__ == "__main__":
    main()
