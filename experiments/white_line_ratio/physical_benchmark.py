"""The issue's synthetic benchmark with the default's random white-line ratios and with physical ones (diagnostic).

10,000 spectra of the default `SynthesisConfig` (min PSNR 3 don't care, with the shift search, as `eels-edgeid
evaluate`), then the same seed with only `l23_branching="3d"` and `m45_branching="4f"` (both use the same random
numbers, so the spectra differ in their line ratios only). Nothing is chosen on this.

Usage: python experiments/white_line_ratio/physical_benchmark.py MODEL_DIR [SEED]
"""

import sys
import warnings

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.protocols import evaluate_synthetic

warnings.filterwarnings("ignore")
rec = load_recognizer(None if sys.argv[1] == "bundled" else sys.argv[1], device="cpu")
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20261310
for name, config in (("random ratios (default)", SynthesisConfig()),
                     ("physical ratios", SynthesisConfig(l23_branching="3d", m45_branching="4f"))):
    r = evaluate_synthetic(rec, 10000, seed, config=config, show_progressbar=False, shift_search=True)
    print(name, {k: round(v, 4) for k, v in r["metrics"].items() if isinstance(v, float)}, flush=True)
