"""ninjs 3 and delivery envelopes, NewsML 1, items that are no text story,
and documents refused by name.

The files are ``tests/fixtures/formats/`` (its README says what each is);
every expected value below is read off those files by hand.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from newsdesk.wire import FormatError, NotText, decode, detect_format, parse, split_documents

FORMATS = Path(__file__).parent / "fixtures" / "formats"
GST = datetime.timezone(datetime.timedelta(hours=4))


def read(name: str) -> str:
    return decode((FORMATS / name).read_bytes(), name=name)


# --- ninjs ---------------------------------------------------------------------------


def test_ninjs_3_camel_case_keys_and_html_bodies_are_read():
    story = parse(read("ninjs3_text.json"))
    assert story.format == "ninjs"
    assert story.headline == "Sohar port handles record cargo"
    assert (story.guid, story.version, story.urgency) == ("urn:ona:2025:sohar-port-0519", 3, 4)
    assert story.published == datetime.datetime(2025, 12, 7, 9, 30, tzinfo=GST)  # firstCreated
    assert story.embargo == datetime.datetime(2025, 12, 7, 12, 0, tzinfo=GST)  # embargoedUntil
    assert story.credit == "ONA"  # copyrightHolder "Oman News Agency"
    assert story.language == "en"
    assert story.byline == "Aisha Al-Balushi"  # bylines[].byline
    assert story.dateline == "SOHAR"
    # The text/html body (contentType), read as structure, not its raw <section> markup.
    assert story.paragraphs == (
        "Sohar port handled a record 80 million tonnes of cargo this year.",
        "Next year",
        "Officials expect more next year.",
    )
    assert story.subheadings == (1,)


def test_superdesk_ninjs_in_an_item_envelope_gives_its_guid():
    text = read("ninjs_superdesk_envelope.json")
    assert detect_format(text) == "ninjs"
    story = parse(text)
    assert story.headline == "Nizwa souq reopens after restoration"
    assert story.guid == "urn:newsml:localhost:2025-12-07T07:00:00:5f1c2a4e-0d1b-4c8e-9a77-2b6f0c1d9e33"
    assert story.version == 2
    assert story.paragraphs == ("The old souq in Nizwa reopened on Sunday after two years of restoration.",)


@pytest.mark.parametrize(
    ("name", "kind", "fmt"),
    [
        ("ninjs_picture.json", "picture", "ninjs"),
        ("ninjs_ap_media_envelope.json", "video", "ninjs"),  # inside AP's data/item envelope
        ("newsml_picture_item.xml", "picture", "newsml-g2"),
        ("newsml_statistics_item.xml", "statistics", "newsml-g2"),  # ninat:text, but SportsML standings
    ],
)
def test_an_item_that_is_no_text_story_is_not_text(name, kind, fmt):
    with pytest.raises(NotText) as caught:
        parse(read(name))
    assert (caught.value.kind, caught.value.format) == (kind, fmt)
    assert str(caught.value).startswith("not text: ")
    assert kind in str(caught.value)
    assert isinstance(caught.value, FormatError)  # no story, for callers that ask only that


# --- NewsML 1 ------------------------------------------------------------------------


def test_a_newsml_1_item_is_read():
    text = read("newsml1_text.xml")
    assert detect_format(text) == "newsml-1"
    story = parse(text)
    assert story.format == "newsml-1"
    assert story.headline == "Le Conseil d'Oman approuve le budget 2026"
    assert story.standfirst == "Les dépenses augmentent de 4 %."
    # The identity without the revision, so revision 2 updates revision 1.
    assert story.guid == "urn:newsml:ona.om:20251207:TX-MCT-0412"
    assert (story.version, story.urgency) == (2, 3)
    assert story.published == datetime.datetime(2025, 12, 7, 6, 0, tzinfo=GST)  # FirstCreated
    # Status Embargoed until StatusWillChange/DateAndTime.
    assert story.pubstatus == "usable"
    assert story.embargo == datetime.datetime(2025, 12, 7, 12, 0, tzinfo=GST)
    assert story.signals == ("correction",)
    assert story.dateline == "MASCATE"
    assert story.credit == "ONA"
    assert story.language == "fr"
    assert story.subjects == ("04018000",)
    assert story.keywords == ("Oman-budget", "budget")
    # The NITF body as structure; the photo component is a caption.
    assert story.paragraphs == (
        "Le Conseil de la Choura a approuvé dimanche le budget de l'an prochain.",
        "Les chiffres",
        "Les dépenses atteignent 12,6 milliards de rials.",
    )
    assert story.subheadings == (1,)
    assert [(c.text, c.credit) for c in story.captions] == [
        ("Les membres du Conseil votent le budget à Mascate.", "ONA")
    ]


def test_a_newsml_1_document_of_two_items_splits_and_an_html_body_is_read():
    pieces = split_documents(read("newsml1_html_two_items.xml"))
    assert [suffix for suffix, _ in pieces] == ["#1", "#2"]
    first = parse(pieces[0][1])
    assert first.headline == "Harbour jobs up in Piraeus"
    assert first.guid == "urn:newsml:agency.example.gr:20251207:555001"
    assert first.paragraphs == (
        "Piraeus harbour hired 300 more workers this year.",
        "Most of them work on the container quays.",
    )
    assert first.subjects == ("Employment",)  # the topic's English name, not its code
    assert first.language == "en"
    assert first.dateline == ""  # "7/12/2025" names no place
    with pytest.raises(NotText) as caught:
        parse(pieces[1][1])  # a photo, no text
    assert caught.value.kind == "picture"


# --- refused by name -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt", "words"),
    [
        ("newsml_package.xml", "newsml-g2", "a NewsML-G2 package, not a story"),
        ("wordpress_export.xml", "feed", "a WordPress export (WXR), not a story"),
        ("atom_feed.xml", "feed", "an Atom feed, not a story"),
        ("email_message.txt", "email", "an e-mail message, not a story"),
        ("rbnews_other_xml.xml", "xml", "a Ritzau news document (RBNews XML), not a format newsdesk reads"),
    ],
)
def test_documents_that_are_no_story_are_refused_by_name(name, fmt, words):
    text = read(name)
    assert detect_format(text) == fmt
    with pytest.raises(FormatError) as caught:
        parse(text)
    assert not isinstance(caught.value, NotText)
    assert caught.value.format == fmt
    assert words in str(caught.value)


def test_a_story_that_opens_with_subject_and_date_lines_is_still_text():
    # Header-like lines, but none a message only gets by going through mail.
    text = "Subject: Oman budget\nDate: 7 December 2025\nDesk: Business\n\nMUSCAT: The Shura Council approved it."
    assert detect_format(text) == "text"


def test_an_xhtml_page_is_not_refused_as_other_xml():
    page = '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>x</p></body></html>'
    assert detect_format(page) != "xml"
