"""``--format fixes``: a reviewed-before-run shell script of the filled-in az commands."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from results_factory import finding, make_results, sample_catalog

from assess.model import Status
from assess.reporters import FORMATS, RenderOptions, parse_formats
from assess.reporters import fixes as fixes_report

HOSTILE = "kv-x; rm -rf ~ $(touch pwned) `id` 'q' \"dq\"\nrm -rf /"


def script_for(*names: str, status: Status = Status.FAIL) -> str:
    meta = next(m for m in sample_catalog() if "purged" in m.title)
    results = make_results([meta], [finding(meta, status, n) for n in names])
    return fixes_report.render(results, RenderOptions())


def test_registered_as_a_text_format() -> None:
    assert parse_formats("fixes") == ["fixes"] and FORMATS["fixes"].extension == "sh"


def test_one_filled_command_per_failing_resource_behind_a_review_guard() -> None:
    script = script_for("kv-a", "kv-b")
    commands = [line for line in script.splitlines() if line.startswith("az ")]
    assert len(commands) == 2
    assert all("<resource-id>" not in c for c in commands)
    assert "REVIEWED=no" in script and 'if [ "$REVIEWED" != yes ]' in script
    assert script.index("exit 1") < script.index(commands[0])


def test_a_hostile_name_is_one_word_and_cannot_leave_a_comment() -> None:
    script = script_for(HOSTILE)
    # every line outside the quoted command is a comment or the guard we wrote
    body = script.split("fi\n", 1)[1]
    words = shlex.split(body, comments=True)
    ids = words[words.index("--ids") + 1]
    assert ids.endswith(HOSTILE)
    assert "rm" not in words and "id" not in words  # no word of the name became a command
    comments = [line for line in body.splitlines() if line.startswith("#") and "kv-x" in line]
    assert len(comments) == 2 and all(
        c.endswith("rm -rf /") or "rm -rf / in" in c for c in comments
    )


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_reads_it_and_it_refuses_to_run_unreviewed(tmp_path: Path) -> None:
    path = tmp_path / "fix.sh"
    path.write_text(script_for(HOSTILE, "kv-b"))
    assert subprocess.run(["bash", "-n", str(path)], check=False).returncode == 0
    ran = subprocess.run(
        ["bash", str(path)], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert ran.returncode == 1 and "REVIEWED=yes" in ran.stderr
    assert not (tmp_path / "pwned").exists()


def test_nothing_failing_says_so() -> None:
    script = script_for("kv-a", status=Status.PASS)
    assert "Nothing to fix" in script
    assert not [line for line in script.splitlines() if line.startswith("az ")]
