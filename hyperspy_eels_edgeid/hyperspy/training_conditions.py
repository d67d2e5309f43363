"""What the recognizer was trained on, read from its JSON, and a warning where a spectrum lies outside it.

The network learned from synthetic spectra only (``train_config`` in the
model's JSON: the forward model's settings of its last training run).  Outside
the channel widths it was trained on it reports more elements that are not
there (``docs/recognizer.md``, "Coarse dispersions", measures it).
:func:`check_dispersion` gives a :class:`CoarseDispersionWarning` for such a
spectrum and says what was measured.

Examples
--------
>>> from hyperspy_eels_edgeid.hyperspy.training_conditions import trained_dispersion
>>> trained_dispersion({"train_config": {"on_the_fly": True, "synthesis": {"dispersion": [0.05, 4.0]}}})
4.0
"""

from __future__ import annotations

import warnings

import numpy as np

from ..synthesis import SynthesisConfig

__all__ = ["CoarseDispersionWarning", "training_configs", "trained_dispersion", "check_dispersion"]


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
    width = float(np.median(np.diff(np.asarray(energy, dtype=float))))
    if width > trained * (1 + 1e-6):
        warnings.warn(
            f"The spectrum's channels are {width:.3g} eV wide, wider than the recognizer was trained on (at most "
            f"{trained:g} eV): expect more elements that are not there, and missed ones (docs/recognizer.md, "
            "'Coarse dispersions'). Check each reported element's edges on the spectrum, or record with a finer "
            "dispersion.",
            CoarseDispersionWarning,
            stacklevel=3,
        )
    return {"channel_width": {"median": width, "trained_max": float(trained)}}
