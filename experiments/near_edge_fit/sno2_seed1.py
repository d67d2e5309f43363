"""Why SnO2 seed 1 of scripts/measure_quantification.py --source synthesizer is 23.6 % off: the same spectrum with and
without the synthesizer's near-edge structure and smoothing, fitted by create_model with the true elements.

    python experiments/near_edge_fit/sno2_seed1.py > experiments/near_edge_fit/sno2_seed1.txt
"""

import sys
import warnings

sys.path.insert(0, "scripts")
import measure_quantification as mq  # noqa: E402

from hyperspy_eels_edgeid.synthesis import SynthesisConfig  # noqa: E402

warnings.filterwarnings("ignore")
composition, axis = mq.COMPOUNDS["SnO2"]
cases = {
    "default": SynthesisConfig(),
    "no near-edge": SynthesisConfig(near_edge_structure=False),
    "no smoothing": SynthesisConfig(savgol_frame=(1, 1)),
    "neither": SynthesisConfig(near_edge_structure=False, savgol_frame=(1, 1)),
}
for label, config in cases.items():
    s = mq.synthesizer_spectrum(composition, axis, seed=1, config=config)
    found, _ = mq.quantify(s, list(composition))
    parameters = s.metadata.Truth.parameters
    print(label, f"error {mq.composition_error(found, composition):.1%}", parameters.beam_energy, parameters.collection_angle)
