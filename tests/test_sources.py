"""Each source's declaration drives its CLI flag, config key, permission rows and role actions.

The tests iterate the declarations in assess/sources/, never a hand-written list of services.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from snapshot_factory import AS_OF, make_snapshot

from assess import collect, sources
from assess.cli import main
from assess.collect import CollectOptions
from assess.config import load_config
from assess.registry import load_registry
from assess.run import evaluate
from assess.snapshot import EVIDENCE_KINDS, Snapshot
from assess.sources import Source

ROOT = Path(__file__).resolve().parents[1]
SWITCHES = sources.switches()
IDS = [s.name for s in SWITCHES]


def test_every_evidence_kind_comes_from_one_declared_source() -> None:
    produced = [kind for s in sources.SOURCES for kind in s.records]
    assert len(produced) == len(set(produced)), "a kind comes from two sources"
    declared = {c.kind for s in sources.SOURCES for c in s.children}
    coded = [
        kind
        for s in sources.SOURCES
        if s.resources is None and not s.declared_records
        for kind in s.records
        if kind not in declared
    ]
    assert sorted(coded) == sorted(EVIDENCE_KINDS)  # every Snapshot field has its source
    for s in sources.SOURCES:
        if s.resources is not None:  # collected from the declaration: one kind, listed
            # ... and one more kind per list read below each of its resources
            assert len(s.records) == 1 + len(s.children), s.name
            assert all(s.reads_of(kind) for kind in s.records), s.name
    names = {s.name for s in sources.SOURCES}
    for s in sources.SOURCES:
        assert set(s.depends_on) <= names - {s.name}, s.name
        for read in s.reads:
            assert set(read.records) <= set(s.records), (s.name, read.operation.name)
            assert read.action and read.role, (s.name, read.operation.name)


def test_every_check_reads_declared_evidence() -> None:
    for meta in load_registry(builtins_only=True).metas:
        for kind in meta.requires:
            assert sources.source_of(kind) is not None, (meta.id, kind)


def _captured(monkeypatch: pytest.MonkeyPatch) -> list[CollectOptions]:
    seen: list[CollectOptions] = []

    def fake(options: CollectOptions, progress: Any) -> Snapshot:
        seen.append(options)
        return make_snapshot(collected=())

    monkeypatch.setattr(collect, "collect_snapshot", fake)
    return seen


@pytest.mark.parametrize("declared", SWITCHES, ids=IDS)
def test_flag_turns_its_source_off_and_on(
    declared: Source, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen = _captured(monkeypatch)
    out = tmp_path / "snap.json"
    off = f"--no-{declared.flag.removeprefix('--')}"
    assert main(["collect", "-o", str(out), "--all-subscriptions", "-q", off]) == 0
    assert main(["collect", "-o", str(out), "--all-subscriptions", "-q", declared.flag]) == 0
    assert [o.on(declared.name) for o in seen] == [False, True]
    others = [s.name for s in SWITCHES if s is not declared]
    assert all(seen[0].on(name) == sources.source(name).default for name in others)


@pytest.mark.parametrize("declared", SWITCHES, ids=IDS)
def test_config_key_turns_its_source_off_and_the_flag_wins(
    declared: Source, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config_file = tmp_path / "assess.toml"
    config_file.write_text(f"[collect]\n{declared.name} = false\n", encoding="utf-8")
    assert not load_config(config_file).collect.on(declared.name)
    seen = _captured(monkeypatch)
    base = ["collect", "-o", str(tmp_path / "s.json"), "--all-subscriptions", "-q"]
    assert main([*base, "-c", str(config_file)]) == 0
    assert main([*base, "-c", str(config_file), declared.flag]) == 0
    assert [o.on(declared.name) for o in seen] == [False, True]


def test_an_undeclared_collect_key_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config_file = tmp_path / "assess.toml"
    config_file.write_text("[collect]\nnot_a_source = false\n", encoding="utf-8")
    assert main(["permissions", "-c", str(config_file)]) == 2
    assert "not_a_source" in capsys.readouterr().err


def _role(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["permissions", "--role-json", *args]) == 0
    role: dict[str, Any] = json.loads(capsys.readouterr().out)
    return role


@pytest.mark.parametrize("declared", SWITCHES, ids=IDS)
def test_role_json_holds_exactly_the_actions_of_the_sources_switched_on(
    declared: Source, capsys: pytest.CaptureFixture[str]
) -> None:
    with_it = _role(capsys, declared.flag)
    without = _role(capsys, f"--no-{declared.flag.removeprefix('--')}")
    others = [s for s in sources.enabled({}) if s is not declared]
    # Microsoft Graph permissions are granted in Microsoft Entra ID, never by an Azure role.
    for key, data in (("Actions", False), ("DataActions", True)):
        still_needed = {
            r.action for s in others for r in s.reads if r.data_action is data and not r.entra
        }
        own = {r.action for r in declared.reads if r.data_action is data and not r.entra}
        own -= still_needed
        assert set(with_it[key]) - set(without[key]) == own
        assert set(without[key]) == still_needed
    shared = {r.action for s in others for r in s.reads}
    # Sources whose reads need an action a default source already needs: shared_key_access re-reads
    # the type the storage source lists; app_service_references reads site config, as the web-apps
    # source does for deployment slots' slotConfigNames.
    if declared.name not in ("shared_key_access", "app_service_references"):
        assert {r.action for r in declared.reads} - shared, (
            f"{declared.name} declares no action of its own"
        )


@pytest.mark.parametrize("declared", SWITCHES, ids=IDS)
def test_permissions_table_lists_each_call_of_a_source_switched_on(
    declared: Source, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    assert main(["permissions", declared.flag]) == 0
    table = capsys.readouterr().out
    for read in declared.reads:
        assert read.action in table
    assert main(["permissions", f"--no-{declared.flag.removeprefix('--')}"]) == 0
    assert declared.title not in capsys.readouterr().out


@pytest.mark.parametrize(
    "declared", [s for s in SWITCHES if s.records], ids=[s.name for s in SWITCHES if s.records]
)
def test_a_source_switched_off_leaves_exactly_its_readers_unknown(declared: Source) -> None:
    collected = [k for k in EVIDENCE_KINDS if k not in declared.records]
    registry = load_registry(builtins_only=True)
    results = evaluate(make_snapshot(collected=collected), registry, _config(), AS_OF)
    readers = {m.id for m in registry.metas if set(m.requires) & set(declared.records)}
    assert readers, f"no check reads {declared.name}"
    for finding in results.findings:
        if finding.check_id in readers:
            assert finding.status.value == "unknown"
            assert f"gathered with {declared.flag}" in finding.reason
        else:
            assert f"gathered with {declared.flag}" not in finding.reason


def _config() -> Any:
    from assess.config import Config

    return Config()


def test_the_permissions_page_is_generated_from_the_declarations() -> None:
    page = ROOT / "docs" / "permissions.md"
    assert page.read_text(encoding="utf-8") == sources.permissions_markdown(), (
        "docs/permissions.md is stale: run `python -m assess.sources > docs/permissions.md`"
    )
