"""Quantification of the real development spectra (issue 16's real-data target), a measurement only.

Issue 16 asks for atomic ratios within 20 % of the nominal composition on real reference spectra (checked
privately). The development spectra of ``../shared/real_spectra_dev`` are real too: this script runs the
package's quantification path on every one of them whose nominal composition has two elements with edges
in the window, and prints the ratio found against the nominal one. The spectra are read from the shared
folder at run time and never copied; nothing in the package is chosen on this output.

Per spectrum, as a user who loads a two-column file would: an ``EELSSpectrum`` as ``score.py`` builds it (no
microscope metadata, so ``create_model`` assumes its defaults, 200 keV / 10 mrad / 20 mrad, and says so),
then

* ``identified``: ``identify_edges()`` -> ``create_model(s)`` -> ``m.fit()``;
* ``given``: the nominal elements set by hand (``s.add_elements``) -> the same;
* ``given, 100 kV / 100 mrad`` and ``300 kV / 20 mrad`` (``--conditions``): the fit with other
  microscope parameters, to show how much the unknown ones matter;
* ``--backgrounds``: the nominal elements with three other fits, to see whether the single power law over
  the whole window is what fails (exploratory; none of them is in the package): ``start-50`` leaves out
  every channel more than 50 eV before the first modelled edge; ``start-50 curved`` then replaces the power
  law by ``A (E/E0)^-(r + s ln(E/E0))`` (an exponent that changes with energy, one more free parameter) and
  fits again; ``start-50 end+300`` also leaves out every channel more than 300 eV past the last onset.

The error is the largest relative error of the atomic fractions over the nominal elements (as
``scripts/measure_quantification.py``); the ratio printed is the second element's over the first's
(O/Ti, N/B ...), and the summary gives the relative error of that ratio too (issue 16's real-data target
names ratios). MnO's exact phase is not stated by its source: it is printed but not counted.

``--integration`` adds the edge-by-edge integration (``hyperspy_eels_edgeid.hyperspy.edge_integration``,
``../edge_integration/rule.md``) with the identified and with the nominal elements, and (a column added after
those two had been seen) with the identified elements and their onsets from ``identify_edges`` as the axis
calibration.

Usage: python experiments/real_quantification/measure.py [--dev-dir ../shared/real_spectra_dev] [--conditions]
[--backgrounds] [--integration]
"""

import argparse
import csv
import sys
import warnings
from pathlib import Path

import numpy as np

# nominal atomic ratios of the materials (by formula), for the elements with edges in the window
NOMINAL = {
    "CuO": {"Cu": 1, "O": 1},
    "KCl": {"K": 1, "Cl": 1},
    "La2O3": {"La": 2, "O": 3},
    "MgO": {"Mg": 1, "O": 1},
    "Nb2O5": {"Nb": 2, "O": 5},
    "SrO": {"Sr": 1, "O": 1},
    "ZrO2": {"Zr": 1, "O": 2},
    "SrTiO3": {"Ti": 1, "O": 3},
    "BN": {"B": 1, "N": 1},
    "MnO": {"Mn": 1, "O": 1},
}
UNCOUNTED = {"MnO"}  # the source does not state the phase


def material(row):
    text = row["material"] + " " + row["id"]
    for name in sorted(NOMINAL, key=len, reverse=True):
        if name in text.replace(" ", ""):
            return name
    return None


def load(dev_dir, row):
    if str(dev_dir) not in sys.path:
        sys.path.insert(0, str(dev_dir))
    from score import load_spectrum  # the dev set's own reader

    return load_spectrum(dev_dir / row["file"])


def fit(s, elements=None, beam=None, background=None):
    import hyperspy.api as hs

    from hyperspy_eels_edgeid.hyperspy.edge_integration import integrate_edges
    from hyperspy_eels_edgeid.hyperspy.quantification import create_model, element_intensities

    s = s.deepcopy()
    if beam is not None:
        s.set_microscope_parameters(beam_energy=beam[0], collection_angle=beam[1], convergence_angle=10.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = None
        if elements is None:
            table = s.identify_edges(show_progressbar=False)
        else:
            s.add_elements(sorted(elements))
        if background and background.startswith("integration"):
            found = integrate_edges(s, onsets=table if background == "integration onsets" else None)
            return {el: float(r.areal_density) for el, r in found.items()}, True
        m = create_model(s)
        axis = m.axis.axis
        onsets = [c.onset_energy.value for c in m if hasattr(c, "onset_energy")]
        if background and background.startswith("start-50") and min(onsets) - 50 > axis[0]:
            m.remove_signal_range(axis[0], min(onsets) - 50)
        if background == "start-50 end+300" and max(onsets) + 300 < axis[-1]:
            m.remove_signal_range(max(onsets) + 300, axis[-1])
        if background == "poisson weights":
            s.estimate_poissonian_noise_variance()
            m = create_model(s)
        if background == "smart_fit":
            m.smart_fit()
        else:
            m.fit()
        if background == "start-50 curved":
            power_law, e0 = m[0], float(min(onsets))
            curved = hs.model.components1D.Expression(
                f"A * (x / {e0}) ** (-r - s * log(x / {e0}))", name="CurvedPowerLaw",
                A=float(power_law.A.value * e0 ** -power_law.r.value), r=float(power_law.r.value), s=0.0,
            )  # fmt: skip
            m.remove(power_law)
            m.append(curved)
            m.fit()
    found = element_intensities(m)
    return found, bool(getattr(m.fit_output, "success", True))


def error(found, truth):
    total_true, total_found = sum(truth.values()), sum(found.get(el, 0.0) for el in truth)
    if total_found <= 0:
        return float("inf")
    return max(abs(found.get(el, 0.0) / total_found / (v / total_true) - 1.0) for el, v in truth.items())


def ratio(found, a, b):
    return found.get(b, 0.0) / found[a] if found.get(a, 0.0) else float("nan")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev-dir", type=Path, default=Path(__file__).resolve().parents[3] / "shared/real_spectra_dev")
    parser.add_argument("--conditions", action="store_true", help="also fit at 100 kV/100 mrad and 300 kV/20 mrad")
    parser.add_argument("--backgrounds", action="store_true", help="also the three exploratory background fits")
    parser.add_argument("--integration", action="store_true", help="also edge_integration.integrate_edges")
    args = parser.parse_args(argv)
    rows = list(csv.DictReader(open(args.dev_dir / "manifest.csv")))
    columns = [("identified", False, None, None), ("given", True, None, None)]
    if args.conditions:
        columns += [("given 100kV/100mrad", True, (100.0, 100.0), None), ("given 300kV/20mrad", True, (300.0, 20.0), None)]
    if args.integration:
        columns += [("identified integration", False, None, "integration")]
        columns += [("given integration", True, None, "integration")]
        # added after the two columns above had been seen (not in ../edge_integration/rule.md): the identified
        # elements' onsets passed as the axis calibration, as a user may do
        columns += [("identified integration onsets", False, None, "integration onsets")]
    if args.backgrounds:
        columns += [(f"given {b}", True, None, b) for b in ("start-50", "start-50 curved", "start-50 end+300", "smart_fit", "poisson weights")]
    print(f"{'spectrum':28s} {'ratio':6s} {'nominal':7s} " + " | ".join(f"{c[0]:>30s}" for c in columns))
    tallies = {c[0]: [] for c in columns}
    for row in rows:
        name = material(row)
        if name is None:
            continue
        in_range = set(row["elements_in_range"].split(";"))
        truth = {e: v for e, v in NOMINAL[name].items() if e in in_range}
        if len(truth) < 2:
            continue
        a, b = sorted(truth, key=lambda e: e == "O" or e == "N" or e == "Cl")  # metal first, O/N/Cl second
        s = load(args.dev_dir, row)
        cells = []
        for label, given, beam, background in columns:
            found, ok = fit(s, set(truth) if given else None, beam, background)
            err = error(found, truth)
            extra = sorted(set(found) - set(truth))
            cells.append(f"{b}/{a} {ratio(found, a, b):6.2f} err {100 * err:6.1f} %{'' if ok else ' (no conv.)'}"
                         + (f" +{','.join(extra)}" if extra else ""))
            if name not in UNCOUNTED:
                ratio_error = abs(ratio(found, a, b) / (truth[b] / truth[a]) - 1.0)
                tallies[label].append((err, ratio_error if np.isfinite(ratio_error) else np.inf))
        print(f"{row['id']:28s} {b}/{a:4s} {truth[b] / truth[a]:7.2f} " + " | ".join(f"{c:>30s}" for c in cells), flush=True)
    for label, pairs in tallies.items():
        errs, ratio_errs = np.array(pairs).T
        print(f"{label}: n={len(errs)} fractions: median {100 * np.median(errs):.1f} % within 20 %: "
              f"{int((errs <= 0.2).sum())} within 10 %: {int((errs <= 0.1).sum())}; ratio: median "
              f"{100 * np.median(ratio_errs):.1f} % within 20 %: {int((ratio_errs <= 0.2).sum())}")


if __name__ == "__main__":
    main()
