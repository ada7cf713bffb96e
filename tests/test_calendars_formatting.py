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
    assert format_hijri(SEED_HIJRI, "j F Y E", lang="ar") == "15 جمادى الآخرة 1447 هـ"
    assert format_hijri(SEED_HIJRI, "j F Y E", lang="ar", digits="arabic-indic") == "١٥ جمادى الآخرة ١٤٤٧ هـ"


def test_arabic_dual_line_western_digits_by_default():
    # 2025-12-07 was a Sunday (الأحد); 15 Jumada II 1447 by the seed page's calendar.
    assert format_dual(SEED_DAY, SEED_HIJRI, lang="ar") == "الأحد 7 ديسمبر 2025 | 15 جمادى الآخرة 1447 هـ"
    assert (
        format_dual(SEED_DAY, SEED_HIJRI, lang="ar", digits="western")
        == "الأحد 7 ديسمبر 2025 | 15 جمادى الآخرة 1447 هـ"
    )


def test_arabic_dual_line_arabic_indic_digits():
    assert (
        format_dual(SEED_DAY, SEED_HIJRI, lang="ar", digits="arabic-indic")
        == "الأحد ٧ ديسمبر ٢٠٢٥ | ١٥ جمادى الآخرة ١٤٤٧ هـ"
    )


def test_arabic_indic_digits_in_every_numeric_code():
    assert (
        format_gregorian(SEED_DAY, "d/m/Y n y j", lang="ar", digits="arabic-indic")
        == "٠٧/١٢/٢٠٢٥ ١٢ ٢٥ ٧"
    )
    assert format_hijri(SEED_HIJRI, "d/m/Y n y", lang="ar", digits="arabic-indic") == "١٥/٠٦/١٤٤٧ ٦ ٤٧"


def test_english_output_keeps_western_digits():
    # English-language papers print 07 and 1447, whatever the digit style.
    assert (
        format_dual(SEED_DAY, SEED_HIJRI, digits="arabic-indic")
        == "Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H"
    )


@pytest.mark.parametrize("digits", ["eastern", "arabic_indic", "", None])
def test_unknown_digit_style_is_an_error(digits):
    with pytest.raises(ValueError, match="digits"):
        format_hijri(SEED_HIJRI, lang="ar", digits=digits)
    with pytest.raises(ValueError, match="digits"):
        format_gregorian(SEED_DAY, lang="en", digits=digits)


def test_gulf_gregorian_month_names():
    # One Arabic date per month, the names as Gulf papers print them.
    names = [format_gregorian(datetime.date(2025, month, 1), "F", lang="ar") for month in range(1, 13)]
    assert names == [
        "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
        "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
    ]


@pytest.mark.parametrize(
    ("day", "weekday"),
    [
        # 2025-12-01 was a Monday; the week runs to Sunday the 7th.
        (1, "الاثنين"), (2, "الثلاثاء"), (3, "الأربعاء"), (4, "الخميس"),
        (5, "الجمعة"), (6, "السبت"), (7, "الأحد"),
    ],
)
def test_arabic_weekdays(day, weekday):
    assert format_gregorian(datetime.date(2025, 12, day), "l", lang="ar") == weekday


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
