"""The card's onset figure for the bundled model: scripts/decoder_ablation.py's onset_errors on 3,000 default
synthetic spectra of seed 20261202 (python experiments/stage20/onsets.py)."""

import importlib.util
import pathlib
import warnings

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

warnings.filterwarnings("ignore")
path = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "decoder_ablation.py"
spec = importlib.util.spec_from_file_location("decoder_ablation", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print(module.onset_errors(load_recognizer(device="cpu"), 3000, 20261202))
