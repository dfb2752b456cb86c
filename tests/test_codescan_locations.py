"""Where a finding is and what it is called: archive members with their own lines (nested
archives chained in SARIF), whole-file detectors that say why they have no line, and stable ids
that survive a second run, another machine's key and a moved checkout."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from codescan_helpers import CANARY, CANARY_LINE, PASSWORD_LINE, scan, zip_bytes

from assess import redact
from assess.codescan.imports import import_findings
from assess.reporters.sarif import render_code


def _tree(root: Path) -> Path:
    (root / "src").mkdir(parents=True)
    (root / "src" / "a.py").write_text("import boto3\n" + CANARY_LINE + CANARY_LINE)
    (root / "src" / "b.py").write_text("# same key, another file\n" + CANARY_LINE)
    (root / "dist").mkdir()
    inner = zip_bytes({"conf/db.properties": b"# settings\n\n" + PASSWORD_LINE.encode()})
    (root / "dist" / "app.war").write_bytes(zip_bytes({"WEB-INF/lib/inner.jar": inner}))
    return root


def _unkeyed(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, int, str]]:
    monkeypatch.delenv(redact.ENV_KEY, raising=False)
    result = scan(root, fingerprint_key=None)
    return [(f.path, f.rule_id, f.line, f.id) for f in result.findings]


def test_ids_are_stable_across_runs_and_moved_checkouts_without_a_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _unkeyed(_tree(tmp_path / "one"), monkeypatch)
    second = _unkeyed(tmp_path / "one", monkeypatch)
    moved = tmp_path / "elsewhere" / "checkout"
    shutil.copytree(tmp_path / "one", moved)
    third = _unkeyed(moved, monkeypatch)
    assert first == second == third
    assert [(path, line) for path, _, line, _ in first] == [
        ("dist/app.war!WEB-INF/lib/inner.jar!conf/db.properties", 3),
        ("src/a.py", 2),
        ("src/a.py", 3),
        ("src/b.py", 2),
    ]
    # Every finding has its own id, the same line twice in one file included.
    assert len({row[3] for row in first}) == 4


def test_one_value_in_two_places_is_two_findings_in_one_value_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(redact.ENV_KEY, raising=False)
    result = scan(_tree(tmp_path), fingerprint_key=None)
    canaries = [f for f in result.findings if f.rule_id == "aws-access-key-id"]
    assert len(canaries) == 3
    assert len({f.id for f in canaries}) == 3
    assert len({f.value_group for f in canaries}) == 1
    password = next(f for f in result.findings if f.rule_id != "aws-access-key-id")
    assert password.value_group != canaries[0].value_group


def test_ids_follow_the_line_without_the_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(redact.ENV_KEY, raising=False)
    (tmp_path / "a.py").write_text(CANARY_LINE)
    before = scan(tmp_path, fingerprint_key=None).findings[0].id
    # Lines added above and re-indentation keep the id; the id holds nothing of the value.
    (tmp_path / "a.py").write_text("import os\n\n    " + CANARY_LINE.replace(" = ", "  =  "))
    assert scan(tmp_path, fingerprint_key=None).findings[0].id == before
    # Another name on the line is another finding.
    (tmp_path / "a.py").write_text(CANARY_LINE.replace("aws_access_key_id", "backup_key_id"))
    assert scan(tmp_path, fingerprint_key=None).findings[0].id != before


def test_with_a_stable_key_ids_follow_the_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(redact.ENV_KEY, "a-stable-key-of-our-own-0123456789")
    (tmp_path / "a.py").write_text(CANARY_LINE)
    first = scan(tmp_path, fingerprint_key=None).findings[0]
    (tmp_path / "a.py").write_text(f'creds = {{"id": "{CANARY}"}}\n')
    second = scan(tmp_path, fingerprint_key=None).findings[0]
    assert first.id == second.id and first.fingerprint == second.fingerprint


def test_nested_archive_members_carry_their_own_lines_in_sarif(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(redact.ENV_KEY, raising=False)
    result = scan(_tree(tmp_path))
    document = json.loads(render_code(result))
    run = document["runs"][0]
    (member,) = [r for r in run["results"] if "archivePath" in r["properties"]]
    physical = member["locations"][0]["physicalLocation"]
    assert physical["region"] == {"startLine": 3, "startColumn": 13}
    chain = []
    index = physical["artifactLocation"]["index"]
    while index is not None:
        artifact = run["artifacts"][index]
        chain.append(artifact["location"]["uri"])
        index = artifact.get("parentIndex")
    assert chain == ["conf/db.properties", "WEB-INF/lib/inner.jar", "dist/app.war"]
    assert physical["artifactLocation"]["uri"] == "conf/db.properties"
    # Read back (as another scanner's report would be), the member path is whole again.
    report = tmp_path / "scan.sarif"
    report.write_text(json.dumps(document))
    _, found = import_findings(report, key=b"k" * 32)
    assert ("dist/app.war!WEB-INF/lib/inner.jar!conf/db.properties", 3) in [
        (f.path, f.line) for f in found
    ]
    assert CANARY not in json.dumps(document)


def test_a_whole_file_detector_says_why_it_has_no_line(tmp_path: Path) -> None:
    # A PKCS#12 container by its name alone (content that does not parse).
    (tmp_path / "client.pfx").write_bytes(bytes(range(256)) * 4)
    (finding,) = scan(tmp_path).findings
    assert finding.line == 0
    assert finding.location_note == "binary file judged as a whole; no lines"
    region = json.loads(render_code(scan(tmp_path)))["runs"][0]["results"][0]["locations"][0]
    assert region["physicalLocation"]["region"] == {"byteOffset": 0, "byteLength": 1024}


def test_every_finding_has_a_line_or_a_reason(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "client.pfx").write_bytes(bytes(range(256)))
    result = scan(tmp_path)
    assert result.findings
    assert all(f.line >= 1 or f.location_note for f in result.findings)


# ---- binaries read as strings -------------------------------------------------------------------
def _native_library(*strings: bytes) -> bytes:
    """An ELF-like blob: a header, machine code-ish noise, then string constants."""
    noise = bytes((i * 37 + 11) % 256 for i in range(4096)).replace(b"\x7f", b"\x00")
    return b"\x7fELF\x02\x01\x01\x00" + noise + b"\x00".join(strings) + b"\x00" + noise


def test_ascii_and_utf16_strings_in_binaries_are_scanned_with_offsets(tmp_path: Path) -> None:
    utf16 = f"Token={CANARY};".encode("utf-16-le")
    data = _native_library(b"libfoo init", CANARY_LINE.encode(), b"\x01\x02" + utf16)
    (tmp_path / "libfoo.so").write_bytes(data)
    result = scan(tmp_path)
    assert [(f.rule_id, f.path, f.line, f.offset) for f in result.findings] == [
        ("aws-access-key-id", "libfoo.so", 0, data.index(CANARY.encode())),
        ("aws-access-key-id", "libfoo.so", 0, data.index(CANARY.encode("utf-16-le"))),
    ]
    assert all(f.location_note for f in result.findings)
    sarif = json.loads(render_code(result))["runs"][0]["results"]
    assert sarif[1]["locations"][0]["physicalLocation"]["region"]["byteOffset"] == data.index(
        CANARY.encode("utf-16-le")
    )
    assert CANARY not in json.dumps(sarif)


def test_a_compiled_class_inside_a_jar_is_read_for_strings(tmp_path: Path) -> None:
    # A class file's constant pool keeps string literals as length-prefixed UTF-8.
    constant = CANARY_LINE.strip().encode()
    klass = b"\xca\xfe\xba\xbe\x00\x00\x00\x34\x00\x10\x01" + bytes([0, len(constant)]) + constant
    (tmp_path / "app.jar").write_bytes(zip_bytes({"com/acme/Config.class": klass + b"\x00" * 64}))
    (finding,) = scan(tmp_path).findings
    assert finding.path == "app.jar!com/acme/Config.class"
    assert finding.offset == klass.index(CANARY.encode())


def test_media_is_not_read_for_strings_and_large_binaries_say_what_was_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assess.codescan import binstrings

    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + CANARY_LINE.encode())
    result = scan(tmp_path)
    assert result.findings == () and result.skipped["binary_media"] == 1
    (tmp_path / "logo.png").unlink()
    monkeypatch.setattr(binstrings, "MAX_BYTES", 1 << 16)
    big = _native_library(b"x" * 8) + b"\x00" * (1 << 17) + CANARY_LINE.encode()
    (tmp_path / "big.bin").write_bytes(big)
    result = scan(tmp_path)
    assert result.findings == ()
    assert result.unreadable == ("big.bin",)
    assert "was not read for strings" in result.errors[0]


def test_runs_are_not_split_between_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from assess.codescan import binstrings

    monkeypatch.setattr(binstrings, "BLOCK_BYTES", 1000)
    data = b"\x01" * 990 + CANARY_LINE.encode() + b"\x02" * 50
    runs = list(binstrings.string_runs(io.BytesIO(data)))
    texts = [line for r in runs for line in r.text.split("\n")]
    assert CANARY_LINE.strip() in texts
    (holder,) = [r for r in runs if CANARY in r.text]
    assert holder.byte_offset(holder.text.index(CANARY)) == data.index(CANARY.encode())
