"""Properties of the parser over generated input (hypothesis, bounded runs)."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsdesk.wire import DEFAULT_CHROME_PHRASES, FormatError, detect_format, fingerprint, parse, parse_text

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = (
    "the ministry said talks would continue in muscat on sunday after officials met "
    "traders ports oil prices rose fell sharply week year government plan new road "
    "schools families visitors festival water desert coast city council budget"
).split()
ARABIC_WORDS = "قال الوزير إن المحادثات ستستمر في مسقط يوم الأحد بعد اجتماع المسؤولين".split()
CHROME = [p for p in DEFAULT_CHROME_PHRASES if not p.endswith("*")]
AGENCIES = ["AFP", "Reuters", "ONA", "WAM", "KUNA", "العمانية"]

# Text that reaches the recognisers: line breaks, dashes, brackets, colons,
# degrees, digits, Arabic letters, invisible and odd spaces.
NASTY = st.lists(
    st.sampled_from(
        list("aAzZ019 .,:;()/-—–°CF|\n\r\t") + ["\u00a0", "\u200b", "\ufeff", "م", "ع", "ة"]
        + ["Reuters", "AFP", "Photo:", "By ", "MUSCAT", "minus", "Related", "\n\n",
           "Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H", "19°C / 19°C"]
    ),
    max_size=200,
).map("".join)


def sentence(words: list[str]) -> str:
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


paragraphs_st = st.lists(
    st.lists(st.sampled_from(WORDS), min_size=12, max_size=40).map(sentence),
    min_size=1, max_size=8,
)
headline_st = st.lists(st.sampled_from(WORDS), min_size=3, max_size=8).map(
    lambda words: " ".join(words).capitalize()
)
CAPTION_WORDS = "crowds boats harbour lanterns sunset dhow fishermen camels dunes souq".split()
caption_st = st.tuples(
    st.lists(st.sampled_from(CAPTION_WORDS), min_size=4, max_size=12).map(sentence),
    st.sampled_from(["— Reuters", "- AFP", "(AFP)", "Photo: Reuters", "AFP photo"]),
)


@st.composite
def stories(draw):
    """A scraped page: headline, captions (some twice), chrome anywhere, body, credit."""
    headline = draw(headline_st)
    paragraphs = draw(paragraphs_st)
    captions = draw(st.lists(caption_st, max_size=3, unique_by=lambda c: c[0]))
    chrome = draw(st.lists(st.sampled_from(CHROME), max_size=5))
    credit = draw(st.sampled_from(["", *AGENCIES]))
    lines = [headline]
    for text, mark in captions:
        lines.append(f"{text} {mark}")
        if draw(st.booleans()):
            lines.append(f"{text} {mark}")
    body = list(paragraphs)
    if credit:
        body[-1] = f"{body[-1]} — {credit}"
    lines.extend(body)
    for phrase in chrome:
        lines.insert(draw(st.integers(0, len(lines))), phrase)
    if lines[0] in CHROME:  # a phrase on top is still chrome, but keep the headline first
        lines.append(lines.pop(0))
    separator = draw(st.sampled_from(["\n", "\n\n", "\r\n\r\n", "\n\n\n"]))
    return separator.join(lines), headline, paragraphs, captions, chrome


@BOUNDED
@given(st.text(max_size=2000))
@example("\x02\x01")  # an IPTC 7901 stream with no heading: refused, by name
def test_parse_never_raises_on_any_text(text):
    # The text parser reads anything; a document an agency format claims
    # (a stray SOH/STX makes an IPTC 7901 stream) may be refused, but only
    # with a FormatError naming that format.
    assert isinstance(parse_text(text).paragraphs, tuple)
    try:
        story = parse(text)
    except FormatError as refusal:
        assert detect_format(text) != "text"
        assert refusal.format == detect_format(text)
    else:
        assert isinstance(story.paragraphs, tuple)


@BOUNDED
@given(NASTY)
def test_parse_never_raises_on_text_full_of_marks(text):
    story = parse_text(text)
    story.as_dict()
    assert len(fingerprint(text)) == 64


@BOUNDED
@given(stories())
def test_no_chrome_or_caption_in_the_body_and_order_kept(story_input):
    text, headline, paragraphs, captions, chrome = story_input
    story = parse(text)
    body = set(story.paragraphs)
    for phrase in chrome:
        assert phrase not in body
    for caption_text, _mark in captions:
        assert not any(caption_text in p for p in story.paragraphs)
    assert [c.text for c in story.captions] == [c[0] for c in captions]
    assert story.headline == headline
    assert story.paragraphs == tuple(paragraphs)


@BOUNDED
@given(stories())
def test_reparsing_the_output_text_is_stable(story_input):
    first = parse(story_input[0])
    second = parse(first.as_text())
    for field in ("headline", "standfirst", "byline", "dateline", "paragraphs", "subheadings",
                  "credit", "credit_known", "captions", "language"):
        assert getattr(second, field) == getattr(first, field), field
    assert second.as_text() == first.as_text()


@BOUNDED
@given(st.text(max_size=600))
def test_output_text_is_a_fixed_point_after_one_round(text):
    once = parse_text(parse_text(text).as_text()).as_text()
    assert parse_text(once).as_text() == once


@BOUNDED
@given(st.lists(st.lists(st.sampled_from(ARABIC_WORDS), min_size=6, max_size=20), min_size=1,
                max_size=5))
def test_arabic_paragraphs_kept_in_order(word_lists):
    paragraphs = [" ".join(words) + "." for words in word_lists]
    story = parse("عنوان الخبر\n\n" + "\n\n".join(paragraphs))
    assert story.paragraphs == tuple(paragraphs)
    assert story.language == "ar"


# Furniture of kinds the parser recognises by what it is, not by a site's
# list: built-in phrases, invitations to the reader, gallery counters,
# publication-date lines, a "Related" heading with its links.
FURNITURE_RUNS = st.sampled_from([
    ["Short Url"], ["• English", "• Arabic"], ["TT"], ["1 / 4"], ["Follow"],
    ["Subscribe to our newsletter"], ["Leave a comment"], ["Post a Comment", "Your Name :"],
    ["Updated 30 May 2024"], ["PUBLISHED: Sat 28 Feb 2026"], ["اترك تعليقاً"],
    ["Related", "Oman opens new port terminal", "Muscat hosts trade fair"],
    ["Read more: Oman opens new port terminal"], ["Did you like this section? Leave a comment!"],
    ["Share more."], ["No comments yet..."],
])


@st.composite
def stories_with_furniture(draw):
    """A clean story (headline, dateline, paragraphs) with runs of furniture between paragraphs."""
    headline = draw(headline_st)
    paragraphs = draw(st.lists(
        st.lists(st.sampled_from(WORDS), min_size=12, max_size=40).map(sentence), min_size=2, max_size=6,
    ))
    lines = [headline, f"MUSCAT: {paragraphs[0]}"]
    furniture: list[str] = []
    for paragraph in paragraphs[1:]:
        for run in draw(st.lists(FURNITURE_RUNS, max_size=2)):
            lines.extend(run)
            furniture.extend(run)
        lines.append(paragraph)
    for run in draw(st.lists(FURNITURE_RUNS, max_size=3)):  # and after the story
        lines.extend(run)
        furniture.extend(run)
    return "\n\n".join(lines), headline, paragraphs, furniture


@BOUNDED
@given(stories_with_furniture())
def test_furniture_between_paragraphs_never_reaches_the_body_and_the_story_is_never_cut(story_input):
    text, headline, paragraphs, furniture = story_input
    story = parse(text)
    assert story.headline == headline
    assert story.dateline == "MUSCAT"
    assert story.paragraphs == tuple(paragraphs)
    assert story.subheadings == ()
    for line in furniture:
        assert line not in story.paragraphs
