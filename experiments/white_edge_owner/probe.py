"""Feasibility probe (diagnostic): would the edge head name 3d metals that the element head misses?

For each spectrum: the bundled decoder's elements (one network pass, no shift search), and, for every 3d metal
whose principal edge has white lines (K-Zn L3) that is observable and not reported, the edge head at the steps
within one step of its tabulated onset: the largest edge probability (1 - "no edge") there, the share of that edge
on the two white-line families (L2,3 and M4,5 with white lines) and the sub-step onset. A "rescue" is counted where
edge >= EDGE, white share >= WHITE, |onset - table| <= TOL eV, no reported element's onset lies within SEP eV, and
no element with an M4,5 white-line principal edge has its tabulated onset within SEP eV (Ba beside Co, Pr beside Cu).
Prints rescues, true or false against the truth.

Usage: python probe.py SET [N] (SET: mnfe, default, realistic, tall, dev)
"""
import sys
import warnings

import numpy as np
import torch

warnings.filterwarnings("ignore")
import logging

logging.getLogger("hyperspy").setLevel(logging.ERROR)

from hyperspy_eels_edgeid.recognizer.inference import normalise, run_network
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.edge_families import FAMILIES

EDGE, WHITE, TOL, SEP = 0.8, 0.7, 6.0, 15.0
r = load_recognizer()
dec = r.decoder
L23W, M45W, NONE = FAMILIES.index("L23_white"), FAMILIES.index("M45_white"), 0
fam = dec.principal_families
metals = [k for k in range(len(r.elements)) if (fam[k] == L23W).any()]
m45w_onsets = dec.principal_table[(fam == M45W)]
steps = r._reader.step_energy
spacing = np.gradient(steps)


def rescues(energy, spectra):
    pred = r.predict(energy, spectra)
    values, mask = r._resampler(energy).resample(spectra.astype(np.float32))
    x = normalise(values, mask, r.grid)
    with torch.inference_mode():
        out = run_network(r.nets[0], torch.from_numpy(x), r.device, r.precision)
    prob = out["family_logits"].softmax(dim=1).float().numpy()
    offset = out["onset_offset"].float().numpy()
    usable = out["usable"].any(dim=1).numpy()
    result = []
    for i in range(spectra.shape[0]):
        reported = [k for k in range(len(r.elements)) if pred.probabilities[i, k] >= r.thresholds[k]]
        rep_onsets = [pred.onsets[i, k] for k in reported]
        found = []
        for k in metals:
            if k in reported or not pred.observable[i, k]:
                continue
            tab = dec.principal_table[k][fam[k] == L23W][0]
            t0 = int(np.argmin(np.abs(steps - tab)))
            ts = [t for t in (t0 - 1, t0, t0 + 1) if 0 <= t < steps.size and usable[i, t]]
            if not ts:
                continue
            edge = np.array([1 - prob[i, NONE, t] for t in ts])
            t = ts[int(edge.argmax())]
            e = edge.max()
            white = (prob[i, L23W, t] + prob[i, M45W, t]) / max(e, 1e-6)
            onset = steps[t] + np.clip(offset[i, t], -1, 1) * spacing[t]
            if e < EDGE or white < WHITE or abs(onset - tab) > TOL:
                continue
            if any(abs(o - onset) <= SEP for o in rep_onsets):
                continue
            if np.any(np.abs(m45w_onsets - onset) <= SEP):
                continue
            found.append((r.elements[k], round(float(e), 2), round(float(white), 2), round(float(onset), 1)))
        result.append(([r.elements[k] for k in reported], found))
    return result


def main():
    which = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    true_r = false_r = 0
    details = []
    if which == "mnfe":
        import exspy

        for seed in range(4):
            s = exspy.data.EELS_MnFe(random_state=seed) if seed else exspy.data.EELS_MnFe()
            e = s.axes_manager[-1].axis
            data = np.vstack([s.data, s.data.sum(0, keepdims=True)])
            for row, (rep, found) in enumerate(rescues(e, data)):
                print(seed, row, rep, found)
        return
    if which == "dev":
        import csv, pathlib

        root = pathlib.Path("../shared/real_spectra_dev")
        for row in csv.DictReader(open(root / "manifest.csv")):
            d = np.loadtxt(root / row["file"], delimiter=",", skiprows=1)
            rep, found = rescues(d[:, 0], d[None, :, 1])[0]
            truth = set(row["all_elements"].split(";"))
            if found:
                print(row["id"], sorted(truth), rep, found)
            true_r += sum(f[0] in truth for f in found)
            false_r += sum(f[0] not in truth for f in found)
        print(f"dev: rescues true {true_r} false {false_r}")
        return
    from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch

    if which == "tall":
        from hyperspy_eels_edgeid.data import synthetic_eels
        from hyperspy_eels_edgeid.edges import major_subshell_onsets

        for metal in ("Ca", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu"):
            l3 = min(o for o in major_subshell_onsets(metal) if o > 300.0)
            exact_before = exact_after = 0
            for seed in range(200, 220):
                s = synthetic_eels([metal, "O"], energy_axis=(min(l3, 532) - 60.0, 0.25, 2000), random_state=seed,
                                   tall_white_line_probability=1.0)
                rep, found = rescues(s.axes_manager[-1].axis, s.data[None])[0]
                after = set(rep) | {f[0] for f in found}
                exact_before += set(rep) == {metal, "O"}
                exact_after += after == {metal, "O"}
                true_r += sum(f[0] == metal for f in found)
                false_r += sum(f[0] != metal for f in found)
            print(metal, "exact", exact_before, "->", exact_after, "of 20")
        print(f"tall: rescues true {true_r} false {false_r}")
        return
    config = SynthesisConfig.realistic() if which == "realistic" else SynthesisConfig()
    batch = synthesize_batch(n, config, np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3 else 777))
    par = batch.parameters
    for i in range(n):
        nc = int(par["n_channels"][i])
        e = par["offset"][i] + par["dispersion"][i] * np.arange(nc)
        spec = batch.spectra[i, :nc]
        rep, found = rescues(e, spec[None])[0]
        rows = batch.edges[(batch.edges["spectrum"] == i)]
        truth = {str(x) for x in rows["element"]}
        true_r += sum(f[0] in truth for f in found)
        false_r += sum(f[0] not in truth for f in found)
        if found:
            details.append((i, sorted(truth), rep, found))
    for d in details:
        print(*d)
    print(f"{which} {n}: rescues true {true_r} false {false_r}")


main()
