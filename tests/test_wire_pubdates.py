"""match_date_line on publication-date lines written by hand in the forms Gulf papers print.

Every expected value is read off the line itself (the printed day, month,
year and time), never from the code; weekdays printed in the lines are the
true weekdays of those dates unless a test says otherwise.
"""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.wire.pubdates import DateLine, match_date_line

D = datetime.date
T = datetime.datetime


# --- the forms the brief names ------------------------------------------------

LINES = [
    # (line, value, kind, label as printed)
    ("October 12, 2025 | 10:05 AM", T(2025, 10, 12, 10, 5), "plain", ""),
    ("Published: February 27, 2025", D(2025, 2, 27), "published", "Published:"),
    ("Published: March 05, 2025 15:42", T(2025, 3, 5, 15, 42), "published", "Published:"),
    ("Updated: 16 Nov 2025, 09:30 AM", T(2025, 11, 16, 9, 30), "updated", "Updated:"),
    ("Updated 30 May 2024", D(2024, 5, 30), "updated", "Updated"),
    ("PUBLISHED: Sat 28 Feb 2026", D(2026, 2, 28), "published", "PUBLISHED:"),
    ("UPDATED: Tue 14 Oct 2025 | 3:05 pm", T(2025, 10, 14, 15, 5), "updated", "UPDATED:"),
    ("Oct. 12, 2025", D(2025, 10, 12), "plain", ""),
    ("12 October 2025", D(2025, 10, 12), "plain", ""),
    ("28/January/2025", D(2025, 1, 28), "plain", ""),
    ("12-Oct-2025", D(2025, 10, 12), "plain", ""),
    ("Last updated: Mon 3 Mar 2025 - 10:05 GMT", T(2025, 3, 3, 10, 5), "updated", "Last updated:"),
    ("Posted on Oct 12, 2025 at 9.30am GST", T(2025, 10, 12, 9, 30), "published", "Posted on"),
    ("Posted: Wednesday, October 15, 2025", D(2025, 10, 15), "published", "Posted:"),
    ("First published: Thurs 16 Oct 2025", D(2025, 10, 16), "published", "First published:"),
    ("Published on 12 October 2025", D(2025, 10, 12), "published", "Published on"),
    ("Date: 12/10/2025", D(2025, 10, 12), "published", "Date:"),
    ("Last modified: 2025-10-12 15:42", T(2025, 10, 12, 15, 42), "updated", "Last modified:"),
    ("10:05 AM | October 12, 2025", T(2025, 10, 12, 10, 5), "plain", ""),
    ("2025-10-12T10:05:00+04:00", T(2025, 10, 12, 10, 5), "plain", ""),
    # Arabic labels, months, weekdays and digits
    ("الخميس ٦ مارس ٢٠٢٥", D(2025, 3, 6), "plain", ""),
    ("نشر في: 5 مارس 2025", D(2025, 3, 5), "published", "نشر في:"),
    ("تاريخ النشر: ١٢ أكتوبر ٢٠٢٥ - ١٠:٠٥ ص", T(2025, 10, 12, 10, 5), "published", "تاريخ النشر:"),
    ("نُشر في: ٥ آذار ٢٠٢٥ - ١٠:٠٥ مساءً", T(2025, 3, 5, 22, 5), "published", "نُشر في:"),
    ("نشر بتاريخ 5 مارس 2025", D(2025, 3, 5), "published", "نشر بتاريخ"),
    ("بتاريخ 5 مارس 2025", D(2025, 3, 5), "published", "بتاريخ"),
    ("نُشر ٥ مارس ٢٠٢٥", D(2025, 3, 5), "published", "نُشر"),
    ("آخر تحديث: الاثنين 3 مارس 2025 - 10:05 صباحاً", T(2025, 3, 3, 10, 5), "updated", "آخر تحديث:"),
    ("تم التحديث: ٣ مارس ٢٠٢٥ م", D(2025, 3, 3), "updated", "تم التحديث:"),
    ("محدث ٣ مارس ٢٠٢٥ ٣:١٥ م", T(2025, 3, 3, 15, 15), "updated", "محدث"),
    ("الأربعاء، ١٥ أكتوبر ٢٠٢٥ م", D(2025, 10, 15), "plain", ""),
    ("۱۲ أكتوبر ۲۰۲۵", D(2025, 10, 12), "plain", ""),  # Persian digits
    ("١٢/١٠/٢٠٢٥", D(2025, 10, 12), "plain", ""),
    # a paper or place before the date, even glued to it
    ("Oman Tuesday 28/January/2025 14:10 PM", T(2025, 1, 28, 14, 10), "plain", ""),
    ("Times of Oman12-10-2025", D(2025, 10, 12), "plain", ""),
    ("Oman Daily Observer | Published: 12 Oct 2025", D(2025, 10, 12), "published", "Published:"),
    ("MUSCAT, Oct 12, 2025", D(2025, 10, 12), "plain", ""),
    ("عمان | الخميس ٦ مارس ٢٠٢٥", D(2025, 3, 6), "plain", ""),
    # a Hijri date on the same line: the Gregorian one is returned
    ("Monday 3 March 2025 | 3 Ramadan 1446 AH", D(2025, 3, 3), "plain", ""),
    ("3 Ramadan 1446 AH | 3 March 2025 - 10:05 AM", T(2025, 3, 3, 10, 5), "plain", ""),
    ("نشر في: الاثنين ٣ رمضان ١٤٤٦ هـ الموافق ٣ مارس ٢٠٢٥ م", D(2025, 3, 3), "published", "نشر في:"),
    ("Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H", D(2025, 12, 7), "plain", ""),
    # two labelled dates: the first printed
    ("Published: 12 Oct 2025 | Updated: 13 Oct 2025 10:05", D(2025, 10, 12), "published", "Published:"),
    ("Updated: 13 Oct 2025 10:05 | Published: 12 Oct 2025", T(2025, 10, 13, 10, 5), "updated", "Updated:"),
]


@pytest.mark.parametrize(("line", "value", "kind", "label"), LINES)
def test_date_lines(line, value, kind, label):
    found = match_date_line(line)
    assert found == DateLine(value, kind, label), line
    # a datetime only when a time is printed
    assert type(found.value) is type(value)


# --- numeric dates ------------------------------------------------------------

@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("12-10-2025", D(2025, 10, 12)),  # day first, as Gulf papers print
        ("12/10/2025", D(2025, 10, 12)),
        ("12.10.2025", D(2025, 10, 12)),
        ("03/04/2025", D(2025, 4, 3)),
        ("13/10/2025", D(2025, 10, 13)),  # 13 can only be the day
        ("10/13/2025", D(2025, 10, 13)),  # 13 can only be the day: month first
        ("2025-10-12", D(2025, 10, 12)),  # year first
        ("2025/3/6", D(2025, 3, 6)),
        ("٢٠٢٥/٠٣/٠٦", D(2025, 3, 6)),
    ],
)
def test_numeric_dates(line, value):
    assert match_date_line(line) == DateLine(value, "plain", "")


# --- month names and weekdays ------------------------------------------------

ARABIC_MONTHS = [
    ("يناير", 1), ("فبراير", 2), ("مارس", 3), ("أبريل", 4), ("ابريل", 4), ("إبريل", 4),
    ("مايو", 5), ("يونيو", 6), ("يونيه", 6), ("يوليو", 7), ("يوليه", 7), ("أغسطس", 8),
    ("اغسطس", 8), ("سبتمبر", 9), ("أكتوبر", 10), ("اكتوبر", 10), ("نوفمبر", 11), ("ديسمبر", 12),
    # Levantine
    ("كانون الثاني", 1), ("شباط", 2), ("آذار", 3), ("نيسان", 4), ("أيار", 5), ("حزيران", 6),
    ("تموز", 7), ("آب", 8), ("أيلول", 9), ("تشرين الأول", 10), ("تشرين الثاني", 11),
    ("كانون الأول", 12),
]


@pytest.mark.parametrize(("name", "month"), ARABIC_MONTHS)
def test_arabic_month_names(name, month):
    assert match_date_line(f"نشر في: ٥ {name} ٢٠٢٥") == DateLine(D(2025, month, 5), "published", "نشر في:")


@pytest.mark.parametrize(
    "weekday", ["الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]
)
def test_arabic_weekdays_are_read_and_never_checked(weekday):
    assert match_date_line(f"{weekday} ٦ مارس ٢٠٢٥") == DateLine(D(2025, 3, 6), "plain", "")


@pytest.mark.parametrize(
    "weekday", ["Sunday", "Sun", "Monday", "Mon", "Tue", "Tues", "Wed", "Thu", "Thurs", "Fri", "Sat"]
)
def test_english_weekdays_are_read_and_never_checked(weekday):
    assert match_date_line(f"{weekday}, 6 March 2025") == DateLine(D(2025, 3, 6), "plain", "")


# --- times -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("printed", "hour", "minute", "second"),
    [
        ("10:05 AM", 10, 5, 0),
        ("14:10 PM", 14, 10, 0),  # a 24-hour time with a stray PM
        ("09:30", 9, 30, 0),
        ("15:42", 15, 42, 0),
        ("9.30am", 9, 30, 0),
        ("9.30 p.m.", 21, 30, 0),
        ("12:00 AM", 0, 0, 0),
        ("12:30 PM", 12, 30, 0),
        ("10:05:33", 10, 5, 33),
        ("at 9 pm", 21, 0, 0),
        ("10:05 ص", 10, 5, 0),
        ("10:05 م", 22, 5, 0),
        ("١٠:٠٥ صباحاً", 10, 5, 0),
        ("٣:١٥ مساءً", 15, 15, 0),
        ("10:05 GMT", 10, 5, 0),
        ("10:05 AM GMT+4", 10, 5, 0),
        ("15:42 (UTC)", 15, 42, 0),
        ("10:05 +04:00", 10, 5, 0),
        ("10:05 AM GST", 10, 5, 0),
        ("10:05 بتوقيت مسقط", 10, 5, 0),
    ],
)
def test_times(printed, hour, minute, second):
    found = match_date_line(f"12 October 2025 {printed}")
    assert found is not None, printed
    assert found.value == T(2025, 10, 12, hour, minute, second)


@pytest.mark.parametrize("printed", ["25:00", "10:75", "10:05:75", "10:05 10:06"])
def test_impossible_or_repeated_times(printed):
    assert match_date_line(f"12 October 2025 {printed}") is None


# --- what is not a date line -------------------------------------------------

NOT_DATE_LINES = [
    "",
    "Published:",
    "SHARE ARTICLE",
    # sentences that hold a date
    "The khareef season officially ended on September 21, but light drizzle had continued",
    "Police said on March 3, 2025 that two men were arrested.",
    "The festival runs until 12 October 2025",
    "Muscat Hosts Gulf Cup On 12 October 2025",  # four capitalised words: a headline
    "وقال المتحدث إن الاجتماع عقد في 5 مارس 2025 بحضور الوزراء",
    # relative dates
    "4 hours ago",
    "Updated 4 hours ago",
    "منذ 4 ساعات",
    "Published: Today 10:05",
    # numbers that are no date
    "Oman Vision 2040 plan unveiled",
    "+968 2456 7890",
    "Tel: 2456 7890",
    "OMR 12.500",
    "3-1",
    "Rates : 0, Average : 0",
    "1 / 4",
    "Page 1 of 4",
    "2025",
    "10:05 AM",
    "19°C / 19°C",
    "Copyright © 2025 Times of Oman",
    # incomplete or impossible dates
    "12 October",
    "October 2025",
    "31 February 2025",
    "February 29, 2025",
    "31/02/2025",
    "13/13/2025",
    "12/10/25",
    # a Hijri date alone, and two dates without their own labels
    "3 Ramadan 1446 AH",
    "١٥ جمادى الآخرة ١٤٤٧ هـ",
    "12 October 2025 – 14 October 2025",
    "Published: 12 Oct 2025 | Updated",
    # bylines with a date are the byline recogniser's
    "By Staff Reporter | Oct 12, 2025",
    "بقلم أحمد | ٥ مارس ٢٠٢٥",
    # too long to be a date line, whatever it holds
    "Published:" + " " * 120 + "12 October 2025",
    "x" * 500,
]


@pytest.mark.parametrize("line", NOT_DATE_LINES)
def test_not_date_lines(line):
    assert match_date_line(line) is None


def test_date_line_is_frozen():
    found = match_date_line("Updated 30 May 2024")
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.kind = "published"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=150))
def test_never_raises_on_arbitrary_text(text):
    result = match_date_line(text)
    assert result is None or isinstance(result, DateLine)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Published:", "Updated", "12", "October", "2025", "10:05", "AM",
                                 "|", "-", "/", "Oman", "Monday", "٥", "مارس", "نشر في", "Ramadan",
                                 "1446", "AH", "GMT", "+04:00", "t", "31", "13", " "]),
                max_size=12))
def test_never_raises_on_date_like_fragments(parts):
    result = match_date_line(" ".join(parts))
    assert result is None or isinstance(result, DateLine)
    if result is not None:
        assert result.kind in ("published", "updated", "plain")
        assert (result.kind == "plain") == (result.label == "")
