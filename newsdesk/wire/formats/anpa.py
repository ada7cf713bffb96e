"""ANPA-1312 (AP's wire format), read as the agency lays it out.

A message opens with SYN SYN SOH and a two-line heading, the text follows
STX, the trailer follows ETX, EOT closes it:

- heading line 1: the service level letter and a four-digit sequence
  number, then (after US, ``\\x1f``) the selector codes ("W2870␟asian");
- heading line 2: the priority letter (f flash, b bulletin, u urgent, r
  regular, d deferred, a weekend advance → ``urgency`` 1–6), the category
  letter (not mapped: AP's code table), the format (DC3 DC1 text, DC4
  DC2 tables), the keyword ("BC-LT--Argentina-CancerB", at most 24
  characters: → ``keywords`` without its cycle and category prefix, and
  with the agency → ``guid``), the take ("1stLd-Writethru": version and
  signals, :mod:`.takes`), the date and the word count;
- the text: its first line is the keyword line again, in full
  ("^BC-LT--Argentina-Cancer Beauty,466<": its slug is a keyword too);
  lines opened by ``^`` are set above the story (headline, byline, notes)
  or, inside it, as centred subheadings (closed by ``=``) or lines; lines
  opened by a tab are paragraphs; lines opened by BS (``\\x08``), and in a
  table story lines of ``;``-separated cells, are table rows, kept as one
  table block (cells split at ``;`` or at AP's column codes, RS and US);
  ``<`` and ``=`` closing a
  line are typesetting marks, DLE (``\\x10``) a hard space;
- the trailer "AP-WF-11-13-13 1509GMT": the agency, and the moment →
  ``published``.

What the agency adds (AP's notes, photo lines, writer titles and
typewriter conventions) is its named dialect, :mod:`.ap`.  Nothing goes
through the scraped-text parser: no furniture or story-end rule runs on
agency text.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from ..agencies import AgencyIndex
from ..body import HEADLINE_MAX, headline_from_paragraph
from ..datelines import match_dateline
from ..story import WireStory
from . import ap
from .assemble import Draft, finish
from .blocks import CELL, PARAGRAPH, SUBHEADING, TABLE, Block
from .takes import read_take

NAME = "anpa1312"
LABEL = "ANPA-1312"

SYN, SOH, STX, ETX, EOT = "\x16", "\x01", "\x02", "\x03", "\x04"
_HEADING_LINE2 = r"[A-Za-z] [A-Za-z0-9][\x13\x14][\x11\x12]"
_SYN_OPENING_RE = re.compile(r"^\x16\x16\x01")
_HEADING_OPENING_RE = re.compile(rf"^\x16*\x01[^\n\x02]{{0,80}}\r?\n{_HEADING_LINE2}")
_MESSAGE_RE = re.compile(
    r"\x16*\x01(?P<heading>[^\x02\x03]*)\x02(?P<text>[^\x01\x03]*)(?:\x03(?P<after>[^\x01\x04]{0,400})\x04?|$)"
)
_LINE2_RE = re.compile(
    r"^(?P<priority>[A-Za-z]) (?P<category>[A-Za-z0-9])(?P<format>[\x13\x14][\x11\x12])\s*(?P<keyword>\S+)"
    r"(?P<take>.*?)(?:\s+(?P<date>\d{1,2}-\d{1,2})(?:\s+(?P<words>\d{1,5}))?)?\s*$"
)
_TRAILER_RE = re.compile(
    r"(?P<agency>[A-Z]{2,8})-(?P<desk>[A-Z0-9]{1,4})-(?P<month>\d\d)-(?P<day>\d\d)-(?P<year>\d\d)\s+"
    r"(?P<hour>\d\d)(?P<minute>\d\d)\s*GMT"
)
_PRIORITY = {"f": 1, "b": 2, "u": 3, "r": 4, "d": 5, "a": 6}
_KEYWORD_LINE_RE = re.compile(r"^(?:[A-Z]{2}-\S|[^,]+,(?:[^,]*,)*\s*\d*$)")
_SLUG_PREFIX_RE = re.compile(r"^(?:(?:BC|AM|PM)-)?(?:[A-Z]{1,4}--)?")
_BYLINE_RE = re.compile(r"^By\s+\S", re.IGNORECASE)
_CONTROLS_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CELL_SPLIT_RE = re.compile(r"[\x1e\x1f]")
_END_LINES = frozenset({"END", "MORE", "-0-", "###", "# # #"})

HEADER, PARA, ROW, OTHER, BLANK = "header", "para", "row", "other", "blank"


def can_parse(head: str) -> bool:
    """SYN SYN SOH, or SOH and a heading whose second line is ANPA's ("f l", DC3 DC1)."""
    return _SYN_OPENING_RE.match(head) is not None or _HEADING_OPENING_RE.match(head) is not None


def split(text: str) -> list[tuple[str, str]]:
    """Each message on its own, framed as it came; one message (or none readable) comes back whole."""
    pieces = [m.group(0) for m in _MESSAGE_RE.finditer(text)]
    if len(pieces) < 2:
        return [("", text)]
    return [(f"#{n}", piece) for n, piece in enumerate(pieces, 1)]


@dataclasses.dataclass
class Heading:
    """What a message's two heading lines say."""

    urgency: int | None = None
    tables: bool = False
    keyword: str = ""
    take: str = ""


def read_heading(heading: str) -> Heading:
    """The priority, format, keyword and take of a heading (see the module's docstring)."""
    found = Heading()
    lines = [line.strip("\r") for line in heading.split("\n")]
    second = next((line for line in lines[1:] if _LINE2_RE.match(line)), "")
    match = _LINE2_RE.match(second)
    if match is not None:
        found.urgency = _PRIORITY.get(match["priority"].lower())
        found.tables = match["format"].endswith("\x12")
        found.keyword = match["keyword"]
        found.take = match["take"].strip()
    return found


def read_trailer(after: str) -> tuple[str, datetime.datetime | None]:
    """The agency and the moment of a trailer ("AP-WF-11-13-13 1509GMT")."""
    match = _TRAILER_RE.search(after)
    if match is None:
        return "", None
    try:
        moment = datetime.datetime(
            2000 + int(match["year"]), int(match["month"]), int(match["day"]),
            int(match["hour"]), int(match["minute"]), tzinfo=datetime.timezone.utc,
        )  # fmt: skip
    except ValueError:
        moment = None
    return match["agency"], moment


@dataclasses.dataclass(frozen=True)
class Line:
    """One line of the text: its kind, its text without the marks, and the quad mark that closed it."""

    kind: str
    text: str
    mark: str = ""


def read_lines(text: str) -> list[Line]:
    """The text's lines, told apart by the code that opens them."""
    found = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        raw = raw.replace("\x10", " ")
        first = raw[:1]
        kind = {"^": HEADER, "\t": PARA, "\x08": ROW}.get(first, OTHER)
        if kind == ROW:
            body = raw[1:].strip(" ")
        else:
            body = _CONTROLS_RE.sub(" ", raw[1:] if kind == HEADER else raw).strip()
        mark = ""
        if body[-1:] in ("<", "="):
            mark, body = body[-1], body[:-1].rstrip()
        if not body.strip():
            kind = BLANK
        found.append(Line(kind, body, mark))
    return found


def _cells(line: Line, dialect: bool) -> list[str]:
    """A table row's cells; a heading row ("^;W;L;Pct") keeps its empty first cell."""
    text = line.text[1:] if line.text.startswith("^") else line.text
    parts = text.split(";") if ";" in text else _CELL_SPLIT_RE.split(text)
    parts = [" ".join(_CONTROLS_RE.sub(" ", part).split()) for part in parts]
    cells = [parts[0], *(part for part in parts[1:] if part)]
    return [ap.tidy_cell(cell) for cell in cells] if dialect else cells


def table_text(rows: list[list[str]]) -> str:
    """A table block's text: rows one a line, cells separated by :data:`~.blocks.CELL`."""
    return "\n".join(CELL.join(row) for row in rows)


def _slug(keyword: str) -> str:
    """ "BC-LT--Argentina-CancerB" → "Argentina-CancerB": the keyword without cycle and category."""
    return _SLUG_PREFIX_RE.sub("", keyword, count=1).strip() or keyword


@dataclasses.dataclass
class _Reading:
    """The state of one pass over a message's lines."""

    draft: Draft
    dialect: bool
    tables: bool
    in_story: bool = False
    after_byline: bool = False
    rows: list[list[str]] = dataclasses.field(default_factory=list)

    def close_table(self) -> None:
        if self.rows:
            self.draft.blocks.append(Block(TABLE, table_text(self.rows)))
            self.rows = []

    def add(self, line: Line) -> None:
        if line.kind == BLANK or line.text.upper() in _END_LINES or (self.dialect and ap.is_rule(line.text)):
            self.close_table()
            return
        if line.kind == ROW or (self.tables and line.kind == PARA and line.text.count(";") >= 2):
            self.rows.append(_cells(line, self.dialect))
            self.in_story = True
            return
        self.close_table()
        if line.kind == HEADER and not self.in_story:
            self.above_story(line)
        elif line.kind == HEADER:
            self.draft.blocks.append(Block(SUBHEADING if line.mark == "=" else PARAGRAPH, line.text))
        elif line.kind == PARA or not self.draft.blocks or self.draft.blocks[-1].kind != PARAGRAPH:
            self.in_story = self.in_story or line.kind == PARA
            self.draft.blocks.append(Block(PARAGRAPH, line.text))
        else:  # a line with no code continues the paragraph above
            last = self.draft.blocks[-1]
            self.draft.blocks[-1] = Block(PARAGRAPH, f"{last.text} {line.text}")

    def above_story(self, line: Line) -> None:
        draft = self.draft
        role = ""
        if self.dialect:
            role = ap.classify(
                line.text, line.mark, after_byline=self.after_byline, has_standfirst=bool(draft.standfirst)
            )
        if role == ap.PHOTO or role == ap.ROLE:
            return
        if role == ap.NOTE:
            draft.notes.append(ap.note_text(line.text))
        elif _BYLINE_RE.match(line.text) and not draft.byline:
            draft.byline = line.text
            self.after_byline = True
        elif not draft.headline:
            draft.headline = line.text
        elif role == ap.STANDFIRST:
            draft.standfirst = line.text
        else:
            draft.blocks.append(Block(SUBHEADING if line.mark == "=" else PARAGRAPH, line.text))


def parse(text: str, index: AgencyIndex) -> WireStory:
    """The (first) message of a stream as a story, read as the agency laid it out.

    :class:`~newsdesk.wire.formats.FormatError` for a usable message
    without a headline or story text.
    """
    found = list(_MESSAGE_RE.finditer(text))
    heading_text, body, after = (
        (found[0]["heading"], found[0]["text"], found[0]["after"] or "") if found else ("", "", "")
    )
    heading = read_heading(heading_text)
    agency, published = read_trailer(after)
    dialect = ap.claims(agency, body)
    lines = read_lines(body)
    while lines and lines[0].kind == BLANK:
        lines.pop(0)
    line_slug, line_take = "", ""
    if lines and lines[0].kind == HEADER:
        keyword_line = [s.strip().rstrip("<=").strip() for s in lines[0].text.split("^") if s.strip()]
        if keyword_line and _KEYWORD_LINE_RE.match(keyword_line[-1]):
            fields = [field.strip() for field in keyword_line[-1].split(",")]
            if len(fields) > 1 and (not fields[-1] or fields[-1].isdigit()):
                fields.pop()
            line_slug, line_take = fields[0], " ".join(fields[1:])
            lines.pop(0)
    draft = Draft(format=NAME, label=LABEL, published=published)
    reading = _Reading(draft, dialect, heading.tables)
    for line in lines:
        reading.add(line)
    reading.close_table()
    if dialect:
        _tidy(draft)
        draft.credits.append(ap.AGENCY)
    elif agency:
        draft.credits.append(agency)
    if not draft.headline:
        draft.headline = _headline(draft, line_slug or heading.keyword, heading.tables, index)
    take = read_take(f"{heading.take} {line_take}")
    draft.urgency = heading.urgency
    draft.version, draft.signals, draft.pubstatus = take.version, list(take.signals), take.pubstatus
    owner = agency or (ap.AGENCY if dialect else "ANPA")
    draft.guid = f"{owner}:{heading.keyword}" if heading.keyword else ""
    draft.keywords = [_slug(keyword) for keyword in (heading.keyword, line_slug) if keyword]
    if len(found) > 1:
        draft.warnings.append(
            f"This ANPA-1312 stream holds {len(found)} stories; only the first was read here "
            "(the importer reads each on its own)."
        )
    return finish(draft, index)


def _tidy(draft: Draft) -> None:
    """AP's typewriter conventions in everything but the tables (:func:`.ap.tidy`)."""
    draft.headline, draft.standfirst, draft.byline = (
        ap.tidy(t) for t in (draft.headline, draft.standfirst, draft.byline)
    )
    draft.notes = [ap.tidy(note) for note in draft.notes]
    draft.blocks = [block if block.kind == TABLE else Block(block.kind, ap.tidy(block.text)) for block in draft.blocks]


def _headline(draft: Draft, slug: str, tables: bool, index: AgencyIndex) -> str:
    """No headline line: a table story's slug, else the first paragraph's sentence (an alert's whole text)."""
    paragraphs = [block.text for block in draft.blocks if block.kind == PARAGRAPH]
    if tables or not paragraphs:
        return _slug(slug)
    dateline = match_dateline(paragraphs[0], index.is_agency)
    text = dateline.rest if dateline is not None and dateline.rest else paragraphs[0]
    return text if len(text) <= HEADLINE_MAX else headline_from_paragraph(text)
