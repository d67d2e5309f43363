"""The session-wide guard against sympy's lambdify finalizers (see conftest.py)."""

import linecache


class _VanishingCache(dict):
    """A cache whose first read removes another entry, as a GC finalizer would."""

    def __getitem__(self, key):
        self.pop("<lambdifygenerated-2>", None)
        return super().__getitem__(key)


def test_checkcache_survives_an_entry_removed_mid_scan(monkeypatch):
    cache = _VanishingCache()
    for name in ("<lambdifygenerated-1>", "<lambdifygenerated-2>"):
        cache[name] = (1, None, ["x\n"], name)
    monkeypatch.setattr(linecache, "cache", cache)
    linecache.checkcache()  # the unguarded standard library raises KeyError here
    assert "<lambdifygenerated-1>" in cache and "<lambdifygenerated-2>" not in cache
