"""Lanthanide oxides read as `identify_edges` reads one spectrum (a probe; nothing is chosen on it).

Issue 14's real-data notes list Ce, Nd and Yb M4,5 edges missed or read as other elements. Each lanthanide La-Lu
with O (`SynthesisConfig.realistic()` ranges, lanthanide M5/M4 ratios by 4f occupancy, tall lines with probability
``--tall``), on one window, 450-1730 eV at 0.5 eV per channel (2,560 channels: O K and every M4,5 edge of La-Lu
inside), ``--n`` spectra per element from seed ``--seed + i``; each made an `EELSSpectrum` and read with
`identify_edges`' defaults.  Prints, per element, how often it is found, how often the set is exactly {Ln, O}, and
the other elements written, and the PSNR of each missed lanthanide's principal edge (`metadata.Truth`'s; the
synthetic benchmark counts an element below PSNR 3 as don't care).

    OMP_NUM_THREADS=1 python experiments/lanthanide_oxides/probe.py --seed 63000 --n 20
"""

import argparse
import collections
import logging
import warnings

import exspy
import numpy as np
import torch

import hyperspy_eels_edgeid as pkg
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch

warnings.simplefilter("ignore")
logging.disable(logging.WARNING)
torch.set_num_threads(1)
LANTHANIDES = ["La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu"]
parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int, default=63000)
parser.add_argument("--n", type=int, default=20)
parser.add_argument("--tall", type=float, default=0.5)
parser.add_argument("--alone", action="store_true", help="the lanthanide without O")
args = parser.parse_args()
config = SynthesisConfig.realistic()
config = type(config)(**{**config.__dict__, "m45_branching": "4f", "tall_white_line_probability": args.tall,
                         "extra_element_probability": {}, "below_window_probability": 0.0})
found_all = exact_all = visible_all = found_visible_all = 0
false_all = collections.Counter()
for i, ln in enumerate(LANTHANIDES):
    elements = [ln] if args.alone else [ln, "O"]
    batch = synthesize_batch(args.n, config, rng=args.seed + i, elements=elements, energy_axis=(450.0, 0.5, 2560))
    found = exact = 0
    wrong = collections.Counter()
    missed_psnr = []
    visible = found_visible = 0
    for k in range(len(batch)):
        energy = batch.energy_axis(k)
        s = exspy.signals.EELSSpectrum(batch.spectra[k, : energy.size].astype(np.float32))
        s.axes_manager[0].offset, s.axes_manager[0].scale = float(energy[0]), float(energy[1] - energy[0])
        s.axes_manager[0].units = "eV"
        pkg.identify_edges(s, show_progressbar=False)
        got = set(s.metadata.Sample.elements)
        found += ln in got
        rows = batch.edges[(batch.edges["spectrum"] == k) & batch.edges["is_label"] & (batch.edges["element"] == ln)]
        psnr = float(rows["psnr"].max()) if len(rows) else np.nan
        visible += psnr >= 3
        found_visible += psnr >= 3 and ln in got
        if ln not in got:
            missed_psnr.append(psnr)
        exact += got == set(elements)
        wrong.update(got - set(elements))
    found_all += found
    visible_all += visible
    found_visible_all += found_visible
    exact_all += exact
    false_all.update(wrong)
    print(f"{ln:2s} found {found:2d}/{args.n} (PSNR >= 3: {found_visible}/{visible}) exact {exact:2d} other {dict(wrong.most_common(4))} "
          f"missed PSNR {np.round(sorted(missed_psnr), 1).tolist()}", flush=True)
n = args.n * len(LANTHANIDES)
print(f"all: found {found_all}/{n} (PSNR >= 3: {found_visible_all}/{visible_all}) exact {exact_all} false {sum(false_all.values())} {dict(false_all.most_common(8))}")
