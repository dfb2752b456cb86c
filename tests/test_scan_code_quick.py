"""``assess scan-code`` reads a plain command line without Typer, and means by it what Typer means.

The quick reader exists for start-up (a pre-commit hook pays it per commit); anything it does not
read plainly goes to the Typer command, so help and mistakes look as they always did.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.commands import scan_code as typer_command
from assess.commands import scan_code_run
from assess.commands.scan_code_run import ScanCodeArgs, quick_parse
from assess.entry import main

PLAIN = [
    ["src"],
    ["src", "dist/app.whl", "--no-gitignore"],
    ["--git-history", "repo", "-f", "json,sarif", "-o", "out"],
    ["repo", "-fjson", "-oreport.json", "-q"],
    ["repo", "--format=sarif", "--output=scan.sarif", "--quiet", "--debug"],
    ["repo", "--import-findings", "gl.json", "--import-findings=th.json", "--allowlist", "a.toml"],
    ["repo", "--engine", "re", "--workers", "3", "--fail-on-findings", "--ci", "github"],
    ["repo", "-f", "json", "-f", "sarif"],  # the last one given wins
    ["--", "-odd-name", "repo"],
    ["repo", "--workers=12", "--ci=none"],
]

NOT_PLAIN = [
    [],  # no path
    ["--help"],
    ["repo", "--help"],
    ["repo", "-h"],
    ["repo", "-qf", "json"],  # a cluster of short options
    ["repo", "--workers", "0"],
    ["repo", "--workers", "two"],
    ["repo", "--format"],  # a value missing at the end
    ["repo", "--output", "--quiet"],  # an option where a value belongs
    ["repo", "--quiet=yes"],
    ["repo", "--no-such-option"],
    ["repo", "--form", "json"],  # Click matches no prefixes
    ["repo", "-f="],
    [""],
    ["-"],
]


def _typer_reading(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> ScanCodeArgs:
    seen: list[ScanCodeArgs] = []

    def record(args: ScanCodeArgs) -> int:
        seen.append(args)
        return 0

    monkeypatch.setattr(typer_command, "run", record)
    typer_command.app(args=argv, prog_name="assess scan-code", standalone_mode=False)
    assert len(seen) == 1
    return seen[0]


@pytest.mark.parametrize("argv", PLAIN, ids=" ".join)
def test_a_plain_command_line_means_what_typer_reads(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = quick_parse(argv)
    assert quick is not None
    assert quick == _typer_reading(argv, monkeypatch)


@pytest.mark.parametrize("argv", NOT_PLAIN, ids=lambda a: " ".join(a) or "(nothing)")
def test_anything_else_is_left_to_typer(argv: list[str]) -> None:
    assert quick_parse(argv) is None


def test_the_quick_reader_knows_every_option_of_the_command_and_no_other() -> None:
    import typer

    command = typer.main.get_command(typer_command.app)
    spellings: dict[str, bool] = {}
    for param in command.params:
        for name in (*param.opts, *param.secondary_opts):
            if name.startswith("-") and name != "--help":
                spellings[name] = bool(getattr(param, "is_flag", False))
    quick = {name: True for name in scan_code_run.FLAGS} | {
        name: False for name in scan_code_run.VALUES
    }
    assert quick == spellings


def test_help_and_mistakes_still_come_from_typer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan-code", "--help"]) == 0
    assert "--fail-on-findings" in capsys.readouterr().out
    assert main(["scan-code", str(tmp_path), "--workers", "0"]) == 2
    assert "--workers" in capsys.readouterr().err


def test_the_gate_exit_code_is_the_same_on_both_paths(tmp_path: Path) -> None:
    (tmp_path / "app.env").write_text("DB_PASSWORD=Xq7#pL2v!Rm9sT4w\n")
    args = [str(tmp_path), "--fail-on-findings", "-q", "--ci", "none"]
    assert quick_parse(args) is not None
    assert main(["scan-code", *args]) == 1
    # The same request through Typer (a cluster of short options, which the quick reader leaves).
    clustered = [str(tmp_path), "--fail-on-findings", "--ci", "none", "-qftable"]
    assert quick_parse(clustered) is None
    assert main(["scan-code", *clustered]) == 1
