"""The dev spectra through ``identify_edges`` with and without the shift search, as given and with the axis moved.

``../shared/real_spectra_dev/score.py`` is imported from the shared folder at run time (its manifest, loader and
rules; nothing is copied) and its predictor replaced by one that moves the spectrum's axis by SHIFT eV and calls
``identify_edges(s, shift_search=FLAG)``.  A check, not a choice.

Usage: python experiments/self_calibration/dev_check.py [--shifts 0 -20 -10 10 20] [--json OUT]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import pathlib
import warnings

HERE = pathlib.Path(__file__).resolve().parents[2]
SCORE = HERE.parent / "shared" / "real_spectra_dev" / "score.py"


class Moved:
    name = "hyperspy_eels_edgeid (moved axis)"

    def __init__(self, shift, search):
        import hyperspy_eels_edgeid as pkg

        self.pkg, self.shift, self.search = pkg, shift, search
        self.supported = set(pkg.supported_elements())

    def __call__(self, s):
        axis = s.axes_manager[-1]
        if self.shift:
            if axis.is_uniform:
                axis.offset = axis.offset + self.shift
            else:
                axis.axis = axis.axis + self.shift
        self.pkg.identify_edges(s, shift_search=self.search)
        return set(s.metadata.get_item("Sample.elements", []) or [])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shifts", type=float, nargs="+", default=[0.0, -20.0, -10.0, 10.0, 20.0])
    ap.add_argument("--json", default=None)
    a = ap.parse_args(argv)
    spec = importlib.util.spec_from_file_location("dev_score", SCORE)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    out = {}
    for shift in a.shifts:
        for search in (False, True):
            score.load_predictor = lambda name, shift=shift, search=search: Moved(shift, search)
            with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
                warnings.simplefilter("ignore")
                report = score.main(["--json", "/tmp/_dev_check.json"])
            spectra = json.loads(pathlib.Path("/tmp/_dev_check.json").read_text())["spectra"]
            r = report["all"]
            extra = sum(len(x["extra"]) for x in spectra)
            print(f"axis {shift:+5.0f} eV, shift_search={search!s:5s}: F1 {r['f1']:.3f} P {r['precision']:.3f} "
                  f"exact {r['exact']:.3f}; false elements {extra}: "
                  + ", ".join(f"{x['id']}+{'/'.join(x['extra'])}" for x in spectra if x["extra"]), flush=True)
            out[f"{shift:+g} {search}"] = {"report": r, "extra": {x["id"]: x["extra"] for x in spectra}}
    if a.json:
        pathlib.Path(a.json).write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
