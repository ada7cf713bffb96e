"""Story bodies as blocks: paragraphs, subheadings and photo captions.

Every structured format carries its body as marked-up blocks — NITF's
``body.content`` (``p``, ``hl2``, ``block``, ``media``), the XHTML inside
a NewsML-G2 item, a ninjs item's ``body_html`` — or as plain text (ninjs
``body_text``, a NewsML-G2 ``inlineData``).  One walk turns any of them
into the same list of :class:`Block` s; HTML fragments, which need not be
well-formed XML, are first built into the same element tree by the
standard library's forgiving HTML parser (no entities beyond HTML's own,
nothing fetched).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser

from ..hygiene import clean_lines
from .safexml import MAX_DEPTH, children, local, text_of

PARAGRAPH = "p"
SUBHEADING = "h"
CAPTION = "caption"
#: Text whose lines and spacing are the point (a results table sent as
#: text, a team sheet): kept line for line, shown as ``<pre>``.
PREFORMATTED = "pre"
#: A table: rows one a line, cells separated by a tab (:data:`CELL`).
TABLE = "table"
CELL = "\t"

#: Containers walked into: their blocks are the story's blocks.
_CONTAINERS = frozenset({
    "body", "body.content", "block", "div", "section", "article", "main", "blockquote", "aside",
    "inlineXML", "html",
})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "hl1", "hl2"})
_LISTS = frozenset({"ul", "ol", "dl"})
_LIST_ITEMS = frozenset({"li", "dt", "dd"})
#: Never story text: scripts, styles, the document's head, tables of figures.
_SKIPPED = frozenset({"script", "style", "head", "title", "meta", "link", "table", "img", "br", "hr",
                      "media-reference", "media-object", "object", "iframe", "video", "audio"})
_CREDIT_CLASSES = ("credit", "byline", "source", "copyright", "producer")


@dataclass(frozen=True)
class Block:
    """One block of a story body: ``kind`` is :data:`PARAGRAPH`, :data:`SUBHEADING` or :data:`CAPTION`.

    ``credit`` is the credit printed with a caption (a media producer, a
    figure's credit line), as printed.
    """

    kind: str
    text: str
    credit: str = ""


def blocks_from_element(element: ET.Element) -> list[Block]:
    """The blocks of a body element (NITF ``body.content``, XHTML ``body``), in order."""
    found: list[Block] = []
    _walk(element, found)
    return found


def _walk(element: ET.Element, found: list[Block]) -> None:
    leading = " ".join((element.text or "").split())
    if leading:
        found.append(Block(PARAGRAPH, leading))
    for item in element:
        name = local(item.tag)
        if name in _SKIPPED or not name:
            pass
        elif name in _HEADINGS:
            _add(found, SUBHEADING, text_of(item))
        elif name in _CONTAINERS:
            _walk(item, found)
        elif name in _LISTS:
            for entry in item:
                if local(entry.tag) in _LIST_ITEMS:
                    _add(found, PARAGRAPH, text_of(entry))
        elif name == "media":
            _media(item, found)
        elif name == "figure":
            _figure(item, found)
        elif name in ("media-caption", "figcaption"):
            _add(found, CAPTION, text_of(item))
        else:  # p, and any inline element standing as a block
            _add(found, PARAGRAPH, text_of(item))
        tail = " ".join((item.tail or "").split())
        if tail:
            found.append(Block(PARAGRAPH, tail))


def _add(found: list[Block], kind: str, text: str, credit: str = "") -> None:
    if text:
        found.append(Block(kind, text, credit))


def _media(element: ET.Element, found: list[Block]) -> None:
    """NITF ``<media>``: its caption, credited to its producer."""
    caption = " ".join(text_of(c) for c in children(element, "media-caption")).strip()
    credit = " ".join(text_of(c) for c in children(element, "media-producer")).strip()
    _add(found, CAPTION, caption, credit)


def _figure(element: ET.Element, found: list[Block]) -> None:
    """XHTML ``<figure>``: the caption, and a credit in an element classed as one."""
    caption_element = next((c for c in element.iter() if local(c.tag) == "figcaption"), None)
    if caption_element is None:
        return
    credit = ""
    for part in caption_element.iter():
        classes = (part.get("class") or "").lower()
        if part is not caption_element and any(name in classes for name in _CREDIT_CLASSES):
            credit = text_of(part)
            text = " ".join(
                "".join(_text_without(caption_element, part)).split()
            )
            _add(found, CAPTION, text, credit)
            return
    _add(found, CAPTION, text_of(caption_element))


def _text_without(element: ET.Element, left_out: ET.Element) -> list[str]:
    parts = [element.text or ""]
    for item in element:
        if item is not left_out:
            parts.extend(_text_without(item, left_out))
        parts.append(item.tail or "")
    return parts


def blocks_from_text(text: str) -> list[Block]:
    """Plain-text body: paragraphs separated by blank lines (or one a line when none are)."""
    lines = clean_lines(text)
    if "" not in lines:
        return [Block(PARAGRAPH, line) for line in lines if line]
    paragraphs: list[Block] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(Block(PARAGRAPH, " ".join(current)))
            current = []
    return paragraphs


# --- HTML fragments -------------------------------------------------------------

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})
#: A new one of these closes an open ``p`` (HTML's own rule, enough of it).
_CLOSES_P = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "figure", "blockquote",
                       "table", "section", "article", "aside"})


class _TreeBuilder(HTMLParser):
    """HTML text into an :class:`~xml.etree.ElementTree.Element` tree, forgiving as browsers are."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = ET.Element("body")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CLOSES_P and any(local(e.tag) == "p" for e in self.stack[1:]):
            self.handle_endtag("p")
        element = ET.SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})
        if tag not in _VOID and len(self.stack) < MAX_DEPTH:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ET.SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        parent = self.stack[-1]
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + data
        else:
            parent.text = (parent.text or "") + data


def blocks_from_html(html: str) -> list[Block]:
    """The blocks of an HTML fragment (a ninjs ``body_html``)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return blocks_from_element(builder.root)


def html_text(html: str) -> str:
    """The text of a short HTML fragment (a headline or description given as HTML)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return text_of(builder.root)
