"""IPTC 7901 read as structure, and dpa's dialect of it (``formats/iptc7901.py``, ``formats/dpa.py``).

``tests/fixtures/formats/iptc7901_dpa.txt`` is an invented story in dpa's
layout, in latin-1 as dpa sends it; every expected value below was read
off it by hand.  The peer conformance suite (``../shared/peer_formats``:
Superdesk's dpa fixtures) is read at run time when it is there.
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import pytest

from newsdesk.wire import FormatError, decode, decode_text, detect_format, parse
from tests.test_wire_anpa import assert_peer_field

FORMATS = Path(__file__).parent / "fixtures" / "formats"
UTC = datetime.timezone.utc
SHARED = Path(os.environ.get("NEWSDESK_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")
PEER = SHARED / "peer_formats"


def test_a_latin1_dpa_message_is_read_with_a_warning():
    data = (FORMATS / "iptc7901_dpa.txt").read_bytes()
    decoded = decode_text(data, name="dpa.txt")
    assert "By Jürgen Weiß, dpa =" in decoded.text
    offset = data.index(b"\xfc")  # the ü of Jürgen
    [warning] = decoded.warnings
    assert warning.startswith(f"dpa.txt: not valid UTF-8 (byte 0xfc at offset {offset}); read as latin-1")


def test_a_dpa_message_is_read_as_dpa_lays_it_out():
    text = decode((FORMATS / "iptc7901_dpa.txt").read_bytes(), name="dpa.txt")
    assert detect_format(text) == "iptc7901"
    s = parse(text)
    assert s.format == "iptc7901"
    # Heading "eca0412 3 i 210 ccccb   dpa 0099" and the keyword line "Gulf Shipping/Oman/".
    assert (s.urgency, s.subjects) == (3, ("i",))
    assert s.keywords == ("Gulf Shipping/Oman",)
    assert s.guid == "ECA:Gulf Shipping/Oman"
    # The take keys "REFILE" and "1ST LEAD" above the headline: the second version, an update.
    assert (s.version, s.signals) == (2, ("update",))
    # dpa closes the heading block with " =".
    assert s.headline == "Oman's Sohar port reopens after storm"
    assert s.byline == "Jürgen Weiß, dpa"
    assert (s.dateline, s.credit, s.credit_known) == ("Muscat", "dpa", True)
    # Every paragraph, wrapped lines joined; the figures in columns kept line by line.
    assert s.paragraphs == (
        "The port of Sohar reopened on Sunday, a day after a storm closed it, Oman's transport ministry said.",
        "Ships waiting off the coast began to move in at dawn, the ministry said. "
        "Trade was expected to pick up within days.",
        "Cargo handled in November, in tonnes:",
        "Sohar        1,200,000     +4%\nDuqm           640,000     -2%\nSalalah        910,000     +1%",
        "The storm also closed the coastal road to Sur for six hours.",
    )
    # The notebook is for editors; the initials line "dpa jw abc" is nobody's text.
    assert s.note == (
        "dpa NOTEBOOK Internet links [Ministry statement](http://example.com/sohar) "
        "The following information is not for publication"
    )
    assert "jw abc" not in " ".join(s.paragraphs) + s.note
    # The trailer after ETX: "141230 GMT Dec 25".
    assert s.published == datetime.datetime(2025, 12, 14, 12, 30, tzinfo=UTC)
    assert s.warnings == ()


def test_text_lines_no_scraped_page_rule_would_keep_stay_in_an_agency_body():
    # Lines the plain-text parser takes for page furniture or a story's end
    # ("Related:", "Read more", a run of blank lines) are story text here.
    text = (
        "\x01ONA0500 4 GEN 0050\r\nOMAN-LIBRARY/\r\n\x02OMAN-LIBRARY/\n"
        "Muscat library opens reading room\n"
        "   MUSCAT, Dec 14 (ONA) - The national library opened a reading room on Sunday.\n"
        "\n\n\n\n\n\n"
        "   Related:\n"
        "   Read more\n"
        "   The room holds 4,000 books, the library said.\n"
        "\x03\x04"
    )
    s = parse(text)
    assert s.paragraphs == (
        "The national library opened a reading room on Sunday.",
        "Related:",
        "Read more",
        "The room holds 4,000 books, the library said.",
    )


def test_a_text_without_blank_or_indented_lines_is_cut_at_short_sentence_ends():
    text = "ZCZC ONA0501 4 GEN 0040\nOMAN-RAIN/\nRain expected over the Hajar mountains\nNNNN\n"
    with pytest.raises(FormatError, match="not a usable IPTC 7901 item: it has no story text"):
        parse(text)  # a headline alone
    text = (
        "ZCZC ONA0502 4 GEN 0040\n"
        "OMAN-RAIN/\n"
        "Rain expected over the Hajar mountains\n"
        "MUSCAT: Rain is expected over the Hajar mountains from Monday, the\n"
        "meteorology office said.\n"
        "Wadis may flow, and drivers should take care, it added in a statement.\n"
        "NNNN\n"
    )
    s = parse(text)
    assert s.dateline == "MUSCAT"
    assert s.paragraphs == (
        "Rain is expected over the Hajar mountains from Monday, the meteorology office said.",
        "Wadis may flow, and drivers should take care, it added in a statement.",
    )


def _peer_cases() -> list[str]:
    if not (PEER / "expected.json").exists():
        return []
    expected = json.loads((PEER / "expected.json").read_text("utf-8"))
    return sorted(name for name, case in expected.items() if name != "_about" and case["format"] == "iptc7901")


@pytest.mark.skipif(not (PEER / "expected.json").exists(), reason=f"the peer conformance suite is not at {PEER}")
@pytest.mark.parametrize("name", _peer_cases() or ["(none)"])
def test_peer_7901_fixtures_read_as_the_peer_expects_and_whole(name):
    case = json.loads((PEER / "expected.json").read_text("utf-8"))[name]
    text = decode((PEER / "fixtures" / name).read_bytes(), name=name)
    s = parse(text)
    assert s.format == "iptc7901"
    for field, want in {**case["doc"], **case["check"]}.items():
        assert_peer_field(s, field, want)
    # The whole message is read: nine in ten of the words between STX and ETX
    # are in the story (dpa bodies were cut to 3-7% by the text parser's rules).
    words = text[text.index("\x02") + 1 : text.index("\x03")].split()
    kept = set(" ".join([s.headline, s.byline, s.dateline, s.note, *s.paragraphs]).split())
    assert sum(word in kept for word in words) / len(words) > 0.9
