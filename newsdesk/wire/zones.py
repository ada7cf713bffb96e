"""Time zones as agencies print them: one table, read as written, never guessed.

An embargo read in the wrong zone publishes a story hours early, so a zone
is taken only from :data:`ZONES`; a word shaped like a zone abbreviation
that is not in it ("HST", "WIB") makes the time unreadable (see
:func:`unknown_zone`) rather than quietly the site's own.

Abbreviations name a fixed offset, except the US "ET", "CT", "MT", "PT",
which follow New York, Chicago, Denver and Los Angeles (EST or EDT by the
date), as do the cities' names ("London time", "Cairo time").  Where an
abbreviation means several zones, the table picks the one agencies in the
Gulf mean, and says so:

- **IST** is India Standard Time (UTC+5:30), not Irish Standard Time (+1)
  or Israel Standard Time (+2);
- **AST** is Arabia Standard Time (UTC+3, Riyadh, Kuwait, Doha), not
  Atlantic Standard Time (UTC−4), which email headers mean by it;
- **GST** is Gulf Standard Time (UTC+4, Muscat, Dubai), not South Georgia;
- **BST** is British Summer Time (UTC+1), not Bangladesh Standard Time;
- **CST**/**CDT** are US Central time (UTC−6/−5), not China Standard Time.

Oman, the UAE, Saudi Arabia, Kuwait, Qatar and Bahrain keep no summer
time, so their fixed offsets are exact.  "Local time" (بالتوقيت المحلي) is
said, but names no zone: the caller's own zone applies.

Abbreviations of three letters or more are matched in any case ("gmt");
"Z", "ET", "CT", "MT", "PT" and "UT" only in capitals, so that no ordinary
word is read as a zone.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

UTC = datetime.timezone.utc


def _fixed(name: str, hours: int, minutes: int = 0) -> datetime.timezone:
    sign = -1 if hours < 0 else 1
    return datetime.timezone(datetime.timedelta(hours=hours, minutes=sign * minutes), name)


GULF = _fixed("GST", 4)
ARABIA = _fixed("AST", 3)


@dataclass(frozen=True)
class Zone:
    """One zone: its abbreviations as printed, and its names (regular expressions, any case)."""

    tz: datetime.tzinfo | None  # None: "local time", the caller's own zone
    abbreviations: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


# Arabic zone names come after "بتوقيت" ("at the time of"), folded as
# embargo.py folds text (أ/إ/آ → ا, no tatweel, no harakat).
_AR = r"(?:ب?توقيت\s+)"

#: The table.  Order does not matter: the longest name that matches wins.
ZONES: tuple[Zone, ...] = (
    Zone(UTC, ("GMT", "UTC", "UT", "Z"), (
        r"Greenwich(?:\s+Mean)?\s+Time", r"Zulu", r"(?:Coordinated\s+)?Universal\s+Time",
        _AR + r"?(?:غرينتش|غرينيتش|جرينتش|جرينيتش|غرينش)", r"\bت\s*\.?\s*غ\b",
    )),
    Zone(_fixed("BST", 1), ("BST",), (r"British\s+Summer\s+Time",)),
    Zone(ZoneInfo("Europe/London"), (), (r"(?:London|UK)\s+time", _AR + r"لندن")),
    Zone(_fixed("CET", 1), ("CET",), (r"Central\s+European\s+(?:Standard\s+)?Time",)),
    Zone(_fixed("CEST", 2), ("CEST",), (r"Central\s+European\s+Summer\s+Time",)),
    Zone(ZoneInfo("Europe/Paris"), (), (r"(?:Paris|Brussels|Berlin|Geneva)\s+time",)),
    Zone(_fixed("EET", 2), ("EET",), (r"Eastern\s+European\s+(?:Standard\s+)?Time",)),
    Zone(_fixed("EEST", 3), ("EEST",), (r"Eastern\s+European\s+Summer\s+Time",)),
    Zone(ZoneInfo("Africa/Cairo"), (), (r"Cairo\s+time", _AR + r"القاهرة")),
    Zone(_fixed("MSK", 3), ("MSK",), (r"Moscow\s+time",)),
    Zone(ARABIA, ("AST",), (
        r"Arabian?\s+Standard\s+Time", r"Arabia\s+time",
        r"(?:Riyadh|Mecca|Makkah|Saudi|KSA|Kuwait|Doha|Qatar|Bahrain)\s+time",
        _AR + r"(?:مكة(?:\s+المكرمة)?|الرياض|السعودية|الكويت|الدوحة|قطر|البحرين)",
    )),
    Zone(GULF, ("GST",), (
        r"Gulf\s+(?:Standard\s+)?time", r"(?:Muscat|Oman|UAE|Dubai|Abu\s+Dhabi)\s+time",
        _AR + r"(?:مسقط|الخليج|السلطنة|الامارات|دبي|ابو\s*ظبي)",
    )),
    Zone(_fixed("IST", 5, 30), ("IST",), (r"India(?:n)?\s+(?:Standard\s+)?Time", r"(?:New\s+)?Delhi\s+time")),
    Zone(_fixed("JST", 9), ("JST",), (r"Japan\s+(?:Standard\s+)?Time", r"Tokyo\s+time")),
    Zone(_fixed("AEST", 10), ("AEST",), (r"Australian\s+Eastern\s+Standard\s+Time",)),
    Zone(_fixed("AEDT", 11), ("AEDT",), (r"Australian\s+Eastern\s+Daylight\s+Time",)),
    Zone(ZoneInfo("Australia/Sydney"), (), (r"Sydney\s+time",)),
    Zone(_fixed("EST", -5), ("EST",), (r"Eastern\s+Standard\s+Time",)),
    Zone(_fixed("EDT", -4), ("EDT",), (r"Eastern\s+Daylight\s+Time",)),
    Zone(ZoneInfo("America/New_York"), ("ET",), (r"(?:US\s+)?Eastern\s+time", r"(?:New\s+York|Washington)\s+time")),
    Zone(_fixed("CST", -6), ("CST",), (r"Central\s+Standard\s+Time",)),
    Zone(_fixed("CDT", -5), ("CDT",), (r"Central\s+Daylight\s+Time",)),
    Zone(ZoneInfo("America/Chicago"), ("CT",), (r"(?:US\s+)?Central\s+time",)),
    Zone(_fixed("MST", -7), ("MST",), (r"Mountain\s+Standard\s+Time",)),
    Zone(_fixed("MDT", -6), ("MDT",), (r"Mountain\s+Daylight\s+Time",)),
    Zone(ZoneInfo("America/Denver"), ("MT",), (r"(?:US\s+)?Mountain\s+time",)),
    Zone(_fixed("PST", -8), ("PST",), (r"Pacific\s+Standard\s+Time",)),
    Zone(_fixed("PDT", -7), ("PDT",), (r"Pacific\s+Daylight\s+Time",)),
    Zone(ZoneInfo("America/Los_Angeles"), ("PT",), (r"(?:US\s+)?Pacific\s+time",)),
    Zone(None, (), (r"local\s+time", r"بالتوقيت\s+المحل[يى]")),
)  # fmt: skip

#: Each abbreviation in the table and its zone: ``ABBREVIATIONS["CET"]``.
ABBREVIATIONS: dict[str, datetime.tzinfo] = {
    abbreviation: zone.tz for zone in ZONES for abbreviation in zone.abbreviations if zone.tz is not None
}


def _abbreviation_pattern(abbreviation: str) -> str:
    if abbreviation == "Z":  # only straight after a time: "06:00Z", "0600Z"
        return r"(?<=\d)Z\b"
    word = rf"\b{abbreviation}\b"
    return word if len(abbreviation) < 3 else f"(?i:{word})"


def _alternatives() -> list[tuple[str, datetime.tzinfo | None]]:
    found = [(_abbreviation_pattern(a), zone.tz) for zone in ZONES for a in zone.abbreviations]
    found += [(f"(?i:{name})" if name.startswith("\\b") else rf"(?i:\b{name})", zone.tz)
              for zone in ZONES for name in zone.names]
    # Longest first: "Gulf Standard Time" before "Gulf time", "CEST" before "EST" (\b keeps them apart anyway).
    return sorted(found, key=lambda item: len(item[0]), reverse=True)


_ALTERNATIVES = _alternatives()
_ZONE_RE = re.compile("|".join(f"({pattern})" for pattern, _ in _ALTERNATIVES))
_TZ_BY_GROUP = [tz for _, tz in _ALTERNATIVES]

#: "GMT+4", "UTC+04:00", "GMT -5": an offset printed after GMT or UTC.
_NAMED_OFFSET_RE = re.compile(
    r"\b(?:GMT|UTC)\s*(?P<sign>[+\-−])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?\b", re.I
)
#: "06:00+04:00", "06:00:00 +0000", "T100000+0400": an offset printed straight after a time.
_CLOCK_OFFSET_RE = re.compile(
    r"(?:T\d{1,2}:?\d{2}(?::?\d{2}(?:[.,]\d+)?)?|\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?|(?P<plain>\b\d{1,2}:\d{2}))"
    r"\s?(?P<sign>[+\-−])(?P<hours>\d{2})(?P<colon>:?)(?P<minutes>\d{2})?\b"
)
_MAX_OFFSET = datetime.timedelta(hours=14)


@dataclass(frozen=True)
class ZoneFound:
    """A zone named in a text: where, and which (``None``: "local time").

    ``impossible`` marks an offset beyond ±14 hours ("GMT+25"): no zone at
    all, so the time it qualifies cannot be read.
    """

    start: int
    end: int
    tz: datetime.tzinfo | None
    impossible: bool = False


def find_zones(text: str) -> list[ZoneFound]:
    """Every zone ``text`` names, in order: offsets ("GMT+4", "+04:00" after a time) and the table's names."""
    found: list[ZoneFound] = []
    for pattern, group in ((_NAMED_OFFSET_RE, 0), (_CLOCK_OFFSET_RE, "sign")):
        for match in pattern.finditer(text):
            start = match.start(group)
            if any(zone.start <= start < zone.end for zone in found):
                continue
            if group == "sign" and match["plain"] and match["sign"] != "+" and match["colon"]:
                continue  # "10:00-12:00": a range of times, not 10:00 at UTC−12
            delta = datetime.timedelta(hours=int(match["hours"]), minutes=int(match["minutes"] or 0))
            if delta > _MAX_OFFSET:
                found.append(ZoneFound(start, match.end(), None, impossible=True))
            else:
                tz = datetime.timezone(-delta if match["sign"] in "-−" else delta)
                found.append(ZoneFound(start, match.end(), tz))
    for match in _ZONE_RE.finditer(text):
        if not any(zone.start <= match.start() < zone.end for zone in found):
            assert match.lastindex is not None
            found.append(ZoneFound(match.start(), match.end(), _TZ_BY_GROUP[match.lastindex - 1]))
    return sorted(found, key=lambda zone: zone.start)


def zone_at(text: str, position: int) -> bool:
    """Whether a zone of the table (or "GMT+4") is named at ``position``, after any spaces."""
    while position < len(text) and text[position].isspace():
        position += 1
    return _NAMED_OFFSET_RE.match(text, position) is not None or _ZONE_RE.match(text, position) is not None


def without_zones(text: str, zones: list[ZoneFound]) -> str:
    """``text`` with the zones :func:`find_zones` found blanked out (positions kept)."""
    chars = list(text)
    for zone in zones:
        chars[zone.start : zone.end] = " " * (zone.end - zone.start)
    return "".join(chars)


# A word shaped like a zone abbreviation: capitals ending in T ("HST", "NZDT"),
# or any run of two to five capitals straight after a time ("06:00 WIB").
_ZONE_SHAPED_RE = re.compile(r"\b[A-Z]{1,4}T\b|(?<=\d\d)\s*\b[A-Z]{2,5}\b")


def unknown_zone(text: str, known_words: frozenset[str]) -> str:
    """The first word of ``text`` (its zones taken out) that looks like a zone but is not one in the table.

    ``known_words`` are words that are no zone although shaped like one
    (month and day names, "AT", "ON", "AM"), upper case.
    """
    for match in _ZONE_SHAPED_RE.finditer(text):
        word = match.group().strip()
        if word.upper() not in known_words:
            return word
    return ""
