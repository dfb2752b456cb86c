"""Credential rules: one TOML data file per family under ``rules/``, loaded and validated here.

A rule file holds ``[[rule]]`` tables with these keys::

    id                 stable id, lower-case words joined by '-', unique across all files
    description        one sentence, what was found
    severity           critical | high | medium | low | info
    pattern            a Python regular expression; the named group ``secret`` (if any) is the
                       credential value, otherwise the whole match is (alternatives of one
                       pattern may name theirs ``secret2``, ``secret3``...; the first that took
                       part in the match counts)
    parser             instead of a pattern: ``assignment``, the assignment grammar of
                       ``grammar.py``, which reads the name around each anchor hit and the value
                       bound to it; it decides which of its rules (``grammar.RULES``) reports
                       each value, so every rule naming the parser shares one run of it.
                       ``manifest``: base64 values of a Kubernetes Secret's ``data``, decoded
                       and judged by their key and by the whole detector. ``calls``: the
                       argument a known call takes its password or signing key in
                       (``calls.py``), read at each anchor (a callee such as ``getConnection(``)
    anchors            literal strings, at least one of which every match contains; the detector
                       only runs ``pattern`` in a bounded window around an anchor hit
    anchors_ignore_case  match anchors ignoring ASCII case (default false)
    anchored           the pattern starts exactly where an anchor starts: it is tried only there
                       (``pattern.match`` at each hit), the cheapest way to confirm a hit
    before / after     window size in characters before / after an anchor hit (default 0 / 200);
                       must cover the longest match the pattern can produce
    flags              pattern flags: any of "i" (ignore case), "m" (multiline), "s" (dotall)
    validator          name of a check in ``validators.VALIDATORS`` run on the secret
    validator_args     table of arguments for the validator
    requires_nearby    regular expressions that must all occur within ``nearby`` characters
                       of the match (context gating, e.g. ``sv=`` next to a SAS ``sig=``)
    rejects_nearby     regular expressions none of which may occur within ``nearby`` characters
                       (e.g. ``integrity`` or ``digest`` next to a key-shaped value)
    nearby             size of that context window (default 300)
    not_preceded_by    drop a match whose text is immediately preceded by one of these strings,
                       ignoring case and one '_' or '-' (e.g. "next" for NextToken, next_token)
    placeholders       drop values that look like placeholders/references (default true)
    paths              only scan files whose name matches one of these globs (when a path is known)
    in_lock_files      also report in lock files (default false: only checksum-proven formats)
    priority           higher wins when two rules find the same secret (default 0)
    examples_match     strings the detector must report under this rule (tests assert this)
    examples_nomatch   strings it must not report under this rule

Rules are data: adding a format means adding a table, and the tests pick up its examples.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from assess.codescan.model import RULES_VERSION as RULES_VERSION
from assess.codescan.validators import VALIDATORS
from assess.levels import Severity

PARSERS = frozenset({"assignment", "manifest", "calls"})
"""Parsers a rule may name instead of a pattern (see ``grammar.py``)."""


_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL}
_KNOWN_KEYS = {
    "id",
    "description",
    "severity",
    "pattern",
    "parser",
    "anchors",
    "anchors_ignore_case",
    "anchored",
    "before",
    "after",
    "flags",
    "validator",
    "validator_args",
    "requires_nearby",
    "rejects_nearby",
    "nearby",
    "not_preceded_by",
    "placeholders",
    "in_lock_files",
    "paths",
    "priority",
    "examples_match",
    "examples_nomatch",
}
_MAX_WINDOW = 64 * 1024


class RuleError(ValueError):
    """A rule file is malformed. Rules ship with the package, so this is a bug, not user input."""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    family: str
    description: str
    severity: Severity
    pattern: re.Pattern[str] = field(repr=False)
    anchors: tuple[str, ...]
    anchors_ignore_case: bool = False
    anchored: bool = False
    before: int = 0
    after: int = 200
    validator: str | None = None
    validator_args: Mapping[str, Any] = field(default_factory=dict)
    requires_nearby: tuple[re.Pattern[str], ...] = field(default=(), repr=False)
    rejects_nearby: tuple[re.Pattern[str], ...] = field(default=(), repr=False)
    nearby: int = 300
    not_preceded_by: tuple[str, ...] = ()
    placeholders: bool = True
    in_lock_files: bool = False
    paths: tuple[str, ...] = ()
    priority: int = 0
    examples_match: tuple[str, ...] = field(default=(), repr=False)
    examples_nomatch: tuple[str, ...] = field(default=(), repr=False)
    parser: str | None = None

    @property
    def secret_groups(self) -> tuple[str, ...]:
        return tuple(sorted(g for g in self.pattern.groupindex if g.startswith("secret")))

    def validate(self, secret: str) -> bool:
        if self.validator is None:
            return True
        return VALIDATORS[self.validator](secret, **self.validator_args)


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    version: str = RULES_VERSION
    digest: str = ""
    """SHA-256 over the rule files, so a result can say exactly which rules produced it."""

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def families(self) -> list[str]:
        return sorted({rule.family for rule in self.rules})

    def only(self, ids: Sequence[str]) -> RuleSet:
        wanted = set(ids)
        return RuleSet(tuple(r for r in self.rules if r.id in wanted), self.version, self.digest)


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{what} must be a list of strings")
    return tuple(value)


def _int(value: Any, what: str, lo: int, hi: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        raise RuleError(f"{what} must be an integer in [{lo}, {hi}]")
    return value


def _bool(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise RuleError(f"{what} must be true or false")
    return value


def parse_rule(family: str, raw: Mapping[str, Any]) -> Rule:
    """Build one rule from its TOML table, refusing anything malformed."""
    rid = raw.get("id")
    if not isinstance(rid, str) or not _ID.match(rid):
        raise RuleError(f"{family}: rule id {rid!r} must be lower-case words joined by '-'")
    where = f"rule {rid}"
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("description", "severity", "anchors"):
        if key not in raw:
            raise RuleError(f"{where}: missing {key}")
    parser = raw.get("parser")
    if parser is not None and parser not in PARSERS:
        raise RuleError(f"{where}: unknown parser {parser!r}")
    if ("pattern" in raw) == (parser is not None):
        raise RuleError(f"{where}: needs exactly one of pattern and parser")
    try:
        severity = Severity(raw["severity"])
    except ValueError as exc:
        raise RuleError(
            f"{where}: severity {raw['severity']!r} is not one of {list(Severity)}"
        ) from exc
    flags = 0
    for letter in str(raw.get("flags", "")):
        if letter not in _FLAGS:
            raise RuleError(f"{where}: unknown flag {letter!r}")
        flags |= _FLAGS[letter]
    try:
        pattern = re.compile(str(raw.get("pattern", "(?!)")), flags)
        nearby = tuple(re.compile(p) for p in _strings(raw.get("requires_nearby", []), where))
        rejects = tuple(re.compile(p) for p in _strings(raw.get("rejects_nearby", []), where))
    except re.error as exc:
        raise RuleError(f"{where}: bad regular expression: {exc}") from exc
    anchors = _strings(raw["anchors"], f"{where}: anchors")
    if not anchors or any(len(a) < 3 or not a.isascii() for a in anchors):
        raise RuleError(f"{where}: anchors must be ASCII literals of 3+ characters")
    validator = raw.get("validator")
    if validator is not None and validator not in VALIDATORS:
        raise RuleError(f"{where}: unknown validator {validator!r}")
    args = raw.get("validator_args", {})
    if not isinstance(args, dict):
        raise RuleError(f"{where}: validator_args must be a table")
    description = raw["description"]
    if not isinstance(description, str) or not description.strip():
        raise RuleError(f"{where}: description must be a sentence")
    return Rule(
        id=rid,
        family=family,
        description=description.strip(),
        severity=severity,
        pattern=pattern,
        anchors=anchors,
        anchors_ignore_case=_bool(raw.get("anchors_ignore_case", False), where),
        anchored=_bool(raw.get("anchored", False), where),
        before=_int(raw.get("before", 0), f"{where}: before", 0, _MAX_WINDOW),
        after=_int(raw.get("after", 200), f"{where}: after", 0, _MAX_WINDOW),
        validator=validator,
        validator_args=args,
        requires_nearby=nearby,
        rejects_nearby=rejects,
        nearby=_int(raw.get("nearby", 300), f"{where}: nearby", 0, _MAX_WINDOW),
        not_preceded_by=tuple(
            w.lower() for w in _strings(raw.get("not_preceded_by", []), f"{where}: not_preceded_by")
        ),
        placeholders=_bool(raw.get("placeholders", True), where),
        in_lock_files=_bool(raw.get("in_lock_files", False), where),
        paths=_strings(raw.get("paths", []), f"{where}: paths"),
        priority=_int(raw.get("priority", 0), f"{where}: priority", -100, 100),
        examples_match=_strings(raw.get("examples_match", []), f"{where}: examples_match"),
        examples_nomatch=_strings(raw.get("examples_nomatch", []), f"{where}: examples_nomatch"),
        parser=parser,
    )


def parse_rule_file(family: str, text: str) -> list[Rule]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"rules/{family}.toml: {exc}") from exc
    tables = data.get("rule", [])
    if not isinstance(tables, list) or not tables:
        raise RuleError(f"rules/{family}.toml: no [[rule]] tables")
    return [parse_rule(family, t) for t in tables]


def load_rules(directory: Path | None = None) -> RuleSet:
    """Load every ``*.toml`` rule file (the packaged ones unless ``directory`` is given).

    The file name (without ``.toml``) is the family of its rules. The packaged set is parsed once
    per process (a RuleSet is immutable).
    """
    if directory is None:
        return _packaged_rules()
    return _load(directory)


@functools.cache
def _packaged_rules() -> RuleSet:
    return _load(None)


def _load(directory: Path | None) -> RuleSet:
    if directory is None:
        base = resources.files("assess.codescan") / "rules"
        files = sorted(
            (e.name, e.read_text("utf-8")) for e in base.iterdir() if e.name.endswith(".toml")
        )
    else:
        files = sorted((p.name, p.read_text("utf-8")) for p in directory.glob("*.toml"))
    digest = hashlib.sha256()
    rules: list[Rule] = []
    for name, text in files:
        digest.update(name.encode() + b"\0" + text.encode() + b"\0")
        rules.extend(parse_rule_file(name.removesuffix(".toml"), text))
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"rule id {rule.id} is defined twice")
        seen.add(rule.id)
    return RuleSet(tuple(rules), RULES_VERSION, digest.hexdigest())
