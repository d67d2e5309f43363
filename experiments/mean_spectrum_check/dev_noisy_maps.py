"""The real dev spectra as noisy 8 x 8 maps: what do maps of them write? (in-sample check, decides nothing)

Each spectrum of ../shared/real_spectra_dev (read in memory, never copied) becomes an 8 x 8 map whose pixels are
Poisson draws of the spectrum's counts divided by DOSE (seed 0); identify_edges defaults. Prints the truth, the
single spectrum's elements and the map's, and counts maps whose written set equals the single spectrum's and the
truth (possible extra elements of the manifest not counted against either).

Usage: python experiments/mean_spectrum_check/dev_noisy_maps.py [DOSE]
"""

import csv
import logging
import pathlib
import sys
import warnings

import numpy as np
from exspy.signals import EELSSpectrum

import hyperspy_eels_edgeid  # noqa: F401  (registers identify_edges)

DEV = pathlib.Path(__file__).resolve().parents[3] / "shared" / "real_spectra_dev"
warnings.simplefilter("ignore")
logging.disable(logging.WARNING)


def main(dose: float):
    rng = np.random.default_rng(0)
    same = right = n = 0
    for row in csv.DictReader(open(DEV / "manifest.csv")):
        data = np.loadtxt(DEV / row["file"], delimiter=",", skiprows=1)
        e, y = data[:, 0], np.clip(data[:, 1], 0, None)
        axis = dict(size=len(e), offset=e[0], scale=e[1] - e[0], name="Energy loss", units="eV")
        single = EELSSpectrum(y, axes=[axis]).identify_edges().elements
        counts = rng.poisson(np.broadcast_to(y / dose, (8, 8, len(y)))).astype(np.float32)
        image = EELSSpectrum(counts, axes=[dict(size=8), dict(size=8), axis])
        image.identify_edges(show_progressbar=False)
        written = list(image.metadata.Sample.elements)
        extra = set(filter(None, row["possible_extra_elements"].split(";")))
        truth = set(filter(None, row["elements_in_range"].split(";")))
        n += 1
        same += set(written) - extra == set(single) - extra
        right += set(written) - extra == truth - extra
        print(f"{row['id']:32s} truth {sorted(truth)} single {single} map {written}", flush=True)
    print(f"dose 1/{dose:g}: {same} of {n} maps write the single spectrum's elements, {right} the truth "
          f"(possible extras aside; {hyperspy_eels_edgeid.__file__})")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 16.0)
