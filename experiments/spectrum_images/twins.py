"""The map twins of issue 14's real maps (`scripts/measure_narrow_windows.py`'s spectrum images only).

Usage: python experiments/spectrum_images/twins.py [--seeds 20] [--touching-pixels]
"""

from __future__ import annotations

import argparse
import importlib.util
import pathlib
import warnings


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--touching-pixels", action="store_true", help="identify_edges(touching_pixels=True)")
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    path = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "measure_narrow_windows.py"
    spec = importlib.util.spec_from_file_location("measure_narrow_windows", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, r in module.spectrum_images(None, a.seeds, a.touching_pixels).items():
        print(f"spectrum images, {name}: exact {r['exact']}/{r['n']}; missed {r['missed']}; false {r['false']}",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
