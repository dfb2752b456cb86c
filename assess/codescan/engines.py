"""Multi-literal prefilters: find every occurrence of every rule anchor in one pass.

The detector runs full rule patterns only in small windows around anchor hits, so the prefilter
decides the speed. Four interchangeable engines report exactly the same hits:

``hyperscan``  one compiled literal database (optional extra ``fast``), scanned over UTF-8 bytes;
               byte offsets are mapped back to character offsets in one linear pass. Compiling
               the database takes longer than a small scan (about 0.08 s for the rules'
               anchors), so the compiled database is kept, serialised, in the user's cache
               folder and loaded in well under a millisecond by later runs
               (``WAF_ASSESS_CACHE_DIR`` moves that folder; set it empty to keep nothing).
``aho``        an Aho-Corasick automaton (``ahocorasick-rs``, installed by default): one pass over
               the case-folded text finds every anchor, overlapping ones included.
``re2``        a google-re2 ``Set`` tells in one pass which anchors occur at all; only those are
               then located, as the ``re`` engine does.
``re``         pure standard library: on ASCII text one ``str.find`` loop per anchor (case-folded
               anchors on a lower-cased copy); on other text an alternation of all anchors, longest
               first, resuming one character after each hit so overlapping anchors are all found.

Hits come back grouped: ``{anchor_index: [start, ...]}``, starts being character offsets. Case-insensitive anchors
fold ASCII letters only (``K`` never matches the Kelvin sign), in every engine, so all engines
agree on every input; a test asserts it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from assess.errors import UsageError

ENGINES = ("hyperscan", "aho", "re2", "re")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_CONTINUATION = bytes(range(0x80, 0xC0))


@dataclass(frozen=True, slots=True)
class Anchor:
    literal: str
    ignore_case: bool = False


Hits = dict[int, list[int]]


def _utf8(text: str) -> bytes:
    """The text as UTF-8; lone surrogates (undecodable bytes kept as text) encoded as they are,
    as non-ASCII bytes that no anchor holds (strict encoding first: seven times faster)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def _char_offsets(data: bytes, at_bytes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``(byte offset, tag)`` pairs into UTF-8 ``data``, sorted, as ``(character offset, tag)``,
    in one pass: the characters before an offset are the bytes that do not continue a UTF-8
    sequence. Anchors are ASCII, so a hit never starts or ends inside a character."""
    out: list[tuple[int, int]] = []
    chars = 0
    last = 0
    for offset, tag in at_bytes:
        if offset != last:
            chars += len(data[last:offset].translate(None, _CONTINUATION))
            last = offset
        out.append((chars, tag))
    return out


def _group(pairs: list[tuple[int, int]]) -> Hits:
    out: Hits = {}
    for i, pos in pairs:
        out.setdefault(i, []).append(pos)
    return out


class Prefilter(Protocol):
    name: str

    def hits(self, text: str) -> Hits:
        """Every start of every anchor, grouped by anchor index (no duplicates)."""
        ...


class _AnchorsAt:
    """Given a position where some anchor starts, list every anchor that starts there."""

    def __init__(self, anchors: Sequence[Anchor]) -> None:
        self.anchors = anchors
        self.by_first: dict[str, list[int]] = {}
        for i, a in enumerate(anchors):
            firsts = (
                {a.literal[0].lower(), a.literal[0].upper()} if a.ignore_case else {a.literal[0]}
            )
            for ch in firsts:
                self.by_first.setdefault(ch, []).append(i)
        self.lowered = [a.literal.translate(_ASCII_LOWER) for a in anchors]

    def at(self, text: str, pos: int, out: list[tuple[int, int]]) -> None:
        for i in self.by_first.get(text[pos], ()):
            a = self.anchors[i]
            if a.ignore_case:
                if text[pos : pos + len(a.literal)].translate(_ASCII_LOWER) == self.lowered[i]:
                    out.append((i, pos))
            elif text.startswith(a.literal, pos):
                out.append((i, pos))


def _alternation(anchors: Sequence[Anchor], indices: Sequence[int]) -> re.Pattern[str]:
    order = sorted(indices, key=lambda i: (-len(anchors[i].literal), anchors[i].literal))
    parts = []
    for i in order:
        lit = re.escape(anchors[i].literal)
        parts.append(f"(?i:{lit})" if anchors[i].ignore_case else lit)
    return re.compile("|".join(parts), re.ASCII)


def _search_all(rx: re.Pattern[str], at: _AnchorsAt, text: str) -> Hits:
    out: list[tuple[int, int]] = []
    search = rx.search
    m = search(text)
    while m is not None:
        pos = m.start()
        at.at(text, pos, out)
        m = search(text, pos + 1)
    return _group(out)


def _find_all(anchors: Sequence[Anchor], indices: Sequence[int], text: str) -> Hits:
    """ASCII text only: ``str.find`` loops per anchor (case-folded anchors on a lowered copy)."""
    out: Hits = {}
    lowered: str | None = None
    for i in indices:
        anchor = anchors[i]
        if anchor.ignore_case:
            if lowered is None:
                lowered = text.lower()  # exact ASCII folding, because the text is ASCII
            hay, needle = lowered, anchor.literal.lower()
        else:
            hay, needle = text, anchor.literal
        find = hay.find
        pos = find(needle)
        if pos < 0:
            continue
        starts: list[int] = []
        out[i] = starts
        while pos >= 0:
            starts.append(pos)
            pos = find(needle, pos + 1)
    return out


class ReEngine:
    name = "re"

    def __init__(self, anchors: Sequence[Anchor]) -> None:
        self._anchors = anchors
        self._all = range(len(anchors))
        self._at = _AnchorsAt(anchors)
        self._rx = _alternation(anchors, self._all)

    def hits(self, text: str) -> Hits:
        if text.isascii():
            return _find_all(self._anchors, self._all, text)
        return _search_all(self._rx, self._at, text)


class Re2Engine:
    name = "re2"

    def __init__(self, anchors: Sequence[Anchor]) -> None:
        import re2

        self._anchors = anchors
        self._at = _AnchorsAt(anchors)
        options = re2.Options()
        self._set = re2.Set.SearchSet(options)
        for a in anchors:
            lit = re.escape(a.literal)
            self._set.Add(f"(?i:{lit})" if a.ignore_case else lit)
        self._set.Compile()
        self._subset = lru_cache(maxsize=256)(self._compile_subset)

    def _compile_subset(self, present: tuple[int, ...]) -> re.Pattern[str]:
        return _alternation(self._anchors, present)

    def hits(self, text: str) -> Hits:
        data = text.encode("ascii") if text.isascii() else text.encode("utf-8", "surrogatepass")
        present = self._set.Match(data)
        if not present:
            return {}
        if len(data) == len(text):
            return _find_all(self._anchors, sorted(present), text)
        return _search_all(self._subset(tuple(sorted(present))), self._at, text)


class AhoEngine:
    """Aho-Corasick (``ahocorasick-rs``, a default dependency): every anchor in one pass.

    The automaton holds each anchor once, lower-cased; the text's bytes are lower-cased (ASCII
    letters only, as every engine folds) and every overlapping hit comes back from Rust in one
    list. Text that is not ASCII is searched as UTF-8 too, its byte offsets mapped back to
    characters in one pass (ten times faster than folding the string character by character
    for a character automaton). A case-sensitive anchor is then confirmed against the original
    text at its hit.
    """

    name = "aho"

    def __init__(self, anchors: Sequence[Anchor]) -> None:
        import ahocorasick_rs

        keys: dict[str, list[int]] = {}
        for i, anchor in enumerate(anchors):
            keys.setdefault(anchor.literal.translate(_ASCII_LOWER), []).append(i)
        self._patterns = list(keys)
        self._owners = [
            [(i, anchors[i].literal if not anchors[i].ignore_case else None) for i in owners]
            for owners in keys.values()
        ]
        self._bytes = ahocorasick_rs.BytesAhoCorasick([p.encode("ascii") for p in self._patterns])

    def hits(self, text: str) -> Hits:
        if not text:
            return {}
        if text.isascii():
            # Exact ASCII folding, because the text is ASCII; byte and character offsets agree.
            found = self._bytes.find_matches_as_indexes(
                text.lower().encode("ascii"), overlapping=True
            )
        else:
            data = _utf8(text)
            at_bytes = [
                (start, pattern)
                for pattern, start, _end in self._bytes.find_matches_as_indexes(
                    data.lower(),
                    overlapping=True,  # bytes.lower folds ASCII letters only
                )
            ]
            at_bytes.sort()
            found = [(pattern, start, 0) for start, pattern in _char_offsets(data, at_bytes)]
        by_pattern: dict[int, list[int]] = {}
        for pattern, start, _end in found:
            starts = by_pattern.get(pattern)
            if starts is None:
                by_pattern[pattern] = [start]
            else:
                starts.append(start)
        out: Hits = {}
        startswith = text.startswith
        for pattern, starts in by_pattern.items():
            for i, literal in self._owners[pattern]:
                kept = starts if literal is None else [s for s in starts if startswith(literal, s)]
                if kept:
                    out[i] = list(kept)
        return out


class HyperscanEngine:
    name = "hyperscan"

    def __init__(self, anchors: Sequence[Anchor]) -> None:
        import hyperscan

        self._hs = hyperscan
        self._lengths = [len(a.literal) for a in anchors]
        self._db = _literal_database(hyperscan, anchors)
        self._local = threading.local()

    def _scratch(self) -> Any:
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._hs.Scratch(self._db)
            self._local.scratch = scratch
        return scratch

    def hits(self, text: str) -> Hits:
        if not text:
            return {}
        ascii_text = text.isascii()
        data = text.encode("ascii") if ascii_text else _utf8(text)
        lengths = self._lengths
        if ascii_text:
            grouped: Hits = {}

            def on_ascii(idx: int, _start: int, end: int, _flags: int, _ctx: Any) -> None:
                grouped.setdefault(idx, []).append(end - lengths[idx])

            self._db.scan(data, match_event_handler=on_ascii, scratch=self._scratch())
            return grouped
        ends: list[tuple[int, int]] = []

        def on_match(idx: int, _start: int, end: int, _flags: int, _ctx: Any) -> None:
            ends.append((end, idx))

        self._db.scan(data, match_event_handler=on_match, scratch=self._scratch())
        ends.sort()
        return _group([(idx, end - lengths[idx]) for end, idx in _char_offsets(data, ends)])


CACHE_MIN_ANCHORS = 32
"""Smaller databases compile in about a millisecond: they are not kept."""


def cache_dir() -> Path | None:
    """Where compiled prefilter databases are kept between runs; ``None`` keeps none.

    ``WAF_ASSESS_CACHE_DIR`` when set (empty: no cache), else the platform's user cache folder
    (``~/.cache/waf-assess`` on Linux), found with ``platformdirs`` (part of the ``fast`` extra).
    """
    configured = os.environ.get("WAF_ASSESS_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    try:
        import platformdirs
    except ImportError:
        return None
    return Path(platformdirs.user_cache_dir("waf-assess", appauthor=False))


def _literal_database(hs: Any, anchors: Sequence[Anchor]) -> Any:
    """The anchors' Hyperscan block-mode database: loaded from the cache when a database of
    exactly these anchors, compiled by this Hyperscan on this machine type, is there and intact;
    else compiled (about 0.08 s) and stored for the next run. A cache that cannot be read or
    written only costs the compile."""
    expressions = [a.literal.encode("ascii") for a in anchors]
    flags = [hs.HS_FLAG_CASELESS if a.ignore_case else 0 for a in anchors]
    folder = cache_dir() if len(anchors) >= CACHE_MIN_ANCHORS else None
    path = None
    if folder is not None:
        import platform

        key = hashlib.sha256(
            repr((hs.__version__, platform.machine(), expressions, flags)).encode()
        ).hexdigest()[:32]
        path = folder / f"hyperscan-{key}.db"
        with contextlib.suppress(OSError, hs.error):
            blob = path.read_bytes()
            payload = blob[32:]
            if hashlib.sha256(payload).digest() == blob[:32]:
                db = hs.loadb(payload, hs.HS_MODE_BLOCK)
                hs.Scratch(db)  # refuses a database this CPU cannot run
                return db
    db = hs.Database(mode=hs.HS_MODE_BLOCK)
    db.compile(
        expressions=expressions,
        ids=list(range(len(anchors))),
        elements=len(anchors),
        flags=flags,
        literal=True,
    )
    if path is not None:
        with contextlib.suppress(OSError, hs.error):
            payload = hs.dumpb(db)
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}.part")
            try:
                partial.write_bytes(hashlib.sha256(payload).digest() + payload)
                os.replace(partial, path)  # atomic: a concurrent run reads all or nothing
            finally:
                partial.unlink(missing_ok=True)
    return db


def available() -> list[str]:
    """The engines importable here, fastest first (``re`` is always there)."""
    names = []
    for name, module in (("hyperscan", "hyperscan"), ("aho", "ahocorasick_rs"), ("re2", "re2")):
        try:
            __import__(module)
        except ImportError:
            continue
        names.append(name)
    names.append("re")
    return names


def build(anchors: Sequence[Anchor], engine: str = "auto") -> Prefilter:
    """Compile the anchors with the named engine; ``auto`` picks the fastest available."""
    if engine == "auto":
        # Fastest first; a fast engine that cannot start here (say, a hyperscan wheel on a CPU
        # without the instructions it needs) falls back to the next one, and ``re`` always works.
        for name in available()[:-1]:
            with contextlib.suppress(Exception):
                return build(anchors, name)
        return ReEngine(anchors)
    if engine not in ENGINES:
        raise UsageError(
            f"unknown scan engine {engine!r}", hint=f"choose one of auto, {', '.join(ENGINES)}"
        )
    if engine not in available():
        extra = {
            "hyperscan": "pip install 'waf-assess[fast]'",
            "aho": "pip install ahocorasick-rs (a dependency of waf-assess: reinstall it)",
        }.get(engine, "pip install google-re2")
        raise UsageError(f"scan engine {engine!r} is not installed", hint=extra)
    if engine == "hyperscan":
        return HyperscanEngine(anchors)
    if engine == "aho":
        return AhoEngine(anchors)
    if engine == "re2":
        return Re2Engine(anchors)
    return ReEngine(anchors)
