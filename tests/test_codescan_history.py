"""--git-history: every reachable blob once, each finding with the commit that introduced it."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from codescan_helpers import CANARY, CANARY_LINE, PASSWORD_LINE, git, init_repo, scan

from assess.codescan.githistory import history_blobs


def _commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def test_history_reports_first_introducing_commit_and_removed_secrets(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    init_repo(repo)
    (repo / "README.md").write_text("hello\n")
    first = _commit(repo, "start")
    (repo / "config.py").write_text("# settings\n" + CANARY_LINE)
    introduced = _commit(repo, "add config")
    (repo / "config.py").write_text("# settings, edited\n" + CANARY_LINE + "debug = True\n")
    _commit(repo, "edit config, key still there")
    (repo / "config.py").write_text("# settings\nkey = os.environ['KEY']\n")
    _commit(repo, "remove the key")
    git(repo, "checkout", "-q", "-b", "feature", first)
    (repo / "old.ini").write_text(PASSWORD_LINE)
    on_branch = _commit(repo, "password on a side branch")
    git(repo, "checkout", "-q", "main")

    working_tree = scan(repo)
    assert working_tree.findings == ()

    result = scan(repo, git_history=True)
    found = [(f.rule_id, f.path, f.line, f.commit) for f in result.findings]
    assert found == [
        ("aws-access-key-id", "config.py", 2, introduced),
        ("generic-secret-assignment", "old.ini", 1, on_branch),
    ]
    # README, three versions of config.py, old.ini: five distinct blobs, each read once.
    assert result.blobs_scanned == 5
    assert CANARY not in json.dumps(asdict(result))


def test_history_deduplicates_blobs_by_id(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    init_repo(repo)
    (repo / "a.txt").write_text(CANARY_LINE)
    (repo / "b.txt").write_text(CANARY_LINE)  # same content: same blob id
    _commit(repo, "one")
    for number in range(3):
        (repo / "counter.txt").write_text(str(number))
        _commit(repo, f"bump {number}")
    blobs = history_blobs(repo)
    assert len(blobs) == 1 + 3
    assert len({blob.oid for blob in blobs}) == len(blobs)


def test_history_of_a_subfolder_and_archives_in_history(tmp_path: Path) -> None:
    from codescan_helpers import zip_bytes

    repo = tmp_path / "repo"
    init_repo(repo)
    (repo / "svc").mkdir()
    (repo / "svc" / "app.jar").write_bytes(zip_bytes({"app.properties": CANARY_LINE.encode()}))
    (repo / "other.py").write_text(CANARY_LINE)
    commit = _commit(repo, "artifacts")
    (repo / "svc" / "app.jar").unlink()
    _commit(repo, "drop jar")
    result = scan(repo / "svc", git_history=True)
    assert [(f.path, f.commit) for f in result.findings] == [("app.jar!app.properties", commit)]


def test_history_outside_a_repository_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(CANARY_LINE)
    result = scan(tmp_path, git_history=True)
    assert [f.path for f in result.findings] == ["a.py"]
    assert any("not in a git repository" in line for line in result.errors)


def test_history_of_a_single_file(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    init_repo(repo)
    (repo / "a.py").write_text(CANARY_LINE)
    (repo / "b.py").write_text(CANARY_LINE + "# other\n")
    commit = _commit(repo, "both")
    (repo / "a.py").write_text("clean = True\n")
    _commit(repo, "clean a")
    result = scan(repo / "a.py", git_history=True)
    assert [(f.path, f.commit) for f in result.findings] == [("a.py", commit)]


def test_a_renamed_file_is_reported_at_the_path_its_commit_had(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    init_repo(repo)
    (repo / "config_old.py").write_text(CANARY_LINE)
    introduced = _commit(repo, "add the key")
    git(repo, "mv", "config_old.py", "settings.py")
    _commit(repo, "rename")
    (repo / "settings.py").unlink()
    _commit(repo, "remove")
    result = scan(repo, git_history=True)
    found = [(f.path, f.commit) for f in result.findings]
    assert found == [("config_old.py", introduced)]
    # The location can be opened as reported: the file exists at that path in that commit.
    assert CANARY in git(repo, "show", f"{introduced}:config_old.py")


def test_a_shallow_clone_says_its_history_is_incomplete(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    init_repo(origin)
    (origin / "config.py").write_text(CANARY_LINE)
    _commit(origin, "add the key")
    (origin / "config.py").write_text("key = None\n")
    _commit(origin, "remove it")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    result = scan(clone, git_history=True)
    assert result.findings == ()  # the key is in a commit the clone does not have
    assert any("shallow clone" in e for e in result.errors)
    # So the repository is not shown clean: its item-4 finding is unknown.
    from snapshot_factory import run_checks

    from assess.codescan.fold import fold_into_snapshot
    from assess.snapshot import Snapshot

    (finding,) = run_checks(fold_into_snapshot(Snapshot(), result), "SE09-4.1").findings
    assert finding.status.value == "unknown"


def test_a_bare_mirror_clone_is_scanned_through_its_history(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    init_repo(origin)
    (origin / "config.py").write_text(CANARY_LINE)
    introduced = _commit(origin, "add the key")
    mirror = tmp_path / "mirror.git"
    git(tmp_path, "clone", "-q", "--mirror", str(origin), str(mirror))
    result = scan(mirror, git_history=True)
    assert [(f.path, f.commit) for f in result.findings] == [("config.py", introduced)]
    assert not any("not in a git repository" in e for e in result.errors)
