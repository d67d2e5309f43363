"""Measure the composition error of identify_edges -> create_model -> fit on compounds of known stoichiometry.

Run:  python scripts/measure_quantification.py [--seeds 3] [--thickness 0.0 0.3] [--shift 0 3]
                 [--source table|synthesizer] [--onsets] [--low-loss] [--compounds ZrO2 ...] [--m23-white-lines]
                 [--method model|integration]

``--source synthesizer``: the project's forward model makes each spectrum
(``synthetic_eels(elements, atomic_ratios=composition)``: the table's continua
in the compound's atomic ratio, at a beam energy and collection angle drawn
per spectrum and written in its metadata, with white lines, near-edge
structure, a steep background, broadening and noise on top; ``--thickness``
fixes t/λ, ``--shift`` the axis miscalibration range, ``--low-loss`` gives the
fit :func:`synthetic_low_loss`; the compound's edges are scaled together so that its
strongest principal edge has a jump ratio of 0.5-7, as in real spectra, see
``STRONGEST_JUMP_RATIO``; ``--default-jump-ratio`` draws it from its element's default
range instead, 0.15-1.0 for most elements).  ``--onsets`` gives ``create_model`` the
onsets ``identify_edges`` measured (an axis correction).

``--source table`` (default): the spectra are built
from the bundled DFT table itself: each element's edges (every subshell in
the window, exspy's ``GOS="dft"`` with ``cross_sections.gos_file_path()``)
with intensities in the compound's atomic ratio, then on top:

* white lines (Lorentzians, HWHM 0.5-1.5 eV, area 2-6 x the edge height x
  10 eV) on every edge that ``cross_sections.white_lines`` says has them;
* near-edge structure on every edge: 2-4 Gaussians within 3-35 eV of the
  onset, widths 2-6 eV, amplitudes -0.3 to +0.5 of the edge height;
* a power-law background with exponent 3-4.5 whose level before the first
  edge is 3-20 times that edge's height 15 eV past its onset;
* plural scattering (``--thickness`` t/lambda): convolution with a Poisson
  series of a Gaussian plasmon at 25 eV (FWHM 8 eV); the matching low-loss
  spectrum is given to ``create_model(low_loss=...)`` with ``--low-loss``;
* an energy miscalibration (``--shift``: uniform in +-shift eV);
* 1 eV Gaussian broadening and Poisson noise (1e5 counts per channel at
  the window's start).

Then the trained network identifies the elements (``s.identify_edges()``), and
``hyperspy.quantification.create_model`` -> ``m.fit()`` gives one intensity
per element (``--method integration``:
``hyperspy.edge_integration.integrate_edges``, each element's edge alone, its
counts over its partial cross-section). Reported per spectrum: the identified
elements, and the largest relative error of the atomic fractions (over the
true elements; with the true elements given when the network missed one).
Nothing is written.
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np
from scipy.ndimage import gaussian_filter1d
from scipy.stats import poisson

COMPOUNDS = {
    # name: (composition, energy axis (offset, dispersion, channels))
    # windows start >= 30 eV before the first edge: the decoder judges no edge within 15 eV of the start,
    # and the fit needs a pre-edge background
    "SrTiO3": ({"Sr": 1, "Ti": 1, "O": 3}, (100.0, 0.5, 1300)),  # Sr M4,5 133, Ti L 456, O K 532
    "LaMnO3": ({"La": 1, "Mn": 1, "O": 3}, (450.0, 0.5, 1300)),  # Mn L 640, La M4,5 832
    "BaTiO3": ({"Ba": 1, "Ti": 1, "O": 3}, (400.0, 0.5, 1200)),  # Ti L 456, O K 532, Ba M4,5 781
    "SnO2": ({"Sn": 1, "O": 2}, (420.0, 0.5, 1000)),  # Sn M4,5 485, O K 532
    "CeO2": ({"Ce": 1, "O": 2}, (450.0, 0.5, 1200)),  # O K 532, Ce M4,5 883
    "ZrO2": ({"Zr": 1, "O": 2}, (150.0, 0.5, 1000)),  # Zr M4,5 180, O K 532
    "HfO2": ({"Hf": 1, "O": 2}, (450.0, 1.0, 1400)),  # O K 532, Hf M4,5 1662
    "AuAg": ({"Au": 1, "Ag": 1}, (300.0, 1.0, 2100)),  # Ag M4,5 367, Au M4,5 2206 (alloy particle)
}


def table_spectrum(composition, axis, rng, thickness=0.0, shift=0.0, near_edge=True, white_lines=True):
    """An exspy EELSSpectrum made from the bundled table's continua, with the extras listed in the module doc."""
    import exspy

    from hyperspy_eels_edgeid.cross_sections import gos_file_path
    from hyperspy_eels_edgeid.cross_sections.white_lines import has_white_lines

    offset, scale, n = axis
    s = exspy.signals.EELSSpectrum(
        np.ones(n), axes=[{"name": "Energy loss", "units": "eV", "offset": offset, "scale": scale, "size": n}]
    )
    s.set_microscope_parameters(beam_energy=200.0, convergence_angle=10.0, collection_angle=20.0)
    s.add_elements(list(composition))
    energy = s.axes_manager.signal_axes[0].axis
    true_energy = energy - shift  # the recorded axis is miscalibrated by `shift`
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = s.create_model(auto_background=False, GOS="dft", gos_file_path=str(gos_file_path()))
    edges = [c for c in m if hasattr(c, "element")]
    single = np.zeros(n)
    first = None
    for c in edges:
        master = c.intensity.twin.component if c.intensity.twin is not None else c
        weight = composition[master.element]
        onset = c.onset_energy.value
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            c.intensity.value = 1.0
            sigma = c.function(true_energy) * weight
            height = c.function(np.array([onset + 15.0]))[0] * weight
        structure = np.zeros(n)
        for _ in range(rng.integers(2, 5) if near_edge else 0):
            x0, w, a = onset + rng.uniform(3, 35), rng.uniform(2, 6), rng.uniform(-0.3, 0.5)
            structure += a * height * np.exp(-0.5 * ((true_energy - x0) / w) ** 2)
        sigma = np.maximum(sigma + structure * (true_energy > onset), 0.0)
        if white_lines and has_white_lines(c.name):
            g = rng.uniform(0.5, 1.5)
            area = rng.uniform(2.0, 6.0) * height * 10.0
            sigma += area / np.pi * g / ((true_energy - onset - 2.0) ** 2 + g**2)
        single += sigma
        if first is None or onset < first[0]:
            first = (onset, height)
    low_loss = None
    if thickness > 0:
        kernel_x = np.arange(0.0, 150.0, scale)
        plasmon = np.exp(-0.5 * ((kernel_x - 25.0) / (8.0 / 2.355)) ** 2)
        plasmon /= plasmon.sum()
        series, term = np.zeros_like(kernel_x), np.zeros_like(kernel_x)
        series[0], term[0] = poisson.pmf(0, thickness), 1.0
        for k in range(1, 5):  # k-fold plasmon scattering, Poisson weights
            term = np.convolve(term, plasmon)[: len(kernel_x)]
            series += poisson.pmf(k, thickness) * term
        series /= series.sum()
        single = np.convolve(single, series)[:n]
        # the matching low-loss spectrum (zero loss at 0 eV, same dispersion), for create_model(low_loss=...)
        pre = int(round(20.0 / scale))
        ll = np.concatenate([np.zeros(pre), series * 1e6])
        ll = gaussian_filter1d(ll, 1.0 / 2.355 / scale, mode="nearest")
        low_loss = exspy.signals.EELSSpectrum(
            ll, axes=[{"name": "Energy loss", "units": "eV", "offset": -pre * scale, "scale": scale, "size": ll.size}]
        )
    r = rng.uniform(3.0, 4.5)
    level = rng.uniform(3.0, 20.0) * first[1]  # background just before the first edge
    background = level * (true_energy / (first[0] - 5.0)) ** -r
    clean = background + single
    clean = gaussian_filter1d(clean, 1.0 / 2.355 / scale, mode="nearest")
    clean *= 1e5 / clean[:20].mean()
    s.data = rng.poisson(np.maximum(clean, 0.0)).astype(np.float32)
    _forget_elements(s)  # the network must find them
    s.tmp_parameters.low_loss = low_loss
    return s


def _forget_elements(s):
    if s.metadata.has_item("Sample.elements"):
        del s.metadata.Sample.elements
    s.elements, s.subshells = set(), set()


#: Range of the strongest principal edge's jump ratio in ``--source synthesizer`` spectra (drawn
#: log-uniformly): the strongest principal edges of the real development spectra stand 0.5 (Cu L3 in
#: CuO) to 6.8 (La M5 in La2O3) times above their background (peak over the power law at the onset,
#: ``experiments/strong_edges/real_peak_jump_ratios.py``; a measurement, not a fit to these spectra).
STRONGEST_JUMP_RATIO = (0.5, 7.0)


def synthesizer_spectrum(
    composition, axis, seed, thickness=0.0, shift=0.0, strongest=STRONGEST_JUMP_RATIO, m23_white_lines=False, config=None
):
    """A spectrum of the forward model with the compound's atomic ratios (``--source synthesizer``).

    The compound's edges keep the ratios of their cross-sections; together they are scaled so that the
    strongest principal edge in the window has a jump ratio drawn log-uniformly from `strongest` (or,
    with ``strongest=None``, from its element's default range); `config`, a ``SynthesisConfig``, sets the forward
    model's other settings (default: its defaults).
    """
    from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels, synthetic_low_loss

    rng = np.random.default_rng(seed)
    kwargs = dict(
        energy_axis=axis, random_state=seed, atomic_ratios=composition, thickness=thickness, config=config,
        shift=rng.uniform(-shift, shift) if shift else 0.0, expansion=0.0, m23_white_lines=m23_white_lines,
    )  # fmt: skip
    if strongest is not None:
        # the synthesizer gives the strongest edge of an atomic_ratios compound its element's jump ratio
        target = np.exp(np.random.default_rng([seed, 1]).uniform(*np.log(strongest)))
        kwargs["jump_ratios"] = dict.fromkeys(composition, target)
    s = synthetic_eels(list(composition), **kwargs)
    s.tmp_parameters.low_loss = synthetic_low_loss(s)
    _forget_elements(s)
    return s


def quantify(s, elements=None, use_low_loss=False, use_onsets=False, method="model"):
    """identify_edges (or the given elements) -> create_model -> fit (or integrate_edges); intensities by element."""
    from hyperspy_eels_edgeid.hyperspy.edge_integration import integrate_edges
    from hyperspy_eels_edgeid.hyperspy.quantification import create_model, element_intensities

    _forget_elements(s)
    table = s.identify_edges() if elements is None or use_onsets else None
    if elements is not None:
        _forget_elements(s)
        s.add_elements(sorted(elements))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "integration":
            found = integrate_edges(s, onsets=table if use_onsets else None)
            return {el: float(r.areal_density) for el, r in found.items()}, True
        low_loss = s.tmp_parameters.get_item("low_loss") if use_low_loss else None
        m = create_model(s, low_loss=low_loss, onsets=table if use_onsets else None)
        m.fit()
    found = element_intensities(m)
    return found, bool(getattr(m.fit_output, "success", True))


def composition_error(found, truth):
    total_true, total_found = sum(truth.values()), sum(found.get(el, 0.0) for el in truth)
    return max(abs(found.get(el, 0.0) / total_found / (v / total_true) - 1.0) for el, v in truth.items())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--thickness", type=float, nargs="+", default=[0.0, 0.3])
    parser.add_argument("--shift", type=float, nargs="+", default=[0.0])
    parser.add_argument("--no-near-edge", action="store_true", help="no near-edge structure")
    parser.add_argument("--low-loss", action="store_true", help="give the fit the low-loss spectrum")
    parser.add_argument("--no-white-lines", action="store_true", help="no white lines (table source)")
    parser.add_argument("--source", choices=("table", "synthesizer"), default="table")
    parser.add_argument("--onsets", action="store_true", help="pass identify_edges' onsets to create_model")
    parser.add_argument("--compounds", nargs="+", choices=list(COMPOUNDS), default=list(COMPOUNDS))
    parser.add_argument(
        "--method", choices=("model", "integration"), default="model",
        help="model: create_model -> m.fit(); integration: edge_integration.integrate_edges (--low-loss unused)",
    )  # fmt: skip
    parser.add_argument(
        "--m23-white-lines", action="store_true",
        help="synthesizer source: M3/M2 white lines on the M2,3 edges of Sr-Rh (SynthesisConfig.m23_white_lines)",
    )  # fmt: skip
    parser.add_argument(
        "--default-jump-ratio", action="store_true",
        help="synthesizer source: the strongest principal edge's jump ratio from its element's default range "
        "instead of 0.5-7",
    )  # fmt: skip
    args = parser.parse_args(argv)
    print("compound  t/lambda shift seed  identified              max error of atomic fractions  (true elements given)")
    summary = {}
    for thickness in args.thickness:
        for shift in args.shift:
            for name in args.compounds:
                composition, axis = COMPOUNDS[name]
                for seed in range(args.seeds):
                    rng = np.random.default_rng(seed)
                    if args.source == "synthesizer":
                        strongest = None if args.default_jump_ratio else STRONGEST_JUMP_RATIO
                        s = synthesizer_spectrum(
                            composition, axis, seed, thickness, shift, strongest, m23_white_lines=args.m23_white_lines
                        )
                    else:
                        s = table_spectrum(
                            composition, axis, rng, thickness, rng.uniform(-shift, shift),
                            near_edge=not args.no_near_edge, white_lines=not args.no_white_lines,
                        )  # fmt: skip
                    found, ok = quantify(s, use_low_loss=args.low_loss, use_onsets=args.onsets, method=args.method)
                    identified = sorted(s.metadata.Sample.elements)
                    error = composition_error(found, composition) if set(composition) <= set(found) else np.nan
                    given, _ = quantify(
                        s, list(composition), use_low_loss=args.low_loss, use_onsets=args.onsets, method=args.method
                    )
                    error_given = composition_error(given, composition)
                    summary.setdefault((thickness, shift), []).append((error_given, error))
                    print(
                        f"{name:8s}  {thickness:6.2f} {shift:5.1f} {seed:4d}  {','.join(identified):22s}  "
                        f"{error:6.1%}{'' if ok else ' (fit not converged)'}{'':22s} ({error_given:6.1%})"
                    )
    for (thickness, shift), rows in summary.items():
        given, identified = np.array(rows).T
        found = identified[np.isfinite(identified)]
        print(
            f"t/lambda {thickness:.2f}, shift +-{shift:.0f} eV, low-loss {'given' if args.low_loss else 'not given'}: "
            f"true elements given: error median {np.median(given):.1%}, max {given.max():.1%}, "
            f"within 10 %: {np.mean(given <= 0.10):.0%}; identified: all true elements in {found.size}/{given.size}, "
            f"error median {np.median(found):.1%}, within 10 %: {np.mean(found <= 0.10):.0%}"
        )


if __name__ == "__main__":
    main()
