"""Values that a column name binds: CSV and TSV exports, and SQL ``INSERT`` statements.

A secret-like name heading a column (``api_key`` in a CSV header, ``client_secret`` in an
``INSERT INTO t (name, client_secret) VALUES (...)``) binds the value in that column of every
row. These functions only find where those values are; the assignment grammar judges the name
and each value as it does any other binding.

Bounded work: at most :data:`MAX_ROWS` rows of one table are read.
"""

from __future__ import annotations

import re

MAX_ROWS = 5000
"""Rows of one CSV table or one INSERT statement read for a column's values."""
MAX_HEADER = 4096
"""Longest first line read as a CSV header, and longest INSERT column list (a minified line of
megabytes is no table, and each anchor hit in it must cost little)."""

_DELIMITERS = ",\t;|"
_INSERT = re.compile(
    r"\bINSERT[ \t]+(?:IGNORE[ \t]+)?INTO[ \t]+[\w.\"`\[\]]{1,128}[ \t]*\(", re.IGNORECASE
)
_VALUES = re.compile(r"\)[ \t\r\n]*VALUES[ \t\r\n]*", re.IGNORECASE)
_COMMA = re.compile(r"[ \t\r\n]*,[ \t\r\n]*")
_SQL_ITEM = re.compile(
    r"[ \t\r\n]*(?:[NnEe]?'((?:[^'\\]|''|\\.){0,1000})'|[^,()'\r\n]{0,200})[ \t\r\n]*"
)


def column_values(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans of the values in the column that ``text[lo:hi]`` names, or [] when it names none."""
    return _csv_column(text, lo, hi) or _insert_column(text, lo, hi)


def _csv_column(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The header line is the text's first line, its fields split by one delimiter."""
    if hi > MAX_HEADER:
        return []
    header_end = text.find("\n", 0, MAX_HEADER + 1)
    if header_end < 0:
        if len(text) > MAX_HEADER:
            return []
        header_end = len(text)
    if hi > header_end:
        return []
    header = text[:header_end].rstrip("\r")
    delimiter = max(_DELIMITERS, key=header.count)
    if header.count(delimiter) == 0:
        return []
    quote = '"' if text[lo - 1 : lo] == '"' and text[hi : hi + 1] == '"' else ""
    start, end = lo - len(quote), hi + len(quote)
    if (start > 0 and text[start - 1] != delimiter) or (
        end < len(header) and header[end] != delimiter
    ):
        return []  # the name is part of a field, not the field
    index = header.count(delimiter, 0, start)
    width = header.count(delimiter) + 1
    out: list[tuple[int, int]] = []
    pos = header_end + 1
    for _ in range(MAX_ROWS):
        if pos >= len(text):
            break
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        span = _field(text, pos, line_end, delimiter, index, width)
        if span is not None:
            out.append(span)
        pos = line_end + 1
    return out


def _field(
    text: str, pos: int, end: int, delimiter: str, index: int, width: int
) -> tuple[int, int] | None:
    """The span of field ``index`` in the row ``text[pos:end]`` (quoted fields unquoted)."""
    row = text[pos:end].rstrip("\r")
    if '"' in row:
        return None  # quoted fields may hold the delimiter: such rows are left alone
    fields = row.split(delimiter)
    if len(fields) != width:
        return None
    start = pos + sum(len(f) + 1 for f in fields[:index])
    value = fields[index].strip()
    if not value:
        return None
    start += fields[index].find(value)
    return start, start + len(value)


def _insert_column(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """``INSERT INTO t (a, secret_col) VALUES ('x', 'value'), ('y', 'value')``."""
    if text[hi : hi + 4].lstrip(' \t`"]')[:1] not in (",", ")"):
        return []  # not an item of a column list
    floor = max(0, lo - 600)
    statement = None
    for found in _INSERT.finditer(text, floor, lo):
        statement = found
    if statement is None:
        return []
    close = text.find(")", statement.end(), statement.end() + MAX_HEADER)
    if close < hi:
        return []
    columns = [c.strip().strip('`"[]') for c in text[statement.end() : close].split(",")]
    name = text[lo:hi]
    if name not in columns:
        return []
    index = columns.index(name)
    values = _VALUES.match(text, close)
    if values is None:
        return []
    out: list[tuple[int, int]] = []
    pos = values.end()
    for _ in range(MAX_ROWS):
        if pos >= len(text) or text[pos] != "(":
            break
        row, pos = _sql_row(text, pos + 1)
        if row is None:
            break
        cell = row[index] if index < len(row) else None
        if cell is not None:
            out.append(cell)
        comma = _COMMA.match(text, pos)
        if comma is None:
            break
        pos = comma.end()
    return out


def _sql_row(text: str, pos: int) -> tuple[list[tuple[int, int] | None] | None, int]:
    """The literals of one ``(...)`` tuple starting after its ``(``: a span for each quoted
    string, None for anything else; and the position after its ``)``."""
    row: list[tuple[int, int] | None] = []
    while True:
        m = _SQL_ITEM.match(text, pos)
        if m is None:
            return None, pos
        row.append(m.span(1) if m.group(1) is not None else None)
        pos = m.end()
        if pos >= len(text):
            return None, pos
        if text[pos] == ")":
            return row, pos + 1
        if text[pos] != ",":
            return None, pos
        pos += 1
