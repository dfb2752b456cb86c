"""Invisible and control characters made visible: the one function every output applies to text.

Names, tags and messages come from the estate, from scanned files and from plug-ins, and may carry
characters that change what a reader sees without being seen themselves: terminal escape sequences
(C0 and C1 controls), bidirectional overrides that reorder a line (``U+202E``, the trick behind
"Trojan Source"), zero-width characters that hide a difference between two names, lone surrogates
from undecodable file names, and the two non-characters XML cannot hold. :func:`visible` replaces
each of them with a visible token such as ``‹U+202E›``; the token's characters are inert in HTML,
Markdown, XML, JSON, CSV and on a terminal.

Line feeds and tabs are kept (a remediation snippet has lines); a carriage return is not, since it
moves a terminal's cursor back over what was printed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_INVISIBLE = re.compile(
    "["
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 and C1 controls (not tab or line feed), DEL
    "\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"  # format characters
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"  # zero-width, separators, bidi
    "\ufeff\ufff9-\ufffb\ufffe\uffff"  # BOM, interlinear annotations, non-characters
    "\ud800-\udfff"  # lone surrogates (undecodable file names)
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "]"
)


def _token(match: re.Match[str]) -> str:
    return f"‹U+{ord(match.group()):04X}›"


def visible(text: str) -> str:
    """``text`` with every control, format, separator or lone-surrogate character (other than
    line feed and tab) replaced by a visible ``‹U+XXXX›``."""
    return _INVISIBLE.sub(_token, text)


def visible_line(text: str) -> str:
    """:func:`visible` for one line: line feeds and tabs become visible too."""
    return visible(text).replace("\n", "‹U+000A›").replace("\t", "‹U+0009›")


def json_escaped(document: str) -> str:
    """A JSON document with every invisible character written as a ``\\uXXXX`` escape: the data
    reads back unchanged, but the file shows nothing a terminal or an editor would obey."""
    return _INVISIBLE.sub(_json_escape, document)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def visible_strings(value: Any) -> Any:
    """``value`` (JSON-like: dicts, lists, strings) with :func:`visible` applied to every string
    value; keys are left as they are."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, Mapping):
        return {k: visible_strings(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [visible_strings(v) for v in value]
    return value
