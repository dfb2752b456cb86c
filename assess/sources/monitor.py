"""Microsoft.Insights: the diagnostic settings of each vault and managed HSM (where its audit logs
go; always read)."""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import Listing, Read, Source

DIAGNOSTIC_SETTINGS_LIST = Operation(
    "GET Microsoft.Insights/diagnosticSettings",
    "{scope}/providers/Microsoft.Insights/diagnosticSettings",
    "2021-05-01-preview",
    permission="Microsoft.Insights/diagnosticSettings/read",
)

SOURCES = (
    Source(
        name="diagnostic_settings",
        title="diagnostic settings of each vault",
        records=("diagnostic_settings",),
        reads=(
            Read(
                DIAGNOSTIC_SETTINGS_LIST,
                Listing.PARENT,
                ("diagnostic_settings",),
                role="Reader (or Monitoring Reader)",
                reader="assess.collectors.monitor:list_diagnostic_settings",
                parents=("vaults", "managed_hsms"),
            ),
        ),
        depends_on=("key_vaults",),
        within="key_vaults",
        nouns={"diagnosticsettings": ("diagnostic setting", "diagnostic settings")},
    ),
)
