"""Why SnO2 seed 1 of scripts/measure_quantification.py --source synthesizer is 23.6 % off: the same spectrum with and
without the synthesizer's near-edge structure and smoothing, fitted by create_model with the true elements.

    python experiments/near_edge_fit/sno2_seed1.py > experiments/near_edge_fit/sno2_seed1.txt
"""
import sys, warnings, numpy as np
sys.path.insert(0, "scripts")
import measure_quantification as mq
from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.hyperspy.quantification import create_model, element_intensities
comp, axis = mq.COMPOUNDS["SnO2"]
seed = 1
for label, cfg in [("default", SynthesisConfig()), ("no near-edge", SynthesisConfig(near_edge_structure=False)),
                   ("no smoothing", SynthesisConfig(savgol_frame=(1, 1))),
                   ("neither", SynthesisConfig(near_edge_structure=False, savgol_frame=(1, 1)))]:
    rng = np.random.default_rng(seed)
    target = np.exp(np.random.default_rng([seed, 1]).uniform(*np.log(mq.STRONGEST_JUMP_RATIO)))
    s = synthetic_eels(list(comp), energy_axis=axis, random_state=seed, atomic_ratios=comp, thickness=0.0, shift=0.0,
                       expansion=0.0, jump_ratios=dict.fromkeys(comp, target), config=cfg)
    mq._forget_elements(s); s.add_elements(["O", "Sn"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = create_model(s); m.fit()
    f = element_intensities(m)
    print(label, f"error {mq.composition_error(f, comp):.1%}", s.metadata.Truth.parameters.beam_energy, s.metadata.Truth.parameters.collection_angle)
