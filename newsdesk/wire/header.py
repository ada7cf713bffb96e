"""The page header above a scraped story: the dual date bar and the weather widget.

Both sit above the headline on Gulf newspaper pages and are never story
text.  The date bar is read by the calendars' parser (the one place that
knows Hijri month spellings); this module only decides which lines to ask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.calendars import parse_dual_date
from newsdesk.calendars.types import DualDate

from .story import WeatherReading

# A date bar holds a year: two digits in a row, Western or Arabic-Indic.
_HAS_NUMBER_RE = re.compile("[0-9\u0660-\u0669\u06f0-\u06f9]{2}")
_TEMPERATURE = r"(-?\d{1,3}(?:[.,]\d+)?)\s*(?:°\s*([CF])?|(℃)|(℉))"
_TEMPERATURES_RE = re.compile(
    rf"^{_TEMPERATURE}(?:\s*(?:/|\||-|–|—|to|~)\s*{_TEMPERATURE})?$", re.IGNORECASE
)
# An issue number printed in the date bar ("العدد 13581 الأربعاء 14 يناير 2026",
# "Issue No. 4123 | Sunday, December 07, 2025"): it makes the line a date bar
# (the day of the paper), never a story's publication date.
_ISSUE_NUMBER_RE = re.compile(
    r"(?:العدد|عدد|issue(?:\s+no\.?)?|no\.|vol\.?\s*[0-9\u0660-\u0669]+\s*[,|-]?\s*no\.?)"
    r"\s*[:.]?\s*[0-9\u0660-\u0669\u06f0-\u06f9]+",
    re.IGNORECASE,
)
_WEATHER_LABELS = frozenset({"weather", "الطقس", "طقس", "weather today", "today"})


def parse_date_bar(line: str) -> DualDate | None:
    """The page's dual date bar ("Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H").

    Every order papers print one is read: "SUNDAY 7 DECEMBER 2025, 16 JUMADA
    II — 1447", Hijri first, Arabic month names, an issue number before the
    dates ("العدد 13581 الأربعاء 14 يناير 2026"). Only short lines with a number are offered to the calendars' parser;
    a result without a Gregorian or Hijri part is not a date bar.
    """
    if len(line) > 120 or _HAS_NUMBER_RE.search(line) is None:
        return None
    found = parse_dual_date(without_issue_number(line))
    if found is None or (found.gregorian is None and found.hijri is None):
        return None
    return found


def without_issue_number(line: str) -> str:
    """The line with a printed issue number ("العدد 13581", "Issue No. 4123") taken out."""
    return _ISSUE_NUMBER_RE.sub(" ", line)


def has_issue_number(line: str) -> bool:
    """Whether the line prints the paper's issue number: a date bar, not a story's date."""
    return _ISSUE_NUMBER_RE.search(line) is not None


@dataclass(frozen=True)
class Temperatures:
    low: float | None
    high: float | None
    unit: str


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def parse_temperatures(line: str) -> Temperatures | None:
    """"19°C / 19°C", "66 °F - 75 °F", "31℃": low/high and unit, else ``None``.

    Widgets print the two readings in either order; the smaller is the low.
    A single reading is both.  Without a unit letter the reading is Celsius.
    """
    if len(line) > 40 or "°" not in line and "℃" not in line and "℉" not in line:
        return None
    match = _TEMPERATURES_RE.match(line)
    if match is None:
        return None
    first_value, first_unit, first_c, first_f, second_value, second_unit, second_c, second_f = (
        match.groups()
    )
    units = "".join(u or "" for u in (first_unit, second_unit)).upper()
    unit = "F" if "F" in units or first_f or second_f else "C"
    first = _number(first_value)
    second = _number(second_value) if second_value is not None else first
    return Temperatures(low=min(first, second), high=max(first, second), unit=unit)


def is_weather_label(line: str) -> bool:
    return line.casefold().strip(" :") in _WEATHER_LABELS


def weather_from_lines(words: list[str], temperatures: Temperatures) -> WeatherReading:
    """Build the reading from the widget's text lines (labels already removed).

    The location is the line in capitals ("OMAN"); failing that, widgets
    print the description first and the place second.
    """
    location = description = ""
    if len(words) == 1:
        if words[0].isupper():
            location = words[0]
        else:
            description = words[0]
    elif len(words) >= 2:
        first, second = words[-2], words[-1]
        if first.isupper() and not second.isupper():
            location, description = first, second
        else:
            description, location = first, second
    return WeatherReading(
        location=location,
        description=description,
        low=temperatures.low,
        high=temperatures.high,
        unit=temperatures.unit,
    )
