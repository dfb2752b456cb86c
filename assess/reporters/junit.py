"""``--format junit``: one test suite per SE:09 item, one test case per finding.

CI systems show failing findings as failed tests; ``unknown`` and ``not_applicable`` findings are
skipped tests with their reason, so missing evidence is visible rather than silently green.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from assess.model import Status
from assess.reporters import RenderOptions
from assess.results import Results
from assess.visible import visible


def render(results: Results, options: RenderOptions) -> str:
    root = ET.Element("testsuites", name="waf-assess SE:09")
    by_item: dict[str, list[ET.Element]] = {}
    for finding in results.findings:
        meta = results.meta(finding.check_id)
        case = ET.Element(
            "testcase",
            classname=f"{finding.item}.{finding.check_id}",
            name=f"{finding.check_id} {finding.resource_name} [{finding.id}]",
        )
        case.set("file", finding.resource_id)
        if finding.status is Status.FAIL and not finding.waived:
            failure = ET.SubElement(
                case, "failure", message=finding.message, type=meta.severity.value
            )
            lines = [meta.title, finding.message, f"resource: {finding.resource_id}"]
            if finding.evidence is not None:
                lines.append(
                    f"{finding.evidence.api} {finding.evidence.property}: observed "
                    f"{finding.evidence.observed!r}, expected {finding.evidence.expected!r}"
                )
            lines.append(f"fix: {meta.remediation.summary}")
            if meta.remediation.cli:
                lines.append(meta.remediation.cli.strip())
            failure.text = "\n".join(lines)
        elif finding.waived and finding.waiver is not None:
            ET.SubElement(case, "skipped").set(
                "message",
                f"waived until {finding.waiver.expires} by {finding.waiver.owner}: "
                f"{finding.waiver.reason}",
            )
        elif finding.status is Status.UNKNOWN:
            ET.SubElement(case, "skipped").set(
                "message", f"not assessed: {finding.reason or finding.message}"
            )
        elif finding.status is Status.NOT_APPLICABLE:
            ET.SubElement(case, "skipped").set("message", f"not applicable: {finding.message}")
        by_item.setdefault(finding.item, []).append(case)
    for item in results.scores.items:
        cases = by_item.get(item.item, [])
        suite = ET.SubElement(
            root,
            "testsuite",
            name=f"{item.item} {item.title}",
            tests=str(len(cases)),
            failures=str(item.counts.failed),
            skipped=str(item.counts.unknown + item.counts.not_applicable + item.counts.waived),
            errors="0",
            timestamp=results.run.as_of.strftime("%Y-%m-%dT%H:%M:%S"),
        )
        suite.extend(cases)
    if results.gate is not None:
        root.append(_gate_suite(results))
    for element in root.iter():  # estate text may carry characters XML cannot hold
        for key, value in element.attrib.items():
            element.set(key, _xml_text(value))
        if element.text:
            element.text = _xml_text(element.text)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _gate_suite(results: Results) -> ET.Element:
    """The gate as one test case: failing with each failed threshold, its value and its bar."""
    gate = results.gate
    assert gate is not None
    suite = ET.Element(
        "testsuite",
        name="gate",
        tests="1",
        failures="0" if gate.passed else "1",
        skipped="0",
        errors="0",
        timestamp=results.run.as_of.strftime("%Y-%m-%dT%H:%M:%S"),
    )
    case = ET.SubElement(suite, "testcase", classname="gate", name="gate")
    lines = [f"{'pass' if c.passed else 'FAIL'}  {c.line}" for c in gate.checks]
    if gate.baseline:
        lines.append(f"baseline: {gate.baseline}")
    if gate.passed:
        ET.SubElement(case, "system-out").text = "\n".join(lines)
    else:
        failure = ET.SubElement(
            case, "failure", message="gate failed: " + "; ".join(gate.reasons), type="gate"
        )
        failure.text = "\n".join(lines)
    return suite


def _xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids (control characters, NUL) and the invisible
    ones made visible, so that a hostile tag or name cannot make the report unreadable to a CI
    system, or read differently from what it is."""
    return visible(text)
