"""LSMO line-scan twins (428-721 eV, issue 14's real case) with tall Mn lines: Sample.elements exactly Mn and O?

20 synthetic line scans of 20 pixels, Mn and O, `tall_white_line_probability=1` (Mn L3 3.6-11 times its step), the
energy axis of issue 14's LSMO line scan at 0.25 eV per channel; `identify_edges` defaults. Usage: python lsmo_tall.py
"""
import collections
import logging
import warnings

from hyperspy_eels_edgeid.data import synthetic_eels

warnings.filterwarnings("ignore")
logging.getLogger("hyperspy").setLevel(logging.ERROR)
exact, false, missed = 0, collections.Counter(), collections.Counter()
for seed in range(600, 620):
    s = synthetic_eels(["Mn", "O"], navigation_shape=(20,), energy_axis=(428.0, 0.25, 1172), random_state=seed,
                       tall_white_line_probability=1.0)
    s.identify_edges(show_progressbar=False)
    got = set(s.metadata.Sample.elements)
    exact += got == {"Mn", "O"}
    false.update(got - {"Mn", "O"})
    missed.update({"Mn", "O"} - got)
print(f"LSMO twins with tall Mn lines: exact {exact}/20; missed {dict(missed)}; false {dict(false)}")
