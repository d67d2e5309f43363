"""The two plural-scattering outliers of the quantification spectra, fitted with and without the low-loss spectrum.

SrTiO3 and BaTiO3, seed 0 (300 kV, 5 mrad), t/λ 0 and 0.3, from ``scripts/measure_quantification.py
--source synthesizer``; ``create_model`` as bundled with the true elements, once with the matching
``synthetic_low_loss`` (as ``--low-loss``) and once without. Prints the fitted atomic fractions
(truth: 0.2 / 0.2 / 0.6). A diagnostic: nothing is chosen on it.

Usage: python experiments/near_edge_fit/low_loss_outliers.py
"""

import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from measure_quantification import COMPOUNDS, synthesizer_spectrum  # noqa: E402

from hyperspy_eels_edgeid.hyperspy.quantification import create_model  # noqa: E402

for name in ("SrTiO3", "BaTiO3"):
    composition, axis = COMPOUNDS[name]
    for thickness in (0.0, 0.3):
        spectrum = synthesizer_spectrum(composition, axis, 0, thickness)
        for low_loss in (spectrum.tmp_parameters.low_loss, None):
            s = spectrum.deepcopy()
            s.add_elements(sorted(composition))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                m = create_model(s, low_loss=low_loss)
                m.fit()
            fit = {c.element: c.intensity.value for c in m if hasattr(c, "element") and c.intensity.twin is None}
            total = sum(fit.values())
            fractions = {k: round(v / total, 3) for k, v in sorted(fit.items())}
            print(f"{name:7s} t/lambda {thickness:.1f}  low-loss {'given' if low_loss is not None else 'none '}  {fractions}")
