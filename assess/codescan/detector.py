"""Find hard-coded credentials in text (and PKCS#12 containers in bytes), fast and precisely.

A ``*.key`` file whose whole content is one random token (Rails' ``config/master.key``) is
reported as such before the steps below (``key_file_token``).

How one text is scanned:

1. **Prefilter.** One compiled database of every rule's anchors (literal strings such as
   ``AKIA``, ``ghp_``, ``AccountKey=``) is run over the whole text once (``engines.py``:
   hyperscan, else a re2 set, else a stdlib alternation; all report identical hits).
2. **Windows.** For each hit, a rule whose pattern starts at its anchor (``anchored``) is tried
   once, right there; any other rule owning that anchor gets a window of ``before``/``after``
   characters around it, overlapping windows merged. Work is bounded by the number of hits times
   the window size, so megabyte-long minified lines cost nothing extra.
3. **Confirm.** The rule's full pattern runs only inside its windows; each candidate must pass the
   rule's validator (checksum, decodable structure, entropy), its context requirements
   (``requires_nearby``) and, unless the format is checksum-proven, the placeholder and reference
   filters (``${VAR}``, ``<your-key>``, ``@Microsoft.KeyVault(...)``...). Documented example keys
   (AWS's ``...EXAMPLE`` pair, the storage and Cosmos DB emulator keys, jwt.io's sample token) are
   never reported. In lock files only checksum-proven formats are reported.
4. **Resolve.** When two rules claim overlapping secrets, the higher ``priority`` rule wins (a
   checksum-validated format beats a generic assignment).

A :class:`Match` lives in memory only: its ``secret`` is hidden from ``repr`` and callers keep
just ``redact.preview`` and ``redact.Fingerprinter.fingerprint`` of it.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from assess.codescan import calls, engines, grammar
from assess.codescan.rules import Rule, RuleSet, load_rules
from assess.levels import Severity

LOCK_FILES = frozenset(
    {
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "poetry.lock",
        "pipfile.lock",
        "cargo.lock",
        "go.sum",
        "composer.lock",
        "gemfile.lock",
        "packages.lock.json",
        "uv.lock",
        "pdm.lock",
        "flake.lock",
        "podfile.lock",
        "mix.lock",
    }
)

# Published sample values: documentation and local emulators, never real credentials.
KNOWN_EXAMPLES = frozenset(
    {
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        # Azurite / storage emulator account key for devstoreaccount1.
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        # Cosmos DB emulator key.
        "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
        # Stripe's API reference sample test-mode key.
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        # Google Cloud's sample API key ("Manage API keys").
        "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
        # The TOTP secret of Google Authenticator's key-URI documentation (base32 of "Hello!"
        # and 0xDEADBEEF), and RFC 6238's test seed ("12345678901234567890") in base32.
        "JBSWY3DPEHPK3PXP",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
    }
)


def looks_like_placeholder(value: str) -> bool:
    """True for template variables, environment lookups, vault references and filler values."""
    return grammar.looks_like_placeholder(value) or grammar.looks_fake(value)


def is_lock_file(path: str) -> bool:
    name = PurePosixPath(path.replace("\\", "/")).name.lower()
    return name in LOCK_FILES or name.endswith(".lock")


@dataclass(frozen=True, slots=True)
class Match:
    """One credential found; in memory only, never serialised (``secret`` is hidden from repr)."""

    rule_id: str
    family: str
    severity: Severity
    description: str
    start: int
    end: int
    line: int
    column: int
    secret: str = field(repr=False, compare=False)


@dataclass(slots=True)
class _Candidate:
    rule_index: int
    start: int
    end: int
    secret: str


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    merged = [spans[0]]
    for lo, hi in spans[1:]:
        plo, phi = merged[-1]
        if lo <= phi:
            if hi > phi:
                merged[-1] = (plo, hi)
        else:
            merged.append((lo, hi))
    return merged


def _line_columns(text: str, offsets: list[int]) -> dict[int, tuple[int, int]]:
    """1-based (line, column) of each offset, in one pass over the text."""
    out: dict[int, tuple[int, int]] = {}
    line, last_nl, pos = 1, -1, 0
    for off in sorted(set(offsets)):
        count = text.count("\n", pos, off)
        if count:
            line += count
            last_nl = text.rfind("\n", pos, off)
        pos = off
        out[off] = (line, off - last_nl)
    return out


class Detector:
    """Scan texts for credentials with one compiled rule set; reuse one instance for many files.

    ``engine`` is ``auto`` (fastest installed), ``hyperscan``, ``re2`` or ``re``; every engine
    reports the same matches. A Detector may be shared between threads.
    """

    def __init__(self, rules: RuleSet | None = None, engine: str = "auto") -> None:
        self.rules = rules if rules is not None else load_rules()
        self._rules = self.rules.rules
        anchors: list[engines.Anchor] = []
        index: dict[engines.Anchor, int] = {}
        owners: list[list[int]] = []
        for ri, rule in enumerate(self._rules):
            for literal in rule.anchors:
                anchor = engines.Anchor(literal, rule.anchors_ignore_case)
                ai = index.get(anchor)
                if ai is None:
                    ai = index[anchor] = len(anchors)
                    anchors.append(anchor)
                    owners.append([])
                if ri not in owners[ai]:
                    owners[ai].append(ri)
        self._anchor_lengths = [len(a.literal) for a in anchors]
        # Rules that name a parser share one run of it; the parser says which rule reports.
        self._parsed: dict[str, dict[str, int]] = {}
        for ri, rule in enumerate(self._rules):
            if rule.parser is not None:
                self._parsed.setdefault(rule.parser, {})[rule.id] = ri
        # An anchor's hits go once to each parser owning it, however many of its rules share it.
        self._parsers_of = [
            sorted({p for ri in o if (p := self._rules[ri].parser) is not None}) for o in owners
        ]
        owners = [[ri for ri in o if self._rules[ri].parser is None] for o in owners]
        self._owners = owners
        self._prefilter = engines.build(anchors, engine)
        self.engine_name: str = self._prefilter.name

    def __repr__(self) -> str:
        return f"Detector(rules={len(self._rules)}, engine={self.engine_name!r})"

    def scan_text(self, text: str, path: str = "") -> list[Match]:
        """Every credential in ``text``, sorted by position. ``path`` selects per-file policy."""
        if not text:
            return []
        name = PurePosixPath(path.replace("\\", "/")).name.lower() if path else ""
        if name.endswith(".key") and len(text) <= KEY_FILE_CHARS:
            whole = key_file_token(text)
            if whole is not None:
                return [whole]
        hits = self._prefilter.hits(text)
        # Password words the ASCII anchors cannot see (пароль, 密码, şifre): read in text that is
        # not ASCII, by the assignment grammar.
        words = (
            grammar.non_latin_hits(text)
            if "assignment" in self._parsed and not text.isascii()
            else []
        )
        if not hits and not words:
            return []
        lock = is_lock_file(path) if path else False
        per_rule: dict[int, list[tuple[list[int], int]]] = {}
        lengths = self._anchor_lengths
        parsed_hits: dict[str, list[int]] = {}
        for ai, starts in hits.items():
            for ri in self._owners[ai]:
                per_rule.setdefault(ri, []).append((starts, lengths[ai]))
            for parser in self._parsers_of[ai]:
                parsed_hits.setdefault(parser, []).extend(starts)
        if words:
            parsed_hits.setdefault("assignment", []).extend(words)
        candidates: list[_Candidate] = []
        for ri in sorted(per_rule):
            rule = self._rules[ri]
            if (lock and not rule.in_lock_files) or (name and not _path_allowed(rule, name)):
                continue
            pattern, after, before, groups = (
                rule.pattern,
                rule.after,
                rule.before,
                rule.secret_groups,
            )
            matches: list[re.Match[str]]
            if rule.anchored:
                match = pattern.match
                matches = [
                    m
                    for starts, length in per_rule[ri]
                    for s in starts
                    if (m := match(text, s, s + length + after))
                ]
            else:
                spans = [
                    (s - before, s + length + after)
                    for starts, length in per_rule[ri]
                    for s in starts
                ]
                matches = [m for lo, hi in _merge(spans) for m in pattern.finditer(text, lo, hi)]
            seen: set[tuple[int, int]] = set()
            if rule.not_preceded_by:
                matches = [
                    m for m in matches if not _preceded(text, m.start(), rule.not_preceded_by)
                ]
            for m in matches:
                s, e = m.span()
                for group in groups:
                    s, e = m.span(group)
                    if s >= 0:
                        break
                if s < 0 or e <= s or (s, e) in seen:
                    continue
                seen.add((s, e))
                secret = text[s:e]
                if self._accept(rule, secret, text, s, e):
                    candidates.append(_Candidate(ri, s, e, secret))
        for parser, positions in parsed_hits.items():
            candidates.extend(self._parse(parser, text, positions, name, lock))
        if "manifest" in parsed_hits:
            # An encoded value is judged decoded, by the manifest rule alone.
            encoded = {
                (e.start, e.end) for e in grammar.encoded_values(text, parsed_hits["manifest"])
            }
            candidates = [
                c
                for c in candidates
                if (c.start, c.end) not in encoded or self._rules[c.rule_index].parser == "manifest"
            ]
        return self._resolve(text, candidates)

    def _parse(
        self, parser: str, text: str, positions: list[int], name: str, lock: bool
    ) -> list[_Candidate]:
        by_id = self._parsed[parser]
        if parser == "manifest":
            return self._manifest(text, positions, by_id, lock)
        found_all: list[grammar.Binding] | list[calls.Found]
        if parser == "calls":
            found_all = calls.find(text, positions)
        else:
            found_all = grammar.find(text, positions, netrc=name in grammar.NETRC_FILES)
        out = []
        for found in found_all:
            ri = by_id.get(found.rule)
            if ri is None:
                continue
            rule = self._rules[ri]
            if (lock and not rule.in_lock_files) or (name and not _path_allowed(rule, name)):
                continue
            if self._accept(rule, found.secret, text, found.start, found.end):
                out.append(_Candidate(ri, found.start, found.end, found.secret))
        return out

    def _accept(self, rule: Rule, secret: str, text: str, s: int, e: int) -> bool:
        if secret in KNOWN_EXAMPLES:
            return False
        if rule.placeholders and looks_like_placeholder(secret):
            return False
        if not rule.validate(secret):
            return False
        if rule.requires_nearby or rule.rejects_nearby:
            lo, hi = max(0, s - rule.nearby), min(len(text), e + rule.nearby)
            if not all(rx.search(text, lo, hi) for rx in rule.requires_nearby):
                return False
            return not any(rx.search(text, lo, hi) for rx in rule.rejects_nearby)
        return True

    def _resolve(self, text: str, candidates: list[_Candidate]) -> list[Match]:
        rules = self._rules
        candidates.sort(key=lambda c: (-rules[c.rule_index].priority, c.rule_index, c.start, c.end))
        starts: list[int] = []
        ends: list[int] = []
        kept: list[_Candidate] = []
        for c in candidates:
            # Kept spans are disjoint and sorted; only the last one starting before our end can
            # overlap us, and it does if it ends after our start.
            i = bisect.bisect_left(starts, c.end)
            if i > 0 and ends[i - 1] > c.start:
                continue
            starts.insert(i, c.start)
            ends.insert(i, c.end)
            kept.append(c)
        kept.sort(key=lambda c: (c.start, c.end, c.rule_index))
        where = _line_columns(text, [c.start for c in kept])
        out = []
        for c in kept:
            rule = rules[c.rule_index]
            line, column = where[c.start]
            out.append(
                Match(
                    rule_id=rule.id,
                    family=rule.family,
                    severity=rule.severity,
                    description=rule.description,
                    start=c.start,
                    end=c.end,
                    line=line,
                    column=column,
                    secret=c.secret,
                )
            )
        return out

    def _manifest(
        self, text: str, positions: list[int], by_id: dict[str, int], lock: bool
    ) -> list[_Candidate]:
        """Secret manifests: each base64 ``data`` value is decoded and judged as what it holds.

        The finding sits on the encoded value (where the file must change); the secret kept for
        its fingerprint is the decoded credential, so one password found encoded here and in
        clear elsewhere has one fingerprint.
        """
        out: list[_Candidate] = []
        for ri in by_id.values():
            rule = self._rules[ri]
            if lock and not rule.in_lock_files:
                continue
            for found in grammar.encoded_values(text, positions):
                secret = self._decoded_secret(found)
                if secret is not None and self._accept(rule, secret, text, found.start, found.end):
                    out.append(_Candidate(ri, found.start, found.end, secret))
        return out

    def _decoded_secret(self, found: grammar.Encoded) -> str | None:
        value = found.text.strip()
        level = grammar.name_level(found.key)
        if level == grammar.NONE and found.key.lower() in _SECRET_DATA_KEYS:
            level = grammar.STRONG_NAME
        if level != grammar.NONE and grammar.value_is_secret(value, level):
            return value
        if found.key.lower() in _SECRET_DATA_KEYS and grammar.basic_credentials(value):
            return value
        inner = self.scan_text(found.text)  # a connection string, a config file, a docker config
        return inner[0].secret if inner else None

    def detect_binary(self, data: bytes, path: str = "") -> list[Match]:
        return detect_binary(data, path)


_SECRET_DATA_KEYS = frozenset({"auth", "tls.key", "ssh-privatekey", ".dockerconfigjson"})
"""Keys of a Secret's data that hold credentials whatever their value looks like."""


def _preceded(text: str, start: int, words: tuple[str, ...]) -> bool:
    before = text[max(0, start - 33) : start].lower()
    if before.endswith(("_", "-")):
        before = before[:-1]
    return before.endswith(words)


def _path_allowed(rule: Rule, name: str) -> bool:
    return not rule.paths or any(fnmatch.fnmatchcase(name, g) for g in rule.paths)


# --- key files --------------------------------------------------------------------------------

KEY_FILE_CHARS = 16384
"""Larger ``*.key`` files are read by the rules alone (a PEM block, a key list)."""

_BARE_TOKEN = re.compile(r"\s*([A-Za-z0-9+/_\-]{24,16000}={0,2})\s*")
_SHORT_TOKEN = 512
"""Longer bare tokens count only as a private key's DER (an RSA key is 1,200+ base64 characters)."""


def key_file_token(text: str) -> Match | None:
    """A ``*.key`` file whose whole content is one random token: Rails' ``config/master.key``
    and ``config/credentials/<environment>.key`` (32 hex characters), or any key file holding
    one bare base64, base64url or hex secret, or a private key's base64 DER on one line (no PEM
    lines, any length up to the cap). PEM blocks, key lists, short ids, GUIDs, public keys,
    certificates and placeholders are not one (the token must be 32+ characters if hex, 24+
    otherwise, and look random as a key's value must)."""
    m = _BARE_TOKEN.fullmatch(text)
    if m is None:
        return None
    token = m.group(1)
    if not (_private_der(token) if len(token) > _SHORT_TOKEN else _random_token(token)):
        return None
    lines = text.count("\n", 0, m.start(1))
    column = m.start(1) - (text.rfind("\n", 0, m.start(1)) + 1) + 1
    return Match(
        rule_id="key-file-token",
        family="generic",
        severity=Severity.HIGH,
        description="A key file (such as Rails' config/master.key) holding one bare secret token.",
        start=m.start(1),
        end=m.end(1),
        line=lines + 1,
        column=column,
        secret=token,
    )


def _random_token(token: str) -> bool:
    if token in KNOWN_EXAMPLES or (grammar.alphabet(token)[0] == "hex" and len(token) < 32):
        return False
    return grammar.value_is_secret(token, grammar.KEYISH, quoted=True) and not _public_der(token)


_OPENSSH = "b3BlbnNzaC1rZXktdjE"  # "openssh-key-v1" in base64


def _der(token: str) -> tuple[bytes, int] | None:
    """The decoded bytes of base64 DER whose outer tag is a SEQUENCE, and where its content
    starts."""
    if not token.startswith("M"):  # 0x30, the tag of a SEQUENCE, read as base64
        return None
    try:
        data = base64.b64decode(token + "=" * (-len(token) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    i = _der_header(data, 0) if data[:1] == b"\x30" else None
    return (data, i) if i is not None else None


def _private_der(token: str) -> bool:
    """Base64 of a private key written without its PEM lines: DER PKCS#8, PKCS#1 or SEC1 (an
    outer SEQUENCE that opens with its version, INTEGER 0 or 1; an RSA public key opens with
    its modulus instead), or an OpenSSH key's body."""
    if token.startswith(_OPENSSH):
        return True
    der = _der(token)
    return der is not None and der[0][der[1] : der[1] + 3] in (b"\x02\x01\x00", b"\x02\x01\x01")


def _public_der(token: str) -> bool:
    """Base64 of a DER SubjectPublicKeyInfo or certificate (``SEQUENCE { SEQUENCE ...``): a
    public key written without its PEM lines. A PKCS#8 or PKCS#1 private key starts its outer
    SEQUENCE with an INTEGER instead, and stays a secret."""
    der = _der(token)
    return der is not None and der[0][der[1] : der[1] + 1] == b"\x30"


# --- PKCS#12 ----------------------------------------------------------------------------------

_PKCS7_DATA = bytes.fromhex("06092a864886f70d010701")
_PKCS7_SIGNED = bytes.fromhex("06092a864886f70d010702")
PKCS12_EXTENSIONS = (".pfx", ".p12")


def _der_header(data: bytes, i: int) -> int | None:
    """Offset just past a DER/BER tag+length at ``i`` (tag already checked), or None."""
    if i + 1 >= len(data):
        return None
    first = data[i + 1]
    if first < 0x80 or first == 0x80:
        return i + 2
    count = first & 0x7F
    if count > 4 or i + 2 + count > len(data):
        return None
    return i + 2 + count


def is_pkcs12(data: bytes) -> bool:
    """PFX structure: SEQUENCE { INTEGER 3, SEQUENCE { OID pkcs7-data | pkcs7-signedData, ... } }."""
    if len(data) < 24 or data[0] != 0x30:
        return False
    i = _der_header(data, 0)
    if i is None or data[i : i + 3] != b"\x02\x01\x03":
        return False
    i += 3
    if i >= len(data) or data[i] != 0x30:
        return False
    j = _der_header(data, i)
    if j is None:
        return False
    oid = data[j : j + len(_PKCS7_DATA)]
    return oid in (_PKCS7_DATA, _PKCS7_SIGNED)


def detect_binary(data: bytes, path: str = "") -> list[Match]:
    """PKCS#12 (PFX) containers, recognised by DER structure (or base64 of it) or by extension.

    A structurally valid container is reported whatever its name; a ``.pfx``/``.p12`` file that
    does not parse is still reported, at lower severity (it may be encrypted or truncated).
    ``secret`` is the container's bytes as Latin-1 text, so it can be fingerprinted.
    """
    if not data:
        return []
    found = is_pkcs12(data)
    if not found and data[:3] == b"MII" and len(data) < 64 * 1024 * 1024:
        try:
            found = is_pkcs12(base64.b64decode(b"".join(data.split()), validate=True)[:64])
        except (binascii.Error, ValueError):
            found = False
    by_name = path.lower().endswith(PKCS12_EXTENSIONS)
    if not found and not by_name:
        return []
    if found:
        rule_id, severity = "pkcs12-container", Severity.HIGH
        description = (
            "A PKCS#12 (PFX) container, which normally holds a private key with its certificate."
        )
    else:
        rule_id, severity = "pkcs12-file-name", Severity.MEDIUM
        description = "A file named as a PKCS#12 (PFX) key container."
    return [
        Match(
            rule_id=rule_id,
            family="private-key",
            severity=severity,
            description=description,
            start=0,
            end=len(data),
            line=1,
            column=1,
            secret=data.decode("latin-1"),
        )
    ]
