"""``--format fixes``: a shell script of the ``az`` commands for every failing resource.

The script is for a person to review, edit and run; the tool never runs it. It refuses to run
until ``REVIEWED=yes`` is set at its top, groups the commands by check (worth the most points
first), says above each command which resource it fixes and where, and lists the placeholders left
for values the tool cannot know. Each command is filled in word by word and shell-quoted
(:mod:`assess.reporters._fixes`); names in comments show their control characters as visible tokens (:mod:`assess.visible`), so a
hostile name can neither end a comment line nor turn into a command.
"""

from __future__ import annotations

from assess.reporters import RenderOptions
from assess.reporters._evidence import identity, reaches
from assess.reporters._view import build_view, location
from assess.results import Results
from assess.visible import visible_line


def _comment(text: str) -> str:
    return "# " + visible_line(text)


def render(results: Results, options: RenderOptions) -> str:
    view = build_view(results)
    run = view.run
    checks = sorted(
        (c for c in view.checks if c.failing and c.meta.remediation.cli.strip()),
        key=lambda c: (-c.score.points_lost, c.id),
    )
    total = sum(len(c.failing) for c in checks)
    lines = [
        "#!/usr/bin/env bash",
        _comment(
            f"Fixes for the failing resources of tenant {run.tenant_id or 'not recorded'}, "
            f"as assessed on {run.as_of:%Y-%m-%d %H:%M} UTC by waf-assess {run.tool_version}."
        ),
        _comment(
            f"{total} commands for {len(checks)} checks, the checks worth the most points first."
        ),
        "#",
        "# Review every command before you run any: they change your estate, and the tool never",
        "# runs them. Values in <angle brackets> are ones the tool cannot know; the comment above",
        "# each such command says what to put there. Delete what you do not want to change,",
        "# then set REVIEWED=yes below.",
        "set -euo pipefail",
        "REVIEWED=no",
        'if [ "$REVIEWED" != yes ]; then',
        "  echo 'Review this script, then set REVIEWED=yes at its top.' >&2",
        "  exit 1",
        "fi",
        "",
    ]
    for c in checks:
        lines += [
            "",
            _comment(
                f"{c.id} · {c.meta.title} ({c.meta.severity.value}, {len(c.failing)} failing, "
                f"worth +{c.score.points_lost:.1f} points)"
            ),
            _comment(c.meta.remediation.summary),
        ]
        for fx in c.fixes(c.failing):
            f = fx.finding
            lines += [
                "",
                _comment(
                    f"{identity(f) or f.resource_name} in {location(f) or 'the tenant'} "
                    f"({reaches(f)})"
                ),
                _comment(f.resource_id),
            ]
            lines += [_comment(f"fill in {p}: {hint}") for p, hint in fx.unfilled]
            lines += fx.cli.splitlines()
    if not checks:
        lines.append("# Nothing to fix: no failing resource has an az command.")
    lines.append("")
    return "\n".join(lines)
