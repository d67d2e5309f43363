# Jump ratios and PSNR of the edges in the CeO2 spectra of scripts/measure_quantification.py --source synthesizer.
# Run: python experiments/ceo2_oxygen/jump_ratios.py
import sys
import warnings

warnings.filterwarnings("ignore")
sys.path.insert(0, "scripts")
from measure_quantification import COMPOUNDS, synthesizer_spectrum  # noqa: E402

composition, axis = COMPOUNDS["CeO2"]
for thickness in (0.0, 0.3):
    for seed in range(3):
        edges = synthesizer_spectrum(composition, axis, seed, thickness).metadata.Truth.edges
        print(thickness, seed, [(e, round(j, 3), round(p, 1)) for e, j, p in zip(edges.edge, edges.jump_ratio, edges.psnr)])
