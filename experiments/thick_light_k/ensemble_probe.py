"""Thick light-K oxides and As compounds read by identify_edges with the single-spectrum ensemble as bundled (E3)
and with the thick-specimen reader counted twice (a diagnostic; decides nothing).

    python experiments/thick_light_k/ensemble_probe.py
Spectra and scoring as network_probe.py (seeds 12000-12039 thick, 12100-12129 As), identify_edges defaults.
"""

import collections
import logging
import warnings

from hyperspy_eels_edgeid.hyperspy.training_conditions import single_spectrum_ensemble

from network_probe import ARSENIC, IMITATORS, THICK, spectra  # noqa: E402  (this folder's)

warnings.simplefilter("ignore")
logging.disable(logging.WARNING)


def main():
    main_model, branching, thick = single_spectrum_ensemble()
    arms = {"E3": None, "E3 + thick again": (main_model, branching, thick, thick)}
    counts = {name: collections.Counter() for name in arms}
    for case, truth, s in spectra(THICK, 12000, 40, (0.6, 1.6)):
        for name, weights in arms.items():
            got = set(s.identify_edges(weights=weights, add_elements=False).elements)
            counts[name]["thick exact"] += got == truth
            counts[name]["thick false imitators"] += len((got - truth) & IMITATORS)
    for case, truth, s in spectra(ARSENIC, 12100, 30):
        for name, weights in arms.items():
            got = set(s.identify_edges(weights=weights, add_elements=False).elements)
            counts[name]["As found"] += "As" in got
            counts[name]["As-set exact"] += got == truth
    for name, c in counts.items():
        print(name, dict(sorted(c.items())))


if __name__ == "__main__":
    main()
