"""Signal classes for the results of edge identification.

:class:`EELSEdgeProbabilities` holds, for every pixel of the analysed signal, the probability that each supported
element is present.  Its navigation axes are those of the analysed signal; its signal axis, "Element", runs over the
supported elements by atomic number (units "Z": ``p.isig[26.0]`` is iron), and their symbols are stored in
``metadata.EdgeID.elements`` (HyperSpy axes cannot carry text labels); both survive ``.hspy``.  ``print(p)`` and the
Jupyter display name the detected elements, and ``p.plot()`` writes their symbols over their channels.
:class:`LazyEELSEdgeProbabilities` is its lazy twin.  Both are registered in ``hyperspy_extension.yaml`` with
``signal_type="EELS_edge_probabilities"``, so a result saved to ``.hspy`` or ``.zspy`` comes back with its class.

Metadata written by :func:`~hyperspy_eels_edgeid.hyperspy.identify.identify_edges`
under ``metadata.EdgeID``:

``elements``
    Supported elements, one per index of the signal axis.
``edges``, ``onsets``
    The principal edge (exspy label) of each element inside the measured
    window and its database onset in eV (``""``/NaN when none).
``observable``
    Whether each element has a principal edge the network can see (one of its steps measured) and the window-end
    rule can judge (far enough from the window's ends); the probability of one that is not is 0.
``thresholds``, ``pixel_fraction``, ``touching_pixels``
    The pixel rule (:mod:`.pixel_rule`): the probability at or above which a pixel shows each element, the
    fraction of valid pixels that must show it, and whether two of them must touch (spectrum images).
``one_owner_per_edge``, ``same_edge_ev``, ``same_edge_rel``, ``map_same_edge_ev``
    Whether, of two detected elements whose mean detected onsets lie closer than ``map_same_edge_ev`` (8 eV, one
    network step below 1000 eV, :data:`~.pixel_rule.MAP_SAME_EDGE_EV`; absent, as in results saved before 8 Dec
    2026: 0) or the model decoder's same-edge distance (``same_edge_ev + same_edge_rel * E``) where that is larger,
    only the one shown in more pixels is detected (line scans and spectrum images; :mod:`.pixel_rule`).
``detected``
    Elements detected by that rule, sorted.
``pooled_veto``, ``mean_veto``
    Elements the summed spectra of their pixels did not confirm, with the probability read (pooled and local
    checks: :mod:`.pooled_check`, :mod:`.local_check`), and elements in nearly every pixel that the mean spectrum
    read as a single spectrum does not report (:mod:`.mean_check`); absent when none was vetoed.
``candidates``, ``excluded``, ``named``
    What ``elements=`` (with C and O) and ``exclude=`` let the run report, and the elements named in ``elements=``.
``line_ratio_named``, ``line_ratio_checked``, ``summed_checked``, ``mean_checked``
    The metals named by the white-line ratio (:mod:`.line_ratio_check`); False where it, the pooled and local
    checks, or the mean-spectrum check were skipped by a lazy result (maps read with a low-loss partner are never
    checked on their mean spectrum, nor maps whose mean spectrum cannot be analysed).
``n_invalid``, ``left_out``
    Pixels not analysed (probabilities NaN); elements a list kept out that a reading without it reports (maps: mean).
``added``, ``replaced``, ``not_judged``
    The elements ``identify_edges`` added to ``metadata.Sample.elements``, those it took out and those it kept unjudged.
``pixel_onsets``
    Line scans and spectrum images: a signal of the same shape holding each pixel's estimated onset (eV) of each
    element, read by :meth:`EELSEdgeProbabilities.get_onset_maps` (see :mod:`.onset_maps`).
"""

from __future__ import annotations

import html
import warnings

import numpy as np
from hyperspy.signals import LazySignal1D, Signal1D

from ..recognizer.decoder_settings import DecoderSettings
from ._validation import check_flag, check_pixel_fraction, check_threshold
from .maps import map_axes, map_signal, plot_maps
from .onset_maps import ONSETS_KEY, detected_of, onset_maps, record_detected, same_pixels
from .image_table import image_table
from .pixel_rule import asks_touching, pixel_statistics
from .pooled_check import decide_image
from .signal_metadata import titled
from .table import EdgeTable

__all__ = ["EELSEdgeProbabilities", "LazyEELSEdgeProbabilities"]


def _staggered(positions, near: float = 4.0) -> list[list[float]]:
    """Label offsets ``[x, y]`` over the element axis: a label within `near` (atomic numbers) of one on its row
    goes a row higher, so that Fe and Ni do not print as "FeNi"."""
    offsets, rows = [], []  # rows: the positions written on each row
    for x in positions:
        row = next((r for r, seen in enumerate(rows) if all(abs(x - v) >= near for v in seen)), len(rows))
        if row == len(rows):
            rows.append([])
        rows[row].append(x)
        offsets.append([x, 1.02 + 0.08 * row])
    return offsets


class EELSEdgeProbabilities(Signal1D):
    """Per-pixel probabilities of the elements identified by their EELS edges.

    Returned by :func:`hyperspy_eels_edgeid.hyperspy.identify.identify_edges` for
    spectrum images and line scans (and available as ``table.probabilities`` for a single spectrum).

    Examples
    --------
    >>> import hyperspy_eels_edgeid as edgeid
    >>> s = edgeid.data.synthetic_eels(["Fe", "O"], navigation_shape=(8, 8), random_state=0)
    >>> p = s.identify_edges()                       # doctest: +SKIP
    >>> p.summary()                                  # doctest: +SKIP
    >>> maps = p.get_element_maps()                  # doctest: +SKIP
    >>> hs.plot.plot_images(maps)                    # doctest: +SKIP
    """

    _signal_type = "EELS_edge_probabilities"
    _lazy = False

    # --- display ---------------------------------------------------------------
    def _elements_note(self) -> str:
        """", elements: Li-Am (93), detected: Fe, O" from the metadata (nothing is computed)."""
        elements = self._edgeid("elements")
        if not elements:
            return ""
        note = f", elements: {elements[0]}-{elements[-1]} ({len(elements)})"
        shown = self.axes_manager.signal_shape[0] if self.axes_manager.signal_dimension == 1 else len(elements)
        if shown != len(elements):  # a slice of the element axis (p.isig[...]): the run's list is not its axis
            return f", {shown} of the run's {len(elements)} elements (a slice of the element axis)"
        detected = detected_of(self)
        if detected is None:
            return note + f", detected: {'not computed' if self._lazy else 'not recorded here'} (see summary())"
        return note + ", detected: " + (", ".join(detected) if len(detected) else "none")

    def __repr__(self) -> str:
        base = super().__repr__()
        return base[:-1] + self._elements_note() + ">" if base.endswith(">") else base + self._elements_note()

    def _repr_html_(self) -> str:
        """The signal's line and, once computed, the table of detected elements (for Jupyter)."""
        head = f"<p><code>{html.escape(repr(self))}</code></p>"
        if self._lazy or self._edgeid("elements") is None:
            return head
        return head + self.summary()._repr_html_()

    def plot(self, *args, **kwargs):
        """Plot as ``Signal1D.plot``, with the detected elements' symbols over their channels.

        The element axis runs over atomic numbers (see
        :func:`~hyperspy_eels_edgeid.hyperspy.run_metadata.class_axis`);
        the symbols of the detected elements (``metadata.EdgeID.detected``)
        are written above their channels.

        Parameters
        ----------
        *args, **kwargs
            Passed to ``Signal1D.plot``.
        """
        out = super().plot(*args, **kwargs)
        self._label_detected()
        return out

    def _label_detected(self) -> None:
        import hyperspy.api as hs

        detected = detected_of(self) or []
        elements = self._edgeid("elements") or []
        if not detected or self.axes_manager.signal_shape != (len(elements),):
            return
        values = self.axes_manager.signal_axes[0].axis
        shown = [e for e in detected if e in elements]
        offsets = _staggered([float(values[elements.index(e)]) for e in shown])
        labels = hs.plot.markers.Texts(offsets=offsets, texts=shown, color="black", verticalalignment="bottom")
        self.add_marker(labels, plot_marker=True, permanent=False)
        self._plot.signal_plot.ax.set_ylim(0.0, max(y for _, y in offsets) + 0.1)

    # --- metadata helpers ----------------------------------------------------
    def _edgeid(self, key, default=None):
        return self.metadata.get_item(f"EdgeID.{key}", default)

    @property
    def elements(self) -> list[str]:
        """Element of each index of the signal axis."""
        elements = self._edgeid("elements")
        if elements is None:
            raise AttributeError(
                "metadata.EdgeID.elements is missing: this signal was not made by identify_edges "
                "(set metadata.EdgeID.elements to one element name per channel)."
            )
        shape = self.axes_manager.signal_shape
        if shape != (len(elements),):
            raise ValueError(
                f"this probability signal's signal shape is {shape}, but its metadata lists {len(elements)} "
                "elements: it was sliced or reshaped along the element axis. Use the unsliced result (for a "
                "few elements: get_element_maps(['Fe', 'O']))."
            )
        return list(elements)

    def _index_of(self, element: str) -> int:
        elements = self.elements
        if element not in elements:
            raise ValueError(f"element {element!r} is not one of this signal's classes; choose from {elements}.")
        return elements.index(element)

    def _thresholds(self, threshold: float | None) -> np.ndarray:
        k = len(self.elements)  # checks that the element axis is whole
        check_threshold(threshold)
        stored = self._edgeid("thresholds")
        if threshold is not None:
            if stored is not None and float(threshold) < float(np.min(stored)):
                warnings.warn(
                    f"threshold {threshold} is below the threshold identify_edges decided at ({np.min(stored):g}): "
                    "elements between the two did not compete for their edges (one element per edge), so "
                    f"some may be alternatives of others. For a decision at {threshold}, run "
                    f"identify_edges(threshold={threshold}).",
                    UserWarning,
                    stacklevel=3,
                )
            return np.full(k, float(threshold))
        return np.full(k, 0.5) if stored is None else np.asarray(stored, dtype=float)

    # --- statistics ------------------------------------------------------------
    def _pixel_onsets(self, data):
        """The per-pixel onsets (``metadata.EdgeID.pixel_onsets``) of `data`'s shape; None, with a warning, if
        slicing dropped them."""
        onsets = self.metadata.get_item(ONSETS_KEY)
        if onsets is not None and same_pixels(onsets, self):
            return onsets.data
        msg = "one_owner_per_edge: no pixel onsets of this result's shape (sliced?): not applied"
        warnings.warn(msg + " (use the unsliced result).", UserWarning, stacklevel=4)
        return None

    def pixel_fractions(self, threshold: float | None = None) -> dict[str, float]:
        """Fraction of valid pixels whose probability reaches the threshold, per element.

        Parameters
        ----------
        threshold : float, optional
            One probability threshold for all elements; by default each
            element's threshold in ``metadata.EdgeID.thresholds``.

        Returns
        -------
        dict of str to float
        """
        fractions = pixel_statistics(self.data if self._lazy else np.asarray(self.data), self._thresholds(threshold))[0]
        return dict(zip(self.elements, fractions.tolist()))

    def detected_elements(
        self,
        threshold: float | None = None,
        pixel_fraction: float | None = None,
        touching_pixels: bool | None = None,
        one_owner_per_edge: bool | None = None,
    ) -> list[str]:
        """Elements present in at least `pixel_fraction` of the valid pixels, sorted.

        A pixel shows an element when the element's probability reaches its threshold.  An element is detected when
        the fraction of valid pixels showing it is at least `pixel_fraction`, and at least two pixels show it; with
        `touching_pixels`, in a spectrum image two of them must touch (neighbours along a navigation axis:
        :mod:`~hyperspy_eels_edgeid.hyperspy.pixel_rule`).  With ``pixel_fraction=0`` one pixel is enough.
        Elements that ``identify_edges``' pooled or local check vetoed are left out on the same pixels at the run's
        threshold and as many pixels asked for (``metadata.EdgeID.pooled_veto``, :mod:`.pooled_check`), and those
        its mean-spectrum check vetoed on the same pixels at the run's threshold (``metadata.EdgeID.mean_veto``,
        :mod:`.mean_check`).  With
        `one_owner_per_edge`, of two such elements whose detected onsets (each averaged over the pixels showing it)
        lie closer than ``metadata.EdgeID.map_same_edge_ev`` (8 eV; absent, in a result saved before it was
        recorded: 0) or the decoder's same-edge distance (3 eV), whichever is larger, only the one shown in more
        pixels is detected, unless the pixels showed them together: one edge, one owner
        (:func:`~hyperspy_eels_edgeid.hyperspy.pixel_rule.one_owner_per_edge`).  For a single spectrum this reduces
        to "probability >= threshold".

        Parameters
        ----------
        threshold : float, optional
            See :meth:`pixel_fractions`.
        pixel_fraction : float, optional
            Default: ``metadata.EdgeID.pixel_fraction`` (0.02 if missing).
        touching_pixels : bool, optional
            Default: ``metadata.EdgeID.touching_pixels`` (False if missing).
        one_owner_per_edge : bool, optional
            Default: ``metadata.EdgeID.one_owner_per_edge`` (False if missing:
            a result saved before the rule existed).  Needs the pixel onsets
            (``metadata.EdgeID.pixel_onsets``, not kept by slicing): without
            them no edge is shared, with a warning.

        Returns
        -------
        list of str
        """
        return self.summary(threshold, pixel_fraction, touching_pixels, one_owner_per_edge).elements

    def summary(
        self,
        threshold: float | None = None,
        pixel_fraction: float | None = None,
        touching_pixels: bool | None = None,
        one_owner_per_edge: bool | None = None,
    ) -> EdgeTable:
        """Table of the detected elements with their pixel fractions and mean probabilities.

        Parameters
        ----------
        threshold : float, optional
            As in :meth:`detected_elements`.
        pixel_fraction : float, optional
            As in :meth:`detected_elements`.
        touching_pixels : bool, optional
            As in :meth:`detected_elements`.
        one_owner_per_edge : bool, optional
            As in :meth:`detected_elements`.

        Returns
        -------
        EdgeTable
        """
        if pixel_fraction is None:
            pixel_fraction = float(self._edgeid("pixel_fraction", 0.02))
        check_pixel_fraction(pixel_fraction)
        if touching_pixels is None:
            touching_pixels = bool(self._edgeid("touching_pixels", False))
        check_flag(touching_pixels, "touching_pixels")
        if one_owner_per_edge is None:  # absent: a result saved before the rule existed, decided without it
            one_owner_per_edge = bool(self._edgeid("one_owner_per_edge", False))
        check_flag(one_owner_per_edge, "one_owner_per_edge")
        single = self.axes_manager.navigation_dimension == 0
        touching = asks_touching(touching_pixels, pixel_fraction, self.axes_manager.navigation_shape)
        data, d = self.data if self._lazy else np.asarray(self.data), DecoderSettings()
        pixel_onsets = self._pixel_onsets(data) if one_owner_per_edge and not single else None
        same = [float(self._edgeid(f"same_edge_{x}", getattr(d, f"same_edge_{x}"))) for x in ("ev", "rel")]
        least = float(self._edgeid("map_same_edge_ev", 0.0))  # absent: a result saved before it, decided without
        thresholds = self._thresholds(threshold)
        # the pixel rule, less the elements that their summed spectra did not confirm (pooled_check)
        decision = decide_image(self, data, thresholds, pixel_fraction, touching, pixel_onsets, same, threshold, least)
        return image_table(self, decision, thresholds, single)

    # --- maps ------------------------------------------------------------------
    def get_element_maps(self, elements: list[str] | str | None = None) -> list:
        """Probability map of each element, one signal per element.

        In the style of exspy's ``EDSSpectrum.get_lines_intensity``: each map
        is titled with the element, its edge and onset, and carries
        ``metadata.Sample.elements = [element]``.  Plot them together with
        ``hs.plot.plot_images(maps)``.

        Parameters
        ----------
        elements : list of str, "all" or None
            Elements to map.  ``None`` (default): the detected elements
            (``metadata.EdgeID.detected``, or :meth:`detected_elements` if
            that is missing); ``"all"``: every supported element observable
            in the measured window.

        Returns
        -------
        list of Signal2D (spectrum images), Signal1D (line scans)
            Lazy signals if this signal is lazy.  NaN marks pixels that could
            not be analysed.

        Raises
        ------
        ValueError
            For a single spectrum (there is nothing to map) or an unknown element.
        """
        elements = self._map_elements(elements, "element maps")
        edges = self._edgeid("edges") or [""] * len(self.elements)
        onsets = self._edgeid("onsets") or [float("nan")] * len(self.elements)
        source = self._edgeid("source_title", self.metadata.General.title)
        nav_axes = map_axes(self)
        maps = []
        for element in elements:
            i = self._index_of(element)
            edge, onset = str(edges[i]), float(onsets[i])
            where = f"{edge} at {onset:.1f} eV" if edge and np.isfinite(onset) else element
            title = f"{titled('Edge probability', source)}: {where}"
            maps.append(map_signal(self.data[..., i], nav_axes, self._lazy, title, element, edge, "Probability"))
        return maps

    def _map_elements(self, elements, what: str) -> list:
        """The elements to map: the detected ones (None), the observable ones ("all") or those given."""
        if self.axes_manager.navigation_dimension == 0:
            raise ValueError(f"{what} need a spectrum image or a line scan; this result has a single spectrum.")
        if elements is None:
            elements = detected_of(self)
            if elements is None:
                elements = self.detected_elements()
        elif isinstance(elements, str):
            if elements != "all":
                raise ValueError(f"elements must be a list of symbols, 'all' or None, got {elements!r}.")
            observable = self._edgeid("observable") or [True] * len(self.elements)
            elements = [el for el, ok in zip(self.elements, observable) if ok]
        return elements

    def get_onset_maps(self, elements: list[str] | str | None = None, threshold: float | None = None) -> list:
        """Onset map (eV) of each element: the edge's estimated onset in every pixel that shows the element.

        The network's per-pixel estimate of the element's principal edge
        onset, kept in ``metadata.EdgeID.pixel_onsets`` (saved with the
        result); NaN where the pixel's probability is below the threshold,
        the element is not observable or the pixel could not be analysed.
        Titled like :meth:`get_element_maps`, with the quantity "Onset (eV)".

        Parameters
        ----------
        elements : list of str, "all" or None
            As in :meth:`get_element_maps` (default: the detected elements).
        threshold : float, optional
            Probability at or above which a pixel shows an element; by
            default each element's threshold (``metadata.EdgeID.thresholds``).

        Returns
        -------
        list of Signal2D (spectrum images), Signal1D (line scans)
            Lazy signals if this signal is lazy.

        Raises
        ------
        ValueError
            For a single spectrum, an unknown element, a result without
            stored onsets or one sliced after identification.

        Examples
        --------
        >>> import hyperspy_eels_edgeid as edgeid
        >>> si = edgeid.data.synthetic_eels(["Fe", "O"], navigation_shape=(4, 3), random_state=0)
        >>> p = si.identify_edges()                      # doctest: +SKIP
        >>> onsets = p.get_onset_maps()                  # doctest: +SKIP
        """
        elements = self._map_elements(elements, "onset maps")
        for element in elements:
            self._index_of(element)
        return onset_maps(self, list(elements), self._thresholds(threshold))

    def plot_element_maps(self, elements: list[str] | str | None = None, **kwargs):
        """Plot :meth:`get_element_maps` with ``hs.plot.plot_images``.

        Parameters
        ----------
        elements
            As in :meth:`get_element_maps`.
        **kwargs
            Passed to ``hs.plot.plot_images`` (by default axes_decor="off", colorbar="single", vmin=0, vmax=1,
            cmap="viridis"), or for a line scan to ``hs.plot.plot_spectra`` (the probability axis -0.05 to 1.05).
        """
        maps = self.get_element_maps(elements)
        if not maps:
            why = "none is observable here" if elements == "all" else "none was detected (pass elements=... or 'all')"
            raise ValueError(f"no element to map: {why}.")
        if self._lazy:
            for m in maps:
                m.compute()
        return plot_maps(maps, line_scan=self.axes_manager.navigation_dimension == 1, **kwargs)


class LazyEELSEdgeProbabilities(LazySignal1D, EELSEdgeProbabilities):
    """Lazy twin of :class:`EELSEdgeProbabilities` (dask-backed; ``compute()`` returns the eager class)."""

    _lazy = True

    def plot(self, *args, **kwargs):
        """Plot as ``LazySignal1D.plot``, with the detected elements' symbols (see :meth:`EELSEdgeProbabilities.plot`).

        Parameters
        ----------
        *args, **kwargs
            Passed to ``LazySignal1D.plot``.
        """
        out = LazySignal1D.plot(self, *args, **kwargs)
        self._label_detected()
        return out

    def _repr_html_(self) -> str:
        """The signal's line, with the detected elements, over the dask array's summary (nothing is computed)."""
        return f"<p><code>{html.escape(repr(self))}</code></p>" + LazySignal1D._repr_html_(self)

    def compute(self, *args, **kwargs):
        """Compute as ``LazySignal1D.compute``, the per-pixel onsets in the same pass (one network run); then record
        the detected elements as the pixel rule decides them, unchecked (``metadata.EdgeID.detected``).

        Parameters
        ----------
        *args, **kwargs
            Passed to ``LazySignal1D.compute``.
        """
        self._compute_with_onsets(*args, **kwargs)
        elements = self._edgeid("elements")
        if not self._lazy and elements and self._edgeid("detected") is None and self.data.shape[-1] == len(elements):
            table, n = self.summary(), int(np.prod(self.axes_manager.navigation_shape))
            record_detected(self, table.elements, n - table.n_valid)

    def _compute_with_onsets(self, *args, **kwargs):
        import dask.array as da

        onsets = self.metadata.get_item(ONSETS_KEY)
        k = self.data.shape[-1]
        if onsets is None or not onsets._lazy or onsets.data.shape != self.data.shape:
            return LazySignal1D.compute(self, *args, **kwargs)
        probabilities = self.data
        self.data = da.concatenate([probabilities, da.asarray(onsets.data, dtype=probabilities.dtype)], axis=-1)
        try:
            LazySignal1D.compute(self, *args, **kwargs)
        except BaseException:
            self.data = probabilities  # still lazy, as it was
            raise
        both = self.data
        onsets.data = np.ascontiguousarray(both[..., k:])
        onsets.compute(show_progressbar=False)
        self.data = np.ascontiguousarray(both[..., :k])
