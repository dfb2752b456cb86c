"""Role assignments whose condition limits the roles their holder may assign (the documented
form of delegating role assignments, as on the Key Vault Data Access Administrator role): a
holder that may assign only roles reaching no secret does not reach secrets through them."""

from __future__ import annotations

from snapshot_factory import (
    SUB,
    by_status,
    make_assignment,
    make_definition,
    make_snapshot,
    make_vault,
    principal,
    run_checks,
)

from assess.snapshot import Snapshot
from checks._common import secret_reach

SUB_SCOPE = f"/subscriptions/{SUB}"
USER_ACCESS_ADMIN = "18d7d88d-d35e-4fb5-a5c3-7773c2a72009"
KV_SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6"
BLOB_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"


def _only(*guids: str) -> str:
    """A condition in the form of Microsoft's "Constrain roles" delegation example."""
    listed = ", ".join(guids)
    return (
        "(\n (\n  !(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})\n )\n OR \n"
        " (\n  @Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] "
        f"ForAnyOfAnyValues:GuidEquals {{{listed}}}\n )\n)\nAND\n(\n (\n"
        "  !(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})\n )\n OR \n"
        " (\n  @Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] "
        f"ForAnyOfAnyValues:GuidEquals {{{listed}}}\n )\n)"
    )


def _snapshot() -> Snapshot:
    kv = make_vault("kv-app", enable_rbac_authorization=True)
    blob_reader = make_definition(
        BLOB_READER,
        "Storage Blob Data Reader",
        actions=["Microsoft.Storage/storageAccounts/blobServices/containers/read"],
        data_actions=["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"],
        role_type="BuiltInRole",
    )
    uaa = USER_ACCESS_ADMIN
    storage_only = make_assignment(principal(1), uaa, SUB_SCOPE, name="uaa-storage-only")
    secrets_too = make_assignment(principal(2), uaa, SUB_SCOPE, name="uaa-secrets-user")
    unlimited = make_assignment(principal(3), uaa, SUB_SCOPE, name="uaa-unlimited")
    either = make_assignment(principal(4), uaa, SUB_SCOPE, name="uaa-or-anything")
    limited = _only(BLOB_READER)
    return make_snapshot(
        kv,
        blob_reader,
        storage_only.model_copy(update={"condition": limited}),
        secrets_too.model_copy(update={"condition": _only(BLOB_READER, KV_SECRETS_USER)}),
        unlimited,
        # An extra alternative lifts the limit: not read as one.
        either.model_copy(update={"condition": f"({limited}) OR (@Request[x] StringEquals 'y')"}),
    )


def test_a_role_assigner_limited_to_roles_that_reach_no_secret_is_not_broad_7_3() -> None:
    results = run_checks(_snapshot(), "SE09-7.3")
    assert by_status(results) == {
        "pass": {"uaa-storage-only"},
        "fail": {"uaa-secrets-user", "uaa-unlimited", "uaa-or-anything"},
    }
    failed = {f.resource_name: f.message for f in results.findings if f.status.value == "fail"}
    assert "can assign itself a role that reaches secrets" in failed["uaa-secrets-user"]


def test_only_the_unlimited_or_secret_reaching_assigners_can_grant_themselves_read() -> None:
    reach = secret_reach(_snapshot(), lambda resource_id, tags=None: "")
    assert {r.principal.object_id for r in reach} == {principal(2), principal(3), principal(4)}
