"""Elements written from synthetic spectrum images when at least two or at least three pixels must show them (diagnostic).

Each image (`../spectrum_images/measure.py`'s, or the map twins with `--twins`; `../spectrum_images/pooled.py`'s
images) is read once by `identify_edges()` (defaults: the bundled model, its threshold, 2 % of the pixels); the
pixel rule is then applied with its fewest showing pixels set to 2 (today's, checked against `Sample.elements`)
and to 3: an element is written when at least max(2 %, k / valid pixels) of the valid pixels show it. True
elements the model cannot judge in the window are left out, as in measure.py.

Usage: python experiments/three_pixels/scan.py --seeds 9000 9080 --shape 8 8
       python experiments/three_pixels/scan.py --twins --seeds 40 60
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
    add_image_arguments(ap, (9000, 9080))
    ap.add_argument("--model", default=None)
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    tally = {k: collections.Counter() for k in (2, 3)}
    false = {k: collections.Counter() for k in (2, 3)}
    for name, truth, s in images(a):
        result = s.identify_edges(weights=a.model, show_progressbar=False)
        seen = truth if a.twins else truth - set(result.summary().not_observable)
        fractions, _, n_valid, _ = result._statistics(None)
        written = set(s.metadata.Sample.elements) if s.metadata.has_item("Sample.elements") else set()
        line = []
        for k in (2, 3):
            minimum = max(0.02, min(k, n_valid) / max(n_valid, 1))
            got = {e for e, f in zip(result.elements, fractions) if f >= minimum - 1e-12}
            if k == 2 and got != written:
                raise RuntimeError(f"{name}: the rule with two pixels gives {sorted(got)}, identify_edges {sorted(written)}")
            tally[k].update(true=len(seen & got), n_true=len(seen), false=len(got - seen), exact=got == seen)
            false[k].update(sorted(got - seen))
            line.append(f"{k} px: +{sorted(got - seen)} -{sorted(seen - got)}")
        counts = {e: int(round(f * n_valid)) for e, f in zip(result.elements, fractions) if f > 0 and e in written}
        print(f"{name}: truth {sorted(truth)} | " + " | ".join(line) + f" | pixels {counts}", flush=True)
    for k in (2, 3):
        c = tally[k]
        print(f"at least {k} pixels: true written {c['true']} of {c['n_true']}, false {c['false']}, exact {c['exact']}; "
              f"false: {dict(false[k].most_common(8))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
