"""ANPA-1312, AP's wire format, read as AP lays it out (``formats/anpa.py`` and its AP dialect).

The samples in ``tests/fixtures/formats`` (``anpa_ap_story.tst``,
``anpa_ap_table.tst``) are invented stories in AP's layout; every expected
value below was read off them by hand.  The peer conformance suite
(``../shared/peer_formats``: Superdesk's AP fixtures) is read at run time
when it is there.
"""

from __future__ import annotations

import datetime
import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from newsdesk.ingest import IMPORTED, import_story
from newsdesk.models import Article
from newsdesk.wire import FormatError, WireDecodeError, decode, decode_text, detect_format, parse, split_documents
from newsdesk.wire.agencies import DEFAULT_INDEX
from newsdesk.wire.datelines import match_dateline
from tests.wire_import_support import ensure_wire_credits

FORMATS = Path(__file__).parent / "fixtures" / "formats"
UTC = datetime.timezone.utc
SHARED = Path(os.environ.get("NEWSDESK_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")
PEER = SHARED / "peer_formats"


def read(name: str) -> str:
    return decode((FORMATS / name).read_bytes(), name=name)


# --- decoding --------------------------------------------------------------------------


def test_a_latin1_anpa_file_is_read_as_latin1_with_a_warning():
    data = (FORMATS / "anpa_ap_story.tst").read_bytes()
    offset = data.index(b"\xe9")  # "café" in the third paragraph: not UTF-8
    decoded = decode_text(data, name="port.tst")
    assert "The Muscat café owner" in decoded.text
    assert decoded.warnings == (
        f"port.tst: not valid UTF-8 (byte 0xe9 at offset {offset}); read as latin-1 (ISO 8859-1), the encoding "
        "agencies send IPTC 7901 and ANPA-1312 in. If the text looks garbled, import the file again with its "
        "encoding named.",
    )
    # Only agency streams: other text that is not UTF-8 is still refused.
    with pytest.raises(WireDecodeError, match="not valid utf-8 text: byte 0xe9 at offset 23"):
        decode("Sohar port reopens\n\ncafé".encode("latin-1"), name="plain.txt")
    # And an encoding asked for is used as asked (0xe9 is é in Windows-1252 too).
    asked = decode_text(data, encoding="cp1252", name="port.tst")
    assert (asked.text, asked.warnings) == (decoded.text, ())


# --- a text story -----------------------------------------------------------------------


def test_an_ap_story_is_read_field_by_field():
    text = read("anpa_ap_story.tst")
    assert detect_format(text) == "anpa1312"
    s = parse(text)
    assert s.format == "anpa1312"
    # Heading: "b i" → bulletin (2); "BC-ML--Oman-Port 2ndLd-Writethru".
    assert s.urgency == 2
    assert s.guid == "AP:BC-ML--Oman-Port"
    assert s.keywords == ("Oman-Port",)
    assert (s.version, s.signals, s.pubstatus) == (3, ("update",), "usable")
    assert s.subjects == ()
    # The ^ lines above the story.
    assert s.headline == "Oman's Sohar port reopens after \u201ca long night\u201d"
    assert s.standfirst == "The port of Sohar reopened on Sunday \u2014 a day after a storm closed it."
    assert s.byline == "AMAL AL-HARTHI and JOHN DOE"
    assert s.note == "Updates with minister's comments. With AP Photos. This story was reported from Sohar and Muscat."
    # The story: dateline and credit off the first paragraph, the rule and what follows it kept apart.
    assert (s.dateline, s.credit, s.credit_known) == ("MUSCAT", "AP", True)
    assert s.paragraphs == (
        "The port of Sohar reopened on Sunday, a day after a storm closed it, the ministry of transport said.",
        "\u201cWe worked through the night,\u201d said harbour master Salim al-Busaidi. "
        "\u201cThe \u2018all clear' came at six.\u201d",
        "Ships waiting off the coast began to move in at dawn. The Muscat café owner Ahmed al-Rawahi said "
        "trade would pick up within days.",
        "Associated Press writer Sara Lee in Dubai contributed to this report.",
    )
    assert s.published == datetime.datetime(2025, 12, 14, 8, 15, tzinfo=UTC)  # "AP-WF-12-14-25 0815GMT"
    assert s.warnings == ()


def test_an_ap_alert_without_a_headline_line_is_headlined_by_its_sentence():
    text = (
        "\x16\x16\x01W1001\x1fasian\r\n"
        "f a\x13\x11 BC-ML--APNewsAlert     12-14 0031\r\n"
        "\x02^BC-ML--APNewsAlert,31<\r\n"
        "\t   MUSCAT (AP) _ Oman's Sohar port reopens after a storm closed it for a day, the U.S. embassy says.\r\n"
        "\r\n"
        "\t   \x03AP-WF-12-14-25 0700GMT<\r\n"
        "\x0c\r\n\x04"
    )
    s = parse(text)
    assert s.urgency == 1
    assert s.headline == "Oman's Sohar port reopens after a storm closed it for a day, the U.S. embassy says."
    assert s.paragraphs == (s.headline,)
    assert s.dateline == "MUSCAT"


def test_a_message_with_no_story_text_is_refused_as_anpa():
    text = "\x16\x16\x01W1002\x1fasian\r\nr a\x13\x11 BC-ML--Empty     12-14 0000\r\n\x02^BC-ML--Empty,0<\r\n\x03\x04"
    with pytest.raises(FormatError) as caught:
        parse(text)
    assert caught.value.format == "anpa1312"


# --- a table story ----------------------------------------------------------------------


def test_an_ap_table_story_keeps_its_rows_and_cells():
    s = parse(read("anpa_ap_table.tst"))
    assert (s.format, s.urgency) == ("anpa1312", 4)
    assert s.keywords == ("GulfLeagueGlance", "Gulf League Glance")
    assert s.headline == "Gulf League Glance"
    assert s.byline == "The Associated Press"
    assert (s.credit, s.dateline) == ("AP", "")
    # One block per table: rows one a line, cells split at ";" (a tab between them),
    # "_" an empty cell (—), "4{" four and a half, DLE a hard space.
    assert s.paragraphs == (
        "All Times GST",
        "GROUP A",
        "\tG\tW\tL\tPct\tGB\nMuscat Club\t10\t7\t3\t.700\t\u2014\nSur\t10\t6\t4\t.600\t1\nSalalah\t10\t3\t7\t.300\t4\u00bd",
        "Sunday's Results",
        "Muscat Club 3, Sur 1",
        "Salalah 2, Nizwa 2",
    )
    assert s.subheadings == (1, 3)
    assert s.published == datetime.datetime(2025, 12, 14, 21, 0, tzinfo=UTC)


def test_a_stream_of_anpa_messages_is_split_per_message():
    story, table = read("anpa_ap_story.tst"), read("anpa_ap_table.tst")
    pieces = split_documents(story + table)
    assert [suffix for suffix, _ in pieces] == ["#1", "#2"]
    assert [parse(piece).headline for _, piece in pieces] == [parse(story).headline, "Gulf League Glance"]
    assert split_documents(story) == [("", story)]


def test_an_iptc_7901_message_is_not_taken_for_anpa():
    assert detect_format(read("iptc7901_dpa.txt")) == "iptc7901"
    assert detect_format(read("iptc7901_stream.txt")) == "iptc7901"


# --- datelines --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "place", "agency"),
    [
        ("Berlin (dpa) - Talks resumed on Monday.", "Berlin", "dpa"),
        ("San Diego (tca/dpa) - The game was close.", "San Diego", "tca/dpa"),
    ],
)
def test_a_title_case_dateline_naming_a_known_agency_is_read(paragraph, place, agency):
    found = match_dateline(paragraph, DEFAULT_INDEX.is_agency)
    assert found is not None and (found.place, found.agency) == (place, agency)
    # Any other title-case word before a hyphen is still no dateline.
    assert match_dateline("Meanwhile - the talks went on.", DEFAULT_INDEX.is_agency) is None
    assert match_dateline("Meanwhile (in Muscat) - the talks went on.", DEFAULT_INDEX.is_agency) is None


# --- the importer -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_command_imports_a_latin1_anpa_file_with_the_warning(tmp_path):
    ensure_wire_credits()
    (tmp_path / "port.tst").write_bytes((FORMATS / "anpa_ap_story.tst").read_bytes())
    out = io.StringIO()
    call_command("import_wire", str(tmp_path / "port.tst"), "--json", stdout=out, stderr=io.StringIO())
    [result] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert result["status"] == "imported"
    assert result["format"] == "anpa1312"
    assert result["headline"] == "Oman's Sohar port reopens after \u201ca long night\u201d"
    assert result["warnings"][0].startswith("port.tst: not valid UTF-8 (byte 0xe9 at offset ")


# --- the peer conformance suite ---------------------------------------------------------


def _peer_cases() -> list[str]:
    if not (PEER / "expected.json").exists():
        return []
    expected = json.loads((PEER / "expected.json").read_text("utf-8"))
    return sorted(name for name, case in expected.items() if name != "_about" and case["format"] == "anpa1312")


@pytest.mark.skipif(not (PEER / "expected.json").exists(), reason=f"the peer conformance suite is not at {PEER}")
@pytest.mark.parametrize("name", _peer_cases() or ["(none)"])
def test_peer_anpa_fixtures_read_as_the_peer_expects(name):
    case = json.loads((PEER / "expected.json").read_text("utf-8"))[name]
    s = parse(decode((PEER / "fixtures" / name).read_bytes(), name=name))
    assert s.format == "anpa1312"
    for field, want in (case["check"] or case["doc"]).items():
        assert_peer_field(s, field, want)


def assert_peer_field(s, field: str, want) -> None:
    """One of expected.json's checks, as its ``_about`` defines it (text compared with spaces collapsed)."""

    def norm(text: str) -> str:
        return " ".join(text.split())

    body = [norm(p) for p in s.paragraphs]
    if field == "headline":
        assert norm(s.headline) in [norm(w) for w in (want if isinstance(want, list) else [want])]
    elif field == "byline":
        assert norm(s.byline) == norm(want) or norm(s.byline).startswith(norm(want) + ",")
    elif field == "urgency":
        assert s.urgency == want
    elif field == "keywords_include":
        assert {k.lower() for k in want} <= {k.lower() for k in s.keywords}
    elif field == "keywords_sub":
        assert all(any(w.lower() in k.lower() for k in s.keywords) for w in want)
    elif field == "body_first":
        assert body and norm(want) in body[0]
    elif field == "body_contains":
        assert norm(want) in " ".join(body)
    elif field == "dateline_contains":
        assert want.lower() in s.dateline.lower()
    elif field == "note_contains":
        assert norm(want) in norm(s.note)
    else:
        raise AssertionError(f"no rule for {field}")


# --- versions ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_anpa_guid_made_of_a_reused_slug_matches_only_a_recent_article():
    # AP's keyword ("BC-ML--Oman-Port") comes back day after day for other stories:
    # like a 7901 slug, it names the same story only within UPDATE_WINDOW_HOURS.
    ensure_wire_credits()
    update = read("anpa_ap_story.tst")
    first = update.replace(" 2ndLd-Writethru", "").replace(", 2nd Ld-Writethru", "")
    update = update.replace("trade would pick up within days", "trade would pick up by Wednesday")
    assert parse(first).guid == parse(update).guid == "AP:BC-ML--Oman-Port"
    original = import_story(first, source_name="port-1.tst")
    assert original.status == IMPORTED
    Article.objects.filter(pk=original.article.pk).update(
        created_at=original.article.created_at - datetime.timedelta(hours=73)
    )
    assert import_story(update, source_name="port-2.tst").status == IMPORTED
    assert Article.objects.count() == 2
