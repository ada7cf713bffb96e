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

Zones: GMT/UTC/Z give UTC; GST, Gulf, Muscat, Oman, UAE time (and بتوقيت
مسقط / الخليج / السلطنة / الإمارات) UTC+4 — Oman and the UAE keep no summer
time, so a fixed offset is exact; AST, Riyadh, Mecca, Kuwait, Doha, Bahrain
time (بتوقيت مكة / الرياض / الكويت / الدوحة / البحرين) UTC+3 ("AST" is read
as Arabia Standard Time, not Atlantic: this is Gulf copy); "GMT+4" and
"UTC+04:00" as printed.  With no zone printed the result is *naive*: the
caller makes it aware in the site's own time zone.  With a time in two zones
("10:00 Muscat time (0600 GMT)") the one outside the brackets is read; they
name the same moment.  A day with no time means midnight; "0600" before a
zone or after "at"/"الساعة" is 06:00.
"""

from __future__ import annotations

import datetime
import re

from dateutil import parser as dateutil_parser

#: Embargo lines are short; longer lines are story text that mentions an embargo.
EMBARGO_LINE_MAX = 200
#: With no digit at all, a notice is an (unreadable) embargo line only when
#: this short ("EMBARGOED UNTIL FURTHER NOTICE"); longer, it is a sentence.
NOTICE_WORDS_MAX = 6


class EmbargoUnreadable(ValueError):
    """An embargo line whose date or time could not be read; ``line`` is the line as printed."""

    def __init__(self, line: str) -> None:
        super().__init__(f"An embargo line was found but its date could not be read: {line}")
        self.line = line


_UTC = datetime.timezone.utc
_GULF = datetime.timezone(datetime.timedelta(hours=4), "GST")
_ARABIA = datetime.timezone(datetime.timedelta(hours=3), "AST")

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

# Zones: the pattern, and the zone.  Offsets printed as such come first.
_OFFSET_RE = re.compile(r"\b(?:GMT|UTC)\s*(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?\b", re.I)
_ZONES: tuple[tuple[re.Pattern[str], datetime.tzinfo | None], ...] = (
    (re.compile(r"\b(?:GMT|UTC|Zulu|Greenwich(?:\s+Mean)?\s+Time)\b|(?<=\d)Z\b|(?:بتوقيت\s+|ب?توقيت\s+)?"
                r"(?:غرينتش|غرينيتش|جرينتش|جرينيتش|غرينش)|\bت\s*غ\b", re.I), _UTC),
    (re.compile(r"\b(?:GST|Gulf\s+(?:Standard\s+)?time|(?:Muscat|Oman|UAE|Dubai|Abu\s+Dhabi)\s+time)\b"
                r"|(?:ب?توقيت\s+)(?:مسقط|الخليج|السلطنة|الامارات|دبي|ابو\s*ظبي)", re.I), _GULF),
    (re.compile(r"\b(?:AST|Arabian?\s+Standard\s+Time|(?:Riyadh|Mecca|Makkah|Saudi|KSA|Kuwait|Doha|Qatar|Bahrain)"
                r"\s+time)\b|(?:ب?توقيت\s+)(?:مكة(?:\s+المكرمة)?|الرياض|السعودية|الكويت|الدوحة|قطر|البحرين)",
                re.I), _ARABIA),
    # Said, not a zone: the caller's own time zone applies.
    (re.compile(r"\blocal\s+time\b|بالتوقيت\s+المحلي|بالتوقيت\s+المحلى", re.I), None),
)  # fmt: skip
_ZONE_WORD = (
    r"(?:GMT|UTC|Z|GST|AST|Gulf|Muscat|Oman|UAE|Dubai|Abu|Riyadh|Mecca|Makkah|Saudi|KSA|Kuwait|Doha|Qatar|"
    r"Bahrain|Greenwich|Zulu|local|hrs|hours|h\b|بتوقيت|توقيت|بالتوقيت|غرينتش|جرينتش)"
)
# "0600 GMT", "at 0600", "الساعة 0600": four digits that are a time of day.
_HHMM_RE = re.compile(
    rf"(?:(?<=\bat\s)|(?<=الساعة\s)|(?<=الساعه\s))(?P<a>[01]\d|2[0-3])(?P<b>[0-5]\d)\b"
    rf"|\b(?P<c>[01]\d|2[0-3])(?P<d>[0-5]\d)(?=\s*{_ZONE_WORD})",
    re.I,
)
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


def _take_zone(text: str) -> tuple[str, datetime.tzinfo | None]:
    """The text without its zone names, and the zone printed first (``None``: none, or "local time")."""
    found: list[tuple[int, datetime.tzinfo | None]] = []
    offset = _OFFSET_RE.search(text)
    if offset is not None:
        delta = datetime.timedelta(hours=int(offset["hours"]), minutes=int(offset["minutes"] or 0))
        if delta <= datetime.timedelta(hours=14):
            found.append((offset.start(), datetime.timezone(-delta if offset["sign"] == "-" else delta)))
        text = text[: offset.start()] + " " * (offset.end() - offset.start()) + text[offset.end() :]
    for pattern, tz in _ZONES:
        match = pattern.search(text)
        if match is not None:
            found.append((match.start(), tz))
    for pattern, _ in _ZONES:
        text = pattern.sub(" ", text)
    return text, min(found, key=lambda item: item[0])[1] if found else None


def _clocks(text: str) -> str:
    """Times in the form dateutil reads: "0600 GMT" → "06:00 GMT", "10.00" → "10:00".

    "2000 GMT 7 December 2025" is eight o'clock, but in "15 March 2026
    Gulf time" the only number that can be the year is the year.
    """
    years = len(_YEAR_RE.findall(text))

    def clock(match: re.Match[str]) -> str:
        if years == 1 and _YEAR_RE.fullmatch(match.group()):
            return match.group()
        return f"{match['a'] or match['c']}:{match['b'] or match['d']}"

    text = _HHMM_RE.sub(clock, text)
    text = _CLOCK_RE.sub(r"\1:\2", text)
    return _HOURS_RE.sub(" ", text)


def _without_arabic(text: str) -> str:
    """Arabic month names in English, صباحاً/مساءً as AM/PM, the other Arabic words ("الساعة", "يوم الأحد") gone."""
    text = _AR_MONTH_RE.sub(lambda m: f" {_AR_MONTHS[m.group()]} ", text)
    for pattern, half in _AR_HALF_DAY:
        text = pattern.sub(half, text)
    return _ARABIC_RE.sub(" ", text)


def _read(rest: str) -> datetime.datetime | None:
    rest = _clocks(rest)
    brackets = _PARENS_RE.findall(rest)
    main, zone = _take_zone(_PARENS_RE.sub(" ", rest))
    if zone is None:
        # "EMBARGOED UNTIL 10:00 (0600 GMT) 7 Dec 2025": the zoned time is in brackets.
        for inside in brackets:
            clock = _TIME_RE.search(inside)
            _, bracket_zone = _take_zone(inside)
            if bracket_zone is not None and clock is not None:
                main = _TIME_RE.sub(" ", main) + f" {clock.group()}"
                zone = bracket_zone
                break
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
    if first.date() != second.date():
        return None  # no year, month or day printed: dateutil filled it in from the default
    return first.replace(tzinfo=zone) if zone is not None else first


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
    elif moment.tzname() in ("GST", "AST") and moment.tzinfo in (_GULF, _ARABIA):
        zone = f" {moment.tzname()}"
    else:
        sign = "-" if offset < datetime.timedelta(0) else "+"
        minutes = abs(offset) // datetime.timedelta(minutes=1)
        zone = f" GMT{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return f"EMBARGOED UNTIL {clock}{zone} {moment.day} {_MONTHS[moment.month - 1]} {moment.year}"
