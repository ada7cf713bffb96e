"""The seed page parses exactly as DESIGN.md's table says.

The expected paragraphs below were copied by hand from
``tests/fixtures/wire/seed_000.txt`` (a byte copy of the shared seed), with
the dateline cut from the first and the credit cut from the last.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from newsdesk.calendars.types import HijriDate
from newsdesk.wire import CaptionData, WeatherReading, decode, parse

SEED = Path(__file__).parent / "fixtures" / "wire" / "seed_000.txt"

PARAGRAPHS = (
    'Russia and the United States have discussed the "next steps" of how to end the war in '
    "Ukraine, the Kremlin said on Sunday, hours after Kyiv's European allies urged Moscow to "
    "commit to an unconditional 30-day ceasefire. The United States this week proposed the halt "
    "in fighting in the more than three-year war after talks in Saudi Arabia, which Kyiv agreed "
    "to. Russian President Vladimir Putin has given no clear answer, instead listing a string of "
    'conditions and raising "serious questions" over the proposal.',
    "Ukraine's Volodymyr Zelensky on Saturday accused the Kremlin of not wanting to end the war "
    'and warned that Moscow wanted to first "improve their situation on the battlefield" before '
    "agreeing to any ceasefire. Moscow said on Sunday that US Secretary of State Marco Rubio "
    "called his Russian counterpart Sergei Lavrov and that the pair had discussed \"concrete "
    'aspects of the implementation of understandings" at a US-Russia summit in Saudi Arabia last '
    "month.",
    "The February Riyadh gathering was the first high-level meeting between the United States and "
    'Russia since Moscow launched its attack. "Sergei Lavrov and Marco Rubio agreed to remain in '
    'contact," the Russian foreign ministry said, with no mention of the US-suggested ceasefire. '
    "State Department spokeswoman Tammy Bruce said on Saturday that the pair had \"discussed the "
    'next steps" on Ukraine. She also said Rubio and Lavrov "agreed to continue working towards '
    'restoring communication between the United States and Russia".',
    "The call came hours after the UK hosted a virtual summit on Ukraine, with Prime Minister Keir "
    'Starmer accusing Putin of "dragging his feet" on the ceasefire. "The \'yes, but\' from Russia '
    'is not good enough," Starmer said, calling for a stop to the "barbaric attacks on Ukraine '
    'once and for all". Kyiv the next day said Russia launched 90 drones onto nine Ukrainian '
    "regions.",
    "In his reaction to the ceasefire earlier this week, Putin said the initiative would benefit "
    'primarily Ukraine and not Russian forces, who he said are "advancing" in many areas. He '
    'raised "serious questions" over the initiative. The proposal came as Russia -- which '
    "occupies swathes of southern and eastern Ukraine -- has had momentum in some areas of the "
    "front. It has ousted Ukrainian forces from parts of its Kursk region, where Kyiv hopes to "
    "hold onto Russian territory as a potential bargaining chip in any future negotiations. Putin "
    "said he wanted to discuss Moscow's concerns with Trump in a phone call.",
    "Zelensky said on Saturday that by not agreeing to the ceasefire, Putin was also going against "
    "Trump -- who has made overtures towards Russia -- and accused Moscow of trying to find ways "
    'not to end the war. He accused Putin of "lying about how a ceasefire is supposedly too '
    'complicated". Ukraine said on Sunday that one person was killed by a Russian drone strike on '
    "the city of Izyum -- in the Kharkiv region, which fell to Russia at the start of its Ukraine "
    "attack before being retaken by Kyiv's forces.",
    "Meanwhile, Russia on Sunday said it has moved to safety 371 of its civilians from areas it "
    "retook from Ukrainian forces in its border Kursk region. Little was known on civilian life "
    "in the areas held by Ukraine since last summer and there has been some anger in Russia about "
    "the fate of those left behind under Ukrainian control and the lack of information from local "
    "officials. The civilians became trapped when Ukraine launched its surprise incursion in "
    "August 2024, more than two years into Russia's offensive.",
    '"In total since March 12th from liberated inhabited areas 371 people have been moved, '
    'including 14 children," the acting Kursk region governor Alexander Khinshtein said on social '
    "media. Khinshtein said 220 of the civilians had been placed in temporary accommodation in the "
    "Kursk region, while the rest were staying with relatives. The Russian defence ministry "
    "published footage of mostly elderly people being taken by small vans from Sudzha and "
    "Kazachya Loknya, previously held by Ukraine.",
)


@pytest.fixture(scope="module")
def seed():
    return parse(decode(SEED.read_bytes(), name=SEED.name))


def test_fixture_is_the_seed_unchanged():
    """The test fixture, the demo's sample and (where the project's shared
    folder sits beside the checkout) the original seed are the same bytes."""
    root = Path(__file__).resolve().parents[1]
    copies = [root / "example_project" / "wire_samples" / "000_f126c589adc6e714.txt"]
    original = root.parent / "shared" / "seeds" / "000_f126c589adc6e714.txt"
    if original.exists():
        copies.append(original)
    for copy in copies:
        assert SEED.read_bytes() == copy.read_bytes(), copy


def test_page_date_bar(seed):
    assert seed.page_date == datetime.date(2025, 12, 7)
    assert seed.page_hijri == HijriDate(1447, 6, 15)


def test_weather_block_is_read_and_never_body(seed):
    assert seed.weather == WeatherReading(
        location="OMAN", description="broken clouds", low=19, high=19, unit="C"
    )
    body = "\n".join(seed.paragraphs)
    for word in ("broken clouds", "OMAN", "19°C"):
        assert word not in body


def test_headline(seed):
    assert seed.headline == "Russia, US diplomats discuss 'next steps' on Ukraine"
    assert seed.standfirst == ""
    assert seed.byline == ""


def test_caption_printed_twice_is_kept_once_without_its_credit(seed):
    assert seed.captions == (
        CaptionData(
            text="Firefighters work at the site of an apartment building hit by a Russian drone "
            "strike, in Chernihiv, Ukraine.",
            credit="Reuters",
        ),
    )
    assert not any("Firefighters" in p for p in seed.paragraphs)


def test_dateline_is_cut_from_the_first_paragraph(seed):
    assert seed.dateline == "WASHINGTON"
    assert seed.paragraphs[0].startswith("Russia and the United States have")


def test_eight_paragraphs_verbatim(seed):
    assert seed.paragraphs == PARAGRAPHS
    assert seed.subheadings == ()


def test_trailing_credit(seed):
    assert seed.credit == "AFP"
    assert seed.credit_known is True
    assert not seed.paragraphs[-1].endswith("AFP")


def test_chrome_dropped(seed):
    assert seed.dropped == (
        "EDITOR IN CHIEF- ABDULLAH BIN SALIM AL SHUEILI",
        "minus",
        "plus",
        "SHARE ARTICLE",
        "arrow up",
        "home icon",
    )


def test_no_warnings_and_english(seed):
    assert seed.warnings == ()
    assert seed.language == "en"


def test_as_dict_matches_the_json_contract(seed):
    data = seed.as_dict()
    assert data["page_date"] == "2025-12-07"
    assert data["page_hijri"] == {"year": 1447, "month": 6, "day": 15}
    assert data["weather"] == {
        "location": "OMAN", "description": "broken clouds", "low": 19, "high": 19, "unit": "C",
    }
    assert data["captions"] == [{"text": seed.captions[0].text, "credit": "Reuters"}]
    assert data["paragraphs"] == list(PARAGRAPHS)
    for key in ("headline", "dateline", "byline", "credit", "warnings"):
        assert key in data
