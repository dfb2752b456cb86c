"""SARIF 2.1.0: code-scan findings with file locations, and assessment findings with resource ids.

:func:`render_code` writes a :class:`CodeScanResult` (one result per finding, a physical location
with the line and column, the keyed fingerprint as a partial fingerprint, allowlisted findings as
suppressed results). :func:`render` writes an assessment's failing findings, each located by its
Azure resource id as a logical location. Neither ever holds a secret value: a code finding's
message carries only its redacted preview.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from assess import __version__
from assess.codescan.imports import OWN_FINGERPRINT
from assess.codescan.model import ARCHIVE_SEPARATOR, CodeFinding, CodeScanResult
from assess.levels import Severity, Status
from assess.visible import visible_strings

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
    shown = visible_strings(document)  # a viewer shows estate text: nothing invisible in it
    return json.dumps(shown, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _log(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": runs}


def _driver(rules: list[dict[str, Any]], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "driver": {
            "name": "waf-assess",
            "fullName": f"waf-assess {__version__}",
            "informationUri": INFO_URI,
            "semanticVersion": __version__,
            "version": __version__,
            "rules": rules,
            **(extra or {}),
        }
    }


def _rule_name(rule_id: str) -> str:
    """A readable PascalCase name for a rule id (SARIF wants ``name`` to differ from ``id``):
    ``aws-access-key-id`` -> ``AwsAccessKeyId``, ``SE09-4.1`` -> ``Se09Item4Check1``."""
    words = re.split(r"[^A-Za-z0-9]+", rule_id)
    if len(words) == 3 and words[0].upper() == "SE09":
        return f"Se09Item{words[1]}Check{words[2]}"
    return "".join(word[:1].upper() + word[1:] for word in words if word) or "Rule"


_ADO = "azuredevops/pipeline/build/"


def _automation(category: str) -> dict[str, Any]:
    """``run.automationDetails``. In an Azure Pipelines job (``TF_BUILD``) it names the
    pipeline, phase and build as GitHub Advanced Security for Azure DevOps requires; elsewhere
    the category keeps this run's alerts apart from other tools' (GitHub code scanning)."""
    env = os.environ
    if env.get("TF_BUILD", "").lower() != "true":
        return {"id": f"waf-assess/{category}/"}
    collection = env.get("SYSTEM_COLLECTIONURI", "").rstrip("/")
    org = collection.rsplit("/", 1)[-1]
    if ".visualstudio.com" in org:  # https://org.visualstudio.com
        org = org.split(".", 1)[0]
    parts = [
        org,
        env.get("SYSTEM_TEAMPROJECT", ""),
        env.get("SYSTEM_DEFINITIONID", ""),
        env.get("SYSTEM_PHASEID", ""),
        env.get("BUILD_SOURCEBRANCH", ""),
        env.get("BUILD_BUILDID", ""),
    ]
    return {
        "id": _ADO + "/".join(quote(part, safe="") for part in parts),
        "properties": {
            _ADO + "buildDefinitionId": env.get("SYSTEM_DEFINITIONID", ""),
            _ADO + "buildDefinitionName": env.get("BUILD_DEFINITIONNAME", ""),
            _ADO + "phaseId": env.get("SYSTEM_PHASEID", ""),
            _ADO + "phaseName": env.get("SYSTEM_PHASENAME", ""),
            "category": f"waf-assess/{category}",
        },
    }


# ---- code findings ------------------------------------------------------------------------------
CODE_HELP = (
    "Treat the credential as leaked: revoke or rotate it where it was issued, remove it from "
    "the file (and from history when it was committed), and have the application read it at "
    "run time from Key Vault or use a managed identity instead. If it is a test value, "
    "allowlist it with a reason (see docs/code-scanning.md)."
)


def _code_rules(findings: Iterable[CodeFinding]) -> list[dict[str, Any]]:
    by_id: dict[str, CodeFinding] = {}
    for finding in findings:
        by_id.setdefault(finding.rule_id, finding)
    return [
        {
            "id": rule_id,
            "name": _rule_name(rule_id),
            "shortDescription": {"text": finding.description or f"Hard-coded {rule_id}"},
            "fullDescription": {
                "text": (finding.description or f"Hard-coded {rule_id}")
                + " A credential written into source or a build artifact is readable by everyone"
                " who can read the repository or the artifact, and outlives its rotation."
            },
            "help": {"text": CODE_HELP, "markdown": CODE_HELP},
            "defaultConfiguration": {"level": _LEVEL[finding.severity]},
            "properties": {
                "family": finding.family,
                "security-severity": _SECURITY_SEVERITY[finding.severity],
                "tags": ["security", "secret"],
            },
        }
        for rule_id, finding in sorted(by_id.items())
    ]


FINDING_ID = "wafAssessFindingId/v1"
"""The partial fingerprint code scanning matches alerts on: the finding's stable id."""


def _uri(path: str) -> str:
    return quote(path, safe="/:@")


class _Artifacts:
    """``run.artifacts`` for archive members: the archive, then each member with ``parentIndex``
    pointing at the archive that holds it (nested archives chain), per SARIF 2.1.0 §3.24."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self._index: dict[str, int] = {}

    def index_of(self, path: str) -> int:
        """The index of the artifact ``outer.zip!inner/path`` (creating its parents)."""
        held = self._index.get(path)
        if held is not None:
            return held
        parent, sep, name = path.rpartition(ARCHIVE_SEPARATOR)
        artifact: dict[str, Any] = {"location": {"uri": _uri(name if sep else path)}}
        if sep:
            artifact["parentIndex"] = self.index_of(parent)
        self.items.append(artifact)
        self._index[path] = len(self.items) - 1
        return self._index[path]


def _region(finding: CodeFinding) -> dict[str, Any] | None:
    if finding.line >= 1:
        return {"startLine": finding.line, "startColumn": max(finding.column, 1)}
    if finding.offset >= 0:
        return {"byteOffset": finding.offset, "byteLength": max(finding.length, 1)}
    return None


def _code_result(finding: CodeFinding, index: int, artifacts: _Artifacts) -> dict[str, Any]:
    outer, _, member = finding.path.partition(ARCHIVE_SEPARATOR)
    where = f" in {finding.path}" if member else ""
    if finding.cell:
        where += f" ({finding.cell})"
    if finding.location_note:
        where += f" ({finding.location_note})"
    if member:
        # The member itself, with its own line, as a nested artifact of the archive.
        inner = finding.path.rsplit(ARCHIVE_SEPARATOR, 1)[-1]
        location = {"uri": _uri(inner), "index": artifacts.index_of(finding.path)}
    else:
        location = {"uri": _uri(outer)}
    physical: dict[str, Any] = {"artifactLocation": location}
    region = _region(finding)
    if region is not None:
        physical["region"] = region
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
                ("archivePath", finding.path if member else ""),
                ("archiveMember", member),
                ("cell", finding.cell),
                ("locationNote", finding.location_note),
                ("commit", finding.commit),
                ("source", finding.source),
                ("preview", finding.preview),
                ("valueGroup", finding.value_group),
                (OWN_FINGERPRINT, finding.fingerprint),
            )
            if value
        },
    }
    if finding.id:
        result["partialFingerprints"] = {FINDING_ID: finding.id}
    if finding.allowlisted:
        result["suppressions"] = [{"kind": "external", "justification": finding.allowlisted}]
    return result


def render_code(result: CodeScanResult) -> str:
    """SARIF for a code scan: every own and imported finding, allowlisted ones suppressed."""
    findings = [*result.findings, *result.imported]
    rules = _code_rules(findings)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    artifacts = _Artifacts()
    results = [_code_result(f, index[f.rule_id], artifacts) for f in findings]
    run: dict[str, Any] = {
        "tool": _driver(rules),
        "automationDetails": _automation("scan-code"),
        # An archive that could not be fully opened was not scanned: said, never silent.
        "invocations": [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    {
                        "level": "warning",
                        "message": {
                            "text": f"archive not fully opened: {bomb.path} ({bomb.limit}: "
                            f"{bomb.detail}); what it holds was not scanned"
                        },
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {
                                        "uri": _uri(bomb.path.split(ARCHIVE_SEPARATOR, 1)[0])
                                    }
                                }
                            }
                        ],
                    }
                    for bomb in result.bombs
                ],
            }
        ],
        "results": results,
        "properties": {
            "filesScanned": result.files_scanned,
            "bytesScanned": result.bytes_scanned,
            "engine": result.engine,
            "rulesVersion": result.rules_version,
            "archiveBombs": [asdict(bomb) for bomb in result.bombs],
        },
    }
    if artifacts.items:
        run["artifacts"] = artifacts.items
    return _dumps(_log([run]))


# ---- assessment findings ------------------------------------------------------------------------
RESOURCE_ROOT = "azure"
"""Assessment findings are about Azure resources, not files; GitHub code scanning rejects a result
without a file location, so each gets a repository-relative path made from its resource id
(``azure/subscriptions/<id>/resourceGroups/<rg>/providers/...``) beside the logical location."""


def resource_uri(resource_id: str) -> str:
    """The relative URI an assessment finding is filed under in code scanning UIs."""
    path = resource_id.strip().strip("/") or "tenant"
    if resource_id.startswith("/"):
        path = f"{RESOURCE_ROOT}/{path}"
    return quote(path, safe="/:@")


_BASELINE_STATE = {
    "new": "new",
    "unknown-new": "new",
    "worse": "updated",
    "lost": "updated",
    "unchanged": "unchanged",
    "unknown-unchanged": "unchanged",
    "waived": "unchanged",
}
"""The gate's baseline states (assess.gate) as SARIF ``baselineState`` values."""


def render(results: Results, options: RenderOptions | None = None) -> str:
    """SARIF for an assessment: failing and unknown findings, located by Azure resource id."""
    checks = {meta.id: meta for meta in results.catalog}
    rules = [
        {
            "id": meta.id,
            "name": _rule_name(meta.id),
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
    gate = results.gate
    baseline = gate.baseline_state if gate is not None and gate.baseline else None
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
                    "physicalLocation": {
                        "artifactLocation": {"uri": resource_uri(finding.resource_id)},
                        # The made-up file has no lines; line 1 is where UIs show it.
                        "region": {"startLine": 1},
                    },
                    "logicalLocations": [
                        {
                            "fullyQualifiedName": finding.resource_id,
                            "name": finding.resource_name,
                            "kind": "resource",
                        }
                    ],
                }
            ],
            "properties": {"item": finding.item, "status": str(finding.status)},
            "partialFingerprints": {FINDING_ID: finding.id},
        }
        if baseline is not None:
            entry["baselineState"] = _BASELINE_STATE.get(baseline.get(finding.id, ""), "new")
        if finding.waiver is not None:
            entry["suppressions"] = [
                {"kind": "external", "justification": finding.waiver.reason, "status": "accepted"}
            ]
        out.append(entry)
    run = {"tool": _driver(rules), "automationDetails": _automation("assessment"), "results": out}
    return _dumps(_log([run]))
