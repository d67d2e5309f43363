"""Why the decoder declines labels that lie inside the window (a diagnostic for README's oracle section).

For the scored labels (PSNR >= 3) of the default spectra whose *recorded* onset lies outside the window-end zones
(15 eV after the start, 30 eV before the end) but which the decoder marks not observable: is the table's onset,
which the window-end rule judges, in a zone (the axis shift moved the edge out of it)?

Usage: python experiments/ambiguity_ceiling/not_observable.py [N] [SEED]
"""

import collections
import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.edges import edge_groups_of
from hyperspy_eels_edgeid.recognizer.decoder_settings import DecoderSettings
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import MIN_PSNR, predict_batch


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20261202
    pre, post = DecoderSettings.pre_edge_ev, DecoderSettings.post_edge_ev
    rec = load_recognizer(None, device="cpu")
    rng = np.random.default_rng(seed)
    why = collections.Counter()
    for start in range(0, n, 250):
        batch = synthesize_batch(min(250, n - start), SynthesisConfig(), rng)
        truth, _, _, raw = predict_batch(rec, batch, rec.thresholds, min_psnr=MIN_PSNR)
        p = batch.parameters
        for i in range(len(batch)):
            lo = float(p["offset"][i])
            hi = float(p["offset"][i] + p["dispersion"][i] * (p["n_channels"][i] - 1))
            rows = batch.edges[(batch.edges["spectrum"] == i) & batch.edges["is_label"]]
            for x in truth[i]:
                onset = float(rows["onset"][rows["element"] == x][0])
                if not lo + pre <= onset <= hi - post or raw.observable[i, rec.elements.index(x)]:
                    continue
                table = min((g.onset for g in edge_groups_of(x) if g.principal and g.major), key=lambda e: abs(e - onset))
                why["table's onset < start + %g eV" % pre if table < lo + pre else
                    "table's onset > end - %g eV" % post if table > hi - post else "other"] += 1  # fmt: skip
    print(f"{n} default spectra, seed {seed}: labels inside the window by their recorded onset, not observable:",
          sum(why.values()), dict(why))


if __name__ == "__main__":
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        main()
