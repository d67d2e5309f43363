"""The real dev spectra as 3 x 3 maps of copies: does a map give the single spectrum's elements? (in-sample check)

Each spectrum of ../shared/real_spectra_dev (read in memory, never copied) is read alone and as a 3 x 3 map of
identical copies (identify_edges defaults); prints both element sets and whether they agree, and the scored truth.

Usage: python experiments/mean_spectrum_check/dev_maps.py
"""

import csv
import logging
import pathlib
import warnings

import numpy as np
from exspy.signals import EELSSpectrum

import hyperspy_eels_edgeid  # noqa: F401  (registers identify_edges)

DEV = pathlib.Path(__file__).resolve().parents[3] / "shared" / "real_spectra_dev"
warnings.simplefilter("ignore")
logging.disable(logging.WARNING)


def main():
    agree = 0
    rows = list(csv.DictReader(open(DEV / "manifest.csv")))
    for row in rows:
        data = np.loadtxt(DEV / row["file"], delimiter=",", skiprows=1)
        e, y = data[:, 0], data[:, 1]
        axis = dict(size=len(e), offset=e[0], scale=e[1] - e[0], name="Energy loss", units="eV")
        single = EELSSpectrum(y, axes=[axis]).identify_edges().elements
        image = EELSSpectrum(np.broadcast_to(y, (3, 3, len(y))).copy(), axes=[dict(size=3), dict(size=3), axis])
        image.identify_edges(show_progressbar=False)
        written = list(image.metadata.Sample.elements)
        agree += written == single
        print(f"{row['id']:32s} truth {row['elements_in_range']:10s} single {single} map {written}"
              f"{'' if written == single else '  DIFFERENT'}", flush=True)
    print(f"{agree} of {len(rows)} maps write the single spectrum's elements ({hyperspy_eels_edgeid.__file__})")


if __name__ == "__main__":
    main()
