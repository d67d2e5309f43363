"""Tall Co and Cu lines in 6 x 6 maps, each read without a list and with elements=[metal, "O", "C", "N"]: right?

    python experiments/named_metal/map_probe.py FIRST_SEED N
identify_edges defaults; lines 5-8 times their step with physical ratios, as probe.py; prints each map not exactly
right with the list (the elements written, the table's asked_not_found) and the counts.
"""

import collections
import logging
import sys
import warnings

import hyperspy_eels_edgeid
from hyperspy_eels_edgeid.data import synthetic_eels

warnings.simplefilter("ignore")
logging.disable(logging.WARNING)
WINDOWS = {"Co": (472.0, 0.25, 2000), "Cu": (472.0, 0.25, 2800)}


def main(first, n):
    counts = collections.Counter()
    for metal, axis in WINDOWS.items():
        for seed in range(first, first + n):
            s = synthetic_eels([metal, "O"], energy_axis=axis, random_state=seed, navigation_shape=(6, 6),
                               tall_white_line_probability=1.0, tall_white_line_strength=(5.0, 8.0),
                               l23_branching="3d", m45_branching="4f")
            free = s.identify_edges(add_elements=False, show_progressbar=False).summary()
            listed = s.identify_edges(elements=[metal, "O", "C", "N"], add_elements=False,
                                      show_progressbar=False).summary()
            counts[f"{metal} exact without the list"] += set(free.elements) == {metal, "O"}
            counts[f"{metal} exact with the list"] += set(listed.elements) == {metal, "O"}
            if set(listed.elements) != {metal, "O"}:
                print(f"  seed {seed} {metal}: without {free.elements}, with {listed.elements}, "
                      f"asked_not_found {getattr(listed, 'asked_not_found', None)}")
    print(f"seeds {first}-{first + n - 1}, package at {hyperspy_eels_edgeid.__file__}")
    for key in sorted(counts):
        print(f"  {key}: {counts[key]}")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
