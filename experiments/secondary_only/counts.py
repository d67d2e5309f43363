"""How many of the spectra of `rows.py` (seed 61100) and `score.py`'s row A (seed 61200) hold an unlabelled element,
and one with an edge inside the window (a count of the draws, no model read).

    python experiments/secondary_only/counts.py > experiments/secondary_only/counts.txt
"""

import numpy as np

from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch

for seed, p in ((61200, 1.0), (61100, 1.0), (61100, 0.0)):
    rng = np.random.default_rng(seed)
    config = SynthesisConfig.realistic().replace(secondary_only_probability=p)
    any_unlabelled = inside = 0
    for _ in range(4):
        batch = synthesize_batch(250, config, rng)
        for i in range(250):
            edges = batch.edges[batch.edges["spectrum"] == i]
            extra = set(edges["element"][~edges["is_label"]]) - set(edges["element"][edges["is_label"]])
            axis = batch.energy_axis(i)
            own = [edges[edges["element"] == e]["onset"] for e in extra]
            any_unlabelled += bool(extra)
            inside += any(((o >= axis[0]) & (o <= axis[-1])).any() for o in own)
    print(f"seed {seed}, secondary_only_probability {p}: of 1,000 spectra {any_unlabelled} hold an unlabelled element, "
          f"{inside} one with an edge inside the window")
