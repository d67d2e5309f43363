"""The table of identified edges returned by :func:`~hyperspy_eels_edgeid.hyperspy.identify.identify_edges`.

An :class:`EdgeTable` is a read-only sequence of :class:`EdgeRow` that prints
as a plain-text table in a terminal (``__repr__``) and as an HTML table in
Jupyter (``_repr_html_``).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from ._validation import unit_factor
from .line_ratio_check import PAIRS
from .pixel_rule import widespread

__all__ = ["EdgeRow", "EdgeTable"]

_LANTHANIDES = sorted({lanthanide for lanthanide, _ in PAIRS})  # the line-ratio check's (Cs with them)

#: Columns of names (left-aligned); the others hold numbers.
TEXT_COLUMNS = ("Other edges", "Alternatives")


def _below(value: float, decimals: int = 2) -> str:
    """A value below a bar, rounded down (0.3499 is not shown as 0.35 beside a threshold of 0.35)."""
    scale = 10**decimals
    return f"{math.floor(round(value * scale, 6)) / scale:.{decimals}f}"


@dataclass(frozen=True)
class EdgeRow:
    """One identified edge.

    Attributes
    ----------
    element : str
        Chemical symbol.
    edge : str
        Edge label in exspy's notation (``"Fe_L3"``, ``"O_K"``), the element's
        principal edge inside the measured window.
    onset : float
        Onset energy (eV): the recognizer's estimate when it gives one,
        otherwise the onset in exspy's database.
    probability : float
        For a single spectrum, the probability that the element is present.
        For a spectrum image, the mean probability over the valid pixels.
    threshold : float
        Probability at or above which a pixel counts as showing the element.
    pixel_fraction : float or None
        For a spectrum image, the fraction of valid pixels whose probability
        reaches `threshold`; ``None`` for a single spectrum.
    alternatives : tuple of (str, float)
        Other elements whose edges lie where this edge was found, with their
        probabilities (network and prior; the mean over the valid pixels in a
        spectrum image), most probable first; in a spectrum image the
        elements whose edge this one owns (one owner per edge) come first.
    other_edges : tuple of (str, float)
        Single spectra: the element's other edge groups in the measured range
        (exspy's labels, by onset) and how surely the model's edge head sees
        each where the table puts it (0-1): the edges that support the
        element, or that it lacks (:meth:`~hyperspy_eels_edgeid.recognizer.inference.EdgeRecognizer.other_edges`).
    """

    element: str
    edge: str
    onset: float
    probability: float
    threshold: float
    pixel_fraction: float | None = None
    alternatives: tuple = ()
    other_edges: tuple = ()


class EdgeTable(Sequence):
    """Edges identified in a spectrum or a spectrum image.

    Indexing and iteration give :class:`EdgeRow` objects, sorted by onset
    energy; an element's symbol gives its row (``table["Fe"]``, ``"Fe" in table``).
    In Jupyter the table is shown as HTML.

    Parameters
    ----------
    rows : sequence of EdgeRow
    title : str
        Title of the analysed signal, shown in the caption.
    not_observable : sequence of str
        Supported elements whose edges lie outside the measured window (they
        could not have been found).
    probabilities : EELSEdgeProbabilities, optional
        The per-class probability signal the table was read from.
    n_valid : int, optional
        Number of pixels that were analysed (spectrum images).
    n_invalid : int
        Number of pixels skipped as invalid (constant, mostly negative or,
        with ``nonfinite="mask"``, without finite values).
    tabulated_onsets : bool
        Whether the onsets are those of exspy's database (summaries of a
        probability signal, which keeps no per-pixel onset) rather than the
        recognizer's estimates; the column header says which.
    held_back : dict of str to str, optional
        Elements the network saw but that are not reported, with the reason.
    added, replaced, not_judged : sequence of str, optional
        See the attributes below.
    near_misses : dict of str to float, optional
        See the attributes below.
    left_out, asked_not_found : dict, optional
        See the attributes below.
    left_out_of : str, optional
        See the attributes below.
    unnamed_edges : sequence of UnnamedEdge, optional
        See the attributes below.
    unnamed_edges_of : str, optional
        Where the unnamed edges were read ("" for a single spectrum; for a map, its mean spectrum).

    Attributes
    ----------
    probabilities : EELSEdgeProbabilities or None
        See above; for a spectrum image, ``probabilities.get_element_maps()``
        gives the element maps.
    added : list of str
        The elements ``identify_edges`` added to ``metadata.Sample.elements``.
    replaced : list of str
        The elements ``metadata.Sample.elements`` held before ``identify_edges``
        and no longer holds (``add_elements="replace"``, the default, writes
        the detected elements alone); named under the printed table.
    near_misses : dict of str to float
        A single spectrum's elements below their threshold but with a probability of 0.2 or more (at most five,
        not otherwise in the table), named under it: evidence too weak to report, not a detection.
    not_judged : list of str
        The elements ``metadata.Sample.elements`` held before that
        ``"replace"`` kept because this run could not look for them (not
        observable in the window); named under the printed table.
    left_out : dict of str to float
        A single spectrum read with ``elements=`` or ``exclude=``: the elements these kept out that the same
        evidence reports without them, with that probability (``table.probabilities`` gives them 0). A map's
        table names those of its mean spectrum (``metadata.EdgeID.left_out``).
    left_out_of : str
        Where `left_out` was read ("" for a single spectrum; for a map, its mean spectrum, or the whole map's
        where the table is a slice's).
    asked_not_found : dict of str to float or None
        The elements named in ``elements=`` and not reported (not held back either): a single spectrum's
        probability of each, a map's fraction of pixels showing it; None where this window cannot show it.
    unnamed_edges : tuple of UnnamedEdge
        The edges that the network's edge head sees and no reported element explains, with the table's edges
        there (:mod:`~hyperspy_eels_edgeid.recognizer.unnamed_edges`), named under the table: an edge the decoder
        gave to no one (a weak element, one at the window's ends, or near-edge structure), not a detection. A
        map's are those of its mean spectrum read as a single spectrum, against the elements the map writes
        (:mod:`~hyperspy_eels_edgeid.hyperspy.mean_check`; none for a map read with a low-loss partner).

    Examples
    --------
    >>> from hyperspy_eels_edgeid.hyperspy.table import EdgeRow, EdgeTable
    >>> t = EdgeTable([EdgeRow("O", "O_K", 532.0, 0.98, 0.5)], title="demo")
    >>> t.elements, "O" in t, t["O"].edge
    (['O'], True, 'O_K')
    >>> print(t)
    Edges identified in demo
    Element  Edge  Onset (eV)  Probability
    O        O_K        532.0        0.980
    """

    def __init__(
        self,
        rows: Sequence[EdgeRow],
        *,
        title: str = "",
        not_observable: Sequence[str] = (),
        probabilities=None,
        n_valid: int | None = None,
        n_invalid: int = 0,
        tabulated_onsets: bool = False,
        held_back: dict | None = None,
        added: Sequence[str] = (),
        replaced: Sequence[str] = (),
        not_judged: Sequence[str] = (),
        near_misses: dict | None = None,
        left_out: dict | None = None,
        left_out_of: str = "",
        asked_not_found: dict | None = None,
        unnamed_edges: Sequence = (),
        unnamed_edges_of: str = "",
    ):
        self._rows = tuple(sorted(rows, key=lambda r: (r.onset if math.isfinite(r.onset) else math.inf, r.element)))
        self.title = str(title)
        self.not_observable = tuple(not_observable)
        self.probabilities = probabilities
        self.n_valid = n_valid
        self.n_invalid = int(n_invalid)
        self.tabulated_onsets = bool(tabulated_onsets)
        self.held_back = dict(held_back or {})
        self.added = list(added)
        self.replaced = list(replaced)
        self.not_judged = list(not_judged)
        self.near_misses = dict(near_misses or {})
        self.left_out = dict((left_out.as_dictionary() if hasattr(left_out, "as_dictionary") else left_out) or {})
        self.left_out_of = str(left_out_of)
        self.asked_not_found = dict(asked_not_found or {})
        self.unnamed_edges = tuple(unnamed_edges)
        self.unnamed_edges_of = str(unnamed_edges_of)

    # --- sequence protocol -------------------------------------------------
    def __getitem__(self, index):
        if isinstance(index, str):  # an element's symbol: its row
            for row in self._rows:
                if row.element == index:
                    return row
            raise KeyError(f"{index!r} is not among the identified elements {self.elements}.")
        return self._rows[index]

    def __contains__(self, item) -> bool:
        return item in self.elements if isinstance(item, str) else item in self._rows

    def __len__(self) -> int:
        return len(self._rows)

    # --- convenience ---------------------------------------------------------
    @property
    def elements(self) -> list[str]:
        """Identified elements, sorted alphabetically (as written to the metadata)."""
        return sorted({r.element for r in self._rows})

    @property
    def edges(self) -> list[str]:
        """Identified edge labels, sorted by onset."""
        return [r.edge for r in self._rows]

    @property
    def is_spectrum_image(self) -> bool:
        """Whether the rows summarise many pixels."""
        return any(r.pixel_fraction is not None for r in self._rows) or self.n_valid not in (None, 1)

    def to_list(self) -> list[dict]:
        """The rows as a list of plain dictionaries (for pandas, JSON, ...)."""
        return [asdict(r) for r in self._rows]

    def get_element_maps(self, **kwargs):
        """Element maps of a spectrum image.

        Shortcut for ``self.probabilities.get_element_maps(**kwargs)``; see
        :meth:`~hyperspy_eels_edgeid.hyperspy.signals.EELSEdgeProbabilities.get_element_maps`.

        Parameters
        ----------
        **kwargs
            Passed to :meth:`~hyperspy_eels_edgeid.hyperspy.signals.EELSEdgeProbabilities.get_element_maps`.
        """
        if self.probabilities is None:
            raise ValueError("this table holds no probability signal; element maps need a spectrum image.")
        return self.probabilities.get_element_maps(**kwargs)

    def plot(self, signal, **kwargs):
        """Plot `signal` with labelled markers at the identified edges.

        Uses exspy's own edge labels (``signal.plot(plot_edges=[...],
        only_edges=("Major", "Minor"))``), so the markers look like those of
        :meth:`exspy.signals.EELSSpectrum.plot`; exspy draws them at its
        tabulated energies, not at the onsets in the table (on a
        miscalibrated axis they stand off the edges).  Nothing is stored in
        the signal's metadata.  exspy places edge labels in eV: a signal whose
        energy axis is in keV (or meV) is plotted through a view whose axis
        is converted to eV (the data are shared, `signal` is not changed).

        Parameters
        ----------
        signal : exspy.signals.EELSSpectrum
            The analysed signal.
        **kwargs
            Passed to ``signal.plot``.
        """
        axis = signal.axes_manager.signal_axes[0]
        factor = unit_factor(axis) or 1.0
        if factor != 1.0:
            signal = signal._deepcopy_with_new_data(signal.data)
            axis = signal.axes_manager.signal_axes[0]
            if getattr(axis, "is_uniform", False):
                axis.offset, axis.scale = axis.offset * factor, axis.scale * factor
            else:
                axis.axis = np.asarray(axis.axis) * factor
            axis.units = "eV"
        if not self._rows:
            return signal.plot(**kwargs)
        kwargs.setdefault("only_edges", ("Major", "Minor"))
        return signal.plot(plot_edges=self.edges, **kwargs)

    # --- display -------------------------------------------------------------
    def _columns(self) -> tuple[list[str], list[list[str]]]:
        spectrum_image = self.is_spectrum_image
        header = ["Element", "Edge", "Tabulated onset (eV)" if self.tabulated_onsets else "Onset (eV)"]
        header += ["Pixel fraction", "Mean probability"] if spectrum_image else ["Probability"]
        with_other_edges = any(r.other_edges for r in self._rows)
        if with_other_edges:
            header.append("Other edges")
        with_alternatives = any(r.alternatives for r in self._rows)
        if with_alternatives:
            header.append("Alternatives")
        body = []
        for r in self._rows:
            line = [r.element, r.edge, f"{r.onset:.1f}"]
            if spectrum_image:
                fraction = "" if r.pixel_fraction is None else f"{r.pixel_fraction:.1%}"
                line += [fraction, f"{r.probability:.3f}"]
            else:
                line += [f"{r.probability:.3f}"]
            if with_other_edges:
                line.append(", ".join(f"{e} {p:.2f}" for e, p in r.other_edges))
            if with_alternatives:
                line.append(", ".join(f"{e} {p:.2f}" for e, p in r.alternatives))
            body.append(line)
        return header, body

    def _caption(self) -> str:
        caption = "Edges identified" + (f" in {self.title}" if self.title else "")
        if self.n_valid is not None and (self.n_valid != 1 or self.n_invalid):  # a map's (one pixel left: still said)
            caption += f" ({self.n_valid} pixel{'s' if self.n_valid != 1 else ''}"
            caption += f", {self.n_invalid} skipped)" if self.n_invalid else ")"
        return caption

    def _footer(self) -> list[str]:
        lines = []
        if not self._rows:
            lines.append("No edge identified.")
        if self.not_observable:
            shown = ", ".join(self.not_observable[:12]) + (" ..." if len(self.not_observable) > 12 else "")
            n = len(self.not_observable)
            lines.append(f"Not observable in this energy window: {n} element{'s' if n != 1 else ''} ({shown}).")
        lines += self._asked()
        if self.near_misses:
            below = ", ".join(f"{e} {_below(p)}" for e, p in self.near_misses.items())
            lines.append(f"Below the threshold, not reported: {below} (table.probabilities has every element).")
        if self.unnamed_edges:
            seen = "; ".join(f"{u.onset:.1f} eV ({u.shape} {_below(u.probability)}: {', '.join(u.candidates) or '-'})"
                             for u in self.unnamed_edges)  # fmt: skip
            where = f" in {self.unnamed_edges_of}" if self.unnamed_edges_of else ""
            lines.append(f"Edges seen{where}, no element named: {seen} (table.unnamed_edges).")
        if self.held_back:
            lines.append("Held back: " + "; ".join(f"{e} ({why})" for e, why in sorted(self.held_back.items())) + ".")
        if self.replaced:
            lines.append(
                f"Taken out of metadata.Sample.elements: {', '.join(self.replaced)} (there before this run; "
                "add_elements='extend' keeps them)."
            )
        if self.not_judged:
            lines.append(
                f"Kept in metadata.Sample.elements: {', '.join(self.not_judged)} (there before this run, which could "
                "not look for them: not observable in this window)."
            )
        return lines + self._readers()

    def _asked(self) -> list[str]:
        """Lines on what ``elements=`` and ``exclude=`` asked and what they kept out."""
        record = None if self.probabilities is None else self.probabilities.metadata.get_item("EdgeID")
        lines = []
        asked, excluded = ("all", "") if record is None else (record.get_item(k, d) for k, d in
                                                               (("candidates", "all"), ("excluded", "")))  # fmt: skip
        if asked != "all" or excluded:
            said = [] if asked == "all" else [f"only {asked.replace(',', ', ')} asked for (elements=, C and O added "
                                              "unless excluded)"]  # fmt: skip
            said += [f"{excluded.replace(',', ', ')} excluded"] if excluded else []
            lines.append(f"Decided with {' and '.join(said)}: table.probabilities gives 0 to those kept out.")
        if self.asked_not_found:
            shown = (lambda f: f"{_below(100 * f, 1)} %") if self.is_spectrum_image else _below  # a map's: pixels
            found = [f"{e} {shown(p)}" for e, p in self.asked_not_found.items() if p is not None]
            unseen = [e for e, p in self.asked_not_found.items() if p is None]
            below = "shown by too few pixels" if self.is_spectrum_image else "below the threshold"
            said = ([f"{below}: {', '.join(found)}"] if found else [])
            said += [f"not judged in this window (outside it, or at its ends): {', '.join(unseen)}"] if unseen else []
            lines.append(f"Asked for, not reported: {'; '.join(said)}.")
        if self.left_out:
            where = f" in {self.left_out_of}" if self.left_out_of else ""
            read = ", ".join(f"{e} {p:.2f}" for e, p in self.left_out.items())
            lines.append(f"Kept out by elements= or exclude=, reported without them{where}: {read} (is the list "
                         "complete?).")
        return lines

    def _readers(self) -> list[str]:
        """Lines naming the reader or ensemble that read the spectra, the elements the white-edge rule named and the
        model that read some pixels."""
        record = None if self.probabilities is None else self.probabilities.metadata.get_item("EdgeID")
        if record is None:
            return []
        lines = []
        weights = record.get_item("weights", "bundled")
        if " + " in weights:
            lines.append(f"Read by the ensemble {weights} (metadata.EdgeID.weights).")
        elif weights.startswith("bundled "):
            lines.append(f"Read by the {weights} (metadata.EdgeID.weights).")
        owned = record.get_item("white_edge_owned", [])
        if len(owned):
            lines.append(f"Named from the edge head's white-line edge, which the element head gave to no one: "
                         f"{', '.join(owned)} (metadata.EdgeID.white_edge_owned).")
        by_ratio = record.get_item("line_ratio_named", [])
        if len(by_ratio):
            lines.append(f"Named from the ratio of the two white lines, in place of {', '.join(_LANTHANIDES)}: "
                         f"{', '.join(by_ratio)} (metadata.EdgeID.line_ratio_named).")
        if record.get_item("line_ratio_checked", True) is False:
            asked, excluded = (str(record.get_item(key, "")).split(",") for key in ("candidates", "excluded"))
            open_to = [m for _, m in PAIRS if (asked == ["all"] or m in asked) and m not in excluded]
            unchecked = [f"{lanthanide} (or {metal})" for lanthanide, metal in PAIRS
                         if lanthanide in self.elements and metal not in self.elements and metal in open_to]
            if unchecked:
                lines.append(f"Not checked by the ratio of the two white lines (a lazy result): "
                             f"{', '.join(unchecked)}; identify_edges(lazy_output=False) checks it.")
        if record.get_item("summed_checked", True) is False and self._rows:
            lines.append("Decided by the pixel rule alone (a lazy result holds no spectra to sum): not confirmed by "
                         "the checks on summed spectra; identify_edges(lazy_output=False) makes them.")
        unchecked = widespread(self)
        if record.get_item("mean_checked", True) is False and unchecked:
            lines.append(f"Not compared with the mean spectrum read as a single spectrum (a lazy result): "
                         f"{', '.join(unchecked)}; identify_edges(lazy_output=False) compares them.")
        if record.has_item("other_reader"):
            other = record.other_reader.weights
            other = "the main bundled model" if other == "bundled" else f"the {other}"
            lines.append(f"{record.other_reader.pixels} pixels read by {other} (metadata.EdgeID.other_reader).")
        return lines

    def __repr__(self) -> str:
        header, body = self._columns()
        lines = [self._caption()]
        if body:
            numeric = [False, False] + [h not in TEXT_COLUMNS for h in header[2:]]
            widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]

            def fmt(row):
                cells = [c.rjust(w) if num else c.ljust(w) for c, w, num in zip(row, widths, numeric)]
                return "  ".join(cells).rstrip()

            lines += [fmt(header)] + [fmt(row) for row in body]
        lines += self._footer()
        return "\n".join(lines)

    __str__ = __repr__

    def _repr_html_(self) -> str:
        header, body = self._columns()
        esc = html.escape
        if not body:
            return "".join([f"<p><b>{esc(self._caption())}</b></p>"] + [f"<p>{esc(x)}</p>" for x in self._footer()])
        parts = ["<table>", f"<caption>{esc(self._caption())}</caption>", "<thead><tr>"]
        parts += [f"<th>{esc(h)}</th>" for h in header]
        parts.append("</tr></thead><tbody>")
        for row in body:
            cells = [f"<td style='text-align:left'>{esc(c)}</td>" for c in row[:2]]
            cells += [
                f"<td style='text-align:{'left' if h in TEXT_COLUMNS else 'right'}'>{esc(c)}</td>"
                for h, c in zip(header[2:], row[2:])
            ]
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody></table>")
        parts += [f"<p>{esc(line)}</p>" for line in self._footer()]
        return "".join(parts)
