"""Redacted previews, keyed fingerprints and allowlist entries that survive across runs."""

from __future__ import annotations

import pytest

from assess.errors import InputError
from assess.redact import ENV_KEY, AllowEntry, Fingerprinter, allow_entry, allowlisted, preview

CANARY = "FakeCanary-9f8e7d6c5b4a-NotASecret"


def test_preview_keeps_at_most_four_leading_characters_and_the_length() -> None:
    assert preview("AKIAFAKEFAKEFAKE2345") == "AKIA…(20 chars)"
    assert preview(CANARY) == "Fake…(34 chars)"
    assert preview("Fake-pw") == "F…(7 chars)"
    assert preview("abc") == "…(3 chars)"
    assert preview("") == "…(0 chars)"


def test_fingerprints_are_stable_within_a_run_and_differ_between_runs() -> None:
    run1, run2 = Fingerprinter(), Fingerprinter()
    assert run1.fingerprint(CANARY) == run1.fingerprint(CANARY)
    assert run1.fingerprint(CANARY) != run1.fingerprint(CANARY + "x")
    assert run1.fingerprint(CANARY) != run2.fingerprint(CANARY)
    assert len(run1.fingerprint(CANARY)) == 64


def test_a_given_key_gives_the_same_fingerprint_in_every_run() -> None:
    key = b"fake-stable-key-for-tests"
    assert Fingerprinter(key).fingerprint(CANARY) == Fingerprinter(key).fingerprint(CANARY)


def test_stable_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_KEY, "fake-stable-key-for-tests")
    assert Fingerprinter.from_env().fingerprint(CANARY) == Fingerprinter.from_env().fingerprint(
        CANARY
    )
    assert Fingerprinter.from_env().stable
    monkeypatch.setenv(ENV_KEY, "short")
    with pytest.raises(InputError, match=ENV_KEY):
        Fingerprinter.from_env()
    monkeypatch.delenv(ENV_KEY)
    assert not Fingerprinter.from_env().stable


def test_allowlist_entries_work_across_runs_and_round_trip_as_text() -> None:
    entry = allow_entry(CANARY)
    text = str(entry)
    assert text.startswith("hmac-sha256:")
    # A later run knows only the text form and a new random fingerprint key.
    assert allowlisted(CANARY, [text])
    assert allowlisted(CANARY, [AllowEntry.parse(text)])
    assert not allowlisted(CANARY + "x", [text])
    assert not allowlisted(CANARY, [str(allow_entry("another-fake-value"))])
    assert allow_entry(CANARY).salt != entry.salt  # a fresh salt each time


@pytest.mark.parametrize("bad", ["sha256:00:00", "hmac-sha256:zz:zz", "hmac-sha256:00:00"])
def test_malformed_allowlist_entries_are_a_clear_error(bad: str) -> None:
    with pytest.raises(InputError):
        allowlisted(CANARY, [bad])


def test_nothing_here_shows_the_value_or_the_key() -> None:
    key = b"fake-stable-key-for-tests"
    fp = Fingerprinter(key)
    entry = allow_entry(CANARY)
    shown = " ".join(
        [repr(fp), str(fp), repr(entry), str(entry), preview(CANARY), fp.fingerprint(CANARY)]
    )
    assert CANARY not in shown and CANARY[:8] not in shown
    assert key.decode() not in shown
