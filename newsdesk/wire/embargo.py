"""Embargo lines: "not to be published before" notices printed with a story.

Agencies and press offices send copy ahead of time with a line such as
"EMBARGOED UNTIL 0001 GMT 5 December 2025", "Not for publication before
12:00 GST 7 Dec 2025" or "محظور النشر حتى الساعة 10:00 بتوقيت مسقط يوم 7
ديسمبر 2025".  The line is an instruction to the newsroom, never story text:
the parser reads it into ``WireStory.embargo`` and keeps it out of the body.

:func:`find_embargo` returns the moment, ``None`` for a line that is no
embargo line, and raises :class:`EmbargoUnreadable` for a line that *is* one
but whose date cannot be read ("EMBARGOED UNTIL FURTHER NOTICE", a date with
no year): publishing such a story early is the mistake to prevent, so it must
not pass silently as "no embargo".

Zones are read from the table in :mod:`~newsdesk.wire.zones` (GMT, UTC,
CET/CEST, EST/EDT, ET, PST, BST, IST, GST, AST, Gulf and Arabia time in
English and Arabic, ...), and offsets as printed ("GMT+4", "+04:00"); a
word shaped like a zone that is not in the table ("0600 HST") makes the
line unreadable, never a time in some other zone.  With no zone printed
the result is *naive*: the caller makes it aware in the site's own time
zone (and should say so).  With a time in two zones ("10:00 Muscat time
(0600 GMT)") the one outside the brackets is read; they name the same
moment.  A day with no time means midnight at its start; "0600" (any four
digits that are a time of day and no year) is 06:00, never the year 600;
"noon" is 12:00, and "midnight" next to a date is unreadable (the start of
the day or its end?).  A year outside 1970–2200 is no reading.

:func:`read_embargo` reads the structured fields of the agency formats
(ninjs and NewsML-G2 ``embargoed``, NITF ``date.release/@norm``): ISO 8601
(with an offset, ``Z`` or a zone name), RFC 2822/1123 ("Mon, 08 Dec 2031
06:00:00 GMT"), any form an embargo line may print, epoch seconds or
milliseconds (told apart by size), and an object holding one of those
(``{"date": ...}``).  ``None`` or an empty string is no embargo; anything
else it cannot read raises :class:`EmbargoUnreadable`.
"""

from __future__ import annotations

import datetime
import json
import math
import re

from dateutil import parser as dateutil_parser

from .zones import ARABIA, GULF, UTC, find_zones, unknown_zone, without_zones, zone_at

#: Embargo lines are short; longer lines are story text that mentions an embargo.
EMBARGO_LINE_MAX = 200
#: With no digit at all, a notice is an (unreadable) embargo line only when
#: this short ("EMBARGOED UNTIL FURTHER NOTICE"); longer, it is a sentence.
NOTICE_WORDS_MAX = 6


class EmbargoUnreadable(ValueError):
    """An embargo whose date or time could not be read; ``line`` is the line (or field's value) as printed."""

    def __init__(self, line: str, *, what: str = "An embargo line") -> None:
        super().__init__(f"{what} was found but its date could not be read: {line}")
        self.line = line


# Cheap test before any other work: most lines of a story are not embargo lines.
_HINT_RE = re.compile(
    r"embargo|for\s+(?:publication|release|broadcast)|hold\s+for|ن[\u064b-\u065f]*ش[\u064b-\u065f]*ر",
    re.IGNORECASE,
)
_FOLD = str.maketrans(
    {
        "\u0640": None,
        "أ": "ا", "إ": "ا", "آ": "ا",
        **{chr(base + i): str(i) for base in (0x0660, 0x06F0) for i in range(10)},
        "٫": ".", "،": ",",
    }
)  # fmt: skip
_HARAKAT_RE = re.compile("[\u064b-\u065f\u0670]")

# The notice that opens the line.  "Embargo:" alone is also how a headline
# about an embargo may start ("Embargo: what it means for Gulf trade"), so
# that form counts only in upper case or with a digit after it.
_START_RE = re.compile(
    r"^[\s*#(\[]*(?:"
    r"(?P<loose>embargo)\s*[:\-–—]"
    r"|embargoed\s*(?:until|till|til|to|for\s+release\s+(?:until|at)|[:\-–—])"
    r"|(?:under\s+)?embargo\s+(?:until|till|to)"
    r"|not\s+(?:for|to\s+be)\s+(?:publication|published|release|released|broadcast)\s+"
    r"(?:before|until|till|prior\s+to)"
    r"|hold\s+for\s+release\s*(?:until|till|at)?"
    r"|(?:محظور|ممنوع|يحظر|يمنع|حظر)\s+(?:ال)?نشره?\s*(?:حتي|حتى|قبل)"
    r"|لا\s+(?:ي|ت)نشر\s+(?:حتى|قبل)"
    r")\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
_DIGIT_RE = re.compile(r"\d")

# Four digits standing alone ("0600", "2031"), not part of a date or an offset.
_FOUR_DIGITS_RE = re.compile(r"(?<![\d\-+−:])(?<!\d[.,/])(?P<h>\d{2})(?P<m>\d{2})(?![\d\-/:]|[.,]\d)")
_AT_BEFORE_RE = re.compile(r"(?:\bat|الساعة|الساعه)\s$", re.I)
_HOURS_AFTER_RE = re.compile(r"\s*(?:hrs|hours|h\b|بتوقيت|توقيت|بالتوقيت)", re.I)
_MONTH_BEFORE_RE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?$"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+$",
    re.I,
)
_NOON_RE = re.compile(r"\b(?:12(?:[:.]00)?\s*)?noon\b", re.I)
_MIDNIGHT_RE = re.compile(r"\bmidnight\b|منتصف\s+الليل", re.I)
#: Capitalised words shaped like a zone that are none: month and day names, "AT", "ON", "AM", "HRS".
_NOT_ZONES = frozenset(
    word.upper()
    for words in (
        *dateutil_parser.parserinfo.MONTHS, *dateutil_parser.parserinfo.WEEKDAYS, dateutil_parser.parserinfo.JUMP,
        *dateutil_parser.parserinfo.AMPM, dateutil_parser.parserinfo.PERTAIN,
        ("HRS", "HR", "HOURS", "SEPT", "TUES", "THUR", "THURS", "UNTIL", "TILL", "BEFORE", "AFTER", "FROM",
         "THE", "NOT", "BUT", "NEXT", "LAST", "FIRST", "PAST", "JUST", "NOON"),
    )
    for word in (words if isinstance(words, (list, tuple)) else (words,))
)
#: An unreadable field's value is quoted up to this many characters.
PRINTED_MAX = 100
#: Years an embargo can name; anything else is a misreading ("0600" as the year 600).
MIN_YEAR, MAX_YEAR = 1970, 2200
#: Epoch numbers at least this large are milliseconds (as seconds they would be past the year 5000).
EPOCH_MILLISECONDS_FROM = 10**11
#: Keys of an embargo object ({"date": "2031-12-08T06:00:00Z"}) that hold the moment, in order.
OBJECT_KEYS = ("datetime", "dateTime", "value", "until", "embargoed", "embargo", "date")
OBJECT_ZONE_KEYS = ("timezone", "tz", "zone")
_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")
_CLOCK_RE = re.compile(r"\b(\d{1,2})[.h](\d{2})\b(?!\.\d)")  # 10.00, 10h00
_HOURS_RE = re.compile(r"(?<=\d)\s*(?:hrs|hours)\b", re.I)

_AR_MONTHS = {
    # Gulf and Egypt
    "يناير": "January", "فبراير": "February", "مارس": "March", "ابريل": "April", "مايو": "May",
    "يونيو": "June", "يونيه": "June", "يوليو": "July", "يوليه": "July", "اغسطس": "August",
    "سبتمبر": "September", "اكتوبر": "October", "نوفمبر": "November", "ديسمبر": "December",
    # Levant and Iraq
    "كانون الثاني": "January", "شباط": "February", "اذار": "March", "نيسان": "April", "ايار": "May",
    "حزيران": "June", "تموز": "July", "اب": "August", "ايلول": "September", "تشرين الاول": "October",
    "تشرين الثاني": "November", "كانون الاول": "December",
}  # fmt: skip
_AR_MONTH_RE = re.compile(
    r"(?<![\u0621-\u064a])(?:" + "|".join(sorted(_AR_MONTHS, key=len, reverse=True)) + r")(?![\u0621-\u064a])"
)
_AR_HALF_DAY = ((re.compile(r"صباحا|صباحاً|صباح"), " AM "), (re.compile(r"مساءً|مساءا|مساء|ظهرا|ظهراً"), " PM "))
_ARABIC_RE = re.compile("[\u0600-\u06ff]+")
_PARENS_RE = re.compile(r"\(([^()]*)\)")
_ISO_DATE_RE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}")
_TIME_RE = re.compile(r"\b(\d{1,2}):(\d{2})\b")
_DEFAULTS = (datetime.datetime(2000, 1, 1), datetime.datetime(2001, 2, 2))


def _fold(line: str) -> str:
    return _HARAKAT_RE.sub("", line).translate(_FOLD)


def is_embargo_line(line: str) -> bool:
    """Whether the line is an embargo notice, readable or not."""
    return _embargo_rest(line) is not None


def _embargo_rest(line: str) -> str | None:
    """The text after the notice ("0600 GMT 7 December 2025"), or ``None`` for no embargo line."""
    if len(line) > EMBARGO_LINE_MAX or _HINT_RE.search(line, 0, 80) is None:
        return None
    folded = _fold(line)
    match = _START_RE.match(folded)
    if match is None:
        return None
    rest = folded[match.end() :]
    if _DIGIT_RE.search(rest) is None and (
        (match["loose"] and not match["loose"].isupper()) or len(rest.split()) > NOTICE_WORDS_MAX
    ):
        return None  # "Embargo: what it means for Gulf trade", a sentence that opens "Embargoed until ..."
    return rest


def find_embargo(line: str) -> datetime.datetime | None:
    """The moment an embargo line names; ``None`` when ``line`` is no embargo line.

    Aware when a zone is printed, naive when none is.  Raises
    :class:`EmbargoUnreadable` when the line is an embargo line whose date
    cannot be read.
    """
    rest = _embargo_rest(line)
    if rest is None:
        return None
    found = _read(rest)
    if found is None:
        raise EmbargoUnreadable(line.strip())
    return found


def _clocks(text: str) -> str | None:
    """Times in the form dateutil reads: "0600 GMT" → "06:00 GMT", "10.00" → "10:00"; ``None`` when ambiguous.

    Four digits that are a time of day but cannot be a year ("0600",
    "2130") are a time.  One that can be either ("2000", "1930") is the year
    when it is the only year-like number, else a time when a zone follows
    it or "at" comes before; of several left, the one after a month name
    ("8 Dec 2031", "December 8, 2031") is the year and the others are
    times.  Any other mix is no reading: a guess here publishes early.
    """
    tokens = list(_FOUR_DIGITS_RE.finditer(text))
    year_like = [t for t in tokens if _YEAR_RE.fullmatch(t.group())]
    dated_years = len(_YEAR_RE.findall(text)) - len(year_like)  # "2031-12-08", "8/12/2031"
    clocks = [t for t in tokens if t not in year_like and _is_clock(t)]
    if len(year_like) + dated_years > 1:
        left = []
        for token in year_like:
            zoned = zone_at(text, token.end()) or _HOURS_AFTER_RE.match(text, token.end()) is not None
            if _is_clock(token) and (zoned or _AT_BEFORE_RE.search(text, 0, token.start())):
                clocks.append(token)
            else:
                left.append(token)
        if len(left) + dated_years > 1:
            years = [t for t in left if _MONTH_BEFORE_RE.search(text, 0, t.start())]
            if len(years) + dated_years != 1 or not all(_is_clock(t) for t in left if t not in years):
                return None
            clocks.extend(t for t in left if t not in years)
    for token in sorted(clocks, key=lambda t: t.start(), reverse=True):
        text = f"{text[: token.start()]}{token['h']}:{token['m']}{text[token.end() :]}"
    text = _CLOCK_RE.sub(r"\1:\2", text)
    return _HOURS_RE.sub(" ", text)


def _is_clock(token: re.Match[str]) -> bool:
    return int(token["h"]) <= 23 and int(token["m"]) <= 59


def _without_arabic(text: str) -> str:
    """Arabic month names in English, صباحاً/مساءً as AM/PM, the other Arabic words ("الساعة", "يوم الأحد") gone."""
    text = _AR_MONTH_RE.sub(lambda m: f" {_AR_MONTHS[m.group()]} ", text)
    for pattern, half in _AR_HALF_DAY:
        text = pattern.sub(half, text)
    return _ARABIC_RE.sub(" ", text)


def _read(rest: str) -> datetime.datetime | None:
    """The moment ``rest`` (folded text after the notice, or a field's value) names; ``None`` if unreadable."""
    if _MIDNIGHT_RE.search(rest):
        return None
    clocked = _clocks(_NOON_RE.sub(" 12:00 ", rest))
    if clocked is None:
        return None
    rest = clocked
    everywhere = find_zones(rest)
    if any(zone.impossible for zone in everywhere) or unknown_zone(without_zones(rest, everywhere), _NOT_ZONES):
        return None
    brackets = _PARENS_RE.findall(rest)
    outside = _PARENS_RE.sub(" ", rest)
    zones = find_zones(outside)
    main, zone = without_zones(outside, zones), zones[0].tz if zones else None
    if zone is None:
        # "EMBARGOED UNTIL 10:00 (0600 GMT) 7 Dec 2025": the zoned time is in brackets.
        for inside in brackets:
            clock = _TIME_RE.search(inside)
            bracket_zones = find_zones(inside)
            if bracket_zones and bracket_zones[0].tz is not None and clock is not None:
                main = _TIME_RE.sub(" ", main) + f" {clock.group()}"
                zone = bracket_zones[0].tz
                break
    first_time = _TIME_RE.search(main)
    if first_time is not None:
        # "10:00 AST/07:00 GMT": the first zone goes with the first time; dateutil would take the last.
        main = main[: first_time.end()] + _TIME_RE.sub(" ", main[first_time.end() :])
    # One space between words: dateutil's fuzzy reading of "8  PM" (two spaces) goes astray.
    main = " ".join(_without_arabic(main).split()).strip(" ,.;:-–—)]*")
    if not _DIGIT_RE.search(main):
        return None
    # Gulf copy writes the day first (7/12/2025), ISO dates the year first.
    dayfirst = _ISO_DATE_RE.search(main) is None
    readings = []
    for default in _DEFAULTS:
        try:
            readings.append(dateutil_parser.parse(main, default=default, dayfirst=dayfirst, fuzzy=True, ignoretz=True))
        except (ValueError, OverflowError):
            return None
    first, second = readings
    if first.date() != second.date() or not MIN_YEAR <= first.year <= MAX_YEAR:
        return None  # no year, month or day printed (dateutil filled it in from the default), or no likely year
    return first.replace(tzinfo=zone) if zone is not None else first


def read_embargo(value: object) -> datetime.datetime | None:
    """The moment a structured embargo field names (ninjs, NewsML-G2, NITF); ``None`` when there is none.

    ``None`` and an empty string are no embargo.  A number is epoch
    seconds, or milliseconds from :data:`EPOCH_MILLISECONDS_FROM` on; an
    object holds the moment under one of :data:`OBJECT_KEYS` (or a
    ``date`` and a ``time``), with perhaps a zone under
    :data:`OBJECT_ZONE_KEYS`.  Aware when a zone is given, naive when not.
    Anything else present raises :class:`EmbargoUnreadable`: an embargo
    that is there but not understood must hold the story, not vanish.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    found = _read_value(value, nested=False)
    if found is None:
        printed = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        # On one line and short, so that WireStory.as_text() can print it as an embargo line.
        raise EmbargoUnreadable(" ".join(printed.split())[:PRINTED_MAX], what="An embargo")
    return found


def _read_value(value: object, *, nested: bool) -> datetime.datetime | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _from_epoch(value)
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit() and len(text) >= 9:  # "1954476000": epoch seconds as a string
            return _from_epoch(int(text))
        try:
            found = datetime.datetime.fromisoformat(text)
        except ValueError:
            return _read(_fold(text))
        return found if MIN_YEAR <= found.year <= MAX_YEAR else None
    if isinstance(value, dict) and not nested:
        return _read_object(value)
    return None


def _read_object(value: dict) -> datetime.datetime | None:
    """{"date": "2031-12-08T06:00:00Z"}, {"value": 1954476000}, {"date": "2031-12-08", "time": "06:00", "tz": "GMT"}."""
    zone = next((value[key] for key in OBJECT_ZONE_KEYS if isinstance(value.get(key), str)), "")
    if isinstance(value.get("date"), str) and isinstance(value.get("time"), str):
        moment: object = f"{value['date']} {value['time']}"
    else:
        moment = next((value[key] for key in OBJECT_KEYS if value.get(key) not in (None, "")), None)
    if moment is None:
        return None
    if zone:
        if not isinstance(moment, str):
            return None
        return _read(_fold(f"{moment} {zone}"))
    return _read_value(moment, nested=True)


def _from_epoch(number: float) -> datetime.datetime | None:
    if not math.isfinite(number) or number < 0:
        return None
    seconds = number / 1000 if number >= EPOCH_MILLISECONDS_FROM else number
    try:
        found = datetime.datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return found if MIN_YEAR <= found.year <= MAX_YEAR else None


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def embargo_line(moment: datetime.datetime) -> str:
    """The embargo line :func:`find_embargo` reads back as ``moment``: "EMBARGOED UNTIL 06:00 GMT 7 December 2025".

    The zone is printed as GMT, GST or AST when it is one of those, else as
    an offset ("GMT+05:30"); a naive moment is printed without a zone.
    """
    clock = f"{moment:%H:%M:%S}" if moment.second else f"{moment:%H:%M}"
    offset = moment.utcoffset()
    if offset is None:
        zone = ""
    elif offset == datetime.timedelta(0):
        zone = " GMT"
    elif moment.tzname() in ("GST", "AST") and moment.tzinfo in (GULF, ARABIA):
        zone = f" {moment.tzname()}"
    else:
        sign = "-" if offset < datetime.timedelta(0) else "+"
        minutes = abs(offset) // datetime.timedelta(minutes=1)
        zone = f" GMT{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return f"EMBARGOED UNTIL {clock}{zone} {moment.day} {_MONTHS[moment.month - 1]} {moment.year}"
