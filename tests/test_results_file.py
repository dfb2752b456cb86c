"""The results file (``--format json``): sized for a tenant, read back to the same results, and
still readable when an earlier release wrote it (version 1)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from results_factory import hostile_results, large_results, rich_results

from assess.cli import main
from assess.errors import InputError, SchemaVersionError
from assess.results import load_results, parse_results, results_json
from assess.snapshot import dumps


@pytest.mark.parametrize("make", [rich_results, hostile_results, large_results])
def test_the_file_reads_back_to_the_same_results_and_writes_the_same_bytes(make) -> None:  # type: ignore[no-untyped-def]
    results = make()
    text = results_json(results)
    again = parse_results(json.loads(text))
    assert again == results  # every finding whole: resource, item, severity, evidence, id
    assert results_json(again) == text


def test_each_resource_and_each_check_s_shared_evidence_is_written_once() -> None:
    results = large_results(n_findings=4_000, n_resources=200)
    data = json.loads(results_json(results))
    assert len(data["resources"]) == len(
        {(f.resource_id, f.resource_name, f.resource_type) for f in results.findings}
    )
    assert len(data["resources"]) <= len(results.findings) / 4
    for stored in data["findings"]:
        assert set(stored) <= {
            "check_id",
            "status",
            "resource",
            "message",
            "evidence",
            "reason",
            "cause",
            "waiver",
        }
        shared = data["evidence"].get(stored["check_id"], {})
        # what the check's findings share is not repeated in each of them
        assert not any(
            stored.get("evidence", {}).get(k) == v for k, v in shared.items() if k != "observed"
        )


def test_the_file_grows_linearly_with_findings() -> None:
    small = len(results_json(large_results(n_findings=2_000, n_resources=400)).encode())
    big = len(results_json(large_results(n_findings=20_000, n_resources=4_000)).encode())
    catalog = len(results_json(large_results(n_findings=1, n_resources=1)).encode())
    per_small = (small - catalog) / 2_000
    per_big = (big - catalog) / 20_000
    assert per_big <= per_small * 1.1


def test_the_file_follows_the_published_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "results"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.validate(json.loads(results_json(rich_results())), schema)


def test_a_version_1_file_from_an_earlier_release_still_reads(tmp_path: Path) -> None:
    results = rich_results()
    old = json.loads(dumps(results))  # version 1 wrote each finding whole
    old["schema_version"] = "1"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    read = load_results(path)
    assert (read.findings, read.scores, read.run) == (results.findings, results.scores, results.run)


def test_a_finding_that_names_a_missing_resource_is_a_clear_error() -> None:
    data = json.loads(results_json(rich_results()))
    data["findings"][0]["resource"] = len(data["resources"])
    with pytest.raises(InputError, match="not a valid results file: finding 0 names a check or"):
        parse_results(data, "broken.json")


def test_another_version_is_refused_naming_the_versions_read() -> None:
    with pytest.raises(SchemaVersionError, match="reads versions '1', '2'"):
        parse_results({"schema_version": "3"}, "future.json")


def test_a_problem_under_a_key_with_a_line_break_is_still_one_line() -> None:
    data = json.loads(results_json(rich_results()))
    data["evidence"]["SE09-2.1\nforged: line"] = 5
    with pytest.raises(InputError) as caught:
        parse_results(data, "odd.json")
    assert "\n" not in str(caught.value) and "SE09-2.1\\nforged" in str(caught.value)
