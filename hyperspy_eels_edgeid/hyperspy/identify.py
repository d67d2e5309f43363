"""``EELSSpectrum.identify_edges``: the HyperSpy side of edge identification.

:func:`identify_edges` validates the signal, maps the recognizer
(:mod:`hyperspy_eels_edgeid.recognizer.inference`) over every pixel with
``dask.array.map_blocks`` (:mod:`.blocks`: navigation chunks, whole energy
axis per chunk), decides which elements are present, writes them to
``metadata.Sample.elements`` with ``add_elements`` and returns

* for a single spectrum, an :class:`~hyperspy_eels_edgeid.hyperspy.table.EdgeTable`
  (element, edge, onset, probability) that prints as a table in Jupyter;
* for a line scan or spectrum image, an
  :class:`~hyperspy_eels_edgeid.hyperspy.signals.EELSEdgeProbabilities` signal with
  one probability per pixel and element, ``get_element_maps()`` and
  ``get_onset_maps()`` (the onsets come from the same blocks, :mod:`.onset_maps`).

The same code runs eagerly, lazily (the input is read chunk by chunk and
never loaded whole) and on a ``dask.distributed`` cluster.  The options of a
run travel as one :class:`~.settings.IdentifySettings`.  Torch is imported
only when the model is loaded.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np

from .._device import DeviceFallbackWarning, resolve_device
from .._progress import SHOW_PROGRESSBAR_DOC
from .._progress import show_progressbar as resolve_show_progressbar
from ..recognizer.loading import load_recognizer
from . import _validation as checks
from ._validation import (
    EdgeIdentificationError,
    EnergyAxisError,
    InvalidSpectrumError,
    LowLossSpectrumError,
    NonFiniteDataError,
    NoOverlapError,
    NotEELSError,
    NothingObservableWarning,
)
from .axis_search import image_shift, prepared_mean
from .blocks import batch_for_memory, identify_block  # re-exported
from .image_reading import line_ratio_checked, read_image
from .line_ratio_check import hidden_metals, with_hidden
from .low_loss import check_core_loss, energy_calibration, partner_measures
from .mean_check import mean_checked
from .neighbour_sum import neighbour_summed_signal
from .training_conditions import (
    bundled_weights_for, check_dispersion, reading_models, reading_thickness, trained_dispersion,
)  # fmt: skip
from .onset_maps import record_detected
from .pooled_check import checked_table, needs_check
from .run_metadata import run_metadata
from .single_spectrum import identify_spectrum, kept_out, read_without_list
from .signal_metadata import write_elements
from .subtracted_background import background_subtracted
from .settings import IdentifySettings, element_list

__all__ = [
    "DEFAULT_PIXEL_FRACTION",
    "DeviceFallbackWarning",
    "EdgeIdentificationError",
    "EnergyAxisError",
    "IdentifySettings",
    "InvalidPixelsWarning",
    "InvalidSpectrumError",
    "LowLossSpectrumError",
    "NoOverlapError",
    "NonFiniteDataError",
    "NotEELSError",
    "NothingObservableWarning",
    "batch_for_memory",
    "identify_block",
    "identify_edges",
]

#: Default fraction of valid pixels that must show an element for it to be detected in a spectrum image.
DEFAULT_PIXEL_FRACTION = 0.02


class InvalidPixelsWarning(UserWarning):
    """Some pixels of a spectrum image could not be analysed; their probabilities are NaN."""


def identify_edges(
    signal,
    *,
    elements=None,
    exclude=None,
    threshold: float | None = None,
    pixel_fraction: float = DEFAULT_PIXEL_FRACTION,
    touching_pixels: bool = False,
    one_owner_per_edge: bool = True,
    add_elements: bool | None = None,
    weights=None,
    device: str = "auto",
    batch_size: int | None = None,
    precision: str = "float32",
    nonfinite: str = "raise",
    despike: bool = True,
    lazy_output: bool | None = None,
    navigation_chunks="auto",
    show_progressbar: bool | None = None,
    low_loss=None,
    calibrate_energy: bool = False,
    shift_search: bool = True,
    sum_neighbours: bool = True,
):
    """Identify the ionization edges, and so the elements, of an EELS signal.

    Available as ``s.identify_edges(...)`` on every
    ``exspy.signals.EELSSpectrum`` (and ``LazyEELSSpectrum``) once
    ``hyperspy_eels_edgeid`` is imported, and as
    ``hyperspy_eels_edgeid.identify_edges(s, ...)``.

    Parameters
    ----------
    signal : exspy.signals.EELSSpectrum
        A raw core-loss spectrum, line scan or spectrum image (not
        background-subtracted), eager or lazy.  The energy axis may have any
        offset and dispersion, be uniform or not, increasing or decreasing,
        in eV, keV or meV, and cover the model's grid (50-4000 eV) only in part.
        (Omitted when called as a method.)
    elements : str or list of str, optional
        What you know the specimen holds: the answer is restricted to these
        elements plus carbon and oxygen (:data:`~.settings.CONTAMINATION`,
        on nearly every specimen; keep them out with `exclude`).  This
        changes the decision, not only the display: an edge that the network
        finds equally like N K and Sc L3 goes to N when Sc is not a candidate,
        and the elements named take no prior (a named Tc is judged as a
        common element is).  The table says what the list kept out.  An
        empty list is refused.
    exclude : str or list of str, optional
        Elements never reported (e.g. ``exclude=["Os"]``).
    threshold : float, optional
        Probability at or above which an element counts as present (in a
        pixel).  By default each element's threshold chosen when the model
        was validated (``metadata.EdgeID.thresholds`` of the result).  Only
        elements that reach it take edges in the element decoder, so a lower
        threshold can give an edge to a weaker name (user guide).
    pixel_fraction : float
        Spectrum images and line scans: an element is detected, and added to the metadata, when at least this
        fraction of the valid pixels shows it, and at least two pixels do.  Default 0.02 (2 %).  Such an element
        is kept only if summed spectra confirm it (its pixels' sum if weak in a small map, else a 3 x 3 neighbourhood
        of a most probable pixel and, in few pixels of few counts, the sum too: :mod:`.pooled_check`).
        Use 0 to report an element seen in a single pixel (unless another element owns its edge:
        `one_owner_per_edge`); nothing is then checked on summed spectra. Without a low-loss partner, an element
        in 90 % of the pixels or more is also held back where the map's mean spectrum, read as a single spectrum,
        does not report it (:mod:`~hyperspy_eels_edgeid.hyperspy.mean_check`), whatever the share.
    touching_pixels : bool
        Spectrum images: also ask two of the pixels showing an element to touch (neighbours along a navigation
        axis), so that an element seen in scattered pixels only is not detected
        (:mod:`~hyperspy_eels_edgeid.hyperspy.pixel_rule`).  Off by default: in 80 synthetic 8 x 8 maps it wrote 9
        false elements instead of 18 but found 219 true ones of 230 instead of 227 (bundled weights, the defaults
        otherwise; ``experiments/end_margin_steps/out/card_maps_5000_touching.txt``).  Line scans and single
        spectra are not affected.
    one_owner_per_edge : bool
        Line scans and spectrum images: an edge is one element's in every
        pixel (one energy axis), so of two detected elements whose detected
        onsets, averaged over the pixels showing each, lie closer than 8 eV
        (one network step below 1000 eV; or the decoder's same-edge
        distance, 3 eV, if larger), only the one shown in more pixels is
        detected; the other is named as its alternative and held
        back, unless the pixels showed the two together (there the decoder
        judged them two edges; :mod:`~hyperspy_eels_edgeid.hyperspy.pixel_rule`).  On by default:
        in 140 synthetic images never used to design it it wrote 44 false
        elements instead of 99 and 407 true ones instead of 413
        (``experiments/map_owner/``, at 3 eV; 8 eV since
        ``experiments/map_owner_step/``).
    add_elements : bool, "replace" or "extend", optional
        Write the detected elements to ``metadata.Sample.elements`` (and exspy's ``elements``/``subshells``;
        the only change made to `signal`).  "replace" (or True, the default) makes them the detected elements
        alone, so that running ``identify_edges`` twice, or again with other options, leaves the answer of the
        last run (and the elements it could not look for, not observable in its window: ``.not_judged``);
        "extend" adds them to the elements already there; False writes nothing.  Elements whose edge
        was given to another element (its alternatives) are never added.  The default is False for a spectrum
        image or line scan with ``lazy_output=True``, where writing would run the network just to decide the
        elements.  What was added, held back and (by "replace") taken out is in the result (``table.added``,
        ``.held_back``, ``.replaced``; ``metadata.EdgeID.added``, ``.replaced`` and ``summary()`` of a
        probability signal).
    weights : path or sequence of paths, optional
        Model directory; by default the bundled model, a bundled reader for channels wider or (by `low_loss`)
        specimens thicker than it was trained on, or, for one spectrum without a measured t/λ, the bundled
        model, branching-ratio network and thick-specimen reader as an ensemble (:mod:`.training_conditions`).  Several
        directories are read as one ensemble (:mod:`~hyperspy_eels_edgeid.recognizer.ensemble`); the first
        one's JSON gives the decoder, thresholds and the trained ranges the warnings check.
    device : {"auto", "cpu", "cuda"}
        Where the network runs.  "auto" uses CUDA when torch sees a GPU.
        "cuda" without a GPU falls back to the CPU with a
        :class:`DeviceFallbackWarning` (the rule of :mod:`hyperspy_eels_edgeid._device`).
    batch_size : int, optional
        Spectra per forward pass; by default sized to the device: 64 on
        the CPU; on CUDA, from the memory a probe batch takes and the free
        memory of the card (a power of two, 256-65536, for one batch per
        feeding thread to use 60 % of it).
    precision : {"float32", "bfloat16"}
        The network's arithmetic.  "bfloat16" (torch's autocast) is faster
        where the processor has bfloat16 instructions and can change the
        answer for a few spectra; without such instructions it can be slower
        (:mod:`~hyperspy_eels_edgeid.recognizer.precision`, user guide).
        Default "float32"; recorded in ``metadata.EdgeID.precision``.
    nonfinite : {"raise", "mask"}
        What to do with NaN or infinite values: raise
        :class:`NonFiniteDataError` (default) or treat those channels as not
        measured ("mask"); a spectrum with fewer than 16 finite channels then
        gets NaN probabilities.
    despike : bool
        Take detector spikes (X-ray hits, hot pixels) out of the spectra
        before the network reads them (default True): a run of one or two
        channels standing more than 8 noise units above the local baseline,
        with the channels on both sides of it back down, is replaced by that
        baseline (:func:`~hyperspy_eels_edgeid.recognizer.spikes.remove_spikes`);
        where two channels span more than 1 eV, and a white line can be one
        or two channels wide, the run must also stand at least half its
        baseline above it; runs of 3-6 channels (cosmic-ray streaks) are
        taken by the same tests.  `signal` is not modified.  Recorded in
        ``metadata.EdgeID.despike``.
    lazy_output : bool, optional
        Spectrum images and line scans: a lazy result, computed when needed (no effect on a single spectrum; with
        `shift_search` a lazy input is read once first, for its mean).  By default the result (one value per pixel
        and element) is computed; a lazy input is read chunk by chunk.  A lazy result is not checked by the
        white-line ratio (:mod:`.line_ratio_check`): where an in-memory one names Co, Cu, Ni or Fe from their lines,
        it keeps Ba, Pr, La, Ce or Cs; nor, unless `add_elements` makes the run decide, by the checks on summed
        spectra (:mod:`.pooled_check`) and on the mean spectrum (:mod:`.mean_check`): its table says so.
    navigation_chunks : "auto", int or tuple
        Navigation chunks of the dask array the network is mapped over
        (dask's notation: -1 or None is the whole axis).
        "auto" (default) keeps a lazy signal's navigation chunks (with the
        whole energy axis per block) when the blocks are at most 128 MiB,
        and otherwise makes blocks of at most 32 MiB, and at least two per
        CPU core (blocks of 16 MiB when CUDA is used; four times that for
        a lazy signal's own chunks).
    %s
        On a ``dask.distributed`` cluster, ``distributed.progress`` is used.
    low_loss : hyperspy signal, optional
        The DualEELS low-loss partner (same navigation shape, or a single
        spectrum).  Its zero-loss peak position checks the energy
        calibration: more than 1 eV from 0 eV gives an
        ``EnergyCalibrationWarning`` (see :mod:`.low_loss`).  Its relative
        thickness (t/λ, log-ratio) chooses the model of each pixel (above
        the main model's training: the thick-specimen reader, where bundled)
        and checks the specimen: beyond the t/λ of the models' training in
        more than 5 % of the pixels gives a ``ThickSpecimenWarning``.
        Both measurements are kept in ``metadata.EdgeID.energy_calibration``.
        Channels wider than those of the recognizer's training spectra give a
        ``CoarseDispersionWarning`` (see :mod:`.training_conditions`); the
        median channel width and the trained maximum are kept in
        ``metadata.EdgeID.channel_width``.
    calibrate_energy : bool
        With `low_loss`: identify on energies shifted by minus the measured
        zero-loss peak position (the median over pixels).  Only a copy of
        the axis used for identification is shifted; neither signal is
        modified, and the onsets reported are on that shifted axis
        (``shift_applied`` of ``metadata.EdgeID.energy_calibration``);
        ``create_model(s, onsets=...)`` and ``integrate_edges`` move them
        back onto the axis of the signal analysed (and warn for another
        axis, e.g. a cropped part).  Default False.
    shift_search : bool
        Default True: decide on the axis shift (-24 to 24 eV) whose decision fits exspy's onsets
        best by more than one sure element (:mod:`.axis_search`; an image: one shift, from the mean
        of its pixels), kept in ``metadata.EdgeID.axis_shift``; onsets stay on the signal's axis.
    sum_neighbours : bool
        Maps: default True, read each pixel with its neighbours summed (3 x 3, or 3 along a line scan; the grid
        kept, the maps about three pixels sharp; :mod:`~hyperspy_eels_edgeid.hyperspy.neighbour_sum`).  False
        reads every pixel alone (sharper maps of clean data).

    Returns
    -------
    EdgeTable
        For a single spectrum: the identified edges (element, edge, onset
        in eV, probability) sorted by onset; ``table.probabilities`` holds
        the probabilities of all supported elements.
    EELSEdgeProbabilities or LazyEELSEdgeProbabilities
        For a line scan or spectrum image: the probability of every
        supported element in every pixel (NaN where a pixel could not be
        analysed), with ``summary()``, ``get_element_maps()``,
        ``get_onset_maps()`` (per-pixel onsets, kept in
        ``metadata.EdgeID.pixel_onsets``) and the detected elements in
        ``metadata.EdgeID.detected``.

    Raises
    ------
    NotEELSError
        If `signal` is not an ``EELSSpectrum`` with one signal axis.
    EnergyAxisError
        For an uncalibrated, too short (< 16 channels) or non-monotonic
        energy axis, or units other than eV, keV or meV.
    NoOverlapError
        If less than 30 eV of the window lies inside the model's grid.
    LowLossSpectrumError
        For a low-loss spectrum (zero-loss peak in range, whatever the window's length).
    LowLossPartnerError
        For a `low_loss` without a zero-loss peak near 0 eV, or of another navigation shape.
    NonFiniteDataError
        For NaN/inf values with ``nonfinite="raise"``.
    InvalidSpectrumError
        For a single spectrum that is constant (e.g. all zero), mostly
        negative (at least half of the channels < 0) or has fewer than 16
        finite channels; for a spectrum image in which no pixel can be
        analysed.  (In a spectrum image such pixels, and those flat within
        their noise, get NaN and an :class:`InvalidPixelsWarning`.)  A few
        negative channels, as in dark-subtracted tails, are accepted.
    ValueError
        For invalid option values.

    Notes
    -----
    Integer and big-endian data are converted to native float32 block by
    block; the input signal's data are never modified.  A background-subtracted
    spectrum gets a power law back first (:mod:`.subtracted_background`, with a warning).

    Examples
    --------
    >>> import hyperspy_eels_edgeid as edgeid
    >>> s = edgeid.data.synthetic_eels(["Fe", "O"], random_state=0)
    >>> table = s.identify_edges()
    >>> table                                            # doctest: +SKIP
    Edges identified in Synthetic EELS (Fe, O)
    Element  Edge   Onset (eV)  Probability  Other edges
    O        O_K         527.2        0.998
    Fe       Fe_L3       704.4        0.974  Fe_L1 0.03
    ...
    >>> table.elements, s.metadata.Sample.elements
    (['Fe', 'O'], ['Fe', 'O'])

    A spectrum image, lazily:

    >>> si = edgeid.data.synthetic_eels(["Fe", "O"], navigation_shape=(16, 16), random_state=0, lazy=True)
    >>> p = si.identify_edges()
    >>> maps = p.get_element_maps()                      # one Signal2D per detected element
    """
    checks.check_signal(signal)
    energy, reverse = checks.energy_axis_ev(signal)
    measures = partner_measures(signal, low_loss)  # per pixel (zero-loss peak, t/λ); None without a partner
    thickness = None if measures is None else measures[:, 1]
    chosen, route = reading_models(energy, weights, thickness, signal.data.shape[:-1])
    settings = IdentifySettings(
        elements=element_list(elements, "elements"),
        exclude=element_list(exclude, "exclude") or (),
        threshold=threshold,
        pixel_fraction=pixel_fraction,
        touching_pixels=touching_pixels,
        one_owner_per_edge=one_owner_per_edge,
        add_elements=add_elements,
        weights=chosen,
        device=device,
        batch_size=batch_size,
        precision=precision,
        nonfinite=nonfinite,
        despike=despike,
        lazy_output=lazy_output,
        navigation_chunks=navigation_chunks,
        show_progressbar=resolve_show_progressbar(show_progressbar),
        shift_search=shift_search,
        sum_neighbours=sum_neighbours,
    )
    settings = dataclasses.replace(settings, device=resolve_device(device, fallback=True))
    recognizer = load_recognizer(settings.weights, device=settings.device, precision=settings.precision)
    trained = None if low_loss is None else reading_thickness(recognizer.metadata, route)
    energy, calibration = energy_calibration(signal, low_loss, energy, calibrate_energy, trained, measures)
    calibration.update(check_dispersion(energy, trained_dispersion(recognizer.metadata)))
    grid = np.asarray(recognizer.grid, dtype=float)
    nav_dim = signal.axes_manager.navigation_dimension
    probe = checks.probe_spectrum(signal.data, nav_dim)
    if reverse:
        probe = probe[::-1]
    check_core_loss(energy, probe, grid)
    settings = dataclasses.replace(settings, background_subtracted=background_subtracted(probe))
    checks.check_overlap(energy, grid)

    k = len(recognizer.elements)
    candidates = settings.candidates(recognizer.elements)
    thresholds = np.asarray(recognizer.thresholds, dtype=float) if threshold is None else np.full(k, float(threshold))
    if nav_dim == 0:
        table = identify_spectrum(signal, recognizer, energy, reverse, thresholds, candidates, settings, calibration)
        judged = set(recognizer.elements) - set(table.not_observable)  # candidates or not: the user judged those
        table.added, table.replaced, table.not_judged = write_elements(
            signal, table.elements, settings.add_mode(spectrum_image=False), judged
        )
        return table

    add_mode = settings.add_mode(spectrum_image=True)
    recognizer = recognizer.for_images()  # every decision of a map with the JSON's "image_decoder" settings
    reading = neighbour_summed_signal(signal, settings.nonfinite) if settings.sum_neighbours else signal  # model reads
    # the mean spectrum: the axis shift is searched on it, and it tells what a list of elements kept out
    mean_needed = settings.shift_search or candidates is not None
    mean = prepared_mean(reading, energy, reverse, settings) if mean_needed else None
    shift = image_shift(mean, recognizer, energy, candidates, thresholds) if settings.shift_search else 0.0
    # which elements have an edge the decoder can judge in the window (the axis alone decides: one flat spectrum tells)
    flat = recognizer.predict(energy + shift, np.ones((1, energy.size), np.float32)).evidence
    observable = flat["observable"][0] & recognizer.decoder.judgeable(flat["window_start"], flat["window_end"])[0]
    checks.warn_if_nothing_observable(observable, energy, recognizer)
    metadata = run_metadata(signal, recognizer, energy, thresholds, observable, settings, shift, route)
    metadata.update(calibration, axis_shift=shift)
    hidden = {}
    if candidates is not None and mean is not None:  # read without the list: what it kept out
        mean_read = recognizer.predict(energy + shift, mean, candidates=candidates, thresholds=thresholds)
        free = read_without_list(recognizer, mean_read, thresholds, energy + shift, mean[0])
        metadata["left_out"] = kept_out(free, thresholds, candidates)
        # a listed metal whose lines that reading gives a lanthanide: the pixels may report it (line_ratio_checked)
        hidden = {} if settings.lazy_output else hidden_metals(free, candidates)
    map_candidates = with_hidden(candidates, recognizer.elements, hidden)
    result = read_image(
        reading, energy, reverse, settings, metadata, recognizer, map_candidates, thresholds, shift, route
    )
    result.metadata.set_item("EdgeID.line_ratio_checked", not result._lazy)  # hyperspy/line_ratio_check.py
    n_pixels = int(np.prod(signal.axes_manager.navigation_shape))
    # the pooled and local checks an eager run would make, skipped by a lazy one that decides nothing now
    skipped = result._lazy and not add_mode and route is None and needs_check(settings.pixel_fraction, n_pixels)
    result.metadata.set_item("EdgeID.summed_checked", not skipped)
    result.metadata.set_item("EdgeID.mean_checked", not (result._lazy and not add_mode and low_loss is None))
    if add_mode or not result._lazy:
        table = result.summary()
        if table.n_valid == 0:
            raise InvalidSpectrumError(
                f"none of the {n_pixels} spectra could be analysed: each is constant (e.g. all zero), flat within "
                f"its noise (vacuum), mostly negative or has fewer than {checks.MIN_CHANNELS} finite channels. "
                "identify_edges needs raw core-loss counts."
            )
        if route is None and needs_check(settings.pixel_fraction, table.n_valid):  # confirmed on summed spectra
            table = checked_table(reading, result, table, energy + shift, reverse, settings, recognizer,
                                  map_candidates)  # fmt: skip
        if not result._lazy:  # a lanthanide (or Cs) written where the lines are a 3d metal's: the metal takes the edge
            checks_of_run = (thresholds, energy, reverse, recognizer, map_candidates, shift, hidden)
            table = line_ratio_checked(signal, result, table, *checks_of_run)
        if low_loss is None:  # an element in nearly every pixel that the mean spectrum, read alone, does not show
            mean_of = (lambda: mean) if mean_needed else (lambda: prepared_mean(reading, energy, reverse, settings))
            run = (bundled_weights_for(energy, weights), energy, settings, candidates, thresholds)
            table = mean_checked(result, table, mean_of, *run)
        record_detected(result, table.elements, n_pixels - table.n_valid)
        if n_pixels > table.n_valid:
            warnings.warn(
                f"{n_pixels - table.n_valid} of {n_pixels} spectra could not be analysed (constant, flat within "
                "their noise, mostly negative or without finite channels); their probabilities are NaN.",
                InvalidPixelsWarning,
                stacklevel=2,
            )
        added, replaced, not_judged = write_elements(
            signal, table.elements, add_mode, set(recognizer.elements) - set(table.not_observable)
        )
        result.metadata.set_item("EdgeID.added", added)
        result.metadata.set_item("EdgeID.replaced", replaced)
        result.metadata.set_item("EdgeID.not_judged", not_judged)
    return result


# HyperSpy's own wording of the option (as exspy does); the docstring holds "%" signs, so not "%="
identify_edges.__doc__ = identify_edges.__doc__.replace("%s", SHOW_PROGRESSBAR_DOC, 1)
