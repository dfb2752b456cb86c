"""Collection errors a user meets at the command line: one line, the right exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from azure.core.exceptions import ClientAuthenticationError

from assess import auth
from assess.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    _, err = capsys.readouterr()
    return code, err


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_a_missing_cassette(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, err = run(capsys, "scan", "--replay", str(tmp_path / "none.yaml"), "--all-subscriptions")
    assert code == 2
    assert "none.yaml" in one_line(err)


def test_a_corrupt_cassette(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("interactions: [\n  - {request: ")
    code, err = run(capsys, "scan", "--replay", str(broken), "--all-subscriptions", "-q")
    assert code == 2
    assert "broken.yaml" in one_line(err)


@pytest.mark.parametrize("bad", ["not-a-guid", "1234", "00000000-0000-0000-0000-00000000000Z"])
def test_an_invalid_subscription_id(capsys: pytest.CaptureFixture[str], bad: str) -> None:
    code, err = run(capsys, "scan", "--subscription", bad)
    assert code == 2
    assert bad in one_line(err)


def test_no_scope_at_all(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(capsys, "scan")
    assert code == 2
    assert "--subscription" in one_line(err)


class NoLogin:
    def get_token(self, *scopes: str, **kwargs: object) -> object:
        raise ClientAuthenticationError(
            "DefaultAzureCredential failed to retrieve a token from the included credentials."
        )


def test_no_credential_exits_3_with_a_login_hint(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth, "default_credential", lambda cloud: NoLogin())
    import assess.collect

    monkeypatch.setattr(
        assess.collect, "default_credential", lambda cloud: NoLogin(), raising=False
    )
    code, err = run(capsys, "scan", "--subscription", "00000000-0000-0000-0000-000000000001", "-q")
    assert code == 3
    assert "az login" in one_line(err)
