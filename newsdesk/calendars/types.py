"""Value types shared by the calendar modules (no Django imports)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class HijriDate:
    """A day in a Hijri calendar: ``HijriDate(1447, 6, 15)`` is 15 Jumada II 1447."""

    year: int
    month: int
    day: int

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_dict(self) -> dict[str, int]:
        return {"year": self.year, "month": self.month, "day": self.day}


@dataclass(frozen=True)
class MonthStart:
    """An official month start: Hijri ``year``/``month`` began on ``starts_on``."""

    year: int
    month: int
    starts_on: datetime.date
    #: Where the start came from, in words ("editor: Oman Moon Sighting
    #: Committee"); shown by ``hijri_calendar``, never used in arithmetic.
    source: str = ""


@dataclass(frozen=True)
class DualDate:
    """What a printed dual-date line says, as parsed.

    ``difference_days`` is how many days the printed Hijri date lies *behind*
    Umm al-Qura for the printed Gregorian day (+1: the page says the 15th
    where Umm al-Qura says the 16th); ``None`` when either part is missing
    or out of range.
    """

    gregorian: datetime.date | None
    hijri: HijriDate | None
    difference_days: int | None = None


@dataclass(frozen=True)
class MonthInfo:
    """One month of an official calendar as the site will use it.

    ``recorded`` is True when ``starts_on`` comes from a recorded start;
    ``origin`` says in words where the start came from (the record's
    ``source`` for recorded months, else how it was calculated).
    """

    year: int
    month: int
    starts_on: datetime.date
    length: int
    recorded: bool
    origin: str = ""
