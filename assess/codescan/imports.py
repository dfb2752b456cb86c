"""Other scanners' reports as evidence: gitleaks JSON, trufflehog JSON, detect-secrets baselines, SARIF.

Each report becomes :class:`CodeFinding` records with ``source`` set to the tool. Where a report
carries the value itself (gitleaks ``Secret``, trufflehog ``Raw``, a SARIF snippet), it is turned
into a redacted preview and a keyed fingerprint at once and dropped; ``Match`` lines, snippets and
messages are never kept. The same value found by waf-assess and by the other scanner therefore
gets the same fingerprint. A detect-secrets baseline holds only an unkeyed hash of each value; it
is fingerprinted (keyed) in turn, so it never appears in an output either.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from assess.codescan.allowlist import Allowlist
from assess.codescan.model import CodeFinding
from assess.errors import InputError
from assess.levels import Severity

OWN_FINGERPRINT = "secretFingerprint/v1"
NO_LOCATION = "(no location in the imported report)"
"""The path of an imported finding whose report names no file (some trufflehog sources)."""
"""The partial fingerprint waf-assess writes in its SARIF (see ``assess.reporters.sarif``)."""

_LEVELS = {"error": Severity.HIGH, "warning": Severity.MEDIUM, "note": Severity.LOW}


def import_findings(
    path: Path, *, key: bytes | None = None, allowlist: Allowlist | None = None
) -> tuple[str, list[CodeFinding]]:
    """``(tool, findings)`` from a report file; :class:`InputError` when it is none of the formats."""
    from assess.redact import Fingerprinter, preview

    fingerprinter = Fingerprinter(key)
    text = _read(path)
    document = _parse(path, text)
    tool, reader = _format_of(path, document)
    if tool == "trufflehog" and isinstance(document, dict):
        document = [document]
    try:
        findings = list(reader(document, fingerprinter.fingerprint, preview))
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        raise InputError(f"{path}: malformed {tool} report ({type(exc).__name__})") from None
    allow = allowlist or Allowlist()
    return tool, [
        replace(
            finding,
            allowlisted=allow.reason_for(finding.rule_id, finding.path, finding.fingerprint, value),
        )
        for finding, value in findings
    ]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"findings file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read findings file {path}: {type(exc).__name__}") from None


def _parse(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        pass
    # trufflehog writes one JSON object per line.
    objects = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            objects.append(json.loads(line))
        except ValueError:
            # Never echo the line: it may hold a secret.
            raise InputError(f"{path} is not JSON or JSON lines (line {number})") from None
    return objects


Found = tuple[CodeFinding, "str | None"]
"""A finding and, while still in memory, the value it was made from (for value allowlist entries)."""
Reader = Callable[[Any, Callable[[str], str], Callable[[str], str]], Iterator[Found]]


def _format_of(path: Path, document: Any) -> tuple[str, Reader]:
    if isinstance(document, dict) and "DetectorName" in document:
        document = [document]  # trufflehog JSON lines with a single finding
    if isinstance(document, dict) and isinstance(document.get("runs"), list):
        return "sarif", _sarif
    if isinstance(document, dict) and isinstance(document.get("results"), dict):
        return "detect-secrets", _detect_secrets
    if isinstance(document, list) and all(isinstance(item, dict) for item in document):
        if document and all("DetectorName" in item for item in document):
            return "trufflehog", _trufflehog
        if all("RuleID" in item for item in document):
            return "gitleaks", _gitleaks
    raise InputError(
        f"{path}: not a gitleaks, trufflehog, detect-secrets or SARIF report",
        hint="give the JSON report the tool wrote",
    )


def _int(value: Any) -> int:
    """A line or column number; absent is 0, anything that is not a number is malformed."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("not a number")
    return max(int(value), 0)


def _text(value: Any) -> str:
    """A string field; absent is empty, a list or object where text belongs is malformed."""
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise TypeError("not text")
    return str(value)


def _gitleaks(
    document: Any, fingerprint: Callable[[str], str], redact: Callable[[str], str]
) -> Iterator[Found]:
    for item in document:
        secret = _text(item.get("Secret"))
        yield (
            CodeFinding(
                rule_id=(_text(item.get("RuleID")) or "gitleaks"),
                description=_text(item.get("Description")),
                severity=Severity.HIGH,
                path=_text(item.get("File")),
                line=_int(item.get("StartLine")),
                column=_int(item.get("StartColumn")),
                preview=redact(secret) if secret else "",
                fingerprint=fingerprint(secret) if secret else "",
                commit=_text(item.get("Commit")),
                source="gitleaks",
            ),
            secret or None,
        )


def _trufflehog(
    document: Any, fingerprint: Callable[[str], str], redact: Callable[[str], str]
) -> Iterator[Found]:
    for item in document:
        secret = str(item.get("Raw") or item.get("RawV2") or "")
        where: dict[str, Any] = {}
        data = (item.get("SourceMetadata") or {}).get("Data") or {}
        if isinstance(data, dict):
            for value in data.values():
                if isinstance(value, dict):
                    where = value
                    break
        yield (
            CodeFinding(
                rule_id=(_text(item.get("DetectorName")) or "trufflehog"),
                description=_text(item.get("DetectorDescription")),
                severity=Severity.CRITICAL if item.get("Verified") else Severity.HIGH,
                path=str(
                    where.get("file") or where.get("path") or where.get("link") or NO_LOCATION
                ),
                line=_int(where.get("line")),
                preview=redact(secret) if secret else "",
                fingerprint=fingerprint(secret) if secret else "",
                commit=_text(where.get("commit")),
                source="trufflehog",
            ),
            secret or None,
        )


def _detect_secrets(
    document: Any, fingerprint: Callable[[str], str], redact: Callable[[str], str]
) -> Iterator[Found]:
    for filename, entries in sorted(document["results"].items()):
        for item in entries:
            hashed = _text(item.get("hashed_secret"))
            yield (
                CodeFinding(
                    rule_id=(_text(item.get("type")) or "detect-secrets"),
                    severity=Severity.CRITICAL if item.get("is_verified") else Severity.HIGH,
                    path=str(item.get("filename") or filename),
                    line=_int(item.get("line_number")),
                    fingerprint=fingerprint("detect-secrets:" + hashed) if hashed else "",
                    source="detect-secrets",
                ),
                None,
            )


def _sarif(
    document: Any, fingerprint: Callable[[str], str], redact: Callable[[str], str]
) -> Iterator[Found]:
    for run in document["runs"]:
        driver = ((run.get("tool") or {}).get("driver")) or {}
        tool = _text(driver.get("name")) or "sarif"
        artifacts = run.get("artifacts") if isinstance(run.get("artifacts"), list) else []
        for result in run.get("results") or []:
            location = ((result.get("locations") or [{}])[0] or {}).get("physicalLocation") or {}
            region = location.get("region") or {}
            snippet = str((region.get("snippet") or {}).get("text") or "")
            hints = result.get("partialFingerprints") or result.get("fingerprints") or {}
            properties = result.get("properties") or {}
            own = _text(properties.get(OWN_FINGERPRINT)) or _text(hints.get(OWN_FINGERPRINT))
            basis = snippet or "|".join(f"{k}={hints[k]}" for k in sorted(hints))
            yield (
                CodeFinding(
                    rule_id=(_text(result.get("ruleId")) or "sarif"),
                    severity=_LEVELS.get(
                        (_text(result.get("level")) or "warning"), Severity.MEDIUM
                    ),
                    path=_sarif_path(location.get("artifactLocation") or {}, artifacts),
                    line=_int(region.get("startLine")),
                    column=_int(region.get("startColumn")),
                    # Our own SARIF already carries a keyed fingerprint: keep it as it is.
                    fingerprint=own or (fingerprint(basis) if basis else ""),
                    source=tool.lower(),
                ),
                snippet or None,
            )


def _sarif_path(location: Any, artifacts: list[Any]) -> str:
    """A result's file; a nested artifact (``parentIndex``) as ``outer.zip!inner/path``."""
    names: list[str] = []
    index = location.get("index") if isinstance(location, dict) else None
    seen: set[int] = set()
    while isinstance(index, int) and 0 <= index < len(artifacts) and index not in seen:
        seen.add(index)
        artifact = artifacts[index] if isinstance(artifacts[index], dict) else {}
        uri = (artifact.get("location") or {}).get("uri")
        if not isinstance(uri, str):
            break
        names.append(unquote(uri))
        index = artifact.get("parentIndex")
    if names:
        return "!".join(reversed(names))
    uri = location.get("uri") if isinstance(location, dict) else None
    return unquote(uri) if isinstance(uri, str) else ""
