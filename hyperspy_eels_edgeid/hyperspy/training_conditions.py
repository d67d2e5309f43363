"""What the recognizer was trained on, read from its JSON, and a warning where a spectrum lies outside it.

The network learned from synthetic spectra only (``train_config`` in the
model's JSON: the forward model's settings of its last training run).  Outside
the channel widths it was trained on it reports more elements that are not
there (``docs/recognizer.md``, "Coarse dispersions", measures it).
:func:`bundled_weights_for` gives spectra whose channels are wider than the
main bundled model's training spectra to the bundled coarse-spectrum reader,
and :func:`check_dispersion` gives a :class:`CoarseDispersionWarning` where
even the reading model was trained on finer channels.

Examples
--------
>>> from hyperspy_eels_edgeid.hyperspy.training_conditions import trained_dispersion
>>> trained_dispersion({"train_config": {"on_the_fly": True, "synthesis": {"dispersion": [0.05, 4.0]}}})
4.0
"""

from __future__ import annotations

import warnings

import numpy as np

from ..recognizer import model_files
from ..synthesis import SynthesisConfig

__all__ = [
    "CoarseDispersionWarning",
    "training_configs",
    "trained_dispersion",
    "channel_width",
    "bundled_weights_for",
    "check_dispersion",
]


class CoarseDispersionWarning(UserWarning):
    """The spectrum's channels are wider than those of the recognizer's training spectra."""


def training_configs(model_metadata: dict) -> tuple[SynthesisConfig, SynthesisConfig] | None:
    """The forward model's settings of the recognizer's last training run.

    Parameters
    ----------
    model_metadata : dict
        The model's JSON (``EdgeRecognizer.metadata``); its ``train_config``
        holds ``synthesis`` and ``synthesis_alternate``, overrides of
        ``SynthesisConfig()`` (every second batch used the alternate).

    Returns
    -------
    (SynthesisConfig, SynthesisConfig) or None
        The two configurations; None where the JSON does not say (no
        ``train_config``, a run from a database, settings this version does
        not know).

    Examples
    --------
    >>> training_configs({}) is None
    True
    """
    train = model_metadata.get("train_config") or {}
    if not train.get("on_the_fly"):
        return None
    try:
        config = SynthesisConfig().replace(**(train.get("synthesis") or {}))
        alternate = config.replace(**(train.get("synthesis_alternate") or {}))
    except (TypeError, ValueError):
        return None
    return config, alternate


def trained_dispersion(model_metadata: dict) -> float | None:
    """The widest channel (eV) of the spectra the recognizer's last training run synthesized.

    Parameters
    ----------
    model_metadata : dict
        The model's JSON, as in :func:`training_configs`.

    Returns
    -------
    float or None
        None where the JSON does not say.

    Examples
    --------
    >>> meta = {"train_config": {"on_the_fly": True, "synthesis": {"coarse_probability": 0.2}}}
    >>> trained_dispersion(meta)                        # SynthesisConfig's coarse_dispersion reaches 16 eV
    16.0
    """
    configs = training_configs(model_metadata)
    if configs is None:
        return None
    return float(max(max(c.dispersion[1], c.coarse_dispersion[1] if c.coarse_probability > 0 else 0) for c in configs))


def channel_width(energy: np.ndarray) -> float:
    """The median channel width (eV) of an increasing energy axis.

    Parameters
    ----------
    energy : ndarray
        The energy axis (eV), increasing.

    Returns
    -------
    float
        NaN for fewer than two channels.

    Examples
    --------
    >>> import numpy as np
    >>> channel_width(700 + 8.0 * np.arange(162))
    8.0
    """
    return float(np.median(np.diff(np.asarray(energy, dtype=float)))) if np.size(energy) > 1 else float("nan")


def _wider(width: float, trained: float) -> bool:
    """Whether a channel `width` exceeds the `trained` maximum (beyond float rounding of the axis)."""
    return width > trained * (1 + 1e-6)


def bundled_weights_for(energy: np.ndarray, weights=None):
    """The model that reads a spectrum on `energy`: the bundled coarse-spectrum reader for coarse channels.

    Parameters
    ----------
    energy : ndarray
        The energy axis (eV), increasing.
    weights : path or None
        The model the user asked for; None for the bundled one.

    Returns
    -------
    path or None
        `weights` unchanged, unless it is None, the package bundles a
        coarse-spectrum reader (:func:`~hyperspy_eels_edgeid.recognizer.model_files.coarse_weights_dir`)
        and the median channel is wider than the main model was trained on
        (:func:`trained_dispersion`): then the reader's folder.

    Examples
    --------
    >>> import numpy as np
    >>> bundled_weights_for(np.arange(400.0, 900.0, 0.5)) is None      # the main bundled model
    True
    """
    coarse = model_files.coarse_weights_dir()
    if weights is not None or coarse is None:
        return weights
    trained = trained_dispersion(model_files.read_metadata())
    if trained is None or not _wider(channel_width(energy), trained):
        return weights
    return str(coarse)


def check_dispersion(energy: np.ndarray, trained: float | None) -> dict:
    """Warn when the spectrum's channels are wider than the recognizer was trained on.

    Parameters
    ----------
    energy : ndarray
        The energy axis (eV), increasing.
    trained : float or None
        :func:`trained_dispersion` of the model (None: nothing is checked).

    Returns
    -------
    dict
        ``{"channel_width": {"median": ..., "trained_max": ...}}`` for
        ``metadata.EdgeID``; empty where nothing was checked.

    Warns
    -----
    CoarseDispersionWarning

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     check_dispersion(700 + 8.0 * np.arange(162), trained=4.0)["channel_width"]["median"]
    8.0
    >>> caught[0].category.__name__
    'CoarseDispersionWarning'
    """
    if trained is None or np.size(energy) < 2:
        return {}
    width = channel_width(energy)
    if _wider(width, trained):
        warnings.warn(
            f"The spectrum's channels are {width:.3g} eV wide, wider than the recognizer was trained on (at most "
            f"{trained:g} eV): expect more elements that are not there, and missed ones (docs/recognizer.md, "
            "'Coarse dispersions'). Check each reported element's edges on the spectrum, or record with a finer "
            "dispersion.",
            CoarseDispersionWarning,
            stacklevel=3,
        )
    return {"channel_width": {"median": width, "trained_max": float(trained)}}
