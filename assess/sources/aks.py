"""Microsoft.ContainerService: AKS clusters, their local accounts and the Key Vault CSI driver.

Kept per cluster: ``disableLocalAccounts`` (true: no static cluster-admin credential; every
kubeconfig authenticates with Microsoft Entra ID), ``aadProfile.managed``, and the Key Vault
secrets-store CSI driver add-on, ``addonProfiles.azureKeyvaultSecretsProvider.enabled`` and its
``config.enableSecretRotation`` (the string ``"true"`` when pods pick up new secret versions on
their own) and ``config.rotationPollInterval``. From the list's ``properties`` (REST reference,
Managed Clusters - List / List By Resource Group, api-version 2025-01-01). The cluster's
credentials need ``listClusterAdminCredential``, which is not called.
"""

from __future__ import annotations

from assess.sources._listed import list_operations, listed_type

CLUSTERS_LIST, CLUSTERS_LIST_RG = list_operations(
    "Microsoft.ContainerService/managedClusters", "2025-01-01"
)
CSI = "addonProfiles.azureKeyvaultSecretsProvider"

SOURCES = (
    listed_type(
        "aks",
        title="AKS clusters (local accounts, Key Vault secrets-store CSI driver)",
        kind="aks_clusters",
        operations=(CLUSTERS_LIST, CLUSTERS_LIST_RG),
        properties=(
            "disableLocalAccounts",
            "aadProfile.managed",
            f"{CSI}.enabled",
            f"{CSI}.config.enableSecretRotation",
            f"{CSI}.config.rotationPollInterval",
        ),
        help="Read AKS clusters: local accounts and Key Vault CSI driver rotation.",
        noun=("AKS cluster", "AKS clusters"),
    ),
)
