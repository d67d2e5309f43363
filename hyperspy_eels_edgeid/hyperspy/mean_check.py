"""A map's widespread elements, checked on its mean spectrum read as a single spectrum.

Pixels of a spectrum image or line scan are read by one network with the maps' decoder settings; a single
spectrum by the bundled ensemble with the single-spectrum decoder, its window-end rule and its checks
(:func:`.single_spectrum.read_spectrum`). The pooled and local checks (:mod:`.pooled_check`, :mod:`.local_check`)
read summed spectra with the pixels' reader, so they confirm a misreading that every pixel shares: a real SrTiO3
spectrum read alone gives Ti and O, and a map of its copies gave Ag, O and Ti, Ag (its M5 edge 17 eV after the
window's start) in every pixel. An element that at least :data:`~.pixel_rule.WIDESPREAD` of the valid pixels show
is in the map's mean spectrum at nearly its full strength; where that mean, read as a single spectrum, does not
report it, the element is held back (:func:`mean_checked`; ``metadata.EdgeID.mean_veto``, applied by
:func:`.pooled_check.applicable_vetoes`). Elements in part of a map are not checked: diluted in the mean, they are
missed there more often than in their pixels (``experiments/mean_spectrum_check/``). ``identify_edges`` makes the
check wherever it decides a map without a low-loss partner, and lists, from the same reading, the edges the mean
spectrum shows that no element the map writes explains (:func:`~hyperspy_eels_edgeid.recognizer.unnamed_edges.\
unnamed_edges`; ``metadata.EdgeID.unnamed_edges``, read by :func:`.image_table.stored_unnamed_edges`).
"""

from __future__ import annotations

from ..recognizer.loading import load_recognizer
from .image_table import unnamed_edges_record
from .onset_maps import pixels_signature
from .pixel_rule import widespread
from .single_spectrum import read_spectrum

__all__ = ["mean_checked", "mean_vetoes"]


def mean_vetoes(table, prediction, thresholds) -> dict[str, float]:
    """The widespread elements of a map's table that its mean spectrum, read as a single spectrum, does not report.

    Parameters
    ----------
    table : EdgeTable
        The map's table (rows with pixel fractions).
    prediction : EdgePrediction
        The mean spectrum read as a single spectrum (:func:`.single_spectrum.read_spectrum`).
    thresholds : ndarray, shape (K,)
        As the map was decided with.

    Returns
    -------
    dict of str to float
        Element to its probability in the mean spectrum's reading.
    """
    p, seen, elements = prediction.probabilities[0], prediction.observable[0], list(prediction.elements)
    reported = {e for k, e in enumerate(elements) if seen[k] and p[k] >= thresholds[k]}
    return {e: float(p[elements.index(e)]) for e in widespread(table) if e not in reported}


def mean_checked(result, table, mean_of, weights, energy, settings, candidates, thresholds):
    """The map's table after :func:`mean_vetoes`, with its mean spectrum's unnamed edges (both in `result`'s metadata).

    Parameters
    ----------
    result : EELSEdgeProbabilities
        The map's result.
    table : EdgeTable
        Its table so far.
    mean_of : callable
        Returns the prepared mean spectrum of the signal the pixels were read from
        (:func:`.axis_search.prepared_mean`'s, None where it cannot be analysed; a lazy map's mean not made yet
        costs a pass over its data).
    weights : path, tuple of paths or None
        The models that read it as a single spectrum (:func:`.training_conditions.bundled_weights_for`: the
        single-spectrum ensemble for the bundled models and fine channels, else the coarse-spectrum reader or the
        weights the user gave).
    energy, settings, candidates, thresholds
        As in :func:`mean_vetoes`.

    Returns
    -------
    EdgeTable
        The result's new table (with the mean spectrum's unnamed edges, and without the elements held back), or
        `table` where the mean spectrum cannot be analysed.
    """
    mean = mean_of()
    if mean is None:
        return table
    reader = load_recognizer(weights, device=settings.device, precision=settings.precision)
    _, prediction, _, _ = read_spectrum(reader, energy, mean, settings, candidates, thresholds)
    vetoes = mean_vetoes(table, prediction, thresholds)
    if vetoes:  # decided again without them (an edge they held may go to another element)
        elements = list(prediction.elements)
        owners = {e: elements[j] for e in vetoes if (j := int(prediction.explained_by[0, elements.index(e)])) >= 0}
        result.metadata.EdgeID.add_dictionary({"mean_veto": vetoes, "mean_veto_pixels": pixels_signature(result)})
        if owners:  # the mean spectrum's reading gave their edge to another element
            result.metadata.EdgeID.add_dictionary({"mean_veto_owner": owners})
        table = result.summary()
    unnamed = reader.unnamed_edges(prediction, 0, thresholds, reported=table.elements)
    result.metadata.EdgeID.add_dictionary({"unnamed_edges": unnamed_edges_record(unnamed, table.elements)})
    return result.summary()
