"""rule.md: measure_quantification.py's synthesizer spectra with the white-line exclusion ending FACTOR x Ep later.

Usage: python experiments/replica_window/run.py FACTOR
"""

import sys
from pathlib import Path

import hyperspy_eels_edgeid.hyperspy.quantification as quantification

factor = float(sys.argv[1])
original = quantification._plasmon_energy
quantification._plasmon_energy = lambda low_loss: factor * original(low_loss)
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import measure_quantification  # noqa: E402

sys.argv = [sys.argv[0], "--source", "synthesizer", "--low-loss", "--seeds", "3", "--thickness", "0.0", "0.3"]
print(f"white-line exclusion to last onset + 20 eV + {factor} x Ep")
measure_quantification.main()
