"""What the recognizer was trained on, read from its JSON, and a warning where a spectrum lies outside it.

The network learned from synthetic spectra only (``train_config`` in the
model's JSON: the forward model's settings of its last training run).  Outside
the channel widths and thicknesses it was trained on it reports more elements
that are not there (``docs/recognizer.md``, "Coarse dispersions" and "Thick
specimens", measure it).  :func:`bundled_weights_for` gives spectra whose
channels are wider than the main bundled model's training spectra to the
bundled coarse-spectrum reader, and spectra whose low-loss partner shows a
thicker specimen to the bundled thick-specimen reader.  A single spectrum
of unknown thickness (no partner, or none measured) is read by an ensemble of
three, equal weights, decided by the main model's decoder and thresholds: the
main model, the thick-specimen reader (on synthetic spectra of t/λ 1-2 F1 is
higher, on thinner ones about equal: ``experiments/single_spectrum_ensemble/``)
and the branching-ratio network, the main model fine-tuned on physical
white-line ratios (fewer Co read as Ba and Ni as La where the lines have the
ratios of real spectra: ``experiments/single_spectrum_branching/``); line scans
and spectrum images without a partner keep the main model alone (the cost of
several networks per pixel, and the branching-ratio network wrote more false
elements into synthetic maps: ``experiments/bm_maps/``).
:func:`check_dispersion` gives a :class:`CoarseDispersionWarning` where even
the reading model was trained on finer channels.

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
    "trained_thickness",
    "channel_width",
    "bundled_weights_for",
    "reading_models",
    "single_spectrum_ensemble",
    "reading_thickness",
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


def trained_thickness(model_metadata: dict) -> float | None:
    """The largest t/λ of the spectra the recognizer's last training run synthesized.

    Parameters
    ----------
    model_metadata : dict
        The model's JSON (``EdgeRecognizer.metadata``), read by
        :func:`training_configs`.

    Returns
    -------
    float or None
        None where the JSON does not say (no ``train_config``, a run from a
        database, settings this version does not know).  Without plural
        scattering, 0.

    Examples
    --------
    >>> trained_thickness({"train_config": {"synthesis": {"thickness": [0.0, 2.0]}, "on_the_fly": True}})
    2.0
    >>> trained_thickness({}) is None
    True
    """
    configs = training_configs(model_metadata)
    if configs is None:
        return None
    return float(max(np.max(c.thickness) if c.plural_scattering else 0.0 for c in configs))


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


def bundled_weights_for(energy: np.ndarray, weights=None, thickness: float | None = None):
    """The model that reads a spectrum: the main bundled model, a bundled reader, or (thickness unknown) an ensemble.

    Parameters
    ----------
    energy : ndarray
        The energy axis (eV), increasing.
    weights : path or None
        The model the user asked for; None for the bundled one.
    thickness : float, optional
        The specimen's t/λ measured on the low-loss partner (the median over
        its pixels); None where no partner was given.

    Returns
    -------
    path, (None, path, path) or None
        :func:`reading_models`' choice for one spectrum: `weights` unchanged,
        unless it is None and the package bundles the reader for the case: the coarse-spectrum reader
        (:func:`~hyperspy_eels_edgeid.recognizer.model_files.coarse_weights_dir`)
        where the median channel is wider than the main model was trained on
        (:func:`trained_dispersion`); otherwise the thick-specimen reader
        (:func:`~hyperspy_eels_edgeid.recognizer.model_files.thick_weights_dir`)
        where `thickness` exceeds the main model's :func:`trained_thickness`.
        Coarse channels decide first: the thick-specimen reader was trained
        on the main model's channel widths.  Without a finite `thickness`, the
        single-spectrum ensemble (:func:`single_spectrum_ensemble`).

    Examples
    --------
    >>> import numpy as np
    >>> bundled_weights_for(np.arange(400.0, 900.0, 0.5), thickness=0.4) is None      # the main bundled model
    True
    """
    one = None if thickness is None else np.array([float(thickness)])
    return reading_models(energy, weights, one, ())[0]


def single_spectrum_ensemble() -> tuple:
    """The bundled models that read one spectrum of unknown thickness together (module docstring).

    Returns
    -------
    tuple
        (None, the branching-ratio network's folder, the thick-specimen reader's folder): None is the main model,
        which also stands in for the branching-ratio network where the package has none.

    Examples
    --------
    >>> members = single_spectrum_ensemble()
    >>> members[0] is None and members[2].endswith("thick")
    True
    """
    branching = model_files.branching_weights_dir()
    return None, (None if branching is None else str(branching)), str(model_files.thick_weights_dir())


def reading_models(energy: np.ndarray, weights, thickness: np.ndarray | None, navigation_shape: tuple):
    """The model that reads a run, and in a map of varying thickness the pixels another bundled model reads.

    Parameters
    ----------
    energy : ndarray
        The energy axis (eV), increasing.
    weights : path or None
        The model the user asked for; None for the bundled ones.
    thickness : ndarray or None
        The low-loss partner's t/λ in each pixel (NaN where it cannot be
        measured; :func:`.low_loss.partner_measures`), in the order of
        ``s.data.reshape(-1, channels)``; None without a partner.
    navigation_shape : tuple of int
        The core-loss signal's navigation shape in array order (``s.data.shape[:-1]``).

    Returns
    -------
    weights : path, (None, path, path) or None
        The model of the median pixel measured, which runs the axis shift
        search: `weights` where given, else the coarse-spectrum reader for
        coarse channels, the thick-specimen reader above the main model's
        trained t/λ, for a single spectrum of unknown thickness (no partner,
        or none measured) :func:`single_spectrum_ensemble`, or None (the main model).
    route : (path or None, ndarray of bool) or None
        Where the main model and the bundled thick-specimen reader share a
        map (no `weights` given, channels not coarse, a partner per pixel,
        pixels on both sides of the main model's trained t/λ): the other
        model (the reader's folder, or None for the main model) and, in
        `navigation_shape`, the pixels it reads.  Pixels whose t/λ cannot be
        measured stay with the main model.  Otherwise None.

    Examples
    --------
    >>> import numpy as np
    >>> reading_models(np.arange(400.0, 900.0, 0.5), "my_model", np.array([0.1, 2.0]), (2,))  # weights given
    ('my_model', None)
    >>> reading_models(np.arange(400.0, 900.0, 0.5), None, None, (4, 4))  # a map without a partner: the main model
    (None, None)
    """
    if weights is not None:
        return weights, None
    main = model_files.read_metadata()
    coarse, widest = model_files.coarse_weights_dir(), trained_dispersion(main)
    if coarse is not None and widest is not None and _wider(channel_width(energy), widest):
        return str(coarse), None  # coarse channels decide first: the coarse-spectrum reader reads every pixel
    thick, trained = model_files.thick_weights_dir(), trained_thickness(main)
    measured = None if thickness is None else thickness[np.isfinite(thickness)]
    if thick is not None and int(np.prod(navigation_shape)) == 1 and (measured is None or not measured.size):
        return single_spectrum_ensemble(), None  # one spectrum of unknown thickness (module docstring)
    if thick is None or trained is None or measured is None or not measured.size:
        return None, None
    chosen = str(thick) if float(np.median(measured)) > trained else None
    thicker = np.nan_to_num(thickness, nan=0.0) > trained  # unmeasured pixels stay with the main model
    pixels = thicker if chosen is None else ~thicker
    if thickness.size < 2 or not pixels.any():
        return chosen, None
    return chosen, ((str(thick) if chosen is None else None), pixels.reshape(navigation_shape))


def reading_thickness(model_metadata: dict, route=None) -> float | None:
    """The largest t/λ the models that read a run were trained on, against which its pixels are checked.

    Parameters
    ----------
    model_metadata : dict
        The run's model's JSON.
    route : (path or None, ndarray of bool), optional
        :func:`reading_models`' route: another model reads some pixels.

    Returns
    -------
    float or None
        The larger :func:`trained_thickness` of the two; None where neither JSON says.

    Examples
    --------
    >>> reading_thickness({"train_config": {"on_the_fly": True, "synthesis": {"thickness": [0.0, 1.0]}}})
    1.0
    """
    models = [model_metadata] + ([] if route is None else [model_files.read_metadata(route[0])])
    known = [t for t in map(trained_thickness, models) if t is not None]
    return max(known) if known else None


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
