"""Base calendars against independent sources: hijridate for Umm al-Qura,
published facts for the tabular calendar."""

from __future__ import annotations

import datetime

import pytest
from hijridate import Gregorian, Hijri, ummalqura

from newsdesk.calendars import HijriDate, OfficialCalendar, OutOfRange, to_gregorian, to_hijri

FIRST = datetime.date(*ummalqura.GREGORIAN_RANGE[0])
LAST = datetime.date(*ummalqura.GREGORIAN_RANGE[1])


def test_every_day_of_the_umm_al_qura_range_matches_hijridate_both_ways():
    calendar = OfficialCalendar()  # no records: plain Umm al-Qura
    mismatches = []
    day = FIRST
    one = datetime.timedelta(days=1)
    count = 0
    while day <= LAST:
        expected = Gregorian(day.year, day.month, day.day).to_hijri()
        expected_hd = HijriDate(expected.year, expected.month, expected.day)
        if to_hijri(day) != expected_hd or calendar.to_hijri(day) != expected_hd:
            mismatches.append(("to_hijri", day))
        back = expected.to_gregorian()
        back_date = datetime.date(back.year, back.month, back.day)
        if to_gregorian(expected_hd) != back_date or calendar.to_gregorian(expected_hd) != back_date:
            mismatches.append(("to_gregorian", expected_hd))
        day += one
        count += 1
    assert mismatches == []
    assert count == (LAST - FIRST).days + 1 > 55_000  # 1924-08-01 .. 2077-11-16


def test_month_lengths_match_hijridate():
    calendar = OfficialCalendar()
    for year in (1343, 1400, 1446, 1447, 1500):
        for month in range(1, 13):
            assert calendar.month_length(year, month) == Hijri(year, month, 1).month_length()


@pytest.mark.parametrize("day", [FIRST - datetime.timedelta(days=1), LAST + datetime.timedelta(days=1)])
def test_outside_the_table_is_out_of_range(day):
    with pytest.raises(OutOfRange):
        to_hijri(day)
    with pytest.raises(ValueError):  # OutOfRange is a ValueError
        OfficialCalendar().to_hijri(day)


def test_hijri_outside_the_table():
    with pytest.raises(OutOfRange):
        to_gregorian(HijriDate(1501, 1, 1))
    with pytest.raises(OutOfRange):
        to_gregorian(HijriDate(1342, 12, 1))


def test_day_beyond_month_length_is_rejected():
    # hijridate: Jumada II 1447 has 29 days
    assert Hijri(1447, 6, 1).month_length() == 29
    with pytest.raises(ValueError):
        to_gregorian(HijriDate(1447, 6, 30))


def test_seed_day_in_umm_al_qura_and_tabular():
    # DESIGN.md: both Umm al-Qura and the tabular calendar put 2025-12-07 on 16 Jumada II 1447.
    assert to_hijri(datetime.date(2025, 12, 7)) == HijriDate(1447, 6, 16)
    assert to_hijri(datetime.date(2025, 12, 7), calendar="tabular") == HijriDate(1447, 6, 16)


def test_tabular_epoch():
    # 1 Muharram 1 AH (civil epoch) = Friday 16 July 622 Julian = 19 July 622 proleptic Gregorian.
    assert to_gregorian(HijriDate(1, 1, 1), calendar="tabular") == datetime.date(622, 7, 19)
    assert to_hijri(datetime.date(622, 7, 19), calendar="tabular") == HijriDate(1, 1, 1)


def test_tabular_round_trip_and_month_lengths():
    calendar = OfficialCalendar(base="tabular")
    # Tabular months alternate 30/29; Dhu al-hijjah has 30 days in leap years
    # (year 2 of the 30-year cycle is leap, year 1 is not).
    assert [calendar.month_length(1, m) for m in range(1, 13)] == [30, 29] * 6
    assert calendar.month_length(2, 12) == 30
    day = datetime.date(1900, 1, 1)
    for _ in range(0, 80_000, 7):
        assert calendar.to_gregorian(calendar.to_hijri(day)) == day
        day += datetime.timedelta(days=7)


def test_unknown_calendar():
    with pytest.raises(ValueError, match="ummalqura"):
        to_hijri(datetime.date(2025, 1, 1), calendar="persian")
