"""SE09-4 detection: hard-coded secrets are found automatically, and a scanner runs before code lands.

SE09-4.1 and 4.2 read ``snapshot.code_scans``: one record per repository scanned with
``assess scan --repo`` (findings already redacted to a preview and a keyed fingerprint). SE09-4.3
reads ``snapshot.deployments``: the deployment history, its plain values already classified.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from assess.checkapi import CheckContext, Outcome, check
from assess.codescan.model import CodeFinding
from assess.model import Status
from assess.sharing import APPLICATION_LOG, Located, Sharing
from assess.snapshot import Deployment, LogLeak, ResourceGroup, Snapshot, norm_id
from assess.sources.deployments import DEPLOYMENTS_LIST_RG
from assess.sources.web import APP_SETTINGS_LIST
from checks._common import subscription_label
from checks._imported import defender_verdicts
from checks._logs import AUDIT_API as LOG_QUERY_API

CODE_SCAN_API = "local scan of source files, archives and git history"
REPOSITORY_TYPE = "source-repository"
MAX_LISTED = 5
"""Deployments named in one finding's message; the rest are counted."""
SUBSCRIPTION_HISTORY = "providers/Microsoft.Resources/deployments"
"""A subscription's own deployment history, below its id: the resource its finding is about."""


@dataclass(frozen=True)
class _History:
    """A subscription's own deployment history as a finding's resource."""

    id: str
    name: str


def _where(findings: list[CodeFinding]) -> str:
    """The first places (file, line, rule; never the value) so that the report can be acted on."""
    spots = sorted({(f.path, f.line, f.rule_id) for f in findings})
    shown = ", ".join(
        f"{path}:{line} ({rule})" if line else f"{path} ({rule})"
        for path, line, rule in spots[:MAX_LISTED]
    )
    more = len(spots) - MAX_LISTED
    return shown + (f" and {more} more (see the code-scan JSON or SARIF)" if more > 0 else "")


@check("SE09-4.40")
def defender_secret_findings(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from defender_verdicts(snapshot, ctx, secret_scanning=True)


@check("SE09-4.1")
def no_hardcoded_credentials(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for repo in snapshot.code_scans:
        open_findings = [f for f in repo.findings if not f.allowlisted]
        rules = Counter(f.rule_id for f in open_findings)
        files = len({f.path for f in open_findings})
        listed = ", ".join(f"{rule} x{count}" for rule, count in sorted(rules.items()))
        accepted = len(repo.findings) - len(open_findings)
        note = f"; {accepted} more allowlisted with a reason" if accepted else ""
        if repo.bombs and not open_findings:
            # What those archives hold was not scanned: no clean bill for the repository.
            yield ctx.outcome(
                repo,
                Status.UNKNOWN,
                f"No hard-coded credential found in what was scanned of {repo.name} "
                f"({repo.files} files{note}), but {repo.bombs} archive(s) could not be fully "
                "opened (size, depth, member count, ratio or damage), so it cannot be shown clean.",
                prop="findings",
                observed={},
                expected={},
                api=CODE_SCAN_API,
                resource_type=REPOSITORY_TYPE,
            )
            continue
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
            f"{files} file(s): {listed}{note}. Where: {_where(open_findings)}.",
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


@check("SE09-4.3")
def deployment_history_holds_no_credentials(
    snapshot: Snapshot, ctx: CheckContext
) -> Iterator[Outcome]:
    """One finding per resource group (and per subscription, for its own history)."""
    by_scope: dict[str, list[Deployment]] = {}
    for deployment in snapshot.deployments:
        scope = f"/subscriptions/{deployment.subscription_id}"
        if deployment.resource_group:
            scope += f"/resourceGroups/{deployment.resource_group}"
        else:
            scope += f"/{SUBSCRIPTION_HISTORY}"
        by_scope.setdefault(norm_id(scope), []).append(deployment)
    # A run kept to one resource group does not read the subscriptions' own histories.
    subscriptions = () if snapshot.scope.resource_group else snapshot.subscriptions
    scopes: list[tuple[_History | ResourceGroup, str]] = [
        (
            _History(f"{sub.id}/{SUBSCRIPTION_HISTORY}", f"{sub.display_name or sub.id} history"),
            subscription_label(snapshot, sub.subscription_id),
        )
        for sub in subscriptions
    ]
    scopes += [(group, f"resource group {group.name}") for group in snapshot.resource_groups]
    for resource, where in scopes:
        mine = by_scope.get(norm_id(resource.id), [])
        if not mine:  # an unread history makes this unknown, with the failed call's cause
            yield ctx.not_applicable(
                resource,
                f"No deployment is recorded for {where}.",
                needs=ctx.need("deployments", resource.id),
            )
            continue
        leaking = [d for d in mine if d.credentials]
        listed = "; ".join(
            f"{d.name}: "
            + ", ".join(f"{c.source} {c.name} ({', '.join(c.rule_ids)})" for c in d.credentials)
            for d in leaking[:MAX_LISTED]
        )
        if len(leaking) > MAX_LISTED:
            listed += f"; and {len(leaking) - MAX_LISTED} more"
        yield ctx.expect(
            resource,
            ok=not leaking,
            prop="properties.parameters / outputs / templateLink (plain values)",
            observed=[d.name for d in leaking],
            expected=[],
            api=DEPLOYMENTS_LIST_RG.name,
            passed=f"None of the {len(mine)} deployments recorded for {where} keeps a credential "
            "in a plain parameter, output or template link.",
            failed=f"{len(leaking)} of {len(mine)} deployments recorded for {where} keep "
            f"credentials in plain values: {listed}.",
        )


# ---- from the application logs (Log Analytics) --------------------------------------------------
@check("SE09-4.50")
def no_credentials_in_application_logs(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """Each web app (and any other app whose logs held one): no credential in a sampled log line."""
    sampled = [q for q in snapshot.log_queries if q.family == "app_log_sample"]
    span = (
        f"the {max((q.end - q.start).days for q in sampled)} days to {sampled[0].end:%Y-%m-%d}"
        if sampled
        else "the log window"
    )
    by_app: dict[str, list[LogLeak]] = {}
    for leak in snapshot.log_leaks:
        by_app.setdefault(norm_id(leak.resource_id), []).append(leak)
    apps: list[Any] = list(snapshot.web_apps)
    known = {norm_id(a.id) for a in apps}
    apps += [_LeakingApp(rid) for rid in sorted(by_app) if rid not in known]
    for app in apps:
        leaks = by_app.get(norm_id(app.id), [])
        shown_leaks = [
            f"{leak.preview} ({', '.join(leak.rule_ids)}; {leak.lines} line(s) in {leak.table})"
            for leak in leaks
        ]
        yield ctx.expect(
            app,
            ok=not leaks,
            prop="log lines shaped like credentials (AppServiceConsoleLogs, AppServiceAppLogs, "
            "AppTraces, ContainerAppConsoleLogs_CL), checked by the credential detector",
            observed=shown_leaks,
            expected="no credential in the application's log lines",
            api=LOG_QUERY_API,
            passed=f"No credential was found in the log lines of {app.name} sampled over {span}.",
            failed=f"The logs of {app.name} hold {len(leaks)} credential(s) in {span}: "
            f"{'; '.join(shown_leaks)}. Anyone who can read the logs can use them: rotate each "
            "one, stop the code from logging it, and purge the lines.",
            resource_type=getattr(app, "resource_type", ""),
        )


class _LeakingApp:
    """An app known only from its logs (a container app, an Application Insights component)."""

    def __init__(self, resource_id: str) -> None:
        self.id = resource_id
        self.name = resource_id.rstrip("/").rsplit("/", 1)[-1]
        parts = resource_id.split("/providers/", 1)[-1].split("/")
        self.resource_type = "/".join(parts[:2]) if len(parts) >= 2 else ""


@check("SE09-4.60")
def repository_credentials_not_live(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per scanned repository: none of the credentials found in it is live in the
    estate (the same credential in a setting of a deployed site or slot)."""
    sharing = Sharing(snapshot, ctx.environment_of)
    for repo in snapshot.code_scans:
        found = sharing.held_by(repo.id)
        if not found:
            yield ctx.not_applicable(
                repo,
                f"No credential found in {repo.name} to compare with the estate.",
                resource_type=REPOSITORY_TYPE,
            )
            continue
        live, unlocks = _live_elsewhere(sharing, found, "{setting}")
        yield ctx.expect(
            repo,
            ok=not live,
            prop="keyed fingerprints of the credentials found in the repository and of the "
            "estate's app settings, connection strings and slot settings",
            observed=live or {"compared": len(found)},
            expected="no credential of the repository in use in the estate",
            api=f"{CODE_SCAN_API}; {APP_SETTINGS_LIST.name}",
            resource_type=REPOSITORY_TYPE,
            passed=f"None of the {len(found)} credential(s) found in {repo.name} is in use in "
            "the settings read.",
            needs=ctx.need("app_settings", repo.id),
            failed=f"{repo.name} holds credentials that are live in the estate and unlock "
            f"{', '.join(unlocks) or 'an unplaced environment'}: {'; '.join(live)}. Rotate them "
            "now, then remove them from the repository and its history.",
        )


@check("SE09-4.61")
def logged_credentials_not_live(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per app whose sampled log lines held a credential: none of them is live in the
    estate (the same credential in a setting of a deployed resource)."""
    sharing = Sharing(snapshot, ctx.environment_of)
    logged: dict[str, list[Located]] = {}
    for item in sharing.located:
        if item.place.kind == APPLICATION_LOG:
            logged.setdefault(norm_id(item.place.resource_id), []).append(item)
    apps = {norm_id(a.id): a for a in snapshot.web_apps}
    for app_id in sorted(logged):
        found = logged[app_id]
        app: Any = apps.get(app_id) or _LeakingApp(found[0].place.resource_id)
        live, unlocks = _live_elsewhere(sharing, found, "a credential in {setting}")
        yield ctx.expect(
            app,
            ok=not live,
            prop="keyed fingerprints of the credentials in the app's sampled log lines and of the "
            "estate's settings",
            observed=live or {"compared": len(found)},
            expected="no credential written to the logs in use in the estate",
            api=f"{LOG_QUERY_API}; {APP_SETTINGS_LIST.name}",
            resource_type=getattr(app, "resource_type", "") or "Microsoft.Web/sites",
            passed=f"None of the {len(found)} credential(s) in the logs of {app.name} is in use in "
            "the settings read.",
            needs=ctx.need("app_settings", app.id),
            failed=f"The logs of {app.name} hold credentials that are live in the estate and "
            f"unlock {', '.join(unlocks) or 'an unplaced environment'}: {'; '.join(live)}. "
            "Rotate them now, stop the code from logging them, and purge the lines.",
        )


def _live_elsewhere(
    sharing: Sharing, found: list[Located], where: str
) -> tuple[list[str], list[str]]:
    """For credentials found outside the estate's settings (a repository, a log): each one's
    live places (``where`` names it, with ``{setting}``), and the environments they unlock."""
    live = sorted(
        {
            f"{where.format(setting=item.place.setting)} is live in {other.place.label()} "
            f"({other.environment or 'unrecognised environment'})"
            for item in found
            for other in sharing.others(item)
            if other.place.live
        }
    )
    unlocks = sorted(
        {o.environment for i in found for o in sharing.others(i) if o.place.live and o.environment}
    )
    return live, unlocks
