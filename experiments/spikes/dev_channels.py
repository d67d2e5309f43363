"""Which channels of the 23 dev spectra does `remove_spikes` change, with and without the streak pass?

Usage: python experiments/spikes/dev_channels.py
"""

import csv

import numpy as np

import hyperspy_eels_edgeid.recognizer.spikes as spikes
from hyperspy_eels_edgeid.workflows.real_spectra import REAL_DEV_DIR

rows = [r for r in csv.DictReader(open(f"{REAL_DEV_DIR}/manifest.csv")) if r.get("background_subtracted") != "yes"]
default = spikes.STREAK_MAX_CHANNELS
for row in rows:
    data = np.loadtxt(f"{REAL_DEV_DIR}/{row['file']}", delimiter=",", skiprows=1)
    energy, y = data[:, 0], data[:, 1]
    changed = {}
    for streaks in (0, default):
        spikes.STREAK_MAX_CHANNELS = streaks
        changed[streaks] = np.flatnonzero(spikes.remove_spikes(energy, y[None])[0] != y)
    print(f"{row['id'] if 'id' in row else row['file']}: {np.median(np.diff(energy)):.3f} eV per channel; "
          f"changed {energy[changed[0]].round(1).tolist()} without streaks, {energy[changed[default]].round(1).tolist()} with")
