"""The two plural-scattering outliers of the quantification spectra, fitted with and without the low-loss spectrum.

SrTiO3 and BaTiO3, seed 0 (300 kV, 5 mrad), t/λ 0 and 0.3, from ``scripts/measure_quantification.py
--source synthesizer``; ``create_model`` as bundled with the true elements, once with the matching
``synthetic_low_loss`` (as ``--low-loss``) and once without. Prints the fitted atomic fractions
(truth: 0.2 / 0.2 / 0.6). A diagnostic: nothing is chosen on it.

Usage: python experiments/near_edge_fit/low_loss_outliers.py
"""

from measure import COMPOUNDS, fit, synthesizer_spectrum  # this folder's measure.py (it puts scripts/ on the path)

for name in ("SrTiO3", "BaTiO3"):
    composition, axis = COMPOUNDS[name]
    for thickness in (0.0, 0.3):
        spectrum = synthesizer_spectrum(composition, axis, 0, thickness)
        for low_loss in (spectrum.tmp_parameters.low_loss, None):
            intensities = fit(spectrum.deepcopy(), composition, 0.0, low_loss)  # create_model as bundled
            total = sum(intensities.values())
            fractions = {k: round(v / total, 3) for k, v in sorted(intensities.items())}
            print(f"{name:7s} t/lambda {thickness:.1f}  low-loss {'given' if low_loss is not None else 'none '}  {fractions}")
