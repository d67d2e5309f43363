"""Diagnostic (decides nothing): the local check's neighbourhood sums of each written minority element (under half
the pixels), read as identify_edges reads a single spectrum (E3, shift search, ratio check); noisy 8 x 8 maps of four
dev spectra (in-sample, dose 1/16, seed 0) and 40 default 8 x 8 maps (seeds 35000-35039). Run from the repository root:
    python experiments/mean_spectrum_check/local_single_reading.py"""
import csv, logging, pathlib, sys, warnings
import numpy as np
from exspy.signals import EELSSpectrum
import hyperspy_eels_edgeid
from hyperspy_eels_edgeid.hyperspy.local_check import LOCAL_PIXELS, neighbourhood
warnings.simplefilter("ignore"); logging.disable(logging.WARNING)

def probe(name, image, truth):
    p = image.identify_edges(show_progressbar=False)
    table = p.summary()
    data = np.asarray(image.data, float).reshape(-1, image.data.shape[-1])
    probs = np.asarray(p.data).reshape(-1, len(p.elements))
    nav = image.axes_manager.navigation_shape[::-1]
    valid = np.isfinite(probs[:, 0])
    one = image.inav[0, 0].deepcopy() if image.axes_manager.navigation_dimension == 2 else image.inav[0].deepcopy()
    for r in table:
        if r.pixel_fraction >= 0.5: continue
        k = p.elements.index(r.element)
        best = np.argsort(-np.nan_to_num(probs[:, k]))[:LOCAL_PIXELS]
        e3 = []
        for i in best:
            one.data = data[neighbourhood(int(i), nav, valid)].sum(0)
            t = one.identify_edges(add_elements=False)
            e3.append(float(t.probabilities.data[t.probabilities.metadata.EdgeID.elements.index(r.element)]))
        print(f"{name:28s} {r.element:2s} {'true ' if r.element in truth else 'FALSE'} frac {r.pixel_fraction:.2f} "
              f"E3 on neighbourhoods max {max(e3):.2f}", flush=True)

DEV = pathlib.Path("/work/shared/real_spectra_dev")
rng = np.random.default_rng(0)
for row in csv.DictReader(open(DEV / "manifest.csv")):
    data = np.loadtxt(DEV / row["file"], delimiter=",", skiprows=1)
    e, y = data[:, 0], np.clip(data[:, 1], 0, None)
    axis = dict(size=len(e), offset=e[0], scale=e[1] - e[0], name="Energy loss", units="eV")
    counts = rng.poisson(np.broadcast_to(y / 16, (8, 8, len(y)))).astype(np.float32)
    if row["id"] not in ("atlas_La2O3_0700_1710eV", "atlas_LiF_0_0910eV", "atlas_Nb2O5_0_0920eV", "atlas_SrO_1820_2840eV"):
        continue
    probe(row["id"], EELSSpectrum(counts, axes=[dict(size=8), dict(size=8), axis]), set(row["elements_in_range"].split(";")))
sys.path.insert(0, "experiments/spectrum_images")
from pooled import images
class A: seeds=(35000, 35040); shape=[8, 8]; twins=False; realistic=False
for name, truth, s in images(A()):
    probe(name, s, truth)
