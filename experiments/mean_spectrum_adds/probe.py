"""Elements a map's mean spectrum shows that no pixel rule writes: true ones missed, or false ones? (diagnostic)

For every image: ``identify_edges`` defaults (stage 20 per pixel, the pixel rule and the checks); then the image's
mean spectrum read as ``identify_edges`` reads a single spectrum (*E3*, its shift search and checks). Counted: the
elements the mean spectrum reports that the map does not write, true (a missed element the mean would add) or false
(one it would add wrongly), with the mean's probability; and the map's missed elements the mean does not report.

Usage: python experiments/mean_spectrum_adds/probe.py --seeds A B [--shape 8 8 | --shape 32] [--realistic | --twins]
"""

from __future__ import annotations

import argparse
import logging
import pathlib
import sys
import warnings

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "spectrum_images"))
from pooled import add_image_arguments, images  # noqa: E402  (../spectrum_images/pooled.py's)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_image_arguments(ap, (35000, 35080))
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    n_true_add = n_false_add = n_missed = n_images = 0
    for name, truth, s in images(a):
        n_images += 1
        table = s.identify_edges(show_progressbar=False).summary()
        truth -= set(table.not_observable)
        written = set(table.elements)
        mean = s.mean(s.axes_manager.navigation_axes)
        read = mean.identify_edges(add_elements=False, show_progressbar=False)
        p = read.probabilities
        adds = sorted(set(read.elements) - written)
        probs = {e: round(float(p.data[p.metadata.EdgeID.elements.index(e)]), 2) for e in adds}
        true_adds = [e for e in adds if e in truth]
        false_adds = [e for e in adds if e not in truth]
        missed = sorted(truth - written)
        n_true_add += len(true_adds)
        n_false_add += len(false_adds)
        n_missed += len(missed)
        print(f"{name}: truth {sorted(truth)} written {sorted(written)} missed {missed} mean adds true {true_adds} "
              f"false {false_adds} {probs}", flush=True)
    print(f"{n_images} images: missed {n_missed}; the mean spectrum would add {n_true_add} of them and {n_false_add} "
          "false elements")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
