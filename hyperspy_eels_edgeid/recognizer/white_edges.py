"""A white-line edge that no reported element explains, given to the one 3d metal whose L3 edge the table puts there.

The element head learned the 3d L2,3 white lines at the heights the synthesizer draws (L3 about 1-3 times its
continuum step).  Far taller lines, as in exspy's ``EELS_MnFe()`` (about 15 times) or the oxides of Fe and Ni, look
to it like the M4,5 white lines of the lanthanides, and where no lanthanide's edge lies (Mn L3 at 640 eV, Fe L3 at
708 eV) it names nothing, or a light element at the lines' rise.  The edge head still sees a white-line edge there.

:func:`own_white_edges` (the decoder's setting ``white_edge_probability``: None, off, in
:class:`~.decoder_settings.DecoderSettings`; 0.6 in the bundled models' JSONs, ``experiments/white_edge_owner/``)
reports a 3d metal K-Zn that the decoder did not report when

* the edge head sees a white-line edge (the families "L2,3 with white lines" and "M4,5 with white lines" together,
  ``white_edge`` of :mod:`.evidence`) within a step of the metal's tabulated L3 onset with at least that
  probability (and at least the metal's threshold);
* the head's sub-step onset of that edge lies within ``white_edge_onset_ev`` of the tabulated L3 onset;
* the decoder judges the metal (rule 2, window ends), and it is a candidate;
* no reported element's onset, and no tabulated M5 onset of a candidate element whose M4,5 edge has white lines
  (Ba M5 beside Co L3, Pr M5 beside Cu L3), lies within ``white_edge_clear_ev`` of that onset: the edge is nobody
  else's.  With ``identify_edges(elements=[...])`` or ``exclude=[...]`` keeping Ba out, Co's edge is Co's.

The metal is reported with the head's probability of that white-line edge, at the head's onset.

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.recognizer.decoder import ElementDecoder
>>> from hyperspy_eels_edgeid.recognizer.decoder_settings import DecoderSettings
>>> from hyperspy_eels_edgeid.recognizer.white_edges import own_white_edges
>>> dec = ElementDecoder(["O", "Mn"], [[532.0], [640.0, 651.0]], 0.35, DecoderSettings(white_edge_probability=0.6))
>>> evidence = {"logits": np.array([[-6.0, -6.0]]), "onsets": np.array([[560.0, 641.0]]),
...             "observable": np.ones((1, 2), bool), "window_start": np.array([400.0]),
...             "window_end": np.array([800.0]), "white_edge": np.array([[0.0, 0.9]]),
...             "white_edge_onset": np.array([[0.0, 639.5]])}
>>> decision = dec.decide_evidence(evidence)
>>> decision.reported(0.35).tolist()            # the element head names nothing
[[False, False]]
>>> decision, owned = own_white_edges(decision, evidence, dec)
>>> decision.reported(0.35).tolist(), owned.tolist()
([[False, True]], [[False, True]])
"""

from __future__ import annotations

import numpy as np

from .decision import Decision
from .edge_families import FAMILIES

__all__ = ["own_white_edges", "white_line_l3_onsets"]

_L23_WHITE = FAMILIES.index("L23_white")
_M45_WHITE = FAMILIES.index("M45_white")


def white_line_l3_onsets(decoder) -> np.ndarray:
    """(K,): each element's tabulated L3 onset where its principal L2,3 edge has white lines (K-Zn), else NaN.

    Parameters
    ----------
    decoder : ElementDecoder

    Returns
    -------
    ndarray of float
    """
    own = decoder.principal_families == _L23_WHITE
    first = np.where(own.any(axis=1), own.argmax(axis=1), 0)
    onsets = np.take_along_axis(decoder.principal_table, first[:, None], axis=1)[:, 0]
    return np.where(own.any(axis=1), onsets, np.nan)


def own_white_edges(decision: Decision, evidence: dict, decoder, candidates=None) -> tuple[Decision, np.ndarray]:
    """Report the 3d metals whose white-line edge nobody else explains (module docstring).

    Parameters
    ----------
    decision : Decision
        The decoder's decision on `evidence`.
    evidence : dict of ndarray
        With ``onsets``, ``white_edge`` and ``white_edge_onset`` (N, K) (:mod:`.evidence`).
    decoder : ElementDecoder
        The decoder that decided (its thresholds and settings).
    candidates : array_like of bool, shape (K,), optional
        Elements that may be reported (all by default).

    Returns
    -------
    decision : Decision
        With the owned metals' probabilities (the head's white-line edge probability) and no ``explained_by``.
    owned : ndarray of bool, shape (N, K)
        The metals reported by this rule (their onsets are ``white_edge_onset``).
    """
    s = decoder.settings
    owned = np.zeros(decision.probabilities.shape, dtype=bool)
    if s.white_edge_probability is None or "white_edge" not in evidence:
        return decision, owned
    thresholds = np.asarray(decoder.thresholds, dtype=np.float32)[None, :]
    p = np.asarray(evidence["white_edge"], dtype=np.float32)
    onset = np.asarray(evidence["white_edge_onset"], dtype=float)
    reported = decision.probabilities >= thresholds
    with np.errstate(invalid="ignore"):
        owned = np.abs(onset - white_line_l3_onsets(decoder)[None, :]) <= s.white_edge_onset_ev
    owned &= decision.observable & ~reported & (p >= np.maximum(np.float32(s.white_edge_probability), thresholds))
    if candidates is not None:
        owned &= np.asarray(candidates, dtype=bool)[None, :]
    rows = np.flatnonzero(owned.any(axis=1))
    if rows.size == 0:
        return decision, owned
    lanthanides = decoder.principal_families == _M45_WHITE  # (K, M): their M5 edges, if candidates
    if candidates is not None:
        lanthanides &= np.asarray(candidates, dtype=bool)[:, None]
    others = np.concatenate([  # (R, K + L): reported elements' onsets, then the candidate lanthanides' M5 onsets
        np.where(reported[rows], np.asarray(evidence["onsets"], dtype=float)[rows], np.nan),
        np.broadcast_to(decoder.principal_table[lanthanides], (rows.size, int(lanthanides.sum()))),
    ], axis=1)  # fmt: skip
    with np.errstate(invalid="ignore"):
        owned[rows] &= ~(np.abs(onset[rows][:, :, None] - others[:, None, :]) <= s.white_edge_clear_ev).any(axis=2)
    decision = Decision(
        probabilities=np.where(owned, p, decision.probabilities).astype(np.float32),
        observable=decision.observable,
        explained_by=np.where(owned, -1, decision.explained_by),
    )
    return decision, owned
