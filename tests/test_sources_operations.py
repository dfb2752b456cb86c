"""Each REST operation is defined once, in the module of the source that reads it.

A new service is one module under assess/sources/: its operations (path, api-version, action)
sit beside the ``Read`` that declares them, and every collector, check, script and test takes
them from there. These tests walk the code and the declarations, not a hand list of operations.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from vcr.cassette import Cassette

from assess import sources
from assess.apis import GraphOperation, Operation
from assess.collect import collect_snapshot, options_from_config
from assess.config import Config
from assess.progress import NullProgress
from assess.snapshot import Snapshot
from assess.sources import Listing, Source

ROOT = Path(__file__).resolve().parents[1]
SOURCES_DIR = ROOT / "assess" / "sources"
CONSTRUCTORS = {"Operation", "GraphOperation"}
DEMO_CASSETTE = ROOT / "cassettes" / "demo-contoso.yaml"


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


def _generated(path: Path) -> bool:
    """A file the benchmarks generate or install (git-ignored: corpora, virtualenvs), not the
    project's code."""
    parts = path.relative_to(ROOT).parts
    return "corpus" in parts or "venv" in parts or any(p.startswith(".") for p in parts)


def test_no_operation_is_defined_outside_the_source_declarations() -> None:
    outside = [
        f"{path.relative_to(ROOT)}:{line}"
        for folder in ("assess", "checks", "scripts", "bench", "tests")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if SOURCES_DIR not in path.parents and not _generated(path)
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


# ---- what the collector sends is what the sources declare ------------------------------------


_IDS = ("scope", "resource_id")
"""Placeholders for a full resource id (slashes included); every other one is one segment."""


def _arm_type(path: str) -> str:
    """``Microsoft.KeyVault/vaults/keys`` for ``.../providers/Microsoft.KeyVault/vaults/v/keys/k``."""
    segments = path.rsplit("/providers/", 1)[-1].split("/")
    return "/".join([segments[0], *segments[1::2]]).lower()


@dataclass(frozen=True)
class _Pattern:
    """One declared operation as the requests it allows: the verb, the path (``{scope}`` any
    resource id, other placeholders one segment each) and the api-version its URL carries. An
    operation on a resource id alone (``{scope}``: one vault, one key) also needs the id to be of
    the resource type its name gives."""

    source: str
    operation: Operation
    verb: str
    path: re.Pattern[str]
    api_version: str | None
    resource_type: str | None

    @classmethod
    def of(cls, source: str, op: Operation) -> _Pattern:
        graph = isinstance(op, GraphOperation)  # its version leads the path; OData in the query
        template = f"/{op.api_version}{op.path}" if graph else op.path
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        holes = {f: f"HOLE{i}X" for i, f in enumerate(sorted(fields))}
        path = re.escape(template.format(**holes))
        for field, hole in holes.items():
            path = path.replace(hole, ".+" if field in _IDS else "[^/]+")
        verb, resource_type = op.name.split(" ", 1)
        bare = template in {f"{{{f}}}" for f in _IDS}
        version = None if graph else op.api_version
        return cls(
            source, op, verb, re.compile(path), version, resource_type.lower() if bare else None
        )

    def allows(self, method: str, uri: str) -> bool:
        url = urlsplit(uri)
        sent = parse_qs(url.query).get("api-version", [None])[0]
        return (
            method == self.verb
            and self.path.fullmatch(url.path) is not None
            and (self.api_version is None or sent in (None, self.api_version))
            and (self.resource_type is None or _arm_type(url.path) == self.resource_type)
        )


def _patterns(on: dict[str, bool]) -> list[_Pattern]:
    return [_Pattern.of(s.name, op) for s in sources.enabled(on) for op in _operations_read(s)]


def _requests_sent(monkeypatch: pytest.MonkeyPatch, on: dict[str, bool]) -> list[tuple[str, str]]:
    """Every request the collector sends while it replays the demo tenant with the sources
    ``on``: answered from the recording or not (an unrecorded call becomes a gap)."""
    sent: list[tuple[str, str]] = []
    original = Cassette.can_play_response_for

    def spy(cassette: Cassette, request: Any) -> bool:
        sent.append((request.method, request.uri))
        return bool(original(cassette, request))

    monkeypatch.setattr(Cassette, "can_play_response_for", spy)
    options = options_from_config(
        Config(), switches=on, all_subscriptions=True, replay=DEMO_CASSETTE
    )
    collect_snapshot(options, NullProgress())
    return sent


@pytest.mark.parametrize("everything", [False, True], ids=["demo defaults", "every switch on"])
def test_every_request_the_collector_sends_is_a_declared_read_of_a_source_switched_on(
    monkeypatch: pytest.MonkeyPatch, everything: bool
) -> None:
    config = Config()
    on = {s.name: everything or config.collect.on(s.name) for s in sources.switches()}
    sent = _requests_sent(monkeypatch, on)
    assert len(sent) > 300  # the demo tenant's resource manager, data plane, Graph and log reads
    allowed = _patterns(on)  # a read of a source switched off is undeclared here
    undeclared = sorted({f"{m} {u}" for m, u in sent if not any(p.allows(m, u) for p in allowed)})
    assert undeclared == []


def test_each_source_read_from_its_declaration_names_its_collector_functions() -> None:
    # collect.py lists a source's resources from its declaration alone: the parser it names
    # and its subscription-wide and per-group reads of its first kind.
    listed = [s for s in sources.SOURCES if s.parser]
    assert {"key_vaults", "web_apps"} <= {s.name for s in listed}
    for s in listed:
        module, _, function = s.parser.partition(":")
        assert module.startswith("assess.collectors."), s.name
        assert callable(getattr(importlib.import_module(module), function, None)), s.name
        assert s.resources is None and s.list_reads() is not None, s.name
    for s in sources.SOURCES:
        if s.within:  # what a failed list of another source's resources leaves unknown
            assert s.within in s.depends_on, s.name
    readers = [(s, r) for s in sources.SOURCES for r in s.reads if r.reader]
    assert {"role_definitions", "key_versions"} <= {r.records[0] for _, r in readers}
    kinds = {kind for s in sources.SOURCES for kind in s.records}
    kinds |= {r.yields for s in sources.SOURCES for r in s.reads if r.yields}
    for s, read in readers:  # made per subscription, or per parent record, from the declaration
        module, _, function = read.reader.partition(":")
        assert module.startswith("assess.collectors."), (s.name, read.reader)
        assert callable(getattr(importlib.import_module(module), function, None)), read.reader
        assert len(read.records) == 1, read.reader
        if read.listing is Listing.RESOURCE_GROUP:  # per group listed, or the one named
            assert read.parents in ((), ("resource_groups",)), read.reader
        elif read.listing is Listing.SUBSCRIPTION and read.parents:  # on demand
            assert read.when and set(read.parents) <= kinds, read.reader
        elif read.parents:
            assert read.listing is Listing.PARENT and set(read.parents) <= kinds, read.reader
        else:
            assert read.listing is Listing.SUBSCRIPTION, read.reader


# ---- collect.py makes every read from its declaration -----------------------------------------

APART = {
    "resources": "the subscriptions and resource groups are the root every other read starts from",
    "logs": "the log queries run as a stage of their own beside the graph of calls",
}
"""Sources whose reads collection makes outside the declared paths, and why."""
_SCHEDULED = (Listing.SUBSCRIPTION, Listing.RESOURCE_GROUP, Listing.PARENT)


def _generic(source: Source, read: sources.Read) -> bool:
    """Whether collection makes ``read`` from the declaration: a list call of the source's
    resources or of its child lists, a read naming its collector function, or a read made by
    the collector function of a sibling read that fills the same records in the same way."""
    if read.operation in (source.list_reads() or ()):
        return True
    if any(child.operation is read.operation for child in source.children):
        return True
    return bool(read.reader) or any(
        other.reader and other.records == read.records and other.listing is read.listing
        for other in source.reads
    )


def test_collect_makes_each_resource_manager_read_from_its_declaration() -> None:
    by_hand = {
        (s.name, read.operation.name)
        for s in sources.SOURCES
        if s.name not in APART
        for read in s.reads
        if read.records and read.listing in _SCHEDULED and not read.entra
        if not _generic(s, read)
    }
    # A read made by code of collect.py's own fails here: declare its reader= (and parents=).
    assert by_hand == set()


COLLECT = ROOT / "assess" / "collect.py"
SPECIAL_STAGES = {
    "assess.sources": "the declarations themselves",
    "assess.sources.logs": "the log queries' stage (window and concurrency)",
    "assess.sources.resources": "the root: subscriptions and resource groups",
    "assess.collectors": "the generic fetch helpers and the gap sink",
    "assess.collectors._base": "the generic fetch helpers",
    "assess.collectors.declared": "records of declared resources and child lists",
    "assess.collectors.resources": "the root: resource groups",
    "assess.collectors.authorization": "the caller's permissions, which decide how lists are made",
    "assess.collectors.resourcegraph": "Resource Graph rows in place of list calls",
    "assess.collectors.keyvault_data": "the data planes' stage",
    "assess.collectors.graph": "the Microsoft Graph stage",
    "assess.collectors.logs": "the log queries' stage",
}
SPECIAL_NAMES = {
    ("assess.collectors.web", "Classifier"): "the run's value classifier, handed to the readers "
    "that declare classifies=True",
}


def _imported_names(path: Path) -> set[tuple[str, str]]:
    """(module, name) of every name ``path`` imports from the declarations or the collectors."""
    found: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {(node.module, a.name) for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {(a.name, "") for a in node.names}
    return {
        (module, name)
        for module, name in found
        if module.startswith(("assess.sources", "assess.collectors"))
        or (module == "assess" and name in {"sources", "collectors"})
    }


def test_collect_imports_no_service_module_but_the_special_stages() -> None:
    imported = _imported_names(COLLECT)
    service = {
        (module, name)
        for module, name in imported
        if module not in SPECIAL_STAGES and f"{module}.{name}" not in SPECIAL_STAGES
        if (module, name) not in SPECIAL_NAMES
    }
    # A service's operation or collector function named in collect.py fails here: name the
    # collector function in the source's declaration instead.
    assert service == set()


def _called_for(read: sources.Read, snapshot: Snapshot) -> bool:
    """Whether collection had to call ``read``'s reader to give ``snapshot``: it has parent
    records its ``when`` accepts (for parents kept out of the snapshot, records of its own)."""
    if not read.parents:
        return True
    kept = [kind for kind in read.parents if kind in Snapshot.model_fields]
    if not kept:
        return any(getattr(snapshot, kind, ()) for kind in read.records)
    module, _, function = read.when.partition(":")
    accepts = getattr(importlib.import_module(module), function) if read.when else None
    return any(
        accepts is None or accepts(parent) for kind in kept for parent in getattr(snapshot, kind)
    )


def test_every_declared_collector_function_is_called_through_the_declarations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Replaying the demo tenant with every switch on, over every group and over one named group,
    # each reader a switched-on source declares is called (per subscription, per group, for each
    # record of its parents' kinds that arrived and that its when= accepts).
    import assess.collect as collect

    called: set[str] = set()
    load = collect._function

    def spy(name: str) -> Any:
        function = load(name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            called.add(name)
            return function(*args, **kwargs)

        return counted

    monkeypatch.setattr(collect, "_function", spy)
    on = {s.name: True for s in sources.switches()}
    reads = [r for s in sources.enabled(on) for r in s.reads if r.reader]
    declared: set[str] = set()
    for group in (None, "rg-payments-prod"):
        options = options_from_config(
            Config(),
            switches=on,
            all_subscriptions=True,
            replay=DEMO_CASSETTE,
            resource_group=group,
        )
        snapshot = collect_snapshot(options, NullProgress())
        declared |= {r.reader for r in reads if _called_for(r, snapshot)}
    assert {
        "assess.collectors.keyvault:list_secrets",
        "assess.collectors.network:list_associations",
        "assess.collectors.policystates:query_group_policy_states",
    } <= declared
    assert declared - called == set()


SPECIAL_WORDS = {
    "resource_groups": "the root every read starts from",
    "key_vaults": "the completeness of the vault lists (scope.complete_vault_lists)",
    "vaults": "the completeness of the vault lists, and the data planes' and Graph's input",
    "secrets": "the data planes' input (each secret's versions)",
    "managed_hsms": "the data planes' input (each HSM's local role assignments)",
    "role_assignments": "Microsoft Graph's input (the principals to name)",
    "role_definitions": "one definition per GUID, and Microsoft Graph's input",
    "resource_graph": "the Resource Graph stage's switch",
    "graph": "the Microsoft Graph stage's switch",
    "logs": "the log queries stage's switch",
}
"""The source names and evidence kinds collect.py may spell out, and why."""


def _code_strings(path: Path) -> dict[str, int]:
    """Every string literal of ``path`` that is not a docstring, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):  # a docstring, or the string under an assignment
            docs |= {
                id(stmt.value)
                for stmt in body
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
            }
    return {
        node.value: node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    }


def test_collect_names_no_source_or_evidence_kind_but_the_special_stages() -> None:
    words = {s.name for s in sources.SOURCES} | {k for s in sources.SOURCES for k in s.records}
    named = {
        f"{text} (line {line})"
        for text, line in _code_strings(COLLECT).items()
        if text in words and text not in SPECIAL_WORDS
    }
    # A service's switch or evidence kind written in collect.py fails here: declare the read.
    assert named == set()
