"""Reading dual-date lines as Gulf newspapers print them.

``parse_dual_date("Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H")``
returns both dates and how far the printed Hijri day lies behind Umm al-Qura.

The parser is a small scanner over a normalised copy of the line: at each
position it accepts a *date part* (day-month-year, month-day-year, or numeric)
or *filler* (separators, weekday names, "corresponding to"); anything else
means "not a date line" and it returns ``None`` at once.  That keeps it cheap
enough for the wire parser to call on every candidate line, and strict enough
that a sentence mentioning "May 2025" is never mistaken for a date bar.
"""

from __future__ import annotations

import datetime
import re

from .base import UMM_AL_QURA, OutOfRange, month_index
from .names import (
    _GREGORIAN_LOOKUP,
    _HIJRI_LOOKUP,
    GREGORIAN_SPELLINGS,
    MONTH_SPELLINGS,
    WEEKDAY_SPELLINGS,
    _fold,
    normalise,
)
from .types import DualDate, HijriDate

__all__ = ["parse_dual_date", "read_date_part"]

_MAX_LINE = 200


def _alternation(spellings) -> str:
    """One regex alternative per spelling, longest first; words may be joined
    by spaces, hyphens or nothing ("Dhul-Hijjah", "Dhul Hijjah", "Dhulhijjah")."""
    patterns = set()
    for spelling in spellings:
        words = re.split(r"[\s\-]+", normalise(spelling).strip())
        patterns.add(r"[\s\-]*".join(re.escape(w) for w in words if w))
    return "|".join(sorted(patterns, key=len, reverse=True))


_HIJRI_MONTH = _alternation(s for names in MONTH_SPELLINGS.values() for s in names)
_GREG_MONTH = _alternation(s for names in GREGORIAN_SPELLINGS.values() for s in names)
_MONTH = rf"(?:(?P<hm>{_HIJRI_MONTH})|(?P<gm>{_GREG_MONTH}))(?!\w)"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<y>\d{3,4})(?!\d)"
# Era markers: Hijri ("H", "AH", "A.H.", "هـ", "هجري", "Hijri") or Gregorian
# ("AD", "CE", "م" for miladi).  Normalised text has "ه" for "هـ".
_ERA = (
    r"(?:\s*(?:(?P<eh>a\.?\s?h\.?|h\.?|ه|هجري(?:ه)?|hijri)"
    r"|(?P<eg>a\.?\s?d\.?|c\.?\s?e\.?|م|ميلادي(?:ه)?))(?!\w))?"
)
# Papers put commas, dots, slashes and dashes of every width between a date's
# parts ("16 JUMADA II — 1447", "7-December-2025").
_SEP = r"[\s\-‐‑–—./,،]*"

# "3rd of March", "15 من جمادى الآخرة"
_DMY = re.compile(rf"{_DAY}(?:\s*(?:of|من))?{_SEP}{_MONTH}{_SEP}{_YEAR}{_ERA}")
_MDY = re.compile(rf"{_MONTH}{_SEP}{_DAY}{_SEP}{_YEAR}{_ERA}")
# Year first: "2025-12-07", and Arabic pages' "2025/12/07" and "1447/06/15 هـ".
_ISO = re.compile(rf"(?P<y>\d{{4}})([-/.])(?P<m>\d{{1,2}})\2(?P<d>\d{{1,2}})(?!\d){_ERA}")
_NUMERIC_DMY = re.compile(rf"(?P<d>\d{{1,2}})([/.\-])(?P<m>\d{{1,2}})\2(?P<y>\d{{4}})(?!\d){_ERA}")

_WEEKDAY = _alternation(WEEKDAY_SPELLINGS)
_FILLER = re.compile(
    r"(?:[\s|,;:.\-–—/،؛()\[\]·•]+"
    rf"|(?:{_WEEKDAY})(?!\w)"
    r"|(?:corresponding|corresponds)\s+to(?!\w)|equivalent\s+to(?!\w)"
    r"|(?:ال)?موافق(?:\s*ل)?(?!\w)|و(?=\s)|يوم(?!\w)|the(?!\w)|of(?!\w))+"
)
_HAS_DIGIT = re.compile(r"\d")


def parse_dual_date(text: str) -> DualDate | None:
    """Both dates of a printed date line, or ``None`` if it is not one.

    Accepts a Gregorian part, a Hijri part, or both in either order; months
    by name (any spelling in :data:`~newsdesk.calendars.MONTH_SPELLINGS`,
    English or Arabic) with the day before or after, or numeric
    (``2025-12-07``, ``2025/12/07``, ``07/12/2025`` day first); Arabic-Indic digits; an era
    suffix or none; weekday names anywhere (never checked against the date,
    as pages get them wrong).  ``difference_days`` is set when both parts are
    present and the Gregorian day is inside the Umm al-Qura table.  Never
    raises on a ``str``.
    """
    if not isinstance(text, str) or len(text) > _MAX_LINE:
        return None
    line = normalise(text)
    if _HAS_DIGIT.search(line) is None:
        return None
    gregorian: datetime.date | None = None
    hijri: HijriDate | None = None
    pos, end = 0, len(line)
    while pos < end:
        filler = _FILLER.match(line, pos)
        if filler and filler.end() > pos:
            pos = filler.end()
            continue
        part = read_date_part(line, pos)
        if part is None:
            return None
        value, pos = part
        if isinstance(value, HijriDate):
            if hijri is not None:
                return None
            hijri = value
        else:
            if gregorian is not None:
                return None
            gregorian = value
    if gregorian is None and hijri is None:
        return None
    return DualDate(gregorian, hijri, _difference(gregorian, hijri))


def read_date_part(line: str, pos: int) -> tuple[datetime.date | HijriDate, int] | None:
    """The date part starting exactly at ``pos`` and where it ends, else ``None``.

    ``line`` must already be :func:`~newsdesk.calendars.names.normalise`'d.  Public so
    that other scanners of short lines (:mod:`newsdesk.wire.pubdates`) read dates
    with the same month spellings and checks instead of a second copy of them.
    Numeric dates are day first; ``None`` also when a date is matched but impossible.
    """
    if pos >= len(line):
        return None
    if line[pos].isdecimal():
        for pattern in (_ISO, _NUMERIC_DMY):
            match = pattern.match(line, pos)
            if match:
                value = _numeric(match)
                return (value, match.end()) if value is not None else None
        match = _DMY.match(line, pos)
    else:
        # Month first is the only form that starts with a letter: trying the
        # hundreds of month spellings only there keeps digit positions cheap.
        match = _MDY.match(line, pos)
    if match is None:
        return None
    value = _named(match)
    return (value, match.end()) if value is not None else None


def _named(match: re.Match) -> datetime.date | HijriDate | None:
    day, year = int(match["d"]), int(match["y"])
    if match["hm"] is not None:
        if match["eg"]:
            return None
        return _hijri(year, _HIJRI_LOOKUP[_fold(match["hm"])], day)
    if match["eh"]:
        return None
    return _gregorian(year, _GREGORIAN_LOOKUP[_fold(match["gm"])], day)


def _numeric(match: re.Match) -> datetime.date | HijriDate | None:
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    # A four-digit year tells the calendars apart: Hijri years now are 14xx,
    # Gregorian ones 19xx–20xx.
    if match["eh"] or (1300 <= year < 1600 and not match["eg"]):
        return _hijri(year, month, day)
    if match["eg"] or year >= 1800:
        return _gregorian(year, month, day)
    return None


def _gregorian(year: int, month: int, day: int) -> datetime.date | None:
    if year < 1000:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _hijri(year: int, month: int, day: int) -> HijriDate | None:
    if not (1 <= month <= 12 and 1 <= day <= 30 and 1 <= year <= 9999):
        return None
    return HijriDate(year, month, day)


def _difference(gregorian: datetime.date | None, hijri: HijriDate | None) -> int | None:
    """Days the printed Hijri date lies behind Umm al-Qura (+1: page says 15, table 16)."""
    if gregorian is None or hijri is None:
        return None
    try:
        printed = UMM_AL_QURA.start_ordinal(month_index(hijri.year, hijri.month)) + hijri.day - 1
        UMM_AL_QURA.to_hijri(gregorian)  # range check
    except OutOfRange:
        return None
    return gregorian.toordinal() - printed
