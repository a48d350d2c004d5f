"""The shape of the code: no module imports a private name of another, and the modules'
imports make no cycle, counting the imports inside functions (they run too, only later).

Imports under ``if TYPE_CHECKING:`` never run and are left out. ``_`` is gettext's
function (:mod:`bpmodel.i18n`), a public name by convention.
"""

from __future__ import annotations

import ast
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from bpmodel.graph import depth_first

from conftest import ROOT

PUBLIC_BY_CONVENTION = {"_"}


@dataclass(frozen=True)
class Import:
    module: str       # the module that imports
    line: int
    target: str       # the module imported (or whose name is imported)
    name: str | None  # the name imported from it, if any


def modules_of(root: Path, package: str = "bpmodel") -> dict[str, Path]:
    """Every module of ``package`` below ``root`` by dotted name (packages by their own)."""
    out = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _type_checking_only(tree: ast.AST) -> set[int]:
    """The ids of the import nodes under ``if TYPE_CHECKING:``."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skipped


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    """The imports of one module of the package (those of other packages left out): each
    ``from X import name`` counts as importing X.name when that is a module, else X."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    skipped = _type_checking_only(tree)
    here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    top = module.split(".")[0]
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [Import(module, node.lineno, a.name, None) for a in node.names
                      if a.name.split(".")[0] == top]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[:len(here) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != top:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append(Import(module, node.lineno, sub, None) if sub in modules
                             else Import(module, node.lineno, target, alias.name))
    return found


def private_imports(imports: list[Import]) -> list[str]:
    """The imports that reach a private name or module of another module."""
    out = []
    for imp in imports:
        parts = imp.target.split(".") + ([imp.name] if imp.name else [])
        private = [p for p in parts if p.startswith("_") and not p.startswith("__")
                   and p not in PUBLIC_BY_CONVENTION]
        if private and imp.target != imp.module:
            out.append(f"{imp.module} (line {imp.line}) imports {'.'.join(parts)}")
    return out


def import_cycle(imports: list[Import], modules: dict[str, Path]) -> list[str] | None:
    """One cycle of imports between the modules (the modules in order, the first again
    at the end), or None when there is none."""
    names = sorted(modules)
    number = {m: i for i, m in enumerate(names)}
    successors: list[list[int]] = [[] for _ in names]
    for imp in imports:
        if imp.target in number and imp.target != imp.module:
            successors[number[imp.module]].append(number[imp.target])
    search = depth_first(successors, [], everywhere=True)
    if not search.back:
        return None
    source, target = search.back[0]  # target leads back to source: find that way
    came_from = {target: target}
    queue = deque([target])
    while source not in came_from:
        current = queue.popleft()
        for nxt in successors[current]:
            if nxt not in came_from:
                came_from[nxt] = current
                queue.append(nxt)
    way = [source]
    while way[-1] != target:
        way.append(came_from[way[-1]])
    return [names[v] for v in [*reversed(way), target]]


def _all_imports(root: Path) -> tuple[dict[str, Path], list[Import]]:
    modules = modules_of(root)
    return modules, [i for m, p in modules.items() for i in imports_of(m, p, modules)]


def test_no_module_imports_a_private_name_of_another():
    _, imports = _all_imports(ROOT)
    assert private_imports(imports) == []


def test_the_modules_import_one_another_without_a_cycle():
    modules, imports = _all_imports(ROOT)
    assert import_cycle(imports, modules) is None


def test_the_checks_find_a_cycle_through_a_function_and_a_private_import(tmp_path):
    package = tmp_path / "bpmodel"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("from .a import run\n")
    (package / "sub" / "a.py").write_text("from ..b import _helper\n\ndef run():\n    pass\n")
    (package / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .c import C\n\n"
        "def _helper():\n    from .sub import a\n    return a\n")
    (package / "c.py").write_text("from . import b\nfrom .i18n import _\n")
    modules, imports = _all_imports(tmp_path)
    assert private_imports(imports) == ["bpmodel.sub.a (line 1) imports bpmodel.b._helper"]
    cycle = import_cycle(imports, modules)
    assert cycle is not None and cycle[0] == cycle[-1]
    assert set(cycle) == {"bpmodel.sub.a", "bpmodel.b"}  # not c: under TYPE_CHECKING
    (package / "b.py").write_text("def _helper():\n    pass\n")
    modules, imports = _all_imports(tmp_path)
    assert import_cycle(imports, modules) is None
