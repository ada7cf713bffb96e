"""Each recogniser of the wire parser on its own, on lines written for the test."""

from __future__ import annotations

import pytest

from newsdesk.wire import DEFAULT_AGENCIES, DEFAULT_CHROME_PHRASES, WireDecodeError, decode, fingerprint, parse
from newsdesk.wire.agencies import AgencyIndex
from newsdesk.wire.body import detect_language, headline_from_paragraph, is_subheading
from newsdesk.wire.bylines import match_byline
from newsdesk.wire.chrome import ChromeMatcher, is_masthead
from newsdesk.wire.credits import match_caption, match_trailing_credit
from newsdesk.wire.datelines import match_dateline
from newsdesk.wire.header import parse_date_bar, parse_temperatures, weather_from_lines
from newsdesk.wire.hygiene import clean_lines

INDEX = AgencyIndex(DEFAULT_AGENCIES)


# --- input hygiene ----------------------------------------------------------

def test_clean_lines_handles_bom_line_ends_and_odd_spaces():
    text = "\ufeffOne\u00a0two\tthree\r\nfour\u200b five\rsix\u2028seven"
    assert clean_lines(text) == ["One two three", "four five", "six", "seven"]


def test_decode_strips_bom_and_reads_cp1256():
    assert decode(b"\xef\xbb\xbfMuscat") == "Muscat"
    assert decode("مسقط".encode("cp1256"), encoding="cp1256") == "مسقط"
    assert decode(b"caf\xe9", encoding="latin-1") == "café"


def test_decode_error_names_file_and_byte_offset():
    with pytest.raises(WireDecodeError) as caught:
        decode(b"Muscat \xff\xfe oops", name="story.txt")
    assert "story.txt" in str(caught.value)
    assert "offset 7" in str(caught.value)
    assert "0xff" in str(caught.value)
    assert caught.value.offset == 7
    assert isinstance(caught.value, ValueError)


def test_decode_unknown_encoding_is_a_decode_error():
    with pytest.raises(WireDecodeError, match="unknown text encoding"):
        decode(b"x", encoding="no-such-codec", name="a.txt")


def test_fingerprint_ignores_invisible_differences():
    base = "Headline\n\nFirst paragraph here.\n\nSecond one.\n"
    variants = [
        "\ufeff" + base,
        base.replace("\n", "\r\n"),
        base.replace("\n", "\r"),
        "Headline   \n\n\n\n\nFirst\u00a0paragraph  here.\n\nSecond\u200b one.",
        "  Headline\n\n\tFirst paragraph here.\n\n\nSecond one.\n\n\n",
    ]
    expected = fingerprint(base)
    assert len(expected) == 64 and int(expected, 16) >= 0
    for variant in variants:
        assert fingerprint(variant) == expected, repr(variant)


def test_fingerprint_sees_real_differences():
    assert fingerprint("Headline\n\nOne.") != fingerprint("Headline\n\nTwo.")
    assert fingerprint("a b") != fingerprint("ab")


# --- header: date bar and weather ---------------------------------------------

def test_date_bar_is_read_through_the_calendar_parser():
    found = parse_date_bar("Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H")
    assert found is not None
    assert found.gregorian.isoformat() == "2025-12-07"
    assert (found.hijri.year, found.hijri.month, found.hijri.day) == (1447, 6, 15)


def test_headline_with_a_number_is_not_a_date_bar():
    assert parse_date_bar("Oman to build 2025 new homes") is None
    assert parse_date_bar("x" * 200 + " 2025") is None


@pytest.mark.parametrize(
    "line, expected",
    [
        ("19°C / 19°C", (19, 19, "C")),
        ("31°C / 24°C", (24, 31, "C")),
        ("66°F - 75°F", (66, 75, "F")),
        ("-3 °C", (-3, -3, "C")),
        ("28℃", (28, 28, "C")),
        ("22.5° / 30°", (22.5, 30, "C")),
    ],
)
def test_temperatures(line, expected):
    found = parse_temperatures(line)
    assert (found.low, found.high, found.unit) == expected


@pytest.mark.parametrize("line", ["19 / 19", "Temperatures reached 45°C on Sunday", "OMAN"])
def test_not_temperatures(line):
    assert parse_temperatures(line) is None


def test_weather_lines_location_in_capitals_either_order():
    temps = parse_temperatures("19°C / 21°C")
    assert weather_from_lines(["broken clouds", "OMAN"], temps).location == "OMAN"
    reading = weather_from_lines(["MUSCAT", "light rain"], temps)
    assert (reading.location, reading.description) == ("MUSCAT", "light rain")
    reading = weather_from_lines(["Sunny", "Muscat"], temps)
    assert (reading.location, reading.description) == ("Muscat", "Sunny")


def test_weather_block_in_arabic_page():
    story = parse("سماء صافية\nالطقس\nمسقط\n24°C / 30°C\nعنوان الخبر\n\nنص الخبر الأول هنا.")
    assert story.weather.location == "مسقط"
    assert story.weather.description == "سماء صافية"
    assert story.headline == "عنوان الخبر"


# --- chrome -------------------------------------------------------------------

@pytest.mark.parametrize(
    "line",
    ["minus", "plus", "A+", "SHARE ARTICLE", "Print", "arrow up", "home icon", "No Image",
     "Related", "Read more", "Read more: Oman dates festival", "  Share  »", "طباعة"],
)
def test_default_chrome(line):
    assert ChromeMatcher().is_chrome(line)


@pytest.mark.parametrize(
    "line",
    ["Share prices rose on Monday.", "Related talks were held in Muscat.",
     "The editor in chief said the paper would grow."],
)
def test_not_chrome(line):
    assert not ChromeMatcher().is_chrome(line)


def test_mastheads():
    assert is_masthead("EDITOR IN CHIEF- ABDULLAH BIN SALIM AL SHUEILI")
    assert is_masthead("Editor-in-Chief: Khalid Al Ahmad")
    assert is_masthead("رئيس التحرير: محمد")
    assert not is_masthead("Editor in chief of the paper spoke on Monday")


def test_site_phrases_extend_the_defaults():
    matcher = ChromeMatcher(["Download our app", "Sponsored by*"])
    assert matcher.is_chrome("DOWNLOAD OUR APP")
    assert matcher.is_chrome("Sponsored by Bank Muscat")
    assert matcher.is_chrome("minus")  # defaults still apply
    assert "share article" in DEFAULT_CHROME_PHRASES


def test_parse_passes_site_phrases():
    # "Ledger Live Tonight" alone between two paragraphs reads as a subheading;
    # named as the site's phrase, it is furniture.
    text = (
        "Harbour works begin in Muttrah\n\nMUSCAT: Body text of the story, long enough to be a paragraph.\n\n"
        "Ledger Live Tonight\n\nThe second paragraph of the story follows here.\n"
    )
    assert parse(text).paragraphs[1] == "Ledger Live Tonight"
    story = parse(text, chrome_phrases=["Ledger live tonight"])
    assert story.dropped == ("Ledger Live Tonight",)
    assert story.paragraphs == (
        "Body text of the story, long enough to be a paragraph.",
        "The second paragraph of the story follows here.",
    )


# --- captions and credits -------------------------------------------------------

@pytest.mark.parametrize(
    "line, text, credit, known",
    [
        ("Boats in Muttrah. — Reuters", "Boats in Muttrah.", "Reuters", True),
        ("Boats in Muttrah - AFP", "Boats in Muttrah", "AFP", True),
        ("Boats in Muttrah (AFP)", "Boats in Muttrah", "AFP", True),
        ("Boats in Muttrah. Photo: Reuters", "Boats in Muttrah.", "Reuters", True),
        ("Boats in Muttrah. AFP photo", "Boats in Muttrah.", "AFP", True),
        ("Boats in Muttrah. (Photo by Jane Doe)", "Boats in Muttrah.", "Jane Doe", False),
        ("Boats in Muttrah. — Agence France-Presse", "Boats in Muttrah.", "AFP", True),
        ("Boats in Muttrah. — Reuters/Ahmed Jadallah", "Boats in Muttrah.", "Reuters", True),
        ("قوارب في مطرح. — العُمانية", "قوارب في مطرح.", "ONA", True),
    ],
)
def test_caption_credit_forms(line, text, credit, known):
    found = match_caption(line, INDEX)
    assert (found.text, found.credit, found.known) == (text, credit, known)


@pytest.mark.parametrize(
    "line",
    ["The talks (United Nations)", "Russia -- which occupies swathes -- has had momentum.",
     "A plain sentence."],
)
def test_not_captions(line):
    assert match_caption(line, INDEX) is None


@pytest.mark.parametrize(
    "paragraph, text, credit",
    [
        ("He left. — AFP", "He left.", "AFP"),
        ("He left. — ONA", "He left.", "ONA"),
        ("He left. -ONA", "He left.", "ONA"),
        ("He left (Reuters)", "He left", "Reuters"),
        ("غادر. — العمانية", "غادر.", "ONA"),
        ("غادر. /العمانية/", "غادر.", "ONA"),
        ("— KUNA", "", "KUNA"),
    ],
)
def test_trailing_credit_forms(paragraph, text, credit):
    found = match_trailing_credit(paragraph, INDEX)
    assert (found.text, found.credit) == (text, credit)


def test_trailing_credit_absent():
    assert match_trailing_credit("He left on Sunday.", INDEX) is None


def test_agencies_passed_in_replace_the_defaults():
    agencies = {"oman observer": "Observer", "OO": "Observer"}
    story = parse("Headline\n\nMUSCAT: Text. — Oman Observer\n", agencies=agencies)
    assert (story.credit, story.credit_known, story.warnings) == ("Observer", True, ())
    story = parse("Headline\n\nMUSCAT: Text. — AFP\n", agencies=agencies)
    assert (story.credit, story.credit_known) == ("AFP", False)
    assert story.warnings == (
        "Unknown agency “AFP” in the wire credit; kept as printed. Add it to the wire "
        "credits to have it recognised.",
    )


def test_caption_never_left_in_the_body():
    text = (
        "Headline\n\nMUSCAT: First paragraph of the story.\n\n"
        "A crowd at the souq. — Reuters\n\nSecond paragraph.\n\nLast one. — AFP\n"
    )
    story = parse(text)
    assert [c.text for c in story.captions] == ["A crowd at the souq."]
    assert story.paragraphs == ("First paragraph of the story.", "Second paragraph.", "Last one.")


# --- datelines and bylines --------------------------------------------------------

@pytest.mark.parametrize(
    "paragraph, place, agency, rest",
    [
        ("WASHINGTON: Russia and", "WASHINGTON", "", "Russia and"),
        ("MUSCAT, Dec 7 — The ministry", "MUSCAT, Dec 7", "", "The ministry"),
        ("LONDON (Reuters) - Oil prices", "LONDON", "Reuters", "Oil prices"),
        ("DUBAI — The UAE", "DUBAI", "", "The UAE"),
        ("ABU DHABI: Etihad", "ABU DHABI", "", "Etihad"),
        ("Muscat: The ministry", "Muscat", "", "The ministry"),
        ("مسقط - العمانية: افتتح", "مسقط", "العمانية", "افتتح"),
        ("القاهرة (رويترز) - رفعت", "القاهرة", "رويترز", "رفعت"),
        ("مسقط في 7 ديسمبر /العمانية/ افتتح", "مسقط", "العمانية", "افتتح"),
    ],
)
def test_datelines(paragraph, place, agency, rest):
    found = match_dateline(paragraph)
    assert (found.place, found.agency, found.rest) == (place, agency, rest)


@pytest.mark.parametrize(
    "paragraph",
    ["US President Donald Trump said", "COVID-19 cases rose", "Meanwhile - the talks",
     "The ministry said on Sunday"],
)
def test_not_datelines(paragraph):
    assert match_dateline(paragraph) is None


@pytest.mark.parametrize(
    "line, name, agency",
    [
        ("By Jane Doe", "Jane Doe", ""),
        ("BY JANE DOE", "JANE DOE", ""),
        ("By Salim Al Harthy, Reuters", "Salim Al Harthy", "Reuters"),
        ("Jane Doe / AFP", "Jane Doe", "AFP"),
        ("بقلم: سالم الحارثي", "سالم الحارثي", ""),
    ],
)
def test_bylines(line, name, agency):
    found = match_byline(line)
    assert (found.name, found.agency) == (name, agency)


@pytest.mark.parametrize("line", ["By the end of the year, prices rose.", "Oman / GCC / trade"])
def test_not_bylines(line):
    assert match_byline(line) is None


# --- headline, subheadings, language ----------------------------------------------

def test_fallback_headline_is_the_first_sentence_cut_at_a_word():
    assert headline_from_paragraph("Talks resumed. Both sides met.") == "Talks resumed."
    long = "The ministry said " + "the new road " * 20 + "would open."
    cut = headline_from_paragraph(long)
    assert cut.endswith("…") and len(cut) <= 150 and long.startswith(cut[:-1])


def test_subheadings():
    assert is_subheading("Who is affected")
    assert is_subheading("ردود الفعل")
    assert not is_subheading("The ministry said so.")
    assert not is_subheading("and then")
    assert not is_subheading('"We are ready"')


def test_language():
    assert detect_language("Muscat is the capital.") == "en"
    assert detect_language("مسقط هي عاصمة سلطنة عمان، وتقع على البحر.") == "ar"
    assert detect_language("The word مسقط means a place") == "en"
