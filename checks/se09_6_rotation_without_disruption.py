"""SE09-6 rotation without disruption: consumers pick up a rotated secret on their own."""

from __future__ import annotations

from collections.abc import Iterator

from assess import apis
from assess.checkapi import CheckContext, Outcome, check
from assess.snapshot import Snapshot
from checks.se09_2_storage import key_vault_references


@check("SE09-6.1")
def key_vault_references_versionless(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for app in snapshot.web_apps:
        references, skip = key_vault_references(snapshot, ctx, app)
        if skip is not None:
            yield skip
            continue
        pinned = sorted(s.name for s in references if s.versionless is not True)
        yield ctx.expect(
            app,
            ok=not pinned,
            prop="Key Vault reference (SecretUri version / SecretVersion)",
            observed=pinned,
            expected=[],
            api=apis.APP_SETTINGS_LIST.name,
            passed=f"App {app.name} reads the current version of "
            + (
                "its Key Vault reference."
                if len(references) == 1
                else f"all {len(references)} Key Vault references."
            ),
            failed=f"App {app.name} pins a secret version in {', '.join(pinned)}: a rotated "
            "secret is not picked up until the setting is changed.",
        )
