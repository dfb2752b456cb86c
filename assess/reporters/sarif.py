"""SARIF 2.1.0: code-scan findings with file locations, and assessment findings with resource ids.

:func:`render_code` writes a :class:`CodeScanResult` (one result per finding, a physical location
with the line and column, the keyed fingerprint as a partial fingerprint, allowlisted findings as
suppressed results). :func:`render` writes an assessment's failing findings, each located by its
Azure resource id as a logical location. Neither ever holds a secret value: a code finding's
message carries only its redacted preview.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from assess import __version__
from assess.codescan.imports import OWN_FINGERPRINT
from assess.codescan.model import ARCHIVE_SEPARATOR, CodeFinding, CodeScanResult
from assess.model import Severity, Status

if TYPE_CHECKING:
    from assess.reporters import RenderOptions
    from assess.results import Results

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/waf-assess/waf-assess"

_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}


def _dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _log(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": runs}


def _driver(rules: list[dict[str, Any]], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "driver": {
            "name": "waf-assess",
            "informationUri": INFO_URI,
            "semanticVersion": __version__,
            "version": __version__,
            "rules": rules,
            **(extra or {}),
        }
    }


# ---- code findings ------------------------------------------------------------------------------
def _code_rules(findings: Iterable[CodeFinding]) -> list[dict[str, Any]]:
    by_id: dict[str, CodeFinding] = {}
    for finding in findings:
        by_id.setdefault(finding.rule_id, finding)
    return [
        {
            "id": rule_id,
            "name": rule_id,
            "shortDescription": {"text": finding.description or f"Hard-coded {rule_id}"},
            "defaultConfiguration": {"level": _LEVEL[finding.severity]},
            "properties": {
                "family": finding.family,
                "security-severity": _SECURITY_SEVERITY[finding.severity],
                "tags": ["security", "secret"],
            },
        }
        for rule_id, finding in sorted(by_id.items())
    ]


def _code_result(finding: CodeFinding, index: int) -> dict[str, Any]:
    artifact, _, member = finding.path.partition(ARCHIVE_SEPARATOR)
    where = f" in {member}" if member else ""
    if finding.cell:
        where += f" ({finding.cell}, line {finding.line})"
    physical: dict[str, Any] = {"artifactLocation": {"uri": quote(artifact, safe="/:@")}}
    if finding.line and not member and not finding.cell:
        physical["region"] = {"startLine": finding.line, "startColumn": max(finding.column, 1)}
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index,
        "level": _LEVEL[finding.severity],
        "message": {
            "text": f"{finding.description or finding.rule_id}: {finding.preview}{where}".strip()
        },
        "locations": [{"physicalLocation": physical}],
        "properties": {
            key: value
            for key, value in (
                ("archiveMember", member),
                ("cell", finding.cell),
                ("commit", finding.commit),
                ("source", finding.source),
                ("preview", finding.preview),
            )
            if value
        },
    }
    if finding.fingerprint:
        result["partialFingerprints"] = {OWN_FINGERPRINT: finding.fingerprint}
    if finding.allowlisted:
        result["suppressions"] = [{"kind": "external", "justification": finding.allowlisted}]
    return result


def render_code(result: CodeScanResult) -> str:
    """SARIF for a code scan: every own and imported finding, allowlisted ones suppressed."""
    findings = [*result.findings, *result.imported]
    rules = _code_rules(findings)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": _driver(rules),
        # An archive that could not be fully opened was not scanned: said, never silent.
        "invocations": [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    {
                        "level": "warning",
                        "message": {
                            "text": f"archive not fully opened ({bomb.limit}: {bomb.detail}); "
                            "what it holds was not scanned"
                        },
                        "locations": [
                            {"physicalLocation": {"artifactLocation": {"uri": bomb.path}}}
                        ],
                    }
                    for bomb in result.bombs
                ],
            }
        ],
        "results": [_code_result(f, index[f.rule_id]) for f in findings],
        "properties": {
            "filesScanned": result.files_scanned,
            "bytesScanned": result.bytes_scanned,
            "engine": result.engine,
            "rulesVersion": result.rules_version,
            "archiveBombs": [bomb.model_dump(mode="json") for bomb in result.bombs],
        },
    }
    return _dumps(_log([run]))


# ---- assessment findings ------------------------------------------------------------------------
def render(results: Results, options: RenderOptions | None = None) -> str:
    """SARIF for an assessment: failing and unknown findings, located by Azure resource id."""
    checks = {meta.id: meta for meta in results.catalog}
    rules = [
        {
            "id": meta.id,
            "name": meta.id,
            "shortDescription": {"text": meta.title},
            "fullDescription": {"text": meta.rationale},
            "help": {"text": meta.remediation.summary},
            "defaultConfiguration": {"level": _LEVEL[meta.severity]},
            "properties": {
                "item": meta.item_id,
                "security-severity": _SECURITY_SEVERITY[meta.severity],
            },
        }
        for meta in sorted(checks.values(), key=lambda m: m.id)
    ]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    out: list[dict[str, Any]] = []
    for finding in results.findings:
        if finding.status not in (Status.FAIL, Status.UNKNOWN) or finding.check_id not in index:
            continue
        entry: dict[str, Any] = {
            "ruleId": finding.check_id,
            "ruleIndex": index[finding.check_id],
            "kind": "fail" if finding.status is Status.FAIL else "open",
            "level": _LEVEL[finding.severity] if finding.status is Status.FAIL else "none",
            "message": {
                "text": finding.message + (f" ({finding.reason})" if finding.reason else "")
            },
            "locations": [
                {
                    "logicalLocations": [
                        {
                            "fullyQualifiedName": finding.resource_id,
                            "name": finding.resource_name,
                            "kind": "resource",
                        }
                    ]
                }
            ],
            "properties": {"item": finding.item, "status": str(finding.status)},
        }
        if finding.waiver is not None:
            entry["suppressions"] = [
                {"kind": "external", "justification": finding.waiver.reason, "status": "accepted"}
            ]
        out.append(entry)
    run = {"tool": _driver(rules), "results": out}
    return _dumps(_log([run]))
