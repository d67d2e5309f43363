"""One map of a spectrum image or line scan, as the result signals' map methods return it, and their plot."""

from __future__ import annotations

import numpy as np

__all__ = ["map_axes", "map_signal", "plot_maps"]


def map_axes(signal) -> list[dict]:
    """The navigation axes of `signal` as the signal axes of its maps.

    Parameters
    ----------
    signal : hyperspy signal
        A line scan or spectrum image result.

    Returns
    -------
    list of dict
    """
    axes = [ax.get_axis_dictionary() for ax in signal.axes_manager.navigation_axes[::-1]]
    for ax in axes[-2:]:
        ax["navigate"] = False
    return axes


def map_signal(data, axes: list[dict], lazy: bool, title: str, element: str, edge: str, quantity: str):
    """A Signal1D (line scan) or Signal2D (image) map with its title, element, edge and quantity.

    Parameters
    ----------
    data : array
        The map's values (numpy or dask).
    axes : list of dict
        From :func:`map_axes`.
    lazy : bool
        Make a lazy signal.
    title : str
        ``metadata.General.title``.
    element : str
        ``metadata.Sample.elements`` holds it alone.
    edge : str
        ``metadata.Sample.edges`` holds it alone (nothing if empty).
    quantity : str
        ``metadata.Signal.quantity`` ("Probability", "Onset (eV)").

    Returns
    -------
    Signal1D, Signal2D or their lazy twins

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.maps import map_signal
    >>> axes = [{"size": 3, "navigate": False}, {"size": 2, "navigate": False}]
    >>> m = map_signal(np.zeros((3, 2)), axes, False, "Fe map", "Fe", "Fe_L3", "Probability")
    >>> type(m).__name__, m.metadata.Sample.elements
    ('Signal2D', ['Fe'])
    """
    from hyperspy.signals import LazySignal1D, LazySignal2D, Signal1D, Signal2D

    if len(axes) == 1:
        cls = LazySignal1D if lazy else Signal1D
    else:
        cls = LazySignal2D if lazy else Signal2D
    m = cls(data, axes=[dict(ax) for ax in axes])
    m.metadata.General.title = title
    m.metadata.set_item("Sample.elements", [element])
    if edge:
        m.metadata.set_item("Sample.edges", [edge])
    m.metadata.set_item("Signal.quantity", quantity)
    return m


def plot_maps(maps: list, line_scan: bool, **kwargs):
    """Plot element maps together: ``hs.plot.plot_spectra`` for a line scan, else ``hs.plot.plot_images``.

    Parameters
    ----------
    maps : list of Signal1D or Signal2D
        From ``EELSEdgeProbabilities.get_element_maps`` (computed).
    line_scan : bool
        The maps are profiles along one navigation axis.
    **kwargs
        Passed on (images: defaults ``axes_decor="off"``, ``colorbar="single"``, ``vmin=0``, ``vmax=1``,
        ``labelwrap=10`` and ``cmap="viridis"``, whose 1 is not the page's white; line scans: the probability axis
        from -0.05 to 1.05, so that a profile at 0 or 1 does not lie on the frame).

    Returns
    -------
    The axes of the plot.
    """
    import hyperspy.api as hs

    if line_scan:
        ax = hs.plot.plot_spectra(maps, legend=[m.metadata.Sample.elements[0] for m in maps], **kwargs)
        for a in np.ravel(ax):  # plot_spectra writes "Intensity"
            a.set_ylabel("Probability")
            a.set_ylim(-0.05, 1.05)
        return ax
    for key, value in {"axes_decor": "off", "colorbar": "single", "vmin": 0.0, "vmax": 1.0, "cmap": "viridis"}.items():
        kwargs.setdefault(key, value)
    kwargs.setdefault("labelwrap", 10)  # "Fe_L3 at" over "708.0 eV": three titles side by side do not run together
    return hs.plot.plot_images(maps, label=[m.metadata.General.title.split(": ")[-1] for m in maps], **kwargs)

