"""Small things a new user meets: --version, demo --format, a config key typo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assess import __version__
from assess.cli import main
from assess.config import load_config
from assess.errors import InputError

ROOT = Path(__file__).resolve().parents[1]


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"waf-assess {__version__} (catalog sha256:")


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        (
            "[thresholds]\nmax_secret_age_dayz = 30\n",
            "did you mean thresholds.max_secret_age_days?",
        ),
        ("[thresholdz]\nnear_expiry_days = 10\n", "did you mean thresholds?"),
        ("[gate]\nmin_scor = 70\n", "did you mean gate.min_score?"),
    ],
)
def test_a_config_typo_gets_did_you_mean(tmp_path: Path, text: str, hint: str) -> None:
    path = tmp_path / "assess.toml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_config(path)
    assert str(caught.value).endswith(f"({hint})")


def test_an_unrelated_key_gets_no_guess(tmp_path: Path) -> None:
    path = tmp_path / "assess.toml"
    path.write_text("[collect]\nbananas = 1\n")
    with pytest.raises(InputError) as caught:
        load_config(path)
    assert "did you mean" not in str(caught.value)


@pytest.mark.slow
def test_demo_writes_the_formats_asked_for(tmp_path: Path) -> None:
    if not (ROOT / "cassettes" / "demo-contoso.yaml").is_file():
        pytest.skip("the demo cassette cassettes/demo-contoso.yaml is not in this checkout")
    assert main(["demo", "--format", "json,fixes", "-o", str(tmp_path / "out"), "-q"]) == 0
    results = json.loads((tmp_path / "out" / "report.json").read_text())
    assert results["scores"]["overall"] is not None
    assert (tmp_path / "out" / "report.sh").read_text().startswith("#!/usr/bin/env bash")
    assert main(["demo", "--format", "nope", "-q"]) == 2
