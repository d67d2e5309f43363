# Recall of an element, and elements reported that are not there, as its principal edge's jump ratio grows
# beyond the training range (SynthesisConfig: 0.05-1.0, Mn 0.5, Co 0.7 ...). Bundled weights, O beside it
# at a fixed jump ratio 0.5, 60 spectra per cell, seed 7, default synthesis settings otherwise.
# Run: python experiments/strong_edges/probe.py
import sys, warnings, numpy as np
warnings.filterwarnings("ignore")
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.recognizer.inference import load_recognizer

rec = load_recognizer(device="cpu"); names = list(rec.elements)
cfg = SynthesisConfig()
CASES = {  # element: window (offset, dispersion, channels), O K 532 inside
    "Ti": (400.0, 0.25, 1600), "Mn": (450.0, 0.25, 1600), "Fe": (450.0, 0.5, 1000), "Co": (450.0, 0.5, 1000),
    "Ni": (450.0, 0.5, 1000), "La": (450.0, 0.5, 1200), "Ce": (450.0, 0.5, 1200), "Ba": (450.0, 0.5, 1000),
}
N = int(sys.argv[1]) if len(sys.argv) > 1 else 60
print(f"{'el':3s} " + " ".join(f"jr={x:<4}" for x in (0.3, 0.6, 1.0, 2.0, 4.0)) + "   (recall / false elements per spectrum)")
for el, axis in CASES.items():
    k = names.index(el)
    row = []
    for jr in (0.3, 0.6, 1.0, 2.0, 4.0):
        b = synthesize_batch(N, cfg, rng=7, elements=[el, "O"], energy_axis=axis, jump_ratios={el: jr, "O": 0.5})
        p = rec.predict(b.energy_axis(0), b.spectra)
        rep = p.probabilities >= rec.thresholds
        truth = np.zeros_like(rep); truth[:, k] = True; truth[:, names.index("O")] = True
        fp = (rep & ~truth).sum(1)
        others = {}
        for i, j in zip(*np.nonzero(rep & ~truth)):
            others[names[j]] = others.get(names[j], 0) + 1
        row.append((rep[:, k].mean(), fp.mean(), sorted(others.items(), key=lambda t: -t[1])[:2]))
    print(f"{el:3s} " + " ".join(f"{r:.2f}/{f:.2f}" for r, f, _ in row), "  ", [o for *_, o in row][-2:])
