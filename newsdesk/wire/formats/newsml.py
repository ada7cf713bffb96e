"""IPTC NewsML-G2 text items: ``<newsItem>``, alone or in a ``<newsMessage>``.

What is read, and where it goes:

- ``newsItem/@guid`` → ``guid``, ``@version`` → ``version``, ``@xml:lang``
  → ``language`` (unless ``contentMeta/language/@tag`` says otherwise);
- ``itemMeta``: ``pubStatus/@qcode`` ("stat:usable", "stat:canceled",
  "stat:withdrawn") → ``pubstatus``; ``embargoed`` → ``embargo``;
  ``signal/@qcode`` ("sig:update", "sig:correction") → ``signals``;
  ``firstCreated`` (else ``versionCreated``) → ``published``;
  ``edNote`` → ``signals`` when it says "correction" or "update";
- ``contentMeta``: ``urgency`` → ``urgency``; ``headline`` → ``headline``
  (else the body's own: an inline NITF ``hl1``, the XHTML ``title`` or
  ``header``'s ``h1``; else the first sentence, with a warning);
  ``slugline`` and ``keyword`` → ``keywords``; ``subject/name`` (else its
  ``@literal``) → ``subjects``; ``by`` → ``byline``; ``dateline`` (else
  ``located/name``) → ``dateline`` when it reads as a place (Reuters puts
  a timestamp there); ``creditline`` (else ``infoSource/name``, else
  ``rightsInfo/copyrightHolder/name``) → the wire credit;
  ``description`` with a summary/abstract/teaser role (or none) →
  ``standfirst``;
- ``contentSet``: ``inlineXML`` with an XHTML ``body`` (``p`` paragraphs,
  ``h2``/``h3`` subheadings, ``figure``/``figcaption`` captions, ``pre``
  and tables; its ``header`` is the page's heading, not story text), an
  NITF article (read by :func:`~newsdesk.wire.formats.nitf.read_body`: its
  ``body.head`` fills what ``contentMeta`` leaves empty), or
  ``inlineData`` plain text (HTML when it says so, or opens with ``<p>``
  whatever its label).

An agency's own ways with the standard are its dialect
(:mod:`~newsdesk.wire.formats.dialects`), applied after the generic reading.

In a ``newsMessage`` the text items are the stories (each one, on its own,
is what :func:`split` gives back); picture items delivered with a single
text item become its captions (their ``description`` credited to their
``creditline``).  Package items are not stories and are passed over.

Not stories, told apart: an item whose ``itemClass`` is a picture, graphic,
video or audio, or whose content is statistics (SportsML), raises
:class:`~.errors.NotText` (the importer skips it, counted apart), as does a
message holding only such items; a ``packageItem`` (or a concept, knowledge
or planning item) on its own is refused by name.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.parsers import expat
from xml.sax.saxutils import quoteattr

from ..agencies import AgencyIndex
from ..story import WireStory
from . import dialects, nitf
from .assemble import Draft, embargo, finish, integer, moment, pubstatus, reads_as_place, signals_from_note
from .blocks import blocks_from_element, blocks_from_html, blocks_from_text
from .errors import FormatError, NotText
from .safexml import (
    MAX_DEPTH,
    MAX_DOCUMENT_SIZE,
    XML_LANG,
    attribute,
    child,
    children,
    descendants,
    local,
    parse_xml,
    text_of,
)

NAME = "newsml-g2"
LABEL = "NewsML-G2"
ROOTS = frozenset({"newsItem", "newsMessage", "packageItem", "conceptItem", "knowledgeItem", "planningItem"})
_MEDIA_CLASSES = ("picture", "graphic", "video", "audio")
#: G2 items that are no story, refused by name when they come alone.
_OTHER_ITEMS = {
    "packageItem": "a NewsML-G2 package, not a story: it only lists other items",
    "conceptItem": "a NewsML-G2 concept item (a description of a person, place or subject), not a story",
    "knowledgeItem": "a NewsML-G2 knowledge item (a set of concepts), not a story",
    "planningItem": "a NewsML-G2 planning item (news coverage planned), not a story",
}
_SUMMARY_ROLES = ("summary", "abstract", "teaser", "lead", "standfirst")


def parse(text: str, index: AgencyIndex, *, max_size: int = MAX_DOCUMENT_SIZE) -> WireStory:
    """The (first) text item of a NewsML-G2 document as a story."""
    root = parse_xml(text, label=LABEL, fmt=NAME, max_size=max_size)
    if local(root.tag) in _OTHER_ITEMS:
        raise FormatError(_OTHER_ITEMS[local(root.tag)], format=NAME)
    if local(root.tag) == "newsItem":
        kind = not_text_kind(root)
        if kind:
            raise NotText(f"not text: a NewsML-G2 {kind} item", format=NAME, kind=kind)
        return finish(read(root), index)
    items = list(descendants(root, "newsItem"))
    stories = [item for item in items if not not_text_kind(item)]
    if not stories:
        _refuse_message(root, items)
    draft = read(stories[0])
    if len(stories) == 1:
        for picture in (item for item in items if _is_media(item)):
            meta = child(picture, "contentMeta")
            caption = _description(meta, ("caption",)) or text_of(child(meta, "headline"))
            credit = text_of(child(meta, "creditline")) or text_of(child(meta, "by"))
            draft.captions.append((caption, credit))
    else:
        draft.warnings.append(
            f"This NewsML-G2 message holds {len(stories)} stories; only the first was read here "
            "(the importer reads each on its own)."
        )
    return finish(draft, index)


def _is_media(item: ET.Element) -> bool:
    kind = attribute(child(item, "itemMeta", "itemClass"), "qcode").lower()
    return any(name in kind for name in _MEDIA_CLASSES)


def not_text_kind(item: ET.Element) -> str:
    """What a ``newsItem`` is when it is no text story: its media class
    ("picture", "video", ...) or "statistics" (SportsML content and no
    XHTML or NITF body); ``""`` for a text item."""
    kind = attribute(child(item, "itemMeta", "itemClass"), "qcode").lower()
    for name in _MEDIA_CLASSES:
        if name in kind:
            return name
    inline = children(child(item, "contentSet"), "inlineXML")
    if inline and all(_is_statistics(element) for element in inline):
        return "statistics"
    return ""


def _is_statistics(inline: ET.Element) -> bool:
    """SportsML results and standings (``application/sportsml+xml``, a ``sports-content`` root)."""
    if "sportsml" in attribute(inline, "contenttype").lower():
        return True
    return any(local(element.tag) == "sports-content" for element in inline)


def _refuse_message(root: ET.Element, items: list[ET.Element]) -> None:
    """Why a ``newsMessage`` gives no story: only pictures and the like
    (:class:`NotText`), only packages, or nothing at all."""
    kinds = sorted({not_text_kind(item) for item in items} - {""})
    if kinds:
        raise NotText(
            f"not text: a NewsML-G2 message of {' and '.join(kinds)} items only", format=NAME, kind=kinds[0]
        )
    if next(descendants(root, "packageItem"), None) is not None:
        raise FormatError(_OTHER_ITEMS["packageItem"], format=NAME)
    raise FormatError("not a usable NewsML-G2 message: it holds no text item", format=NAME)


def read(item: ET.Element) -> Draft:
    # Only a text item's first sentence may stand in for a missing headline.
    item_class = attribute(child(item, "itemMeta", "itemClass"), "qcode").lower()
    draft = Draft(format=NAME, label=LABEL, headline_from_body=item_class in ("", "ninat:text"))
    draft.guid = attribute(item, "guid")
    draft.version = integer(attribute(item, "version"))
    draft.language = attribute(item, XML_LANG)
    item_meta = child(item, "itemMeta")
    draft.pubstatus = pubstatus(attribute(child(item_meta, "pubStatus"), "qcode") or "usable")
    embargo(text_of(child(item_meta, "embargoed")), draft, "embargo time")
    draft.published = moment(
        text_of(child(item_meta, "firstCreated")) or text_of(child(item_meta, "versionCreated")),
        draft.warnings, "creation date",
    )
    for signal in children(item_meta, "signal"):
        draft.signals.append(attribute(signal, "qcode").rsplit(":", 1)[-1].lower())
    for note in children(item_meta, "edNote"):
        draft.signals.extend(signals_from_note(text_of(note)))
        draft.notes.append(text_of(note))
    meta = child(item, "contentMeta")
    draft.urgency = integer(text_of(child(meta, "urgency")))
    draft.headline = text_of(child(meta, "headline"))
    draft.keywords.extend(text_of(e) for e in children(meta, "slugline"))
    draft.keywords.extend(text_of(e) for e in children(meta, "keyword"))
    draft.subjects.extend(text_of(child(e, "name")) or attribute(e, "literal") for e in children(meta, "subject"))
    draft.byline = text_of(child(meta, "by"))
    draft.dateline = text_of(child(meta, "dateline")) or text_of(child(meta, "located", "name"))
    draft.standfirst = _description(meta, _SUMMARY_ROLES, untyped=True)
    draft.credits.append(text_of(child(meta, "creditline")))
    draft.credits.extend(text_of(child(e, "name")) for e in children(meta, "infoSource"))
    draft.credits.extend(text_of(child(e, "name")) for e in descendants(child(item, "rightsInfo"), "copyrightHolder"))
    language = attribute(child(meta, "language"), "tag")
    if language:
        draft.language = language
    _body(child(item, "contentSet"), draft)
    for dialect in dialects.of(item):
        dialect.adjust(item, draft)
    return draft


def _description(meta: ET.Element | None, roles: tuple[str, ...], *, untyped: bool = False) -> str:
    for description in children(meta, "description"):
        role = attribute(description, "role").lower()
        if any(name in role for name in roles) or (untyped and not role):
            return text_of(description)
    return ""


def _body(content_set: ET.Element | None, draft: Draft) -> None:
    """The item's text into ``draft.blocks``; what the body's own heading says fills gaps."""
    inline = children(content_set, "inlineXML")
    inline.sort(key=lambda e: "html" not in attribute(e, "contenttype").lower())
    for element in inline:
        article = _near_top(element, "nitf")
        if article is not None:
            found = Draft(format=NAME, label=LABEL)
            nitf.read_body(child(article, "body"), found)
            found.headline = found.headline or text_of(child(article, "head", "title"))
            if found.blocks:
                draft.blocks = found.blocks
                draft.headline = draft.headline or found.headline
                draft.byline = draft.byline or found.byline
                draft.standfirst = draft.standfirst or found.standfirst
                draft.dateline = draft.dateline if reads_as_place(draft.dateline) else found.dateline
                return
            continue
        body = _near_top(element, "body")
        if body is None and "html" not in attribute(element, "contenttype").lower():
            continue  # events, sports statistics, other XML: not story text
        blocks = blocks_from_element(body if body is not None else element)
        if blocks:
            draft.blocks = blocks
            draft.headline = draft.headline or text_of(next(descendants(element, "title"), None)) or text_of(
                next((h for header in descendants(body, "header") for h in descendants(header, "h1")), None)
            )
            return
    for data in children(content_set, "inlineData"):
        text = data.text or ""
        # HTML sent as inlineData, labelled text/plain or not (ANSA's "<p>…" in CDATA).
        marked_up = "html" in attribute(data, "contenttype").lower() or text.lstrip()[:3].lower() == "<p>"
        blocks = blocks_from_html(text) if marked_up else blocks_from_text(text)
        if blocks:
            draft.blocks = blocks
            return


def _near_top(element: ET.Element, name: str) -> ET.Element | None:
    """``name`` as a child or grandchild of ``inlineXML`` (``nitf``; ``html/body``), without walking the text."""
    for item in element:
        if local(item.tag) == name:
            return item
    for item in element:
        for inner in item:
            if local(inner.tag) == name:
                return inner
    return None


def split(text: str) -> list[tuple[str, str]]:
    """The text items of a ``newsMessage``, each as a document of its own.

    The message's namespace declarations are carried onto each item so it
    reads the same alone.  Anything that is not a message of several text
    items comes back whole (a malformed one too: :func:`parse` then says
    what is wrong with it).
    """
    outline = _Outline()
    try:
        parse_xml(text, label=LABEL, fmt=NAME, max_size=len(text.encode("utf-8")), target=outline)
    except FormatError:
        return [("", text)]
    if outline.root != "newsMessage":
        return [("", text)]
    kinds = outline.media
    if kinds.count(False) < 2:
        return [("", text)]
    spans, declarations = _item_spans(text)
    pieces = []
    data = text.encode("utf-8")
    number = 0
    for (start, end), media in zip(spans, kinds, strict=True):
        if media:
            continue
        number += 1
        piece = data[start:end].decode("utf-8")
        pieces.append((f"#{number}", _with_declarations(piece, declarations)))
    return pieces


class _Outline:
    """What :func:`split` needs of a message, read as the parser goes: the
    root's name and, for each ``newsItem``, whether its
    ``itemMeta/itemClass`` names a picture, graphic, video or audio (as
    :func:`_is_media` reads it).  No tree is built, so a message of ten
    thousand items costs no more memory than its text, and the element
    bound of one story (``MAX_ELEMENTS``) is not the message's; each item
    is held to it when it is read on its own."""

    def __init__(self) -> None:
        self.root = ""
        self.media: list[bool] = []
        self._path: list[str] = []
        self._open_items: list[int] = []
        self._classed: set[int] = set()

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = local(tag)
        if not self._path:
            self.root = name
        if name == "newsItem":
            self._open_items.append(len(self.media))
            self.media.append(False)
        elif name == "itemClass" and self._path[-2:] == ["newsItem", "itemMeta"] and self._open_items:
            item = self._open_items[-1]
            if item not in self._classed:  # the first itemClass of the first itemMeta counts
                self._classed.add(item)
                qcode = next((value for key, value in attrs.items() if local(key) == "qcode"), "")
                self.media[item] = any(kind in qcode.strip().lower() for kind in _MEDIA_CLASSES)
        self._path.append(name)
        if len(self._path) > MAX_DEPTH:
            raise FormatError(f"not a readable {LABEL} document: elements are nested more than {MAX_DEPTH} deep",
                              format=NAME)

    def end(self, tag: str) -> None:
        self._path.pop()
        if local(tag) == "newsItem" and self._open_items:
            self._open_items.pop()

    def data(self, data: str) -> None:
        pass

    def close(self) -> _Outline:
        return self


def _item_spans(text: str) -> tuple[list[tuple[int, int]], dict[str, str]]:
    """Byte spans of every ``newsItem`` element, and the namespaces declared above them.

    Run on a document :func:`parse_xml` has already accepted (no DTD, no
    entities), so plain expat is safe here.
    """
    parser = expat.ParserCreate("utf-8")
    spans: list[tuple[int, int]] = []
    declarations: dict[str, str] = {}
    opened: list[int] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if local_name(name) == "newsItem":
            opened.append(parser.CurrentByteIndex)
        elif not opened:
            declarations.update({k: v for k, v in attrs.items() if k == "xmlns" or k.startswith("xmlns:")})

    def end(name: str) -> None:
        if local_name(name) == "newsItem" and opened:
            spans.append((opened.pop(), parser.CurrentByteIndex))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    data = text.encode("utf-8")
    parser.Parse(data, True)
    # An end index points at "</newsItem>"; the element ends after its ">".
    return [(s, data.index(b">", e) + 1) for s, e in spans], declarations


def local_name(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def _with_declarations(piece: str, declarations: dict[str, str]) -> str:
    """The item's start tag with the message's namespace declarations it does not make itself."""
    end_of_name = len(piece.split(None, 1)[0].rstrip(">/"))
    start_tag = piece[: piece.index(">")]
    added = "".join(
        f" {name}={quoteattr(value)}" for name, value in declarations.items() if f"{name}=" not in start_tag
    )
    return piece[:end_of_name] + added + piece[end_of_name:]
