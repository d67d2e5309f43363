"""A 3d metal named with O, C, N whose tall white lines the network reads as Ba, Pr, La or Cs: reported?

    python experiments/named_metal/probe.py FIRST_SEED N
identify_edges defaults; tall lines 5-8 times their step with physical ratios (as test_line_ratio_check); each
spectrum read without a list and with elements=[metal, "O", "C", "N"].
"""

import collections
import logging
import sys
import warnings

import hyperspy_eels_edgeid
from hyperspy_eels_edgeid.data import synthetic_eels

warnings.simplefilter("ignore")
logging.disable(logging.WARNING)
WINDOWS = {"Fe": (472.0, 0.25, 2000), "Co": (472.0, 0.25, 2000), "Ni": (472.0, 0.25, 2400), "Cu": (472.0, 0.25, 2800)}


def main(first, n):
    counts = collections.Counter()
    for metal, axis in WINDOWS.items():
        for seed in range(first, first + n):
            s = synthetic_eels([metal, "O"], energy_axis=axis, random_state=seed, tall_white_line_probability=1.0,
                               tall_white_line_strength=(5.0, 8.0), l23_branching="3d", m45_branching="4f")
            free = set(s.identify_edges(add_elements=False, show_progressbar=False).elements)
            listed = set(s.identify_edges(elements=[metal, "O", "C", "N"], add_elements=False,
                                          show_progressbar=False).elements)
            counts[f"{metal} exact without the list"] += free == {metal, "O"}
            counts[f"{metal} exact with the list"] += listed == {metal, "O"}
    print(f"seeds {first}-{first + n - 1}, package at {hyperspy_eels_edgeid.__file__}")
    for key in sorted(counts):
        print(f"  {key}: {counts[key]}")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
