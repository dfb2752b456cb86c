"""The prefilter engines as users see them: the same report whichever runs, the ``fast``
extra's compiled database kept between runs without ever changing what is found, and the
password words of other scripts found only where text is not ASCII, as a whole search finds them."""

from __future__ import annotations

import json
import os
import re
import string
from pathlib import Path

import pytest
from codescan_helpers import expand, zip_bytes
from hypothesis import given, settings
from hypothesis import strategies as st

from assess.codescan import available_engines, grammar, load_rules
from assess.codescan import engines as engines_module
from assess.codescan import scan as scan_module
from assess.entry import main

RULES = load_rules()
ENGINES = available_engines()
KEY = "k" * 40
NAMES = (
    "app.py",
    "settings.env",
    "Dockerfile",
    "config/appsettings.json",
    "userlist.txt",
    ".npmrc",
)


def _tree(root: Path) -> None:
    """Every rule's examples, positive and negative, under file names that different rules
    allow, plus a non-ASCII file, an archive member and a notebook."""
    lines = []
    for rule in RULES:
        lines.extend(expand(ex, rule.id) for ex in rule.examples_match)
        lines.extend(expand(ex, rule.id) for ex in rule.examples_nomatch)
    body = "\n".join(lines) + "\n"
    for name in NAMES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(body, encoding="utf-8")
    (root / "unicode.yaml").write_text(
        "# Ünïcödé → 日本語 🙂\n" + body.replace("\n", "  # ü\n"), encoding="utf-8"
    )
    (root / "bundle.zip").write_bytes(zip_bytes({"inner/app.env": body.encode()}))
    cells = [
        {"cell_type": "code", "source": lines[i : i + 5], "metadata": {}} for i in range(0, 60, 5)
    ]
    (root / "book.ipynb").write_text(json.dumps({"cells": cells, "nbformat": 4}), encoding="utf-8")


def _report(root: Path, out: Path, engine: str, workers: int) -> bytes:
    code = main(
        ["scan-code", str(root), "-f", "json", "-o", str(out), "-q", "--engine", engine,
         "--workers", str(workers)]
    )  # fmt: skip
    assert code == 0
    data = out.read_bytes()
    return data.replace(f'"engine": "{engine}"'.encode(), b'"engine": "?"')


def test_every_engine_writes_the_same_json_report_inline_and_pooled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WAF_ASSESS_FINGERPRINT_KEY", KEY)
    monkeypatch.setenv("WAF_ASSESS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(scan_module, "INLINE_BYTES", 0)  # a pool even for this small tree
    root = tmp_path / "tree"
    root.mkdir()
    _tree(root)
    reports = {
        (engine, workers): _report(root, tmp_path / f"{engine}-{workers}.json", engine, workers)
        for engine in ENGINES
        for workers in (1, 2)
    }
    reference = reports[("re", 1)]
    assert len(json.loads(reference)["findings"]) > 100
    for (engine, workers), data in reports.items():
        assert data == reference, f"{engine} with {workers} workers"


pytestmark_hyperscan = pytest.mark.skipif(
    "hyperscan" not in ENGINES, reason="the fast extra (hyperscan) is not installed"
)
TEXT = "password = 'x'\nAccountKey=abc\n" * 50 + "ghp_ ÄccountKey= token" * 3


def _hits(cache: Path | None, monkeypatch: pytest.MonkeyPatch) -> engines_module.Hits:
    monkeypatch.setenv("WAF_ASSESS_CACHE_DIR", str(cache) if cache else "")
    anchors = [engines_module.Anchor(a, r.anchors_ignore_case) for r in RULES for a in r.anchors]
    return engines_module.build(list(dict.fromkeys(anchors)), "hyperscan").hits(TEXT)


@pytestmark_hyperscan
def test_the_compiled_database_is_kept_and_loaded_instead_of_compiled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hyperscan

    first = _hits(tmp_path, monkeypatch)
    [kept] = list(tmp_path.glob("hyperscan-*.db"))

    def no_compile(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("compiled although a database was kept")

    monkeypatch.setattr(hyperscan, "Database", no_compile)
    assert _hits(tmp_path, monkeypatch) == first
    assert list(tmp_path.glob("hyperscan-*.db")) == [kept]


@pytestmark_hyperscan
@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "empty", "not a database"])
def test_a_damaged_cache_file_is_compiled_again_and_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    first = _hits(tmp_path, monkeypatch)
    [kept] = list(tmp_path.glob("hyperscan-*.db"))
    good = kept.read_bytes()
    broken = {
        "flipped byte": good[:100] + bytes([good[100] ^ 1]) + good[101:],
        "truncated": good[: len(good) // 2],
        "empty": b"",
        "not a database": os.urandom(32) + b"\0" * 64,
    }[damage]
    kept.write_bytes(broken)
    assert _hits(tmp_path, monkeypatch) == first
    assert kept.read_bytes() == good


@pytestmark_hyperscan
def test_no_cache_folder_or_an_unwritable_one_only_costs_the_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _hits(None, monkeypatch)
    assert list(tmp_path.iterdir()) == []
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    assert _hits(blocked / "sub", monkeypatch) == first
    assert _hits(tmp_path / "fresh", monkeypatch) == first
    assert len(list((tmp_path / "fresh").glob("hyperscan-*.db"))) == 1
    assert not list((tmp_path / "fresh").glob("*.part"))


def test_every_non_latin_password_word_needs_a_letter_outside_ascii() -> None:
    # What lets the search skip text that is all ASCII: no word can match ASCII text alone,
    # even with the case folding the search uses (which pairs ASCII i with the Turkish dotless ı).
    for word in grammar.NON_LATIN_WORDS:
        assert any(
            not any(re.fullmatch(re.escape(ch), chr(a), re.IGNORECASE) for a in range(128))
            for ch in word
        ), word


WORDS = sorted(grammar.NON_LATIN_WORDS)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(WORDS),
            st.sampled_from(WORDS).map(str.upper),
            st.text(max_size=30),
            st.text(alphabet=string.printable, min_size=1000, max_size=5000),
            st.sampled_from(["ı", "İ", "ſ", "ş", "é", "→", "\ud800", "_", " = "]),
        ),
        max_size=30,
    )
)
def test_non_latin_words_are_found_where_a_search_of_the_whole_text_finds_them(
    pieces: list[str],
) -> None:
    text = "".join(pieces)
    expected = [m.start() for m in grammar.NON_LATIN_NAMES.finditer(text)]
    assert grammar.non_latin_hits(text) == expected


def test_non_latin_words_across_ascii_blocks() -> None:
    word = WORDS[0]
    for at in (0, 4090, 4096, 4100, 8191, 12_000):
        text = "x" * at + word + "y" * (9000 - min(at, 9000)) + "пароль"
        expected = [m.start() for m in grammar.NON_LATIN_NAMES.finditer(text)]
        assert grammar.non_latin_hits(text) == expected
        assert at in expected
