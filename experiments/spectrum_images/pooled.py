"""Pooled confirmation of the elements written from a spectrum image (diagnostic; `rule_pooled.md`).

For every element `identify_edges` writes into `Sample.elements` of a spectrum image or line scan, the spectra
of the pixels showing it (its probability at or above its threshold) are summed into one spectrum, and
`identify_edges` reads that spectrum with the same settings; the element is *confirmed* when the pooled
spectrum's answer names it too. Noise read as an edge in a few pixels averages out in their sum; an element
that is there adds up. Prints, per image, the truth, today's written set and the confirmed set, then both
tallies. Images: `measure.py`'s (`--seeds`, `--shape`) or, with `--twins`, the map twins of issue 14's real
maps (`scripts/measure_narrow_windows.py`'s cases, seeds 0 to `--seeds`-1, 6 x 6).

Usage: python experiments/spectrum_images/pooled.py [--model DIR] [--seeds 1000 1040] [--shape 8 8 | --shape 32]
       python experiments/spectrum_images/pooled.py --twins [--seeds 0 20]
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import pathlib
import warnings

import numpy as np

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig


def image_cases() -> dict:
    """The map twins' cases, from `scripts/measure_narrow_windows.py` (name: (elements, (offset, scale, size)))."""
    path = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "measure_narrow_windows.py"
    spec = importlib.util.spec_from_file_location("measure_narrow_windows", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.IMAGE_CASES


def confirmed(s, result, weights=None) -> set:
    """The written elements that the pooled spectrum of their showing pixels names too."""
    written = list(s.metadata.Sample.elements) if s.metadata.has_item("Sample.elements") else []
    probabilities = np.asarray(result.data)
    thresholds = np.asarray(result.metadata.EdgeID.thresholds, dtype=float)
    spectra = np.asarray(s.data, dtype=float)
    pooled = s.sum(s.axes_manager.navigation_axes)  # a single spectrum with the signal's axis and metadata
    keep = set()
    for element in written:
        k = result.elements.index(element)
        shows = probabilities[..., k] >= thresholds[k]
        pooled.data = spectra[shows].sum(axis=0)
        pooled.identify_edges(weights=weights, show_progressbar=False)
        if element in pooled.metadata.Sample.elements:
            keep.add(element)
    return keep


def add_image_arguments(ap, seeds=(1000, 1040)) -> None:
    """The image options of these diagnostics: `--seeds` (first, one past the last), `--shape`, `--twins`, `--realistic`."""
    ap.add_argument("--seeds", type=int, nargs=2, default=list(seeds), help="first and one past the last seed")
    ap.add_argument("--shape", type=int, nargs="+", default=[8, 8], help="navigation shape: x y, or n for a line scan")
    ap.add_argument("--twins", action="store_true", help="the map twins of issue 14's real maps instead")
    ap.add_argument("--realistic", action="store_true", help="SynthesisConfig.realistic() instead of the default")


def images(a):
    if a.twins:
        for name, (elements, axis) in image_cases().items():
            for seed in range(*a.seeds):
                try:
                    s = synthetic_eels(elements, navigation_shape=(6, 6), energy_axis=axis, random_state=seed)
                except ValueError as err:  # the seed's axis shift moved the edge out of the window: said, skipped
                    print(f"{name} {seed}: skipped ({err})", flush=True)
                    continue
                yield f"{name} {seed}", set(elements), s
        return
    base = SynthesisConfig.realistic() if getattr(a, "realistic", False) else SynthesisConfig()
    config = base.replace(candidate_elements=PRIOR_TIERS["common"])
    for seed in range(*a.seeds):
        s = synthetic_eels(navigation_shape=tuple(a.shape), random_state=seed, config=config)
        yield str(seed), set(s.metadata.Truth.elements), s


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_image_arguments(ap)
    ap.add_argument("--model", default=None,
                    help="model directory (default: the bundled model; the outputs here: stage 19)")
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    tally = {"today": collections.Counter(), "pooled": collections.Counter()}
    false = {"today": collections.Counter(), "pooled": collections.Counter()}
    for name, truth, s in images(a):
        result = s.identify_edges(weights=a.model, show_progressbar=False)
        if not a.twins:  # as measure.py: true elements the model cannot judge in this window are counted apart
            truth -= set(result.summary().not_observable)
        today = set(s.metadata.Sample.elements) if s.metadata.has_item("Sample.elements") else set()
        for key, got in (("today", today), ("pooled", confirmed(s, result, a.model))):
            tally[key].update(true=len(truth & got), false=len(got - truth), exact=got == truth, n_true=len(truth))
            false[key].update(sorted(got - truth))
            if key == "pooled":
                print(f"{name}: truth {sorted(truth)} today {sorted(today)} pooled {sorted(got)}", flush=True)
    for key in ("today", "pooled"):
        t = tally[key]
        print(f"{key}: true written {t['true']} of {t['n_true']}, false {t['false']}, exact {t['exact']}; "
              f"false: {dict(false[key].most_common())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
