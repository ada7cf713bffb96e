"""Date bars in every order Gulf papers print them (issue 21, item 7).

Each line below is a form a paper prints at the top of its page; the dates
were checked by hand against a printed calendar (7 December 2025 was a
Sunday, 14 January 2026 a Wednesday; Umm al-Qura has 16 Jumada II 1447 on
7 December 2025 and 25 Rajab 1447 on 14 January 2026).
"""

from __future__ import annotations

import datetime

import pytest

from newsdesk.calendars.types import HijriDate
from newsdesk.wire import parse
from newsdesk.wire.header import parse_date_bar

BODY_EN = (
    "SOHAR: The Ministry of Health opened a new clinic on Saturday in the wilayat of Sohar, officials said.\n"
    "The clinic will serve about 20,000 residents in the area and nearby villages, the ministry said.\n"
)
BODY_AR = (
    "صحار - العمانية: افتتحت وزارة الصحة يوم السبت مركزا صحيا جديدا في ولاية صحار، بحسب مسؤولين في الوزارة.\n"
    "وسيخدم المركز نحو عشرين ألف نسمة من سكان الولاية والقرى المجاورة، وفقا لبيان الوزارة.\n"
)


@pytest.mark.parametrize(
    ("line", "gregorian", "hijri"),
    [
        ("SUNDAY 7 DECEMBER 2025, 16 JUMADA II — 1447", datetime.date(2025, 12, 7), HijriDate(1447, 6, 16)),
        ("Sunday 7 December 2025 - 16 Jumada II - 1447", datetime.date(2025, 12, 7), HijriDate(1447, 6, 16)),
        ("الأحد 7 ديسمبر 2025، 16 جمادى الآخرة — 1447", datetime.date(2025, 12, 7), HijriDate(1447, 6, 16)),
        ("العدد 13581 الأربعاء 14 يناير 2026 الموافق 25 رجب 1447", datetime.date(2026, 1, 14), HijriDate(1447, 7, 25)),
        ("العدد ١٣٥٨١ الأربعاء ١٤ يناير ٢٠٢٦", datetime.date(2026, 1, 14), None),
        ("Issue No. 4123 | Sunday, December 07, 2025", datetime.date(2025, 12, 7), None),
    ],
)
def test_date_bar_forms(line, gregorian, hijri):
    found = parse_date_bar(line)
    assert found is not None
    assert (found.gregorian, found.hijri) == (gregorian, hijri)


@pytest.mark.parametrize("line", ["No. 5 of 2024 law amends the labour rules", "العدد الأول من المجلة"])
def test_numbers_that_are_not_date_bars(line):
    assert parse_date_bar(line) is None


def test_capitals_date_bar_is_never_the_headline():
    story = parse("SUNDAY 7 DECEMBER 2025, 16 JUMADA II — 1447\nMinistry opens new clinic in Sohar\n" + BODY_EN)
    assert story.headline == "Ministry opens new clinic in Sohar"
    assert (story.page_date, story.page_hijri) == (datetime.date(2025, 12, 7), HijriDate(1447, 6, 16))
    assert story.published is None


def test_issue_number_line_is_the_page_date_not_the_publication_date():
    story = parse("افتتاح مركز صحي جديد في صحار\nالعدد 13581 الأربعاء 14 يناير 2026\n" + BODY_AR)
    assert story.headline == "افتتاح مركز صحي جديد في صحار"
    assert story.page_date == datetime.date(2026, 1, 14)
    assert story.published is None
    assert story.standfirst == ""
    assert story.paragraphs[0].startswith("افتتحت وزارة الصحة")
