"""One credential in three places, end to end: the same canary planted in a production app's
setting, a development slot's setting and a scanned file is one shared-credential group in the
results, fails SE09-1.60 and SE09-4.60, and appears in no output, log, snapshot or recording.

``assess scan --debug --record --repo`` runs against the Resource Manager stand-in (the demo
tenant); every report format, the snapshot, the recording, stdout, stderr and the PDF's text are
searched for the canary.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from harness import CASSETTE, scan_every_output
from standin import Fault, StandIn, json_edit

CANARY = "SharedCanary-6c1e-Vb8Nq3Lk2Wp9"


def _plant_prod(data: Any, standin: StandIn, path: str) -> Any:
    data["properties"]["Partner__ApiPassword"] = CANARY
    return data


def _plant_slot(data: Any, standin: StandIn, path: str) -> Any:
    data["properties"]["PARTNER_API_PASSWORD"] = f'  "{CANARY}" '
    return data


@pytest.mark.slow
def test_one_canary_in_three_places_is_one_group_and_leaves_no_trace(
    trust: None, certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "settings.py").write_text(f'PARTNER_API_PASSWORD = "{CANARY}"\n')
    with StandIn(CASSETTE, *certificate) as standin:
        standin.faults += [
            Fault(r"/sites/app-payments-prod/config/appsettings/list", json_edit(_plant_prod)),
            Fault(
                r"/sites/app-payments-dev/slots/preview/config/appsettings/list",
                json_edit(_plant_slot),
            ),
        ]
        results, texts = scan_every_output(standin, tmp_path, repo)
    groups = [
        {(p["resource_name"], p["setting"]) for p in g["places"]}
        for g in results["shared_credentials"]
    ]
    assert {
        ("app-payments-prod", "Partner__ApiPassword"),
        ("app-payments-dev/preview", "PARTNER_API_PASSWORD"),
        ("repo", "settings.py:1"),
    } in groups
    failing = {(f["check_id"], f["status"]) for f in results["findings"]}
    assert ("SE09-1.60", "fail") in failing and ("SE09-4.60", "fail") in failing
    for name, text in texts.items():
        assert CANARY not in text, f"the canary reached {name}"
