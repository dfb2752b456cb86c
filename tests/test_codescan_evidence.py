"""Scanner-in-place evidence, and other scanners' reports imported as fingerprints only."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from codescan_helpers import CANARY, CANARY_LINE, PASSWORD, assert_no_canary, scan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.codescan.evidence import scanner_evidence
from assess.codescan.imports import import_findings
from assess.errors import InputError


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _seen(root: Path) -> list[tuple[str, str, str, bool]]:
    return [(e.tool, e.kind, e.path, e.blocking) for e in scanner_evidence(root)]


def test_pre_commit_hooks(tmp_path: Path) -> None:
    _write(
        tmp_path,
        ".pre-commit-config.yaml",
        """
repos:
  - repo: https://github.com/gitleaks/gitleaks
    rev: v8.21.2
    hooks:
      - id: gitleaks
  - repo: https://github.com/pre-commit/pre-commit-hooks
    rev: v5.0.0
    hooks:
      - id: detect-private-key
      - id: trailing-whitespace
  - repo: https://github.com/Yelp/detect-secrets
    rev: v1.5.0
    hooks:
      - id: detect-secrets
        stages: [manual]
""",
    )
    assert _seen(tmp_path) == [
        ("detect-private-key", "pre-commit", ".pre-commit-config.yaml", False),
        ("detect-secrets", "pre-commit", ".pre-commit-config.yaml", False),
        ("gitleaks", "pre-commit", ".pre-commit-config.yaml", True),
    ]


def test_github_actions_triggers_decide_blocking(tmp_path: Path) -> None:
    _write(
        tmp_path,
        ".github/workflows/secrets.yml",
        """
on:
  pull_request:
  push:
    branches: [main]
jobs:
  scan:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: trufflesecurity/trufflehog@main
""",
    )
    _write(
        tmp_path,
        ".github/workflows/nightly.yaml",
        """
on:
  schedule: [{cron: "0 3 * * *"}]
jobs:
  scan:
    runs-on: ubuntu-latest
    steps:
      - run: gitleaks detect --redact
""",
    )
    _write(
        tmp_path,
        ".github/workflows/build.yml",
        """
# TODO: add gitleaks here
on: [push]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
""",
    )
    assert _seen(tmp_path) == [
        ("gitleaks", "ci", ".github/workflows/nightly.yaml", False),
        ("trufflehog", "ci", ".github/workflows/secrets.yml", True),
    ]


def test_azure_pipelines_gitlab_and_push_protection(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "azure-pipelines.yml",
        """
trigger: [main]
steps:
  - script: docker run zricethezav/gitleaks:latest detect --source . --redact
""",
    )
    _write(
        tmp_path,
        ".gitlab-ci.yml",
        """
include:
  - template: Jobs/Secret-Detection.gitlab-ci.yml
""",
    )
    _write(
        tmp_path,
        ".github/settings.yml",
        """
repository:
  security_and_analysis:
    secret_scanning:
      status: enabled
    secret_scanning_push_protection:
      status: enabled
""",
    )
    assert _seen(tmp_path) == [
        ("gitlab-secret-detection", "ci", ".gitlab-ci.yml", True),
        ("gitleaks", "ci", "azure-pipelines.yml", True),
        ("github-secret-scanning", "push-protection", ".github/settings.yml", True),
    ]


def test_no_scanner_means_no_evidence(tmp_path: Path) -> None:
    _write(
        tmp_path, ".github/workflows/ci.yml", "on: [push]\njobs: {t: {steps: [{run: pytest}]}}\n"
    )
    _write(tmp_path, ".pre-commit-config.yaml", "repos: [{repo: local, hooks: [{id: ruff}]}]\n")
    assert _seen(tmp_path) == []
    assert scan(tmp_path).scanner_evidence == ()


# ---- imports ------------------------------------------------------------------------------------
def _gitleaks(path: Path) -> None:
    path.write_text(
        json.dumps(
            [
                {
                    "RuleID": "aws-access-token",
                    "Description": "AWS key",
                    "File": "app/config.py",
                    "StartLine": 3,
                    "StartColumn": 8,
                    "Secret": CANARY,
                    "Match": f"key = {CANARY}",
                    "Commit": "0" * 40,
                    "Fingerprint": f"0000:app/config.py:aws-access-token:3:{CANARY}",
                }
            ]
        )
    )


def test_gitleaks_report_fingerprint_matches_own_finding(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "config.py").write_text(CANARY_LINE)
    report = tmp_path / "gitleaks.json"
    _gitleaks(report)
    result = scan(tmp_path / "src", import_findings=(report,))
    assert len(result.imported) == 1
    imported = result.imported[0]
    assert (imported.source, imported.rule_id, imported.path, imported.line) == (
        "gitleaks",
        "aws-access-token",
        "app/config.py",
        3,
    )
    assert imported.fingerprint == result.findings[0].fingerprint
    assert [(r.tool, r.findings) for r in result.imported_reports] == [("gitleaks", 1)]
    assert_no_canary([json.dumps(asdict(result))])


def test_trufflehog_detect_secrets_and_sarif(tmp_path: Path) -> None:
    truffle = tmp_path / "th.json"
    truffle.write_text(
        "\n".join(
            json.dumps(
                {
                    "DetectorName": name,
                    "Verified": verified,
                    "Raw": value,
                    "SourceMetadata": {
                        "Data": {"Git": {"file": "x.env", "line": 2, "commit": "ab"}}
                    },
                }
            )
            for name, verified, value in (("AWS", True, CANARY), ("Generic", False, PASSWORD))
        )
    )
    tool, found = import_findings(truffle, key=b"k" * 32)
    assert tool == "trufflehog"
    assert [(f.rule_id, str(f.severity), f.path, f.line, f.commit) for f in found] == [
        ("AWS", "critical", "x.env", 2, "ab"),
        ("Generic", "high", "x.env", 2, "ab"),
    ]

    baseline = tmp_path / ".secrets.baseline"
    baseline.write_text(
        json.dumps(
            {
                "version": "1.5.0",
                "results": {
                    "app.py": [
                        {
                            "type": "Secret Keyword",
                            "filename": "app.py",
                            "hashed_secret": "ab" * 20,
                            "line_number": 4,
                        }
                    ]
                },
            }
        )
    )
    tool, found = import_findings(baseline, key=b"k" * 32)
    assert tool == "detect-secrets"
    assert [(f.rule_id, f.path, f.line, f.preview) for f in found] == [
        ("Secret Keyword", "app.py", 4, "")
    ]
    assert "ab" * 20 not in json.dumps(asdict(found[0]))

    sarif = tmp_path / "scan.sarif"
    sarif.write_text(
        json.dumps(
            {
                "version": "2.1.0",
                "runs": [
                    {
                        "tool": {"driver": {"name": "Gitleaks"}},
                        "results": [
                            {
                                "ruleId": "generic-api-key",
                                "level": "error",
                                "message": {"text": f"found {CANARY}"},
                                "locations": [
                                    {
                                        "physicalLocation": {
                                            "artifactLocation": {"uri": "src/a.py"},
                                            "region": {
                                                "startLine": 9,
                                                "startColumn": 2,
                                                "snippet": {"text": CANARY},
                                            },
                                        }
                                    }
                                ],
                            }
                        ],
                    }
                ],
            }
        )
    )
    tool, found = import_findings(sarif, key=b"k" * 32)
    assert tool == "sarif"
    assert [(f.source, f.rule_id, f.path, f.line, str(f.severity)) for f in found] == [
        ("gitleaks", "generic-api-key", "src/a.py", 9, "high")
    ]
    assert_no_canary([json.dumps(asdict(f)) for f in found])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json\nat all", "is not JSON"),
        ('{"something": 1}', "not a gitleaks, trufflehog, detect-secrets or SARIF report"),
        ('[{"RuleID": "x", "StartLine": {"a": 1}, "Secret": []}]', "malformed gitleaks report"),
    ],
)
def test_malformed_imports_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "report.json"
    path.write_text(text)
    with pytest.raises(InputError, match=message) as caught:
        import_findings(path)
    assert "\n" not in str(caught.value)


def test_missing_import_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="findings file not found"):
        import_findings(tmp_path / "nope.json")


def test_a_configuration_file_alone_does_not_gate(tmp_path: Path) -> None:
    _write(tmp_path, ".secrets.baseline", '{"version": "1.5.0", "results": {}}')
    _write(tmp_path, ".gitleaks.toml", "[extend]\nuseDefault = true\n")
    _write(
        tmp_path,
        ".pre-commit-config.yaml",
        "repos:\n  - repo: https://github.com/gitleaks/gitleaks\n    hooks:\n      - id: gitleaks\n",
    )
    assert _seen(tmp_path) == [
        ("detect-secrets", "config", ".secrets.baseline", False),
        ("gitleaks", "pre-commit", ".pre-commit-config.yaml", True),
    ]


def test_own_sarif_round_trips_with_the_same_fingerprints(tmp_path: Path) -> None:
    from assess.reporters.sarif import render_code

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text(CANARY_LINE)
    first = scan(tmp_path / "src")
    report = tmp_path / "previous.sarif"
    report.write_text(render_code(first))
    tool, found = import_findings(report, key=b"other-key" * 4)
    assert tool == "sarif"
    assert [(f.source, f.path, f.line, f.fingerprint) for f in found] == [
        ("waf-assess", "a.py", 1, first.findings[0].fingerprint)
    ]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "RuleID",
                    "File",
                    "StartLine",
                    "Secret",
                    "DetectorName",
                    "Raw",
                    "SourceMetadata",
                    "Data",
                    "Git",
                    "line",
                    "results",
                    "runs",
                    "tool",
                    "driver",
                    "locations",
                    "physicalLocation",
                    "region",
                    "startLine",
                    "snippet",
                    "text",
                    "ruleId",
                    "x",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=_JSON)
def test_fuzz_imports_accept_or_refuse_in_one_line(tmp_path: Path, document: object) -> None:
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(document))
    message = ""
    try:
        import_findings(path, key=b"k" * 32)
    except InputError as exc:
        message = str(exc)
    assert "\n" not in message


def test_shared_hooks_count_and_a_clone_only_hook_does_not(tmp_path: Path) -> None:
    _write(tmp_path, ".husky/pre-commit", "#!/bin/sh\n# trufflehog later\nnpx secretlint '**/*'\n")
    _write(tmp_path, ".git/hooks/pre-commit", "#!/bin/sh\ngitleaks protect --staged\n")
    assert _seen(tmp_path) == [
        ("gitleaks", "pre-commit", ".git/hooks/pre-commit", False),
        ("secretlint", "pre-commit", ".husky/pre-commit", True),
    ]


def test_a_trufflehog_record_without_a_location_says_so(tmp_path: Path) -> None:
    from assess.codescan.imports import NO_LOCATION

    truffle = tmp_path / "th.json"
    truffle.write_text(json.dumps({"DetectorName": "Slack", "Raw": CANARY, "SourceMetadata": {}}))
    _, found = import_findings(truffle, key=b"k" * 32)
    assert [(f.rule_id, f.path, f.line) for f in found] == [("Slack", NO_LOCATION, 0)]
    assert CANARY not in json.dumps(asdict(found[0]))
