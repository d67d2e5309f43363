"""``eels-edgeid demo``: identify the edges of an example spectrum and print the table.

By default a synthetic core-loss spectrum with known elements is made with
:func:`hyperspy_eels_edgeid.hyperspy.data.synthetic_eels` (nothing is downloaded),
the bundled recognizer identifies its edges, and the table is printed with
the truth beside it.  ``--file`` runs on your own spectrum instead (anything
``hs.load`` reads as EELS), ``--map`` on a small synthetic spectrum image,
``--plot`` saves a figure and ``--save`` the probabilities (a spectrum image's
result; a single spectrum's ``table.probabilities``), which ``hs.load`` reads back.

Examples
--------
::

    eels-edgeid demo
    eels-edgeid demo --elements Ti O C --seed 3 --plot demo.png
    eels-edgeid demo --map --plot maps.png
    eels-edgeid demo --file my_coreloss.msa
    eels-edgeid demo --file my_coreloss.msa --elements Sr Ti O --exclude C
    eels-edgeid demo --file my_map.hspy --lazy --save my_map_edges.hspy
"""

from __future__ import annotations

import argparse
import logging
import os
import time
import warnings

from ..hyperspy.data import synthetic_eels
from ..hyperspy.identify import identify_edges
from ..recognizer.model_files import read_metadata


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="eels-edgeid demo", description=__doc__.split("\n\n")[0])
    ap.add_argument("--elements", nargs="+", default=None,
                    help="elements of the synthetic example (default C O Fe); with --file, the elements to judge "
                         "(identify_edges(elements=...))")  # fmt: skip
    ap.add_argument("--exclude", nargs="+", default=None, help="elements never reported (identify_edges(exclude=...))")
    ap.add_argument("--seed", type=int, default=0, help="random seed of the synthetic example")
    ap.add_argument("--file", help="run on this file instead (loaded with hs.load(..., signal_type='EELS'))")
    ap.add_argument("--map", action="store_true", help="use a 24x24 synthetic spectrum image and report element maps")
    ap.add_argument("--lazy", action="store_true", help="with --file: load it lazily (hs.load(..., lazy=True))")
    ap.add_argument("--save", metavar="FILE", help="save the probabilities (e.g. result.hspy; hs.load reads it back)")
    ap.add_argument("--weights", help="model directory (default: the bundled model)")
    ap.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    ap.add_argument("--threshold", type=float, default=None, help="probability threshold (default: the model's)")
    ap.add_argument("--plot", metavar="PNG", help="save a figure: the spectrum with edge labels, or the element maps")
    return ap


def _example(args):
    import hyperspy.api as hs

    if args.file:
        loaded = hs.load(args.file, signal_type="EELS", lazy=args.lazy)
        loaded = loaded if isinstance(loaded, list) else [loaded]
        spectra = [x for x in loaded if x.axes_manager.signal_dimension == 1]
        if len(spectra) != 1:  # several files (a pattern) or a file of several signals: which one is not guessed
            titles = [x.metadata.General.title for x in loaded]
            raise ValueError(f"--file {args.file!r}: hs.load read {len(titles)} signals ({titles}), "
                             f"{len(spectra)} of them spectra; give a file of one spectrum or spectrum image.")
        if spectra[0].metadata.has_item("EdgeID"):
            raise ValueError(f"--file {args.file!r} holds a result of identify_edges, not a spectrum: "
                             "hs.load it and print(result.summary()) (or the table's probabilities) in Python.")
        return spectra[0], None
    shape = (24, 24) if args.map else ()
    s = synthetic_eels(args.elements or ["C", "O", "Fe"], navigation_shape=shape, random_state=args.seed)
    truth = sorted(s.metadata.Sample.elements)
    del s.metadata.Sample.elements  # start from an empty element list, as with a real measurement
    s.elements, s.subshells = set(), set()
    return s, truth


def _plot(args, s, result) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if s.axes_manager.navigation_dimension == 0:
        result.plot(s)
    else:
        if not result.detected_elements():
            print("no element detected: nothing to plot")
            return
        result.plot_element_maps()  # images for a spectrum image, probability profiles for a line scan
    fig = plt.gcf()
    fig.savefig(args.plot, dpi=120, bbox_inches="tight")
    plt.close("all")
    print(f"figure saved to {args.plot}")


def main(argv: list[str] | None = None) -> int:
    """Run the demo (``eels-edgeid demo``).

    Parameters
    ----------
    argv : list of str, optional
        The options of :func:`_parser` (``--file`` with ``--lazy``, ``--elements``, ``--exclude``, ``--map``,
        ``--plot``, ``--save`` ...); by default from the command line.

    Returns
    -------
    int
        0 after the result is printed.
    """
    args = _parser().parse_args(argv)
    if args.file and args.map:
        raise ValueError("--map makes a synthetic spectrum image; with --file, the file's own navigation shape is read")
    if args.lazy and not args.file:
        raise ValueError("--lazy loads --file lazily; the synthetic examples are made in memory")
    if args.save and not os.path.splitext(args.save)[1]:
        args.save += ".hspy"  # the name HyperSpy writes
    if args.save and args.file and os.path.exists(args.save) and os.path.exists(args.file):
        if os.path.samefile(args.save, args.file):
            raise ValueError(f"--save {args.save!r} is the spectrum's own file: give the probabilities another name")
    folder = os.path.dirname(os.path.abspath(args.plot)) if args.plot else None
    if folder and not os.path.isdir(folder):  # said before the run, not after it
        raise FileNotFoundError(f"--plot: there is no folder {folder!r} to save {os.path.basename(args.plot)!r} in")
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    logging.getLogger("hyperspy").setLevel(logging.ERROR)
    import hyperspy.api as hs

    hs.preferences.General.show_progressbar = False
    if not read_metadata(args.weights).get("trained", True):
        print("note: these weights are untrained placeholders; the result is meaningless.\n")
    s, truth = _example(args)
    print(s)
    t0 = time.perf_counter()
    # the function, not the method: a file that is not an EELS spectrum gets NotEELSError, not AttributeError
    candidates = args.elements if args.file else None  # the example's elements are its truth, not candidates
    result = identify_edges(s, elements=candidates, exclude=args.exclude, weights=args.weights, device=args.device,
                            threshold=args.threshold)  # fmt: skip
    elapsed = time.perf_counter() - t0
    print()
    if s.axes_manager.navigation_dimension == 0:
        print(result)
    else:
        print(result.summary())
        print(f"\nelement maps: {[m.metadata.General.title for m in result.get_element_maps()]}")
    print(f"\nmetadata.Sample.elements = {s.metadata.get_item('Sample.elements', [])}")
    if truth is not None:
        found = set(s.metadata.get_item("Sample.elements", []))
        print(
            f"truth                    = {truth}  (missed: {sorted(set(truth) - found)}, extra: {sorted(found - set(truth))})"
        )
    print(f"identify_edges took {elapsed:.2f} s")
    if args.plot:
        _plot(args, s, result)
    if args.save:
        probabilities = result.probabilities if s.axes_manager.navigation_dimension == 0 else result
        probabilities.save(args.save, overwrite=True)
        print(f"probabilities saved to {args.save}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
