"""Offline cross-sections: the bundled DFT GOS table of every core-loss edge of Li-Am.

``edge_gos.gosh`` (14.4 MB, provenance in ``README.md`` next to it) holds
generalised oscillator strengths for every core subshell of Z = 3-95 in the
layout of exspy's ``"dft"`` GOSH file, so exspy reads it offline::

    m = s.create_model(GOS="dft", gos_file_path=gos_file_path())

:func:`gos_file_path` returns the bundled file's path after checking its
size and sha256 against the values recorded here (once per process, like
the bundled network weights), and raises :class:`CrossSectionFileError`,
naming the file, if it is missing, truncated or altered.

Examples
--------
>>> from hyperspy_eels_edgeid.cross_sections import gos_file_path
>>> path = gos_file_path()
>>> path.name
'edge_gos.gosh'
"""

from __future__ import annotations

import hashlib
import pathlib
import threading

__all__ = ["GOS_FILE", "GOS_FILE_SHA256", "GOS_FILE_SIZE", "CrossSectionFileError", "gos_file_path", "verify_gos_file"]

#: File name of the bundled table.
GOS_FILE = "edge_gos.gosh"
#: Its size in bytes and its sha256, recorded when it was added to the package.
GOS_FILE_SIZE = 14_415_903
GOS_FILE_SHA256 = "6673d40fa564e251c8b0a8cd6c33bcb2828d1f1cc87e1e7b336c57b3251a15c3"

#: The bundled file (a module attribute so that tests can point it elsewhere).
BUNDLED = pathlib.Path(__file__).resolve().parent / GOS_FILE

_verified: set[tuple[str, int, int]] = set()
_lock = threading.Lock()


class CrossSectionFileError(ValueError):
    """The GOS table file is missing, truncated or altered."""


def verify_gos_file(path, *, size: int = GOS_FILE_SIZE, sha256: str = GOS_FILE_SHA256) -> pathlib.Path:
    """Check a GOS table file's size and sha256.

    Parameters
    ----------
    path : str or pathlib.Path
        The file to check.
    size : int
        Expected size in bytes (default: the bundled table's).
    sha256 : str
        Expected sha256 hex digest (default: the bundled table's).

    Returns
    -------
    pathlib.Path
        `path`, resolved.

    Raises
    ------
    CrossSectionFileError
        If the file is missing, has another size (truncated) or another
        checksum (altered); the message names the file.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.cross_sections import BUNDLED, verify_gos_file
    >>> verify_gos_file(BUNDLED).name
    'edge_gos.gosh'
    """
    path = pathlib.Path(path).resolve()
    advice = (
        "The package's cross-section table is damaged: reinstall hyperspy_eels_edgeid "
        "(pip install --force-reinstall hyperspy_eels_edgeid), or restore the file from the repository."
    )
    if not path.is_file():
        raise CrossSectionFileError(f"GOS table {path} is missing. {advice}")
    actual_size = path.stat().st_size
    if actual_size != size:
        raise CrossSectionFileError(
            f"GOS table {path} has {actual_size} bytes, expected {size} (truncated or replaced). {advice}"
        )
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    if digest.hexdigest() != sha256:
        raise CrossSectionFileError(
            f"GOS table {path} has sha256 {digest.hexdigest()}, expected {sha256} (the file was altered). {advice}"
        )
    return path


def gos_file_path() -> pathlib.Path:
    """Path of the bundled GOS table, checked for integrity once per process.

    Pass it to exspy as ``gos_file_path`` with ``GOS="dft"``; exspy then
    never downloads its own table.

    Returns
    -------
    pathlib.Path
        ``.../hyperspy_eels_edgeid/cross_sections/edge_gos.gosh``.

    Raises
    ------
    CrossSectionFileError
        If the file is missing, truncated or altered (see
        :func:`verify_gos_file`).

    Examples
    --------
    >>> import exspy
    >>> from hyperspy_eels_edgeid.cross_sections import gos_file_path
    >>> edge = exspy.components.EELSCLEdge("La_M5", GOS="dft", gos_file_path=gos_file_path())
    >>> edge.onset_energy.value
    832.0
    """
    path = pathlib.Path(BUNDLED)
    try:
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
    except OSError:
        key = None
    with _lock:
        if key is None or key not in _verified:
            verify_gos_file(path)
            _verified.add(key)
    return path
