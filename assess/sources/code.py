"""Source trees and build artifacts, read locally (not through Azure) by the code scanner."""

from __future__ import annotations

from assess.sources._declare import Source

SOURCES = (
    Source(
        name="code_scans",
        title="source trees and build artifacts",
        records=("code_scans",),
        gathered_by="--repo PATH",
        no_azure_role="no Azure role: run the code scan over the repositories and build artifacts",
    ),
)
