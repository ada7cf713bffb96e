"""Formatting: expected strings written by hand from the seed page and DESIGN.md."""

from __future__ import annotations

import datetime

import pytest

from newsdesk.calendars import (
    HIJRI_MONTHS_EN,
    HijriDate,
    arabic_digits,
    format_dual,
    format_gregorian,
    format_hijri,
)

SEED_DAY = datetime.date(2025, 12, 7)
SEED_HIJRI = HijriDate(1447, 6, 15)


def test_seed_line():
    assert format_dual(SEED_DAY, SEED_HIJRI) == "Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H"


def test_default_month_table_is_the_seed_spelling():
    assert HIJRI_MONTHS_EN == (
        "Muharram", "Safar", "Rabi al-awwal", "Rabi al-thani", "Jumada al-ula",
        "Jumada al-akhirah", "Rajab", "Shaaban", "Ramadan", "Shawwal",
        "Dhu al-qadah", "Dhu al-hijjah",
    )


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("F j, Y E", "Jumada al-akhirah 15, 1447 H"),
        ("j F Y", "15 Jumada al-akhirah 1447"),
        ("d/m/Y", "15/06/1447"),
        ("n-j-y", "6-15-47"),
        (r"F j, Y \A\H", "Jumada al-akhirah 15, 1447 AH"),
        (r"\d\a\y j", "day 15"),
    ],
)
def test_hijri_codes(fmt, expected):
    assert format_hijri(SEED_HIJRI, fmt) == expected


def test_hijri_single_digit_day():
    assert format_hijri(HijriDate(1447, 7, 3), "d j") == "03 3"


def test_arabic_hijri():
    assert format_hijri(SEED_HIJRI, "j F Y E", lang="ar") == "١٥ جمادى الآخرة ١٤٤٧ هـ"


def test_arabic_dual_line():
    assert format_dual(SEED_DAY, SEED_HIJRI, lang="ar") == "الأحد ٧ ديسمبر ٢٠٢٥ | ١٥ جمادى الآخرة ١٤٤٧ هـ"


def test_site_month_table_and_era():
    names = [f"M{i}" for i in range(1, 13)]
    assert format_hijri(SEED_HIJRI, month_names=names, era="AH") == "M6 15, 1447 AH"


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("l, F d, Y", "Sunday, December 07, 2025"),
        ("D j M y", "Sun 7 Dec 25"),
        ("d/m/Y", "07/12/2025"),
    ],
)
def test_gregorian_codes(fmt, expected):
    assert format_gregorian(SEED_DAY, fmt) == expected


def test_gregorian_only_when_no_hijri():
    assert format_dual(SEED_DAY, None) == "Sunday, December 07, 2025"


def test_custom_parts_and_separator():
    assert (
        format_dual(SEED_DAY, SEED_HIJRI, "j F Y", "j F Y E", separator=" - ")
        == "7 December 2025 - 15 Jumada al-akhirah 1447 H"
    )


def test_arabic_digits():
    assert arabic_digits("2025-12-07") == "٢٠٢٥-١٢-٠٧"
