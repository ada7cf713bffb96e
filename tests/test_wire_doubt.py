"""Story text is never lost silently, and a doubt comes with what else it could be.

Learnt furniture that reads as a paragraph between two of the story's
paragraphs is kept with a warning naming it; a body the parser ends early
says before which line and why; a headline chosen without being sure
offers its runner-up in ``WireStory.alternatives``.  Every page here is
invented; every expected value is the text written below.
"""

from __future__ import annotations

from newsdesk.wire import parse, parse_text
from newsdesk.wire.line_model import HAND_RULES
from tests.wire_import_support import COURT_HEADLINE, COURT_SECTION_LABEL, court_page

HEADLINE = "Lantern festival lights up the old harbour of Sur"
FIRST = (
    "SUR: Thousands of families walked along the old harbour of Sur on Thursday evening as hundreds "
    "of paper lanterns were lit on the water for the opening night."
)
FIRST_WITHOUT_DATELINE = FIRST.removeprefix("SUR: ")
SECOND = (
    "Organisers said more than forty boat builders had lent their workshops to the event, and that the "
    "lanterns had been made by pupils of the town's schools over the past month."
)
THIRD = (
    "The festival closes on Saturday with a parade of traditional dhows, weather permitting, the "
    "organisers added in a statement."
)
# The paper prints this background paragraph in every festival story: on
# three pages of the source it is learnt like the paper's furniture.
BACKGROUND = "The festival, now in its twelfth year, draws visitors from across the Gulf every winter."
# A sentence the paper prints under every story: learnt, and not the story's.
SIGN_OFF = "Send your pictures of the festival to the Sur Courier and we may print them this week."


def page(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


def test_a_learnt_background_paragraph_between_paragraphs_stays_with_a_warning_naming_it():
    text = page(HEADLINE, "By Mariam Al Harthi", FIRST, SECOND, BACKGROUND, THIRD, SIGN_OFF)
    story = parse(text, furniture=[BACKGROUND, SIGN_OFF])
    assert story.paragraphs == (FIRST_WITHOUT_DATELINE, SECOND, BACKGROUND, THIRD)
    assert BACKGROUND not in story.dropped
    assert SIGN_OFF in story.dropped  # after the story's last paragraph: the source's furniture
    warnings = [w for w in story.warnings if BACKGROUND in w]
    assert len(warnings) == 1
    assert "although it is learnt furniture of this source" in warnings[0]
    assert not any(SIGN_OFF in w for w in story.warnings)


def test_a_learnt_short_line_between_paragraphs_is_still_dropped_without_a_word():
    # "Tip us off" recurs too, but is no paragraph: furniture, as before.
    story = parse(page(HEADLINE, FIRST, SECOND, "Tip us off", BACKGROUND, THIRD),
                  furniture=["Tip us off", BACKGROUND])
    assert story.paragraphs == (FIRST_WITHOUT_DATELINE, SECOND, BACKGROUND, THIRD)
    assert story.dropped == ("Tip us off",)
    assert [w for w in story.warnings if "learnt furniture" in w] == [
        next(w for w in story.warnings if BACKGROUND in w)
    ]


RELATED_LINKS = [
    "Muscat traffic plan announced",
    "New ferry route to Masirah",
    "Dates harvest begins early",
    "Schools reopen after holiday",
    "Rain expected in the north",
]
AFTER_CUT = [
    THIRD,
    "Tickets for the closing night are free and can be collected from the harbour office until Friday, "
    "the organisers said.",
]


def test_a_body_ended_at_a_related_heading_names_the_line_the_reason_and_the_text_left_out():
    story = parse(page(HEADLINE, FIRST, SECOND, "Related", *RELATED_LINKS, *AFTER_CUT))
    assert story.paragraphs == (FIRST_WITHOUT_DATELINE, SECOND)
    [warning] = [w for w in story.warnings if "ended before" in w]
    assert "ended before “Related”" in warning
    assert "‘Related’ heading" in warning
    assert "2 of them paragraphs of text" in warning  # THIRD and the tickets paragraph
    assert "body_end" in story.doubtful


def test_learnt_prose_left_out_after_an_early_end_counts_as_text_left_out():
    text = page(HEADLINE, FIRST, SECOND, "Related", *RELATED_LINKS, AFTER_CUT[0], BACKGROUND, AFTER_CUT[1])
    story = parse(text, furniture=[BACKGROUND])
    assert story.paragraphs == (FIRST_WITHOUT_DATELINE, SECOND)
    [warning] = [w for w in story.warnings if "ended before" in w]
    assert "the 3 line(s) after it, 3 of them paragraphs of text," in warning


def test_a_body_ended_at_a_teaser_names_the_teasers_title():
    teaser = "Dhow builders of Sur race to finish new boats"
    story = parse(page(HEADLINE, FIRST, SECOND, teaser, teaser, *AFTER_CUT))
    assert story.paragraphs == (FIRST_WITHOUT_DATELINE, SECOND)
    [warning] = [w for w in story.warnings if "ended before" in w]
    assert f"ended before “{teaser}”" in warning
    assert f"another story’s title printed twice (a teaser), “{teaser}”" in warning


# --- alternatives ------------------------------------------------------------

COURT_PAGE = court_page(COURT_SECTION_LABEL)


def test_a_section_label_above_the_headline_leaves_the_real_headline_as_the_alternative():
    story = parse_text(COURT_PAGE, line_model=HAND_RULES)
    # The hand rules' choice: the three-word section label wins and the
    # headline is read as the standfirst.  The runner-up is offered.
    assert (story.headline, story.standfirst) == (COURT_SECTION_LABEL, COURT_HEADLINE)
    assert story.alternatives == {"headline": COURT_HEADLINE}
    assert story.as_dict()["alternatives"] == {"headline": COURT_HEADLINE}


def test_taking_the_alternative_swaps_the_headline_and_frees_the_standfirst():
    story = parse_text(COURT_PAGE, line_model=HAND_RULES).with_alternative("headline")
    assert story.headline == COURT_HEADLINE
    assert story.standfirst == ""
    assert story.alternatives == {"headline": COURT_SECTION_LABEL}
    assert story.with_alternative("byline") is story  # no alternative: unchanged


def test_a_sure_headline_offers_no_alternative():
    story = parse(page(HEADLINE, "By Mariam Al Harthi", FIRST, SECOND, THIRD))
    assert story.headline == HEADLINE
    assert story.alternatives == {}
