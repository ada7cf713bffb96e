"""Gregorian ↔ Hijri calendars, official month starts, formatting and parsing.

Pure Python (no Django): the Django layer in :mod:`newsdesk.hijri` feeds it
the site's recorded month starts and settings.
"""

from __future__ import annotations

from .base import OutOfRange, to_gregorian, to_hijri
from .formatting import format_dual, format_gregorian, format_hijri
from .names import (
    HIJRI_MONTHS_AR,
    HIJRI_MONTHS_EN,
    MONTH_SPELLINGS,
    arabic_digits,
    lookup_gregorian_month,
    lookup_hijri_month,
)
from .official import InvalidMonthStarts, OfficialCalendar
from .parsing import parse_dual_date
from .types import DualDate, HijriDate, MonthInfo, MonthStart

__all__ = [
    "DualDate",
    "HIJRI_MONTHS_AR",
    "HIJRI_MONTHS_EN",
    "HijriDate",
    "InvalidMonthStarts",
    "MonthInfo",
    "OfficialCalendar",
    "MONTH_SPELLINGS",
    "MonthStart",
    "OutOfRange",
    "arabic_digits",
    "format_dual",
    "format_gregorian",
    "format_hijri",
    "lookup_gregorian_month",
    "lookup_hijri_month",
    "parse_dual_date",
    "to_gregorian",
    "to_hijri",
]
