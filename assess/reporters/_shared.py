"""The "shared credentials" section, as the HTML, PDF and Markdown reports draw it.

Each group of places holding one credential becomes a table (environment, resource, where) and a
small SVG: environments as columns, resources as rows, a dot where a resource holds the
credential. Only names and places reach the page: no value, preview or length. Estate text is
escaped for XML here, and the HTML templates autoescape the rest.
"""

from __future__ import annotations

import base64
from xml.sax.saxutils import escape, quoteattr

from assess.sharing import SharedCredential, SharedPlace
from assess.visible import visible

ENVIRONMENT_ORDER = ("production", "test", "development")
REPOSITORY_COLUMN = "repository"
UNPLACED_COLUMN = "unplaced"
MAX_ROWS = 12
"""Resources drawn per group; the table lists them all."""

_LABEL_WIDTH = 190
_COLUMN_WIDTH = 92
_ROW_HEIGHT = 15
_HEAD_HEIGHT = 18


def column_of(place: SharedPlace) -> str:
    if place.kind == "repository file":
        return REPOSITORY_COLUMN
    return place.environment or UNPLACED_COLUMN


def columns(group: SharedCredential) -> list[str]:
    """The group's columns: environments in the usual order, others, unplaced, repository."""
    present = {column_of(p) for p in group.places}
    known = [e for e in ENVIRONMENT_ORDER if e in present]
    other = sorted(present - set(ENVIRONMENT_ORDER) - {UNPLACED_COLUMN, REPOSITORY_COLUMN})
    tail = [c for c in (UNPLACED_COLUMN, REPOSITORY_COLUMN) if c in present]
    return known + other + tail


def _clip(text: str, size: int) -> str:
    text = visible(text)
    return text if len(text) <= size else text[: size - 1] + "…"


def diagram(group: SharedCredential) -> str:
    """The group's SVG (a complete ``<svg>`` element, every text escaped)."""
    cols = columns(group)
    rows: dict[str, set[str]] = {}
    for place in group.places:
        rows.setdefault(place.resource_name, set()).add(column_of(place))
    names = sorted(rows)
    hidden = len(names) - MAX_ROWS
    names = names[:MAX_ROWS]
    width = _LABEL_WIDTH + _COLUMN_WIDTH * len(cols)
    height = _HEAD_HEIGHT + _ROW_HEIGHT * (len(names) + (1 if hidden > 0 else 0)) + 4
    title = f"Credential {group.id}: {len(group.places)} places"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="shared-diagram" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f"aria-label={quoteattr(visible(title))}>",
        f"<title>{escape(visible(title))}</title>",
    ]
    for index, col in enumerate(cols):
        x = _LABEL_WIDTH + _COLUMN_WIDTH * index + _COLUMN_WIDTH // 2
        parts.append(
            f'<text x="{x}" y="14" text-anchor="middle" font-size="11" '
            f'font-weight="bold">{escape(col)}</text>'
        )
    for row, name in enumerate(names):
        y = _HEAD_HEIGHT + _ROW_HEIGHT * row + _ROW_HEIGHT // 2
        parts.append(
            f'<text x="4" y="{y + 4}" font-size="11">{escape(_clip(name, 30))}</text>'
            f'<line x1="{_LABEL_WIDTH - 4}" y1="{y}" x2="{width - 4}" y2="{y}" '
            'stroke="#d0d0d0" stroke-width="1"/>'
        )
        for index, col in enumerate(cols):
            if col in rows[name]:
                x = _LABEL_WIDTH + _COLUMN_WIDTH * index + _COLUMN_WIDTH // 2
                fill = "#b00020" if col == "production" else "#444"
                parts.append(f'<circle cx="{x}" cy="{y}" r="5" fill="{fill}"/>')
    if hidden > 0:
        y = _HEAD_HEIGHT + _ROW_HEIGHT * len(names) + _ROW_HEIGHT // 2 + 4
        parts.append(f'<text x="4" y="{y}" font-size="11">and {hidden} more (see the table)</text>')
    parts.append("</svg>")
    return "".join(parts)


def diagram_data_uri(group: SharedCredential) -> str:
    """The diagram as a ``data:`` URI, for formats that cannot hold inline SVG (Markdown)."""
    encoded = base64.b64encode(diagram(group).encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


def summary(group: SharedCredential) -> str:
    """``3 places in production and development; opens storage account storders``."""
    envs = " and ".join(group.environments) or "no recognised environment"
    where = f"{len(group.places)} places in {envs}"
    service, _, name = group.target.partition(":")
    return f"{where}; opens {service} {name}" if name else where
