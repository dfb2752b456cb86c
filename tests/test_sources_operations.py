"""Each REST operation is defined once, in the module of the source that reads it.

A new service is one module under assess/sources/: its operations (path, api-version, action)
sit beside the ``Read`` that declares them, and every collector, check, script and test takes
them from there. These tests walk the code and the declarations, not a hand list of operations.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from assess import sources
from assess.apis import Operation
from assess.sources import Source

ROOT = Path(__file__).resolve().parents[1]
SOURCES_DIR = ROOT / "assess" / "sources"
CONSTRUCTORS = {"Operation", "GraphOperation"}


def _source_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"assess.sources.{m.name}")
        for m in sorted(pkgutil.iter_modules(sources.__path__), key=lambda m: m.name)
        if not m.name.startswith("_")
    ]


def _operations_read(source: Source) -> Iterator[Operation]:
    """Every operation a source's collection may send: its reads, its declared resource list
    calls and its child lists."""
    yield from (read.operation for read in source.reads)
    if source.resources is not None:
        yield from (source.resources.wide, source.resources.in_group)
    yield from (child.operation for child in source.children)


def _assigned_names(path: Path) -> set[str]:
    """The names a module binds at top level by assignment (not by import)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:  # NAME = ..., or A, B = list_operations(...)
            elts = target.elts if isinstance(target, ast.Tuple) else [target]
            names |= {t.id for t in elts if isinstance(t, ast.Name)}
    return names


def _constructed_at(path: Path) -> list[int]:
    """Lines where ``path`` calls ``Operation(...)`` or ``GraphOperation(...)``."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in CONSTRUCTORS:
                lines.append(node.lineno)
    return lines


def test_no_operation_is_defined_outside_the_source_declarations() -> None:
    outside = [
        f"{path.relative_to(ROOT)}:{line}"
        for folder in ("assess", "checks", "scripts", "bench", "tests")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if SOURCES_DIR not in path.parents
        for line in _constructed_at(path)
    ]
    assert outside == [], "define each operation in assess/sources/<service>.py"


def test_each_operation_is_defined_in_the_module_of_the_source_that_reads_it() -> None:
    reader: dict[int, str] = {}
    for module in _source_modules():
        here = module.__name__
        assigned = _assigned_names(Path(module.__file__ or ""))
        mine = {
            id(value)
            for name, value in vars(module).items()
            if isinstance(value, Operation) and name in assigned
        }
        read = {id(op): op for s in module.SOURCES for op in _operations_read(s)}
        for key, op in read.items():
            assert key in mine, f"{here} reads {op.name} ({op.path}) defined elsewhere"
            assert reader.setdefault(key, here) == here, f"{op.name} is read by two modules"
        unread = [
            name
            for name, value in vars(module).items()
            if isinstance(value, Operation) and id(value) in mine and id(value) not in read
        ]
        assert unread == [], f"{here} defines operations no source of it reads"
