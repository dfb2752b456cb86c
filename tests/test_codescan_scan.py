"""The scan driver: walking, .gitignore, encodings, notebooks, long lines, windows, allowlists."""

from __future__ import annotations

import codecs
import json
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from codescan_helpers import (
    CANARY,
    CANARY_LINE,
    PASSWORD,
    PASSWORD_LINE,
    assert_no_canary,
    git,
    init_repo,
    notebook,
    rules_at,
    scan,
)

from assess.codescan import scan as scan_module
from assess.codescan.allowlist import Allowlist, AllowRule, load_allowlist
from assess.codescan.scan import ScanOptions, scan_paths
from assess.errors import InputError
from assess.redact import allow_entry


def test_finds_credentials_with_place_and_redacted_value(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "settings.py").write_text("# config\n" + CANARY_LINE + PASSWORD_LINE)
    (tmp_path / "README.md").write_text("nothing to see\n")
    result = scan(tmp_path)
    assert rules_at(result) == [
        ("aws-access-key-id", "src/settings.py", 2, 22),
        ("generic-secret-assignment", "src/settings.py", 3, 13),
    ]
    aws = result.findings[0]
    assert aws.preview.startswith("AKIA") and "20" in aws.preview
    assert aws.fingerprint and CANARY not in aws.fingerprint
    assert result.files_scanned == 2
    assert_no_canary([json.dumps(asdict(result))])


def test_same_value_twice_has_one_fingerprint(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(CANARY_LINE)
    (tmp_path / "b.cfg").write_text(f"key={CANARY}\n")
    result = scan(tmp_path)
    aws = [f for f in result.findings if f.rule_id == "aws-access-key-id"]
    assert [f.path for f in aws] == ["a.py", "b.cfg"]
    assert aws[0].fingerprint == aws[1].fingerprint


def test_gitignore_honoured_in_a_repository_and_switchable(tmp_path: Path) -> None:
    init_repo(tmp_path)
    (tmp_path / ".gitignore").write_text("build/\n*.log\n")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "out.py").write_text(CANARY_LINE)
    (tmp_path / "debug.log").write_text(PASSWORD_LINE)
    (tmp_path / "app.py").write_text(CANARY_LINE)
    assert {f.path for f in scan(tmp_path).findings} == {"app.py"}
    everything = scan(tmp_path, gitignore=False)
    assert {f.path for f in everything.findings} == {"app.py", "build/out.py", "debug.log"}


def test_gitignore_honoured_outside_git_with_nested_rules(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.secret\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".gitignore").write_text("!keep.secret\nlocal/\n")
    (tmp_path / "sub" / "local").mkdir()
    (tmp_path / "sub" / "local" / "x.py").write_text(CANARY_LINE)
    (tmp_path / "a.secret").write_text(CANARY_LINE)
    (tmp_path / "sub" / "keep.secret").write_text(CANARY_LINE)
    result = scan(tmp_path)
    assert {f.path for f in result.findings} == {"sub/keep.secret"}
    assert result.skipped["ignored"] == 2


def test_binary_files_are_judged_by_content_not_name(tmp_path: Path) -> None:
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02\x03" * 100 + CANARY_LINE.encode())
    (tmp_path / "code.bin").write_bytes(CANARY_LINE.encode())
    result = scan(tmp_path)
    # The text file named .bin is read as text (with lines); the binary one named .txt is read
    # for its strings, and the finding gives the byte offset instead of a line.
    assert [(f.path, f.line, f.offset) for f in result.findings] == [
        ("blob.txt", 0, 400 + CANARY_LINE.index(CANARY)),
        ("code.bin", 1, -1),
    ]
    assert result.findings[0].location_note.startswith("in a string read from binary content")


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("utf8.py", lambda s: s.encode("utf-8")),
        ("utf8bom.py", lambda s: codecs.BOM_UTF8 + s.encode("utf-8")),
        ("utf16le-bom.ps1", lambda s: s.encode("utf-16")),
        ("utf16be-bom.ps1", lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be")),
        ("utf16le-nobom.cs", lambda s: s.encode("utf-16-le")),
        ("utf32.txt", lambda s: s.encode("utf-32")),
        ("latin1.ini", lambda s: s.encode("latin-1")),
    ],
)
def test_encodings(tmp_path: Path, name: str, encode: object) -> None:
    text = "# réglage: clé d'accès\n" + CANARY_LINE
    (tmp_path / name).write_bytes(encode(text))  # type: ignore[operator]
    result = scan(tmp_path)
    assert rules_at(result) == [("aws-access-key-id", name, 2, 22)]


def test_notebook_cells_and_outputs_are_named(tmp_path: Path) -> None:
    cells: list[dict[str, object]] = [
        {"cell_type": "markdown", "source": ["# Notes\n"], "metadata": {}},
        {
            "cell_type": "code",
            "source": ["import os\n", CANARY_LINE],
            "outputs": [
                {"output_type": "stream", "name": "stdout", "text": ["ok\n", PASSWORD_LINE]}
            ],
            "metadata": {},
            "execution_count": 1,
        },
    ]
    # As Jupyter writes it (one source line per JSON line), and all on one line.
    for indent in (1, None):
        raw = notebook(cells, indent=indent)
        (tmp_path / "analysis.ipynb").write_bytes(raw)
        result = scan(tmp_path)
        # Lines and columns are of the raw .ipynb, where a person or a code-scanning UI looks.
        assert [(f.rule_id, f.cell, f.line, f.column) for f in result.findings] == [
            ("aws-access-key-id", "cell 2", *_raw_place(raw, CANARY)),
            ("generic-secret-assignment", "cell 2 output 1", *_raw_place(raw, '\\"Tr0u')),
        ]
    assert [f.line for f in result.findings] == [1, 1]


def test_notebook_lines_follow_escapes(tmp_path: Path) -> None:
    cells: list[dict[str, object]] = [
        {"cell_type": "code", "source": ["# clé \u00e9 \U0001f600\n", CANARY_LINE], "metadata": {}}
    ]
    raw = notebook(cells, indent=1)  # json.dumps escapes é and the emoji as \\u sequences
    (tmp_path / "n.ipynb").write_bytes(raw)
    (finding,) = scan(tmp_path).findings
    assert (finding.line, finding.column) == _raw_place(raw, CANARY)


def _raw_place(raw: bytes, needle: str) -> tuple[int, int]:
    text = raw.decode()
    at = text.index(needle)
    if needle.startswith("\\"):  # the value starts after the escaped quote
        at += 2
    line_start = text.rfind("\n", 0, at) + 1
    return text.count("\n", 0, at) + 1, at - line_start + 1


def test_megabyte_line_and_window_boundaries(tmp_path: Path) -> None:
    # A minified bundle: one line of ~3 MB with credentials in the middle and near window edges.
    filler = "var a=function(){return 1};" * 40_000
    line = filler + f'k="{CANARY}";' + filler + f'k="{CANARY}";'
    (tmp_path / "bundle.min.js").write_text(line + "\n" + CANARY_LINE)
    big = scan(tmp_path)
    small = scan(tmp_path, window_chars=65_536, overlap_chars=4096)
    assert rules_at(big) == rules_at(small)
    columns = [f.column for f in big.findings]
    assert columns == [len(filler) + 4, 2 * len(filler) + len(f'k="{CANARY}";') + 4, 22]
    assert [f.line for f in big.findings] == [1, 1, 2]


def test_value_across_every_window_offset_found_once(tmp_path: Path) -> None:
    window = 4096
    for shift in range(window - 30, window + 5):
        body = "x" * shift + " " + CANARY_LINE
        (tmp_path / "f.txt").write_text(body)
        result = scan(tmp_path / "f.txt", window_chars=window, overlap_chars=512)
        assert [(f.line, f.column) for f in result.findings] == [(1, shift + 23)], shift


def test_allowlist_by_path_rule_fingerprint_and_inline_marker(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "fixture.py").write_text(CANARY_LINE)
    (tmp_path / "inline.py").write_text(
        f'key = "{CANARY}"  # waf-assess:allow documented sample\n' + PASSWORD_LINE
    )
    first = scan(tmp_path)
    password = next(f for f in first.findings if f.rule_id == "generic-secret-assignment")
    allow = Allowlist(
        (
            AllowRule(reason="fixtures", path="tests/**"),
            AllowRule(reason="rotated", fingerprint=password.fingerprint),
        )
    )
    result = scan(tmp_path, allowlist=allow)
    reasons = {(f.path, f.rule_id): f.allowlisted for f in result.findings}
    assert reasons == {
        ("inline.py", "aws-access-key-id"): "inline marker: documented sample",
        ("inline.py", "generic-secret-assignment"): "rotated",
        ("tests/fixture.py", "aws-access-key-id"): "fixtures",
    }
    assert result.open_findings == ()


def test_allowlist_by_salted_entry_survives_new_run_keys(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(CANARY_LINE + PASSWORD_LINE)
    entry = str(allow_entry(PASSWORD))
    listed = tmp_path / "allow.toml"
    listed.write_text(f'[[allow]]\nfingerprint = "{entry}"\nreason = "rotated in 2026-10"\n')
    for _ in range(2):
        result = scan(tmp_path, allowlist=load_allowlist(listed), fingerprint_key=None)
        assert {(f.rule_id, f.allowlisted) for f in result.findings} == {
            ("aws-access-key-id", ""),
            ("generic-secret-assignment", "rotated in 2026-10"),
        }


def test_allowlist_file_needs_a_reason(tmp_path: Path) -> None:
    good = tmp_path / "allow.toml"
    good.write_text('[[allow]]\npath = "docs/**"\nreason = "examples"\n')
    assert load_allowlist(good).entries == (AllowRule(reason="examples", path="docs/**"),)
    bad = tmp_path / "bad.toml"
    bad.write_text('[[allow]]\npath = "docs/**"\n')
    with pytest.raises(InputError, match="needs a reason"):
        load_allowlist(bad)


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="path not found"):
        scan_paths([tmp_path / "nope"], ScanOptions(workers=1))


def test_process_pool_gives_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scan_module, "INLINE_BYTES", 0)
    monkeypatch.setattr(scan_module, "BATCH_FILES", 16)
    for number in range(300):
        body = CANARY_LINE if number % 50 == 0 else f"value_{number} = {number}\n"
        (tmp_path / f"m{number:03}.py").write_text(body)
    alone = scan(tmp_path)
    pooled = scan(tmp_path, workers=2)
    assert pooled.findings == alone.findings
    assert pooled.files_scanned == alone.files_scanned == 300
    assert len(pooled.findings) == 6


def test_several_roots_are_prefixed(tmp_path: Path) -> None:
    for name in ("svc-a", "svc-b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "app.py").write_text(CANARY_LINE)
    result = scan(tmp_path / "svc-a", tmp_path / "svc-b")
    assert [f.path for f in result.findings] == ["svc-a/app.py", "svc-b/app.py"]


def test_symlinks_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.py").write_text(CANARY_LINE)
    root = tmp_path / "root"
    root.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)
    (root / "file-link.py").symlink_to(outside / "leak.py")
    assert scan(root).findings == ()
    git(tmp_path, "--version")  # git is there for the history tests
    assert PASSWORD not in (root / "file-link.py").read_text()


def test_key_stores_in_binary_files_and_archives(tmp_path: Path) -> None:
    from codescan_helpers import zip_bytes
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake.example.invalid")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    pfx = pkcs12.serialize_key_and_certificates(
        b"site", key, cert, None, BestAvailableEncryption(b"fake-password")
    )
    (tmp_path / "site.pfx").write_bytes(pfx)
    (tmp_path / "bundle.zip").write_bytes(zip_bytes({"certs/server.p12": pfx}))
    result = scan(tmp_path)
    assert [(f.rule_id, f.path) for f in result.findings] == [
        ("pkcs12-container", "bundle.zip!certs/server.p12"),
        ("pkcs12-container", "site.pfx"),
    ]
    assert result.findings[0].fingerprint == result.findings[1].fingerprint


def test_an_ignored_folder_named_explicitly_is_scanned(tmp_path: Path) -> None:
    init_repo(tmp_path)
    (tmp_path / ".gitignore").write_text("dist/\n")
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "app.cfg").write_text(CANARY_LINE)
    assert scan(tmp_path).findings == ()
    assert [f.path for f in scan(tmp_path / "dist").findings] == ["app.cfg"]


def test_a_tree_of_a_few_megabytes_is_cut_into_batches_for_every_core() -> None:
    from assess.codescan.scan import FileTask, _batches, batch_bytes

    tasks = [FileTask(f"/t/{i}", f"{i}", 256 << 10) for i in range(48)]  # 12 MB
    batches = list(_batches(tasks, 12 << 20, 2))
    assert len(batches) >= 8  # four or more per worker, so neither core idles at the end
    assert [t for b in batches for t in b] == tasks
    sizes = [len(b) for b in batches]
    assert sizes == sorted(sizes, reverse=True)  # batches shrink as the work left shrinks
    assert sizes[-1] == 1  # the last ones are one file (256 kB) each
    # Large trees keep large batches (fewer round trips).
    assert batch_bytes(4 << 30, 2) == 16 << 20


def test_an_empty_tree_starts_without_compiling_the_rules(tmp_path: Path) -> None:
    # Start-up is what a pre-commit hook pays per commit: the CLI and an empty scan must not
    # load the detector (rules, grammar, validators), nor anything of Azure or of the assessment
    # (the pipeline, collection, checks, scoring, results, the configuration), nor rich when
    # nothing is printed, nor Typer and pydantic for a plain command line, nor the process pool.
    import subprocess
    import sys

    probe = (
        "import sys; from assess.entry import main; code = main(['scan-code', sys.argv[1], '-q']); "
        "print(code, sorted(m for m in sys.modules if m.startswith(('assess.codescan.detector', "
        "'assess.codescan.grammar', 'azure', 'assess.run', 'assess.cli', 'assess.collect', "
        "'assess.results', 'assess.config', 'assess.engine', 'assess.scoring', 'checks', "
        "'rich', 'typer', 'click', 'pydantic', 'assess.model', 'assess.snapshot', "
        "'multiprocessing', 'concurrent.futures.process'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[-2] == "0 []"


def test_length_prefixed_strings_in_compiled_files_are_read_whole(tmp_path: Path) -> None:
    """A ``.pyc`` (Python marshal) and a ``.class`` constant pool keep each string behind a
    printable length byte and before other printable bytes; the token is still found, at its
    own byte offset."""
    import marshal
    import random

    from codescan_helpers import random_value

    rng = random.Random(77)
    token = f"SG.{random_value(rng, 'b64url', 22)}.{random_value(rng, 'b64url', 43)}"
    code = compile(f"KEY = {token!r}\nNAME = 'mailer'\n", "mailer.py", "exec")
    pyc = b"\xa7\r\r\n" + b"\x00" * 12 + marshal.dumps(code)
    (tmp_path / "mailer.cpython-311.pyc").write_bytes(pyc)
    utf8 = token.encode()
    constant_pool = b"\xca\xfe\xba\xbe\x00\x00\x00\x41\x00\x10" + b"\x01\x00" + bytes([len(utf8)])
    (tmp_path / "Mailer.class").write_bytes(constant_pool + utf8 + b"\x01\x00\x04Code\x07\x00\x02")
    result = scan(tmp_path)
    assert sorted((f.rule_id, f.path, f.offset) for f in result.findings) == [
        ("sendgrid-api-key", "Mailer.class", constant_pool.__len__()),
        ("sendgrid-api-key", "mailer.cpython-311.pyc", pyc.index(utf8)),
    ]
