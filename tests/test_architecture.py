"""The package's shape, read from its source with ``ast``: the wings' import rules and the house rules.

* ``synthesis/`` never imports ``recognizer/``, ``hyperspy/`` or ``workflows/``; ``recognizer/`` never
  imports ``hyperspy/`` or ``workflows/``; nothing outside ``workflows/`` imports it; the base modules
  (``edges``, ``_numba``, ``_parallel``, ``_device``, ``_progress``, ``cross_sections``) import no wing; no circle
  between wings.
* The package's own modules are imported at module level (torch, and so ``recognizer.network``, stays lazy).
* No module uses a private name (``_x``) of another module of the package.
* No module over 500 lines without a reason written at its top (``Longer than 500 lines: ...``).
* Every public function and method has a numpydoc docstring, with a ``Parameters`` section if it takes any.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "hyperspy_eels_edgeid"
NAME = PACKAGE.name
WINGS = ("synthesis", "recognizer", "hyperspy", "workflows")
#: base modules, importable by every wing (``cross_sections``: the bundled GOS table of issue 16)
BASE = ("edges", "_numba", "_parallel", "_device", "_progress", "cross_sections")
#: wing -> wings it must never import
FORBIDDEN = {
    "base": set(WINGS),
    "synthesis": {"recognizer", "hyperspy", "workflows"},
    "recognizer": {"hyperspy", "workflows"},
    "hyperspy": {"workflows"},
    "facade": {"workflows"},  # the package's __init__ and its public aliases (data.py)
    "workflows": set(),
}
#: modules that import torch when imported: imported inside functions
LAZY = {f"{NAME}.recognizer.network"}
MAX_LINES = 500


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _wing(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or (len(parts) == 2 and parts[1] in ("data",)):
        return "facade"
    if parts[1] in WINGS:
        return parts[1]
    if parts[1] in BASE:
        return "base"
    raise AssertionError(f"{module}: not in a wing nor a base module; add it to the rules of this test")


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
TREES = {m: ast.parse(p.read_text(), filename=str(p)) for m, p in MODULES.items()}


def _resolve(module: str, node: ast.ImportFrom | ast.Import) -> list[tuple[str, list[str]]]:
    """(imported module, names taken from it) of an import statement, for the package's own modules only."""
    if isinstance(node, ast.Import):
        return [(a.name, []) for a in node.names if a.name.split(".")[0] == NAME]
    if node.level:
        is_package = MODULES[module].name == "__init__.py"
        base = module.split(".")
        base = base if is_package else base[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target.split(".")[0] != NAME:
        return []
    out = []
    names = []
    for alias in node.names:
        sub = f"{target}.{alias.name}"
        if sub in MODULES:  # "from . import module"
            out.append((sub, []))
        else:
            names.append(alias.name)
    if names:
        out.append((target, names))
    return out


def _imports(module: str):
    """(imported module, names, node, at module level) of every import of the package's own modules."""
    tree = TREES[module]
    top = {id(n) for n in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for target, names in _resolve(module, node):
                yield target, names, node, id(node) in top


def _edges() -> set[tuple[str, str]]:
    return {(m, t) for m in MODULES for t, _, _, _ in _imports(m)}


def _wing_arrows() -> set[tuple[str, str]]:
    return {(_wing(a), _wing(b)) for a, b in _edges() if _wing(a) != _wing(b)}


def test_rules_see_the_package():
    assert {f"{NAME}.{w}" for w in WINGS} <= set(MODULES)
    arrows = _wing_arrows()
    # the test reads real arrows: the HyperSpy side uses the recognizer, and the workflows both wings
    assert ("hyperspy", "recognizer") in arrows and ("workflows", "synthesis") in arrows


@pytest.mark.parametrize("wing", sorted(FORBIDDEN))
def test_wings_import_only_downwards(wing):
    bad = sorted(
        f"{a} imports {b}"
        for a, b in _edges()
        if _wing(a) == wing and _wing(b) in FORBIDDEN[wing] and not a.startswith(f"{NAME}.workflows")
    )
    assert not bad, "\n".join(bad)


def test_no_circle_between_wings():
    arrows = _wing_arrows() - {("facade", w) for w in WINGS} - {(w, "facade") for w in WINGS}
    graph: dict[str, set[str]] = {}
    for a, b in arrows:
        graph.setdefault(a, set()).add(b)

    def reaches(start, goal, seen=()):
        return any(n == goal or (n not in seen and reaches(n, goal, seen + (n,))) for n in graph.get(start, ()))

    circles = sorted(w for w in graph if reaches(w, w))
    assert not circles, f"wings on a circle: {circles} ({sorted(arrows)})"


def test_own_modules_are_imported_at_module_level():
    hidden = sorted(
        f"{m}:{node.lineno} imports {t} inside a function"
        for m in MODULES
        for t, _, node, top in _imports(m)
        if not top and t not in LAZY
    )
    assert not hidden, "\n".join(hidden)


def test_no_private_name_of_another_module():
    used = []
    for m in MODULES:
        for target, names, node, _ in _imports(m):
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]  # dunders are public
            used += [f"{m}:{node.lineno} takes {target}.{n}" for n in private if target != m]
        # attribute access through an imported module: module._name
        aliases = {
            (a.asname or a.name): f"{t}" for t, _, node, _ in _imports(m) for a in node.names if t.endswith(a.name)
        }
        for node in ast.walk(TREES[m]):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
                if node.attr.startswith("_") and not node.attr.startswith("__"):
                    used.append(f"{m}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}")
    assert not used, "\n".join(used)


def test_modules_fit_on_a_few_screens():
    long = []
    for m, path in MODULES.items():
        n = len(path.read_text().splitlines())
        doc = ast.get_docstring(TREES[m]) or ""
        if n > MAX_LINES and "Longer than 500 lines:" not in doc:
            long.append(f"{m}: {n} lines")
    assert not long, "\n".join(long)


def _public_functions(module: str):
    tree = TREES[module]
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
            yield node.name, node
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and not item.name.startswith("_"):
                    decorators = {getattr(d, "id", getattr(d, "attr", "")) for d in item.decorator_list}
                    if decorators & {"property", "cached_property", "setter"}:
                        continue
                    yield f"{node.name}.{item.name}", item


def test_public_functions_have_numpydoc_parameters():
    missing = []
    for m in MODULES:
        for name, node in _public_functions(m):
            doc = ast.get_docstring(node) or ""
            args = node.args
            named = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs if a.arg not in ("self", "cls")]
            takes_arguments = bool(named or args.vararg or args.kwarg)
            if not doc or (takes_arguments and "Parameters\n----------" not in doc and "%s" not in doc):
                missing.append(f"{m}.{name}")
    assert not missing, f"{len(missing)} without a Parameters section:\n" + "\n".join(missing)


def test_the_rules_catch_a_violation(tmp_path):
    """The import reader finds an upward arrow written in a module (so the rules above can fail)."""
    module = f"{NAME}.synthesis.config"
    tree = ast.parse("from ..recognizer.grid import model_grid\nfrom . import _kernels\n")
    TREES_backup = TREES[module]
    try:
        TREES[module] = tree
        targets = [t for t, _, _, _ in _imports(module)]
        assert f"{NAME}.recognizer.grid" in targets and f"{NAME}.synthesis._kernels" in targets
        assert ("synthesis", "recognizer") in _wing_arrows()
        with pytest.raises(AssertionError):
            test_wings_import_only_downwards("synthesis")
        TREES[module] = ast.parse("def f():\n    from ..edges import _GROUP_MEMBERS\n")
        with pytest.raises(AssertionError, match="inside a function"):
            test_own_modules_are_imported_at_module_level()
        with pytest.raises(AssertionError, match="_GROUP_MEMBERS"):
            test_no_private_name_of_another_module()
        TREES[module] = ast.parse('def public(x):\n    """No parameters section."""\n')
        with pytest.raises(AssertionError, match="config.public"):
            test_public_functions_have_numpydoc_parameters()
    finally:
        TREES[module] = TREES_backup
