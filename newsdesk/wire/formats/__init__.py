"""Agency formats behind one :func:`parse`: NITF, NewsML-G2, NewsML 1, ninjs, IPTC 7901, ANPA-1312, HTML, text.

Each structured format lives in its own module with a cheap ``can_parse``
test on the document's opening, registered in :data:`FORMATS`; the format
is told by content, never by file name, and anything no format claims is
read by the plain-text parser (:func:`~newsdesk.wire.parser.parse_text`),
exactly as before formats existed.  No Django imports here.

- ``anpa1312``: SYN SYN SOH, or SOH and ANPA's heading (AP's wire format; asked
  before IPTC 7901, which it resembles);
- ``iptc7901``: SOH/STX control characters or a ``ZCZC`` opening line;
- ``nitf``: an XML document whose root is ``<nitf>``, or a NewsML-G2
  ``<contentSet>``/``<inlineXML>`` excerpt holding one;
- ``newsml-g2``: an XML document whose root is ``<newsItem>`` or ``<newsMessage>``
  (or a ``<packageItem>``, a concept, knowledge or planning item, refused by name);
- ``newsml-1``: an XML document whose root is ``<NewsML>`` (NewsML 1.x);
- ``ninjs``: a JSON object or list with ninjs keys ("uri", "headline",
  "headlines", "body_html", "bodies", …) near its start;
- ``html``: a saved web page, whose opening is ``<!DOCTYPE html>``,
  ``<html>`` or ``<head>`` (an HTML fragment, ``<p>…``, is not a page);
- ``feed``, ``email``, ``xml``: documents that are no story, refused by name
  (:mod:`.refusals`): feeds and WordPress exports, e-mail messages, other XML;
- ``text``: everything else.

A picture, video, audio or statistics item raises :class:`NotText` (a
:class:`FormatError`): the importer skips it, counted apart.

XML documents are read safely (:mod:`.safexml`): no document type
declarations, entities or external references, bounded size, depth and
element count.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..agencies import AgencyIndex, index_for
from ..parser import parse_text
from ..story import WireStory
from . import anpa, html, iptc7901, newsml, newsml1, ninjs, nitf, refusals
from .errors import FormatError, NotText
from .safexml import MAX_DOCUMENT_SIZE, check_size

TEXT = "text"
#: :func:`split_documents` reads files up to this size (a poll's download
#: may hold a day of stories); each piece is then bounded by ``parse``.
SPLIT_MAX_SIZE = 64 * 1024 * 1024
#: How much of a document's opening the format tests look at.
SNIFF = 4096

_PROLOG_RE = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_DOCTYPE_RE = re.compile(r"<!DOCTYPE\s+(?P<name>[^\s\[>]+)", re.IGNORECASE)
_ROOT_RE = re.compile(r"<(?P<name>[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)[\s/>]")


def xml_root(head: str) -> str | None:
    """The local name of the root element an XML document's opening announces, or ``None``.

    The XML declaration, comments and processing instructions are passed
    over; a document type declaration names the root itself (such a
    document is still refused when read, but as the format it claims).
    """
    if not head.startswith("<"):
        return None
    position = 0
    while True:
        match = _PROLOG_RE.match(head, position)
        if match is None or match.end() == position:
            break
        position = match.end()
    doctype = _DOCTYPE_RE.match(head, position)
    if doctype is not None:
        return doctype["name"].rsplit(":", 1)[-1]
    root = _ROOT_RE.match(head, position)
    return root["name"].rsplit(":", 1)[-1] if root is not None else None


@dataclass(frozen=True)
class Format:
    """A structured format: its name, how to recognise it, split it and read it."""

    name: str
    label: str
    can_parse: Callable[[str, str], bool]  # (whole text, stripped opening)
    split: Callable[[str], list[tuple[str, str]]]
    read: Callable[..., WireStory]  # (text, index, parse_text, max_size)


def _nitf(text: str, index: AgencyIndex, parse_text: Callable[[str], WireStory], max_size: int) -> WireStory:
    return nitf.parse(text, index, max_size=max_size)


def _newsml(text: str, index: AgencyIndex, parse_text: Callable[[str], WireStory], max_size: int) -> WireStory:
    return newsml.parse(text, index, max_size=max_size)


def _ninjs(text: str, index: AgencyIndex, parse_text: Callable[[str], WireStory], max_size: int) -> WireStory:
    return ninjs.parse(text, index, max_size=max_size)


def _newsml1(text: str, index: AgencyIndex, parse_text: Callable[[str], WireStory], max_size: int) -> WireStory:
    return newsml1.parse(text, index, max_size=max_size)


def _refused_feed(text: str, index: AgencyIndex, parse_text: Callable[[str], WireStory], max_size: int) -> WireStory:
    head = _head(text)
    refusals.refuse_feed(xml_root(head), head)
    raise AssertionError("unreachable")


def _refused_email(text: str, index: AgencyIndex, parse_text: Callable[[str], WireStory], max_size: int) -> WireStory:
    refusals.refuse_email()
    raise AssertionError("unreachable")


def _refused_xml(text: str, index: AgencyIndex, parse_text: Callable[[str], WireStory], max_size: int) -> WireStory:
    refusals.refuse_xml(xml_root(_head(text)))
    raise AssertionError("unreachable")


def _iptc7901(text: str, index: AgencyIndex, parse_text: Callable[[str], WireStory], max_size: int) -> WireStory:
    check_size(text, label=iptc7901.LABEL, fmt=iptc7901.NAME, max_size=max_size)
    return iptc7901.parse(text, index)


def _anpa(text: str, index: AgencyIndex, parse_text: Callable[[str], WireStory], max_size: int) -> WireStory:
    check_size(text, label=anpa.LABEL, fmt=anpa.NAME, max_size=max_size)
    return anpa.parse(text, index)


def _html(text: str, index: AgencyIndex, parse_text: Callable[[str], WireStory], max_size: int) -> WireStory:
    return html.parse(text, index, max_size=max_size)


def _whole(text: str) -> list[tuple[str, str]]:
    return [("", text)]


#: The structured formats, asked in this order; the first that claims a document reads it.
FORMATS: tuple[Format, ...] = (
    Format(anpa.NAME, anpa.LABEL, lambda text, head: anpa.can_parse(head), anpa.split, _anpa),
    Format(iptc7901.NAME, iptc7901.LABEL, lambda text, head: iptc7901.can_parse(text), iptc7901.split, _iptc7901),
    Format(nitf.NAME, nitf.LABEL, lambda text, head: nitf.can_parse(xml_root(head), head), _whole, _nitf),
    Format(newsml.NAME, newsml.LABEL, lambda text, head: xml_root(head) in newsml.ROOTS, newsml.split, _newsml),
    Format(newsml1.NAME, newsml1.LABEL, lambda text, head: xml_root(head) in newsml1.ROOTS, newsml1.split, _newsml1),
    Format(ninjs.NAME, ninjs.LABEL, lambda text, head: ninjs.can_parse(head), ninjs.split, _ninjs),
    Format(html.NAME, html.LABEL, lambda text, head: (xml_root(head) or "").lower() in html.ROOTS, _whole, _html),
    # Refused by name; the catch-all for other XML comes last.
    Format(refusals.FEED, "feed", lambda text, head: bool(refusals.feed_kind(xml_root(head), head)), _whole,
           _refused_feed),
    Format(refusals.EMAIL, "e-mail", lambda text, head: refusals.is_email(head), _whole, _refused_email),
    Format(refusals.XML, "XML", lambda text, head: refusals.is_other_xml(xml_root(head), head), _whole,
           _refused_xml),
)
_BY_NAME = {fmt.name: fmt for fmt in FORMATS}


def _head(text: str) -> str:
    """The document's opening, as the format tests see it."""
    return text[:SNIFF].lstrip("\ufeff \t\r\n")


def _format_of(text: str) -> Format | None:
    head = _head(text)
    for fmt in FORMATS:
        if fmt.can_parse(text, head):
            return fmt
    return None


def detect_format(text: str) -> str:
    """A format's name (``"nitf"``, ``"newsml-g2"``, ``"newsml-1"``, ``"ninjs"``,
    ``"iptc7901"``, ``"anpa1312"``, ``"html"``, or ``"feed"``, ``"email"``,
    ``"xml"`` for documents refused by name) or ``"text"``, by content.

    Looks at the opening only (and, for IPTC 7901, whether the text holds
    an STX); never raises.
    """
    fmt = _format_of(text)
    return fmt.name if fmt is not None else TEXT


def split_documents(text: str, *, max_size: int = SPLIT_MAX_SIZE) -> list[tuple[str, str]]:
    """The stories of one input as ``(suffix, text)`` pairs, each readable alone by :func:`parse`.

    Several for an IPTC 7901 stream, a ninjs list and a NewsML-G2 message
    of several text items (suffixes ``"#1"``, ``"#2"``, …, in the order
    they stand); ``[("", text)]`` for everything else, including a
    malformed document (:func:`parse` then says what is wrong with it) and
    one over ``max_size``.  Only framing, JSON or XML is read, no story.
    """
    fmt = _format_of(text)
    if fmt is None or len(text) > max_size:
        return [("", text)]
    return fmt.split(text)


def parse(
    text: str,
    *,
    agencies: Mapping[str, str] | None = None,
    chrome_phrases: Iterable[str] = (),
    furniture: Iterable[str] = (),
    source_name: str = "",
    max_size: int = MAX_DOCUMENT_SIZE,
) -> WireStory:
    """Parse one story in whatever format it comes in.

    Plain and scraped text go to :func:`~newsdesk.wire.parser.parse_text`
    unchanged (which never raises).  Structured documents go to their
    format's reader; one that cannot be read (malformed, unsafe, over
    ``max_size`` UTF-8 bytes, a usable item without headline or text)
    raises :class:`FormatError` naming the format and the problem.  A
    document holding several stories gives its first, with a warning:
    :func:`split_documents` gives each.

    ``agencies`` resolves printed credits for every format;
    ``chrome_phrases`` and ``furniture`` matter to plain text only (agency
    text, IPTC 7901 and ANPA-1312 included, is read as laid out, never
    through the scraped-text rules); ``source_name`` is accepted so every
    caller can pass it.
    """
    fmt = _format_of(text)
    if fmt is None:
        return parse_text(text, agencies=agencies, chrome_phrases=chrome_phrases, furniture=furniture,
                          source_name=source_name)
    phrases, learnt = tuple(chrome_phrases), tuple(furniture)

    def read_text(body: str) -> WireStory:
        return parse_text(body, agencies=agencies, chrome_phrases=phrases, furniture=learnt,
                          source_name=source_name)

    return fmt.read(text, index_for(agencies), read_text, max_size)


__all__ = [
    "FORMATS",
    "MAX_DOCUMENT_SIZE",
    "TEXT",
    "Format",
    "FormatError",
    "NotText",
    "detect_format",
    "parse",
    "split_documents",
    "xml_root",
]
