"""Would knowing each spectrum's true axis shift and stretch help the decoder? (a diagnostic, an oracle)

The default benchmark shifts each axis by up to +-15 eV and stretches it by up to +-1.5 %; the decoder matches the
network's detected onsets to exspy's table and judges the window ends by the table's onset. This decides the same
network evidence again after mapping the detected onsets (and, in the second row, the window's ends) back onto
the true axis with the shift and stretch the synthesizer drew: an upper bound of what self-calibration of the
axis from the spectrum's own edges could give. The spectra, truths and "don't care" labels are those of
``workflows.protocols.synthetic_evidence`` (the same random stream and chunks of 250).

Usage: python experiments/ambiguity_ceiling/oracle_calibration.py MODEL N SEED default|realistic
"""

import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import MIN_PSNR, predict_batch


def main() -> None:
    model, n, seed, name = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rec = load_recognizer(model, device="cpu")
    config = SynthesisConfig.realistic() if name == "realistic" else SynthesisConfig()
    rng = np.random.default_rng(seed)
    evidence, truths, weak, shift, stretch = [], [], [], [], []
    for start in range(0, n, 250):
        batch = synthesize_batch(min(250, n - start), config, rng)
        t, _, _, raw = predict_batch(rec, batch, np.float32(2.0), min_psnr=MIN_PSNR)  # 2.0: report nothing
        evidence.append(raw.evidence)
        truths += t
        labels = batch.edges[batch.edges["is_label"] & (batch.edges["psnr"] < MIN_PSNR)]
        weak += [{str(e) for e in labels["element"][labels["spectrum"] == i]} for i in range(len(batch))]
        shift.append(batch.parameters["shift"])
        stretch.append(1.0 + batch.parameters["expansion"])
    ev = {k: np.concatenate([e[k] for e in evidence]) for k in evidence[0]}
    shift, stretch = np.concatenate(shift), np.concatenate(stretch)

    def score(e):
        pred = [set(x) for x in rec.decide(e).detected(rec.thresholds)]
        return {k: round(v, 4) for k, v in set_metrics(truths, pred, weak).items() if isinstance(v, float)}

    print("base", score(ev))
    onsets = {**ev, "onsets": (ev["onsets"] - shift[:, None]) / stretch[:, None]}
    print("onsets only", score(onsets))
    ends = {k: (ev[k] - shift) / stretch for k in ("window_start", "window_end")}
    print("onsets+window", score({**onsets, **ends}))


if __name__ == "__main__":
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        main()
