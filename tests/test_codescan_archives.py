"""Build artifacts: nested archives are opened; bombs and damaged archives end in a record, not a hang."""

from __future__ import annotations

import io
import tarfile
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from codescan_helpers import CANARY_LINE, PASSWORD_LINE, scan, tar_bytes, zip_bytes
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assess.codescan.allowlist import Allowlist
from assess.codescan.scan import FileScanner, Report, ScanOptions, WorkerConfig


def test_nested_archives_are_opened_with_member_paths(tmp_path: Path) -> None:
    jar = zip_bytes(
        {"META-INF/MANIFEST.MF": b"Manifest-Version: 1.0\n", "app.properties": CANARY_LINE.encode()}
    )
    war = zip_bytes({"WEB-INF/lib/core.jar": jar, "WEB-INF/web.xml": b"<web-app/>\n"})
    (tmp_path / "release.tar.gz").write_bytes(
        tar_bytes({"dist/app.war": war, "dist/notes.txt": PASSWORD_LINE.encode()})
    )
    (tmp_path / "pkg.whl").write_bytes(zip_bytes({"pkg/config.py": CANARY_LINE.encode()}))
    (tmp_path / "lib.nupkg").write_bytes(zip_bytes({"content/app.config": CANARY_LINE.encode()}))
    (tmp_path / "plain.tar").write_bytes(tar_bytes({"etc/app.ini": CANARY_LINE.encode()}, mode="w"))
    result = scan(tmp_path)
    assert [(f.path, f.line) for f in result.findings] == [
        ("lib.nupkg!content/app.config", 1),
        ("pkg.whl!pkg/config.py", 1),
        ("plain.tar!etc/app.ini", 1),
        ("release.tar.gz!dist/app.war!WEB-INF/lib/core.jar!app.properties", 1),
        ("release.tar.gz!dist/notes.txt", 1),
    ]
    assert result.bombs == ()


def test_depth_limit_is_a_bomb_record(tmp_path: Path) -> None:
    data = zip_bytes({"deep.txt": CANARY_LINE.encode()})
    for level in range(5):
        data = zip_bytes({f"level{level}.zip": data})
    (tmp_path / "nest.zip").write_bytes(data)
    result = scan(tmp_path, max_archive_depth=3)
    assert result.findings == ()
    assert [(b.limit, b.path) for b in result.bombs] == [
        ("depth", "nest.zip!level4.zip!level3.zip!level2.zip")
    ]
    deeper = scan(tmp_path, max_archive_depth=10)
    assert [f.path.count("!") for f in deeper.findings] == [6]


def test_member_count_limit(tmp_path: Path) -> None:
    (tmp_path / "many.zip").write_bytes(zip_bytes({f"f{i}.txt": b"x" for i in range(50)}))
    result = scan(tmp_path, max_archive_members=20)
    assert [b.limit for b in result.bombs] == ["members"]


def test_expanded_size_limit_counts_nested_members(tmp_path: Path) -> None:
    inner = zip_bytes({f"part{i}.txt": b"a" * 300_000 for i in range(4)})
    (tmp_path / "big.zip").write_bytes(zip_bytes({"a.zip": inner, "b.zip": inner}))
    result = scan(tmp_path, max_expanded_bytes=2_000_000, max_ratio=1e9)
    assert [b.limit for b in result.bombs] == ["expanded_bytes"]


def test_compression_ratio_limit_zip_and_tar(tmp_path: Path) -> None:
    zeros = b"\0" * (8 << 20)
    (tmp_path / "bomb.zip").write_bytes(
        zip_bytes({"zeros.bin": zeros, "z.properties": CANARY_LINE.encode()})
    )
    (tmp_path / "bomb.tgz").write_bytes(tar_bytes({"zeros.bin": zeros}))
    result = scan(tmp_path, max_ratio=50)
    # A zip member is skipped alone (the rest is still read); a tar stream stops there.
    assert sorted((b.path, b.limit) for b in result.bombs) == [
        ("bomb.tgz", "ratio"),
        ("bomb.zip!zeros.bin", "ratio"),
    ]
    assert [f.path for f in result.findings] == ["bomb.zip!z.properties"]


def test_lying_zip_header_cannot_expand_past_what_it_declares(tmp_path: Path) -> None:
    data = bytearray(zip_bytes({"a.txt": CANARY_LINE.encode() * 10}, zipfile.ZIP_STORED))
    # Shrink the declared size in the central directory: the reader must stop there.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (5).to_bytes(4, "little")
    (tmp_path / "liar.zip").write_bytes(bytes(data))
    result = scan(tmp_path)
    assert result.findings == () or all(f.path.startswith("liar.zip") for f in result.findings)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("truncated.zip", zip_bytes({"a.txt": CANARY_LINE.encode() * 100})[:-30]),
        ("garbage.jar", b"PK\x03\x04" + b"\xff" * 200),
        ("truncated.tgz", tar_bytes({"a.txt": b"x" * 10000})[:40]),
        ("not-a.tar.gz", b"just text, not gzip\n"),
    ],
)
def test_damaged_archives_are_reported_not_fatal(tmp_path: Path, name: str, data: bytes) -> None:
    (tmp_path / name).write_bytes(data)
    (tmp_path / "ok.py").write_text(CANARY_LINE)
    result = scan(tmp_path)
    assert [f.path for f in result.findings] == ["ok.py"]
    assert result.errors and result.errors[0].startswith(name)


def test_encrypted_zip_members_are_skipped(tmp_path: Path) -> None:
    data = bytearray(zip_bytes({"secret.txt": CANARY_LINE.encode()}, zipfile.ZIP_STORED))
    for marker in (b"PK\x03\x04", b"PK\x01\x02"):
        at = data.find(marker)
        offset = 6 if marker == b"PK\x03\x04" else 8
        data[at + offset] |= 0x1
    (tmp_path / "locked.zip").write_bytes(bytes(data))
    assert scan(tmp_path).findings == ()


# ---- fuzzing: random bytes and damaged archives never crash, hang or grow without bound -----------
def _scanner(**limits: int) -> FileScanner:
    options = ScanOptions(
        max_archive_depth=3, max_archive_members=200, max_expanded_bytes=4 << 20, **limits
    )
    return FileScanner(
        WorkerConfig(
            engine="auto",
            key=b"k" * 32,
            limits=options.limits,
            allowlist=Allowlist(),
            window_chars=4096,
            overlap_chars=256,
        )
    )


SCANNER = _scanner()
SEED_ARCHIVES = [
    zip_bytes({"a.txt": CANARY_LINE.encode(), "b/c.zip": zip_bytes({"d.txt": b"x" * 100})}),
    tar_bytes({"a.txt": CANARY_LINE.encode(), "b.zip": zip_bytes({"c": b"y" * 50})}),
    tar_bytes({"a.txt": b"hello"}, mode="w:bz2"),
    tar_bytes({"a.txt": b"hello"}, mode="w:xz"),
]


def _scan_bytes(name: str, data: bytes) -> Report:
    report = Report()
    SCANNER.scan_stream(io.BytesIO(data), name, len(data), report, depth=0, budget=None)
    return report


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(["x.zip", "x.jar", "x.tar", "x.tgz", "x.tar.xz", "x.txt", "x.ipynb", "x"]),
    data=st.binary(max_size=4096),
)
def test_fuzz_random_bytes(name: str, data: bytes) -> None:
    report = _scan_bytes(name, data)
    assert report.bytes <= len(data) + 1


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# A gzip stream cut inside its header once escaped as a TypeError from tarfile.
@example(seed=1, edits=[], cut=3)
@given(
    seed=st.sampled_from(range(len(SEED_ARCHIVES))),
    edits=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=12),
    cut=st.integers(min_value=0, max_value=1 << 16),
)
def test_fuzz_damaged_archives(seed: int, edits: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(SEED_ARCHIVES[seed])
    for position, value in edits:
        data[position % len(data)] = value
    data = data[: max(cut, 1)] if cut < len(data) else data
    name = "x.zip" if data[:2] == b"PK" else "x.tar.gz"
    report = _scan_bytes(name, bytes(data))
    # Bounded: never more than the budget, however the headers lie.
    assert report.bytes <= (4 << 20) + 8192


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=3000), cut=st.integers(0, 3000))
def test_fuzz_text_windows_agree_with_one_pass(text: str, cut: int) -> None:
    body = text[:cut] + CANARY_LINE + text[cut:]
    one = Report()
    SCANNER.scan_text([body], "f.txt", one)
    many = Report()
    SCANNER.scan_text([body[i : i + 700] for i in range(0, len(body), 700)], "f.txt", many)
    assert [(f.rule_id, f.line, f.column) for f in one.findings] == [
        (f.rule_id, f.line, f.column) for f in many.findings
    ]


def test_tar_member_sizes_are_charged_before_reading(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for index in range(3):
            info = tarfile.TarInfo(f"blob{index}.bin")
            info.size = 3 << 20
            archive.addfile(info, io.BytesIO(b"\0" * info.size))
    (tmp_path / "skip.tgz").write_bytes(buffer.getvalue())
    result = scan(tmp_path, max_expanded_bytes=5 << 20, max_ratio=1e9)
    assert [b.limit for b in result.bombs] == ["expanded_bytes"]


def test_memory_stays_bounded_on_a_large_compressed_member(tmp_path: Path) -> None:
    line = b"let x = 'abcdefghijklmnopqrstuvwxyz0123456789';\n"
    body = line * ((24 << 20) // len(line))
    (tmp_path / "huge.zip").write_bytes(zip_bytes({"bundle.js": body + CANARY_LINE.encode()}))
    tracemalloc.start()
    try:
        result = scan(tmp_path, max_ratio=1e9)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [f.path for f in result.findings] == ["huge.zip!bundle.js"]
    assert result.findings[0].line == body.count(b"\n") + 1
    assert peak < 24 << 20  # the member is never held whole (windows of 1 MiB)
