"""Read rendered reports back: a small HTML structure reader (stdlib) and PDF text (pypdf)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    text: str = ""


@dataclass
class Page(HTMLParser):
    elements: list[Element] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    _stack: list[Element] = field(default_factory=list)
    _glue: bool = False
    """After a ``<wbr>`` (a break opportunity, no text): the next text continues the last."""

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, dict(attrs))
        self.elements.append(el)
        self._glue = tag == "wbr"
        if tag not in {
            "br",
            "wbr",
            "meta",
            "input",
            "path",
            "circle",
            "rect",
            "line",
            "img",
            "link",
        }:
            self._stack.append(el)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i].tag == tag:
                del self._stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._glue and self.texts:
            self.texts[-1] += data
        else:
            self.texts.append(data)
        self._glue = False
        for el in self._stack:
            el.text += data

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]

    def by_id(self, ident: str) -> Element:
        for e in self.elements:
            if e.attrs.get("id") == ident:
                return e
        raise KeyError(ident)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


def parse_html(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


def pdf_outline(data: bytes) -> list[tuple[int, str]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    found: list[tuple[int, str]] = []

    def walk(items: list, depth: int) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title))

    walk(reader.outline, 0)
    return found
