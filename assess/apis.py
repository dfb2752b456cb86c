"""What a REST operation waf-assess reads is: :class:`Operation` (Resource Manager, a data plane)
and :class:`GraphOperation` (Microsoft Graph).

Each operation is declared once, in the module of the service that reads it
(``assess/sources/<service>.py``, beside the source's ``Read``); collectors, the demo generator
and the cassettes build their URLs from those declarations, so a recording made by one version of
the tool replays in the same version. Paths are relative to the cloud's Resource Manager endpoint
(see :mod:`assess.cloud`). Every operation is a read: a GET, or a POST to a documented list/query
action (``READ_POSTS``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Operation:
    name: str
    """Shown in evidence and gaps, e.g. ``GET Microsoft.KeyVault/vaults``."""
    path: str
    """Path template below the ARM endpoint; ``{scope}`` is a full ARM id without trailing slash."""
    api_version: str
    permission: str = ""
    """The Azure RBAC action that allows the call (in the built-in Reader role, except the app
    settings and connection strings lists)."""
    query: str = ""
    """Further query options, after the api-version (``$expand=administrators/activedirectory``)."""

    def url(self, base: str, **params: str) -> str:
        extra = f"&{self.query}" if self.query else ""
        return (
            f"{base.rstrip('/')}{self.path.format(**params)}?api-version={self.api_version}{extra}"
        )


@dataclass(frozen=True)
class GraphOperation(Operation):
    """A Microsoft Graph call. ``path`` is below the cloud's Graph endpoint and its version
    (``api_version``, ``v1.0``); ``query`` holds the OData options; ``permission`` is a Microsoft
    Graph permission granted in Microsoft Entra ID, not an Azure RBAC action (the Directory Readers
    role holds every one named here)."""

    query: str = ""

    def url(self, base: str, **params: str) -> str:
        query = f"?{self.query}" if self.query else ""
        return f"{base.rstrip('/')}/{self.api_version}{self.path.format(**params)}{query}"


READ_POSTS: tuple[str, ...] = (
    "/config/appsettings/list",
    "/config/connectionstrings/list",
    "/providers/Microsoft.ResourceGraph/resources",
    "/query",
    "/directoryObjects/getByIds",
    "/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults",
)
"""Path endings of the documented read-style POST actions waf-assess may call."""
