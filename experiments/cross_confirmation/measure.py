"""Every element a small map writes, confirmed on its pixels' summed spectrum by the same model or by another seed
(diagnostic).

`identify_edges` checks the weak elements of a small map on the summed spectrum of the pixels that show them
(`hyperspy/pooled_check.py`). Here that check is widened to every written element (its pixels worth any
probability), and the summed spectrum is read either by the model that read the map (``--reader self``) or by a
second model (``--reader DIR``, e.g. another seed of the same recipe, whose false elements fall elsewhere:
`../tall_from_stage19/outcome.md`). The maps are `../spectrum_images/measure.py`'s (its counts, printed as there).
Nothing in the package changes; the widening is made by replacing two names for this process only.

With ``--twins`` the maps are instead ``scripts/measure_narrow_windows.py``'s (narrow windows and the 6 x 6 twins
of issue 14's real spectrum images, ``--seeds``'s first value spectra or images per case).
With ``--any-size`` the check runs on maps of any size, not only where the pixel share asks for fewer than three
pixels; ``--shape`` is passed on (e.g. ``--shape 32 32``).

Written for the package at `1eb062b`; its checks have changed since (the local check, `../local_confirmation/`;
the neighbour sums, `../smoothed_maps/`), so a run now does not repeat the recorded figures.

Usage: python experiments/cross_confirmation/measure.py --model DIR --reader self|DIR|none --seeds 22000 22160
       [--shape 32 32] [--any-size]
"""

from __future__ import annotations

import argparse
import math
import pathlib
import sys

from hyperspy_eels_edgeid.hyperspy import identify, pooled_check
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "spectrum_images"))
import measure as spectrum_images  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--reader", required=True, help="'self', a model directory, or 'none' (the check as bundled)")
    ap.add_argument("--seeds", type=int, nargs="+", required=True, help="first and one past the last seed")
    ap.add_argument("--shape", type=int, nargs="+", default=[8, 8])
    ap.add_argument("--any-size", action="store_true", help="check maps of any size")
    ap.add_argument("--twins", action="store_true", help="scripts/measure_narrow_windows.py's narrow windows and map twins")
    a = ap.parse_args(argv)
    if a.any_size:  # where identify_edges runs the check, and where the result applies its vetoes
        identify.needs_check = pooled_check.needs_check = lambda fraction, n_valid: fraction > 0 and n_valid >= 2
    if a.reader != "none":
        pooled_check.POOLED_WORTH = math.inf  # every written element is "weak": all are checked
    if a.reader not in ("self", "none"):
        second = load_recognizer(a.reader, device="cpu").for_images()
        checked_table = identify.checked_table

        def with_second_reader(signal, result, table, energy, reverse, settings, recognizer, candidates):
            return checked_table(signal, result, table, energy, reverse, settings, second, candidates)

        identify.checked_table = with_second_reader
    if a.twins:
        sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "scripts"))
        import measure_narrow_windows

        return measure_narrow_windows.main(["--model", a.model, "--seeds", str(a.seeds[0])])
    return spectrum_images.main(["--model", a.model, "--seeds", *map(str, a.seeds), "--shape", *map(str, a.shape)])


if __name__ == "__main__":
    raise SystemExit(main())
