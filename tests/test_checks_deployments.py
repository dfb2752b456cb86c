"""SE09-4.3: deployment history keeps no credential in plain parameters, outputs or template links."""

from __future__ import annotations

import json

import pytest
import yaml
from snapshot_factory import (
    SUB,
    by_status,
    make_deployment,
    make_gap,
    make_resource_group,
    make_snapshot,
    make_subscription,
    message_of,
    run_checks,
)
from test_collect_support import shared_file

from assess.collectors.deployments import parse_deployment
from assess.collectors.web import Classifier
from assess.redact import Fingerprinter
from assess.snapshot import CollectionScope, dumps

CANARY = "CANARY-deploy-41c7-DO-NOT-LEAK"
KEY = "fake-fingerprint-key-for-tests-only"


@pytest.fixture
def classifier() -> Classifier:
    return Classifier(Fingerprinter(KEY.encode()))


def _deployment(**properties: object) -> dict[str, object]:
    rid = f"/subscriptions/{SUB}/resourceGroups/rg-app/providers/Microsoft.Resources/deployments/d1"
    return {
        "id": rid,
        "name": "d1",
        "type": "Microsoft.Resources/deployments",
        "properties": properties,
    }


def test_plain_values_are_classified_and_secure_ones_never_read(classifier: Classifier) -> None:
    storage_key = "Zm9vYmFyYmF6" * 7 + "ab=="  # 88 characters of fake base64
    item = _deployment(
        parameters={
            "location": {"type": "String", "value": "westeurope"},
            "sqlAdminPassword": {"type": "String", "value": f"Pw-{CANARY}-2026!"},
            "adminPassword": {"type": "SecureString"},
            "tags": {"type": "Object", "value": {"owner": "platform"}},
        },
        outputs={
            "storageConnection": {
                "type": "String",
                "value": "DefaultEndpointsProtocol=https;AccountName=stfake;"
                f"AccountKey={storage_key};EndpointSuffix=core.windows.net",
            },
            "accountName": {"type": "String", "value": "stfake"},
        },
        templateLink={
            "uri": "https://stfake.blob.core.windows.net/templates/main.json",
            "queryString": "sv=2024-11-04&se=2026-12-31T00%3A00%3A00Z&sr=b&sp=r"
            "&sig=q9Zt1xN0fAkEsIgNaTuRe0000000000000000000000%3D",
        },
        provisioningState="Succeeded",
        timestamp="2026-10-12T09:30:00.1234567Z",
    )
    deployment = parse_deployment(item, classifier)
    assert deployment is not None
    assert deployment.values_read == 5  # the secure parameter has no value to read
    found = {(c.source, c.name) for c in deployment.credentials}
    assert found == {
        ("parameter", "sqlAdminPassword"),
        ("output", "storageConnection"),
        ("template_link", "templateLink.queryString"),
    }
    text = dumps(make_snapshot(deployment))
    assert CANARY not in text and storage_key not in text and "q9Zt1x" not in text
    assert all(len(c.fingerprint) == 64 for c in deployment.credentials)


def test_the_real_recording_and_the_published_example_hold_no_credential(
    classifier: Classifier,
) -> None:
    recording = yaml.safe_load(
        shared_file(
            "azure-recordings", "resources-deployments-rg-create-get-list-parameters.yaml"
        ).read_text()
    )
    listed = next(
        json.loads(i["response"]["body"]["string"])
        for i in recording["interactions"]
        if i["request"]["method"] == "GET"
        and i["request"]["uri"].split("?")[0].endswith("/deployments/")
    )
    (item,) = listed["value"]
    deployment = parse_deployment(item, classifier)
    assert deployment is not None
    assert (deployment.resource_group, deployment.values_read, deployment.credentials) == (
        "rgname",
        2,
        (),
    )
    example = json.loads(
        shared_file(
            "azure-api-examples", "Microsoft.Resources", "deployments-create-at-resource-group.json"
        ).read_text()
    )
    body = example["responses"]["200"]["body"]
    parsed = parse_deployment(body, classifier)
    assert parsed is not None and parsed.provisioning_state == "Succeeded"


def test_one_finding_per_scope_naming_the_leaking_deployments() -> None:
    other = make_resource_group("rg-clean")
    empty = make_resource_group("rg-empty")
    snap = make_snapshot(
        make_subscription(SUB, name="sub"),
        make_resource_group("rg-app"),
        other,
        empty,
        make_deployment("infra-1", leaks=("sqlAdminPassword",)),
        make_deployment("infra-2"),
        make_deployment("app-1", rg="rg-clean"),
        make_deployment("landing-zone", rg=None, leaks=("vpnSharedKey",)),
    )
    results = run_checks(snap, "SE09-4.3")
    assert by_status(results) == {
        "fail": {"rg-app", "sub history"},
        "pass": {"rg-clean"},
        "not_applicable": {"rg-empty"},
    }
    text = message_of(results, "rg-app")
    assert "1 of 2 deployments" in text and "infra-1: parameter sqlAdminPassword" in text
    # Kept to one resource group, the subscription's own history was not read: no finding on it.
    one_group = snap.model_copy(update={"scope": CollectionScope(resource_group="rg-app")})
    assert "sub history" not in by_status(run_checks(one_group, "SE09-4.3"))["fail"]


def test_a_history_that_could_not_be_read_is_unknown_not_empty() -> None:
    sub_history = f"/subscriptions/{SUB}/providers/Microsoft.Resources/deployments"
    snap = make_snapshot(
        make_subscription(SUB, name="sub"),
        make_resource_group("rg-locked"),
        make_resource_group("rg-app"),
        make_deployment("infra-2"),
        make_gap("deployments", f"/subscriptions/{SUB}/resourceGroups/rg-locked"),
        make_gap("deployments", sub_history),
    )
    results = run_checks(snap, "SE09-4.3")
    # The subscription's own history is refused; its groups' histories are not affected.
    assert by_status(results) == {"unknown": {"rg-locked", "sub history"}, "pass": {"rg-app"}}
    assert all("403" in f.reason for f in results.findings if f.status.value == "unknown")
