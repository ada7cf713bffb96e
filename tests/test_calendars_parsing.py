"""parse_dual_date on lines written by hand in the forms Gulf papers print.

Each expected pair is read off the line itself (the printed Gregorian and
Hijri dates), not from the code; ``difference_days`` is checked against
hijridate (an independent table) or against DESIGN.md's seed note.
"""

from __future__ import annotations

import datetime

import pytest
from hijridate import Gregorian, Hijri
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.calendars import (
    MONTH_SPELLINGS,
    DualDate,
    HijriDate,
    lookup_hijri_month,
    parse_dual_date,
)
from newsdesk.calendars.names import normalise
from newsdesk.calendars.parsing import read_date_part

D = datetime.date
H = HijriDate

LINES = [
    # (line, gregorian, hijri)
    ("Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H", D(2025, 12, 7), H(1447, 6, 15)),
    ("SUNDAY, DECEMBER 07, 2025 | JUMADA AL-AKHIRAH 15, 1447 H", D(2025, 12, 7), H(1447, 6, 15)),
    ("sunday, december 7, 2025 | jumada al-akhirah 15, 1447 h", D(2025, 12, 7), H(1447, 6, 15)),
    ("Jumada al-Thani 15, 1447 AH | Sunday, December 7, 2025", D(2025, 12, 7), H(1447, 6, 15)),
    ("Sunday 7 December 2025 - 15 Jumada II 1447", D(2025, 12, 7), H(1447, 6, 15)),
    ("7th December 2025, 15th Jumada Al Akhira 1447 A.H.", D(2025, 12, 7), H(1447, 6, 15)),
    ("الأحد 7 ديسمبر 2025 - 15 جمادى الآخرة 1447 هـ", D(2025, 12, 7), H(1447, 6, 15)),
    ("الأحد ٧ ديسمبر ٢٠٢٥م الموافق ١٥ جمادى الآخرة ١٤٤٧هـ", D(2025, 12, 7), H(1447, 6, 15)),
    ("١٥ جمادى الثانية ١٤٤٧ هـ | ٧ ديسمبر ٢٠٢٥ م", D(2025, 12, 7), H(1447, 6, 15)),
    ("Tuesday, May 13, 2025 | Dhul Qa'ada 15, 1446 H", D(2025, 5, 13), H(1446, 11, 15)),
    ("13 May 2025 – 15 Dhu al-Qadah 1446", D(2025, 5, 13), H(1446, 11, 15)),
    ("Dhul Qaada 15, 1446 AH, Tuesday, May 13, 2025", D(2025, 5, 13), H(1446, 11, 15)),
    ("Friday, June 6, 2025 | Dhul Hijja 10, 1446 H", D(2025, 6, 6), H(1446, 12, 10)),
    ("الجمعة 6 يونيو 2025 - 10 ذو الحجة 1446 هـ", D(2025, 6, 6), H(1446, 12, 10)),
    ("Saturday, March 1, 2025 | Ramadhan 1, 1446 H", D(2025, 3, 1), H(1446, 9, 1)),
    ("1 Ramazan 1446 AH / 1 March 2025", D(2025, 3, 1), H(1446, 9, 1)),
    ("Sunday, March 30, 2025 | Shawal 1, 1446 H", D(2025, 3, 30), H(1446, 10, 1)),
    ("Friday, June 27, 2025 | Muharram 1, 1447 H", D(2025, 6, 27), H(1447, 1, 1)),
    ("Monday, August 25, 2025 | Rabi' al-Awwal 1, 1447 H", D(2025, 8, 25), H(1447, 3, 1)),
    ("Wednesday, October 1, 2025 | Rabi al-Thani 9, 1447 AH", D(2025, 10, 1), H(1447, 4, 9)),
    ("Thursday, 20 November 2025 - 29 Jumada I 1447", D(2025, 11, 20), H(1447, 5, 29)),
    ("Shaban 10, 1446 H | Sunday, February 9, 2025", D(2025, 2, 9), H(1446, 8, 10)),
    ("Sha'ban 10, 1446 AH, February 9, 2025", D(2025, 2, 9), H(1446, 8, 10)),
    ("Rajab 1, 1447 H | Sunday, December 21, 2025", D(2025, 12, 21), H(1447, 7, 1)),
    ("Safar 12 1447 H - Wednesday August 6 2025", D(2025, 8, 6), H(1447, 2, 12)),
    ("2025-12-07 | 1447-06-15 H", D(2025, 12, 7), H(1447, 6, 15)),
    ("07/12/2025 - 15/06/1447", D(2025, 12, 7), H(1447, 6, 15)),
    ("Mon, Dec 8, 2025 | Jumada II 16, 1447", D(2025, 12, 8), H(1447, 6, 16)),
    ("Sept 1, 2025 | Rabi I 8, 1447 H", D(2025, 9, 1), H(1447, 3, 8)),
    ("الاثنين ٨ ديسمبر ٢٠٢٥ | ١٦ جمادى الآخرة ١٤٤٧ هـ", D(2025, 12, 8), H(1447, 6, 16)),
    # weekday that contradicts the date: still parsed, weekday ignored
    ("Monday, December 07, 2025 | Jumada al-akhirah 15, 1447 H", D(2025, 12, 7), H(1447, 6, 15)),
]


@pytest.mark.parametrize(("line", "gregorian", "hijri"), LINES)
def test_hand_written_lines(line, gregorian, hijri):
    found = parse_dual_date(line)
    assert found is not None, line
    assert (found.gregorian, found.hijri) == (gregorian, hijri)


def test_there_are_at_least_25_lines_with_arabic_among_them():
    assert len(LINES) >= 25
    assert sum(1 for line, *_ in LINES if "هـ" in line or "ديسمبر" in line) >= 4


def test_seed_line_exactly():
    assert parse_dual_date("Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H") == DualDate(
        D(2025, 12, 7), H(1447, 6, 15), difference_days=1
    )


@pytest.mark.parametrize(("line", "gregorian", "hijri"), LINES)
def test_difference_matches_hijridate(line, gregorian, hijri):
    # How many days the printed Hijri date is behind hijridate's Umm al-Qura.
    umm_al_qura = Gregorian(gregorian.year, gregorian.month, gregorian.day).to_hijri()
    uq_start = Hijri(umm_al_qura.year, umm_al_qura.month, 1).to_gregorian()
    printed_start = Hijri(hijri.year, hijri.month, 1).to_gregorian()
    expected = (uq_start - printed_start).days + umm_al_qura.day - hijri.day
    assert parse_dual_date(line).difference_days == expected


def test_single_parts():
    assert parse_dual_date("Sunday, December 07, 2025") == DualDate(D(2025, 12, 7), None, None)
    assert parse_dual_date("Jumada al-akhirah 15, 1447 H") == DualDate(None, H(1447, 6, 15), None)
    assert parse_dual_date("15 جمادى الآخرة 1447 هـ") == DualDate(None, H(1447, 6, 15), None)


# --- date bars in every order ------------------------------------------------
# Two days, each printed in many orders: weekday or not, day before or after
# the month, Hijri before or after the Gregorian date, era suffix or none,
# "|", ",", "-" or "—" between, Arabic-Indic digits, Arabic month names.
# 3 Ramadan 1446 is Monday 2025-03-03 in Umm al-Qura (difference 0); the
# Omani bar prints 15 Jumada II 1447 on Sunday 2025-12-07, where Umm al-Qura
# says the 16th (difference 1, DESIGN.md's seed note).
RAMADAN = (D(2025, 3, 3), H(1446, 9, 3), 0)
JUMADA = (D(2025, 12, 7), H(1447, 6, 15), 1)
BAR_ORDERS = [
    # Hijri first
    ("Monday, 3 Ramadan 1446 AH | 3 March 2025", RAMADAN),
    ("الاثنين ٣ رمضان ١٤٤٦ هـ — ٣ مارس ٢٠٢٥", RAMADAN),
    ("Ramadan 3, 1446 AH — March 3, 2025", RAMADAN),
    ("3 Ramadan 1446 H, Monday 3 March 2025", RAMADAN),
    ("3 Ramadan, 1446 AH | 3 March, 2025", RAMADAN),
    ("3 رمضان 1446ه - 3 مارس 2025", RAMADAN),
    ("Sunday, 15 Jumada II 1447 H - December 07, 2025", JUMADA),
    ("Jumada al-akhirah 15, 1447 A.H. — Sunday 7 December 2025", JUMADA),
    ("١٥ جمادى الآخرة ١٤٤٧ ه | الأحد ٧ ديسمبر ٢٠٢٥", JUMADA),
    ("15 Jumada al-akhirah 1447 H | December 7, 2025", JUMADA),
    # Gregorian first
    ("3 March 2025 - 3 Ramadan 1446", RAMADAN),
    ("March 3, 2025, Ramadan 3, 1446", RAMADAN),
    ("Monday | 3 March 2025 | 3 Ramadan 1446 H", RAMADAN),
    ("Mon 3 Mar 2025 | 3 Ramadan 1446AH", RAMADAN),
    ("الاثنين، 3 مارس 2025 م، 3 رمضان 1446 ه", RAMADAN),
    ("الاثنين ٣ آذار ٢٠٢٥ — ٣ رمضان ١٤٤٦ هـ", RAMADAN),  # Levantine month
    ("Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H", JUMADA),
    ("07 December 2025, 15 Jumada II 1447", JUMADA),
    ("Sunday 7th December 2025 — 15th Jumada al-Akhirah 1447 AH", JUMADA),
    ("December 7, 2025 | 15 Jumada al-akhirah 1447 H", JUMADA),
    ("SUN 07 DEC 2025 | 15 JUMADA II 1447 AH", JUMADA),
    ("الأحد ٧ كانون الأول ٢٠٢٥ | ١٥ جمادى الآخرة ١٤٤٧ هـ", JUMADA),  # Levantine month
    # numeric year first with slashes, as Arabic pages print it
    ("الأحد 2025/12/07 | 1447/06/15 هـ", JUMADA),
    ("١٤٤٦/٠٩/٠٣ هـ - ٢٠٢٥/٠٣/٠٣ م", RAMADAN),
    # "يوم" before the weekday, "من" between day and month
    ("يوم الأحد ٧ ديسمبر ٢٠٢٥ - ١٥ جمادى الآخرة ١٤٤٧ هـ", JUMADA),
    ("الأحد 15 من جمادى الآخرة 1447 هـ الموافق 7 ديسمبر 2025", JUMADA),
]


@pytest.mark.parametrize(("line", "expected"), BAR_ORDERS)
def test_date_bars_in_every_order(line, expected):
    gregorian, hijri, difference = expected
    assert parse_dual_date(line) == DualDate(gregorian, hijri, difference)


@pytest.mark.parametrize(
    "line",
    [
        "2025/12-07",  # two different separators
        "1447/13/15 هـ",  # no 13th month
        "3 March 2025 | 3 Ramadan",  # Hijri part without its year
        "15 من جمادى الآخرة",
    ],
)
def test_not_date_bars_in_the_new_forms(line):
    assert parse_dual_date(line) is None


def test_read_date_part_reads_one_part_where_it_starts():
    line = normalise("Published: 3 March 2025 | 10:05")
    start = line.index("3")
    assert read_date_part(line, start) == (D(2025, 3, 3), line.index(" |"))
    assert read_date_part(line, 0) is None
    assert read_date_part(line, line.index("10:05")) is None
    assert read_date_part(line, len(line)) is None


@pytest.mark.parametrize(
    "line",
    [
        "",
        "broken clouds",
        "19°C / 19°C",
        "OMAN",
        "May 2025",
        "WASHINGTON: Russia and the US met on December 7, 2025 in Miami.",
        "December 32, 2025",
        "February 30, 2025",
        "Jumada al-akhirah 31, 1447 H",
        "Jumada 15 1447 H",  # which Jumada?
        "December 7, 2025 | December 8, 2025",  # two Gregorian parts
        "15 Rajab 1447 | 16 Rajab 1447",
        "December 7, 2025 AH",  # Gregorian month with a Hijri era
        "— AFP",
        "SHARE ARTICLE",
        "12/13/2025",  # month first: not a day-first date
        "x" * 500,
    ],
)
def test_not_date_lines(line):
    assert parse_dual_date(line) is None


def test_out_of_umm_al_qura_range_has_no_difference():
    found = parse_dual_date("1 January 2100 | 1 Muharram 1500")
    assert found.gregorian == D(2100, 1, 1)
    assert found.hijri == H(1500, 1, 1)
    assert found.difference_days is None


@pytest.mark.parametrize(
    ("spelling", "month"),
    [
        ("Dhul Qa'ada", 11), ("Dhu al-Qadah", 11), ("Dhul Qaada", 11), ("Dhu'l-Qi'dah", 11),
        ("Thul-Qi'dah", 11), ("Jumada II", 6), ("Jumada al-Thani", 6), ("Jumada I", 5),
        ("Rabi' al-Awwal", 3), ("Rabi II", 4), ("Rabiul Akhir", 4), ("Shaban", 8), ("Shawal", 10),
        ("Zil-Haj", 12), ("Ramazan", 9), ("Moharram", 1), ("Safer", 2), ("ذو القعدة", 11),
        ("ربيع الثاني", 4), ("جمادى الأولى", 5), ("not a month", None),
    ],
)
def test_month_lookup(spelling, month):
    assert lookup_hijri_month(spelling) == month


def test_every_listed_spelling_looks_up_to_its_month():
    for month, spellings in MONTH_SPELLINGS.items():
        for spelling in spellings:
            assert lookup_hijri_month(spelling) == month, spelling


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=150))
def test_never_raises_on_arbitrary_text(text):
    result = parse_dual_date(text)
    assert result is None or isinstance(result, DualDate)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["December", "07", ",", "2025", "|", "Jumada", "II", "1447",
                                 "H", "هـ", "-", "/", "Sunday", "٧", "30", "99999", " "]),
                max_size=12))
def test_never_raises_on_date_like_fragments(parts):
    result = parse_dual_date(" ".join(parts))
    assert result is None or isinstance(result, DualDate)
