# O alone at fixed jump ratios in the CeO2 quantification window (450-1050 eV at 0.5 eV), bundled weights.
# Run: python experiments/ceo2_oxygen/o_recall_by_jump_ratio.py
import warnings, numpy as np
warnings.filterwarnings("ignore")
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
rec = load_recognizer(device="cpu"); names = list(rec.elements); kO = names.index("O")
cfg = SynthesisConfig()
for jr in (0.03, 0.06, 0.1, 0.2, 0.4):
    b = synthesize_batch(100, cfg, rng=5, elements=["O"], energy_axis=(450.0, 0.5, 1200), jump_ratios={"O": jr})
    found = []
    for i in range(len(b)):
        p = rec.predict(b.energy_axis(i), b.spectra[i])
        found.append(p.probabilities[0, kO] >= rec.thresholds[kO] if np.ndim(rec.thresholds) else p.probabilities[0, kO] >= rec.thresholds)
    print(jr, "O recall", np.mean(found))
