"""Tall white lines: K-Cu metals beside O with L3/L2 lines far above their continuum, and exspy's EELS_MnFe.

For each metal (Ca, Ti, V, Cr, Mn, Fe, Co, Ni, Cu), `--n` synthetic spectra of the metal and O (`synthetic_eels`,
default settings but `tall_white_line_probability` 1: the metal's lines take a strength of 8-30 times its
continuum maximum; 0.25 eV per channel, 2,000 channels from 60 eV below the first edge; seeds from `--first-seed`)
go through `identify_edges`; exact = the elements written are the truth. Then `exspy.data.EELS_MnFe()` with
`random_state` 0-3: the elements written into `metadata.Sample.elements`.

Usage: python experiments/tall_white_lines/probe.py [--model DIR] [--n 20] [--first-seed 0] [--physical]
"""

from __future__ import annotations

import argparse
import importlib.util
import pathlib
import warnings

_broad = pathlib.Path(__file__).resolve().parents[1] / "broad_white_lines" / "probe.py"
_spec = importlib.util.spec_from_file_location("broad_white_lines_probe", _broad)
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
read_metals = _module.read_metals  # the loop of ../broad_white_lines/probe.py, with this probe's settings

METALS = ("Ca", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None, help="model directory (default: the bundled model)")
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--first-seed", type=int, default=0)
    ap.add_argument("--physical", action="store_true", help="physical white-line ratios (l23_branching '3d', "
                    "m45_branching '4f') in the probe's spectra")
    a = ap.parse_args(argv)
    ratios = {"l23_branching": "3d", "m45_branching": "4f"} if a.physical else {}
    warnings.filterwarnings("ignore")
    read_metals(METALS, a.model, a.n, a.first_seed, tall_white_line_probability=1.0, **ratios)
    import exspy

    right = 0
    for random_state in range(4):
        s = exspy.data.EELS_MnFe(random_state=random_state)
        s.identify_edges(weights=a.model, show_progressbar=False)
        right += sorted(s.metadata.Sample.elements) == ["Fe", "Mn"]
        print(f"EELS_MnFe random_state {random_state}: Sample.elements {s.metadata.Sample.elements}")
    print(f"EELS_MnFe exactly Mn and Fe: {right} of 4")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
