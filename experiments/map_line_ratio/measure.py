"""Elements written into `Sample.elements` of synthetic 4 x 4 maps and 16-pixel line scans where the white-line ratio
decides between a lanthanide and a 3d metal (Ba/Co, Pr/Cu, La or Ce/Ni), and of maps of the lanthanides themselves.

Every case is drawn with physical white-line ratios (`l23_branching="3d"`, `m45_branching="4f"`) unless its name
says "random M5/M4" (the default configuration's draws, ratios up to 3.0, which real lanthanides do not show).
"tall" cases draw every 3d white-line pair 5-8 (or 8-30) times its edge step, as 3d oxides show them
(`tall_white_line_probability=1.0`). `identify_edges` defaults; eager results.

Usage: python experiments/map_line_ratio/measure.py --first-seed 2100 --seeds 12 > out.txt
(run from the root of the worktree whose package is measured, with PYTHONPATH set to it)
"""

from __future__ import annotations

import argparse
import collections
import warnings

import hyperspy_eels_edgeid  # noqa: F401  (registers identify_edges)
from hyperspy_eels_edgeid.data import synthetic_eels

PHYSICAL = dict(l23_branching="3d", m45_branching="4f")
TALL = dict(tall_white_line_probability=1.0, tall_white_line_strength=(5.0, 8.0))
TALLER = dict(tall_white_line_probability=1.0, tall_white_line_strength=(8.0, 30.0))
#: name -> (elements, energy axis, navigation shape, synthesis parameters)
METAL_CASES = {
    "Co+O tall 5-8": (["Co", "O"], (472.0, 0.25, 2000), (4, 4), {**PHYSICAL, **TALL}),
    "Co+O tall 8-30": (["Co", "O"], (472.0, 0.25, 2000), (4, 4), {**PHYSICAL, **TALLER}),
    "Co+O physical": (["Co", "O"], (472.0, 0.25, 2000), (4, 4), PHYSICAL),
    "Cu+O tall 5-8": (["Cu", "O"], (472.0, 0.25, 2400), (4, 4), {**PHYSICAL, **TALL}),
    "Ni+O tall 5-8": (["Ni", "O"], (472.0, 0.25, 2000), (4, 4), {**PHYSICAL, **TALL}),
    "Co+O tall 5-8, line scan": (["Co", "O"], (472.0, 0.25, 2000), (16,), {**PHYSICAL, **TALL}),
}
LANTHANIDE_CASES = {
    "Ba+Ti+O": (["Ba", "Ti", "O"], (400.0, 0.25, 2400), (4, 4), PHYSICAL),
    "La+Mn+O": (["La", "Mn", "O"], (472.0, 0.25, 2400), (4, 4), PHYSICAL),
    "La+Ni+O": (["La", "Ni", "O"], (472.0, 0.25, 2400), (4, 4), PHYSICAL),
    "Ce+O": (["Ce", "O"], (472.0, 0.25, 2400), (4, 4), PHYSICAL),
    "Pr+O": (["Pr", "O"], (472.0, 0.25, 2400), (4, 4), PHYSICAL),
    "Ba+Ti+O, line scan": (["Ba", "Ti", "O"], (400.0, 0.25, 2400), (16,), PHYSICAL),
    "Ba+Ti+O random M5/M4": (["Ba", "Ti", "O"], (400.0, 0.25, 2400), (4, 4), {}),
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--first-seed", type=int, required=True)
    ap.add_argument("--seeds", type=int, default=12)
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    for group, cases in (("metal", METAL_CASES), ("lanthanide", LANTHANIDE_CASES)):
        for name, (elements, axis, shape, parameters) in cases.items():
            exact, missed, false = 0, collections.Counter(), collections.Counter()
            for seed in range(a.first_seed, a.first_seed + a.seeds):
                s = synthetic_eels(elements, navigation_shape=shape, energy_axis=axis, random_state=seed, **parameters)
                s.identify_edges(show_progressbar=False)
                written = set(s.metadata.Sample.elements) if s.metadata.has_item("Sample.elements") else set()
                exact += written == set(elements)
                missed.update(set(elements) - written)
                false.update(written - set(elements))
                print(f"  {group} | {name} | seed {seed} | {sorted(written)}", flush=True)
            print(f"{group} | {name}: exact {exact}/{a.seeds}; missed {dict(missed)}; false {dict(false)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
