"""rule.md's items 1-2: each network alone at 0.35 (the bundled decoder, one pass, no search) on thick light-K oxides
and on As compounds.

    python experiments/thick_light_k/network_probe.py stage20=model_weights C0=experiments/confusable_pairs/weights/C0 \
        T=runs/tk_T
Each model folder is copied to /tmp with the bundled JSON's decoder settings and threshold 0.35 for every element.
"""

import collections
import json
import logging
import shutil
import sys
import warnings
from pathlib import Path

import numpy as np

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

warnings.simplefilter("ignore")
logging.disable(logging.WARNING)
BUNDLED = json.loads(Path("model_weights/edge_recognizer.json").read_text())
IMITATORS = {"As", "Br", "Ga", "Rb", "Se", "W"}
THICK = {"MgO": (["Mg", "O"], (450.0, 0.5, 2048)), "MgAl2O4": (["Mg", "Al", "O"], (450.0, 0.75, 2048)),
         "Al2O3": (["Al", "O"], (450.0, 0.75, 2048)), "SiO2": (["Si", "O"], (450.0, 0.75, 2048))}
ARSENIC = {"As2O3": (["As", "O"], (450.0, 0.5, 2048)), "GaAs": (["Ga", "As"], (1000.0, 0.5, 2048)),
           "InAs": (["In", "As"], (400.0, 0.5, 2048))}


def with_bundled_decoder(name, folder):
    out = Path("/tmp/thick_light_k_models") / name
    out.mkdir(parents=True, exist_ok=True)
    meta = json.loads((Path(folder) / "edge_recognizer.json").read_text())
    meta["decoder"], meta["image_decoder"] = BUNDLED["decoder"], BUNDLED.get("image_decoder")
    meta["thresholds"] = [0.35] * len(meta["elements"])
    (out / "edge_recognizer.json").write_text(json.dumps(meta))
    shutil.copy(Path(folder) / "edge_recognizer.safetensors", out / "edge_recognizer.safetensors")
    return load_recognizer(out, device="cpu")


def spectra(cases, first, n, thickness=None):
    for name, (elements, axis) in cases.items():
        for seed in range(first, first + n):
            kw = {} if thickness is None else {"thickness": float(np.random.default_rng(seed).uniform(*thickness))}
            yield name, set(elements), synthetic_eels(elements, energy_axis=axis, random_state=seed, **kw)


def main(models):
    recognizers = {name: with_bundled_decoder(name, folder) for name, folder in models}
    counts = {name: collections.Counter() for name in recognizers}
    for case, truth, s in spectra(THICK, 12000, 40, (0.6, 1.6)):
        for name, rec in recognizers.items():
            got = set(rec.predict(s.axes_manager[-1].axis, s.data).detected(0.35)[0])
            counts[name]["thick exact"] += got == truth
            counts[name][f"thick exact {case}"] += got == truth
            counts[name]["thick false imitators"] += len((got - truth) & IMITATORS)
    for case, truth, s in spectra(ARSENIC, 12100, 30):
        for name, rec in recognizers.items():
            got = set(rec.predict(s.axes_manager[-1].axis, s.data).detected(0.35)[0])
            counts[name]["As found"] += "As" in got
            counts[name][f"As found {case}"] += "As" in got
    for name, c in counts.items():
        print(name, dict(sorted(c.items())))


if __name__ == "__main__":
    main([arg.split("=", 1) for arg in sys.argv[1:]])
