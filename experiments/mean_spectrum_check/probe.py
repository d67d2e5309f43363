"""Each element a spectrum image writes, against its mean spectrum read as a single spectrum (diagnostic).

For every image: `identify_edges` defaults (stage 20 per pixel, the pixel rule, the pooled and local checks); then
the image's mean spectrum read by `identify_edges` as a single spectrum (the ensemble E3, its shift search and
ratio check). One JSON line per written element: image, element, whether it is true, its pixel fraction, whether
the mean spectrum's reading reports it and with what probability.

Usage: python experiments/mean_spectrum_check/probe.py OUT.jsonl --seeds 35000 35080 [--shape 8 8 | --shape 32]
       [--realistic | --twins]
"""

from __future__ import annotations

import argparse
import json
import logging
import pathlib
import sys
import warnings

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "spectrum_images"))
from pooled import add_image_arguments, images  # noqa: E402  (../spectrum_images/pooled.py's)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    add_image_arguments(ap, (35000, 35080))
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    with open(a.out, "w") as out:
        for name, truth, s in images(a):
            result = s.identify_edges(show_progressbar=False)
            table = result.summary()
            truth -= set(table.not_observable)
            mean = s.mean(s.axes_manager.navigation_axes)
            read = mean.identify_edges(add_elements=False, show_progressbar=False)
            p = read.probabilities
            for row in table:
                k = p.metadata.EdgeID.elements.index(row.element)
                line = dict(image=name, element=row.element, true=row.element in truth, fraction=row.pixel_fraction,
                            mean_reports=row.element in read.elements, mean_p=float(p.data[k]))
                out.write(json.dumps(line) + "\n")
            missed = sorted(truth - set(table.elements))
            out.write(json.dumps(dict(image=name, missed=missed)) + "\n")
            out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
