"""The two arithmetic base calendars: Umm al-Qura (hijridate's table) and tabular.

Both are described by one question, "on which Gregorian day does month *n*
begin?", where *n* is a month index ``year * 12 + month - 1``.  Everything else
(conversion both ways, month lengths, official overrides) is built on that, so
:class:`~newsdesk.calendars.official.OfficialCalendar` treats the two alike.

Umm al-Qura reads hijridate's published table directly (a tuple of month
starts) instead of going through ``hijridate.Hijri`` objects: a bisect over a
tuple is several times faster, and the test suite checks every day of the
range against hijridate's own API.
"""

from __future__ import annotations

import datetime
from bisect import bisect_right

from hijridate import ummalqura

from .types import HijriDate


class OutOfRange(ValueError):
    """The date lies outside the range the calendar can convert."""


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def split_index(index: int) -> tuple[int, int]:
    """``(year, month)`` for a month index."""
    return index // 12, index % 12 + 1


class BaseCalendar:
    """A Hijri calendar defined by the first day of each month."""

    name = ""
    label = ""
    first_index = 0
    last_index = 0  # inclusive

    def start_ordinal(self, index: int) -> int:
        """Gregorian ordinal of the first day of month ``index``."""
        raise NotImplementedError

    def index_for_ordinal(self, ordinal: int) -> int:
        """The month index containing Gregorian ordinal ``ordinal``."""
        raise NotImplementedError

    @property
    def first_ordinal(self) -> int:
        return self.start_ordinal(self.first_index)

    @property
    def end_ordinal(self) -> int:
        """First ordinal after the range."""
        return self.start_ordinal(self.last_index + 1)

    def month_length(self, index: int) -> int:
        return self.start_ordinal(index + 1) - self.start_ordinal(index)

    def in_range(self, index: int) -> bool:
        return self.first_index <= index <= self.last_index

    def to_hijri(self, value: datetime.date) -> HijriDate:
        ordinal = value.toordinal()
        if not self.first_ordinal <= ordinal < self.end_ordinal:
            raise OutOfRange(f"{value.isoformat()} is outside the {self.label} calendar's range")
        index = self.index_for_ordinal(ordinal)
        year, month = split_index(index)
        return HijriDate(year, month, ordinal - self.start_ordinal(index) + 1)

    def to_gregorian(self, hd: HijriDate) -> datetime.date:
        index = month_index(hd.year, hd.month)
        if not 1 <= hd.month <= 12 or not self.in_range(index):
            raise OutOfRange(f"{hd.isoformat()} is outside the {self.label} calendar's range")
        if not 1 <= hd.day <= self.month_length(index):
            raise ValueError(f"{hd.isoformat()}: that month has {self.month_length(index)} days")
        return datetime.date.fromordinal(self.start_ordinal(index) + hd.day - 1)


# hijridate counts days as Reduced Julian Days; ordinal = RJD + this.
_RJD_TO_ORDINAL = 2400000 - 1721425


class UmmAlQura(BaseCalendar):
    name = "ummalqura"
    label = "Umm al-Qura"

    def __init__(self) -> None:
        self._starts = tuple(rjd + _RJD_TO_ORDINAL for rjd in ummalqura.MONTH_STARTS)
        self.first_index = month_index(*ummalqura.HIJRI_RANGE[0][:2])
        self.last_index = self.first_index + len(self._starts) - 2

    def start_ordinal(self, index: int) -> int:
        position = index - self.first_index
        if not 0 <= position < len(self._starts):
            raise OutOfRange(f"month {split_index(index)} is outside the Umm al-Qura table")
        return self._starts[position]

    def index_for_ordinal(self, ordinal: int) -> int:
        return self.first_index + bisect_right(self._starts, ordinal) - 1


# Tabular ("civil", type II) calendar: 30-year cycle, leap years
# 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29; epoch 1 Muharram 1 = Friday 16 July 622
# (Julian), which is 19 July 622 in the proleptic Gregorian calendar.
_TABULAR_EPOCH = datetime.date(622, 7, 19).toordinal()  # proleptic Gregorian


class Tabular(BaseCalendar):
    name = "tabular"
    label = "tabular"
    first_index = month_index(1, 1)
    last_index = month_index(9665, 12)  # stays below Gregorian year 10000

    def start_ordinal(self, index: int) -> int:
        if not self.first_index <= index <= self.last_index + 1:
            raise OutOfRange(f"month {split_index(index)} is outside the tabular range")
        year, month = split_index(index)
        return (
            _TABULAR_EPOCH
            + (year - 1) * 354
            + (3 + 11 * year) // 30
            + (59 * (month - 1) + 1) // 2  # ceil(29.5 * (month - 1))
        )

    def index_for_ordinal(self, ordinal: int) -> int:
        year = (30 * (ordinal - _TABULAR_EPOCH) + 10646) // 10631
        index = month_index(max(year, 1), 1)
        while index > self.first_index and self.start_ordinal(index) > ordinal:
            index -= 1
        while index < self.last_index and self.start_ordinal(index + 1) <= ordinal:
            index += 1
        return index


UMM_AL_QURA = UmmAlQura()
TABULAR = Tabular()
BASES: dict[str, BaseCalendar] = {UMM_AL_QURA.name: UMM_AL_QURA, TABULAR.name: TABULAR}


def base_calendar(name: str) -> BaseCalendar:
    try:
        return BASES[name]
    except KeyError:
        raise ValueError(f"unknown calendar {name!r}; choose one of {', '.join(BASES)}") from None


def to_hijri(value: datetime.date, calendar: str = "ummalqura") -> HijriDate:
    """Gregorian → Hijri in a base calendar (no official starts)."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return base_calendar(calendar).to_hijri(value)


def to_gregorian(hd: HijriDate, calendar: str = "ummalqura") -> datetime.date:
    """Hijri → Gregorian in a base calendar (no official starts)."""
    return base_calendar(calendar).to_gregorian(hd)
