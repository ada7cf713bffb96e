"""The parser's result: one story, as plain frozen data (no Django imports)."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from typing import Any

from newsdesk.calendars.types import HijriDate

from .body import headline_from_paragraph
from .embargo import embargo_line, is_embargo_line

#: A field the parser is less sure of than this is "doubtful": it carries a
#: warning and the admin preview marks it.
DOUBT_BELOW = 0.6


@dataclass(frozen=True)
class CaptionData:
    """A photo caption without its credit, and the credit as printed."""

    text: str
    credit: str = ""


@dataclass(frozen=True)
class WeatherReading:
    """The weather widget block scraped with a page: "broken clouds", OMAN, 19°C / 19°C."""

    location: str
    description: str
    low: float | None
    high: float | None
    unit: str = "C"


@dataclass(frozen=True)
class WireStory:
    """One parsed story.

    ``credit`` is the wire credit as printed ("AFP"), ``credit_known`` tells
    whether it matched an agency the caller passed in (its canonical short
    name is then in ``credit``).  ``paragraphs`` hold the body text verbatim,
    without dateline or credit; ``subheadings`` are the indexes in
    ``paragraphs`` that are subheadings, ``preformatted`` those that are
    text laid out line by line (a results table or team sheet sent as text:
    its line breaks and spacing are kept, shown as ``<pre>``), ``tables``
    those that are tables (rows one a line, cells separated by a tab; shown
    as ``<table>``).  Only structured formats fill the last two.  ``dropped`` lists the lines removed
    as page chrome, ``warnings`` what the parser was unsure of, in words an
    editor understands.  ``version_marker`` is the agency's mark of a new
    version taken off the headline ("UPDATE 1", "REFILE", "محدث"; see
    :mod:`~newsdesk.wire.versions`), ``embargo`` the moment an embargo line
    forbids publishing before (aware when the line names a zone, naive when
    it does not; see :mod:`~newsdesk.wire.embargo`).  ``embargo_unreadable``
    is an embargo line or field that is there but could not be read, as
    printed ("EMBARGOED UNTIL FURTHER NOTICE"): such a story must not be
    published until an editor has set its embargo, and the importer keeps
    it a draft.

    ``confidence`` maps a field ("headline", "standfirst", "byline",
    "dateline", "published", "body_start", "body_end") to how sure the
    parser is of it, 0 to 1 (below :data:`DOUBT_BELOW` the field is
    :attr:`doubtful`); where the learnt line-role model decided
    (:mod:`~newsdesk.wire.line_model`) it is the model's own probability
    (``headline``, ``standfirst``; ``body`` is the least sure of the
    story-line decisions it made).  ``alternatives`` maps "headline",
    "standfirst" and "byline" to the runner-up the parser considered for a
    field it was not sure of (absent when it saw none), e.g. ``{"headline":
    "Court and Crime"}``: the admin preview offers it ("headline could be:
    …") and :meth:`with_alternative` takes it.
    """

    headline: str = ""
    standfirst: str = ""
    byline: str = ""
    dateline: str = ""
    paragraphs: tuple[str, ...] = ()
    subheadings: tuple[int, ...] = ()
    preformatted: tuple[int, ...] = ()
    tables: tuple[int, ...] = ()
    credit: str = ""
    credit_known: bool = False
    captions: tuple[CaptionData, ...] = ()
    page_date: datetime.date | None = None
    page_hijri: HijriDate | None = None
    weather: WeatherReading | None = None
    dropped: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    language: str = "en"
    published: datetime.date | datetime.datetime | None = None
    confidence: dict[str, float] = field(default_factory=dict, compare=False)
    alternatives: dict[str, str] = field(default_factory=dict, compare=False)
    version_marker: str = ""
    embargo: datetime.datetime | None = None
    embargo_unreadable: str = ""
    # What an agency's structured formats (NITF, NewsML-G2, ninjs, IPTC 7901;
    # see :mod:`~newsdesk.wire.formats`) say about the item; plain text leaves
    # them empty.  ``guid`` names the story across its versions, ``version``
    # numbers them (a higher one is a later version), ``urgency`` is the
    # agency's priority (1 most urgent), ``pubstatus`` is "usable",
    # "canceled" or "withdrawn", ``signals`` what the agency says the
    # version is ("correction", "update"), ``note`` its note to editors
    # (NITF ``ed-msg``, NewsML-G2 ``edNote``, ninjs ``ednote``), ``subjects`` subject names and
    # ``keywords`` the agency's keywords or slug.
    format: str = "text"
    guid: str = ""
    version: int | None = None
    urgency: int | None = None
    pubstatus: str = "usable"
    signals: tuple[str, ...] = ()
    note: str = ""
    subjects: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    @property
    def doubtful(self) -> tuple[str, ...]:
        """The fields whose confidence is below :data:`DOUBT_BELOW`, for the preview to mark."""
        return tuple(name for name, value in self.confidence.items() if value < DOUBT_BELOW)

    def with_alternative(self, name: str) -> WireStory:
        """The story with field ``name`` set to its alternative, and the text it had as the alternative now.

        Without an alternative for ``name`` the story comes back unchanged.
        A headline alternative that is the standfirst (a section label won
        the headline and pushed the real one down) leaves the standfirst
        empty: one printed line cannot be both.
        """
        alternative = self.alternatives.get(name)
        current = getattr(self, name, None)
        if alternative is None or not isinstance(current, str):
            return self
        changes: dict[str, Any] = {name: alternative}
        if name == "headline" and self.standfirst == alternative:
            changes["standfirst"] = ""
        return dataclasses.replace(self, **changes, alternatives={**self.alternatives, name: current})

    def as_text(self) -> str:
        """The story as clean plain text, in the form :func:`~newsdesk.wire.parse` reads.

        The embargo line, the headline with its version marker, standfirst,
        byline, captions with their credits, the dateline leading the first
        paragraph, the body, and the credit after the last paragraph;
        parsing this text again gives the same story.
        """
        # A headline the parser made from the first sentence (none was
        # printed) is not printed either: parsing the text again makes it again.
        made_up = (
            bool(self.paragraphs)
            and not self.version_marker
            and self.headline == headline_from_paragraph(self.paragraphs[0])
        )
        headline = f"{self.version_marker}-{self.headline}" if self.version_marker and self.headline else self.headline
        blocks = [embargo_line(self.embargo)] if self.embargo else []
        if self.embargo_unreadable:
            printed = self.embargo_unreadable
            blocks.append(printed if is_embargo_line(printed) else f"EMBARGOED UNTIL {printed}")
        if not made_up:
            blocks.append(headline)
        if self.standfirst:
            blocks.append(self.standfirst)
        if self.byline:
            blocks.append(f"By {self.byline}")
        blocks.extend(f"{c.text} — {c.credit}" if c.credit else c.text for c in self.captions)
        paragraphs = list(self.paragraphs)
        if paragraphs and self.dateline:
            paragraphs[0] = f"{self.dateline}: {paragraphs[0]}"
        if paragraphs and self.credit:
            paragraphs[-1] = f"{paragraphs[-1]} — {self.credit}"
        blocks.extend(paragraphs)
        return "\n\n".join(block for block in blocks if block) + "\n"

    def as_dict(self) -> dict:
        """The JSON shape of DESIGN.md's ``import_wire --json`` contract."""
        return {
            "headline": self.headline,
            "standfirst": self.standfirst,
            "dateline": self.dateline,
            "byline": self.byline,
            "credit": self.credit,
            "credit_known": self.credit_known,
            "captions": [{"text": c.text, "credit": c.credit} for c in self.captions],
            "paragraphs": list(self.paragraphs),
            "subheadings": list(self.subheadings),
            "preformatted": list(self.preformatted),
            "tables": list(self.tables),
            "page_date": self.page_date.isoformat() if self.page_date else None,
            "page_hijri": self.page_hijri.as_dict() if self.page_hijri else None,
            "weather": (
                {
                    "location": self.weather.location,
                    "description": self.weather.description,
                    "low": self.weather.low,
                    "high": self.weather.high,
                    "unit": self.weather.unit,
                }
                if self.weather
                else None
            ),
            "dropped": list(self.dropped),
            "warnings": list(self.warnings),
            "language": self.language,
            "published": self.published.isoformat() if self.published else None,
            "confidence": {name: round(value, 2) for name, value in self.confidence.items()},
            "alternatives": dict(self.alternatives),
            "version_marker": self.version_marker,
            "embargo": self.embargo.isoformat() if self.embargo else None,
            "embargo_unreadable": self.embargo_unreadable,
            "format": self.format,
            "guid": self.guid,
            "version": self.version,
            "urgency": self.urgency,
            "pubstatus": self.pubstatus,
            "signals": list(self.signals),
            "note": self.note,
            "subjects": list(self.subjects),
            "keywords": list(self.keywords),
        }
