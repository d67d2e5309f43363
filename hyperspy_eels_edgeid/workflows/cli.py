"""Command-line entry point ``eels-edgeid``.

Each sub-command lives in the module that does the work and exposes
``main(argv)``; this file only dispatches (the sub-command's module is
imported only when it runs; importing the package itself registers
``identify_edges`` with exspy, which imports HyperSpy).

Examples
--------
::

    eels-edgeid synthesize --n 10000 --out train.h5 --seed 0
    eels-edgeid train --database train.h5 --out runs/model
    eels-edgeid evaluate --weights runs/model
    eels-edgeid calibrate --weights runs/model --thresholds real
    eels-edgeid demo
"""

from __future__ import annotations

import importlib
import os
import sys

from .. import __version__

#: sub-command -> (module, one-line help)
COMMANDS = {
    "synthesize": ("hyperspy_eels_edgeid.synthesis.database", "write a database of labelled synthetic spectra (HDF5)"),
    "train": ("hyperspy_eels_edgeid.workflows.training", "train the edge recognizer on a database"),
    "evaluate": ("hyperspy_eels_edgeid.workflows.evaluation", "evaluate weights with the paper's metrics"),
    "calibrate": ("hyperspy_eels_edgeid.workflows.calibrate", "choose a model's thresholds and write them into its JSON"),
    "demo": ("hyperspy_eels_edgeid.workflows.demo", "run the main job on a bundled example"),
}


def _usage() -> str:
    lines = ["usage: eels-edgeid <command> [options]", "", "commands:"]
    lines += [f"  {name:<11} {help_}" for name, (_, help_) in COMMANDS.items()]
    lines += ["", "eels-edgeid <command> --help shows a command's options; eels-edgeid --version the version.",
              "Errors are reported in a line; EELS_EDGEID_TRACEBACK=1 shows the traceback instead."]  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run ``eels-edgeid``.

    Parameters
    ----------
    argv : list of str, optional
        The sub-command and its options (default ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _run(argv)
    except BrokenPipeError:
        try:
            sys.stdout.flush()
        except BrokenPipeError:  # the output piped into a reader that closed early (``eels-edgeid -h | head -3``)
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
            except (OSError, ValueError, AttributeError):  # a stdout without a file descriptor
                pass
            return 1
        raise  # a broken pipe of the command's own, not of its output


def _run(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(_usage())
        return 0
    if argv[0] in ("-V", "--version"):
        print(f"eels-edgeid {__version__}")
        return 0
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS:
        print(f"eels-edgeid: unknown command {command!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[command][0])
    try:
        return int(module.main(rest) or 0)
    except BrokenPipeError:
        raise
    except (ValueError, OSError, TypeError) as error:
        # what the user can fix (a bad option value, a missing file, a spectrum the model cannot read;
        # the package's own errors derive from these): the message and status 2, as argparse does.
        # EELS_EDGEID_TRACEBACK=1 shows the traceback instead (for a bug report).
        if os.environ.get("EELS_EDGEID_TRACEBACK", "0") not in ("", "0"):
            raise
        print(f"eels-edgeid {command}: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
