"""Embargo lines (newsdesk.wire.embargo) and the parser keeping them out of the story."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from newsdesk.wire import EmbargoUnreadable, WireStory, find_embargo, is_embargo_line, parse
from newsdesk.wire.embargo import embargo_line

FIXTURES = Path(__file__).parent / "fixtures" / "versions"
UTC = datetime.timezone.utc
GULF = datetime.timezone(datetime.timedelta(hours=4))
ARABIA = datetime.timezone(datetime.timedelta(hours=3))


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, tz: datetime.tzinfo | None = None
) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=tz)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("EMBARGOED UNTIL 0001 GMT 5 December 2025", at(2025, 12, 5, 0, 1, tz=UTC)),
        ("EMBARGOED UNTIL 00:01 GMT, Dec 5, 2025", at(2025, 12, 5, 0, 1, tz=UTC)),
        ("Embargo: 5 December 2025 10:00 GMT", at(2025, 12, 5, 10, 0, tz=UTC)),
        # 10:00 in Muscat is 06:00 GMT: the bracketed time names the same moment.
        ("EMBARGO: 10:00 Muscat time (0600 GMT) Sunday 7 December 2025", at(2025, 12, 7, 10, 0, tz=GULF)),
        ("Not for publication before 12:00 GST 7 Dec 2025", at(2025, 12, 7, 8, 0, tz=UTC)),
        ("محظور النشر حتى الساعة 10:00 بتوقيت مسقط يوم 7 ديسمبر 2025", at(2025, 12, 7, 10, 0, tz=GULF)),
        ("محظور النشر حتى 7 ديسمبر 2025 الساعة 06:00 بتوقيت غرينتش", at(2025, 12, 7, 6, 0, tz=UTC)),
        ("محظور النشر حتى الساعة ١٠:٠٠ بتوقيت مسقط يوم ٧ ديسمبر ٢٠٢٥", at(2025, 12, 7, 6, 0, tz=UTC)),
        ("محظور النشر حتى ٧ كانون الأول ٢٠٢٥", at(2025, 12, 7)),
        ("يُحظر النشر قبل الساعة 8 مساءً بتوقيت مكة المكرمة يوم الأحد 7 ديسمبر 2025", at(2025, 12, 7, 17, 0, tz=UTC)),
        ("ممنوع النشر قبل 1 أبريل 2026 الساعة 09:30 بتوقيت الرياض", at(2026, 4, 1, 9, 30, tz=ARABIA)),
        ("محظور النشر حتى 15 آذار 2026 بتوقيت الخليج", at(2026, 3, 15, tz=GULF)),
        ("EMBARGOED UNTIL 0600 GMT 7 December 2025", at(2025, 12, 7, 6, 0, tz=UTC)),
        ("EMBARGOED UNTIL 2000 GMT 7 December 2025", at(2025, 12, 7, 20, 0, tz=UTC)),
        ("EMBARGOED UNTIL 10:00 (0600 GMT) 7 Dec 2025", at(2025, 12, 7, 6, 0, tz=UTC)),
        ("EMBARGOED UNTIL 10am Riyadh time, December 7, 2025", at(2025, 12, 7, 7, 0, tz=UTC)),
        ("Embargoed until 14:00 AST, 7/12/2025", at(2025, 12, 7, 11, 0, tz=UTC)),
        ("EMBARGOED UNTIL 10:00 GMT+4 7 December 2025", at(2025, 12, 7, 10, 0, tz=GULF)),
        ("EMBARGOED UNTIL 2025-12-07T06:00Z", at(2025, 12, 7, 6, 0, tz=UTC)),
        ("HOLD FOR RELEASE UNTIL 0600 GMT 7 December 2025", at(2025, 12, 7, 6, 0, tz=UTC)),
        ("*** EMBARGOED UNTIL 06.00 GMT ON 7 DECEMBER 2025 ***", at(2025, 12, 7, 6, 0, tz=UTC)),
        # No zone printed: naive, the caller's zone applies.
        ("EMBARGOED UNTIL 10:00 7 December 2025", at(2025, 12, 7, 10, 0)),
        ("Embargoed until 10:00 local time, 7 December 2025", at(2025, 12, 7, 10, 0)),
        ("Embargoed until 7 December 2025", at(2025, 12, 7)),
    ],
)
def test_embargo_lines_are_read(line, expected):
    found = find_embargo(line)
    assert found == expected
    assert (found.utcoffset() is None) == (expected.utcoffset() is None)
    assert is_embargo_line(line)


def test_gulf_and_arabia_zones_are_fixed_offsets():
    gulf = find_embargo("EMBARGOED UNTIL 10:00 GST 7 July 2025")  # no summer time in Oman or the UAE
    assert gulf is not None and gulf.utcoffset() == datetime.timedelta(hours=4)
    arabia = find_embargo("Embargoed until 10:00 Riyadh time, 7 July 2025")
    assert arabia is not None and arabia.utcoffset() == datetime.timedelta(hours=3)


@pytest.mark.parametrize(
    "line",
    [
        "The embargo on oil exports was lifted",
        "Embargo on Iraqi oil lifted after talks",
        "Embargo: what it means for Gulf trade",
        "Embargoed until the ministry approves the report, the study was shared with a few journalists only.",
        "US lifts embargo: 5 December 2025",
        "Oman publishes new tourism figures before the season",
        "حظر النشر في قضية الفساد المالي",
        "قال الوزير إن النشر سيستمر حتى نهاية العام",
        "",
        "EMBARGOED UNTIL 0600 GMT 7 December 2025 " + "and a very long line " * 10,
    ],
)
def test_other_lines_are_no_embargo(line):
    assert find_embargo(line) is None
    assert not is_embargo_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "EMBARGOED UNTIL FURTHER NOTICE",
        "EMBARGOED UNTIL 10:00 GMT",  # no date
        "EMBARGO: 7 December",  # no year
        "Embargoed until 10:00 GMT Sunday",
        "محظور النشر حتى إشعار آخر",
        "Not for publication before 32 Dec 2025",
    ],
)
def test_unreadable_embargo_lines_raise(line):
    assert is_embargo_line(line)
    with pytest.raises(EmbargoUnreadable) as raised:
        find_embargo(line)
    assert raised.value.line == line
    assert "could not be read" in str(raised.value)


@pytest.mark.parametrize(
    "moment",
    [
        at(2025, 12, 7, 6, 0, tz=UTC),
        at(2025, 12, 7, 10, 0, 30, tz=datetime.timezone(datetime.timedelta(hours=4), "GST")),
        at(2025, 12, 7, 10, 0, tz=datetime.timezone(datetime.timedelta(hours=-5, minutes=-30))),
        at(2025, 12, 7, 10, 0),
    ],
)
def test_embargo_line_reads_back(moment):
    assert find_embargo(embargo_line(moment)) == moment


# --- the parser -------------------------------------------------------------------------------


def test_english_embargoed_fixture():
    story = parse((FIXTURES / "en_embargoed.txt").read_text(encoding="utf-8"))
    assert story.embargo == at(2025, 12, 7, 6, 0, tz=UTC)
    assert story.headline == "Road deaths in Oman fall to lowest level in two decades, study finds"
    assert (story.dateline, story.credit, len(story.paragraphs)) == ("MUSCAT", "AFP", 4)
    assert not any("EMBARGO" in p.upper() for p in story.paragraphs)
    assert story.warnings == ()
    assert story.as_dict()["embargo"] == "2025-12-07T06:00:00+00:00"


def test_arabic_embargoed_fixture_with_the_line_last():
    story = parse((FIXTURES / "ar_embargoed.txt").read_text(encoding="utf-8"))
    assert story.embargo == at(2025, 12, 7, 10, 0, tz=GULF)
    assert (story.dateline, story.credit, len(story.paragraphs)) == ("مسقط", "ONA", 3)
    assert not any("النشر" in p for p in story.paragraphs)
    assert story.paragraphs[-1].endswith("قبل منح الرخصة لأول مرة.")
    assert story.warnings == ()


def test_embargo_line_in_the_header_block():
    text = (
        "Oman opens new port terminal\n\nNot for publication before 12:00 GST 7 Dec 2025\n\n"
        "MUSCAT: Oman opened a new container terminal at the port of Sohar on Sunday, the ports authority said.\n\n"
        "The terminal doubles the port's capacity. — AFP\n"
    )
    story = parse(text)
    assert story.embargo == at(2025, 12, 7, 12, 0, tz=GULF)
    assert story.headline == "Oman opens new port terminal"
    assert story.standfirst == "" and len(story.paragraphs) == 2


def test_unreadable_embargo_is_a_warning_and_not_body_text():
    text = (
        "Oman opens new port terminal\n\n"
        "MUSCAT: Oman opened a new container terminal at the port of Sohar on Sunday, the ports authority said.\n\n"
        "The terminal doubles the port's capacity. — AFP\n\nEMBARGOED UNTIL FURTHER NOTICE\n"
    )
    story = parse(text)
    assert story.embargo is None
    assert story.warnings == (
        "An embargo line was found but its date could not be read: “EMBARGOED UNTIL FURTHER NOTICE”; "
        "check it before publishing.",
    )
    assert story.paragraphs[-1] == "The terminal doubles the port's capacity."
    assert story.credit == "AFP"


def test_two_different_embargo_lines_keep_the_first_and_warn():
    text = (
        "EMBARGOED UNTIL 0600 GMT 7 December 2025\n\nOman opens new port terminal\n\n"
        "MUSCAT: Oman opened a new container terminal at the port of Sohar on Sunday, the ports authority said.\n\n"
        "EMBARGOED UNTIL 0800 GMT 7 December 2025\n"
    )
    story = parse(text)
    assert story.embargo == at(2025, 12, 7, 6, 0, tz=UTC)
    assert len(story.warnings) == 1 and "Two different embargo times" in story.warnings[0]
    # The same moment printed twice is no conflict.
    assert parse(text.replace("0800", "0600")).warnings == ()


def test_no_embargo_gives_none_and_as_text_round_trips_it():
    assert parse("Oman opens new port terminal\n\nMUSCAT: Oman opened a new terminal on Sunday.\n").embargo is None
    assert WireStory().as_dict()["embargo"] is None and WireStory().as_dict()["version_marker"] == ""
    for name in ("en_embargoed", "ar_embargoed"):
        first = parse((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"))
        again = parse(first.as_text())
        assert (again.embargo, again.headline, again.paragraphs, again.credit) == (
            first.embargo,
            first.headline,
            first.paragraphs,
            first.credit,
        )
    naive = WireStory(
        headline="Port opens",
        paragraphs=("Oman opened a port on Sunday, officials said today.",),
        embargo=at(2025, 12, 7, 10, 0),
    )
    assert parse(naive.as_text()).embargo == at(2025, 12, 7, 10, 0)
