"""Would the pooled spectrum also tell the false elements shown strongly in a few pixels? (diagnostic)

For the elements `identify_edges` (with the pooled check) writes into small synthetic maps that the check leaves
alone because their pixels are worth 1.9 or more, shown in at most `--most` pixels: the pooled spectrum of those
pixels read as the check reads it (the map's searched axis shift, spikes removed), and whether it reaches the
threshold. Prints the true and false elements that such a check would keep. Decides nothing.

Usage: python experiments/two_pixels_worth/strong_few.py --seeds 17000 17160 [--most 6] [--realistic]
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy.blocks import prepare_spectra
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs=2, default=[17000, 17160])
    ap.add_argument("--most", type=int, default=6)
    ap.add_argument("--realistic", action="store_true")
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    rec = load_recognizer(device="cpu")
    base = SynthesisConfig.realistic() if a.realistic else SynthesisConfig()
    config = base.replace(candidate_elements=PRIOR_TIERS["common"])
    kept = {True: [0, 0], False: [0, 0]}  # true/false -> [looked at, kept]
    for seed in range(*a.seeds):
        s = synthetic_eels(navigation_shape=(8, 8), random_state=seed, config=config)
        truth = set(s.metadata.Truth.elements)
        p = s.identify_edges(show_progressbar=False)
        energy = s.axes_manager.signal_axes[0].axis + float(p.metadata.EdgeID.axis_shift)
        thresholds = np.asarray(p.metadata.EdgeID.thresholds, dtype=float)
        data = np.asarray(p.data).reshape(-1, p.data.shape[-1])
        spectra = np.asarray(s.data, dtype=np.float64).reshape(-1, s.data.shape[-1])
        for el in s.metadata.Sample.elements:
            k = p.elements.index(el)
            shows = np.flatnonzero(data[:, k] >= thresholds[k])
            if shows.size > a.most or data[shows, k].sum() < 1.9:
                continue
            pooled = prepare_spectra(energy, spectra[shows].sum(axis=0)[None].astype(np.float32), "mask", True)
            prob = float(rec.predict(energy, pooled, thresholds=thresholds).probabilities[0, k])
            ok = el in truth
            kept[ok][0] += 1
            kept[ok][1] += prob >= thresholds[k]
            print(f"seed {seed} {el:2s} {'true ' if ok else 'FALSE'} n={shows.size} pooled={prob:.2f}", flush=True)
    print(f"true: {kept[True][1]} of {kept[True][0]} kept; false: {kept[False][1]} of {kept[False][0]} kept")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
