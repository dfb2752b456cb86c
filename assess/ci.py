"""The CI system's own surfaces: a job summary, annotations on failing findings, the task result.

Which system runs us is read from the variables each documents:

* GitHub Actions sets ``GITHUB_ACTIONS=true``; a step appends Markdown to the file named by
  ``GITHUB_STEP_SUMMARY`` and writes workflow commands (``::error ...::message``) to its output;
* Azure Pipelines sets ``TF_BUILD=True``; a step writes logging commands
  (``##vso[task.logissue ...]message``, ``##vso[task.complete result=...]``).

``--ci none`` turns all of it off; ``--ci github`` or ``--ci azure`` forces one.

Estate text (resource names, messages) may be hostile. Each format's documented escaping is
applied, so a name can neither end a command early nor start a new one:

* GitHub workflow commands: ``%`` ``\\r`` ``\\n`` in the message, and also ``:`` ``,`` in
  property values (``%25`` ``%0D`` ``%0A`` ``%3A`` ``%2C``);
* Azure Pipelines logging commands: ``%`` ``\\r`` ``\\n`` in the message, and also ``;`` ``]`` in
  property values (``%AZP25`` ``%0D`` ``%0A`` ``%3B`` ``%5D``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assess.codescan.model import ARCHIVE_SEPARATOR, CodeFinding
from assess.errors import UsageError
from assess.levels import SEVERITY_ORDER, Severity, Status

if TYPE_CHECKING:  # imported lazily: scan-code's annotations need neither (start-up)
    from assess.results import GateResult, Results

SYSTEMS = ("auto", "github", "azure", "none")
MAX_ANNOTATIONS = 50
"""GitHub shows at most 50 annotations of a kind per job; the rest are counted in one line."""
TOP_FAILURES = 10


def detect(env: Mapping[str, str]) -> str:
    """``github``, ``azure`` or ``none``, from the CI systems' documented variables."""
    if env.get("GITHUB_ACTIONS", "").lower() == "true":
        return "github"
    if env.get("TF_BUILD", "").lower() == "true":
        return "azure"
    return "none"


def resolve(choice: str, env: Mapping[str, str]) -> str:
    value = choice.strip().lower()
    if value not in SYSTEMS:
        raise UsageError(f"--ci {choice!r} is not one of {', '.join(SYSTEMS)}")
    return detect(env) if value == "auto" else value


# ---- escaping ------------------------------------------------------------------------------------
def github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def azure_data(text: str) -> str:
    return text.replace("%", "%AZP25").replace("\r", "%0D").replace("\n", "%0A")


def azure_property(text: str) -> str:
    return azure_data(text).replace(";", "%3B").replace("]", "%5D")


# ---- annotations ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Annotation:
    """One failing finding as the CI system shows it."""

    level: str
    """``error`` or ``warning``."""
    title: str
    message: str
    file: str = ""
    line: int = 0
    column: int = 0


def _level(severity: Severity) -> str:
    return "error" if SEVERITY_ORDER[severity] >= SEVERITY_ORDER[Severity.HIGH] else "warning"


def finding_annotations(results: Results) -> list[Annotation]:
    """Unwaived failing findings, worst first (Azure resources have no file: the id is said)."""
    failing = [f for f in results.findings if f.status is Status.FAIL and not f.waived]
    failing.sort(key=lambda f: (-SEVERITY_ORDER[f.severity], f.check_id, f.resource_id.lower()))
    return [
        Annotation(
            level=_level(f.severity),
            title=f"{f.check_id} {results.meta(f.check_id).title}",
            message=f"{f.message} [{f.resource_id}] (finding {f.id})",
        )
        for f in failing
    ]


def github_command(note: Annotation) -> str:
    props = [f"title={github_property(note.title)}"]
    if note.file:
        props.insert(0, f"file={github_property(note.file)}")
        if note.line:
            props.insert(1, f"line={note.line}")
            if note.column:
                props.insert(2, f"col={note.column}")
    return f"::{note.level} {','.join(props)}::{github_data(note.message)}"


def azure_command(note: Annotation) -> str:
    props = [f"type={note.level}"]
    if note.file:
        props.append(f"sourcepath={azure_property(note.file)}")
        if note.line:
            props.append(f"linenumber={note.line}")
            if note.column:
                props.append(f"columnnumber={note.column}")
    props.append(f"code={azure_property(note.title.split(' ', 1)[0])}")
    return f"##vso[task.logissue {';'.join(props)};]{azure_data(note.title + ': ' + note.message)}"


def annotation_lines(system: str, notes: Sequence[Annotation]) -> list[str]:
    """The workflow or logging commands for ``notes`` (at most :data:`MAX_ANNOTATIONS`)."""
    if system not in ("github", "azure"):
        return []
    command = github_command if system == "github" else azure_command
    lines = [command(n) for n in notes[:MAX_ANNOTATIONS]]
    if len(notes) > MAX_ANNOTATIONS:
        rest = Annotation(
            "warning",
            "waf-assess",
            f"{len(notes) - MAX_ANNOTATIONS} more failing finding(s) are in the reports",
        )
        lines.append(command(rest))
    return lines


def task_complete(gate: GateResult | None) -> str:
    """Azure Pipelines: the task's result from the gate (``Failed`` with the reasons)."""
    if gate is None:
        return "##vso[task.complete result=Succeeded;]waf-assess: no gate threshold given"
    if gate.passed:
        return "##vso[task.complete result=Succeeded;]waf-assess: gate passed"
    reasons = "; ".join(gate.reasons)
    return f"##vso[task.complete result=Failed;]{azure_data('waf-assess: gate failed: ' + reasons)}"


# ---- the GitHub step summary -----------------------------------------------------------------------
def _pct(value: float | None) -> str:
    return "—" if value is None else f"{round(value, 1):g}"


def step_summary(results: Results, *, title: str = "waf-assess SE:09") -> str:
    """Markdown for ``GITHUB_STEP_SUMMARY``: score, coverage, items, top failures, the verdict."""
    from assess.reporters.markdown import escape as md_escape

    scores = results.scores
    lines = [f"## {md_escape(title)}", ""]
    gate = results.gate
    if gate is not None:
        mark = "✅ passed" if gate.passed else "❌ failed"
        lines += [f"**Gate {mark}**", ""]
        for check in gate.checks:
            lines.append(f"- {'✅' if check.passed else '❌'} {md_escape(check.line)}")
        if gate.baseline:
            states = list(gate.baseline_state.values())
            moves = ", ".join(
                f"{states.count(state)} {state}" for state in ("new", "worse", "fixed", "lost")
            )
            lines.append(f"- since the baseline {md_escape(gate.baseline)}: {moves}")
        lines.append("")
    lines += [
        f"**Score {_pct(scores.overall)} / 100** · evidence coverage {_pct(scores.coverage)} % · "
        f"{scores.counts.failed} failing, {scores.counts.unknown} unknown, "
        f"{scores.counts.waived} waived",
        "",
        "| item | score | coverage | answer |",
        "| --- | ---: | ---: | --- |",
    ]
    for item in scores.items:
        lines.append(
            f"| {item.item} {md_escape(item.title)} | {_pct(item.score)} | "
            f"{_pct(item.coverage)} % | {item.answer} |"
        )
    failing = [f for f in results.findings if f.status is Status.FAIL and not f.waived]
    failing.sort(key=lambda f: (-SEVERITY_ORDER[f.severity], f.check_id, f.resource_id.lower()))
    if failing:
        lines += ["", f"### Top failures ({min(len(failing), TOP_FAILURES)} of {len(failing)})", ""]
        lines += ["| severity | check | resource | finding |", "| --- | --- | --- | --- |"]
        for f in failing[:TOP_FAILURES]:
            lines.append(
                f"| {f.severity.value} | {f.check_id} | {md_escape(f.resource_name)} | "
                f"{md_escape(f.message)} |"
            )
    return "\n".join(lines) + "\n"


def append_summary(path: Path, markdown: str) -> None:
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(markdown)
    except OSError as exc:
        raise UsageError(
            f"cannot append the step summary to {path}: {exc.strerror or exc}",
            hint="GITHUB_STEP_SUMMARY names a file the runner provides; or use --ci none",
        ) from None


def surface_lines(system: str, results: Results, extra: Iterable[Annotation] = ()) -> list[str]:
    """Every command line for ``system``: annotations, then (Azure) the task result."""
    notes = [*extra, *finding_annotations(results)]
    lines = annotation_lines(system, notes)
    if system == "azure" and results.gate is not None:
        lines.append(task_complete(results.gate))
    return lines


def publish(system: str, results: Results, env: Mapping[str, str]) -> tuple[list[str], Path | None]:
    """Write the step summary (when ``GITHUB_STEP_SUMMARY`` is set and the system is not
    ``none``); return the command lines to print and the summary file written."""
    if system == "none":
        return [], None
    summary: Path | None = None
    target = env.get("GITHUB_STEP_SUMMARY", "")
    if target:
        summary = Path(target)
        append_summary(summary, step_summary(results))
    return surface_lines(system, results), summary


def code_annotations(findings: Iterable[CodeFinding]) -> list[Annotation]:
    """Open code findings at their file and line (an archive member or a history blob at the
    file that holds it, without a line). Only the redacted preview is said, never a value."""
    notes: list[Annotation] = []
    for f in findings:
        if f.allowlisted:
            continue
        artifact, _, member = f.path.partition(ARCHIVE_SEPARATOR)
        where = f" in {member}" if member else ""
        where += f" ({f.cell})" if f.cell else ""
        where += f" (introduced in commit {f.commit[:12]})" if f.commit else ""
        exact = not (member or f.cell or f.commit)
        notes.append(
            Annotation(
                level=_level(f.severity),
                title=f"{f.rule_id} hard-coded credential",
                message=f"{(f.description or f.rule_id).rstrip('.')}: {f.preview}{where}",
                file=artifact,
                line=f.line if exact else 0,
                column=f.column if exact else 0,
            )
        )
    return notes
