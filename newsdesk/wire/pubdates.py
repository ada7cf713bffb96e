"""Publication-date lines: the story's own "Published: …" or "Updated …" date.

Article pages print it on a line of its own near the headline or byline:
``October 12, 2025 | 10:05 AM``, ``Updated: 16 Nov 2025, 09:30 AM``,
``Last updated: Mon 3 Mar 2025 - 10:05 GMT``, ``Times of Oman12-10-2025``,
``تاريخ النشر: ١٢ أكتوبر ٢٠٢٥ - ١٠:٠٥ ص``.  It is not the page's date bar
(the day the page was read, :mod:`newsdesk.wire.header`).

Like the calendars' date-bar parser, this is a scanner over a normalised
copy of the line, not a search: every stretch of the line must be a known
piece (label, weekday, date, time, time zone, separator) or one of at most
three capitalised words naming the paper or place.  A lower-case word or a
number that is no date ends the scan with ``None``, so a sentence that
mentions a date ("Police said on March 3, 2025 that …"), a headline with a
year, a score, a price or a phone number is never taken.  Dates themselves
are read by :func:`newsdesk.calendars.parsing.read_date_part`, the one
place that knows month spellings, Arabic digits and Hijri dates.

The parser offers every short line of every page, so a line without a digit
is turned away before anything is normalised.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from newsdesk.calendars.names import GREGORIAN_SPELLINGS, MONTH_SPELLINGS, WEEKDAY_SPELLINGS, normalise
from newsdesk.calendars.parsing import read_date_part
from newsdesk.calendars.types import HijriDate

__all__ = ["DateLine", "match_date_line"]

# A date line with a label, a weekday, a time and a Hijri date is ~90
# characters; anything much longer is prose.
_MAX_LINE = 120
# "Times of Oman", "Oman Daily Observer": a paper or place, never a clause.
_MAX_NAME_WORDS = 3

# ``\d`` on the raw line: Western, Arabic-Indic and Persian digits alike.
_ANY_DIGIT_RE = re.compile(r"\d")

# Everything below matches the line after :func:`normalise`: lower case,
# Western digits, one alef / yaa / haa form, no harakat or tatweel.
_SEPARATOR_RE = re.compile(
    r"(?:[\s|,;:.\-–—−/·•()\[\]،؛]+"
    r"|(?:on|at|في|الموافق|موافق|corresponding\s+to)(?!\w))+"
)
# The label as printed includes its "on"/"في" and colon: "Posted on", "نشر في:".
_LABEL_RE = re.compile(
    r"(?:"
    r"(?:first|originally)\s+published|date\s+published|published\s+date|publication\s+date|published"
    r"|last\s+updated|date\s+updated|updated?|last\s+modified|modified|posted|released|dated|date"
    r"|تاريخ\s+(?:ال)?نشر|تاريخ\s+(?:ال)?تحديث|(?:تم\s+)?(?:ال)?نشر(?:ه)?"
    r"|(?:اخر|احدث)\s+(?:تحديث|تعديل)|(?:تم\s+)?(?:ال)?تحديث|(?:تم\s+)?(?:ال)?تعديل|محدث(?:ه)?"
    r"|(?:ال)?تاريخ|بتاريخ"
    r")(?!\w)(?:\s+(?:on|at|في|بتاريخ|يوم)(?!\w))?(?:\s*:)?"
)
_UPDATED_RE = re.compile(r"updat|modif|تحديث|تعديل|محدث")
_WEEKDAY_RE = re.compile(
    r"(?:يوم\s+)?(?:"
    + "|".join(sorted({re.escape(normalise(day)) for day in WEEKDAY_SPELLINGS}, key=len, reverse=True))
    + r")(?!\w)"
)
# "10:05 AM", "14:10 PM", "09:30", "9.30am", "10:05:33", "١٠:٠٥ ص", "10 مساءً",
# and the "T10:05" of "2025-10-12T10:05".  An hour alone needs its am/pm.
_TIME_RE = re.compile(
    r"t?(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?)?(?!\d)"
    r"(?:\s*(?:(?P<am>a\.?\s?m\.?|ص|صباحا)|(?P<pm>p\.?\s?m\.?|م|مساء))(?!\w))?"
)
# After a time: "GMT", "UTC+4", "(GMT+04:00)", "+04:00", "GST", "بتوقيت مسقط".
_ZONE_RE = re.compile(
    r"\(?(?:(?:gmt|utc|gst|ast|z)(?:\s*[+\-−]\s*\d{1,2}(?::?\d{2})?)?|[+\-−]\d{2}(?::?\d{2})?"
    r"|(?:ب)?توقيت\s+[^\W\d_]+)\)?(?!\w)"
)
# Month-first "10/13/2025": only when the second number cannot be a month
# (the calendars read numeric dates day first, as Gulf papers print them).
_MONTH_FIRST_RE = re.compile(r"(?P<m>\d{1,2})([/.\-])(?P<d>\d{1,2})\2(?P<y>\d{4})(?!\d)")
_WORD_RE = re.compile(r"[^\W\d_]+")
# "10:05": no date form has a colon, so the date reader need not be asked.
_CLOCK_RE = re.compile(r"\d{1,2}:")
# A month-day-year date can only start where a month name can: asking the
# calendars (hundreds of spellings) at every word would cost more than the rest.
_MONTH_STARTS = frozenset(
    normalise(spelling)[:2]
    for spellings in (*GREGORIAN_SPELLINGS.values(), *MONTH_SPELLINGS.values())
    for spelling in spellings
)
# Lower-case words a paper's name may hold ("Times of Oman").
_NAME_JOINERS = frozenset({"of"})
# "By Staff Reporter | Oct 12, 2025" is a byline; the byline recogniser reads it.
_NOT_NAMES = frozenset({"by", "بقلم", "كتب", "كتبت"})


@dataclass(frozen=True)
class DateLine:
    """A line that is only the story's publication or update date.

    ``value`` is a naive ``datetime`` only when the line prints a time (any
    time zone printed is ignored), else a ``date``.  ``kind`` is "published",
    "updated" or "plain" (no label printed); ``label`` is the label as printed
    ("Published:", "Updated", "نشر في") or "".
    """

    value: datetime.date | datetime.datetime
    kind: str
    label: str


def match_date_line(line: str) -> DateLine | None:
    """The publication date when the WHOLE ``line`` is a date line, else ``None``.

    The date needs day, month and year (named months in English or Arabic,
    Gulf and Levantine; numeric day first unless the second number is over
    12; year first).  Around it the line may hold only a label, a weekday, a
    time with am/pm or a zone, separators, a Hijri date (the Gregorian one is
    returned; a line with only a Hijri date is ``None``) and at most three
    capitalised words naming the paper or place.  With two labelled dates
    ("Published: … | Updated: …") the first printed is returned.

    Lines are expected as :func:`~newsdesk.wire.hygiene.clean_lines` gives
    them (no bidi marks or zero-width characters).  A page's dual date bar is
    a date line too: callers ask :func:`~newsdesk.wire.header.parse_date_bar`
    about the top of the page first.
    """
    if len(line) > _MAX_LINE or _ANY_DIGIT_RE.search(line) is None:
        return None
    return _Scan(line).run()


class _Scan:
    """One pass over one line; any stretch it cannot name makes it ``None``."""

    def __init__(self, line: str) -> None:
        self.line = line
        self.text = normalise(line)
        self.offsets: list[int] | None = None
        self.date: datetime.date | None = None
        self.time: datetime.time | None = None
        self.label: tuple[int, int] | None = None
        self.pending_label = False  # a label after the date, waiting for its own date
        self.second = False  # past a second labelled date: the rest is its time or zone
        self.hijri = 0
        self.words = 0

    def run(self) -> DateLine | None:
        text, end, pos = self.text, len(self.text), 0
        while pos < end:
            separator = _SEPARATOR_RE.match(text, pos)
            if separator is not None:
                pos = separator.end()
                continue
            found = self._digits(pos) if text[pos].isdigit() else self._letters(pos)
            if found is None:
                return None
            pos = found
        if self.date is None or self.pending_label:
            return None
        value = self.date if self.time is None else datetime.datetime.combine(self.date, self.time)
        if self.label is None:
            return DateLine(value, "plain", "")
        start, stop = self.label
        kind = "updated" if _UPDATED_RE.search(text, start, stop) else "published"
        return DateLine(value, kind, self._printed(start, stop).strip())

    # --- pieces -------------------------------------------------------------

    def _digits(self, pos: int) -> int | None:
        """A date or a time starts at ``pos``; a bare number ("2040", "3-1") ends the scan."""
        if _CLOCK_RE.match(self.text, pos) is not None:
            return self._time(pos)
        part = read_date_part(self.text, pos)
        if part is not None:
            value, end = part
            return end if self._take_date(value) else None
        month_first = _MONTH_FIRST_RE.match(self.text, pos)
        if month_first is not None and int(month_first["d"]) > 12 and int(month_first["y"]) >= 1800:
            day = _gregorian(int(month_first["y"]), int(month_first["m"]), int(month_first["d"]))
            return month_first.end() if day is not None and self._take_date(day) else None
        return self._time(pos)

    def _letters(self, pos: int) -> int | None:
        text = self.text
        label = _LABEL_RE.match(text, pos)
        if label is not None:
            return label.end() if self._take_label(label.start(), label.end()) else None
        weekday = _WEEKDAY_RE.match(text, pos)
        if weekday is not None:
            return weekday.end()
        if text[pos : pos + 2] in _MONTH_STARTS:
            part = read_date_part(text, pos)
            if part is not None:
                value, end = part
                return end if self._take_date(value) else None
        if self.time is not None or self.second:
            zone = _ZONE_RE.match(text, pos)
            if zone is not None:
                return zone.end()
        if text[pos] == "t" and text[pos + 1 : pos + 2].isdigit():
            return self._time(pos)
        word = _WORD_RE.match(text, pos)
        if word is None:
            return None  # "+968", "%", "°": not a date line's furniture
        return word.end() if self._take_word(word.start(), word.end()) else None

    def _time(self, pos: int) -> int | None:
        match = _TIME_RE.match(self.text, pos)
        if match is None or (match["m"] is None and match["am"] is None and match["pm"] is None):
            return None
        hour, minute, second = int(match["h"]), int(match["m"] or 0), int(match["s"] or 0)
        # "14:10 PM" is 14:10: a 24-hour time with a stray marker.
        if match["pm"] is not None and hour < 12:
            hour += 12
        elif match["am"] is not None and hour == 12:
            hour = 0
        if hour > 23 or minute > 59 or second > 59:
            return None
        if self.second:
            return match.end()  # the second date's time
        if self.time is not None:
            return None
        self.time = datetime.time(hour, minute, second)
        return match.end()

    def _take_date(self, value: datetime.date | HijriDate) -> bool:
        if isinstance(value, HijriDate):  # read so the line is whole, never returned
            self.hijri += 1
            return self.hijri <= 2
        if self.date is None:
            self.date = value
            return True
        if self.pending_label:  # "Published: … | Updated: …"
            self.pending_label = False
            self.second = True
            return True
        return False  # two dates without labels: a range or prose, not a date line

    def _take_label(self, start: int, end: int) -> bool:
        if self.date is None:
            if self.label is not None:
                return False
            self.label = (start, end)
            return True
        if self.pending_label or self.second:
            return False
        self.pending_label = True
        return True

    def _take_word(self, start: int, end: int) -> bool:
        """Capitalised (or Arabic) words naming the paper or place, three at most."""
        word = self.text[start:end]
        if word in _NAME_JOINERS:
            return True
        if word in _NOT_NAMES:
            return False
        if self._printed(start, start + 1).islower():
            return False
        self.words += 1
        return self.words <= _MAX_NAME_WORDS

    def _printed(self, start: int, end: int) -> str:
        """The line as printed between two positions of its normalised copy.

        Normalising keeps the length unless it drops harakat, tatweel or
        apostrophes ("نُشر", "هـ", "صباحاً"); then each printed character is
        normalised alone to map positions back.
        """
        if len(self.text) == len(self.line):
            return self.line[start:end]
        if self.offsets is None:
            offsets: list[int] = []
            for index, char in enumerate(self.line):
                offsets.extend([index] * _folded_length(char))
            self.offsets = offsets
        offsets = self.offsets
        if len(offsets) != len(self.text) or end <= start:
            return self.text[start:end]  # composed characters: the normalised text will do
        return self.line[offsets[start] : offsets[end - 1] + 1]


@functools.lru_cache(maxsize=1024)
def _folded_length(char: str) -> int:
    """How many characters ``char`` becomes when normalised (0 for harakat)."""
    return len(normalise(char))


def _gregorian(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None
