"""Microsoft.App: Container Apps and Container Apps jobs, and where their secrets live.

Kept per app or job: the name of each secret of ``configuration.secrets`` and its
``keyVaultUrl`` (set: the value stays in Key Vault and the app reads it with ``identity``; absent:
the value was pasted into the app). The list answers the secrets without their values (REST
reference, Container Apps - List By Subscription / List By Resource Group and Jobs - the same,
api-version 2025-01-01; a secret's ``value`` is write-only). The values need ``listSecrets``,
which is not called. The containers' environment variables are kept by name with their
``secretRef``; an inline ``value`` is sealed: read in memory, kept only as what it held and, when it
carries a credential, as the run's keyed fingerprint of that credential (a ``secretRef``'s value is
never in the answer).
"""

from __future__ import annotations

from assess.sources._listed import list_operations, listed_type

APPS_LIST, APPS_LIST_RG = list_operations("Microsoft.App/containerApps", "2025-01-01")
JOBS_LIST, JOBS_LIST_RG = list_operations("Microsoft.App/jobs", "2025-01-01")
SECRET_NAMES = "configuration.secrets[].name"
SECRET_VAULT_URLS = "configuration.secrets[].keyVaultUrl"
ENV_NAMES = "template.containers[].env[].name"
ENV_SECRET_REFS = "template.containers[].env[].secretRef"
ENV_VALUES = "template.containers[].env[].value"
INIT_ENV_VALUES = "template.initContainers[].env[].value"
_SECRETS = (
    SECRET_NAMES,
    SECRET_VAULT_URLS,
    "configuration.secrets[].identity",
    ENV_NAMES,
    ENV_SECRET_REFS,
)

SOURCES = (
    listed_type(
        "container_apps",
        title="Container Apps (secret names and Key Vault references, never values)",
        kind="container_apps",
        operations=(APPS_LIST, APPS_LIST_RG),
        properties=_SECRETS,
        values=(ENV_VALUES, INIT_ENV_VALUES),
        help="Read Container Apps: which secrets are Key Vault references (names only).",
        noun=("container app", "container apps"),
    ),
    listed_type(
        "container_app_jobs",
        title="Container Apps jobs (secret names and Key Vault references, never values)",
        kind="container_app_jobs",
        operations=(JOBS_LIST, JOBS_LIST_RG),
        properties=_SECRETS,
        values=(ENV_VALUES, INIT_ENV_VALUES),
        help="Read Container Apps jobs: which secrets are Key Vault references (names only).",
        noun=("container app job", "container app jobs"),
    ),
)
