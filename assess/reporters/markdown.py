"""``--format md``: the SE:09 questionnaire, answered from the evidence, ready to paste.

Each statement is a checkbox: ``[X]`` when the evidence answers it yes, ``[ ]`` otherwise, with the
evidence sentence as its comment. Text from the estate or from plug-in metadata is escaped so it
stays text in any Markdown renderer.
"""

from __future__ import annotations

import re

from assess.reporters import RenderOptions
from assess.reporters._services import ServiceRow
from assess.reporters._shared import column_of, diagram_data_uri, summary
from assess.reporters._view import ItemView, build_view
from assess.results import Results
from assess.visible import visible

QUESTION = "How do you protect application secrets and the other credentials your workload uses?"

STATEMENTS: dict[str, str] = {
    "SE09-1": "We keep development, test and production secrets apart: no environment shares a secret, a vault or an identity with another.",
    "SE09-2": "Application secrets and credentials live outside the workload, in a secret store with strong encryption and recovery protection.",
    "SE09-3": "Secrets reach the places that use them by a secure path: managed identities, secret store references and private network access.",
    "SE09-4": "Automation finds hard-coded secrets in source code and build artifacts and gets them removed, before code lands.",
    "SE09-5": "Keys, secrets and certificates expire and are rotated on a schedule; none outlives its policy.",
    "SE09-6": "Secrets can be rotated without disrupting the workloads that use them.",
    "SE09-7": "Access to secrets is role-based, least-privilege and audited.",
}
"""The questionnaire statements, in the questionnaire's order (item id -> statement)."""

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def escape(text: str) -> str:
    """Make ``text`` literal in Markdown (and inert as HTML), its invisible characters shown."""
    text = visible(text.replace("\r", " ").replace("\n", " ")).replace("&", "&amp;")
    return _MD_SPECIAL.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    char = match.group(1)
    return {"<": "&lt;", ">": "&gt;"}.get(char, "\\" + char)


def _answer_word(item: ItemView) -> str:
    return {"yes": "Yes", "no": "No"}.get(item.answer, "Not determined from the evidence")


def render(results: Results, options: RenderOptions) -> str:
    view = build_view(results)
    run = view.run
    subs = ", ".join(escape(n) for n in view.subscription_names) or "none"
    score = "n/a" if view.scores.overall is None else f"{view.scores.overall:.0f} / 100"
    coverage = "n/a" if view.scores.coverage is None else f"{view.scores.coverage:.0f}%"
    lines = [
        "# Security assessment: protecting application secrets (SE:09)",
        "",
        f"## Question: {QUESTION}",
        "",
        "Harden how application secrets (configuration values, certificates, signing keys, API "
        "keys) are stored, and restrict and audit who can read or change them.",
        "",
        "### Comments",
        "",
        f"Answered by waf-assess {escape(run.tool_version)} from read-only evidence of tenant "
        f"{escape(run.tenant_id or 'not recorded')} ({subs}) as of {run.as_of:%Y-%m-%d %H:%M} UTC. "
        f"Overall score {score}, evidence coverage {coverage}. A box is ticked only when every "
        "critical and high check behind the statement passes.",
        "",
        "## Question responses",
        "",
    ]
    for item in view.items:
        statement = STATEMENTS.get(item.id, item.score.title)
        box = "[X]" if item.answer == "yes" else "[ ]"
        lines += [
            f"### {box} **{escape(statement)}**",
            "",
            "#### Comments",
            "",
            f"{_answer_word(item)} ({item.id}). {escape(item.sentence)}",
            "",
        ]
        for check in item.checks:
            lines.append(f"- {check.id} {escape(check.meta.title)}: {escape(check.tally())}")
        if item.checks:
            lines.append("")
        if item.manual:
            lines += ["For the review to confirm (no API shows these):", ""]
            lines += [f"- [ ] {escape(text)}" for text in item.manual]
            lines.append("")
    lines += _shared(results)
    lines += _services(view.services)
    return "\n".join(lines).rstrip() + "\n"


def _services(rows: list[ServiceRow]) -> list[str]:
    """Every service assessed, with its resources in scope ("none in scope", never a pass)."""
    if not rows:
        return []
    lines = [
        "",
        "## Services assessed",
        "",
        "| Service | In this run | Checks |",
        "| --- | --- | --- |",
    ]
    lines += [
        f"| {escape(r.title)} | {escape(r.tally)} | {escape(', '.join(r.checks))} |" for r in rows
    ]
    return [*lines, ""]


def _shared(results: Results) -> list[str]:
    """The shared credentials section: per group, its diagram and a table (no value)."""
    if not results.shared_credentials:
        return []
    lines = [
        "## Shared credentials",
        "",
        "Places that hold one credential, compared by a keyed fingerprint made in this run "
        "(never by value). Judged by SE09-1.60, SE09-3.60 and SE09-4.60.",
        "",
    ]
    for group in results.shared_credentials:
        lines += [
            f"### {escape(group.id)}: {escape(summary(group))}",
            "",
            f"![Where {escape(group.id)} is held]({diagram_data_uri(group)})",
            "",
            "| Environment | Resource | Where |",
            "| --- | --- | --- |",
        ]
        lines += [
            f"| {escape(column_of(p))} | {escape(p.resource_name)} | "
            f"{escape(p.kind)} {escape(p.setting)}{' (live)' if p.live else ''} |"
            for p in group.places
        ]
        lines.append("")
    return lines
