"""A map's unnamed edges (its mean spectrum read as a single spectrum, against the elements it writes): real or not?

`rule_maps.md`'s measurement. For each seed, `synthetic_eels` makes an 8 x 8 map as
`experiments/spectrum_images/measure.py` does (2-4 elements of the prior's common tier; the default or the
`realistic()` configuration), `identify_edges()` reads it with the defaults, and each edge its table lists under
"Edges seen in the mean spectrum" is **useful** when an edge group of a truth element (the model's edge table, every
subshell, placed on the recorded axis by the map's drawn shift and expansion) lies within one network step of its
onset, else a **false alarm**. Also counted: true elements not written, and how many of them have their principal
edge among the listed ones' candidates.

    OMP_NUM_THREADS=1 python -W ignore experiments/unnamed_edges/probe_maps.py --seeds 66000 66160 [--realistic]
"""

import argparse
import collections

import numpy as np

import hyperspy_eels_edgeid  # noqa: F401  (registers identify_edges)
from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

ap = argparse.ArgumentParser()
ap.add_argument("--seeds", type=int, nargs=2, default=[66000, 66160])
ap.add_argument("--realistic", action="store_true")
a = ap.parse_args()
reader = load_recognizer(device="cpu")._reader
base = SynthesisConfig.realistic() if a.realistic else SynthesisConfig()
config = base.replace(candidate_elements=PRIOR_TIERS["common"])
c = collections.Counter()
for seed in range(*a.seeds):
    s = synthetic_eels(navigation_shape=(8, 8), random_state=seed, config=config)
    truth = list(s.metadata.Truth.elements)
    p = s.metadata.Truth.parameters
    result = s.identify_edges(show_progressbar=False)
    table = result.summary()
    elements = list(result.metadata.EdgeID.elements)
    onsets = np.concatenate([reader.edge_onset[elements.index(e)] for e in truth if e in elements])
    recorded = onsets[np.isfinite(onsets)] * (1.0 + p.expansion) + p.shift
    c["maps"] += 1
    listed = table.unnamed_edges
    for u in listed:
        width = np.interp(u.onset, reader.step_energy, reader.spacing)
        useful = recorded.size and np.min(np.abs(recorded - u.onset)) <= width
        c["useful" if useful else "false alarm"] += 1
    width = [np.interp(u.onset, reader.step_energy, reader.spacing) for u in listed]
    c["maps with a false alarm"] += any(
        not (recorded.size and np.min(np.abs(recorded - u.onset)) <= w) for u, w in zip(listed, width)
    )
    for e in set(truth) - set(table.elements) - set(table.not_observable):
        c["missed"] += 1
        c["missed, principal edge among candidates"] += any(
            lab.startswith(e + "_") and lab in {f"{e}_{g}" for g in ("K", "L3", "L2,3", "M5", "M4,5", "N5", "N4,5")}
            for u in listed for lab in u.candidates
        )
    print(seed, sorted(truth), table.elements, [(u.onset, u.shape, u.candidates[:2]) for u in listed], flush=True)
kind = "realistic()" if a.realistic else "default"
n = c["useful"] + c["false alarm"]
print(f"\n{kind}, {c['maps']} maps 8 x 8, seeds {a.seeds[0]}-{a.seeds[1] - 1}: listed {n}, useful {c['useful']} "
      f"({c['useful'] / max(n, 1):.2f}), false alarms {c['false alarm']} "
      f"({c['false alarm'] / c['maps']:.3f} per map, in "
      f"{c['maps with a false alarm']} maps); true elements missed {c['missed']}, their principal edge among the "
      f"candidates {c['missed, principal edge among candidates']}")
