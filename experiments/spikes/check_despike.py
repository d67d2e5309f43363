"""rule_despike.md's items 1 and 3: the bundled model with and without spike removal, on spectra without spikes.

1. ``evaluate_synthetic`` (10,000 default spectra, seed 20260101), every spectrum through ``remove_spikes`` or not;
3. ``scripts/measure_narrow_windows.py``'s protocols (``--seeds 20``), ``EdgeRecognizer.predict`` and
   ``identify_edges`` with or without the removal.

Usage: python experiments/spikes/check_despike.py [--n 10000] [--seeds 20]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

import hyperspy_eels_edgeid.hyperspy.blocks as blocks
import hyperspy_eels_edgeid.workflows.protocols as protocols
from hyperspy_eels_edgeid.recognizer.inference import EdgeRecognizer
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.spikes import remove_spikes

from common import add_removal_options, configured_removal  # this folder

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import measure_narrow_windows as narrow  # noqa: E402

ORIGINAL = {"synth": protocols.synthesize_batch, "predict": EdgeRecognizer.predict}


def despiked_batch(*args, **kwargs):
    batch = ORIGINAL["synth"](*args, **kwargs)
    spectra = batch.spectra.copy()
    for i, row in enumerate(spectra):
        energy = batch.energy_axis(i)
        row[: energy.size] = remove_spikes(energy, row[None, : energy.size])[0]
    batch.spectra = spectra
    return batch


def despiked_predict(self, energy, spectra, **kwargs):
    return ORIGINAL["predict"](self, energy, remove_spikes(energy, np.atleast_2d(spectra)), **kwargs)


def switch(on: bool) -> None:
    protocols.synthesize_batch = despiked_batch if on else ORIGINAL["synth"]
    EdgeRecognizer.predict = despiked_predict if on else ORIGINAL["predict"]
    identity = lambda energy, spectra: np.asarray(spectra, dtype=float)  # noqa: E731
    blocks.remove_spikes = remove_spikes if on else identity  # identify_edges reaches it through blocks.prepare_spectra


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--only-on", action="store_true", help="skip the run without removal")
    add_removal_options(ap)
    a = ap.parse_args(argv)
    global remove_spikes
    remove_spikes = configured_removal(a)
    rec = load_recognizer(None, device="cpu")
    for on in (True,) if a.only_on else (False, True):
        switch(on)
        m = protocols.evaluate_synthetic(rec, a.n, 20260101, show_progressbar=False, shift_search=False)["metrics"]
        print(f"spike removal {'on ' if on else 'off'}: synthetic {a.n} (seed 20260101) F1 {m['f1']:.4f} "
              f"exact {m['exact']:.4f} precision {m['precision']:.4f}", flush=True)
        windows = narrow.narrow_windows(None, a.seeds)
        images = narrow.spectrum_images(None, a.seeds)
        exact = sum(r["exact"] for r in windows.values()) + sum(r["exact"] for r in images.values())
        print(f"  narrow windows + map twins exact {exact} of "
              f"{sum(r['n'] for r in windows.values()) + sum(r['n'] for r in images.values())}", flush=True)
        for name, r in {**windows, **images}.items():
            print(f"    {name}: exact {r['exact']}/{r['n']}; missed {r['missed']}; false {r['false']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
