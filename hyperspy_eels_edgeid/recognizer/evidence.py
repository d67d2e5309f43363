"""What the network's outputs say about each element: presence log-odds, onset, and the edge head's view of its edge.

:class:`EvidenceReader` turns one network call's outputs into the per-element
arrays the element decoder reads (:attr:`EdgePrediction.evidence
<hyperspy_eels_edgeid.recognizer.prediction.EdgePrediction>`):

* ``logits``: the presence log-odds;
* ``onsets``: the onset of each element's edge, at the step of its largest
  position logit; within the step, from a parabola through that step and its
  neighbours or, with an edge head, from the head's sub-step offset at the
  neighbouring step (±1) where it sees an edge most surely;
* ``family_share`` (edge head only): the share of the edge found there that
  the head gives to the shape family of the element's own edge (the
  principal edge nearest the onset; :mod:`.edge_families`);
* ``companion_support`` (edge head only): how surely the head sees the
  element's *other* edges (secondary ones such as L1 or M2,3, and further
  principal ones) where the table puts them, shifted as the detected edge
  is: the largest probability the head gives, within a step of such an
  edge's onset, to that edge's own family, over the element's other edges
  in the measured range (0 where it has none there).  Nb, whose M4,5 edge
  is weak, is supported by its M2,3 edges at 363 and 378 eV; Ca, which
  the M2,3 pair imitates, has no other edge there to show;
* ``white_edge`` and ``white_edge_onset`` (edge head only): for each 3d
  metal K-Zn, how surely the head sees a white-line edge (its families "L2,3
  with white lines" and "M4,5 with white lines" together) within a step of
  the metal's tabulated L3 onset, and that edge's sub-step onset (0 and 0
  for other elements; read by :mod:`.white_edges`);
* ``edge_support`` (edge head only, when asked for: ``read(out,
  edge_support=True)``): the same per edge group, (N, K, C) in the order of
  :attr:`EvidenceReader.edge_labels`, NaN for the edge the element was
  found by, for edges outside the measured range and for every edge of an
  element none of whose steps was measured (whose share is then 1 and
  support 0), and with it the head's outputs at every step: ``step_families``
  (N, F, T), the probability of each shape family (``none`` first; 1 at
  steps not measured), ``step_offsets`` (N, T), the onset's offset within
  the step, and ``step_measured`` (N, T), read by :mod:`.unnamed_edges`.

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.recognizer.evidence import parabola_offset
>>> round(float(parabola_offset(np.array([0.0]), np.array([1.0]), np.array([0.5]))[0]), 3)  # towards the right
0.167
"""

from __future__ import annotations

import numpy as np

from ..edges import edge_groups_of
from .edge_families import FAMILIES, element_edge_families
from .white_edges import white_line_l3_onsets

__all__ = ["EvidenceReader", "parabola_offset"]

_L23_WHITE = FAMILIES.index("L23_white")
_M45_WHITE = FAMILIES.index("M45_white")


def parabola_offset(left: np.ndarray, mid: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Offset (in steps, within ±0.5) of the vertex of the parabola through three neighbouring values.

    Parameters
    ----------
    left, mid, right : ndarray
        Values at the steps before, at and after the best step.

    Returns
    -------
    ndarray
        0 where the three values do not make a maximum.
    """
    denom = left - 2.0 * mid + right
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.where(denom < 0, 0.5 * (left - right) / np.minimum(denom, -1e-6), 0.0)
    return np.clip(delta, -0.5, 0.5)


class EvidenceReader:
    """Reads a network's outputs into the decoder's per-element evidence.

    Parameters
    ----------
    decoder : ElementDecoder
        The model's decoder (:class:`~hyperspy_eels_edgeid.recognizer.decoder.ElementDecoder`):
        its elements, their tabulated principal onsets
        (``principal_table``) and ``nearest_principal``.
    step_energy : ndarray, shape (T,)
        Energy of each network step.
    """

    #: Other edges closer than this (eV, plus `COMPANION_SEPARATION_REL` of the onset) to the detected one are that edge.
    COMPANION_SEPARATION_EV = 10.0
    COMPANION_SEPARATION_REL = 0.02

    def __init__(self, decoder, step_energy: np.ndarray) -> None:
        self.step_energy = np.asarray(step_energy, dtype=float)
        self.spacing = np.gradient(self.step_energy)
        self.nearest_principal = decoder.nearest_principal
        elements = decoder.elements
        #: (K, M) tabulated principal onsets, NaN-padded, and their shape families, -1 padded (the decoder's)
        self.principal = decoder.principal_table
        self.families = decoder.principal_families
        edges = [element_edge_families(element) for element in elements]
        n_edges = max([len(e) for e in edges] + [1])
        #: (K, C) onset and shape family of every edge group of each element, NaN / -1 padded
        self.edge_onset = np.full((len(edges), n_edges), np.nan)
        self.edge_family = np.full((len(edges), n_edges), -1, dtype=np.intp)
        for k, element_edges in enumerate(edges):
            for c, (onset, family, _) in enumerate(element_edges):
                self.edge_onset[k, c], self.edge_family[k, c] = onset, family
        #: the 3d metals (K-Zn) and the steps within one of their tabulated L3 onsets, (W,) and (W, 3)
        l3 = white_line_l3_onsets(decoder)
        self.white_metals = np.flatnonzero(np.isfinite(l3))
        centre = np.abs(self.step_energy[None, :] - l3[self.white_metals, None]).argmin(axis=1)
        self.white_steps = np.clip(centre[:, None] + np.arange(-1, 2)[None, :], 0, self.step_energy.size - 1)
        #: per element, the label of each of its edge groups (exspy's notation, "Fe_L1"), in the order of C
        self.edge_labels = [[g.label for g in edge_groups_of(element)] for element in elements]

    def read(self, out: dict, edge_support: bool = False) -> dict:
        """Per-element evidence from one call's outputs.

        Parameters
        ----------
        out : dict of Tensor
            :class:`~hyperspy_eels_edgeid.recognizer.network.EdgeNet`'s outputs.
        edge_support : bool
            Also return ``edge_support`` (N, K, C), the head's view of each
            edge group of each element, and the head's outputs at every step
            (module docstring); with an edge head only.

        Returns
        -------
        dict of ndarray
            ``logits`` (N, K), ``onsets`` (N, K) for every element (NaN
            nowhere; the caller masks what is not observable), ``seen`` (N, K),
            whether any step the element's presence pools was measured, and
            with an edge head ``family_share``, ``companion_support``, ``white_edge`` and
            ``white_edge_onset`` (N, K).
        """
        # the (N, K, T) reductions run where the outputs are (the GPU's memory with CUDA): only (N, K) and
        # (N, T) arrays come to the CPU, which sets the pace there (experiments/gpu_feeding/)
        position = out["position_logits"].masked_fill(~out["usable"], -1e4).float()
        best_steps = position.argmax(dim=2)  # the first of equal maxima, as numpy's argmax
        best = best_steps.cpu().numpy()
        last = position.shape[2] - 1
        evidence = {
            "logits": out["presence_logits"].float().cpu().numpy().astype(np.float32),
            # the presence pools only steps whose centre channel was measured: where none of an element's
            # steps was (a window narrower than a step), the network cannot see its edge
            "seen": out["usable"].any(dim=2).cpu().numpy(),
        }
        if "family_logits" not in out:
            def at(d):
                return position.gather(2, (best_steps + d).clamp(0, last)[..., None])[..., 0].cpu().numpy()

            delta = parabola_offset(at(-1), at(0), at(1))
            evidence["onsets"] = self.step_energy[best] + delta * self.spacing[best]
            return evidence
        probability = out["family_logits"].softmax(dim=1).float().cpu().numpy()  # (N, F, T)
        offset = out["onset_offset"].float().cpu().numpy()  # (N, T)
        evidence["onsets"] = onsets = self._edge_head_onsets(probability, offset, best)
        measured = out["usable"].any(dim=1).cpu().numpy()  # (N, T)
        evidence["white_edge"], evidence["white_edge_onset"] = self._white_edges(probability, offset, measured)
        nearest = self.nearest_principal(onsets)
        # an element none of whose steps was measured has no edge to read: its share is the neutral 1, it has no
        # other edges seen (and the network's outputs at unmeasured steps, which it may not compute, are not read)
        seen = evidence["seen"]
        evidence["family_share"] = np.where(seen, self._family_share(probability, best, nearest), np.float32(1.0))
        support = self._companion_support(probability, measured, onsets, nearest)  # (N, K, C)
        support = np.where(seen[..., None], support, np.nan)
        evidence["companion_support"] = np.nan_to_num(support).max(axis=2, initial=0.0).astype(np.float32)
        if edge_support:
            evidence["edge_support"] = support.astype(np.float32)
            # steps not measured, which the network may not compute, read as "no edge" there
            none = np.eye(probability.shape[1], dtype=probability.dtype)[0][None, :, None]
            evidence.update(step_families=np.where(measured[:, None], probability, none),
                            step_offsets=np.where(measured, offset, 0.0).astype(np.float32), step_measured=measured)
        return evidence

    def _edge_head_onsets(self, probability: np.ndarray, offset: np.ndarray, best: np.ndarray) -> np.ndarray:
        rows = np.arange(best.shape[0])[:, None, None]
        last = probability.shape[2] - 1
        steps = np.stack([np.clip(best + d, 0, last) for d in (-1, 0, 1)], axis=-1)  # (N, K, 3)
        edge = 1.0 - probability[:, 0, :]  # (N, T)
        pick = np.take_along_axis(steps, edge[rows, steps].argmax(axis=-1)[..., None], -1)[..., 0]
        within = np.clip(offset[rows[..., 0], pick], -1.0, 1.0)
        return self.step_energy[pick] + within * self.spacing[pick]

    def _white_edges(self, probability: np.ndarray, offset: np.ndarray, measured: np.ndarray):
        """(N, K) ``white_edge`` and ``white_edge_onset`` (module docstring)."""
        n = probability.shape[0]
        white = np.where(measured, probability[:, _L23_WHITE, :] + probability[:, _M45_WHITE, :], 0.0)  # (N, T)
        near = white[:, self.white_steps]  # (N, W, 3)
        step = self.white_steps[np.arange(self.white_steps.shape[0])[None, :], near.argmax(axis=2)]  # (N, W)
        within = np.clip(np.take_along_axis(offset, step, axis=1), -1.0, 1.0)
        probability = np.zeros((n, self.principal.shape[0]), dtype=np.float32)
        onset = np.zeros(probability.shape, dtype=np.float32)
        probability[:, self.white_metals] = near.max(axis=2)
        at = self.step_energy[step] + within * self.spacing[step]
        onset[:, self.white_metals] = np.where(np.take_along_axis(measured, step, axis=1), at, 0.0)  # 0: not measured
        return probability, onset

    def _family_share(self, probability: np.ndarray, best: np.ndarray, m: np.ndarray) -> np.ndarray:
        """(N, K): the share of each element's edge on its own family (`m`: its nearest principal onset)."""
        n = best.shape[0]
        family = np.take_along_axis(np.broadcast_to(self.families, (n,) + self.families.shape), m[..., None], 2)[..., 0]
        rows = np.arange(n)[:, None]
        edge, own = np.zeros(best.shape), np.zeros(best.shape)
        for d in (-1, 0, 1):
            at = probability[rows, :, np.clip(best + d, 0, probability.shape[2] - 1)]  # (N, K, F)
            edge = np.maximum(edge, 1.0 - at[..., 0])
            own = np.maximum(own, np.take_along_axis(at, np.maximum(family, 0)[..., None], 2)[..., 0])
        return np.where(family >= 0, own / np.maximum(edge, 1e-6), 1.0).clip(0.0, 1.0).astype(np.float32)

    def _companion_support(
        self, probability: np.ndarray, measured: np.ndarray, onsets: np.ndarray, m: np.ndarray
    ) -> np.ndarray:
        """(N, K, C): the head's view of each element's other edges, shifted as its detected edge is (NaN: not one)."""
        n = onsets.shape[0]
        tabulated = np.take_along_axis(np.broadcast_to(self.principal, (n,) + self.principal.shape), m[..., None], 2)
        shift = np.nan_to_num(onsets - tabulated[..., 0])  # (N, K)
        expected = self.edge_onset[None, :, :] + shift[..., None]  # (N, K, C)
        separation = self.COMPANION_SEPARATION_EV + self.COMPANION_SEPARATION_REL * onsets[..., None]
        with np.errstate(invalid="ignore"):
            other = (np.abs(expected - onsets[..., None]) > separation) & (self.edge_family >= 0)[None]
        last = self.step_energy.size - 1
        centre = np.clip(np.searchsorted(self.step_energy, np.nan_to_num(expected, nan=0.0)), 0, last)
        rows = np.arange(n)[:, None, None]
        family = np.maximum(self.edge_family, 0)[None]
        inside = (expected >= self.step_energy[0]) & (expected <= self.step_energy[-1])
        seen = np.zeros(expected.shape)
        for d in (-1, 0, 1):
            step = np.clip(centre + d, 0, last)
            seen = np.maximum(seen, np.where(measured[rows, step], probability[rows, family, step], 0.0))
        return np.where(other & inside & measured[rows, centre], seen, np.nan)
