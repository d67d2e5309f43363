"""N K against Sc L2,3 with every edge inside the window (a companion to `probe.py`; diagnostic).

20 spectra each of N, Sc, Sc + O, Ti + N (`synthetic_eels`, equal atomic ratios, jump ratio 3, 330-729.5 eV at 0.5 eV
per channel, `SynthesisConfig(elnes_families=True, elnes_k_pair_probability=1.0)`, seeds 60400-60419), read by
`identify_edges` as a user would; the elements reported, counted.

    python experiments/window_start_tail/nitrides.py > experiments/window_start_tail/nitrides.txt
"""

import collections
import warnings

import hyperspy_eels_edgeid as edgeid
from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

warnings.simplefilter("ignore")
CONFIG = SynthesisConfig(elnes_families=True, elnes_k_pair_probability=1.0)
for present in (["N"], ["Sc"], ["Sc", "O"], ["Ti", "N"]):
    counts = collections.Counter()
    for seed in range(60400, 60420):
        s = synthetic_eels(present, atomic_ratios=dict.fromkeys(present, 1), jump_ratios=dict.fromkeys(present, 3.0),
                           energy_axis=(330.0, 0.5, 800), random_state=seed, config=CONFIG)  # fmt: skip
        del s.metadata.Truth
        counts.update(edgeid.identify_edges(s, add_elements=False, show_progressbar=False).elements)
    print(f"{'+'.join(present)}: reported in 20 spectra {dict(counts.most_common())}", flush=True)
