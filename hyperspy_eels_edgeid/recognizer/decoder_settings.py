"""The element decoder's settings, as stored in the model's JSON under ``"decoder"``.

What each rule does with them: :mod:`.decoder` (rule 3: :mod:`.edge_assignment`).

Examples
--------
>>> from hyperspy_eels_edgeid.recognizer.decoder_settings import DecoderSettings
>>> DecoderSettings.from_json({"prior_step": 0.5}).prior_step
0.5
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["DecoderSettings"]


@dataclass(frozen=True)
class DecoderSettings:
    """The decoder's parameters (stored in the model's JSON under ``"decoder"``).

    Parameters
    ----------
    prior_step : float
        Log-odds between neighbouring prior tiers (0 switches the prior off).
    same_edge_ev, same_edge_rel : float
        Two detected onsets closer than ``same_edge_ev + same_edge_rel * E``
        eV are one edge (0 and 0 switch the rule off); 3 eV at all energies was
        chosen on synthetic spectra (``docs/recognizer.md``).
    onset_sigma_ev, onset_sigma_rel : float
        Scale of the onset-residual penalty that orders the candidates.
    pre_edge_ev, post_edge_ev : float
        Measured range needed before and after an element's onset for it to
        be judged (rule 2).
    window_onset_tolerance_ev : float
        The onset rule 2 judges: the detected one, moved to within this many
        eV of the element's nearest tabulated principal onset (the detected
        one must besides lie the labels' margins, 5 and 10 eV, inside the
        window).  0, the default, judges where exspy's table puts the edge:
        in windows of some tens of eV the detected onset can be 5-17 eV off
        (the edge head has few steps to look at), and judging it there
        declined edges the window holds well.  A tolerance wider than the
        range where the network looks for an edge (20 eV + 1.5 %), such as
        1000, judges the detected onset.  Chosen with
        ``post_edge_white_line_ev`` by rules written before measuring
        (``experiments/selection_history.md``).
    post_edge_white_line_ev : float
        ``post_edge_ev`` for an element whose principal edge there has white
        lines (L3 of K-Zn, M5 of Xe-Lu: :mod:`.edge_families`).  25 eV, the
        default, shows both lines of K-Cu L3/L2 (at most 20 eV apart) and of
        La-Nd M5/M4 (at most 22 eV), the first line only of Zn (L2 23 eV
        after L3) and Pm-Lu (M4 25-51 eV after M5): a Ti L2,3 map over
        435-486 eV is judged, while K L2,3 21 eV before the end of a C K map
        is not.
    pre_edge_white_line_ev : float or None
        ``pre_edge_ev`` for an element whose principal edge there has white
        lines (the edges of ``post_edge_white_line_ev``), whose sharp lines a
        background bend after the window's start does not imitate.  None, the
        default: ``pre_edge_ev``.
    pre_edge_delayed_ev, post_edge_delayed_ev : float or None
        ``pre_edge_ev`` and ``post_edge_ev`` for an element whose principal
        edge there is a delayed M4,5 edge (every M4,5 edge without white
        lines, Kr-I and Hf-Am: the ``M45`` family of :mod:`.edge_families`),
        which has no sharp onset: its evidence is a
        slow rise to a maximum 40-80 eV above the tabulated onset, which near
        the window's start looks like a background bend and near its end is
        cut off.  None, the default: the same margins as every other edge.
        The bundled model's JSON sets ``post_edge_ev`` 20 and
        ``post_edge_delayed_ev`` 30 (``experiments/end_margin/``), and
        ``pre_edge_white_line_ev`` 10 (``experiments/start_margin_white/``).
    post_edge_steps : float or None
        None, the default: off.  A number n: the end margin of rule 2 is at
        least n of the network's steps (the width of the step at the
        tabulated onset), whatever the shape: near a window's end the
        network's last steps show edges that are not there, and its steps
        are 8 eV wide below 1000 eV, 16 eV to 2000 eV and 32 eV above, so a
        margin in eV asks fewer steps at high energies.  The bundled JSONs
        set 2 for line scans and spectrum images only (their
        ``"image_decoder"``): 2.5 for every spectrum cost single spectra 0.02
        in F1 (``experiments/end_margin_steps/``).
    defer_to_unjudged_ev : float or None
        None, the default: off.  A number d: an element judged by rule 2 is
        not judged when another element that rule 2 does not judge (its onset
        within a margin), seen by the network at the same edge (detected
        onsets within ``same_edge_ev``) with a tabulated onset within d eV of
        its own, has log-odds at least as high: margins that differ by edge
        shape must not hand an edge to the less likely of its owners.  The
        bundled model's JSON sets 5 (``experiments/defer_margins/``).
    alternative_ev, alternative_rel : float
        Window around a reported edge's tabulated onset in which another
        element's Major edge makes it an alternative (for display).
    family_weight : float
        Weight of the shape term (0 switches it off; a model without an edge
        head has none).  1, the default, adds the log of the share as Bayes'
        rule adds a log-likelihood ratio; fixed by design, not calibrated.
    companion_weight : float
        Weight of the companion term: ``companion_weight * support`` is added
        to an element's log-odds, where support is how surely the edge head
        sees the element's other edges where the table puts them (0-1,
        :mod:`.evidence`).  0 switches it off.  1, the default, lets an
        element whose other edges the head sees surely gain up to one unit of
        log-odds, as much as the shape term takes from an edge shaped 1/e
        like its own; fixed by design (0.5 and 2 scored alike on the
        development spectra with an earlier network, commit ``48f1e71``), not calibrated.
    shared_edge_log_odds : float
        Log-odds (of rule 1) from which a candidate whose detected onset falls
        on a reported element's is still reported, when the two elements'
        tabulated onsets are farther apart than the same-edge distance and
        closer than the network's step (two edges the network may have placed
        in one step; needs the decoder's ``step_energy``).  1 (posterior 0.73) was chosen
        on synthetic spectra of the calibration seed (``docs/recognizer.md``);
        a value above any log-odds, such as 100, switches the exception off.
    shared_edge_steps : float
        Reach of that exception in network steps where the steps are coarser
        than the network's finest (the steps' spacing interpolated at the
        onset: from 987 eV up for the bundled grid, whose steps widen from 8
        to 16 and 32 eV at 1000 and 2000 eV; the finest keep one step): the two tabulated onsets
        must lie closer than this many steps' width.  1 by default; the
        bundled model's 2 was chosen by rules written before measuring
        (``experiments/selection_history.md``): above 1000 eV the network puts the onsets of elements
        one or two steps apart (Os M5 / Sr L3, Pt M5 / Y L3) on one edge.
        On a grid of one step width it changes nothing.
    pool_shared_edges : bool
        Decide on an edge's owners together: an element's probability becomes
        ``1 - prod(1 - posterior_j)`` over the judged elements whose detected
        onsets lie within the same-edge distance of its own (itself
        included), the probability that *some* element owns that edge, and
        rule 3 gives the edge to its best owner.  Off by default (an
        experiment: ``docs/recognizer.md``; it compares every pair of
        elements, (N, K, K) values per decision).
    near_edge_ev, near_edge_log_odds : float
        A candidate whose detected onset lies farther than the same-edge
        distance and at most ``near_edge_ev`` eV above the onset of an element
        already reported (inside that edge's near-edge structure) is reported
        only if its log-odds less ``near_edge_log_odds`` still reach its
        threshold; otherwise it is explained by that element.  0 and 0 (the
        default) switch the rule off (an experiment: ``docs/recognizer.md``).
    white_edge_probability : float or None
        None, the default: off.  A probability p: a 3d metal (K-Zn) that the
        decoder did not report is reported when the edge head sees a
        white-line edge within a step of its tabulated L3 onset with at least
        p (and its threshold), that edge's onset lies within
        ``white_edge_onset_ev`` of the table's, and no reported element's
        onset nor any lanthanide-like M5 onset lies within
        ``white_edge_clear_ev`` of it (:mod:`.white_edges`: white lines far
        taller than the training's, which the element head does not name).
    white_edge_onset_ev, white_edge_clear_ev : float
        The distances of ``white_edge_probability``'s rule (6 and 15 eV).
    """

    prior_step: float = 1.0
    same_edge_ev: float = 3.0
    same_edge_rel: float = 0.0
    onset_sigma_ev: float = 8.0
    onset_sigma_rel: float = 0.01
    pre_edge_ev: float = 15.0
    post_edge_ev: float = 30.0
    window_onset_tolerance_ev: float = 0.0
    post_edge_white_line_ev: float = 25.0
    pre_edge_white_line_ev: float | None = None
    pre_edge_delayed_ev: float | None = None
    post_edge_delayed_ev: float | None = None
    post_edge_steps: float | None = None
    defer_to_unjudged_ev: float | None = None
    alternative_ev: float = 10.0
    alternative_rel: float = 0.01
    family_weight: float = 1.0
    companion_weight: float = 1.0
    shared_edge_log_odds: float = 1.0
    shared_edge_steps: float = 1.0
    pool_shared_edges: bool = False
    near_edge_ev: float = 0.0
    near_edge_log_odds: float = 0.0
    white_edge_probability: float | None = None
    white_edge_onset_ev: float = 6.0
    white_edge_clear_ev: float = 15.0

    @classmethod
    def from_json(cls, items: dict | None) -> "DecoderSettings":
        """Settings from the model JSON's ``"decoder"`` mapping (defaults where absent).

        Parameters
        ----------
        items : dict or None
            Field names and values.

        Returns
        -------
        DecoderSettings

        Raises
        ------
        ValueError
            For an unknown field, or a value that is not a finite number
            (not true or false for ``pool_shared_edges``; a number or null for
            a setting whose default is None, such as ``defer_to_unjudged_ev``), or a
            value below a setting's minimum.
        """
        items = dict(items or {})
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(items) - known)
        if unknown:
            raise ValueError(f"decoder: unknown setting(s) {unknown}; known: {sorted(known)}.")
        for name, value in items.items():
            if value is None and cls.__dataclass_fields__[name].default is None:
                continue  # a setting that may be switched off
            if isinstance(cls.__dataclass_fields__[name].default, bool):
                if not isinstance(value, bool):
                    raise ValueError(f"decoder: {name} must be true or false, got {value!r}.")
            elif isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
                raise ValueError(f"decoder: {name} must be a finite number, got {value!r}.")
        for name, low in {
            "shared_edge_steps": 1.0, "pre_edge_delayed_ev": 0.0, "post_edge_delayed_ev": 0.0,
            "pre_edge_white_line_ev": 0.0, "defer_to_unjudged_ev": 0.0, "post_edge_steps": 0.0,
            "white_edge_probability": 0.0, "white_edge_onset_ev": 0.0, "white_edge_clear_ev": 0.0,
        }.items():
            if items.get(name) is not None and items[name] < low:
                raise ValueError(f"decoder: {name} must be at least {low}, got {items[name]!r}.")
        return cls(**{k: v if isinstance(v, bool) or v is None else float(v) for k, v in items.items()})
