"""IPTC NewsML 1.x (1.2 as AFP and ANA still send it): ``<NewsML>`` documents.

NewsML 1 wraps each story in a ``NewsItem``: identification and management
metadata, then nested ``NewsComponent`` s holding ``NewsLines`` (headline,
byline, dateline...), metadata, and ``ContentItem`` s whose ``DataContent``
carries the body: NITF, XHTML, bare ``<p>`` elements, or HTML or plain text
given as text (often in a CDATA section).

What is read, and where it goes:

- ``Identification/NewsIdentifier``: ``urn:newsml:ProviderId:DateId:NewsItemId``
  → ``guid`` (the same for every revision, as ``PublicIdentifier`` without its
  revision part is; ``PublicIdentifier`` itself when the parts are missing);
  ``RevisionId`` → ``version``;
- ``NewsManagement``: ``FirstCreated`` (else ``ThisRevisionCreated``) →
  ``published``; ``Status/@FormalName`` (Usable, Embargoed, Withheld,
  Canceled) → ``pubstatus``, and for an embargoed item
  ``StatusWillChange/DateAndTime`` → ``embargo``; ``Urgency/@FormalName``
  (else the envelope's ``Priority``) → ``urgency``; ``Instruction`` →
  ``signals`` when it says "correction" or "update";
- ``NewsLines``: ``HeadLine`` → ``headline``; ``SubHeadLine`` →
  ``standfirst``; ``ByLine`` → ``byline``; ``DateLine`` → ``dateline``;
  ``CreditLine``, then ``AdministrativeMetadata`` ``Provider``/``Source``/
  ``Creator`` parties, then ``CopyrightLine`` → the wire credit;
  ``SlugLine`` and ``KeywordLine`` → ``keywords``;
- ``DescriptiveMetadata``: ``Language/@FormalName`` (else ``xml:lang``) →
  ``language``; ``Property`` "Keyword" → ``keywords``; subjects: the names
  ``TopicSet/Topic/Description[@Variant="Name"]`` gives (English first),
  else the ``SubjectCode`` codes;
- the body: the first text ``ContentItem`` (``MediaType`` Text) outside a
  caption, read through the body blocks (:mod:`.blocks`) as structure;
  photo and graphic components become captions (their headline or caption
  text, credited to their credit line or byline).

An item with no text content but pictures, graphics, video or audio is not
text (:class:`~.errors.NotText`).  A document of several ``NewsItem`` s is
split into one document each (:func:`split`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..agencies import AgencyIndex
from ..story import WireStory
from .assemble import Draft, embargo, finish, integer, moment, pubstatus, signals_from_note
from .blocks import Block, blocks_from_element, blocks_from_html, blocks_from_text
from .errors import FormatError, NotText
from .safexml import MAX_DOCUMENT_SIZE, XML_LANG, attribute, child, children, descendants, local, parse_xml, text_of

NAME = "newsml-1"
LABEL = "NewsML 1"
ROOTS = frozenset({"NewsML"})
_MEDIA = {
    "photo": "picture",
    "picture": "picture",
    "image": "picture",
    "graphic": "graphic",
    "video": "video",
    "audio": "audio",
}
_CAPTION_ROLES = ("caption",)
_DATE_ONLY_RE = re.compile(r"[\d\s/.:,TZ+-]*")


def parse(text: str, index: AgencyIndex, *, max_size: int = MAX_DOCUMENT_SIZE) -> WireStory:
    """The (first) ``NewsItem`` of a NewsML 1 document as a story."""
    root = parse_xml(text, label=LABEL, fmt=NAME, max_size=max_size)
    items = children(root, "NewsItem")
    if not items:
        raise FormatError("not a usable NewsML 1 document: it holds no NewsItem", format=NAME)
    draft = read(items[0], child(root, "NewsEnvelope"))
    if len(items) > 1:
        draft.warnings.append(
            f"This NewsML 1 document holds {len(items)} stories; only the first was read here "
            "(the importer reads each on its own)."
        )
    return finish(draft, index)


def read(item: ET.Element, envelope: ET.Element | None = None) -> Draft:
    draft = Draft(format=NAME, label=LABEL)
    identifier = child(item, "Identification", "NewsIdentifier")
    draft.guid = _guid(identifier)
    draft.version = integer(text_of(child(identifier, "RevisionId")))
    management = child(item, "NewsManagement")
    draft.published = moment(
        text_of(child(management, "FirstCreated")) or text_of(child(management, "ThisRevisionCreated")),
        draft.warnings,
        "creation date",
    )
    status = attribute(child(management, "Status"), "FormalName")
    draft.pubstatus = pubstatus(status or "usable")
    if status.lower() == "embargoed":
        embargo(text_of(child(management, "StatusWillChange", "DateAndTime")), draft, "embargo time")
    draft.urgency = integer(attribute(child(management, "Urgency"), "FormalName")) or integer(
        attribute(child(envelope, "Priority"), "FormalName")
    )
    for instruction in children(management, "Instruction"):
        note = attribute(instruction, "FormalName") or text_of(instruction)
        draft.signals.extend(signals_from_note(note))
    component = child(item, "NewsComponent")
    _read_lines(component, draft)
    _read_metadata(component, draft)
    draft.language = draft.language or attribute(item, XML_LANG)
    text_items, media = _content_items(component)
    if text_items:
        draft.blocks = _body(text_items[0])
    elif media and draft.pubstatus == "usable":  # a take-down needs no text
        raise NotText(f"not text: a NewsML 1 {media[0]} item", format=NAME, kind=media[0])
    draft.captions.extend(_captions(component))
    return draft


def _guid(identifier: ET.Element | None) -> str:
    """``urn:newsml:provider:date:item``: the item's identity across its revisions."""
    parts = [text_of(child(identifier, name)) for name in ("ProviderId", "DateId", "NewsItemId")]
    if all(parts):
        return "urn:newsml:" + ":".join(parts)
    public = text_of(child(identifier, "PublicIdentifier"))
    # urn:newsml:provider:date:item:revision(+update flag)
    pieces = public.split(":")
    return ":".join(pieces[:5]) if len(pieces) > 5 and pieces[0].lower() == "urn" else public


def _first(component: ET.Element | None, name: str) -> str:
    """The first ``name`` of the story's own ``NewsLines`` (nested components' too, outside captions)."""
    for lines in _own(component, "NewsLines"):
        found = text_of(child(lines, name))
        if found:
            return found
    return ""


def _own(component: ET.Element | None, name: str) -> list[ET.Element]:
    """``name`` children of ``component`` and of its nested components, outside
    picture and caption components, the outermost first."""
    if component is None:
        return []
    found = list(children(component, name))
    for nested in children(component, "NewsComponent"):
        if not _is_aside(nested):
            found.extend(_own(nested, name))
    return found


def _is_aside(component: ET.Element) -> bool:
    """A caption or a picture (graphic, video...) component: not the story's own text."""
    role = attribute(child(component, "Role"), "FormalName").lower()
    if any(name in role for name in _CAPTION_ROLES):
        return True
    kinds = [_media_kind(item) for item in children(component, "ContentItem")]
    return bool(kinds) and all(kinds)


def _read_lines(component: ET.Element | None, draft: Draft) -> None:
    draft.headline = _first(component, "HeadLine")
    draft.standfirst = _first(component, "SubHeadLine")
    draft.byline = _first(component, "ByLine")
    dateline = _first(component, "DateLine")
    draft.dateline = "" if _DATE_ONLY_RE.fullmatch(dateline) else dateline  # ANA's "4/4/2018": no place
    draft.credits.append(_first(component, "CreditLine"))
    draft.keywords.append(_first(component, "SlugLine"))
    draft.keywords.append(_first(component, "KeywordLine"))


def _read_metadata(component: ET.Element | None, draft: Draft) -> None:
    for administrative in _own(component, "AdministrativeMetadata"):
        for role in ("Provider", "Source", "Creator"):
            for party in descendants(child(administrative, role), "Party"):
                draft.credits.append(attribute(party, "FormalName") or text_of(party))
    draft.credits.append(_copyright_holder(_first(component, "CopyrightLine")))
    for descriptive in _own(component, "DescriptiveMetadata"):
        draft.language = draft.language or attribute(child(descriptive, "Language"), "FormalName")
        for prop in children(descriptive, "Property"):
            if attribute(prop, "FormalName").lower() == "keyword":
                draft.keywords.append(attribute(prop, "Value"))
    named = [_topic_name(topic) for topic_set in _own(component, "TopicSet") for topic in children(topic_set, "Topic")]
    draft.subjects.extend(name for name in named if name)
    if not draft.subjects:
        for descriptive in _own(component, "DescriptiveMetadata"):
            for code in children(descriptive, "SubjectCode"):
                draft.subjects.extend(attribute(subject, "FormalName") for subject in code)


def _copyright_holder(line: str) -> str:
    """The holder a copyright line names: "© 2024 AFP" → "AFP"."""
    words = line.replace("©", " ").replace("(c)", " ").replace("Copyright", " ").split()
    while words and (words[0].isdigit() or words[0] in ("-", ",")):
        words.pop(0)
    return " ".join(words)


def _topic_name(topic: ET.Element) -> str:
    names = [d for d in children(topic, "Description") if attribute(d, "Variant").lower() == "name"]
    for description in names:
        if attribute(description, XML_LANG).lower().startswith("en"):
            return text_of(description)
    return text_of(names[0]) if names else ""


def _media_kind(content_item: ET.Element) -> str:
    """The media kind of a content item ("picture", "video"...); ``""`` for text."""
    kind = attribute(child(content_item, "MediaType"), "FormalName").lower()
    return _MEDIA.get(kind, "")


def _content_items(component: ET.Element | None) -> tuple[list[ET.Element], list[str]]:
    """The story's text content items (a main-role component's first) and the media kinds met."""
    texts: list[tuple[int, ET.Element]] = []
    media: list[str] = []

    def walk(element: ET.Element, main: bool, caption: bool) -> None:
        role = attribute(child(element, "Role"), "FormalName").lower()
        main = main or role == "main"
        caption = caption or any(name in role for name in _CAPTION_ROLES)
        for content in children(element, "ContentItem"):
            kind = _media_kind(content)
            if kind:
                media.append(kind)
            elif not caption and child(content, "DataContent") is not None:
                texts.append((0 if main else 1, content))
        for nested in children(element, "NewsComponent"):
            walk(nested, main, caption)

    if component is not None:
        walk(component, False, False)
    texts.sort(key=lambda pair: pair[0])  # stable: document order within each rank
    return [content for _, content in texts], media


def _body(content_item: ET.Element) -> list[Block]:
    """The blocks of a text ``DataContent``: NITF, XHTML or bare elements as
    structure; HTML given as text through the HTML reader; else plain text."""
    data = child(content_item, "DataContent")
    if data is None:
        return []
    body = next((e for e in data.iter() if local(e.tag) in ("body.content", "body")), None)
    if body is not None:
        return blocks_from_element(body)
    if len(data):
        return blocks_from_element(data)
    text = data.text or ""
    form = attribute(child(content_item, "Format"), "FormalName").lower()
    if "html" in form or "<p" in text.lower() or "<br" in text.lower():
        return blocks_from_html(text)
    return blocks_from_text(text)


def _captions(component: ET.Element | None) -> list[tuple[str, str]]:
    """(caption, credit) of each picture or graphic component of the item."""
    found: list[tuple[str, str]] = []
    for nested in descendants(component, "NewsComponent"):
        kinds = [_media_kind(item) for item in children(nested, "ContentItem")]
        if not kinds or not all(kind in ("picture", "graphic") for kind in kinds):
            continue
        lines = child(nested, "NewsLines")
        text = text_of(child(lines, "HeadLine")) or text_of(child(lines, "SubHeadLine"))
        credit = text_of(child(lines, "CreditLine")) or text_of(child(lines, "ByLine"))
        if text:
            found.append((text, credit))
    return found


def split(text: str) -> list[tuple[str, str]]:
    """Each ``NewsItem`` of a document holding several as a document of its own
    (with the envelope); anything else whole (a malformed one too: :func:`parse`
    then says what is wrong with it)."""
    try:
        root = parse_xml(text, label=LABEL, fmt=NAME, max_size=len(text.encode("utf-8")))
    except FormatError:
        return [("", text)]
    items = children(root, "NewsItem")
    if len(items) < 2:
        return [("", text)]
    envelope = child(root, "NewsEnvelope")
    pieces = []
    for number, item in enumerate(items, 1):
        document = ET.Element(root.tag, root.attrib)
        if envelope is not None:
            document.append(envelope)
        document.append(item)
        pieces.append((f"#{number}", ET.tostring(document, encoding="unicode")))
    return pieces
