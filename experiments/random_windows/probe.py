"""The dev spectra cut into random windows and read by `identify_edges` (a diagnostic; nothing is chosen on it).

For every dev spectrum that is not background-subtracted, N windows are drawn (width uniform in 120 eV to
min(800 eV, the spectrum's span), start uniform; seed SEED + spectrum index) and each cut is read with
`identify_edges` as a user would call it (defaults, single-spectrum path). Counted per cut:
- false: reported elements outside the spectrum's `all_elements` and `possible_extra_elements`;
- found / expected: elements of `all_elements` with a principal, major edge (exspy's table) at least 20 eV after the
  cut's start and 35 eV before its end, and whether they are reported.
The spectra are loaded with `score.py`'s loader, imported from the shared folder at run time (nothing is copied).

Usage: python experiments/random_windows/probe.py [--n 24] [--seed 51000] > experiments/random_windows/out.txt
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib.util
import io
import logging
import pathlib
import time
import warnings
from collections import Counter

import numpy as np

import hyperspy_eels_edgeid as pkg
from hyperspy_eels_edgeid.edges import elements_with_principal_edge

DEV = pathlib.Path(__file__).resolve().parents[3] / "shared" / "real_spectra_dev"


def _set(field):
    return {e.strip() for e in (field or "").split(";") if e.strip()}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=24)
    ap.add_argument("--seed", type=int, default=51000)
    a = ap.parse_args(argv)
    spec = importlib.util.spec_from_file_location("dev_score", DEV / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    warnings.simplefilter("ignore")
    logging.disable(logging.WARNING)
    false, found, expected, calls = Counter(), Counter(), Counter(), 0
    start = time.time()
    rows = [r for r in csv.DictReader(open(DEV / "manifest.csv")) if r["background_subtracted"] != "yes"]
    for index, row in enumerate(rows):
        s = score.load_spectrum(DEV / row["file"])
        energy = s.axes_manager[-1].axis
        truth, allowed = _set(row["all_elements"]), _set(row["all_elements"]) | _set(row["possible_extra_elements"])
        rng = np.random.default_rng(a.seed + index)
        span = energy[-1] - energy[0]
        for _ in range(a.n):
            width = rng.uniform(min(120.0, span), min(800.0, span))
            lo = rng.uniform(energy[0], energy[-1] - width)
            cut = s.isig[float(lo):float(lo + width)].deepcopy()
            with contextlib.redirect_stdout(io.StringIO()):
                pkg.identify_edges(cut, show_progressbar=False)
            calls += 1
            reported = set(cut.metadata.get_item("Sample.elements", []) or [])
            inside = truth & set(elements_with_principal_edge((lo, lo + width), margins=(20.0, 35.0)))
            wrong = reported - allowed
            for e in inside:
                expected[e] += 1
                found[e] += e in reported
            for e in wrong:
                false[e] += 1
            missed = inside - reported
            if wrong or missed:
                print(f"  {row['id']} {lo:7.1f}-{lo + width:7.1f} eV: reported {sorted(reported)}"
                      f"{'; false ' + str(sorted(wrong)) if wrong else ''}{'; missed ' + str(sorted(missed)) if missed else ''}")
    print(f"# {calls} cuts of {len(rows)} spectra, {time.time() - start:.0f} s")
    print(f"false elements: {sum(false.values())} in {calls} cuts: {dict(false.most_common())}")
    print(f"found {sum(found.values())} of {sum(expected.values())} expected: "
          + ", ".join(f"{e} {found[e]}/{expected[e]}" for e in sorted(expected)))


if __name__ == "__main__":
    main()
