"""Every element a small map writes, confirmed on its pixels' summed spectrum by the same model or by another seed
(diagnostic).

`identify_edges` checks the weak elements of a small map on the summed spectrum of the pixels that show them
(`hyperspy/pooled_check.py`). Here that check is widened to every written element (its pixels worth any
probability), and the summed spectrum is read either by the model that read the map (``--reader self``) or by a
second model (``--reader DIR``, e.g. another seed of the same recipe, whose false elements fall elsewhere:
`../tall_from_stage19/outcome.md`). The maps are `../spectrum_images/measure.py`'s (its counts, printed as there).
Nothing in the package changes; the widening is made by replacing two names for this process only.

Usage: python experiments/cross_confirmation/measure.py --model DIR --reader self|DIR --seeds 22000 22160
"""

from __future__ import annotations

import argparse
import math
import pathlib
import sys

from hyperspy_eels_edgeid.hyperspy import identify, pooled_check
from hyperspy_eels_edgeid.recognizer.inference import load_recognizer

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "spectrum_images"))
import measure as spectrum_images  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--reader", required=True, help="'self' or a model directory")
    ap.add_argument("--seeds", type=int, nargs=2, required=True)
    a = ap.parse_args(argv)
    pooled_check.POOLED_WORTH = math.inf  # every written element is "weak": all are checked
    if a.reader != "self":
        second = load_recognizer(a.reader, device="cpu").for_images()
        checked_table = identify.checked_table

        def with_second_reader(signal, result, table, energy, reverse, settings, recognizer, candidates):
            return checked_table(signal, result, table, energy, reverse, settings, second, candidates)

        identify.checked_table = with_second_reader
    return spectrum_images.main(["--model", a.model, "--seeds", *map(str, a.seeds)])


if __name__ == "__main__":
    raise SystemExit(main())
