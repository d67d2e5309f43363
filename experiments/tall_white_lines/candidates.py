"""Does naming the candidates help with tall lines? (stage 20, `identify_edges` with and without `elements`)

Fe, Co, Ni, Cu beside O with tall lines (as `probe.py`, seeds 100-109); exact without candidates and with
`elements=[metal, "O", "C", "N"]`. Output: `out/candidates_S20.txt`.

Usage: python experiments/tall_white_lines/candidates.py
"""

import warnings

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.edges import major_subshell_onsets

warnings.filterwarnings("ignore")
for metal in ("Fe", "Co", "Ni", "Cu"):
    l3 = min(o for o in major_subshell_onsets(metal) if o > 300.0)
    exact = [0, 0]
    for seed in range(100, 110):
        for j, candidates in enumerate((None, [metal, "O", "C", "N"])):
            s = synthetic_eels([metal, "O"], energy_axis=(min(l3, 532) - 60.0, 0.25, 2000), random_state=seed,
                               tall_white_line_probability=1.0)
            s.identify_edges(show_progressbar=False, elements=candidates)
            exact[j] += set(s.metadata.Sample.elements) == {metal, "O"}
    print(metal, "exact without / with candidates:", exact)
