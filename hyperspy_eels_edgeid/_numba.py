"""numba's ``njit`` with a cache that degrades gracefully (shared by the compiled kernels).

numba compiles a kernel on first use and caches the machine code next to its
module, or in ``NUMBA_CACHE_DIR`` or the user's cache folder
(``~/.cache/numba``) where the package folder is read-only, so later processes
only load it.  Where no cache folder is writable at all, numba refuses to
decorate a cached function; the kernels are then compiled in every process.
"""

from __future__ import annotations

from numba import njit

__all__ = ["compiled"]


def compiled(**options):
    """``numba.njit(cache=True, **options)``, without the cache where no cache folder is writable.

    Parameters
    ----------
    **options
        Further options of ``numba.njit`` (``nogil``, ``inline`` ...).
    """

    def decorate(function):
        try:
            return njit(cache=True, **options)(function)
        except RuntimeError:  # numba: "cannot cache function ...: no locator available"
            return njit(**options)(function)

    return decorate
