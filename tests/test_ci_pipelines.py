"""The ready-made pipeline pieces: each valid against its published schema, none holding a secret,
and the pre-commit hook stopping a commit that adds a fake credential."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from codescan_helpers import CANARY_LINE

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

PIECES = [
    ("vendor.github-actions", "action.yml"),
    ("vendor.github-workflows", "docs/ci/github-actions.yml"),
    ("vendor.github-workflows", "docs/ci/github-actions-sharded.yml"),
    ("vendor.azure-pipelines", "docs/ci/azure-pipelines.yml"),
    ("vendor.gitlab-ci", "docs/ci/gitlab-ci.yml"),
]


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (it is in the dev extra: pip install -e '.[dev]')")
    return found


@pytest.mark.parametrize(("schema", "path"), PIECES)
def test_each_piece_is_valid_against_its_published_schema(schema: str, path: str) -> None:
    # The Azure Pipelines schema's patterns are not valid Unicode-mode ECMAScript regexes.
    variant = ["--regex-variant", "nonunicode"] if schema == "vendor.azure-pipelines" else []
    run = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", schema, *variant, str(ROOT / path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_schemas_do_catch_a_broken_piece(tmp_path: Path) -> None:
    """The validation above means something: a misspelt key fails it."""
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    action["runs"]["stepz"] = action["runs"].pop("steps")
    broken = tmp_path / "action.yml"
    broken.write_text(yaml.safe_dump(action))
    run = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-actions", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1


def _pieces_text() -> dict[str, str]:
    paths = [ROOT / p for _, p in PIECES] + [ROOT / ".pre-commit-hooks.yaml"]
    paths += sorted((ROOT / "docs" / "ci").glob("*.md"))
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in paths}


def test_no_piece_holds_a_secret_or_asks_for_one() -> None:
    for name, text in _pieces_text().items():
        lowered = text.lower()
        for needle in ("client-secret", "client_secret", "clientsecret", "password:", "creds:"):
            assert needle not in lowered, f"{name} mentions {needle}"


def test_the_scanner_finds_no_credential_in_the_pieces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from assess.cli import main

    folder = tmp_path / "pieces"
    for name, text in _pieces_text().items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    code = main(["scan-code", str(folder), "--fail-on-findings", "--ci", "none", "-q"])
    assert code == 0, capsys.readouterr().out


def test_every_sign_in_is_federated_or_managed_identity() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    login = next(
        s for s in action["runs"]["steps"] if str(s.get("uses", "")).startswith("azure/login")
    )
    assert set(login["with"]) == {"client-id", "tenant-id", "subscription-id"}
    workflow = yaml.safe_load((ROOT / "docs/ci/github-actions.yml").read_text())
    assert workflow["jobs"]["assess-estate"]["permissions"]["id-token"] == "write"
    gitlab = yaml.safe_load((ROOT / "docs/ci/gitlab-ci.yml").read_text())
    assert (
        gitlab[".waf-assess"]["id_tokens"]["AZURE_ID_TOKEN"]["aud"] == "api://AzureADTokenExchange"
    )
    pipeline = yaml.safe_load((ROOT / "docs/ci/azure-pipelines.yml").read_text())
    cli_task = next(s for s in pipeline["steps"] if s.get("task") == "AzureCLI@2")
    assert cli_task["inputs"]["azureSubscription"] == "$(serviceConnection)"


def test_the_sharded_workflow_collects_every_slice_and_merges_them_all() -> None:
    workflow = yaml.safe_load((ROOT / "docs/ci/github-actions-sharded.yml").read_text())
    collect, report = workflow["jobs"]["collect"], workflow["jobs"]["report"]
    shards = collect["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, len(shards) + 1))
    command = next(s["run"] for s in collect["steps"] if "assess collect" in s.get("run", ""))
    assert f"--shard ${{{{ matrix.shard }}}}/{len(shards)}" in command
    assert report["needs"] == "collect"
    assert any("assess merge shards/shard-*.json" in s.get("run", "") for s in report["steps"])


# ---- the pre-commit hook -------------------------------------------------------------------------
def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _hook_repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A git repository whose pre-commit config runs the hook exactly as the manifest declares it
    (entry, file passing, stages), with the installed `assess` in place of pre-commit's own
    virtualenv, so the test needs no network."""
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = dict(manifest[0])
    hook["language"] = "system"
    hook.pop("minimum_pre_commit_version", None)
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "dev@example.invalid")
    _git(repo, "config", "user.name", "dev")
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]})
    )
    (repo / "app.py").write_text("print('hello')\n")
    _git(repo, "add", ".")
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GITHUB_ACTIONS": "",
        "TF_BUILD": "",
    }
    return repo, env


def _pre_commit(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool("pre-commit"), "run"], cwd=repo, env=env, capture_output=True, text=True, check=False
    )


def test_the_manifest_is_valid_for_pre_commit() -> None:
    run = subprocess.run(
        [tool("pre-commit"), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_hook_passes_clean_staged_files(tmp_path: Path) -> None:
    repo, env = _hook_repo(tmp_path)
    run = _pre_commit(repo, env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout


def test_the_hook_stops_a_staged_fake_credential(tmp_path: Path) -> None:
    repo, env = _hook_repo(tmp_path)
    (repo / "settings.py").write_text("region = 'eu'\n" + CANARY_LINE)
    (repo / "unstaged.py").write_text(CANARY_LINE)  # not staged: not this commit's business
    _git(repo, "add", "settings.py")
    run = _pre_commit(repo, env)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Failed" in run.stdout
    assert "settings.py" in run.stdout and "unstaged.py" not in run.stdout
    secret = CANARY_LINE.split('"')[1]
    assert secret not in run.stdout + run.stderr
