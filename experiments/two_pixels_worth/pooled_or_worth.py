"""Would the pooled spectrum of its pixels keep the true elements two pixels' worth loses? (diagnostic)

For every element `identify_edges` writes into a synthetic spectrum image (bundled model, defaults): the summed
probability of the pixels showing it (rule 3's test: at least 1.9 where the share asks for fewer than three
pixels) and the decoded probability of the pooled spectrum of those pixels (`../pooled_v2/stats.py`'s
confirmation: read by the recognizer on the image's axis, one element per edge). Then the true and false elements
kept by: now, rule 3, the pooled test, and "rule 3 or the pooled test". Decides nothing.

Usage: python experiments/two_pixels_worth/pooled_or_worth.py --seeds 16700 16740 --realistic
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "spectrum_images"))
from pooled import add_image_arguments, images  # noqa: E402  (../spectrum_images/pooled.py's)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_image_arguments(ap, (16700, 16740))
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    rec = load_recognizer(None, device="cpu")
    rows = []
    for name, truth, s in images(a):
        result = s.identify_edges(show_progressbar=False)
        truth -= set(result.summary().not_observable)
        written = list(s.metadata.Sample.elements)
        probabilities = np.asarray(result.data)
        thresholds = np.asarray(result.metadata.EdgeID.thresholds, dtype=float)
        spectra = np.asarray(s.data, dtype=float)
        axis = s.axes_manager.signal_axes[0].axis
        n_pixels = int(np.prod(probabilities.shape[:-1]))
        for element in written:
            k, kr = result.elements.index(element), rec.elements.index(element)
            shows = probabilities[..., k] >= thresholds[k]
            pred = rec.predict(axis, spectra[shows].sum(axis=0)[None])
            row = dict(image=name, element=element, true=element in truth, n=int(shows.sum()),
                       total=float(probabilities[..., k][shows].sum()), pooled=float(pred.probabilities[0, kr]),
                       floor=0.02 * n_pixels < 3, threshold=float(thresholds[k]))
            rows.append(row)
            print(f"{name} {element:2s} {'true ' if row['true'] else 'FALSE'} n={row['n']:2d} sum={row['total']:.2f} "
                  f"pooled={row['pooled']:.2f}", flush=True)
    worth = lambda r: not r["floor"] or r["total"] >= 1.9  # noqa: E731
    pooled = lambda r: r["pooled"] >= r["threshold"]  # noqa: E731
    rules = {"now": lambda r: True, "rule 3 (worth)": worth, "pooled": pooled,
             "worth or pooled": lambda r: worth(r) or pooled(r), "worth and pooled": lambda r: worth(r) and pooled(r)}
    n_true = sum(r["true"] for r in rows)
    print(f"written: {n_true} true, {len(rows) - n_true} false")
    for name, rule in rules.items():
        kept = [r for r in rows if rule(r)]
        t = sum(r["true"] for r in kept)
        print(f"{name:18s} true kept {t} (lost {n_true - t}), false kept {len(kept) - t}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
