"""Every detected map element read on the sum of all its showing pixels as well as by the local check (a probe).

Today (``hyperspy/pooled_check.py``) only weak elements of small maps are read on the sum of their showing pixels;
every other element is read on the neighbourhoods of its most probable pixels (the local check).  Arm ``both`` reads
every detected element shown in less than ``--below`` of the valid pixels on both and keeps it only if both confirm
it (an element in more pixels than that keeps today's check).  Arm ``today`` is the package as it is.  The maps are
``../spectrum_images/measure.py``'s; this runs that script with ``image_vetoes`` replaced for the process.

Usage: python experiments/whole_sum_check/measure.py --arm today|both [--below 0.5] [--script measure|twins] -- <its args>
"""

from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path

from hyperspy_eels_edgeid.hyperspy import pooled_check


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--arm", choices=("today", "both"), required=True)
    ap.add_argument("--below", type=float, default=0.5, help="pixel share under which the whole sum is read too")
    ap.add_argument("--script", choices=("measure", "twins"), default="measure", help="../spectrum_images/<script>.py")
    a, rest = ap.parse_known_args()
    if rest and rest[0] == "--":
        rest = rest[1:]
    if a.arm == "both":
        today = pooled_check.image_vetoes

        def image_vetoes(signal, probabilities, elements, detected, thresholds, reverse, read, small):
            vetoes = today(signal, probabilities, elements, detected, thresholds, reverse, read, small)
            indices = [elements.index(e) for e in detected if e not in vetoes]
            valid = ~(probabilities != probabilities).any(axis=1)  # NaN rows: pixels not read
            whole = {}
            for k in indices:
                pixels = (probabilities[:, k] >= thresholds[k]).nonzero()[0]
                if 0 < pixels.size < a.below * valid.sum():
                    whole[k] = pixels
            if not whole:
                return vetoes
            data = signal.data[..., ::-1] if reverse else signal.data
            sums = pooled_check.pooled_spectra(data, list(whole.values()))
            return vetoes | pooled_check.summed_vetoes(sums, whole, elements, read)

        pooled_check.image_vetoes = image_vetoes
    sys.argv = [str(Path(__file__).parents[1] / "spectrum_images" / f"{a.script}.py")] + rest
    runpy.run_path(sys.argv[0], run_name="__main__")


if __name__ == "__main__":
    main()
