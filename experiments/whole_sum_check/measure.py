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

import numpy as np

from hyperspy_eels_edgeid.edges import major_subshell_onsets
from hyperspy_eels_edgeid.hyperspy import few_counts, pooled_check


def pixel_counts(energy, total, element, n_pixels) -> float:
    """Counts per channel per showing pixel before the element's edge: mean^2 / noise variance of their sum, / n.

    The noise variance is half that of neighbouring channels' differences (Poisson: the counts themselves; scaled
    data give the same number), over the 35 eV that end 5 eV before the element's first principal onset in the window.
    """
    onsets = [o for o in major_subshell_onsets(element) if energy[0] + 40.0 <= o <= energy[-1]]
    if not onsets:
        return float("nan")
    window = total[(energy >= min(onsets) - 40.0) & (energy <= min(onsets) - 5.0)]
    if window.size < 8:
        return float("nan")
    noise = np.var(np.diff(window)) / 2.0
    return float(np.mean(window) ** 2 / noise / n_pixels) if noise > 0 else float("inf")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--arm", choices=("today", "both", "low", "off", "weak_local"), required=True,
                    help="today: the package as it is; off: the package without its few-counts check (after a46ad19)")
    ap.add_argument("--low-counts", type=float, default=100.0,
                    help="arm low: the whole sum vetoes only where the showing pixels hold fewer counts per channel")
    ap.add_argument("--log", default=None, help="append each whole-sum reading (element, counts, probability) here")
    ap.add_argument("--below", type=float, default=0.5, help="pixel share under which the whole sum is read too")
    ap.add_argument("--script", choices=("measure", "twins"), default="measure", help="../spectrum_images/<script>.py")
    a, rest = ap.parse_known_args()
    if rest and rest[0] == "--":
        rest = rest[1:]
    if a.arm == "weak_local":  # weak elements of small maps: the local check as well as their pixels' sum
        package = pooled_check.image_vetoes

        def weak_and_local(signal, probabilities, elements, detected, thresholds, reverse, read, small, *rest):
            vetoes = package(signal, probabilities, elements, detected, thresholds, reverse, read, small, *rest)
            indices = [elements.index(e) for e in detected if e not in vetoes]
            weak = pooled_check.weak_elements(probabilities, thresholds, indices) if small else {}
            if not weak:
                return vetoes
            local = pooled_check.local_sets(probabilities, thresholds, list(weak), signal.data.shape[:-1])
            sets = [n for neighbourhoods in local.values() for n in neighbourhoods]
            data = signal.data[..., ::-1] if reverse else signal.data
            sums = pooled_check.pooled_spectra(data, sets) if sets else np.zeros((0, data.shape[-1]))
            return vetoes | pooled_check.local_vetoes(sums, local, elements, read)

        pooled_check.image_vetoes = weak_and_local
    if a.arm == "off":
        few_counts.LOW_COUNTS = 0.0  # the check never applies
    if a.arm in ("both", "low"):
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
            found = pooled_check.summed_vetoes(sums, whole, elements, read)
            energy = signal.axes_manager.signal_axes[0].axis
            energy = energy[::-1] if reverse else energy
            for (k, pixels), total in zip(whole.items(), sums):
                counts = pixel_counts(energy, total, elements[k], pixels.size)
                if a.log:
                    with open(a.log, "a") as log:
                        log.write(f"{signal.metadata.General.title}\t{elements[k]}\t{pixels.size}\t{counts:.1f}\t"
                                  f"{found.get(elements[k], 'kept')}\n")
                if a.arm == "low" and elements[k] in found and not counts < a.low_counts:
                    del found[elements[k]]  # enough counts per pixel: noise is not what shows it
            return vetoes | found

        pooled_check.image_vetoes = image_vetoes
    sys.argv = [str(Path(__file__).parents[1] / "spectrum_images" / f"{a.script}.py")] + rest
    runpy.run_path(sys.argv[0], run_name="__main__")


if __name__ == "__main__":
    main()
