"""rule.md's item 6 (narrow windows): `scripts/measure_narrow_windows.py`'s single spectra read by the single-spectrum
ensemble with the search, then, where the package on PYTHONPATH has it, the line-ratio check (as `identify_edges`).

    PYTHONPATH=ROOT python experiments/line_ratio_check/narrow.py NAME
"""

import pathlib
import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.hyperspy.training_conditions import single_spectrum_ensemble
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.shift_search import search_shifts

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "scripts"))
from measure_narrow_windows import CALIBRATED, NARROW_ELEMENTS, NARROW_WINDOWS, synthetic_eels, tally  # noqa: E402

try:
    from hyperspy_eels_edgeid.hyperspy.line_ratio_check import ratio_checked
except ImportError:  # arm OFF
    ratio_checked = None

warnings.filterwarnings("ignore")
rec = load_recognizer(single_spectrum_ensemble(), device="cpu")
for name, (dispersion, channels, before) in NARROW_WINDOWS.items():
    truths, found = [], []
    for i, element in enumerate(NARROW_ELEMENTS):
        rng = np.random.default_rng([i, 20, int(dispersion * 1000)])
        for seed in range(20):
            offset = min(rec.metadata["onsets"][rec.elements.index(element)]) - rng.uniform(*before)
            s = synthetic_eels([element], energy_axis=(offset, dispersion, channels), config=CALIBRATED, random_state=rng)
            axis = s.axes_manager[-1].axis
            pred = search_shifts(rec, lambda c: rec.predict(axis + c, s.data[None]))[1]
            if ratio_checked is not None:
                pred, _ = ratio_checked(pred, axis, s.data.astype(np.float32), rec.decoder.thresholds)
            truths.append({element})
            found.append({rec.elements[k] for k in np.flatnonzero(pred.probabilities[0] >= rec.decoder.thresholds)})
    t = tally(truths, found)
    print(f"{sys.argv[1]} | narrow windows, {name}: exact {t['exact']}/{t['n']}; missed {t['missed']}; false {t['false']}",
          flush=True)
