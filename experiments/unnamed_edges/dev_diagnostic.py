"""The unnamed edges `identify_edges` lists on the real dev spectra (a diagnostic, in-sample; nothing is chosen on it).

Every dev spectrum (including the background-subtracted ones) is read as a user reads it, `identify_edges()` with
the defaults, and its table's `unnamed_edges` printed with the manifest's elements (`all_elements`, and
`possible_extra_elements` in brackets). Loaded with `score.py`'s loader from the shared folder at run time (nothing
is copied).

    python experiments/unnamed_edges/dev_diagnostic.py > experiments/unnamed_edges/out/dev.txt
"""

import csv
import importlib.util
import logging
import pathlib
import warnings

import hyperspy_eels_edgeid  # noqa: F401  (registers identify_edges)

DEV = pathlib.Path(__file__).resolve().parents[3] / "shared" / "real_spectra_dev"
spec = importlib.util.spec_from_file_location("dev_score", DEV / "score.py")
score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)
warnings.simplefilter("ignore")
logging.disable(logging.WARNING)
listed = 0
for row in csv.DictReader(open(DEV / "manifest.csv")):
    s = score.load_spectrum(DEV / row["file"])
    table = s.identify_edges()
    listed += len(table.unnamed_edges)
    print(f"{row['id']} ({row['e_min']}-{row['e_max']} eV): truth {row['all_elements']} "
          f"[{row['possible_extra_elements']}]; reported {','.join(table.elements)}")
    for u in table.unnamed_edges:
        print(f"    {u.onset:.1f} eV {u.shape} {u.probability:.2f}: {', '.join(u.candidates)}")
print(f"{listed} unnamed edges listed")
