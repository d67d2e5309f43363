"""Would knowing each spectrum's true axis shift and stretch help the decoder? (a diagnostic, an oracle)

The default benchmark shifts each axis by up to +-15 eV and stretches it by up to +-1.5 %; the decoder matches the
network's detected onsets to exspy's table and judges the window ends by the table's onset. This decides the same
network evidence again after mapping the detected onsets (and, in the second row, the window's ends) back onto
the true axis with the shift and stretch the synthesizer drew: an upper bound of what self-calibration of the
axis from the spectrum's own edges could give.

Usage: python experiments/ambiguity_ceiling/oracle_calibration.py MODEL N SEED default|realistic
"""
import sys, warnings
warnings.filterwarnings("ignore")
import numpy as np
from hyperspy_eels_edgeid.recognizer.inference import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import MIN_PSNR, predict_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
model, n, seed, cfgname = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rec = load_recognizer(model, device="cpu")
cfg = SynthesisConfig.realistic() if cfgname == "realistic" else SynthesisConfig()
rng = np.random.default_rng(seed)
evs, truths, weak, shifts, exps = [], [], [], [], []
for start in range(0, n, 250):
    batch = synthesize_batch(min(250, n - start), cfg, rng)
    t, _, _, raw = predict_batch(rec, batch, np.float32(2.0), min_psnr=MIN_PSNR)  # as synthetic_evidence
    evs.append(raw.evidence); truths += t
    lab = batch.edges[batch.edges["is_label"] & (batch.edges["psnr"] < 3)]
    weak += [{str(e) for e in lab["element"][lab["spectrum"] == i]} for i in range(len(batch))]
    shifts.append(batch.parameters["shift"]); exps.append(batch.parameters["expansion"])
ev = {k: np.concatenate([e[k] for e in evs]) for k in evs[0]}
shift = np.concatenate(shifts); stretch = 1 + np.concatenate(exps)
def score(e):
    p = rec.decide(e)
    pred = [set(x) for x in p.detected(rec.thresholds)]
    return set_metrics(truths, pred, weak)
print("base", {k: round(v, 4) for k, v in score(ev).items() if isinstance(v, float)})
for name, mode in [("onsets only", 1), ("onsets+window", 2)]:
    e = dict(ev)
    e["onsets"] = (ev["onsets"] - shift[:, None]) / stretch[:, None]
    if mode == 2:
        e["window_start"] = (ev["window_start"] - shift) / stretch
        e["window_end"] = (ev["window_end"] - shift) / stretch
    print(name, {k: round(v, 4) for k, v in score(e).items() if isinstance(v, float)})
