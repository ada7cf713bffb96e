"""From what a structured document says to a :class:`~newsdesk.wire.WireStory`.

Each format's module reads its own markup into a :class:`Draft`; the
finishing steps every format shares live here, so that a NITF story and a
ninjs story of the same text come out alike, and alike with the plain-text
parser's reading: credits resolved through the same agency mapping
(:class:`~newsdesk.wire.agencies.AgencyIndex`), the version marker taken off
the headline (:func:`~newsdesk.wire.versions.split_version_marker`), the
dateline, byline and wire credit taken off the first and last paragraphs
when the agency printed them there too.

A structured body is read as structure: its paragraphs never pass through
the plain-text parser's furniture and story-end rules, and preformatted
text and tables stay what they are (:attr:`~newsdesk.wire.WireStory.preformatted`,
:attr:`~newsdesk.wire.WireStory.tables`).  A dateline the document gives is
kept only when it reads as a place: agencies put timestamps and slugs in
their dateline fields too.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from ..agencies import AgencyIndex
from ..body import detect_language, headline_from_paragraph
from ..bylines import match_byline
from ..credits import match_caption, match_trailing_credit
from ..datelines import match_dateline
from ..embargo import EmbargoUnreadable, read_embargo
from ..story import CaptionData, WireStory
from ..versions import split_version_marker
from .blocks import CAPTION, PARAGRAPH, PREFORMATTED, SUBHEADING, TABLE, Block
from .errors import FormatError

USABLE = "usable"
CANCELED = "canceled"
WITHDRAWN = "withdrawn"

#: Publication statuses as the standards spell them → ours.  "withheld"
#: (ninjs 1.x/2.x, NITF) means "do not use", which for a newsroom is a
#: withdrawal; "embargoed" (NITF) is usable once the embargo passes.
_PUBSTATUS = {
    "usable": USABLE, "embargoed": USABLE,
    "canceled": CANCELED, "cancelled": CANCELED,
    "withdrawn": WITHDRAWN, "withheld": WITHDRAWN,
}
_BYLINE_LEAD_RE = re.compile(r"^(?:by|from|av|بقلم|كتب|كتبت)\s*:?\s+", re.IGNORECASE)  # "av": Norwegian, Swedish
_NOTE_SIGNALS = (
    (re.compile(r"\bcorrect(?:s|ed|ion)?\b|\bcorrn\b|تصحيح|مصحح", re.IGNORECASE), "correction"),
    (re.compile(r"\bupdate[sd]?\b|\bwrite-?thru\b|\bnew lead\b|تحديث|محدث", re.IGNORECASE), "update"),
)
_DATELINE_TRIM = " \t-–—:,"
#: What a dateline field holds when it is not a place: a date or time
#: ("2014-07-16 15:53:10 GMT+00:00", "20170102T222800+0000") or an AP
#: slug ("BC-BBN"), or nothing but figures and signs.
_NOT_A_PLACE_RE = re.compile(r"\d{4}-\d\d-\d\d|\d{8}T\d{4}|\d{1,2}:\d\d:\d\d|^BC-|^[\W\d_]*$")
#: Bylines that name a desk, not a writer: a byline printed in the body says more.
_STAFF_BYLINE_RE = re.compile(
    r"^(?:by\s+)?(?:staff|staff reporter|staff writer|reporter|correspondent)$", re.IGNORECASE
)


@dataclass
class Draft:
    """What one document says, before the shared finishing steps."""

    format: str
    label: str  # the format's name in messages: "NITF", "NewsML-G2", "ninjs"
    headline: str = ""
    standfirst: str = ""
    byline: str = ""
    dateline: str = ""
    blocks: list[Block] = field(default_factory=list)
    captions: list[tuple[str, str]] = field(default_factory=list)  # (text, credit as printed)
    credits: list[str] = field(default_factory=list)  # wire credit candidates, best first
    language: str = ""
    published: datetime.date | datetime.datetime | None = None
    embargo: datetime.datetime | None = None
    embargo_unreadable: str = ""  # an embargo field there but not read, as printed
    guid: str = ""
    version: int | None = None
    urgency: int | None = None
    pubstatus: str = USABLE
    signals: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the agency's notes to editors
    subjects: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: No headline in the document: make one from the first sentence, as the
    #: text parser does (NITF and NewsML-G2 items with an empty headline).
    headline_from_body: bool = False


def finish(draft: Draft, index: AgencyIndex) -> WireStory:
    """The story a draft describes; :class:`FormatError` for a usable item without headline or body."""
    paragraphs: list[str] = []
    subheadings: list[int] = []
    preformatted: list[int] = []
    tables: list[int] = []
    captions: list[CaptionData] = []
    warnings = list(draft.warnings)
    confidence: dict[str, float] = {}
    for block in draft.blocks:
        if block.kind == CAPTION:
            captions.append(_caption(block.text, block.credit, index, warnings))
            continue
        if block.kind == SUBHEADING and paragraphs:
            subheadings.append(len(paragraphs))
        elif block.kind == PREFORMATTED:
            preformatted.append(len(paragraphs))
        elif block.kind == TABLE:
            tables.append(len(paragraphs))
        elif block.kind not in (PARAGRAPH, SUBHEADING):
            continue
        paragraphs.append(block.text)
    captions.extend(_caption(text, credit, index, warnings) for text, credit in draft.captions if text)
    if paragraphs and 0 not in preformatted and 0 not in tables:
        byline = _take_printed_byline(draft.byline, paragraphs, [subheadings, preformatted, tables])
    else:
        byline = draft.byline
    laid_out = set(preformatted) | set(tables)
    first_is_text = bool(paragraphs) and 0 not in laid_out
    dateline, agency = _take_dateline(draft.dateline, paragraphs if first_is_text else [], index)
    printed_credit = ""
    if paragraphs and len(paragraphs) - 1 not in laid_out:
        printed_credit = _take_trailing_credit(paragraphs, subheadings, index)
    credit, known = _credit([*draft.credits, printed_credit, agency], index, warnings)
    headline, marker = split_version_marker(draft.headline)
    usable = draft.pubstatus == USABLE
    if not headline and draft.headline_from_body and first_is_text:
        headline = headline_from_paragraph(paragraphs[0])
        confidence["headline"] = 0.3
        warnings.append(
            f"This {draft.label} item has no headline; one was made from the first sentence: check it."
        )
    if usable and not headline:
        raise FormatError(f"not a usable {draft.label} item: it has no headline", format=draft.format)
    if usable and not paragraphs:
        raise FormatError(f"not a usable {draft.label} item: it has no story text", format=draft.format)
    if not usable and not draft.guid:
        warnings.append(
            f"This item is marked {draft.pubstatus} but names no story (no guid): "
            "there is nothing to take down."
        )
    sample = "\n".join([headline, *paragraphs[:3]])
    language = _language(draft.language) or detect_language(sample)
    return WireStory(
        headline=headline,
        standfirst=draft.standfirst,
        byline=tidy_byline(byline),
        dateline=dateline,
        paragraphs=tuple(paragraphs),
        subheadings=tuple(subheadings),
        preformatted=tuple(preformatted),
        tables=tuple(tables),
        credit=credit,
        credit_known=known,
        captions=_unique(captions),
        warnings=tuple(dict.fromkeys(warnings)),
        language=language,
        published=draft.published,
        confidence=confidence,
        version_marker=marker,
        embargo=draft.embargo,
        embargo_unreadable=draft.embargo_unreadable,
        format=draft.format,
        guid=draft.guid,
        version=draft.version,
        urgency=draft.urgency,
        pubstatus=draft.pubstatus,
        signals=tuple(dict.fromkeys(s for s in draft.signals if s)),
        note=" ".join(dict.fromkeys(n.strip() for n in draft.notes if n.strip())),
        subjects=tuple(dict.fromkeys(s for s in draft.subjects if s)),
        keywords=tuple(dict.fromkeys(k for k in draft.keywords if k)),
    )


def _caption(text: str, credit: str, index: AgencyIndex, warnings: list[str]) -> CaptionData:
    """A caption with its credit resolved; a credit printed at the end of the text is split off."""
    if not credit:
        found = match_caption(text, index)
        if found is not None and (found.known or found.explicit_photo):
            text, credit = found.text, found.printed
    if not credit:
        return CaptionData(text=text)
    short = index.resolve(credit)
    return CaptionData(text=text, credit=short or credit)


def _unique(captions: list[CaptionData]) -> tuple[CaptionData, ...]:
    seen: dict[str, CaptionData] = {}
    for caption in captions:
        seen.setdefault(caption.text.casefold(), caption)
    return tuple(seen.values())


def _take_dateline(given: str, paragraphs: list[str], index: AgencyIndex) -> tuple[str, str]:
    """The dateline (as the document gives it, else as the first paragraph prints it) and its agency.

    A dateline printed at the start of the first paragraph is taken off it
    either way: ``paragraphs`` hold the story text without it.  A given
    dateline that does not read as a place (a timestamp, a slug) is no
    dateline; nor is a printed one.
    """
    given = given.strip(_DATELINE_TRIM)
    if not reads_as_place(given):
        given = ""
    if not paragraphs:
        return given, ""
    found = match_dateline(paragraphs[0], index.is_agency)
    if found is None or not found.rest or not reads_as_place(found.place):
        return given, ""
    if given and not _same_place(given, found.place):
        return given, ""  # the paragraph opens with something else that looks like a dateline
    paragraphs[0] = found.rest
    return given or found.place, found.agency


def reads_as_place(dateline: str) -> bool:
    """Whether a dateline field holds a place ("NEW YORK", "Tegucigalpa, Jan 2"), not a
    timestamp or a slug ("2014-07-16 15:53:10 GMT+00:00", "20170102T222800+0000", "BC-BBN")."""
    return bool(dateline) and _NOT_A_PLACE_RE.search(dateline) is None


def _take_printed_byline(given: str, paragraphs: list[str], indexes: list[list[int]]) -> str:
    """The byline, taking a "By Jane Doe" paragraph opening the body off it.

    The printed byline is the byline when the document gives none or only a
    desk ("Staff Reporter"), and is dropped from the body when it names the
    same writer; one naming somebody else stays in the body.
    """
    first = paragraphs[0]
    # A line, not a sentence: "By Monday, prices had risen." is story text.
    if first[:3].lower() != "by " or len(paragraphs) < 2 or len(first.split()) > 8 or first[-1] in ".!?:;":
        return given
    printed = match_byline(first)
    if printed is None:
        return given
    given_name = tidy_byline(given)
    if given_name and not _STAFF_BYLINE_RE.match(given_name) and given_name.casefold() != printed.name.casefold():
        return given
    del paragraphs[0]
    for numbers in indexes:
        numbers[:] = [number - 1 for number in numbers if number > 0]
    return printed.name if not given_name or _STAFF_BYLINE_RE.match(given_name) else given


def _same_place(given: str, printed: str) -> bool:
    a, b = given.casefold(), printed.casefold()
    return a.startswith(b) or b.startswith(a) or a.split(",")[0].strip() == b.split(",")[0].strip()


def _take_trailing_credit(paragraphs: list[str], subheadings: list[int], index: AgencyIndex) -> str:
    """The credit printed at the end of the last paragraph ("… — ONA"), taken off it."""
    if not paragraphs:
        return ""
    found = match_trailing_credit(paragraphs[-1], index)
    if found is None:
        return ""
    if found.text:
        paragraphs[-1] = found.text
    else:
        paragraphs.pop()
        if subheadings and subheadings[-1] >= len(paragraphs):
            subheadings.pop()
    return found.printed


def _credit(candidates: list[str], index: AgencyIndex, warnings: list[str]) -> tuple[str, bool]:
    """The first candidate that is a known agency, else the first printed one (with a warning)."""
    printed = [c.strip() for c in candidates if c and c.strip()]
    for candidate in printed:
        short = index.resolve(candidate)
        if short is not None:
            return short, True
    if not printed:
        return "", False
    warnings.append(
        f"Unknown agency “{printed[0]}” in the wire credit; kept as printed. "
        "Add it to the wire credits to have it recognised."
    )
    return printed[0], False


def tidy_byline(byline: str) -> str:
    """"By Jane Doe" → "Jane Doe": the byline without its lead word, as the text parser keeps it."""
    byline = " ".join(byline.split())
    return _BYLINE_LEAD_RE.sub("", byline).strip(" ,")


def _language(tag: str) -> str:
    """``"en-GB"`` → ``"en"``, ``"ar-OM"`` → ``"ar"``; ``""`` when none is given."""
    return tag.strip().replace("_", "-").split("-")[0].lower()


def pubstatus(value: str) -> str:
    """A status as a standard spells it ("stat:canceled", "Withheld") → usable/canceled/withdrawn."""
    value = value.strip().rsplit(":", 1)[-1].lower()
    return _PUBSTATUS.get(value, USABLE)


def signals_from_note(note: str) -> list[str]:
    """The signals an editor's note spells out ("Corrects spelling of minister's name")."""
    return [signal for pattern, signal in _NOTE_SIGNALS if pattern.search(note)]


def integer(value: object) -> int | None:
    """An integer from an attribute or JSON value ("3", 3, 3.0); ``None`` when it is none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def moment(value: object, warnings: list[str], what: str) -> datetime.datetime | None:
    """An ISO 8601 date-time (extended or NITF's basic form, "20251207T060000+0400").

    Aware when a zone is given, naive otherwise (the caller applies the
    site's zone).  An unreadable value is a warning, not an error.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        warnings.append(f"The {what} “{text}” could not be read as a date; it was left out.")
        return None


def embargo(value: object, draft: Draft, what: str) -> None:
    """Read an embargo field into ``draft.embargo`` (see :func:`~newsdesk.wire.embargo.read_embargo`).

    One that is there but cannot be read is kept, as printed, in
    ``draft.embargo_unreadable`` with a warning: unlike another date left
    out, a lost embargo would let the story be published too early.
    """
    try:
        draft.embargo = read_embargo(value)
    except EmbargoUnreadable as exc:
        draft.embargo_unreadable = draft.embargo_unreadable or exc.line
        draft.warnings.append(
            f"The {what} “{exc.line}” could not be read as a date and time; check the embargo before publishing."
        )
