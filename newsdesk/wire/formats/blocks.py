"""Story bodies as blocks: paragraphs, subheadings, photo captions, preformatted text and tables.

Every structured format carries its body as marked-up blocks — NITF's
``body.content`` (``p``, ``hl2``, ``block``, ``media``, ``pre``, ``table``),
the XHTML inside a NewsML-G2 item, a ninjs item's ``body_html`` — or as
plain text (ninjs ``body_text``, a NewsML-G2 ``inlineData``).  One walk
turns any of them into the same list of :class:`Block` s; HTML fragments,
which need not be well-formed XML, are first built into the same element
tree by the standard library's forgiving HTML parser (no entities beyond
HTML's own, nothing fetched).

The walk reads structure, never guesses it from wording: inline markup
(``<b>``, ``<span>``, NITF's ``<person>``) stays inside its paragraph; a
document's heading block (XHTML ``<header>``, NITF ``body.head``) is not
body text; ``<pre>`` and tables keep their lines and cells (AP's stock and
sports tables); a paragraph whose lines are laid out in columns is kept as
preformatted text rather than run together.  NITF's typographic elements
(``<endash>-</endash>``, also when an agency sends them escaped as text)
become the character they stand for.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
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
#: Never story text: scripts, styles, the document's head and heading block, media.
_SKIPPED = frozenset({"script", "style", "head", "title", "meta", "link", "img", "hr",
                      "media-reference", "media-object", "object", "iframe", "video", "audio",
                      "header", "body.head", "hedline", "nav"})
#: Inline markup: part of the paragraph it stands in (HTML's phrasing
#: elements and NITF's inline elements), never a paragraph of its own.
_INLINE = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
    "wbr", "br",
    "alt-code", "chron", "classifier", "copyrite", "emdash", "endash", "event", "function", "lang", "location",
    "money", "num", "object.title", "org", "person", "postaddr", "pronounce", "virtloc", "frac", "frac-num",
    "frac-den", "sub-num", "sub-den", "city", "country", "region", "state", "sublocation",
})
#: NITF's typographic elements, and the character each stands for when empty.
_TYPOGRAPHIC = {"endash": "\u2013", "emdash": "\u2014"}
_TYPOGRAPHIC_TEXT_RE = re.compile(r"<(endash|emdash)\s*>(.*?)</\1\s*>|<(endash|emdash)\s*/>", re.DOTALL)
_CREDIT_CLASSES = ("credit", "byline", "source", "copyright", "producer")
#: A line laid out in columns: a run of three spaces (or a tab) between words, or a rule.
_COLUMNS_RE = re.compile(r"\S(?: {3,}|\t)\S|^\s*[-=_*]{5,}\s*$")


@dataclass(frozen=True)
class Block:
    """One block of a story body: ``kind`` is :data:`PARAGRAPH`, :data:`SUBHEADING`,
    :data:`CAPTION`, :data:`PREFORMATTED` or :data:`TABLE`.

    ``credit`` is the credit printed with a caption (a media producer, a
    figure's credit line), as printed.  ``raw`` is a paragraph's text with
    its line breaks and indentation as sent, for an agency's dialect that
    gives them a meaning (:mod:`~newsdesk.wire.formats.dialects`).
    """

    kind: str
    text: str
    credit: str = ""
    raw: str = field(default="", compare=False, repr=False)


def blocks_from_element(element: ET.Element) -> list[Block]:
    """The blocks of a body element (NITF ``body.content``, XHTML ``body``), in order."""
    found: list[Block] = []
    _walk(element, found)
    return found


def _walk(element: ET.Element, found: list[Block]) -> None:
    run = [element.text or ""]  # inline text and markup gathered into one paragraph
    for item in element:
        name = local(item.tag)
        if name == "br":  # between blocks, a line break ends a paragraph (inside one it is a line break)
            _flush(run, found)
            run = [item.tail or ""]
            continue
        if not name or name in _INLINE:
            if name:
                run.append(_raw_text(item))
            run.append(item.tail or "")
            continue
        _flush(run, found)
        run = [item.tail or ""]
        if name in _SKIPPED:
            pass
        elif name in _HEADINGS:
            _add(found, SUBHEADING, _collapse(_raw_text(item)))
        elif name in _CONTAINERS:
            _walk(item, found)
        elif name in _LISTS:
            for entry in item:
                if local(entry.tag) in _LIST_ITEMS:
                    _add(found, PARAGRAPH, _collapse(_raw_text(entry)))
        elif name == "media":
            _media(item, found)
        elif name == "figure":
            _figure(item, found)
        elif name in ("media-caption", "figcaption"):
            _add(found, CAPTION, _collapse(_raw_text(item)))
        elif name == "pre":
            _add(found, PREFORMATTED, _preformatted(_raw_text(item).split("\n")))
        elif name == "table":
            _table(item, found)
        else:  # p, and any other element standing as a block
            _flush([_raw_text(item)], found)
    _flush(run, found)


def _flush(run: list[str], found: list[Block]) -> None:
    """A paragraph from text as sent: one paragraph, or, when its lines are laid
    out in columns, its opening sentences and the columns as preformatted text."""
    raw = "".join(run)
    if not raw or raw.isspace():
        return
    if "\n" in raw.strip():
        lines = raw.split("\n")
        lead = _prose_lead(lines)
        rest = lines[lead:]
        if _in_columns(rest):
            for line in lines[:lead]:
                _add(found, PARAGRAPH, _collapse(line))
            _add(found, PREFORMATTED, _preformatted(rest))
            return
    _add(found, PARAGRAPH, _collapse(raw), raw=raw)


def _prose_lead(lines: list[str]) -> int:
    """How many opening lines are sentences (six words or more, no columns) before a layout."""
    count = 0
    for line in lines:
        if _COLUMNS_RE.search(line) or len(line.split()) < 6:
            break
        count += 1
    return count


def _in_columns(lines: list[str]) -> bool:
    """Whether most of these lines (three at least) are laid out in columns."""
    filled = [line for line in lines if line.strip()]
    if len(filled) < 3:
        return False
    return 2 * sum(1 for line in filled if _COLUMNS_RE.search(line)) >= len(filled)


def _preformatted(lines: list[str]) -> str:
    """Lines kept as laid out: trailing spaces, the common indentation and blank edges removed."""
    lines = [line.replace("\r", "").rstrip().replace("\t", "    ") for line in lines]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    indent = min((len(line) - len(line.lstrip()) for line in lines if line), default=0)
    return _markup("\n".join(line[indent:] for line in lines))


def _table(element: ET.Element, found: list[Block]) -> None:
    """A table as rows of cells; a table of one cell is a paragraph."""
    rows = []
    for row in element.iter():
        if local(row.tag) == "tr":
            cells = [_collapse(_raw_text(cell)) for cell in row if local(cell.tag) in ("td", "th")]
            if any(cells):
                rows.append(CELL.join(cells))
    if len(rows) == 1 and CELL not in rows[0]:
        _add(found, PARAGRAPH, rows[0])
    elif rows:
        _add(found, TABLE, "\n".join(rows))


def _raw_text(element: ET.Element) -> str:
    """An element's text as sent: ``<br>`` a line break, NITF's ``<endash>`` its character."""
    name = local(element.tag)
    if name == "br":
        return "\n"
    parts = [element.text or ""]
    for item in element:
        parts.append(_raw_text(item) if local(item.tag) else "")
        parts.append(item.tail or "")
    text = "".join(parts)
    if name in _TYPOGRAPHIC and not text.strip():
        return _TYPOGRAPHIC[name]
    return text


def _markup(text: str) -> str:
    """NITF typographic markup an agency sent escaped, as text (``&lt;endash&gt;-&lt;/endash&gt;``), read."""
    if "<" not in text:
        return text
    return _TYPOGRAPHIC_TEXT_RE.sub(
        lambda m: m[2] if m[1] and m[2].strip() else _TYPOGRAPHIC[m[1] or m[3]], text
    )


def _collapse(raw: str) -> str:
    """Text with every run of white space one space."""
    return _markup(" ".join(raw.split()))


def _add(found: list[Block], kind: str, text: str, credit: str = "", raw: str = "") -> None:
    if text:
        found.append(Block(kind, text, credit, raw))


def split_indented(raw: str) -> list[str]:
    """Wire text sent in one paragraph, split where the agency opened a paragraph.

    A wire story typed for a teleprinter opens each paragraph with an
    indented line and runs on at the margin; a blank line also ends one.
    Only text laid out that way is split (some lines after the first at the
    margin, some indented); anything else, such as XML indented by a pretty
    printer, comes back as one paragraph.
    """
    lines = raw.replace("\r", "").split("\n")
    later = [line for line in lines[1:] if line.strip()]
    if not any(line[:1].isspace() for line in later) or all(line[:1].isspace() for line in later):
        return [_collapse(raw)] if raw.strip() else []
    paragraphs: list[list[str]] = [[]]
    for number, line in enumerate(lines):
        if not line.strip():
            paragraphs.append([])
        elif number and line[:1].isspace():
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return [text for text in (_collapse(" ".join(lines)) for lines in paragraphs) if text]


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
                       "table", "section", "article", "aside", "pre", "header", "nav", "dl"})


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
