"""Saved web pages (HTML) behind ``wire.parse``: told by content, read with
trafilatura plus the page's own metadata, finished by the rules every
format shares.

The pages are ``tests/fixtures/formats/html_*.html`` (invented stories,
see its README); every expected value was read off them by hand.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.wire import CaptionData, FormatError, decode, detect_format, parse, parse_text, split_documents

FORMATS = Path(__file__).parent / "fixtures" / "formats"
GST = datetime.timezone(datetime.timedelta(hours=4))


def read(name: str) -> str:
    return decode((FORMATS / name).read_bytes(), name=name)


ARTICLE = "html_article_en.html"
OG_ONLY = "html_og_only.html"


def test_the_article_page_gives_the_story_and_its_metadata():
    s = parse(read(ARTICLE))
    assert s.format == "html"
    # The JSON-LD NewsArticle headline, not og:title or <title> with the site's name.
    assert s.headline == "Sur fishermen get a cold store that runs on sunlight"
    # The JSON-LD datePublished (06:30 +04), not article:published_time (21:00 the day before).
    assert s.published == datetime.datetime(2025, 12, 7, 6, 30, tzinfo=GST)
    # The JSON-LD authors (people), not the "author" meta tag ("Ledger Staff").
    assert s.byline == "Salma Al-Harthi and Tom Reed"
    assert s.language == "en"
    # "SUR:" opens the first paragraph; "— ONA" closes the last.
    assert s.dateline == "SUR"
    assert s.credit == "ONA" and s.credit_known
    assert s.paragraphs == (
        "A cold store powered by solar panels opened at Sur harbour on Saturday, letting the town's "
        "fishermen keep their catch for up to ten days instead of selling it within hours of landing.",
        "The store holds 400 tonnes and was built by the fishermen's cooperative with a loan from the "
        "development bank, the cooperative's chairman said at the opening.",
        "Prices no longer set at dawn",
        "Until now boats landing in the afternoon had to sell at whatever price the few buyers still at "
        "the quay would offer, and much of the kingfish went to waste in the summer months.",
        "Three things change for the cooperative's members:",
        "catch can be held until the Muscat buyers arrive the next morning;",
        "ice no longer has to be trucked in from Ibra;",
        "the diesel generator at the quay is switched off for good.",
        "The cooperative expects to add a second store of the same size in Ras al Hadd by the end of "
        "next year if the first pays its way.",
    )
    assert s.subheadings == (2,)
    # The article's figure, credited (its "Photo:" label off); the related story's figure is no caption of it.
    assert s.captions == (CaptionData("Fishermen unload the first catch at the new cold store in Sur harbour.", "ONA"),)
    assert s.warnings == ()


def test_subheadings_tables_quotes_breaks_preformatted_lines_and_lists_are_kept_as_paragraphs():
    s = parse(read("html_structure_en.html"))
    assert s.headline == "Record field runs the Muscat marathon"  # og:title; the <h1> is not a paragraph
    assert s.published == datetime.date(2026, 1, 18)  # a date without a time
    assert s.dateline == "MUSCAT"
    assert s.paragraphs == (
        "More than twelve thousand runners took part in the Muscat marathon on Saturday, the largest field "
        "since the race was first held along the corniche in 2012.",
        "The men's race was decided in the last kilometre, when the leading group of four broke up on the "
        "climb past the old harbour and the winner pulled away alone.",
        "The leading men",  # <h2>
        "Place | Runner | Time",  # a table row a paragraph, its cells joined
        "1 | Daniel Kiprono | 2:09:41",
        "2 | Yusuf Al-Balushi | 2:09:58",
        "The winner's splits, as the timing company published them:",
        "10 km 30:12",  # each line of the <pre>
        "21 km 1:03:40",
        "30 km 1:30:05",
        "Organisers thanked the volunteers who manned the water stations from four in the morning, and the "
        "police who closed the coast road for seven hours.",
        "We ran into the sunrise and the whole city came out to watch us, it was the best race of my life.",
        "Registration for next year's race opens in March at the following address:",  # split at each <br>
        "Muscat Marathon Office",
        "Al Khuwair, Muscat",
        "Road closures on race day will again include:",
        "the corniche between Muttrah and Al Bustan",  # a list item, its nested list after it
        "from 4 a.m. until noon",
        "Sultan Qaboos Street eastbound at Qurum",
        "The race will be held on the third Saturday of January, as it has been every year since the first edition.",
    )
    assert s.subheadings == (2,)


def test_a_blockquote_wrapped_in_the_source_stays_one_paragraph():
    page = read("html_structure_en.html").replace(
        "<blockquote><p>We ran into the sunrise and the whole city came out to watch us, it was the best race of "
        "my life.</p></blockquote>",
        "<blockquote>We ran into the sunrise and the whole\n   city came out to watch us, it was the best race of "
        "my life.</blockquote>",
    )
    assert (
        "We ran into the sunrise and the whole city came out to watch us, it was the best race of my life."
        in parse(page).paragraphs
    )


def test_nothing_of_the_pages_scripts_styles_comments_or_menus_reaches_the_story():
    s = parse(read(ARTICLE))
    text = s.as_text() + repr(s.as_dict())
    for leak in (
        "SCRIPT-LEAK",
        "STYLE-LEAK",
        "ONERROR-LEAK",
        "onerror",
        "alert",
        "<",
        "COMMENT-LEAK",
        "RELATED-CAPTION",
        "Subscribe now",
        "All rights reserved",
    ):
        assert leak not in text, leak


def test_a_page_without_json_ld_takes_og_title_published_time_and_the_author_tag():
    s = parse(read(OG_ONLY))
    assert s.format == "html"
    # og:title, not <title> ("… repairs - Interior Daily").
    assert s.headline == "Nizwa souq reopens after two years of repairs"
    assert s.published == datetime.datetime(2025, 11, 30, 8, 15, tzinfo=datetime.timezone.utc)
    assert s.byline == "Khalid Al-Rawahi"  # "By Khalid Al-Rawahi" in the author tag
    # "NIZWA (Reuters) -": the dateline, and the agency it names is the credit.
    assert s.dateline == "NIZWA"
    assert s.credit == "Reuters" and s.credit_known
    assert s.paragraphs[0].startswith("The old souq of Nizwa reopened on Sunday")
    assert s.paragraphs[-1] == (
        "Tour operators said they expected the souq to draw back the visitors who had skipped Nizwa "
        "while scaffolding covered the main lanes."
    )
    assert len(s.paragraphs) == 4
    assert not any("Share this article" in p or "Weather" in p for p in s.paragraphs)


def test_a_published_time_in_rfc_2822_form_is_read_too():
    page = read(OG_ONLY).replace("2025-11-30T08:15:00Z", "Sun, 30 Nov 2025 12:15:00 +0400")
    assert parse(page).published == datetime.datetime(2025, 11, 30, 12, 15, tzinfo=GST)


def test_without_a_readable_published_time_the_date_htmldate_finds_is_taken():
    page = (
        read(OG_ONLY)
        .replace(
            '<meta property="article:published_time" content="2025-11-30T08:15:00Z">',
            '<meta property="article:published_time" content="last Sunday">',
        )
        .replace('<div class="story">', '<div class="story"><p class="date">Published 30 November 2025</p>')
    )
    assert parse(page).published == datetime.date(2025, 11, 30)


def test_an_agency_named_as_the_author_is_the_credit_not_a_byline():
    page = read(OG_ONLY).replace("By Khalid Al-Rawahi", "Associated Press").replace("NIZWA (Reuters) - ", "")
    s = parse(page)
    assert s.byline == ""
    assert s.credit == "AP" and s.credit_known


@pytest.mark.parametrize(
    ("opening", "language"),
    [
        ('<html lang="ar-OM">', "ar"),
        ('<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ar">', "ar"),
        ('<html><meta property="og:locale" content="ar_AR">', "ar"),
    ],
)
def test_the_language_the_page_declares_wins(opening, language):
    # The story is English: the declared language is taken over a guess from the text.
    assert parse(read(OG_ONLY).replace('<html lang="en">', opening, 1)).language == language


def test_the_site_name_is_taken_off_a_headline_from_og_title():
    page = read(OG_ONLY).replace(
        '<meta property="og:title" content="Nizwa souq reopens after two years of repairs">',
        '<meta property="og:title" content="Nizwa souq reopens | Interior Daily">'
        '<meta property="og:site_name" content="Interior Daily">',
    )
    assert parse(page).headline == "Nizwa souq reopens"


@pytest.mark.parametrize(
    "opening",
    [
        "<!DOCTYPE html>\n<html>",
        "<!doctype HTML>\n<html>",
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">',
        '<!-- saved by the scraper -->\n<html lang="en">',
        "\ufeff\n  <HTML>",
    ],
)
def test_a_page_is_told_by_its_opening(opening):
    page = read(OG_ONLY).replace('<html lang="en">', opening, 1)
    assert detect_format(page) == "html"
    assert split_documents(page) == [("", page)]
    assert parse(page).headline == "Nizwa souq reopens after two years of repairs"


def test_a_head_alone_opens_a_page_too():
    assert detect_format("<head><title>Storm</title></head><body><p>Rain.</p></body>") == "html"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nitf_full_en.xml", "nitf"),
        ("nitf_doctype.xml", "nitf"),
        ("newsml_full_ar.xml", "newsml-g2"),  # XHTML inside: still NewsML-G2
        ("newsml_message.xml", "newsml-g2"),
        ("ninjs1_full_en.json", "ninjs"),  # body_html inside: still ninjs
        ("iptc7901_stream.txt", "iptc7901"),
    ],
)
def test_documents_carrying_html_inside_stay_their_own_format(name, expected):
    assert detect_format(read(name)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "<p>An XHTML fragment: a body without its page</p>",
        '<div xmlns="http://www.w3.org/1999/xhtml"><p>Storm hits Sur</p></div>',
        "<body><p>A body alone</p></body>",
        "Storm hits Sur\n\nSUR: Rain fell. A reader wrote <html> in his comment.",
        "Storm hits Sur <html> is how the scraper's page began",
        "< Back to news\n<html>",
    ],
)
def test_fragments_and_text_holding_a_tag_are_no_page(text):
    assert detect_format(text) == "text"
    assert parse(text) == parse_text(text)


def test_a_page_without_headline_or_article_is_a_format_error():
    with pytest.raises(FormatError) as raised:
        parse("<!DOCTYPE html><html><head></head><body><nav><a href='/'>Home</a></nav></body></html>")
    assert raised.value.format == "html"


def test_an_entity_a_page_declares_is_never_expanded_and_no_file_is_read():
    page = read(OG_ONLY).replace("Traders who", "&xxe; Traders who")
    page = '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n' + page
    s = parse(page)
    assert s.format == "html"
    assert "root:" not in s.as_text()
    assert s.paragraphs[1].startswith("&xxe; Traders who had moved")


def test_half_a_surrogate_pair_is_refused_with_where_it_stands():
    page = read(OG_ONLY).replace("Traders who", "Traders \udc00who")
    with pytest.raises(FormatError, match=r"^not a usable HTML page: line 13, column \d+: U\+DC00 is half"):
        parse(page)


def test_a_page_over_the_size_limit_is_refused_before_it_is_read():
    with pytest.raises(FormatError, match="too large: the HTML document"):
        parse(read(OG_ONLY), max_size=1000)


PAGE_PARTS = st.lists(
    st.sampled_from(
        [
            "<",
            ">",
            "/",
            "!",
            "-",
            "=",
            '"',
            "'",
            " ",
            "a",
            "b",
            "\n",
            "é",
            "\x00",
            "\ud800",
            "<p>",
            "</p>",
            "<script>",
            "<title>",
            "<h1>",
            "<meta property='og:title' content='x'>",
            "<figure><figcaption>",
            "<br>",
            "<table><tr><td>",
            "<ul><li>",
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": ',
            "Storm hits Sur. ",
        ]
    ),
    max_size=80,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGE_PARTS)
def test_any_page_gives_a_story_or_a_format_error(body):
    try:
        s = parse("<!DOCTYPE html><html>" + body)
    except FormatError as exc:
        assert exc.format == "html"
    else:
        assert s.format == "html" and s.headline and s.paragraphs
