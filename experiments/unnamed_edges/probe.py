"""Edges the edge head sees that no reported element explains: real edges or false alarms? (diagnostic)

Would a list of "edges seen, no element named" tell a user something true? For synthetic spectra read by the
single-spectrum ensemble *E3* on the axis as given (one network pass, no shift search; the bundled threshold),
each network's edge-head outputs are kept (`run_network` wrapped) and averaged as the ensemble averages its evidence.
An **edge seen** is a measured step where the edge head's probability of "an edge starts here" (1 - P(no edge))
reaches TAU and is not below its measured neighbours'; its onset is the step's energy plus the head's offset. It is
**explained** when a reported element has an edge (any subshell group of exspy's table, `EvidenceReader.edge_onset`),
moved by that element's onset residual, within one network step of it. Each unexplained edge is then:
- **real**: within one step of an edge (any group, PSNR >= 3) of an element in the spectrum's truth,
- **other real**: otherwise within one step of an edge (PSNR >= 3) of any element the spectrum holds (one whose
  principal edge lies outside the window, a weak label's stronger secondary edge ...), or
- **false alarm**: otherwise (near-edge structure, noise, artefacts);
and for every missed label (truth, PSNR >= 3, not reported) whether an unexplained edge lies within a step of its
principal onset (**covered**).

    OMP_NUM_THREADS=1 python -W ignore experiments/unnamed_edges/probe.py --n 1000 --seed 64800 [--realistic]
"""

import argparse
from collections import Counter

import numpy as np
import torch

import hyperspy_eels_edgeid.recognizer.inference as inference
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import default_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

TAUS = (0.5, 0.7, 0.9)
MIN_PSNR = 3.0

torch.set_num_threads(1)
parser = argparse.ArgumentParser()
parser.add_argument("--n", type=int, default=1000)
parser.add_argument("--seed", type=int, default=64800)
parser.add_argument("--realistic", action="store_true")
args = parser.parse_args()
root = default_weights_dir()
rec = load_recognizer([root, root / "branching", root / "thick"], device="cpu")
reader = rec._reader
step_energy, spacing = reader.step_energy, reader.spacing
captured = []
run_network = inference.run_network


def capturing(net, x, device, precision):
    out = run_network(net, x, device, precision)
    captured.append({
        "edge": 1.0 - out["family_logits"].softmax(dim=1)[:, 0].float().numpy(),  # (N, T)
        "family": out["family_logits"].softmax(dim=1).float().numpy(),  # (N, F, T)
        "offset": out["onset_offset"].float().numpy(),
        "measured": out["usable"].any(dim=1).numpy(),
    })
    return out


inference.run_network = capturing
config = SynthesisConfig.realistic() if args.realistic else SynthesisConfig()
counts = {tau: Counter() for tau in TAUS}
families = {tau: Counter() for tau in TAUS}
chunk = inference.CPU_BATCH  # one network call per member: the captured rows are the batch's, in order
for start in range(0, args.n, chunk):
    batch = synthesize_batch(min(chunk, args.n - start), config, rng=[args.seed, start])
    captured.clear()
    truth, predicted, _, pred = predict_batch(rec, batch, rec.thresholds, min_psnr=MIN_PSNR)
    assert len(captured) == len(rec.nets)
    edge = np.mean([c["edge"] for c in captured], axis=0)
    family = np.mean([c["family"] for c in captured], axis=0)
    offset = np.mean([c["offset"] for c in captured], axis=0)
    measured = captured[0]["measured"]
    residual = rec.decoder.residuals(np.nan_to_num(pred.onsets))
    for i in range(len(batch)):
        reported = [rec.elements.index(e) for e in predicted[i]]
        expected = np.concatenate([reader.edge_onset[k] + residual[i, k] for k in reported] + [np.zeros(0)])
        expected = expected[np.isfinite(expected)]
        rows = batch.edges[(batch.edges["spectrum"] == i) & (batch.edges["psnr"] >= MIN_PSNR)]
        truth_onsets = rows["onset"][np.isin(rows["element"], list(truth[i]))]
        any_onsets = rows["onset"]
        e, m = edge[i], measured[i]
        left, right = np.r_[-1.0, e[:-1]], np.r_[e[1:], -1.0]
        for tau in TAUS:
            c = counts[tau]
            c["spectra"] += 1
            peaks = np.flatnonzero(m & (e >= tau) & (e >= np.where(np.r_[False, m[:-1]], left, -1.0))
                                   & (e >= np.where(np.r_[m[1:], False], right, -1.0)))  # fmt: skip
            unexplained = []
            for t in peaks:
                x = step_energy[t] + np.clip(offset[i, t], -1.0, 1.0) * spacing[t]
                c["seen"] += 1
                if expected.size and np.min(np.abs(expected - x)) <= spacing[t]:
                    continue
                unexplained.append(x)
                real = truth_onsets.size and np.min(np.abs(truth_onsets - x)) <= spacing[t]
                other = any_onsets.size and np.min(np.abs(any_onsets - x)) <= spacing[t]
                c["real" if real else "other real" if other else "false alarm"] += 1
                if not (real or other):
                    families[tau][int(family[i, 1:, t].argmax()) + 1] += 1
            c["spectra with a false alarm"] += any(
                not (any_onsets.size and np.min(np.abs(any_onsets - x)) <= np.interp(x, step_energy, spacing))
                for x in unexplained
            )
            labels = batch.edges[(batch.edges["spectrum"] == i) & batch.edges["is_label"]]
            for element in truth[i] - predicted[i]:
                c["missed"] += 1
                onset = labels["onset"][labels["element"] == element]
                width = np.interp(onset, step_energy, spacing)
                near = np.abs(np.subtract.outer(onset, unexplained)) <= width[:, None] if unexplained else False
                c["covered"] += bool(np.any(near))
    print(f"{start + len(batch)} spectra", flush=True)
from hyperspy_eels_edgeid.recognizer.edge_families import FAMILIES  # noqa: E402

kind = "realistic()" if args.realistic else "default"
print(f"\n{kind}, {args.n} spectra, seed {args.seed}, E3 on the axis as given, threshold {rec.thresholds[0]:.2f}")
for tau in TAUS:
    c = counts[tau]
    print(f"TAU {tau}: edges seen {c['seen']}, unexplained {c['real'] + c['other real'] + c['false alarm']} (real "
          f"{c['real']}, other real {c['other real']}, false alarms {c['false alarm']}: "
          f"{c['false alarm'] / c['spectra']:.3f} per spectrum, in "
          f"{c['spectra with a false alarm']} spectra); missed labels {c['missed']}, covered {c['covered']}")
    print("   false alarms by family:", {FAMILIES[f]: n for f, n in families[tau].most_common()})
