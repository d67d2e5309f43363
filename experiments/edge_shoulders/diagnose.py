"""Are false elements read from the shoulder of another element's edge in the next network step? (diagnostic)

Seen on synthetic twins of issue 14's Ti/O maps (400-650 eV): In (M5 443 eV) reported beside Ti (L3 456 eV) with
its detected onset about 5 eV below Ti's, where the spectra show nothing but Ti's rising edge. An element's onset
comes from the edge-head step with the most edge probability among its best step and the two beside it
(`recognizer/evidence.py`): an element whose table puts its edge one step below (or above) a strong edge can take
its onset from the step next to that edge's, and the decoder's one-element-per-edge rule (onsets within 3 eV) then
sees two edges.

For every element the bundled decoder reports (stage 20, `identify_edges`'s decision without the axis search, on
the recorded axis), this records its pick step (the edge-head step its onset came from) and whether it is a
*shoulder*: another reported element's pick step is adjacent, has more edge probability, and the element's own
pick step is not a local maximum of the edge probability over the steps. Counted: true and false elements that are
shoulders. Nothing in the package is changed; the network runs once per spectrum.

Usage: python experiments/edge_shoulders/diagnose.py [--n 3000] [--seed 20261202] [--twins 100]
"""

from __future__ import annotations

import argparse
import collections
import warnings

import numpy as np

from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels
from hyperspy_eels_edgeid.recognizer import evidence as evidence_module
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.prediction import EdgePrediction
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

_read = evidence_module.EvidenceReader.read
_onsets = evidence_module.EvidenceReader._edge_head_onsets


def _picking_onsets(self, probability, offset, best):
    """`_edge_head_onsets`, keeping the step each onset came from and the edge probability of every step."""
    rows = np.arange(best.shape[0])[:, None, None]
    last = probability.shape[2] - 1
    steps = np.stack([np.clip(best + d, 0, last) for d in (-1, 0, 1)], axis=-1)
    edge = 1.0 - probability[:, 0, :]
    self._pick = np.take_along_axis(steps, edge[rows, steps].argmax(axis=-1)[..., None], -1)[..., 0]
    self._edge = edge
    return _onsets(self, probability, offset, best)


def _reading(self, out, edge_support=False):
    evidence = _read(self, out, edge_support)
    evidence["pick"] = self._pick.astype(np.float32)
    evidence["edge_probability"] = self._edge.astype(np.float32)
    return evidence


evidence_module.EvidenceReader._edge_head_onsets = _picking_onsets
evidence_module.EvidenceReader.read = _reading


def shoulders(prediction, thresholds, residuals) -> np.ndarray:
    """(N, K) float: for reported elements whose pick step is the lesser neighbour of another reported one's, the
    difference of the two elements' onset residuals (detected less tabulated onset, eV); NaN for the others."""
    reported = prediction.probabilities >= thresholds[None, :]
    pick = prediction.evidence["pick"].astype(int)
    edge = prediction.evidence["edge_probability"]
    n, k = reported.shape
    out = np.full((n, k), np.nan)
    last = edge.shape[1] - 1
    for i, kk in zip(*np.nonzero(reported)):
        p = pick[i, kk]
        local_max = edge[i, p] >= max(edge[i, max(p - 1, 0)], edge[i, min(p + 1, last)])
        if local_max:
            continue
        for j in np.flatnonzero(reported[i]):
            if j != kk and abs(pick[i, j] - p) == 1 and edge[i, pick[i, j]] > edge[i, p]:
                out[i, kk] = residuals[i, kk] - residuals[i, j]
                break
    return out


def tally(name, truths, prediction, thresholds, elements, decoder) -> None:
    residuals = decoder.residuals(np.nan_to_num(prediction.evidence["onsets"]))
    difference = shoulders(prediction, thresholds, residuals)
    flag = np.isfinite(difference)
    for label, keep in (("true", True), ("false", False)):
        values = [abs(difference[i, kk]) for i, t in enumerate(truths) for kk in np.flatnonzero(flag[i])
                  if (elements[kk] in t) == keep]
        print(f"  {label} shoulders, |residual difference| quartiles (eV):",
              np.percentile(values, [10, 25, 50, 75, 90]).round(1) if values else "-")
    reported = prediction.probabilities >= thresholds[None, :]
    true_s, false_s, true_all, false_all = collections.Counter(), collections.Counter(), 0, 0
    for i, truth in enumerate(truths):
        for kk in np.flatnonzero(reported[i]):
            e = elements[kk]
            if e in truth:
                true_all += 1
                if flag[i, kk]:
                    true_s[e] += 1
            else:
                false_all += 1
                if flag[i, kk]:
                    false_s[e] += 1
    print(f"{name}: reported true {true_all}, of them shoulders {sum(true_s.values())} {dict(true_s.most_common(12))}; "
          f"reported false {false_all}, of them shoulders {sum(false_s.values())} {dict(false_s.most_common(12))}",
          flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--twins", type=int, default=100, help="Ti/O map twins (seeds 0..N-1), their pixels pooled")
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    rec = load_recognizer(device="cpu")
    elements = list(rec.elements)
    thresholds = np.asarray(rec.decoder.thresholds)
    for name, config in (("default", SynthesisConfig()), ("realistic()", SynthesisConfig.realistic())):
        batch = synthesize_batch(a.n, config, np.random.default_rng(a.seed))
        truths, _, _, prediction = predict_batch(rec, batch, thresholds, min_psnr=3.0)
        tally(f"{name}, {a.n} spectra, seed {a.seed}", truths, prediction, thresholds, elements, rec.decoder)
    truths, preds = [], []
    for seed in range(a.twins):
        s = synthetic_eels(["Ti", "O"], navigation_shape=(6, 6), energy_axis=(400.0, 0.25, 1000), random_state=seed)
        x = s.axes_manager[-1].axis
        preds.append(rec.predict(x, s.data.reshape(-1, x.size)))
        truths += [{"Ti", "O"}] * 36
    tally(f"Ti/O twins, {a.twins} maps of 36 pixels", truths, EdgePrediction.concatenate(preds), thresholds, elements,
          rec.decoder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
