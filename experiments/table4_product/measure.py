"""The paper's Table-4 protocol read as `identify_edges` reads a single spectrum (a measurement; nothing is chosen).

`protocols.evaluate_sensitivity` reads its spectra with the network and decoder alone (no shift search, no white-line
ratio check). Here every spectrum of the same protocol (`sensitivity_config()`, 90-1000 eV at 0.2 eV, exponent 1.88,
16 noise realisations per jump ratio, 25 geometric steps from 0.5 down, seed 4, one random stream per element as
there) is made an `EELSSpectrum` and read with `identify_edges` and its defaults (the single-spectrum ensemble, the
shift search, the ratio check). An element counts at a jump ratio when reported in at least half of the 16.

    python experiments/table4_product/measure.py [ELEMENT ...] > experiments/table4_product/out.txt
"""

import logging
import sys
import warnings

import exspy
import numpy as np

import hyperspy_eels_edgeid as pkg
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis.generator import synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import (
    PAPER_ELEMENTS, PAPER_TABLE4, SENSITIVITY_AXIS, SENSITIVITY_EXPONENT, sensitivity_config,
)  # fmt: skip

warnings.simplefilter("ignore")
logging.disable(logging.WARNING)
elements = sys.argv[1:] or list(PAPER_ELEMENTS)
index = {e: k for k, e in enumerate(load_recognizer(device="cpu").elements)}
config = sensitivity_config()
met = 0
print("| element | paper jump ratio | lowest jump ratio reported in >= 8 of 16 (PSNR) | what else is reported there |")
print("|---|---|---|---|")
for element in elements:
    rng = np.random.default_rng([4, index[element]])
    lowest, psnr, others = None, None, {}
    for jr in np.geomspace(0.5, 0.005, 25):
        batch = synthesize_batch(16, config, rng, elements=[element], jump_ratios={element: float(jr)},
                                 energy_axis=SENSITIVITY_AXIS, fixed={"background_exponent": SENSITIVITY_EXPONENT})
        hits, extra = 0, {}
        for i in range(len(batch)):
            energy = batch.energy_axis(i)
            s = exspy.signals.EELSSpectrum(batch.spectra[i, : energy.size].astype(np.float32))
            s.axes_manager[0].offset, s.axes_manager[0].scale = float(energy[0]), float(energy[1] - energy[0])
            s.axes_manager[0].units = "eV"
            pkg.identify_edges(s, show_progressbar=False)
            got = set(s.metadata.Sample.elements)
            hits += element in got
            for e in got - {element}:
                extra[e] = extra.get(e, 0) + 1
        if hits < 8:
            break
        rows = batch.edges[batch.edges["is_label"] & (batch.edges["element"] == element)]
        lowest, psnr, others = float(jr), float(np.median(rows["psnr"])), extra
    paper = PAPER_TABLE4[element][1]
    met += lowest is not None and lowest <= paper
    shown = "not detected" if lowest is None else f"{lowest:.3f} ({psnr:.2f})"
    print(f"| {element} | {paper} | {shown} | {others or ''} |", flush=True)
print(f"meets the paper: {met} of {len(elements)}")
