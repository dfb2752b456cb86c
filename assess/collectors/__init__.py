"""Collectors: one module per Azure service, each turning raw REST JSON into Snapshot records.

Every collector reads through :class:`assess.http.ArmClient` with URLs built from the operations
its source declares (``assess/sources/<service>.py``), and never decides anything: a call that
fails is recorded as a :class:`~assess.snapshot.Gap` against the scope its answer would have
covered (:func:`fetch_list` / :func:`fetch_one`), so the engine reports the affected findings as
``unknown``. Parsing functions are pure (``parse_*``) and tolerate absent properties: absent
stays ``None``, never ``False``.

    resources       subscriptions, resource groups (Microsoft.Resources)
    keyvault        vaults, secret and key metadata (Microsoft.KeyVault, management plane)
    authorization   role definitions and assignments (Microsoft.Authorization)
    monitor         diagnostic settings (Microsoft.Insights)
    web             App Service / Functions sites; their settings classified, never kept (Microsoft.Web)
    eventgrid       Event Grid system topics and key vault topics' event subscriptions
    security        the subscription's Microsoft Defender for Key Vault plan (Microsoft.Security)
    storage         storage accounts: when their access keys were generated, never the keys
    deployments     deployment history; plain parameter and output values classified, never kept
"""

from assess.collectors._base import GapSink, fetch_list, fetch_one

__all__ = ["GapSink", "fetch_list", "fetch_one"]
