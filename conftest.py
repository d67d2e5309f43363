"""Test-session settings shared by the tests and the doctests in the package.

sympy's ``lambdify`` (used by HyperSpy's expression components, e.g. the power
law that ``create_model`` builds) puts each generated function's source into
``linecache.cache`` and removes it with a ``weakref.finalize`` when the function
is garbage collected.  ``linecache.checkcache`` (called by doctest, traceback
and warnings) lists the cache's keys and then reads them one by one, so a
garbage collection between the two removes an entry it is about to read and
raises ``KeyError: '<lambdifygenerated-N>'`` in whichever test happens to be
running (pytest reports it as that test's failure).  The guarded version below
skips entries that vanished mid-scan; it changes nothing else.
"""

import linecache


def _checkcache_tolerating_vanished_entries(filename=None, _checkcache=linecache.checkcache):
    if filename is not None:
        return _checkcache(filename)
    for name in list(linecache.cache):
        if name in linecache.cache:
            try:
                _checkcache(name)
            except KeyError:  # removed by a finalizer between the check and the read
                pass
    return None


linecache.checkcache = _checkcache_tolerating_vanished_entries
