"""Property-based fuzzing of every input the tool reads: no crash but the documented input error.

Targets: the snapshot, results, config (with waivers) and cassette loaders; collection over a
recorded tenant whose answers are mutated at random; the app-setting classifier; the Key Vault
reference parser; the code scanner over hostile trees (zip slip names, nested and highly
compressed archives, symlink loops, invalid encodings). Example counts are small so the file runs
in seconds per target in CI; ``WAF_ASSESS_FUZZ_EXAMPLES=4000`` runs a hundred times more.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cli import snapshot_file as snapshot_file  # the fixture

from assess.cli import main
from assess.collectors.web import Classifier, key_vault_reference, reference_vault
from assess.config import load_config
from assess.errors import AssessError
from assess.redact import Fingerprinter
from assess.results import load_results
from assess.snapshot import load_snapshot

FUZZ = settings(
    settings.default,  # the suite's profile: in CI a fixed, replayable sequence
    max_examples=int(os.environ.get("WAF_ASSESS_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
ROOT = Path(__file__).resolve().parents[1]


def _mutate(document: Any, choice: list[int], value: Any) -> Any:
    """``document`` with the node picked by ``choice`` (indices into each level) replaced."""
    if not choice or not isinstance(document, dict | list) or not document:
        return value
    keys = list(document) if isinstance(document, dict) else list(range(len(document)))
    key = keys[choice[0] % len(keys)]
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[key] = _mutate(document[key], choice[1:], value)  # type: ignore[index]
    return copy


def _loads_or_input_error(load: Any, path: Path) -> None:
    error: AssessError | None = None
    try:
        load(path)
    except AssessError as exc:
        error = exc
    if error is not None:
        assert error.exit_code == 2
        assert "\n" not in str(error)


# ---- loaders ----------------------------------------------------------------------------------
@FUZZ
@given(choice=st.lists(st.integers(0, 50), max_size=6), value=JSON)
def test_snapshot_loader(
    snapshot_file: Path, tmp_path: Path, choice: list[int], value: Any
) -> None:
    document = json.loads(snapshot_file.read_text())
    target = tmp_path / "fuzzed-snapshot.json"
    target.write_text(json.dumps(_mutate(document, choice, value)))
    _loads_or_input_error(load_snapshot, target)


@FUZZ
@given(data=st.binary(max_size=200))
def test_snapshot_loader_on_any_bytes(tmp_path: Path, data: bytes) -> None:
    target = tmp_path / "bytes.json"
    target.write_bytes(data)
    _loads_or_input_error(load_snapshot, target)


@pytest.fixture(scope="module")
def results_document(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("results")
    snapshot = folder / "snap.json"
    assert (
        main(
            [
                "collect",
                "--replay",
                str(ROOT / "cassettes/demo-contoso.yaml"),
                "--all-subscriptions",
                "-q",
                "-o",
                str(snapshot),
            ]
        )
        == 0
    )
    out = folder / "results.json"
    assert (
        main(
            ["evaluate", str(snapshot), "--as-of", "2026-11-01", "-f", "json", "-o", str(out), "-q"]
        )
        == 0
    )
    return json.loads(out.read_text())


@FUZZ
@given(choice=st.lists(st.integers(0, 500), max_size=6), value=JSON)
def test_results_loader_and_report(
    results_document: Any, tmp_path: Path, choice: list[int], value: Any
) -> None:
    target = tmp_path / "fuzzed-results.json"
    target.write_text(json.dumps(_mutate(results_document, choice, value)))
    _loads_or_input_error(load_results, target)


TOML_VALUE = st.one_of(
    st.integers(-5, 500).map(str),
    st.text(max_size=12).map(json.dumps),
    st.sampled_from(["true", "false", "[]", '["SE09-5"]', '"2027-01-01"', '"*"', "1e999", '"[a-"']),
)


@FUZZ
@given(
    section=st.sampled_from(
        ["thresholds", "environments", "checks", "gate", "cloud", "collect", "report", "[waivers]"]
    ),
    key=st.sampled_from(
        [
            "min_score",
            "fail_on",
            "name",
            "arm_endpoint",
            "max_workers",
            "timeout_seconds",
            "check",
            "resource",
            "reason",
            "owner",
            "expires",
            "select",
            "production",
            "name_patterns",
            "bogus",
        ]
    ),
    value=TOML_VALUE,
)
def test_config_and_waiver_loader(tmp_path: Path, section: str, key: str, value: str) -> None:
    target = tmp_path / "assess.toml"
    target.write_text(f"[{section}]\n{key} = {value}\n")
    _loads_or_input_error(load_config, target)


@FUZZ
@given(text=st.text(max_size=300))
def test_config_loader_on_any_text(tmp_path: Path, text: str) -> None:
    target = tmp_path / "assess.toml"
    target.write_text(text, encoding="utf-8", errors="surrogatepass")
    _loads_or_input_error(load_config, target)


# ---- cassettes and collection ------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_cassette() -> Any:
    return yaml.safe_load((ROOT / "tests/cassettes_unit/tenant-gaps.yaml").read_text())


@FUZZ
@given(
    index=st.integers(0, 200),
    body=JSON,
    status=st.sampled_from([200, 200, 200, 400, 403, 404, 429, 500]),
)
def test_collection_over_mutated_answers(
    small_cassette: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    index: int,
    body: Any,
    status: int,
) -> None:
    interactions = small_cassette["interactions"]
    entry = interactions[index % len(interactions)]
    mutated = json.loads(json.dumps(small_cassette))
    target_entry = mutated["interactions"][index % len(interactions)]
    target_entry["response"]["body"]["string"] = json.dumps(body)
    target_entry["response"]["status"]["code"] = status
    assert entry is not target_entry
    cassette = tmp_path / "fuzzed.yaml"
    cassette.write_text(yaml.safe_dump(mutated))
    _collect_replay_survives(cassette, tmp_path, capsys)


@FUZZ
@given(text=st.text(max_size=400))
def test_cassette_loader_on_any_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    cassette = tmp_path / "any.yaml"
    cassette.write_text(text, encoding="utf-8", errors="surrogatepass")
    _collect_replay_survives(cassette, tmp_path, capsys)


def _collect_replay_survives(
    cassette: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``assess collect --replay`` ends with a documented exit code, never an internal error."""
    code = main(
        [
            "collect",
            "--replay",
            str(cassette),
            "--all-subscriptions",
            "-q",
            "-o",
            str(tmp_path / "s.json"),
        ]
    )
    err = capsys.readouterr().err
    assert code in (0, 2, 4), err
    assert "internal error" not in err and "Traceback" not in err


# ---- classifiers and parsers ------------------------------------------------------------------
CLASSIFIER = Classifier(Fingerprinter(b"k" * 32))


@FUZZ
@given(name=st.text(max_size=40), value=st.text(max_size=200))
def test_app_setting_classifier(name: str, value: str) -> None:
    found = CLASSIFIER.found(name, value, "app_setting")
    if found is not None and len(value) >= 12:
        assert value not in found.model_dump_json()  # only name, rules, preview, fingerprint


REFERENCE = st.builds(
    lambda head, body: f"@Microsoft.KeyVault({head}{body})",
    st.sampled_from(["SecretUri=", "VaultName=", "secreturi=", "", "SecretUri=https://"]),
    st.text(max_size=80),
)


@FUZZ
@given(value=REFERENCE | st.text(max_size=120))
def test_key_vault_reference_parser(value: str) -> None:
    versionless = key_vault_reference(value)
    vault = reference_vault(value)
    assert versionless in (True, False, None)
    assert vault is None or (vault == vault.lower() and vault.strip() == vault)


# ---- the code scanner's walkers ------------------------------------------------------------------
MEMBER = st.lists(
    st.sampled_from(["a", "b", ".", "/", "\\", ":", "..", "../", "\u202e", "\x00", "é"]),
    min_size=1,
    max_size=10,
).map("".join)


@pytest.mark.filterwarnings("ignore:Duplicate name")  # hostile archives repeat names
@FUZZ
@given(
    members=st.lists(st.tuples(MEMBER, st.binary(max_size=64)), min_size=1, max_size=4),
    nest=st.integers(0, 3),
)
def test_scan_code_over_hostile_archives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], members: list[tuple[str, bytes]], nest: int
) -> None:
    tree = tmp_path / "tree"
    tree.mkdir(exist_ok=True)
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo("member")
            info.filename = name  # as stored, NUL and all (the constructor would cut it)
            archive.writestr(info, data)
    for level in range(nest):  # archives inside archives
        outer = tmp_path / f"outer{level}.zip"
        with zipfile.ZipFile(outer, "w") as archive:
            archive.write(inner, f"level{level}.zip")
        inner = outer
    inner.replace(tree / "build.zip")
    (tree / "bomb.zip").unlink(missing_ok=True)
    with zipfile.ZipFile(tree / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"\0" * 2_000_000)  # ratio ~1000:1
    loop = tree / "loop"
    if not loop.is_symlink():
        loop.symlink_to(tree, target_is_directory=True)
    (tree / "latin1.cfg").write_bytes(b"password=\xe9\xe9\xe9\xff\xfe secret")
    code = main(["scan-code", str(tree), "-f", "json", "-q"])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert "internal error" not in err
    json.loads(out)
    for name, _ in members:  # nothing is written outside the scanned tree
        assert not (tmp_path.parent / name.split("/")[-1]).exists() or name.split("/")[-1] in (
            "",
            ".",
            "..",
        )
