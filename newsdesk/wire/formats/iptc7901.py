"""IPTC 7901 text streams: several stories in one file, read as the agency lays them out.

Each message is framed by control characters — SOH (``\\x01``), the
heading, STX (``\\x02``), the text, ETX (``\\x03``), an optional trailer
and EOT (``\\x04``) — or, in telex-style streams without them, opened by
a ``ZCZC`` line and closed by ``NNNN``.  (ANPA-1312, AP's variant with its
own heading and typesetting codes, has its own reader: :mod:`.anpa`.)
What is read:

- the heading's first line: the message number (service letters and
  digits, "ONA0412"), the priority (a digit, 1 most urgent, or ANPA's
  letter: f flash, b bulletin, u urgent, r regular, d deferred) →
  ``urgency``, the category ("POL", "ECO") → ``subjects``, the word count
  (not used);
- the keyword (slug) line, in the heading or as the text's first line
  ("OMAN-BUDGET/", "American Football/NFL/", "BC-Oman-Budget"): the slug →
  ``keywords``, and with the service → ``guid`` ("ONA:OMAN-BUDGET"); the
  words after it are take keys (:mod:`.takes`: version, signals, status);
- the text, as structure, never through the scraped-text parser: the
  heading block (the lines before the first blank or indented line) gives
  the take keys (short capitalised lines such as "REFILE", "(Achtung)"),
  the headline (dpa's closing " =" taken off) and a "By …" byline; then a
  paragraph starts at every indented line and after every blank line, and
  its wrapped lines are joined back; lines set out in columns are kept
  line by line as one preformatted block; the dateline and credit come off
  the first paragraph as in every structured format (:mod:`.assemble`);
- a trailer time stamp ("ONA 071030 GMT DEC 25": day, hour, minute, zone,
  month, year), in the text or after ETX → ``published``.

Agency dialects are small named adapters (:mod:`.dpa`: dpa's notebook and
editors' initials).  Agencies reuse slugs from day to day, so a guid made
of one is only good for matching versions filed close together; the
importer should match it among recent stories only.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from ..agencies import AgencyIndex
from ..body import headline_from_paragraph
from ..datelines import match_dateline
from ..embargo import is_embargo_line
from ..story import WireStory
from . import dpa
from .assemble import Draft, embargo, finish
from .blocks import PARAGRAPH, PREFORMATTED, Block
from .takes import read_take

NAME = "iptc7901"
LABEL = "IPTC 7901"

SOH, STX, ETX, EOT = "\x01", "\x02", "\x03", "\x04"
# The message, and after its ETX the trailer some agencies put there ("131137 GMT Nov 13").
_FRAMED_RE = re.compile(
    r"\x01(?P<heading>[^\x02\x03]*)\x02(?P<text>[^\x01\x03]*)(?:\x03(?P<after>[^\x01\x03\x04]{0,200})\x04?|$)"
)
_ZCZC_RE = re.compile(r"^[ \t]*ZCZC\b", re.MULTILINE)
_NNNN_RE = re.compile(r"^[ \t]*NNNN[ \t]*$", re.MULTILINE)
_MESSAGE_ID_RE = re.compile(r"^(?P<service>[A-Za-z]{1,6})(?P<number>\d{2,6})$")
_ANPA_PRIORITY = {"f": 1, "b": 2, "u": 3, "r": 4, "d": 5, "a": 6}
_CATEGORY_RE = re.compile(r"^[A-Za-z]{1,3}$")
_WORD_COUNT_RE = re.compile(r"^\d{2,5}$")
_SLUG_RE = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9][\w.&']*(?:[-/][\w.&']+)*/?$")
# "American Football/NFL/", "OMAN-FISHERIES/ 1st Ld-Writethru": the slug ends at a slash before a space or the end.
_SLASHED_SLUG_RE = re.compile(r"^(?P<slug>[^/\s][^/]{0,60}?(?:/[^/\s][^/]{0,60}?)*)/(?=\s|$)")
_END_LINES = frozenset({"NNNN", "MORE", "END", "ENDS", "(END)", "(ENDS)", "-0-", "#", "# # #", "###"})
_TRAILER_RE = re.compile(
    r"^(?:[A-Z]{2,6}\s+)?(?P<day>\d{2})(?P<hour>\d{2})(?P<minute>\d{2})\s+(?P<zone>GMT|UTC|GST|AST)\s+"
    r"(?P<month>[A-Z]{3})\s+(?P<year>\d{2})$",
    re.IGNORECASE,
)
_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}
_ZONES = {
    "GMT": datetime.timezone.utc, "UTC": datetime.timezone.utc,
    "GST": datetime.timezone(datetime.timedelta(hours=4), "GST"),
    "AST": datetime.timezone(datetime.timedelta(hours=3), "AST"),
}
#: IPTC 7901 category codes → subject names; others are kept as printed.
CATEGORIES = {
    "POL": "politics", "ECO": "economy", "FIN": "finance", "SPO": "sport", "CUL": "culture",
    "SCI": "science", "HEA": "health", "WEA": "weather", "EDU": "education", "ENV": "environment",
    "REL": "religion", "SOC": "society", "GEN": "general news",
}
_BYLINE_RE = re.compile(r"^(?:By|BY|Von|VON|Por|Par)\s+\S")
# "EXTRA", "REFILE", "1ST LEAD", "(Achtung)": a short line in capitals, or one in brackets.
_TAKE_KEY_RE = re.compile(r"^(?:\([^()]{1,30}\)|[^a-z]{1,30})$")
# Columns: a tab, or two runs of two spaces, inside the line.
_COLUMNS_RE = re.compile(r"\S(?:\t| {2,})\S.*\S(?:\t| {2,})\S")
_SENTENCE_END = ".!?\"”'’)»"


def can_parse(text: str) -> bool:
    """Framed by SOH … STX, or opened by a ``ZCZC`` line."""
    head = text[:4096]
    if SOH in head and STX in text:
        return True
    return _ZCZC_RE.match(head.lstrip("\ufeff\r\n")) is not None


@dataclasses.dataclass(frozen=True)
class Message:
    """One message of a stream: its heading, its text and what follows its ETX."""

    heading: str
    text: str
    after: str = ""


def messages(text: str) -> list[Message]:
    """Each message of a stream."""
    if SOH in text:
        return [Message(m["heading"], m["text"], m["after"] or "") for m in _FRAMED_RE.finditer(text)]
    found = []
    starts = [m.start() for m in _ZCZC_RE.finditer(text)]
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        chunk = _NNNN_RE.split(text[start:end], maxsplit=1)[0]
        heading, _, body = chunk.partition("\n")
        found.append(Message(heading, body))
    return found


def split(text: str) -> list[tuple[str, str]]:
    """Each message on its own, framed as it came; one message (or none readable) comes back whole."""
    if SOH in text:
        pieces = [m.group(0) for m in _FRAMED_RE.finditer(text)]
    else:
        starts = [m.start() for m in _ZCZC_RE.finditer(text)]
        pieces = [text[s : starts[i + 1] if i + 1 < len(starts) else len(text)] for i, s in enumerate(starts)]
    if len(pieces) < 2:
        return [("", text)]
    return [(f"#{n}", piece) for n, piece in enumerate(pieces, 1)]


@dataclasses.dataclass
class Heading:
    """What a message's heading says."""

    service: str = ""
    number: str = ""
    urgency: int | None = None
    category: str = ""
    slug: str = ""
    version: int | None = None
    signals: tuple[str, ...] = ()
    pubstatus: str = "usable"
    words: tuple[str, ...] = ()  # the first line's other words ("dpa", "ccccb")


def read_heading(heading: str, first_text_line: str = "") -> Heading:
    """The message number, priority, category and keyword line of a heading."""
    found = Heading()
    lines = [line.strip() for line in heading.replace("\r", "\n").split("\n") if line.strip()]
    first = lines[0].split() if lines else []
    if first and first[0] == "ZCZC":
        first = first[1:]
    rest_of_first: list[str] = []
    for token in first:
        message_id = _MESSAGE_ID_RE.match(token)
        if message_id is not None and not found.number:
            found.service, found.number = message_id["service"].upper(), message_id["number"]
        elif found.urgency is None and token.isdigit() and len(token) == 1 and token != "0":
            found.urgency = int(token)
        elif found.urgency is None and token in _ANPA_PRIORITY and found.number:
            found.urgency = _ANPA_PRIORITY[token]
        elif not found.category and _CATEGORY_RE.match(token) and found.number:
            found.category = token
        elif _WORD_COUNT_RE.match(token):
            continue
        else:
            rest_of_first.append(token)
    found.words = tuple(rest_of_first)
    keyword_lines = lines[1:] or ([" ".join(rest_of_first)] if rest_of_first else [])
    if not keyword_lines and first_text_line and _is_keyword_line(first_text_line):
        keyword_lines = [first_text_line]
    slug, take = split_keyword_line(" ".join(keyword_lines))
    found.slug = slug
    read = read_take(take)
    found.version, found.signals, found.pubstatus = read.version, read.signals, read.pubstatus
    return found


def split_keyword_line(line: str) -> tuple[str, str]:
    """A keyword line as (slug, the take-key words after it); the slug is "" when the line holds none."""
    line = line.strip()
    slashed = _SLASHED_SLUG_RE.match(line)
    if slashed is not None and any(c.isalpha() for c in slashed["slug"]):
        return slashed["slug"].strip(), line[slashed.end() :]
    words = line.split()
    slug = words[0].split(",")[0].rstrip("/") if words else ""
    rest = line[len(words[0]) :] if words else ""
    return (slug if slug and _SLUG_RE.match(slug) else ""), rest


def _is_keyword_line(line: str) -> bool:
    """"OMAN-BUDGET/" or "BC-Oman-Budget,0412": a slug, no sentence."""
    first = line.split()[0] if line.split() else ""
    return bool(first) and (first.endswith("/") or first.upper().startswith("BC-")) and len(line) < 80


def _stamp(match: re.Match[str]) -> datetime.datetime | None:
    month = _MONTHS.get(match["month"].upper())
    if month is None:
        return None
    try:
        return datetime.datetime(
            2000 + int(match["year"]), month, int(match["day"]), int(match["hour"]), int(match["minute"]),
            tzinfo=_ZONES[match["zone"].upper()],
        )
    except ValueError:
        return None


def _lines(text: str) -> list[str]:
    """The text's lines, one newline convention, control characters (DEL, stray SYN) gone, right-trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", line).rstrip() for line in text.split("\n")]


def _indented(line: str) -> bool:
    return line[:1] in (" ", "\t") and bool(line.strip())


def split_heading_block(lines: list[str]) -> tuple[list[str], list[str]]:
    """The heading block (the lines before the first blank or indented line) and the lines after it;
    in a text with neither, the first line is the heading block."""
    for i, line in enumerate(lines):
        if not line.strip() or _indented(line):
            return lines[:i], lines[i:]
    return lines[:1], lines[1:]


@dataclasses.dataclass
class HeadingBlock:
    """What the lines above the story text say."""

    take_keys: list[str] = dataclasses.field(default_factory=list)
    headline: str = ""
    byline: str = ""
    embargo: str = ""


def read_heading_block(lines: list[str]) -> HeadingBlock:
    """Take keys, headline, byline and embargo line of a heading block (see the module's docstring)."""
    found = HeadingBlock()
    rest: list[str] = []
    for line in lines:
        bare = line.strip()
        if bare.endswith("=") and not bare.endswith("=="):
            bare = bare[:-1].rstrip()  # dpa closes its heading with " ="
        if not bare:
            continue
        if _BYLINE_RE.match(bare) and not found.byline:
            found.byline = bare
        elif is_embargo_line(bare) and not found.embargo:
            found.embargo = bare
        else:
            rest.append(bare)
    while len(rest) > 1 and _TAKE_KEY_RE.match(rest[0]) and len(rest[0].split()) <= 4:
        found.take_keys.append(rest.pop(0))
    found.headline = " ".join(rest)
    return found


def body_blocks(lines: list[str]) -> list[Block]:
    """The story text's paragraphs (see the module's docstring); preformatted blocks keep their lines."""
    marked = any(not line.strip() or _indented(line) for line in lines)
    longest = max((len(line) for line in lines), default=0)
    blocks: list[Block] = []
    current: list[str] = []
    columns: list[str] = []

    def close() -> None:
        if current:
            blocks.append(Block(PARAGRAPH, " ".join(current)))
            current.clear()
        if columns:
            if len(columns) > 1:
                indent = min(len(c) - len(c.lstrip()) for c in columns)
                blocks.append(Block(PREFORMATTED, "\n".join(c[indent:].replace("\t", "    ") for c in columns)))
            else:
                blocks.append(Block(PARAGRAPH, " ".join(columns[0].split())))
            columns.clear()

    for line in lines:
        bare = line.strip()
        if not bare:
            close()
            continue
        if _COLUMNS_RE.search(bare):
            if current:
                close()
            columns.append(line)
            continue
        if columns or (_indented(line) and current):
            close()
        current.append(bare)
        if not marked and bare[-1] in _SENTENCE_END and len(line) < 0.8 * longest:
            close()  # no blank or indented lines: a short line ending a sentence ends its paragraph
    close()
    return blocks


def parse(text: str, index: AgencyIndex) -> WireStory:
    """The (first) message of a stream as a story, read as the agency laid it out.

    :class:`~newsdesk.wire.formats.FormatError` for a usable message
    without a headline or story text.
    """
    found = messages(text)
    message = found[0] if found else Message("", text.replace(SOH, "").replace(STX, "").replace(ETX, ""))
    lines = _lines(message.text)
    while lines and not lines[0].strip():
        lines.pop(0)
    heading = read_heading(message.heading, lines[0].strip() if lines else "")
    if lines and heading.slug and split_keyword_line(lines[0])[0] == heading.slug:
        lines.pop(0)  # the keyword line again, as the text's first line
    stamp = None
    kept: list[str] = []
    for line in lines:
        bare = line.strip()
        trailer = _TRAILER_RE.match(bare)
        if trailer is not None:
            stamp = stamp or _stamp(trailer)
        elif bare.upper() not in _END_LINES:
            kept.append(line)
    for line in _lines(message.after):
        trailer = _TRAILER_RE.match(line.strip())
        if trailer is not None:
            stamp = stamp or _stamp(trailer)
    draft = Draft(format=NAME, label=LABEL)
    if dpa.claims(heading.words):  # dpa's dialect: the notebook is a note, the initials nobody's text
        kept, notes = dpa.cut_notes(kept)
        draft.notes.extend(notes)
        draft.credits.append(dpa.AGENCY)
    while kept and not kept[0].strip():
        kept.pop(0)
    while kept and not kept[-1].strip():
        kept.pop()
    if kept and _indented(kept[0]):
        top, rest = HeadingBlock(), kept
    else:
        block, rest = split_heading_block(kept)
        top = read_heading_block(block)
    draft.blocks = body_blocks(rest)
    take = read_take(" ".join(top.take_keys))
    draft.headline = top.headline or _made_up_headline(draft.blocks, index)
    draft.byline = top.byline
    if top.embargo:
        embargo(top.embargo, draft, "embargo line")
    draft.published = stamp
    draft.guid = f"{heading.service}:{heading.slug}" if heading.service and heading.slug else ""
    draft.version = heading.version or take.version
    draft.urgency = heading.urgency
    draft.pubstatus = heading.pubstatus if heading.pubstatus != "usable" else take.pubstatus
    draft.signals = [*heading.signals, *take.signals]
    draft.subjects = [CATEGORIES.get(heading.category.upper(), heading.category)] if heading.category else []
    draft.keywords = [heading.slug] if heading.slug else []
    if len(found) > 1:
        draft.warnings.append(
            f"This IPTC 7901 stream holds {len(found)} stories; only the first was read here "
            "(the importer reads each on its own)."
        )
    return finish(draft, index)


def _made_up_headline(blocks: list[Block], index: AgencyIndex) -> str:
    """No headline printed: the first paragraph's first sentence, without its dateline."""
    first = next((block.text for block in blocks if block.kind == PARAGRAPH), "")
    if not first:
        return ""
    dateline = match_dateline(first, index.is_agency)
    return headline_from_paragraph(dateline.rest if dateline is not None and dateline.rest else first)
