"""Per written element of synthetic spectrum images: pooled statistics for a confirmation rule (diagnostic).

For every element `identify_edges` writes into `Sample.elements` (bundled model, defaults), the spectra of the
pixels showing it are summed and read by the recognizer: its decoded probability (prior, shape, companion
terms, one element per edge: 0 when another element explains its edge), its probability when it is the only
candidate (the same terms, no competition for the edge), and the network's own probability; also the share and
number of pixels showing it and their median probability. One JSON line per written element, with whether it
is true. Images: `experiments/spectrum_images/measure.py`'s (`--seeds`, `--shape`) or the map twins
(`--twins`, as `experiments/spectrum_images/pooled.py`).

Usage: python experiments/pooled_v2/stats.py --seeds 1000 1040 --shape 8 8 > out.jsonl
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "spectrum_images"))
from pooled import add_image_arguments, images  # noqa: E402  (../spectrum_images/pooled.py's)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_image_arguments(ap, (1000, 1040))
    ap.add_argument("--model", default=None)
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    rec = load_recognizer(a.model, device="cpu")
    for name, truth, s in images(a):
        result = s.identify_edges(weights=a.model, show_progressbar=False)
        if not a.twins:
            truth -= set(result.summary().not_observable)
        written = list(s.metadata.Sample.elements) if s.metadata.has_item("Sample.elements") else []
        probabilities = np.asarray(result.data)
        thresholds = np.asarray(result.metadata.EdgeID.thresholds, dtype=float)
        spectra = np.asarray(s.data, dtype=float)
        axis = s.axes_manager.signal_axes[0].axis
        pixels = probabilities.shape[:-1]
        n_pixels = int(np.prod(pixels))
        print(json.dumps({"image": name, "truth": sorted(truth), "written": sorted(written),
                          "n_pixels": n_pixels}), flush=True)
        for element in written:
            k = result.elements.index(element)
            kr = rec.elements.index(element)
            shows = probabilities[..., k] >= thresholds[k]
            pooled = spectra[shows].sum(axis=0)
            pred = rec.predict(axis, pooled[None])
            alone = np.zeros(len(rec.elements), bool)
            alone[kr] = True
            solo = rec.decide(pred.evidence, candidates=alone)
            explained = int(pred.explained_by[0, kr])
            row = {
                "image": name, "element": element, "true": element in truth,
                "n_show": int(shows.sum()), "share": float(shows.mean()),
                "median_p": float(np.median(probabilities[..., k][shows])),
                "pooled_decoded": float(pred.probabilities[0, kr]),
                "pooled_alone": float(solo.probabilities[0, kr]),
                "pooled_network": float(pred.network_probabilities[0, kr]),
                "explained_by": rec.elements[explained] if explained >= 0 else None,
                "threshold": float(thresholds[k]),
            }
            print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
