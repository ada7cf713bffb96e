"""A country's official Hijri calendar: recorded month starts over a base calendar.

Moon-sighting committees declare each month, and in some months they are a
day behind Umm al-Qura.  A fixed offset cannot follow that (it is wrong in
the months where they agree), so the site records each declared start and
this module fills the gaps:

* a recorded month begins on its recorded day, and runs until the next
  recorded start or, where the next month has no record, for its base
  (Umm al-Qura) length;
* a month with no record nearby begins on the base calendar's day plus the
  default offset;
* between the two, unrecorded months are moved by as little as needed for
  every month to last 29 or 30 days, rejoining the base calendar as soon as
  a month length allows it (the same rule backwards before a recorded start).

A set of starts that would still leave a month shorter than 29 or longer than
30 days is rejected with :class:`InvalidMonthStarts`, naming the month.
"""

from __future__ import annotations

import datetime
from bisect import bisect_right
from collections.abc import Iterable

from .base import BaseCalendar, OutOfRange, base_calendar, month_index, split_index
from .names import HIJRI_MONTHS_EN
from .types import HijriDate, MonthInfo, MonthStart

#: How far (days) a recorded start may lie from the calculated one.  Real
#: declarations differ from Umm al-Qura by a day or two; more is a typo
#: (wrong year or month), which would otherwise bend a whole year.
MAX_DRIFT_DAYS = 5
#: Months around the recorded ones in which the calendar may differ from the
#: base; enough for any drift up to MAX_DRIFT_DAYS to rejoin it.
_WINDOW_MONTHS = 24
_LENGTHS = (29, 30)


class InvalidMonthStarts(ValueError):
    """The recorded starts cannot all be right; the message names the month."""

    def __init__(self, message: str, year: int | None = None, month: int | None = None) -> None:
        super().__init__(message)
        self.year = year
        self.month = month


def month_label(year: int, month: int) -> str:
    """``"Jumada al-akhirah 1447"``: how messages name a month."""
    return f"{HIJRI_MONTHS_EN[month - 1]} {year}"


class OfficialCalendar:
    """Gregorian ↔ Hijri with official month starts over a base calendar.

    ``starts`` are :class:`~newsdesk.calendars.MonthStart` records; ``base`` is
    ``"ummalqura"`` or ``"tabular"``; ``default_offset`` shifts every month
    that has no record nearby by that many days (positive = later).
    Instances are immutable and cheap to query; build one per change of the
    records and keep it.
    """

    def __init__(
        self,
        starts: Iterable[MonthStart] = (),
        base: str | BaseCalendar = "ummalqura",
        default_offset: int = 0,
    ) -> None:
        self.base = base_calendar(base) if isinstance(base, str) else base
        self.default_offset = int(default_offset)
        self.records: dict[int, MonthStart] = {}
        for start in starts:
            self._add_record(start)
        self._lo = self._hi = 0
        self._table: list[int] = []  # start ordinals of months _lo .. _hi + 1
        self._adjusted: set[int] = set()
        if self.records:
            self._build_table()

    # --- construction -------------------------------------------------------

    def _add_record(self, start: MonthStart) -> None:
        label = month_label(start.year, start.month) if 1 <= start.month <= 12 else None
        if label is None:
            raise InvalidMonthStarts(
                f"month {start.month} of {start.year} does not exist; months are 1 to 12",
                start.year, start.month,
            )
        index = month_index(start.year, start.month)
        if not self.base.in_range(index):
            raise InvalidMonthStarts(
                f"{label} is outside the {self.base.label} calendar's range", start.year, start.month
            )
        earlier = self.records.get(index)
        if earlier is not None and earlier.starts_on != start.starts_on:
            raise InvalidMonthStarts(
                f"{label} is recorded twice, starting {earlier.starts_on.isoformat()} "
                f"and {start.starts_on.isoformat()}",
                start.year, start.month,
            )
        calculated = self._calculated(index)
        drift = start.starts_on.toordinal() - calculated
        if abs(drift) > MAX_DRIFT_DAYS:
            raise InvalidMonthStarts(
                f"{label} is recorded as starting {start.starts_on.isoformat()}, "
                f"{abs(drift)} days {'after' if drift > 0 else 'before'} the calculated "
                f"{datetime.date.fromordinal(calculated).isoformat()}; check the year and month",
                start.year, start.month,
            )
        self.records[index] = start

    def _calculated(self, index: int) -> int:
        return self.base.start_ordinal(index) + self.default_offset

    def _build_table(self) -> None:
        lo = max(min(self.records) - _WINDOW_MONTHS, self.base.first_index)
        hi = min(max(self.records) + _WINDOW_MONTHS, self.base.last_index)
        starts = {index: self._calculated(index) for index in range(lo, hi + 2)}
        length = self.base.month_length
        # Forward: a recorded month runs for its base length unless the next is
        # recorded; later months rejoin the calculated start once that leaves
        # the month before them 29 or 30 days long.
        for index in range(lo, hi + 2):
            if index in self.records:
                starts[index] = self.records[index].starts_on.toordinal()
            elif index > lo:
                previous = starts[index - 1]
                if index - 1 in self.records or starts[index] - previous not in _LENGTHS:
                    starts[index] = previous + length(index - 1)
        # Backward: an unrecorded month just before a recorded one ends where
        # that one begins; choose its start so that it, and the month before
        # it if possible, last 29 or 30 days.
        for index in range(hi, lo, -1):
            if index in self.records or starts[index + 1] - starts[index] in _LENGTHS:
                continue
            own = length(index)
            candidates = (starts[index + 1] - own, starts[index + 1] - (59 - own))
            fits = [c for c in candidates if c - starts[index - 1] in _LENGTHS]
            starts[index] = (fits or candidates)[0]
        self._check(starts, lo, hi)
        self._lo, self._hi = lo, hi
        self._table = [starts[index] for index in range(lo, hi + 2)]
        self._adjusted = {
            index for index in range(lo, hi + 2)
            if index not in self.records and starts[index] != self._calculated(index)
        }

    def _check(self, starts: dict[int, int], lo: int, hi: int) -> None:
        for index in range(lo, hi + 1):
            days = starts[index + 1] - starts[index]
            if days in _LENGTHS:
                continue
            year, month = split_index(index)
            first = datetime.date.fromordinal(starts[index])
            last = datetime.date.fromordinal(starts[index + 1] - 1)
            involved = [month_label(*split_index(i)) for i in (index, index + 1) if i in self.records]
            raise InvalidMonthStarts(
                f"{month_label(year, month)} would last {days} days ({first.isoformat()} to "
                f"{last.isoformat()}); an official month lasts 29 or 30 days. "
                f"Check the recorded start of {' and '.join(involved) or 'the months around it'}.",
                year, month,
            )
        for edge in (lo, hi + 1):
            if edge not in self.records and starts[edge] != self._calculated(edge):
                year, month = split_index(edge)
                raise InvalidMonthStarts(
                    f"the recorded starts near {month_label(year, month)} never rejoin the "
                    f"{self.base.label} calendar; check them",
                    year, month,
                )

    @classmethod
    def lenient(
        cls, starts: Iterable[MonthStart], base: str | BaseCalendar = "ummalqura", default_offset: int = 0
    ) -> tuple[OfficialCalendar, list[tuple[MonthStart, str]]]:
        """A calendar from every start that fits with the others, and the rejected ones.

        For serving pages when stored records conflict: readers get dates from
        the records that agree, and the caller logs the rest.  Starts are tried
        in date order; one that cannot join those before it is left out.
        """
        accepted: list[MonthStart] = []
        rejected: list[tuple[MonthStart, str]] = []
        for start in sorted(starts, key=lambda s: (s.starts_on, s.year, s.month)):
            try:
                cls([*accepted, start], base, default_offset)
            except InvalidMonthStarts as exc:
                rejected.append((start, str(exc)))
            else:
                accepted.append(start)
        return cls(accepted, base, default_offset), rejected

    # --- queries ------------------------------------------------------------

    def _start(self, index: int) -> int:
        if self._table and self._lo <= index <= self._hi + 1:
            return self._table[index - self._lo]
        return self._calculated(index)

    def month_start(self, year: int, month: int) -> datetime.date:
        """The Gregorian day on which ``year``/``month`` begins."""
        return datetime.date.fromordinal(self._start(self._index(year, month)))

    def _index(self, year: int, month: int) -> int:
        index = month_index(year, month)
        if not 1 <= month <= 12 or not self.base.in_range(index):
            raise OutOfRange(f"{year}-{month:02d} is outside the {self.base.label} calendar's range")
        return index

    def month_length(self, year: int, month: int) -> int:
        index = self._index(year, month)
        return self._start(index + 1) - self._start(index)

    def to_hijri(self, value: datetime.date) -> HijriDate:
        if isinstance(value, datetime.datetime):
            value = value.date()
        ordinal = value.toordinal()
        if self._table and self._table[0] <= ordinal < self._table[-1]:
            index = self._lo + bisect_right(self._table, ordinal) - 1
        else:
            shifted = ordinal - self.default_offset
            if not self.base.first_ordinal <= shifted < self.base.end_ordinal:
                raise OutOfRange(f"{value.isoformat()} is outside the {self.base.label} calendar's range")
            index = self.base.index_for_ordinal(shifted)
        year, month = split_index(index)
        return HijriDate(year, month, ordinal - self._start(index) + 1)

    def to_gregorian(self, hd: HijriDate) -> datetime.date:
        index = self._index(hd.year, hd.month)
        start = self._start(index)
        days = self._start(index + 1) - start
        if not 1 <= hd.day <= days:
            raise ValueError(f"{month_label(hd.year, hd.month)} has {days} days, not {hd.day}")
        return datetime.date.fromordinal(start + hd.day - 1)

    def months(self, year: int) -> list[MonthInfo]:
        """Each month of Hijri ``year``: start, length, and where the start came from."""
        result = []
        for month in range(1, 13):
            index = self._index(year, month)
            start = self._start(index)
            record = self.records.get(index)
            if record is not None:
                origin = record.source or "recorded"
            elif index in self._adjusted:
                origin = f"{self.base.label}, moved to fit the recorded starts nearby"
            elif self.default_offset:
                origin = f"{self.base.label} {self.default_offset:+d} day(s)"
            else:
                origin = self.base.label
            result.append(
                MonthInfo(
                    year, month, datetime.date.fromordinal(start),
                    self._start(index + 1) - start, record is not None, origin,
                )
            )
        return result
