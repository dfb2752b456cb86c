"""Small helpers shared by the built-in checks (pure; no I/O)."""

from __future__ import annotations

from assess import apis

VAULT_TYPE = "Microsoft.KeyVault/vaults"
SECRET_TYPE = "Microsoft.KeyVault/vaults/secrets"
KEY_TYPE = "Microsoft.KeyVault/vaults/keys"
ROLE_ASSIGNMENT_TYPE = "Microsoft.Authorization/roleAssignments"

VAULTS_API = apis.VAULTS_LIST.name
SECRETS_API = apis.SECRETS_LIST.name
KEYS_API = apis.KEYS_LIST.name
DIAGNOSTICS_API = apis.DIAGNOSTIC_SETTINGS_LIST.name
ROLE_ASSIGNMENTS_API = apis.ROLE_ASSIGNMENTS_LIST.name
