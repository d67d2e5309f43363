"""The per-pixel reading of a line scan or spectrum image, and the white-line ratio check of its table.

Two steps of :func:`~hyperspy_eels_edgeid.hyperspy.identify.identify_edges`
for a signal with navigation axes: :func:`read_image` maps the recognizer
over every pixel (:mod:`.blocks`) and returns the probabilities with their
onset maps (:mod:`.onset_maps`); :func:`line_ratio_checked` gives the edges
that a map's pixels wrote as a lanthanide (or Cs) to the 3d metal whose
lines they are (:mod:`.line_ratio_check`).
"""

from __future__ import annotations

import numpy as np

from .blocks import compute, probability_blocks, with_other_reader
from .line_ratio_check import map_ratio_suggestions, name_metals_in_map
from .onset_maps import ONSETS_KEY, onset_signal, split_onsets
from .run_metadata import class_axis
from .signal_metadata import title_of, titled
from .signals import EELSEdgeProbabilities, LazyEELSEdgeProbabilities

__all__ = ["read_image", "line_ratio_checked"]


def read_image(signal, energy, reverse, settings, metadata, recognizer, candidates, thresholds, shift, route):
    """Every pixel's probabilities and onsets, as the result of ``identify_edges`` for a map.

    Parameters
    ----------
    signal : EELSSpectrum
        The signal as read (its neighbourhood sums where those are on), with navigation axes.
    energy : ndarray
        Its energy axis (eV), increasing.
    reverse : bool
        Whether the signal's own axis decreases (read backwards).
    settings : IdentifySettings
        The run's options (:class:`~.settings.IdentifySettings`).
    metadata : dict
        ``metadata.EdgeID`` of the result.
    recognizer : EdgeRecognizer
        The model that reads the map.
    candidates : list of str or None
        The elements that may be reported (None: all).
    thresholds : ndarray
        Per-element decision thresholds.
    shift : float
        The axis shift (eV) the search kept: decisions are made on ``energy + shift``, onsets moved back.
    route : (path or None, ndarray of bool) or None
        Pixels another bundled model reads (:func:`~.training_conditions.reading_models`).

    Returns
    -------
    EELSEdgeProbabilities or LazyEELSEdgeProbabilities
        Probabilities per pixel and element, the onsets in ``metadata.EdgeID.pixel_onsets``.
    """
    # probabilities and onsets from the same blocks: (..., 2K), split after computing (once) or lazily;
    # decided on the axis moved by `shift`, onsets moved back onto the signal's own
    both, num_workers = probability_blocks(
        signal, energy + shift, reverse, settings, recognizer, candidates, thresholds, with_onsets=True
    )
    if route is not None:  # pixels another model reads (training_conditions.reading_models)
        both = with_other_reader(both, route, signal, energy + shift, reverse, settings, candidates, thresholds)
    nav_axes = [ax.get_axis_dictionary() for ax in signal.axes_manager.navigation_axes[::-1]]
    axes = nav_axes + [class_axis(recognizer.elements)]
    if not settings.lazy_output:
        both = compute(both, settings.show_progressbar, num_workers)
    probabilities, onsets = split_onsets(both, len(recognizer.elements))
    onsets = onsets - np.float32(shift) if shift else onsets
    cls = LazyEELSEdgeProbabilities if settings.lazy_output else EELSEdgeProbabilities
    result = cls(probabilities, axes=[dict(ax) for ax in axes])
    result.metadata.General.title = titled("Edge probabilities", title_of(signal))
    result.metadata.set_item("Signal.quantity", "Probability")
    result.metadata.set_item("EdgeID", metadata)
    result.metadata.set_item(ONSETS_KEY, onset_signal(onsets, axes, title_of(signal)))
    return result


def line_ratio_checked(signal, result, table, thresholds, energy, reverse, recognizer, candidates, shift, hidden):
    """The map's table after :func:`.line_ratio_check.name_metals_in_map` (the result changed in place).

    Parameters
    ----------
    signal : EELSSpectrum
        The core-loss signal the user gave.
    result : EELSEdgeProbabilities
        The computed result of :func:`read_image`.
    table : EdgeTable
        Its table so far (after the pooled check).
    thresholds, energy, reverse, recognizer, candidates, shift
        As :func:`read_image` took them.
    hidden : dict of str to str
        :func:`.line_ratio_check.hidden_metals`: lanthanides read only to give their edge to a listed metal, never
        reported (set to 0; where their summed spectra vetoed them, the metal takes nothing).

    Returns
    -------
    EdgeTable
        `table`, or the result's table again where a metal took an edge.
    """
    onsets = result.metadata.get_item(ONSETS_KEY).data
    suggested = map_ratio_suggestions(
        signal.data, result.data, onsets, recognizer.elements, table.elements, thresholds, energy, reverse, candidates,
        shift,
    )
    vetoes = result.metadata.get_item("EdgeID.pooled_veto")
    vetoed = {} if vetoes is None else vetoes.as_dictionary()
    suggested |= {ln: (metal, float("nan")) for ln, metal in hidden.items() if ln not in vetoed and ln not in suggested}
    named = name_metals_in_map(result.data, onsets, recognizer.elements, suggested)
    for lanthanide in hidden:
        i = recognizer.elements.index(lanthanide)
        result.data[..., i] = np.where(np.isnan(result.data[..., i]), np.nan, 0.0)
    result.metadata.set_item("EdgeID.line_ratio_named", named)
    if not named and not hidden:
        return table
    if vetoes is not None:  # the summed spectrum's reading that vetoed a metal is the one the lines overrule
        kept = {k: v for k, v in vetoed.items() if k not in named and k not in hidden}
        del result.metadata.EdgeID.pooled_veto
        if kept:  # absent when none is vetoed
            result.metadata.set_item("EdgeID.pooled_veto", kept)
    return result.summary()
