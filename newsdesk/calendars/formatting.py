"""Printing dates in the seed page's form, in English or Arabic.

Format codes follow Django's ``date`` filter where they overlap, so site
developers can guess them; a backslash prints the next character as is.
The Gregorian part is formatted here too, not by Django, so the date bar
reads exactly as the newspaper prints it whatever the active language is.

Hijri codes: ``d`` day 01–30, ``j`` day 1–30, ``m`` month 01–12, ``n`` month
1–12, ``F`` month name, ``Y`` year, ``y`` two-digit year, ``E`` era ("H", or
"هـ" in Arabic).  Gregorian codes: ``d j m n F Y y`` as above, ``M`` short
month name ("Dec"), ``l`` weekday ("Sunday"), ``D`` short weekday ("Sun").
With ``lang="ar"`` names are Arabic, and digits are Western (``"7"``) or,
with ``digits="arabic-indic"``, Arabic-Indic (``"٧"``).  English output
always has Western digits, as English-language papers print them.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from .names import (
    ERA_AR,
    ERA_EN,
    GREGORIAN_MONTHS_AR,
    GREGORIAN_MONTHS_EN,
    WEEKDAYS_AR,
    WEEKDAYS_EN,
    arabic_digits,
    hijri_month_name,
)
from .types import HijriDate

DEFAULT_HIJRI_FORMAT = "F j, Y E"
DEFAULT_GREGORIAN_FORMAT = "l, F d, Y"
DEFAULT_SEPARATOR = " | "
ARABIC_HIJRI_FORMAT = "j F Y E"
ARABIC_GREGORIAN_FORMAT = "l j F Y"

#: The digit styles for Arabic output (``DATE_DIGITS``, ``digits=``).
WESTERN_DIGITS = "western"
ARABIC_INDIC_DIGITS = "arabic-indic"
DIGIT_STYLES: tuple[str, ...] = (WESTERN_DIGITS, ARABIC_INDIC_DIGITS)

HIJRI_CODES = frozenset("djmnFYyE")
GREGORIAN_CODES = frozenset("djmnFMYylD")


def _render(fmt: str, values: dict[str, str]) -> str:
    out: list[str] = []
    escaped = False
    for char in fmt:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            out.append(values.get(char, char))
    return "".join(out)


def _arabic_indic(lang: str, digits: str) -> bool:
    """Whether numbers print in Arabic-Indic digits: Arabic output that asks for them."""
    if digits not in DIGIT_STYLES:
        raise ValueError(f"digits must be 'western' or 'arabic-indic', not {digits!r}")
    return lang == "ar" and digits == ARABIC_INDIC_DIGITS


def _number(value: int, width: int, arabic_indic: bool) -> str:
    text = f"{value:0{width}d}"
    return arabic_digits(text) if arabic_indic else text


def format_hijri(
    hd: HijriDate,
    fmt: str = DEFAULT_HIJRI_FORMAT,
    *,
    month_names: Sequence[str] | None = None,
    lang: str = "en",
    era: str | None = None,
    digits: str = WESTERN_DIGITS,
) -> str:
    """``format_hijri(HijriDate(1447, 6, 15))`` → ``"Jumada al-akhirah 15, 1447 H"``.

    ``month_names`` (12 names) replaces the English table; Arabic output
    always uses the Arabic names.  ``era`` replaces the text of ``E``.
    ``digits="arabic-indic"`` prints Arabic output's numbers as ``١٥``; it
    does not change English output.  Another ``digits`` is a ``ValueError``.
    """
    indic = _arabic_indic(lang, digits)
    values = {
        "d": _number(hd.day, 2, indic),
        "j": _number(hd.day, 1, indic),
        "m": _number(hd.month, 2, indic),
        "n": _number(hd.month, 1, indic),
        "F": hijri_month_name(hd.month, lang=lang, month_names=month_names),
        "Y": _number(hd.year, 1, indic),
        "y": _number(hd.year % 100, 2, indic),
        "E": era if era is not None else (ERA_AR if lang == "ar" else ERA_EN),
    }
    return _render(fmt, values)


def format_gregorian(
    value: datetime.date,
    fmt: str = DEFAULT_GREGORIAN_FORMAT,
    *,
    lang: str = "en",
    digits: str = WESTERN_DIGITS,
) -> str:
    """English (or Arabic, Gulf month names) Gregorian date, independent of
    Django's locale formats; ``digits`` as for :func:`format_hijri`."""
    arabic = lang == "ar"
    indic = _arabic_indic(lang, digits)
    month = (GREGORIAN_MONTHS_AR if arabic else GREGORIAN_MONTHS_EN)[value.month - 1]
    weekday = (WEEKDAYS_AR if arabic else WEEKDAYS_EN)[value.weekday()]
    values = {
        "d": _number(value.day, 2, indic),
        "j": _number(value.day, 1, indic),
        "m": _number(value.month, 2, indic),
        "n": _number(value.month, 1, indic),
        "F": month,
        "M": month if arabic else month[:3],
        "Y": _number(value.year, 1, indic),
        "y": _number(value.year % 100, 2, indic),
        "l": weekday,
        "D": weekday if arabic else weekday[:3],
    }
    return _render(fmt, values)


def format_dual(
    value: datetime.date,
    hd: HijriDate | None,
    gregorian_format: str | None = None,
    hijri_format: str | None = None,
    *,
    separator: str = DEFAULT_SEPARATOR,
    month_names: Sequence[str] | None = None,
    lang: str = "en",
    era: str | None = None,
    digits: str = WESTERN_DIGITS,
) -> str:
    """The date bar: ``"Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H"``.

    With ``hd=None`` (date outside the calendar) only the Gregorian part is
    printed.  Formats default to the seed's, or to the Arabic ones
    (:data:`ARABIC_GREGORIAN_FORMAT`, :data:`ARABIC_HIJRI_FORMAT`) for
    ``lang="ar"``: ``"الأحد 7 ديسمبر 2025 | 15 جمادى الآخرة 1447 هـ"``, or with
    ``digits="arabic-indic"`` ``"الأحد ٧ ديسمبر ٢٠٢٥ | ١٥ جمادى الآخرة ١٤٤٧ هـ"``.
    """
    arabic = lang == "ar"
    if gregorian_format is None:
        gregorian_format = ARABIC_GREGORIAN_FORMAT if arabic else DEFAULT_GREGORIAN_FORMAT
    if hijri_format is None:
        hijri_format = ARABIC_HIJRI_FORMAT if arabic else DEFAULT_HIJRI_FORMAT
    gregorian = format_gregorian(value, gregorian_format, lang=lang, digits=digits)
    if hd is None:
        return gregorian
    hijri = format_hijri(hd, hijri_format, month_names=month_names, lang=lang, era=era, digits=digits)
    return f"{gregorian}{separator}{hijri}"
