"""Which false elements thick spectra bring (diagnostic; nothing is chosen on it).

    python experiments/thick_specimens/false_elements.py MODEL_DIR

1,000 `realistic()` spectra at t/λ 0-1 and at 1-2 (seed 20261213, every element at 0.35): false elements per
spectrum, and the share of false elements whose detected onset lies 5-60 eV above a true element's principal onset
(where plural-scattering replicas of that edge fall), with the most frequent false elements.
"""

import collections
import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.edges import edge_groups_of
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence

warnings.filterwarnings("ignore")
rec = load_recognizer(sys.argv[1], device="cpu")
thresholds = np.full(len(rec.elements), 0.35, dtype=np.float32)
onsets_of = {e: [g.onset for g in edge_groups_of(e)] for e in rec.elements}
for name, thickness in (("t/λ 0-1", (0.0, 1.0)), ("t/λ 1-2", (1.0, 2.0))):
    config = SynthesisConfig.realistic().replace(thickness=thickness)
    ev, truths, weak = synthetic_evidence(rec, 1000, 20261213, config=config)
    p = rec.decide(ev, thresholds=thresholds)
    reported = p.detected(thresholds)
    false, above, counter = 0, 0, collections.Counter()
    for i, (found, truth) in enumerate(zip(reported, truths)):
        for e in set(found) - truth - weak[i]:
            false += 1
            counter[e] += 1
            onset = p.onsets[i, rec.elements.index(e)]
            if any(5.0 <= onset - o <= 60.0 for t in truth for o in onsets_of[t]):
                above += 1
    print(f"{name}: {false / 1000:.3f} false elements per spectrum; {above / max(false, 1):.2f} of them 5-60 eV above an "
          f"edge of a true element; most frequent {counter.most_common(8)}")
