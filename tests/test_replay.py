"""Replay: offline, exact, and one clear line when the cassette cannot serve the run."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from test_collect_support import SUB_A, UNIT, replay_options

from assess.collect import CollectOptions, collect_snapshot
from assess.errors import InputError
from assess.progress import NullProgress


def test_replay_opens_no_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        opened.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))  # type: ignore[arg-type]
    snapshot = collect_snapshot(replay_options("tenant-gaps.yaml"), NullProgress())
    assert opened == []
    assert len(snapshot.vaults) == 3
    # No call failed for lack of network: every gap is a recorded 403.
    assert {g.status_code for g in snapshot.gaps} == {403}


def test_a_request_missing_from_the_cassette_fails_with_one_line() -> None:
    # The paging cassette has no subscription GET: nothing may be fetched from the network.
    options = CollectOptions(subscriptions=(SUB_A,), replay=UNIT / "paging-vaults.yaml")
    with pytest.raises(InputError) as caught:
        collect_snapshot(options, NullProgress())
    message = str(caught.value)
    assert "has no recorded answer for GET https://management.azure.com/subscriptions/" in message
    assert "\n" not in message


def test_missing_cassette_is_an_input_error(tmp_path: Path) -> None:
    options = CollectOptions(subscriptions=(SUB_A,), replay=tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="cassette file not found"):
        collect_snapshot(options, NullProgress())


@pytest.mark.parametrize(
    "content",
    ["interactions: [unclosed\n", "just a string\n", "interactions:\n- request: {}\n", "\x00\x01"],
)
def test_corrupt_cassette_is_an_input_error(tmp_path: Path, content: str) -> None:
    cassette = tmp_path / "bad.yaml"
    cassette.write_text(content)
    options = CollectOptions(subscriptions=(SUB_A,), replay=cassette)
    with pytest.raises(InputError) as caught:
        collect_snapshot(options, NullProgress())
    assert "not a valid cassette" in str(caught.value) and "\n" not in str(caught.value)
