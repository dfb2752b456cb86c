"""SE09-4 detection: hard-coded secrets are found automatically, and a scanner runs before code lands.

Both checks read ``snapshot.code_scans``: one record per repository scanned with
``assess scan --repo`` (findings already redacted to a preview and a keyed fingerprint).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from assess.checkapi import CheckContext, Outcome, check
from assess.snapshot import Snapshot

CODE_SCAN_API = "local scan of source files, archives and git history"
REPOSITORY_TYPE = "source-repository"


@check("SE09-4.1")
def no_hardcoded_credentials(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for repo in snapshot.code_scans:
        open_findings = [f for f in repo.findings if not f.allowlisted]
        rules = Counter(f.rule_id for f in open_findings)
        files = len({f.path for f in open_findings})
        listed = ", ".join(f"{rule} x{count}" for rule, count in sorted(rules.items()))
        accepted = len(repo.findings) - len(open_findings)
        note = f"; {accepted} more allowlisted with a reason" if accepted else ""
        if repo.bombs:
            note += f"; {repo.bombs} archive(s) not fully opened (size, depth or ratio limits)"
        yield ctx.expect(
            repo,
            ok=not open_findings,
            prop="findings",
            observed=dict(sorted(rules.items())),
            expected={},
            api=CODE_SCAN_API,
            resource_type=REPOSITORY_TYPE,
            passed=f"No hard-coded credential found in {repo.name} "
            f"({repo.files} files scanned{note}).",
            failed=f"{repo.name} holds {len(open_findings)} hard-coded credential(s) in "
            f"{files} file(s): {listed}{note}.",
        )


@check("SE09-4.2")
def scanner_before_landing(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for repo in snapshot.code_scans:
        if repo.id == "repo:imported-reports":
            continue
        blocking = sorted(
            {f"{e.tool} ({e.kind}, {e.path})" for e in repo.scanner_evidence if e.blocking}
        )
        other = sorted({f"{e.tool} ({e.path})" for e in repo.scanner_evidence if not e.blocking})
        seen = f" Seen but not gating: {', '.join(other)}." if other else ""
        yield ctx.expect(
            repo,
            ok=bool(blocking),
            prop="pre-commit hooks, CI pipelines, push protection",
            observed=blocking or other,
            expected="a secret scanner on every commit or pull request",
            api=CODE_SCAN_API,
            resource_type=REPOSITORY_TYPE,
            passed=f"{repo.name} runs a secret scanner before code lands: {', '.join(blocking)}.",
            failed=f"{repo.name} shows no secret scanner running on commits or pull requests."
            + seen,
        )
