"""Windows that start above an element's principal edge and hold only its secondary edges (a probe of issue 14's third
family; nothing is chosen on it).

For each case, `--n` spectra of the element's oxide (or the element alone) are made by `synthetic_eels` over a wide
window that holds the principal edge (default configuration, seeds from `--first-seed`), then cut (`isig`) to a window
that starts above the principal edge and holds the secondary edges named; each cut is read with `identify_edges` as a
user would call it. Counted: the cuts that report anything other than the compound's elements (false elements), and,
as a control, the same on the full windows.

    python experiments/above_principal/probe.py [--n 20] [--first-seed 53000] > experiments/above_principal/out.txt
"""

import argparse
import logging
import warnings
from collections import Counter

import hyperspy_eels_edgeid as pkg
from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels

#: case: (elements with atomic ratios, full window (offset, dispersion, channels), cut (eV), secondary edges in the cut)
CASES = {
    "SrO, Sr M3/M2 and O K": ({"Sr": 1, "O": 1}, (100.0, 0.5, 1400), (200.0, 790.0), "Sr M3 269, M2 280"),
    "ZrO2, Zr M3/M2 and O K": ({"Zr": 1, "O": 2}, (140.0, 0.5, 1400), (250.0, 830.0), "Zr M3 330, M2 344"),
    "BaO, Ba M3/M2": ({"Ba": 1, "O": 1}, (480.0, 0.5, 1650), (880.0, 1300.0), "Ba M3 1062, M2 1137"),
    "La2O3, La M3/M2": ({"La": 2, "O": 3}, (480.0, 0.5, 1930), (900.0, 1440.0), "La M3 1123, M2 1205"),
    "Gd2O3, Gd M3/M2": ({"Gd": 2, "O": 3}, (480.0, 1.0, 1520), (1300.0, 1990.0), "Gd M3 1544, M2 1688"),
    "HfO2, Hf M3/M2": ({"Hf": 1, "O": 2}, (480.0, 1.0, 2070), (1800.0, 2540.0), "Hf M3 2108, M2 2365"),
    "W, W M3/M2": ({"W": 1}, (1700.0, 1.0, 1000), (1950.0, 2690.0), "W M3 2281, M2 2575"),
    "Au, Au M3/M2": ({"Au": 1}, (2100.0, 1.0, 1200), (2350.0, 3290.0), "Au M3 2743, M2 3148"),
    "Fe2O3, Fe L1": ({"Fe": 2, "O": 3}, (480.0, 0.5, 1230), (760.0, 1090.0), "Fe L1 846"),
    "NiO, Ni L1": ({"Ni": 1, "O": 1}, (480.0, 0.5, 1430), (900.0, 1190.0), "Ni L1 1008"),
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--first-seed", type=int, default=53000)
    a = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    logging.disable(logging.WARNING)
    totals = Counter()
    print("| case | secondary edges in the cut | cuts with a false element | false elements (cuts) | full windows with a "
          "false element (which) |")
    print("|---|---|---|---|---|")
    for name, (ratios, axis, (lo, hi), edges) in CASES.items():
        cut_false, full_false, which, which_full = 0, 0, Counter(), Counter()
        for i in range(a.n):
            s = synthetic_eels(elements=list(ratios), atomic_ratios=ratios, energy_axis=axis,
                               random_state=a.first_seed + i)  # fmt: skip
            cut = s.isig[lo:hi].deepcopy()
            pkg.identify_edges(s, show_progressbar=False)
            pkg.identify_edges(cut, show_progressbar=False)
            wrong = set(cut.metadata.Sample.elements) - set(ratios)
            which.update(wrong)
            cut_false += bool(wrong)
            wrong_full = set(s.metadata.Sample.elements) - set(ratios)
            which_full.update(wrong_full)
            full_false += bool(wrong_full)
        totals.update(cuts=a.n, cut_false=cut_false, full_false=full_false)
        print(f"| {name} | {edges} | {cut_false} of {a.n} | {dict(which.most_common())} | {full_false} of {a.n} {dict(which_full.most_common())} |",
              flush=True)
    print(f"all: {totals['cut_false']} of {totals['cuts']} cuts and {totals['full_false']} of {totals['cuts']} full "
          "windows report a false element")


if __name__ == "__main__":
    main()
