"""Diagnostic (decides nothing): each written element's local-check neighbourhood sums read by the pixels' reader
(stage 20 with the maps' decoder, as the local check reads them; sums of the neighbour-summed map, as there) and by the single-spectrum ensemble E3 with the
single-spectrum decoder, both on the map's searched axis, without a search of their own: the largest of the four
probabilities per element, for elements in under 90 % of the pixels. One JSON line per element.

    python experiments/mean_spectrum_check/local_readers.py OUT.jsonl --seeds 37000 37080 [--realistic]
"""

from __future__ import annotations

import argparse
import json
import logging
import pathlib
import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.hyperspy.blocks import prepare_spectra
from hyperspy_eels_edgeid.hyperspy.local_check import LOCAL_PIXELS, neighbourhood
from hyperspy_eels_edgeid.hyperspy.neighbour_sum import neighbour_summed_signal
from hyperspy_eels_edgeid.hyperspy.training_conditions import bundled_weights_for
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "spectrum_images"))
from pooled import add_image_arguments, images  # noqa: E402  (../spectrum_images/pooled.py's)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    add_image_arguments(ap, (37000, 37080))
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    pixels_reader = load_recognizer(None, device="cpu").for_images()
    with open(a.out, "w") as out:
        for name, truth, s in images(a):
            energy = s.axes_manager[-1].axis
            single = load_recognizer(bundled_weights_for(energy, None), device="cpu")
            p = s.identify_edges(show_progressbar=False)
            table = p.summary()
            truth -= set(table.not_observable)
            shift = float(p.metadata.EdgeID.axis_shift)
            summed = neighbour_summed_signal(s, "mask")  # what the local check sums, as identify_edges reads it
            data = np.asarray(summed.data, np.float32).reshape(-1, s.data.shape[-1])
            probs = np.asarray(p.data).reshape(-1, len(p.elements))
            nav, valid = s.data.shape[:-1], np.isfinite(probs[:, 0])
            thresholds = np.asarray(p.metadata.EdgeID.thresholds, float)
            for r in table:
                if r.pixel_fraction >= 0.9:
                    continue
                k = p.elements.index(r.element)
                best = np.argsort(-np.nan_to_num(probs[:, k]))[:LOCAL_PIXELS]
                sums = np.stack([data[neighbourhood(int(i), nav, valid)].sum(0) for i in best])
                x = prepare_spectra(energy, sums, "mask", True, False)
                now = pixels_reader.predict(energy + shift, x, thresholds=thresholds).probabilities[:, k].max()
                e3 = single.predict(energy + shift, x, thresholds=thresholds).probabilities[:, k].max()
                line = dict(image=name, element=r.element, true=r.element in truth, fraction=r.pixel_fraction,
                            stage20=float(now), e3=float(e3))
                out.write(json.dumps(line) + "\n")
            out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
