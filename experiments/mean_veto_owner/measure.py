"""rule.md's arms on fresh synthetic maps: the elements `identify_edges` writes, true and false.

    OMP_NUM_THREADS=1 python -W ignore experiments/mean_veto_owner/measure.py --arm A > out/A.txt
"""

import argparse
import collections

import hyperspy_eels_edgeid  # noqa: F401  (registers identify_edges)
from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy import mean_check
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

SETS = (["Ba", "Ti", "O"], ["Co", "O"], ["La", "Ni", "O"], ["Ni", "O"], ["Ba", "O"], ["La", "O"])
original = mean_check.mean_vetoes


def vetoes_given_to_nobody(table, prediction, thresholds):
    elements = list(prediction.elements)
    return {e: p for e, p in original(table, prediction, thresholds).items()
            if prediction.explained_by[0, elements.index(e)] < 0}  # fmt: skip


ap = argparse.ArgumentParser()
ap.add_argument("--arm", choices=["A", "B"], required=True)
a = ap.parse_args()
if a.arm == "B":
    mean_check.mean_vetoes = vetoes_given_to_nobody
common = PRIOR_TIERS["common"]
maps = [(None, (8, 8), seed, SynthesisConfig().replace(candidate_elements=common)) for seed in range(67000, 67160)]
maps += [(None, (8, 8), seed, SynthesisConfig.realistic().replace(candidate_elements=common))
         for seed in range(67200, 67240)]  # fmt: skip
maps += [(elements, (10, 10), seed, None) for elements in SETS for seed in range(67300, 67315)]
total = collections.Counter()
for elements, shape, seed, config in maps:
    s = synthetic_eels(elements, navigation_shape=shape, random_state=seed, config=config)
    truth = set(s.metadata.Truth.elements)
    table = s.identify_edges(show_progressbar=False).summary()
    truth -= set(table.not_observable)
    got = set(table.elements)
    total["true"] += len(got & truth)
    total["false"] += len(got - truth)
    total["labelled"] += len(truth)
    print(elements or "common", seed, sorted(truth), sorted(got), flush=True)
print(f"\narm {a.arm}: {len(maps)} maps, true written {total['true']} of {total['labelled']}, false {total['false']}")
