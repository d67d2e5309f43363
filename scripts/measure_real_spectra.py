"""Measure background exponents, noise and windows of labelled real spectra (calibration only).

Run:  python scripts/measure_real_spectra.py ../shared/real_spectra_dev

For every spectrum of the folder's manifest that is not background-subtracted:
the background exponent r of a power law fitted (log I vs log E) between the
window start and 10 eV before the first labelled edge (onsets from exspy's
database), the relative noise (standard deviation of the residual from a
31-channel moving average, over the mean level, in that region), and the
window (start, dispersion, channels).  Prints one row per spectrum and the
summary that `SynthesisConfig.realistic()` is compared with in
docs/synthesis.md.  Nothing is written and nothing is kept: the spectra are
for checking and calibrating the forward model, never for training.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
from scipy.ndimage import uniform_filter1d

from hyperspy_eels_edgeid.edges import edge_groups_of


def measure(energy: np.ndarray, intensity: np.ndarray, first_onset: float) -> dict:
    region = (energy < first_onset - 10) & (intensity > 0)
    if region.sum() < 40:
        return {}
    e, y = energy[region], intensity[region]
    slope, intercept = np.polyfit(np.log(e), np.log(y), 1)
    smooth = uniform_filter1d(y, 31, mode="nearest")
    noise = np.std((y - smooth)[15:-15]) / np.mean(y)
    return {"r": -slope, "noise": noise, "fit_range": (e[0], e[-1])}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="folder with manifest.csv and spectra/")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    rows = list(csv.DictReader(open(folder / "manifest.csv")))
    rs, noises, starts, dispersions, lengths = [], [], [], [], []
    for row in rows:
        if row["background_subtracted"] == "yes":
            continue
        energy, intensity = np.loadtxt(folder / row["file"], delimiter=",", skiprows=1, unpack=True)
        elements = [e for e in row["elements_in_range"].split(";") if e]
        onsets = [
            g.onset
            for element in elements
            for g in edge_groups_of(element)
            if g.principal and energy[0] <= g.onset <= energy[-1]
        ]
        m = measure(energy, intensity, min(onsets))
        starts.append(energy[0])
        dispersions.append(np.median(np.diff(energy)))
        lengths.append(energy.size)
        if m:
            rs.append(m["r"])
            noises.append(m["noise"])
            print(f"r = {m['r']:.2f}  noise = {m['noise']:.4f}  fit {m['fit_range'][0]:.0f}-{m['fit_range'][1]:.0f} eV")
    q = lambda a: np.percentile(a, [0, 25, 50, 75, 100]).round(3).tolist()  # noqa: E731
    print(f"\n{len(rs)} background fits; r quartiles (min, 25, 50, 75, max): {q(rs)}")
    print(f"relative noise quartiles: {q(noises)}")
    print(f"window start: {q(starts)} eV; dispersion: {q(dispersions)} eV; channels: {q(lengths)}")


if __name__ == "__main__":
    main()
