"""Where the SnO2 quantification error comes from (diagnostic, 7 Dec 2026; nothing is chosen on it).

The three SnO2 spectra of `scripts/measure_quantification.py --source synthesizer` (seeds 0-2, 420-920 eV, true
elements given, `create_model` -> `m.fit()`, no low-loss) drawn again with parts of the forward model switched
off: the largest error of the atomic fractions per seed.

    python experiments/sno2_near_edge/probe.py 3 > experiments/sno2_near_edge/out.txt
"""
import pathlib
import sys
import numpy as np
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "scripts"))
from measure_quantification import COMPOUNDS, synthesizer_spectrum, quantify, composition_error
from hyperspy_eels_edgeid.synthesis.config import SynthesisConfig
comp, axis = COMPOUNDS["SnO2"]
variants = {
  "default": None,
  "no NES": SynthesisConfig(near_edge_structure=False),
  "noise-free": SynthesisConfig(noise_sigma=0.0, shot_noise=False),
  "no NES, noise-free": SynthesisConfig(near_edge_structure=False, noise_sigma=0.0, shot_noise=False),
  "no secondary": SynthesisConfig(secondary_edges=False),
  "300kV 5mrad": SynthesisConfig(beam_energy=(300,300), collection_angle=(5,5)),
  "100kV 50mrad": SynthesisConfig(beam_energy=(100,100), collection_angle=(50,50)),
  "100kV 50mrad noise-free noNES": SynthesisConfig(beam_energy=(100,100), collection_angle=(50,50), near_edge_structure=False, noise_sigma=0.0, shot_noise=False),
  "200kV 20mrad noise-free noNES": SynthesisConfig(beam_energy=(200,200), collection_angle=(20,20), near_edge_structure=False, noise_sigma=0.0, shot_noise=False),
}
for name, cfg in variants.items():
    errs = []
    for seed in range(int(sys.argv[1])):
        s = synthesizer_spectrum(comp, axis, seed, config=cfg)
        found, ok = quantify(s, ["O", "Sn"])
        errs.append(composition_error(found, comp))
    print(f"{name:32s}", " ".join(f"{e:6.1%}" for e in errs), flush=True)
