"""The packaged rule files: every example behaves as its rule says, and the checksums are real."""

from __future__ import annotations

import random
import zlib
from pathlib import Path

import pytest
from codescan_helpers import expand

from assess.codescan import RULES_VERSION, Detector, RuleError, load_rules
from assess.codescan import validators as v
from assess.model import Severity

RULES = load_rules()
DETECTOR = Detector(RULES)

MATCH_CASES = [
    (r.id, expand(ex, f"{r.id}/{i}")) for r in RULES for i, ex in enumerate(r.examples_match)
]
NOMATCH_CASES = [
    (r.id, expand(ex, f"{r.id}/no/{i}")) for r in RULES for i, ex in enumerate(r.examples_nomatch)
]


def test_rule_set_is_versioned_and_covers_the_families() -> None:
    assert RULES.version == RULES_VERSION and RULES_VERSION
    assert len(RULES.digest) == 64
    assert {
        "azure",
        "aws",
        "github",
        "generic",
        "private-key",
        "gcp",
        "jwt",
        "slack",
        "stripe",
    } <= set(RULES.families())
    assert all(isinstance(r.severity, Severity) for r in RULES)


def test_every_rule_has_examples_both_ways() -> None:
    missing = [r.id for r in RULES if not r.examples_match or not r.examples_nomatch]
    assert missing == []


@pytest.mark.parametrize(
    ("rule_id", "example"), MATCH_CASES, ids=[f"{r}-{i}" for i, (r, _) in enumerate(MATCH_CASES)]
)
def test_example_is_reported_under_its_rule(rule_id: str, example: str) -> None:
    assert rule_id in {m.rule_id for m in DETECTOR.scan_text(example)}


@pytest.mark.parametrize(
    ("rule_id", "example"),
    NOMATCH_CASES,
    ids=[f"{r}-{i}" for i, (r, _) in enumerate(NOMATCH_CASES)],
)
def test_counter_example_is_not_reported_under_its_rule(rule_id: str, example: str) -> None:
    assert rule_id not in {m.rule_id for m in DETECTOR.scan_text(example)}


def test_every_match_example_contains_an_anchor_of_its_rule() -> None:
    for rule in RULES:
        for example in rule.examples_match:
            example = expand(example, rule.id)
            hay = example.lower() if rule.anchors_ignore_case else example
            anchors = [a.lower() if rule.anchors_ignore_case else a for a in rule.anchors]
            assert any(a in hay for a in anchors), rule.id


def _write(tmp_path: Path, body: str) -> Path:
    (tmp_path / "fam.toml").write_text(body, encoding="utf-8")
    return tmp_path


GOOD = """
[[rule]]
id = "fake-rule"
description = "A fake rule."
severity = "high"
pattern = 'ZQW-[0-9]{8}'
anchors = ["ZQW-"]
"""


def test_a_minimal_rule_file_loads_with_its_family_from_the_file_name(tmp_path: Path) -> None:
    rules = load_rules(_write(tmp_path, GOOD))
    assert [(r.id, r.family, r.severity) for r in rules] == [("fake-rule", "fam", Severity.HIGH)]
    assert [m.rule_id for m in Detector(rules).scan_text("x ZQW-31415926 y")] == ["fake-rule"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('severity = "high"', 'severity = "urgent"'), "severity"),
        (("pattern = 'ZQW-[0-9]{8}'", "pattern = 'ZQW-[0-9'"), "regular expression"),
        (('anchors = ["ZQW-"]', 'anchors = ["Z"]'), "anchors"),
        (('id = "fake-rule"', 'id = "Fake Rule"'), "rule id"),
        (('anchors = ["ZQW-"]', 'anchors = ["ZQW-"]\nvalidator = "nope"'), "validator"),
        (('anchors = ["ZQW-"]', 'anchors = ["ZQW-"]\nexmaples_match = []'), "unknown keys"),
    ],
)
def test_malformed_rules_are_refused(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    with pytest.raises(RuleError, match=message):
        load_rules(_write(tmp_path, GOOD.replace(*change)))


def test_duplicate_rule_ids_are_refused(tmp_path: Path) -> None:
    (tmp_path / "other.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(RuleError, match="defined twice"):
        load_rules(_write(tmp_path, GOOD))


# --- checksum validators: a valid value passes, one flipped character fails -------------------


def _flip(value: str, index: int) -> str:
    ch = value[index]
    return value[:index] + ("B" if ch != "B" else "C") + value[index + 1 :]


def test_marvin_matches_the_published_test_vectors() -> None:
    seed = 0x004FB61A001BDBCC
    assert v.marvin64(b"", seed) == 0x30ED35C100CD3C7D
    assert v.marvin64(bytes([0xAF]), seed) == 0x48E73FC77D75DDC1


def test_seed_names_are_big_endian_ascii() -> None:
    assert v.seed_from_name("Default0") == 0x44656661756C7430
    assert v.seed_from_name("Functi00") == 0x46756E6374693030


def test_github_checksum_is_crc32_of_the_random_part_in_base62() -> None:
    body = "FakeGitHubTokenForUnitTests000"
    token = v.make_github_token("ghp_", body)
    assert token[-6:] == v.base62_encode(zlib.crc32(body.encode()), 6)
    assert v.github_crc32(token)
    for i in (4, 20, 39):
        assert not v.github_crc32(_flip(token, i))


@pytest.mark.parametrize(
    ("signature", "seed", "nbytes", "url"),
    [
        ("+ASt", "Default0", 64, False),
        ("ACDb", "MastRW00", 64, False),
        ("+ASb", "Listen00", 32, False),
        ("AzCa", "Access00", 32, False),
        ("AzSe", "Query000", 39, False),
        ("AzFu", "Master00", 40, True),
        ("APIM", "Gatewy00", 64, False),
    ],
)
def test_identifiable_keys_are_validated_by_their_marvin_checksum(
    signature: str, seed: str, nbytes: int, url: bool
) -> None:
    key = v.make_identifiable_key("FakeKeyForUnitTests0", signature, seed, nbytes, url)
    assert v.identifiable_key(key, signature=signature, seeds=[seed])
    assert not v.identifiable_key(key, signature=signature, seeds=["Default9"])
    for i in (0, len(key.rstrip("=")) // 2, len(key.rstrip("=")) - 3):
        assert not v.identifiable_key(_flip(key, i), signature=signature, seeds=[seed])
    reported = {m.secret for m in DETECTOR.scan_text(f"key: {key}\n")}
    assert key in reported
    assert not DETECTOR.scan_text(f"key: {_flip(key, 5)}\n")


def test_annotated_key_checksum() -> None:
    key = v.make_cask_key(
        "FakeAnnotatedKeyForUnitTestsOnlyFakeAnnotatedKeyFor0", "AAADfake0000000000", "AZDO"
    )
    assert v.cask_key(key, provider="AZDO")
    assert not v.cask_key(key, provider="AZEG")
    assert not v.cask_key(_flip(key, 10))
    assert not v.cask_key(_flip(key, 82))


def test_entra_secret_checksum() -> None:
    secret = v.make_entra_secret("FakeEntraSecretForUnitTests0000000")
    assert v.entra_client_secret(secret)
    assert not v.entra_client_secret(_flip(secret, 12))
    assert not v.entra_client_secret(_flip(secret, 38))


ENTRA_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890.-_~"


def _entra_reference_digits(first37: str) -> str:
    """The checksum written as the reference library does it: most significant digit first,
    no padding (so a small hash has fewer than six digits)."""
    value = v.marvin32(first37.encode("latin-1"), v.seed_from_name("AadPwd00"))
    digits = ""
    while value:
        value, rem = divmod(value, len(ENTRA_ALPHABET))
        digits = ENTRA_ALPHABET[rem] + digits
    return digits


def _entra_vectors() -> list[tuple[str, str, str]]:
    """(head, reference checksum, six-digit left-padded checksum) for 200 fake secret heads."""
    out = []
    rng = random.Random(7)
    for _ in range(200):
        head = "".join(rng.choice(v.BASE62) for _ in range(3)) + "8Q~"
        head += "".join(rng.choice(v.BASE62) for _ in range(31))
        assert len(head) == 37
        digits = _entra_reference_digits(head)
        out.append((head, digits[:3], digits.rjust(6, ENTRA_ALPHABET[0])[:3]))
    return out


def test_entra_checksum_follows_the_reference_encoding_without_padding() -> None:
    vectors = _entra_vectors()
    short = [(h, ref, pad) for h, ref, pad in vectors if ref != pad]
    # About 29 % of hashes are below 66**5 and have fewer than six digits.
    assert 30 <= len(short) <= 90
    for head, ref, _padded in vectors:
        assert v.aad_checksum(head) == ref
        assert v.entra_client_secret(head + ref)
        assert DETECTOR.scan_text(f'AZURE_CLIENT_SECRET="{head + ref}"')[0].rule_id == (
            "entra-client-secret"
        )
    for head, _ref, padded in short:
        assert not v.entra_client_secret(head + padded)


def test_legacy_devops_pat_checksum() -> None:
    pat = v.make_ado_legacy_pat(b"fake-ado-pat-payload-28bytes")
    assert len(pat) == 52 and v.ado_legacy_pat(pat)
    broken = pat[:30] + ("a" if pat[30] != "a" else "b") + pat[31:]
    assert not v.ado_legacy_pat(broken)


def test_storage_key_size_and_sas_signature_size() -> None:
    key64 = expand("@@bytes:64@@", "storage-key")
    assert v.storage_key(key64, sizes=[64])
    assert not v.storage_key(key64, sizes=[32])
    assert v.sas_signature(expand("@@bytes:32:pct@@", "sas-signature"))
    assert not v.sas_signature("ZmFrZQ%3D%3D")
