"""The recognizer's label space and its rules.

Which elements a model can report and where their principal edges lie
(:func:`label_space`, from exspy's database), at which network steps an
element's edge may appear (:func:`allowed_steps`), when an element is
observable in a measured window (:func:`observable_elements`) and when its
label is ambiguous because its edge lies near the window's ends
(:func:`near_window_ends`).  Training, inference and evaluation all use these
rules, so they live in one place.

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.recognizer.labels import allowed_steps
>>> allowed_steps([[500.0]], np.array([450.0, 490.0, 510.0, 560.0])).tolist()
[[False, True, True, False]]
"""

from __future__ import annotations

import numpy as np

from ..edges import edge_groups_of, elements_with_principal_edge

__all__ = [
    "EDGE_MARGINS",
    "ONSET_TOLERANCE_EV",
    "ONSET_TOLERANCE_REL",
    "END_ZONE_EV",
    "label_space",
    "allowed_steps",
    "observable_elements",
    "measured_range",
    "near_window_ends",
]

#: A label's onset must lie this far inside the measured window (eV), as in
#: the synthesizer's labels and the real-spectra benchmark.
EDGE_MARGINS = (5.0, 10.0)
#: Where a principal edge may appear around its tabulated onset: the
#: synthesizer's largest shift (15 eV) and expansion (1.5 %) plus 5 eV.
ONSET_TOLERANCE_EV = 20.0
ONSET_TOLERANCE_REL = 0.015


def label_space(grid: np.ndarray, margins: tuple[float, float] = EDGE_MARGINS) -> dict[str, list[float]]:
    """Elements with a principal Major edge inside the grid, and those onsets.

    Parameters
    ----------
    grid : ndarray
        Model grid (eV).
    margins : (float, float)
        The onset must lie ``margins[0]`` after the grid start and
        ``margins[1]`` before its end.

    Returns
    -------
    dict
        ``{element: [onset, ...]}`` in order of atomic number; onsets from
        exspy's database (principal, Major edge groups).

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.grid import GRID_SEGMENTS, model_grid
    >>> from hyperspy_eels_edgeid.recognizer.labels import label_space
    >>> space = label_space(model_grid(GRID_SEGMENTS))
    >>> space["O"], len(space) >= 75
    ([532.0], True)
    """
    lo, hi = float(grid[0]) + margins[0], float(grid[-1]) - margins[1]
    space = {}
    for element in elements_with_principal_edge((float(grid[0]), float(grid[-1])), margins):
        space[element] = [g.onset for g in edge_groups_of(element) if g.principal and g.major and lo <= g.onset <= hi]
    return space


def allowed_steps(onsets: list[list[float]], step_energy: np.ndarray) -> np.ndarray:
    """(K, T) bool: steps within tolerance of an element's principal onsets.

    Parameters
    ----------
    onsets : list of list of float
        Principal onsets (eV) of each of the K elements.
    step_energy : ndarray, shape (T,)
        Energy (eV) of each network step.

    Returns
    -------
    ndarray of bool, shape (K, T)

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.recognizer.labels import allowed_steps
    >>> allowed_steps([[500.0]], np.array([450.0, 490.0, 510.0, 560.0])).tolist()
    [[False, True, True, False]]
    """
    step_energy = np.asarray(step_energy, dtype=float)
    out = np.zeros((len(onsets), step_energy.size), dtype=bool)
    for k, element_onsets in enumerate(onsets):
        for onset in element_onsets:
            tol = ONSET_TOLERANCE_EV + ONSET_TOLERANCE_REL * onset
            out[k] |= np.abs(step_energy - onset) <= tol
    return out


def observable_elements(mask: np.ndarray, grid: np.ndarray, onsets: list[list[float]]) -> np.ndarray:
    """(N, K) bool: a principal onset of the element lies in the measured part of the grid.

    The onset must be at least ``EDGE_MARGINS[0]`` eV after the first and
    ``EDGE_MARGINS[1]`` eV before the last measured grid channel, and its own
    grid channel must be measured.

    Parameters
    ----------
    mask : ndarray of bool, shape (N, G)
        Measured grid channels of each spectrum.
    grid : ndarray, shape (G,)
        The model grid (eV).
    onsets : list of list of float
        Principal onsets (eV) of each of the K elements.

    Returns
    -------
    ndarray of bool, shape (N, K)

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.recognizer.labels import observable_elements
    >>> grid = np.arange(100.0, 1000.0)
    >>> mask = (grid >= 400) & (grid <= 700)
    >>> observable_elements(mask[None], grid, [[284.0], [532.0], [695.0]]).tolist()
    [[False, True, False]]
    """
    mask = np.atleast_2d(mask).astype(bool)
    grid = np.asarray(grid, dtype=float)
    lo_m, hi_m = EDGE_MARGINS
    first, last = measured_range(mask, grid)
    out = np.zeros((mask.shape[0], len(onsets)), dtype=bool)
    for k, element_onsets in enumerate(onsets):
        for onset in element_onsets:
            idx = min(int(np.searchsorted(grid, onset)), grid.size - 1)
            out[:, k] |= (first + lo_m <= onset) & (onset <= last - hi_m) & mask[:, idx]
    return out


def measured_range(mask: np.ndarray, grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last measured grid energy of each row of `mask` (inf, -inf where none).

    Parameters
    ----------
    mask : ndarray of bool, shape (N, G)
        Measured grid channels of each spectrum.
    grid : ndarray, shape (G,)
        The model grid (eV).

    Returns
    -------
    first, last : ndarray, shape (N,)
    """
    mask = np.atleast_2d(mask).astype(bool)
    any_valid = mask.any(axis=1)
    first = np.where(any_valid, grid[np.argmax(mask, axis=1)], np.inf)
    last = np.where(any_valid, grid[mask.shape[1] - 1 - np.argmax(mask[:, ::-1], axis=1)], -np.inf)
    return first, last


#: Half-width (eV, plus 1.5 % of the onset: the largest miscalibration the
#: forward model applies) of the zones at the labelled window's ends where a
#: principal onset makes the label ambiguous.
END_ZONE_EV = 20.0


def near_window_ends(start: np.ndarray, end: np.ndarray, onsets: list[list[float]]) -> np.ndarray:
    """(N, K) bool: a principal onset lies near the start or the end of the labelled window.

    Within ``END_ZONE_EV + 1.5 %`` of the onset, a shifted edge may fall
    inside or outside the window's label margins, so training does not
    penalise the network for reporting an *absent* element there (see
    :func:`hyperspy_eels_edgeid.workflows.training_data.make_targets`); the model's
    probability for such elements is biased upwards there, one reason why
    the element decoder does not judge an edge whose tabulated onset lies
    within its pre- and post-edge ranges of the window's ends
    (:class:`~hyperspy_eels_edgeid.recognizer.decoder_settings.DecoderSettings`).

    Parameters
    ----------
    start, end : ndarray, shape (N,)
        Labelled window of each spectrum (eV): the first measured energy plus
        ``EDGE_MARGINS[0]``, the last minus ``EDGE_MARGINS[1]``.
    onsets : list of list of float
        Principal onsets of each of the K elements.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.recognizer.labels import near_window_ends
    >>> near_window_ends(np.array([405.0]), np.array([690.0]), [[284.0], [532.0], [695.0]]).tolist()
    [[False, False, True]]
    """
    start = np.asarray(start, dtype=float)[:, None]
    end = np.asarray(end, dtype=float)[:, None]
    counts = np.array([len(o) for o in onsets])
    flat = np.concatenate([np.asarray(o, dtype=float) for o in onsets]) if counts.sum() else np.zeros(0)
    tol = END_ZONE_EV + 0.015 * flat
    hit = (np.abs(start - flat) <= tol) | (np.abs(end - flat) <= tol)  # (N, all onsets)
    # any hit per element: running count of hits at each element's last onset minus at the one before
    running = np.concatenate([np.zeros((hit.shape[0], 1), dtype=np.intp), np.cumsum(hit, axis=1)], axis=1)
    bounds = np.cumsum(np.r_[0, counts])
    return running[:, bounds[1:]] > running[:, bounds[:-1]]
