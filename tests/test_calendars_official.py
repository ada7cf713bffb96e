"""Official month starts over Umm al-Qura.

Umm al-Qura facts used below, from hijridate's table (checked with
``Hijri(y, m, 1).to_gregorian()`` / ``.month_length()``):
Jumada I 1447 starts 2025-10-23 (30 days), Jumada II 2025-11-22 (29 days),
Rajab 2025-12-21 (30 days), Shaaban 2026-01-20.
"""

from __future__ import annotations

import datetime

import pytest
from hijridate import Hijri

from newsdesk.calendars import HijriDate, InvalidMonthStarts, MonthStart, OfficialCalendar

D = datetime.date
H = HijriDate
SEED_RECORD = MonthStart(1447, 6, D(2025, 11, 23), source="editor")


def test_umm_al_qura_facts_this_file_relies_on():
    assert Hijri(1447, 5, 1).to_gregorian().isoformat() == "2025-10-23"
    assert Hijri(1447, 5, 1).month_length() == 30
    assert Hijri(1447, 6, 1).to_gregorian().isoformat() == "2025-11-22"
    assert Hijri(1447, 6, 1).month_length() == 29
    assert Hijri(1447, 7, 1).to_gregorian().isoformat() == "2025-12-21"
    assert Hijri(1447, 7, 1).month_length() == 30
    assert Hijri(1447, 8, 1).to_gregorian().isoformat() == "2026-01-20"


def test_seed_day_with_one_record():
    calendar = OfficialCalendar([SEED_RECORD])
    assert calendar.to_hijri(D(2025, 12, 7)) == H(1447, 6, 15)
    assert calendar.to_gregorian(H(1447, 6, 15)) == D(2025, 12, 7)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Before the recorded start: the last day of Jumada I.  Umm al-Qura's
        # Jumada I (30 days from 10-23) would now last 31 days, so it moves a
        # day later (10-24) and 11-22 is its 30th day.
        (D(2025, 11, 22), H(1447, 5, 30)),
        (D(2025, 11, 23), H(1447, 6, 1)),  # on
        (D(2025, 11, 24), H(1447, 6, 2)),  # after
        # The recorded month runs for its Umm al-Qura length (29 days) since
        # Rajab has no record: 11-23 + 28 days = 12-21 is the 29th.
        (D(2025, 12, 21), H(1447, 6, 29)),
        (D(2025, 12, 22), H(1447, 7, 1)),
        # Rajab then rejoins Umm al-Qura at Shaaban (2026-01-20): 29 days.
        (D(2026, 1, 19), H(1447, 7, 29)),
        (D(2026, 1, 20), H(1447, 8, 1)),
        # Far from the record: plain Umm al-Qura.
        (D(2026, 3, 1), H(1447, 9, 12)),
    ],
)
def test_boundaries_around_a_recorded_start(day, expected):
    calendar = OfficialCalendar([SEED_RECORD])
    assert calendar.to_hijri(day) == expected
    assert calendar.to_gregorian(expected) == day


def test_consecutive_records_make_a_30_day_month():
    calendar = OfficialCalendar(
        [MonthStart(1447, 7, D(2025, 12, 22)), MonthStart(1447, 8, D(2026, 1, 21))]
    )
    assert calendar.month_length(1447, 7) == 30
    assert calendar.to_hijri(D(2026, 1, 20)) == H(1447, 7, 30)
    assert calendar.to_hijri(D(2026, 1, 21)) == H(1447, 8, 1)


def test_consecutive_records_make_a_29_day_month():
    calendar = OfficialCalendar(
        [MonthStart(1447, 7, D(2025, 12, 22)), MonthStart(1447, 8, D(2026, 1, 20))]
    )
    assert calendar.month_length(1447, 7) == 29
    assert calendar.to_hijri(D(2026, 1, 19)) == H(1447, 7, 29)
    assert calendar.to_hijri(D(2026, 1, 20)) == H(1447, 8, 1)
    with pytest.raises(ValueError):
        calendar.to_gregorian(H(1447, 7, 30))


@pytest.mark.parametrize("shaaban_start", [D(2026, 1, 19), D(2026, 1, 22)])
def test_impossible_month_lengths_are_rejected_naming_the_month(shaaban_start):
    # Rajab from 12-22 to 01-18 is 28 days; to 01-21 is 31.
    with pytest.raises(InvalidMonthStarts, match="Rajab 1447") as caught:
        OfficialCalendar([MonthStart(1447, 7, D(2025, 12, 22)), MonthStart(1447, 8, shaaban_start)])
    assert (caught.value.year, caught.value.month) == (1447, 7)


def test_unrecorded_month_squeezed_between_records_is_rejected():
    # Rajab recorded 12-22, Ramadan recorded 2026-02-17: Rajab + Shaaban = 57 days,
    # so one of them would have 28.
    with pytest.raises(InvalidMonthStarts, match="1447"):
        OfficialCalendar([MonthStart(1447, 7, D(2025, 12, 22)), MonthStart(1447, 9, D(2026, 2, 17))])


def test_a_typo_far_from_the_calculated_start_is_rejected():
    with pytest.raises(InvalidMonthStarts, match="Jumada al-akhirah 1447"):
        OfficialCalendar([MonthStart(1447, 6, D(2024, 11, 23))])


def test_the_same_month_recorded_twice_differently():
    with pytest.raises(InvalidMonthStarts, match="recorded twice"):
        OfficialCalendar([SEED_RECORD, MonthStart(1447, 6, D(2025, 11, 22))])


def test_month_thirteen():
    with pytest.raises(InvalidMonthStarts, match="1 to 12"):
        OfficialCalendar([MonthStart(1447, 13, D(2026, 6, 1))])


def test_omans_1447_starts_from_design_notes():
    # Oman started Muharram 1447 on 2025-06-27 and Rabi al-awwal on 2025-08-25.
    calendar = OfficialCalendar(
        [MonthStart(1447, 1, D(2025, 6, 27)), MonthStart(1447, 3, D(2025, 8, 25))]
    )
    assert calendar.to_hijri(D(2025, 6, 27)) == H(1447, 1, 1)
    assert calendar.to_hijri(D(2025, 6, 26)).month == 12  # still Dhu al-hijjah 1446
    assert calendar.to_hijri(D(2025, 8, 25)) == H(1447, 3, 1)
    assert calendar.month_length(1447, 1) + calendar.month_length(1447, 2) == 59


def test_default_offset_moves_unrecorded_months():
    calendar = OfficialCalendar(default_offset=1)
    assert calendar.to_hijri(D(2025, 12, 7)) == H(1447, 6, 15)
    assert calendar.month_start(1447, 6) == D(2025, 11, 23)


def test_months_table_says_where_starts_came_from():
    months = OfficialCalendar([SEED_RECORD]).months(1447)
    assert len(months) == 12
    jumada_ii = months[5]
    assert (jumada_ii.starts_on, jumada_ii.length, jumada_ii.recorded, jumada_ii.origin) == (
        D(2025, 11, 23), 29, True, "editor",
    )
    assert months[11].recorded is False
    assert months[11].origin == "Umm al-Qura"
    assert all(m.length in (29, 30) for m in months)


def test_lenient_keeps_the_starts_that_agree():
    good = MonthStart(1447, 7, D(2025, 12, 22))
    bad = MonthStart(1447, 8, D(2026, 1, 19))
    calendar, rejected = OfficialCalendar.lenient([bad, good])
    assert [start for start, _ in rejected] == [bad]
    assert calendar.month_start(1447, 7) == D(2025, 12, 22)
    assert "Rajab 1447" in rejected[0][1]


def test_records_work_on_the_tabular_base():
    calendar = OfficialCalendar([SEED_RECORD], base="tabular")
    assert calendar.to_hijri(D(2025, 12, 7)) == H(1447, 6, 15)
