"""IPTC 7901 (and ANPA-1312-style) text streams: several stories in one file.

Each message is framed by control characters — SOH (``\\x01``), the
heading, STX (``\\x02``), the text, ETX (``\\x03``) and an optional EOT
(``\\x04``) — or, in telex-style streams without them, opened by a
``ZCZC`` line and closed by ``NNNN``.  What is read:

- the heading's first line: the message number (service letters and
  digits, "ONA0412"; ANPA's selector "a0412"), the priority (a digit, 1
  most urgent, or ANPA's letter: f flash, b bulletin, u urgent, r regular,
  d deferred) → ``urgency``, the category ("POL", "ECO"; ANPA's one
  letter) → ``subjects``, the word count (not used);
- the keyword (slug) line, in the heading or as the text's first line
  ("OMAN-BUDGET/", "BC-Oman-Budget"): the slug → ``keywords``, and with
  the service → ``guid`` ("ONA:OMAN-BUDGET"); the words after it name the
  version ("V2", "UPDATE 2", "2nd Ld-Writethru" → ``version``; "Writethru",
  "UPDATE" → signal "update"; "CORRECTION", "Corrn" → signal "correction";
  "KILL", "WITHDRAWN" → pubstatus "withdrawn"; "CANCEL", "ELIMINATION" →
  "canceled");
- the text: paragraphs are the indented lines with their wrapped
  continuation lines; the headline, dateline, byline, embargo line and
  credit are then read by the plain-text parser, as on any wire copy;
- a trailer time stamp ("ONA 071030 GMT DEC 25": day, hour, minute, zone,
  month, year) → ``published`` when the text prints no date.

Agencies reuse slugs from day to day, so a guid made of one is only good
for matching versions filed close together; the importer should match it
among recent stories only.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable

from ..story import WireStory

NAME = "iptc7901"
LABEL = "IPTC 7901"

SOH, STX, ETX, EOT = "\x01", "\x02", "\x03", "\x04"
_FRAMED_RE = re.compile(r"\x01(?P<heading>[^\x02\x03]*)\x02(?P<text>[^\x01\x03]*)(?:\x03\x04?|$)")
_ZCZC_RE = re.compile(r"^[ \t]*ZCZC\b", re.MULTILINE)
_NNNN_RE = re.compile(r"^[ \t]*NNNN[ \t]*$", re.MULTILINE)
_MESSAGE_ID_RE = re.compile(r"^(?P<service>[A-Za-z]{1,6})(?P<number>\d{2,6})$")
_ANPA_PRIORITY = {"f": 1, "b": 2, "u": 3, "r": 4, "d": 5, "a": 6}
_CATEGORY_RE = re.compile(r"^[A-Za-z]{1,3}$")
_WORD_COUNT_RE = re.compile(r"^\d{2,5}$")
_SLUG_RE = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9][\w.&']*(?:[-/][\w.&']+)*/?$")
_VERSION_RES = (
    re.compile(r"\bV(?P<n>\d{1,3})\b", re.IGNORECASE),
    re.compile(r"\bUPDATE\s+(?P<n>\d{1,3})\b", re.IGNORECASE),
)
_LEAD_RE = re.compile(r"\b(?P<n>\d{1,2})(?:st|nd|rd|th)\s+Ld\b", re.IGNORECASE)
_UPDATE_WORDS_RE = re.compile(r"\b(?:write-?thru|update|ld|new\s+lead|sub)\b", re.IGNORECASE)
_CORRECTION_WORDS_RE = re.compile(r"\b(?:correction|corrected|corrects|corrn|corr)\b", re.IGNORECASE)
_WITHDRAW_WORDS_RE = re.compile(r"\b(?:kill|killed|withdraw|withdrawn|withdrawal)\b", re.IGNORECASE)
_CANCEL_WORDS_RE = re.compile(r"\b(?:cancel|canceled|cancelled|elimination|eliminate|delete)\b", re.IGNORECASE)
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


def can_parse(text: str) -> bool:
    """Framed by SOH … STX, or opened by a ``ZCZC`` line."""
    head = text[:4096]
    if SOH in head and STX in text:
        return True
    return _ZCZC_RE.match(head.lstrip("\ufeff\r\n")) is not None


def messages(text: str) -> list[tuple[str, str]]:
    """Each message of a stream as (heading, text)."""
    if SOH in text:
        return [(m["heading"], m["text"]) for m in _FRAMED_RE.finditer(text)]
    found = []
    starts = [m.start() for m in _ZCZC_RE.finditer(text)]
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        chunk = _NNNN_RE.split(text[start:end], maxsplit=1)[0]
        heading, _, body = chunk.partition("\n")
        found.append((heading, body))
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
    keyword_lines = lines[1:] or ([" ".join(rest_of_first)] if rest_of_first else [])
    if not keyword_lines and first_text_line and _is_keyword_line(first_text_line):
        keyword_lines = [first_text_line]
    keyword_line = " ".join(keyword_lines)
    words = keyword_line.split()
    slug = words[0].split(",")[0].rstrip("/") if words else ""
    if slug and _SLUG_RE.match(slug):
        found.slug = slug
    _read_version(keyword_line[len(words[0]) if words else 0 :], found)
    return found


def _is_keyword_line(line: str) -> bool:
    """"OMAN-BUDGET/" or "BC-Oman-Budget,0412": a slug, no sentence."""
    first = line.split()[0] if line.split() else ""
    return bool(first) and (first.endswith("/") or first.upper().startswith("BC-")) and len(line) < 80


def _read_version(words: str, found: Heading) -> None:
    signals = []
    for pattern in _VERSION_RES:
        match = pattern.search(words)
        if match is not None:
            found.version = int(match["n"])
            break
    lead = _LEAD_RE.search(words)
    if lead is not None and found.version is None:
        found.version = int(lead["n"]) + 1  # the first lead is the story's second version
    if _UPDATE_WORDS_RE.search(words):
        signals.append("update")
    if _CORRECTION_WORDS_RE.search(words):
        signals.append("correction")
    if _WITHDRAW_WORDS_RE.search(words):
        found.pubstatus = "withdrawn"
    elif _CANCEL_WORDS_RE.search(words):
        found.pubstatus = "canceled"
    found.signals = tuple(signals)


def story_text(text: str, slug: str) -> tuple[str, datetime.datetime | None]:
    """The message text as the plain-text parser reads it, and the trailer's time stamp.

    Agency text wraps at a fixed width and marks a paragraph by indenting
    its first line: wrapped lines are joined back, each paragraph becomes
    one line with a blank line after it.  The keyword line, end marks
    ("NNNN", "MORE") and the trailer are left out.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and slug and lines[0].strip().rstrip("/").split(",")[0].split()[0:1] == [slug]:
        lines.pop(0)
    stamp = None
    kept: list[str] = []
    for line in lines:
        bare = line.strip()
        if bare.upper() in _END_LINES:
            continue
        trailer = _TRAILER_RE.match(bare)
        if trailer is not None:
            stamp = stamp or _stamp(trailer)
            continue
        kept.append(line.rstrip())
    indented = any(line[:1] in (" ", "\t") and line.strip() for line in kept)
    if not indented:
        return "\n".join(kept), stamp
    blocks: list[str] = []
    joining = False  # inside an indented paragraph: a flush line continues it
    for line in kept:
        if not line.strip():
            joining = False
            continue
        if line[:1] in (" ", "\t"):
            blocks.append(line.strip())
            joining = True
        elif joining:
            blocks[-1] = f"{blocks[-1]} {line.strip()}"
        else:
            blocks.append(line.strip())
    return "\n\n".join(blocks), stamp


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


def parse(text: str, parse_text: Callable[[str], WireStory]) -> WireStory:
    """The (first) message of a stream as a story; its text read by ``parse_text``.

    Never raises on any ``str``: a message with no text reads as the
    plain-text parser reads an empty page, with its warnings.
    """
    found = messages(text)
    heading_text, body = found[0] if found else ("", text.replace(SOH, "").replace(STX, "").replace(ETX, ""))
    first_line = next((line.strip() for line in body.split("\n") if line.strip()), "")
    heading = read_heading(heading_text, first_line)
    plain, stamp = story_text(body, heading.slug)
    story = parse_text(plain)
    warnings = list(story.warnings)
    if len(found) > 1:
        warnings.append(
            f"This IPTC 7901 stream holds {len(found)} stories; only the first was read here "
            "(the importer reads each on its own)."
        )
    subjects = (CATEGORIES.get(heading.category.upper(), heading.category),) if heading.category else ()
    guid = f"{heading.service}:{heading.slug}" if heading.service and heading.slug else ""
    return dataclasses.replace(
        story,
        format=NAME,
        guid=guid,
        version=heading.version,
        urgency=heading.urgency,
        pubstatus=heading.pubstatus,
        signals=heading.signals,
        subjects=subjects,
        keywords=(heading.slug,) if heading.slug else (),
        published=story.published or stamp,
        warnings=tuple(warnings),
    )
