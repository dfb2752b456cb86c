"""Microsoft.Web: whether App Service resolves each Key Vault reference of a site's settings.

Per site (read by the ``web_apps`` source), its Key Vault references (REST reference, Web Apps -
Get App Settings Key Vault References, ``config/configreferences/appsettings``, api-version
2024-11-01): each reference's setting name (the last segment of its id), ``status``
(``Resolved``, or why not: ``SecretNotFound``, ``AccessToKeyVaultDenied``, ``MSINotEnabled``,
...), ``details``, ``vaultName``, ``secretName``, ``secretVersion`` and ``identityType``. The
answer holds no setting value and no secret.
"""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import ChildList, Listing, Read, Source

REFERENCES_LIST = Operation(
    "GET Microsoft.Web/sites/config/configreferences/appsettings",
    "{resource_id}/config/configreferences/appsettings",
    "2024-11-01",
    "Microsoft.Web/sites/config/Read",
)

SOURCES = (
    Source(
        name="app_service_references",
        title="App Service Key Vault references and whether they resolve",
        records=("web_kv_references",),
        reads=(Read(REFERENCES_LIST, Listing.PARENT, ("web_kv_references",)),),
        children=(
            ChildList(
                "web_kv_references",
                "web_apps",
                REFERENCES_LIST,
                ("status", "details", "vaultName", "secretName", "secretVersion", "identityType"),
            ),
        ),
        depends_on=("web_apps",),
        switch=True,
        default=False,
        help="Read whether each site's Key Vault references resolve (one call per site).",
    ),
)
