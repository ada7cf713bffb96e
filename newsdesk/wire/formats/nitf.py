"""NITF 3.x (News Industry Text Format, IPTC): ``<nitf>`` documents.

What is read, and where it goes:

- ``head/docdata``: ``doc-id/@id-string`` → ``guid``; ``du-key/@version``
  → ``version``; ``urgency/@ed-urg`` → ``urgency``; ``date.issue/@norm``
  → ``published`` (else ``head/pubdata/@date.publication``);
  ``date.release/@norm`` → ``embargo`` (the moment the item may be
  released; "embargoed" with no readable release date →
  ``embargo_unreadable``); ``@management-status`` (usable, embargoed, withheld,
  canceled) → ``pubstatus``; ``doc.copyright/@holder`` → the wire credit;
  ``key-list/keyword/@key`` → ``keywords``; ``identified-content/classifier``
  → ``subjects``; ``ed-msg/@info`` → ``signals`` when it says "correction"
  or "update";
- ``head/tobject/tobject.subject`` (its most precise name: ``detail``, else
  ``matter``, else ``type``) → ``subjects``;
- ``body/body.head``: ``hedline/hl1`` → ``headline`` (else ``head/title``,
  else the first sentence, with a warning), ``hedline/hl2`` →
  ``standfirst`` (else ``abstract``), ``byline`` → ``byline`` (without its
  ``byttl`` title), ``distributor`` → a wire credit, ``dateline`` →
  ``dateline`` (as printed, without a ``story.date`` that is a timestamp;
  kept only when it reads as a place);
- ``body/body.content``: ``p`` → paragraphs, ``hl2`` and ``h2``-like →
  subheadings, ``media`` → captions (``media-caption``, credited to
  ``media-producer``), ``pre`` → preformatted text, ``table`` → a table,
  ``block`` walked into;
- ``body/body.end/tagline``: a credit printed there;
- ``@xml:lang`` (else ``@baselang``, NITF's own) → ``language``.

The body half (:func:`read_body`) also reads an NITF article carried
inside a NewsML-G2 item.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..agencies import AgencyIndex
from ..story import WireStory
from .assemble import Draft, embargo, finish, integer, moment, pubstatus, reads_as_place, signals_from_note
from .blocks import blocks_from_element
from .errors import FormatError
from .safexml import (
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

NAME = "nitf"
LABEL = "NITF"
ROOTS = frozenset({"nitf"})
#: A NewsML-G2 excerpt conveying an NITF article (IPTC's guide shows them alone).
_CARRIERS = frozenset({"contentSet", "inlineXML"})


def can_parse(root: str | None, head: str) -> bool:
    """An ``<nitf>`` document, or a ``<contentSet>``/``<inlineXML>`` excerpt whose opening holds one."""
    return root in ROOTS or (root in _CARRIERS and "<nitf" in head)


def parse(text: str, index: AgencyIndex, *, max_size: int = MAX_DOCUMENT_SIZE) -> WireStory:
    """One NITF document as a story; :class:`~newsdesk.wire.FormatError` when it cannot be read."""
    root = parse_xml(text, label=LABEL, fmt=NAME, max_size=max_size)
    if local(root.tag) not in ROOTS:
        article = next(descendants(root, "nitf"), None)
        if article is None:
            raise FormatError(f"not a usable {LABEL} document: the excerpt holds no <nitf> article", format=NAME)
        root = article
    return finish(read(root), index)


def read(root: ET.Element) -> Draft:
    draft = Draft(format=NAME, label=LABEL, headline_from_body=True)
    head = child(root, "head")
    body = child(root, "body")
    _read_docdata(child(head, "docdata"), draft)
    for subject in descendants(child(head, "tobject"), "tobject.subject"):
        # The most precise name it gives: detail, else matter, else type.
        draft.subjects.append(
            attribute(subject, "tobject.subject.detail")
            or attribute(subject, "tobject.subject.matter")
            or attribute(subject, "tobject.subject.type")
        )
    if draft.published is None:
        pubdata = child(head, "pubdata")
        draft.published = moment(attribute(pubdata, "date.publication"), draft.warnings, "publication date")
    read_body(body, draft)
    draft.headline = draft.headline or text_of(child(head, "title"))
    draft.language = (
        attribute(root, XML_LANG) or attribute(body, XML_LANG) or attribute(child(body, "body.content"), XML_LANG)
        or attribute(head, XML_LANG) or attribute(root, "baselang")
    )
    return draft


def read_body(body: ET.Element | None, draft: Draft) -> None:
    """An NITF ``body`` into ``draft``: its heading block, its content and its tagline."""
    body_head = child(body, "body.head")
    hedline = child(body_head, "hedline")
    draft.headline = text_of(child(hedline, "hl1"))
    draft.standfirst = text_of(child(hedline, "hl2")) or text_of(child(body_head, "abstract"))
    draft.byline = " ".join(_without(b, "byttl") for b in children(body_head, "byline")).strip()
    dateline = child(body_head, "dateline")
    # "MUSCAT, Dec 7" as printed; a machine date in story.date is not part of it.
    draft.dateline = text_of(dateline)
    if not reads_as_place(draft.dateline):
        draft.dateline = _without(dateline, "story.date")
    draft.credits.append(text_of(child(body_head, "distributor")))
    content = child(body, "body.content")
    if content is not None:
        draft.blocks = blocks_from_element(content)
    for tagline in children(child(body, "body.end"), "tagline"):
        draft.credits.append(text_of(tagline).strip(" —–-()/"))


def _without(element: ET.Element | None, left_out: str) -> str:
    """The text of ``element`` without its ``left_out`` children (a byline's title, a dateline's date)."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for item in element:
        if local(item.tag) != left_out:
            parts.append(text_of(item))
        parts.append(item.tail or "")
    return " ".join(" ".join(parts).split())


def _read_docdata(docdata: ET.Element | None, draft: Draft) -> None:
    if docdata is None:
        return
    draft.guid = attribute(child(docdata, "doc-id"), "id-string")
    draft.version = integer(attribute(child(docdata, "du-key"), "version"))
    draft.urgency = integer(attribute(child(docdata, "urgency"), "ed-urg"))
    draft.published = moment(attribute(child(docdata, "date.issue"), "norm"), draft.warnings, "issue date")
    embargo(attribute(child(docdata, "date.release"), "norm"), draft, "release date")
    status = attribute(docdata, "management-status")
    draft.pubstatus = pubstatus(status or "usable")
    if status.strip().lower() == "embargoed" and draft.embargo is None and not draft.embargo_unreadable:
        draft.embargo_unreadable = 'management-status="embargoed"'
        draft.warnings.append(
            'This NITF item says management-status="embargoed" but gives no release date (date.release/@norm); '
            "check the embargo before publishing."
        )
    # The copyright holder is the agency whose story it is: the best credit.
    draft.credits.append(attribute(child(docdata, "doc.copyright"), "holder"))
    for keyword in descendants(child(docdata, "key-list"), "keyword"):
        draft.keywords.append(attribute(keyword, "key") or text_of(keyword))
    for classifier in descendants(child(docdata, "identified-content"), "classifier"):
        draft.subjects.append(attribute(classifier, "value") or text_of(classifier))
    for message in children(docdata, "ed-msg"):
        draft.signals.extend(signals_from_note(f"{attribute(message, 'msg-type')} {attribute(message, 'info')}"))
        draft.notes.append(attribute(message, "info"))
