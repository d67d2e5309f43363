"""Running the network over the measured steps only changes no answer of `identify_edges` (a check, 6 Dec 2026).

`EdgeNet.forward` in evaluation runs the convolutions and the BiLSTM over the steps whose features see a measured
channel (and one more on each side), with the BiLSTM's state entering them from the unmeasured parts computed from
one spectrum, the same for all (`EdgeNet.measured_steps`). This script runs `identify_edges()` (defaults: bundled
model, shift search, spike removal, pixel rule) on synthetic 8 x 8 spectrum images of `synthetic_eels` (default
`SynthesisConfig`, 2-4 elements drawn by it) over three energy axes, once as shipped and once with every step run
(`EdgeNet.MIN_CROPPED_BATCH` set beyond any batch), and compares the per-pixel probabilities, the kept onsets and
the elements written into `metadata.Sample.elements`; it prints the seconds each took.

Usage: python experiments/measured_steps/compare.py [--seeds 0 10]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import hyperspy.api as hs

import hyperspy_eels_edgeid  # noqa: F401
from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.recognizer.network import EdgeNet

#: (offset eV, dispersion eV, channels): the default axis, a 512 eV window at 0.25 eV, a 102 eV one at 0.05 eV
AXES = [(100.0, 0.5, 2048), (400.0, 0.25, 2048), (440.0, 0.05, 2048)]


def run(s, all_steps: bool):
    EdgeNet.MIN_CROPPED_BATCH = 2**62 if all_steps else 8
    t = time.perf_counter()
    p = s.identify_edges()
    seconds = time.perf_counter() - t
    onsets = np.asarray(p.metadata.EdgeID.get_item("predicted_onsets", []), dtype=float)
    return p.data.copy(), onsets, list(s.metadata.Sample.elements), seconds


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs=2, default=[0, 10])
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    hs.preferences.General.show_progressbar = False
    seconds = {True: 0.0, False: 0.0}
    n = same = 0
    for axis in AXES:
        for seed in range(*a.seeds):
            base = synthetic_eels(navigation_shape=(8, 8), energy_axis=axis, random_state=seed)
            results = {}
            for all_steps in (False, True):
                s = base.deepcopy()
                s.metadata.Sample.elements = []
                results[all_steps] = run(s, all_steps)
                seconds[all_steps] += results[all_steps][3]
            (p0, o0, e0, _), (p1, o1, e1, _) = results[False], results[True]
            equal = np.array_equal(p0, p1) and np.array_equal(o0, o1, equal_nan=True) and e0 == e1
            n += 1
            same += equal
            print(f"axis {axis} seed {seed}: elements {e0} {'same' if equal else 'DIFFERENT: ' + str(e1)}"
                  f" (largest probability difference {np.abs(p0 - p1).max():.2e})", flush=True)
    print(f"{same} of {n} images identical; seconds: measured steps {seconds[False]:.1f}, every step {seconds[True]:.1f}")
    return 0 if same == n else 1


if __name__ == "__main__":
    raise SystemExit(main())
