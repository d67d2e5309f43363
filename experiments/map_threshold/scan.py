"""Elements written into `Sample.elements` of synthetic spectrum images at several decision thresholds (diagnostic).

Each image (`../spectrum_images/pooled.py`'s: `measure.py`'s kind, or the map twins with `--twins`)
is read by `identify_edges(threshold=t)` for every t of `--thresholds` (None: the model's own); per threshold
the true and false elements written are tallied (true elements the model cannot judge in the window are left
out, as in measure.py; for the twins every named element is true).

Usage: python experiments/map_threshold/scan.py --seeds 1000 1040 --shape 8 8 --thresholds 0.35 0.5 0.6 0.7
       python experiments/map_threshold/scan.py --twins --seeds 0 20 --thresholds ...
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import sys
import warnings

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "spectrum_images"))
from pooled import add_image_arguments, images  # noqa: E402  (../spectrum_images/pooled.py's)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_image_arguments(ap, (1000, 1040))
    ap.add_argument("--model", default=None)
    ap.add_argument("--thresholds", type=float, nargs="+", default=[0.35, 0.5, 0.6, 0.7])
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    tally = {t: collections.Counter() for t in a.thresholds}
    false = {t: collections.Counter() for t in a.thresholds}
    for name, truth, s in images(a):
        line = []
        for t in a.thresholds:
            result = s.identify_edges(weights=a.model, threshold=t, show_progressbar=False)
            seen = truth if a.twins else truth - set(result.summary().not_observable)
            got = set(s.metadata.Sample.elements) if s.metadata.has_item("Sample.elements") else set()
            tally[t].update(true=len(seen & got), n_true=len(seen), false=len(got - seen), exact=got == seen)
            false[t].update(sorted(got - seen))
            line.append(f"{t}: +{sorted(got - seen)} -{sorted(seen - got)}")
        print(f"{name}: truth {sorted(truth)} | " + " | ".join(line), flush=True)
    for t in a.thresholds:
        c = tally[t]
        print(f"threshold {t}: true written {c['true']} of {c['n_true']}, false {c['false']}, exact {c['exact']}; "
              f"false: {dict(false[t].most_common(8))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
