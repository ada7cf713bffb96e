"""Embargo lines (newsdesk.wire.embargo) and the parser keeping them out of the story."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from newsdesk.wire import EmbargoUnreadable, WireStory, find_embargo, is_embargo_line, parse
from newsdesk.wire.embargo import embargo_line, read_embargo
from newsdesk.wire.zones import ABBREVIATIONS

from .embargo_documents import EPOCH_2031_12_08_0600, newsml_with, ninjs_with, nitf_with

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


# Issue 19: each of these was read wrong (year 600, a zone ignored and the
# site's own zone used instead) and published the story at once.  Every
# expected instant is in UTC, worked out by hand from the zone table.
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # 06:00 CET (UTC+1) → 05:00 UTC; "0600" before a zone is a clock, never the year 600.
        ("EMBARGOED UNTIL 0600 CET, 8 Dec 2031", at(2031, 12, 8, 5, 0, tz=UTC)),
        # 20:27 EST (UTC−5) on 7 Dec → 20:27 + 5 h = 01:27 UTC on 8 Dec.
        ("EMBARGOED UNTIL 20:27 EST 7 December 2026", at(2026, 12, 8, 1, 27, tz=UTC)),
        # 06:00 BST (British Summer Time, UTC+1) → 05:00 UTC.
        ("EMBARGOED UNTIL 0600 BST 8 June 2031", at(2031, 6, 8, 5, 0, tz=UTC)),
        # 06:00 PST (UTC−8) → 14:00 UTC.
        ("Embargoed until 6:00 PST Dec 8, 2031", at(2031, 12, 8, 14, 0, tz=UTC)),
        # 11:30 IST (India, UTC+5:30) → 06:00 UTC.
        ("EMBARGOED UNTIL 1130 IST 8 December 2031", at(2031, 12, 8, 6, 0, tz=UTC)),
        # 08:00 CEST (UTC+2) → 06:00 UTC.
        ("EMBARGOED UNTIL 0800 CEST 8 June 2031", at(2031, 6, 8, 6, 0, tz=UTC)),
        # ET follows New York: 8 Dec is winter (EST, UTC−5): 06:00 + 5 h = 11:00 UTC ...
        ("Embargoed until 6 a.m. ET Dec 8, 2031", at(2031, 12, 8, 11, 0, tz=UTC)),
        # ... 8 June is summer (EDT, UTC−4): 06:00 + 4 h = 10:00 UTC.
        ("Embargoed until 6 a.m. ET June 8, 2031", at(2031, 6, 8, 10, 0, tz=UTC)),
        # 06:00 EDT (UTC−4) → 10:00 UTC; 06:00 PT in June is PDT (UTC−7) → 13:00 UTC.
        ("EMBARGOED UNTIL 0600 EDT 8 June 2031", at(2031, 6, 8, 10, 0, tz=UTC)),
        ("EMBARGOED UNTIL 6:00 a.m. PT June 8, 2031", at(2031, 6, 8, 13, 0, tz=UTC)),
        # 00:00 CST (US Central, UTC−6) → 06:00 UTC; 00:00 MST (UTC−7) → 07:00 UTC.
        ("EMBARGOED UNTIL 00:00 CST 8 Dec 2031", at(2031, 12, 8, 6, 0, tz=UTC)),
        ("EMBARGOED UNTIL 00:00 MST 8 Dec 2031", at(2031, 12, 8, 7, 0, tz=UTC)),
        # 08:00 EET (UTC+2) → 06:00 UTC; 09:00 MSK (UTC+3) → 06:00 UTC; 15:00 JST (UTC+9) → 06:00 UTC.
        ("EMBARGOED UNTIL 0800 EET 8 Dec 2031", at(2031, 12, 8, 6, 0, tz=UTC)),
        ("EMBARGOED UNTIL 0900 MSK 8 Dec 2031", at(2031, 12, 8, 6, 0, tz=UTC)),
        ("EMBARGOED UNTIL 1500 JST 8 Dec 2031", at(2031, 12, 8, 6, 0, tz=UTC)),
        # 17:00 AEDT (UTC+11) on 8 Dec → 06:00 UTC.
        ("EMBARGOED UNTIL 1700 AEDT 8 Dec 2031", at(2031, 12, 8, 6, 0, tz=UTC)),
        # 10:00 GST (Gulf, UTC+4) → 06:00 UTC; 09:00 AST (Arabia, UTC+3) → 06:00 UTC.
        ("Not for publication before 10:00 GST 8 Dec 2031", at(2031, 12, 8, 6, 0, tz=UTC)),
        ("EMBARGOED UNTIL 0900 AST 8 Dec 2031", at(2031, 12, 8, 6, 0, tz=UTC)),
        ("EMBARGOED UNTIL 10:00 Gulf time, 8 December 2031", at(2031, 12, 8, 6, 0, tz=UTC)),
        ("EMBARGOED UNTIL 10:00 Dubai time, 8 December 2031", at(2031, 12, 8, 6, 0, tz=UTC)),
        ("EMBARGOED UNTIL 09:00 Mecca time, 8 December 2031", at(2031, 12, 8, 6, 0, tz=UTC)),
        ("محظور النشر حتى الساعة 09:00 بتوقيت مكة يوم 8 ديسمبر 2031", at(2031, 12, 8, 6, 0, tz=UTC)),
        ("محظور النشر حتى الساعة 06:00 بتوقيت جرينتش يوم 8 ديسمبر 2031", at(2031, 12, 8, 6, 0, tz=UTC)),
        # RFC 2822 / 1123, with a zone name or a numeric offset (10:00 +0400 → 06:00 UTC).
        ("EMBARGOED UNTIL Mon, 08 Dec 2031 06:00:00 GMT", at(2031, 12, 8, 6, 0, tz=UTC)),
        ("EMBARGOED UNTIL Mon, 08 Dec 2031 10:00:00 +0400", at(2031, 12, 8, 6, 0, tz=UTC)),
        # ISO 8601 with a zone name, and with an offset (10:00+04:00 → 06:00 UTC, not 10:00 site time).
        ("EMBARGOED UNTIL 2031-12-08T06:00:00 GMT", at(2031, 12, 8, 6, 0, tz=UTC)),
        ("EMBARGOED UNTIL 2031-12-08T10:00:00+04:00", at(2031, 12, 8, 6, 0, tz=UTC)),
        ("EMBARGOED UNTIL 2031-12-08 06:00 GST", at(2031, 12, 8, 2, 0, tz=UTC)),
        # "2000 CET": eight in the evening (UTC+1) → 19:00 UTC; "noon" is 12:00.
        ("EMBARGOED UNTIL 2000 CET 7 December 2031", at(2031, 12, 7, 19, 0, tz=UTC)),
        ("EMBARGOED UNTIL 12 noon GMT 8 Dec 2031", at(2031, 12, 8, 12, 0, tz=UTC)),
        # Two zones: the first goes with the first time (10:00 at UTC+3 = 07:00 UTC, as the GMT time says).
        ("EMBARGOED UNTIL 10:00 AST/0700 GMT 8 DEC 2031", at(2031, 12, 8, 7, 0, tz=UTC)),
        ("EMBARGOED UNTIL 0700 GMT / 10:00 AST 8 DEC 2031", at(2031, 12, 8, 7, 0, tz=UTC)),
        # A city's zone follows its rules: London in June is BST (UTC+1): 10:00 → 09:00 UTC.
        ("Embargoed until 10 a.m. London time, 8 June 2031", at(2031, 6, 8, 9, 0, tz=UTC)),
        # An offset as printed: 06:00 at UTC−5 → 11:00 UTC.
        ("EMBARGOED UNTIL 06:00 UTC-5 8 Dec 2031", at(2031, 12, 8, 11, 0, tz=UTC)),
        # No zone at all: a bare four-digit clock is still a time (naive: the site's zone applies).
        ("EMBARGOED UNTIL 0600, 8 Dec 2031", at(2031, 12, 8, 6, 0)),
        ("EMBARGOED UNTIL 1930, 8 Dec 2031", at(2031, 12, 8, 19, 30)),
    ],
)
def test_agency_zones_and_wire_forms_are_read(line, expected):
    found = find_embargo(line)
    assert found == expected
    assert (found.utcoffset() is None) == (expected.utcoffset() is None)


@pytest.mark.parametrize(
    "line",
    [
        "EMBARGOED UNTIL 0600 HST 8 Dec 2031",  # a zone not in the table: never guessed
        "EMBARGOED UNTIL 06:00 WIB 8 Dec 2031",
        "EMBARGOED UNTIL MIDNIGHT GMT 8 Dec 2031",  # the start or the end of the day?
        "محظور النشر حتى منتصف الليل بتوقيت مسقط يوم 8 ديسمبر 2031",
        "Embargoed until 6 a.m. ET Dec 8",  # no year
        "EMBARGOED UNTIL 0600 CET, 8 Dec 0600",  # no plausible year
        "EMBARGOED UNTIL 1930 2031",
        "EMBARGOED UNTIL 10:00 GMT+25 8 Dec 2031",  # no such offset
    ],
)
def test_zones_and_times_not_in_the_table_are_unreadable(line):
    with pytest.raises(EmbargoUnreadable):
        find_embargo(line)


def test_the_zone_table_names_the_agencies_abbreviations():
    winter, summer = at(2031, 12, 8, 6, 0), at(2031, 6, 8, 6, 0)
    offsets = {name: ABBREVIATIONS[name].utcoffset(winter) for name in ABBREVIATIONS}
    hours = datetime.timedelta(hours=1)
    assert offsets["GMT"] == offsets["UTC"] == offsets["Z"] == datetime.timedelta(0)
    assert (offsets["CET"], offsets["CEST"], offsets["BST"]) == (1 * hours, 2 * hours, 1 * hours)
    assert (offsets["EST"], offsets["EDT"], offsets["PST"]) == (-5 * hours, -4 * hours, -8 * hours)
    assert offsets["IST"] == datetime.timedelta(hours=5, minutes=30)  # India, not Ireland or Israel
    assert (offsets["GST"], offsets["AST"]) == (4 * hours, 3 * hours)  # Gulf; Arabia, not Atlantic
    # ET/CT/MT/PT follow the US rules: EST or EDT by the date.
    assert (offsets["ET"], ABBREVIATIONS["ET"].utcoffset(summer)) == (-5 * hours, -4 * hours)
    assert (offsets["PT"], ABBREVIATIONS["PT"].utcoffset(summer)) == (-8 * hours, -7 * hours)


# --- structured fields (ninjs ``embargoed``, NewsML-G2 ``embargoed``, NITF ``date.release/@norm``) ----


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Mon, 08 Dec 2031 06:00:00 GMT", at(2031, 12, 8, 6, 0, tz=UTC)),
        ("Mon, 08 Dec 2031 06:00:00 +0000", at(2031, 12, 8, 6, 0, tz=UTC)),
        ("2031-12-08T06:00:00 GMT", at(2031, 12, 8, 6, 0, tz=UTC)),
        ("2031-12-08T06:00:00Z", at(2031, 12, 8, 6, 0, tz=UTC)),
        ("2031-12-08T10:00:00+04:00", at(2031, 12, 8, 6, 0, tz=UTC)),
        ("20311208T100000+0400", at(2031, 12, 8, 6, 0, tz=UTC)),  # NITF's basic form
        ("08 Dec 2031 06:00 GMT", at(2031, 12, 8, 6, 0, tz=UTC)),
        ("2031-12-08 06:00 GST", at(2031, 12, 8, 2, 0, tz=UTC)),  # 06:00 at UTC+4 → 02:00 UTC
        (EPOCH_2031_12_08_0600, at(2031, 12, 8, 6, 0, tz=UTC)),
        (float(EPOCH_2031_12_08_0600), at(2031, 12, 8, 6, 0, tz=UTC)),
        (EPOCH_2031_12_08_0600 * 1000, at(2031, 12, 8, 6, 0, tz=UTC)),  # milliseconds, by magnitude
        (str(EPOCH_2031_12_08_0600), at(2031, 12, 8, 6, 0, tz=UTC)),
        ({"date": "2031-12-08T06:00:00Z"}, at(2031, 12, 8, 6, 0, tz=UTC)),
        ({"value": EPOCH_2031_12_08_0600}, at(2031, 12, 8, 6, 0, tz=UTC)),
        ({"date": "2031-12-08", "time": "10:00", "timezone": "GST"}, at(2031, 12, 8, 6, 0, tz=UTC)),
        ("2031-12-08T06:00:00", at(2031, 12, 8, 6, 0)),  # no zone: naive, the site's zone applies
        (None, None),  # absent
        ("", None),
        ("   ", None),
    ],
)
def test_structured_embargo_values_are_read(value, expected):
    found = read_embargo(value)
    assert found == expected
    if expected is not None:
        assert (found.utcoffset() is None) == (expected.utcoffset() is None)


@pytest.mark.parametrize(
    "value",
    [
        "soon",
        "EMBARGOED",
        "2031-12-08T06:00:00 XYZ",
        "08 Dec 06:00 GMT",  # no year
        "0600",
        True,
        -5,
        10**20,
        {},
        {"when": "2031-12-08T06:00:00Z"},
        {"date": {"date": "2031-12-08T06:00:00Z"}},
        ["2031-12-08T06:00:00Z"],
    ],
)
def test_structured_embargo_values_present_but_unreadable_raise(value):
    with pytest.raises(EmbargoUnreadable) as raised:
        read_embargo(value)
    assert "could not be read" in str(raised.value)


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
    # The flag the importer holds the story by: present, but not read.
    assert story.embargo_unreadable == "EMBARGOED UNTIL FURTHER NOTICE"
    assert story.as_dict()["embargo_unreadable"] == "EMBARGOED UNTIL FURTHER NOTICE"
    assert parse(story.as_text()).embargo_unreadable == "EMBARGOED UNTIL FURTHER NOTICE"


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


# --- the agency formats: where each reads its embargo --------------------------------------------


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (ninjs_with("Mon, 08 Dec 2031 06:00:00 GMT"), at(2031, 12, 8, 6, 0, tz=UTC)),
        (ninjs_with("2031-12-08T06:00:00 GMT"), at(2031, 12, 8, 6, 0, tz=UTC)),
        (ninjs_with(EPOCH_2031_12_08_0600), at(2031, 12, 8, 6, 0, tz=UTC)),
        (ninjs_with({"date": "2031-12-08T06:00:00Z"}), at(2031, 12, 8, 6, 0, tz=UTC)),
        (newsml_with("08 Dec 2031 06:00 GMT"), at(2031, 12, 8, 6, 0, tz=UTC)),
        (nitf_with("2031-12-08 06:00 GST"), at(2031, 12, 8, 2, 0, tz=UTC)),  # 06:00 at UTC+4
    ],
)
def test_agency_formats_read_the_embargo_forms(document, expected):
    story = parse(document)
    assert story.embargo == expected
    assert story.embargo_unreadable == ""
    assert not any("embargo" in w.lower() or "release date" in w.lower() for w in story.warnings)


@pytest.mark.parametrize(
    ("document", "printed"),
    [
        (ninjs_with("soon"), "soon"),
        (ninjs_with(True), "true"),  # as the JSON prints it
        (ninjs_with({"when": "tomorrow"}), '{"when": "tomorrow"}'),
        (ninjs_with(["2031-12-08T06:00:00Z"]), '["2031-12-08T06:00:00Z"]'),
        (newsml_with("08 Dec 06:00 XYZ"), "08 Dec 06:00 XYZ"),
        (nitf_with("whenever"), "whenever"),
        (
            nitf_with("").replace('management-status="usable"', 'management-status="embargoed"'),
            'management-status="embargoed"',
        ),
    ],
)
def test_agency_formats_flag_an_embargo_they_cannot_read(document, printed):
    story = parse(document)
    assert story.embargo is None
    assert story.embargo_unreadable == printed
    assert any(printed in warning and "check" in warning for warning in story.warnings), story.warnings
