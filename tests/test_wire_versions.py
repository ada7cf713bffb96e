"""Recognising a new version of a story (newsdesk.wire.versions): markers, keys, shingles, bands, verdicts.

The fixtures are in tests/fixtures/versions/ (README.md there says what each
one is).  Overlap scores of every pair, 4-word shingles, as computed and read
through by hand (rows: the older story, columns: the newer):

=======================  ======  ===========  ======
English                  score   marked       verdict
=======================  ======  ===========  ======
v1 → update1             0.825   UPDATE 1     version (same headline, marked)
v1 → refile              0.984   REFILE       version
v1 → corrected           0.984   CORRECTED    version
v1 → longer              1.000   —            version (100% of the text)
v1 ↔ other_same_day_1    0.210   —            not a version
v1 ↔ other_same_day_2    0.379   —            not a version (two background paragraphs shared)
other_1 ↔ other_2        0.216   —            not a version
=======================  ======  ===========  ======

=======================  ======  ===========  ======
Arabic                   score   marked       verdict
=======================  ======  ===========  ======
v1 → updated             0.846   محدث         version
v1 → update2             0.826   تحديث        version
updated → update2        0.981   تحديث        version
v1 ↔ other_same_day      0.155   —            not a version
updated ↔ other          0.112   —            not a version
update2 ↔ other          0.112   —            not a version
=======================  ======  ===========  ======
"""

from __future__ import annotations

import itertools
import random
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.wire import (
    BANDS,
    SAME_HEADLINE_STORY,
    SAME_STORY,
    SHINGLE_SIZE,
    VersionVerdict,
    WireStory,
    band_signature,
    compare_versions,
    headline_key,
    marker_kind,
    matching_text,
    parse,
    shingles,
    similarity,
    split_version_marker,
)

FIXTURES = Path(__file__).parent / "fixtures" / "versions"


def story(name: str) -> WireStory:
    return parse((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"))


# --- markers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("UPDATE 1-Oman raises fuel prices", ("Oman raises fuel prices", "UPDATE 1")),
        ("UPDATE 2 - Oman raises fuel prices", ("Oman raises fuel prices", "UPDATE 2")),
        ("UPDATE 1 Oman raises fuel prices", ("Oman raises fuel prices", "UPDATE 1")),
        ("Update 1-Oman raises fuel prices", ("Oman raises fuel prices", "UPDATE 1")),
        ("REFILE-Oman raises fuel prices", ("Oman raises fuel prices", "REFILE")),
        ("CORRECTED-Oman raises fuel prices", ("Oman raises fuel prices", "CORRECTED")),
        ("CORRECTION: Oman raises fuel prices", ("Oman raises fuel prices", "CORRECTION")),
        ("REFILE-UPDATE 2-Oman raises fuel prices", ("Oman raises fuel prices", "REFILE-UPDATE 2")),
        ("2ND LEAD Oman raises fuel prices", ("Oman raises fuel prices", "2ND LEAD")),
        ("3RD LEAD: Oman raises fuel prices", ("Oman raises fuel prices", "3RD LEAD")),
        ("2nd Ld-Writethru-Oman raises fuel prices", ("Oman raises fuel prices", "2ND LD-WRITETHRU")),
        ("WRAPUP 1-Gulf states raise fuel prices", ("Gulf states raise fuel prices", "WRAPUP 1")),
        ("WRAP-UP 2: Gulf states raise fuel prices", ("Gulf states raise fuel prices", "WRAPUP 2")),
        ("(UPDATE) Oman raises fuel prices", ("Oman raises fuel prices", "UPDATE")),
        ("Oman raises fuel prices (UPDATE)", ("Oman raises fuel prices", "UPDATE")),
        ("Oman raises fuel prices (Updated)", ("Oman raises fuel prices", "UPDATED")),
        ("Oman raises fuel prices – UPDATE 1 –", ("Oman raises fuel prices – UPDATE 1 –", "")),
        ("  UPDATE 1 -  Oman raises fuel prices  ", ("Oman raises fuel prices", "UPDATE 1")),
        ("محدث-رفع أسعار الوقود في سلطنة عمان", ("رفع أسعار الوقود في سلطنة عمان", "محدث")),
        ("محدّث: رفع أسعار الوقود", ("رفع أسعار الوقود", "محدث")),
        ("رفع أسعار الوقود في سلطنة عمان (محدث)", ("رفع أسعار الوقود في سلطنة عمان", "محدث")),
        ("رفع أسعار الوقود في سلطنة عمان (تحديث)", ("رفع أسعار الوقود في سلطنة عمان", "تحديث")),
        ("(تحديث) رفع أسعار الوقود", ("رفع أسعار الوقود", "تحديث")),
        ("تحديث 1- رفع أسعار الوقود", ("رفع أسعار الوقود", "تحديث 1")),
        ("تحديث ٢- رفع أسعار الوقود", ("رفع أسعار الوقود", "تحديث 2")),
        ("مصحح-رفع أسعار الوقود", ("رفع أسعار الوقود", "مصحح")),
        ("رفع أسعار الوقود (مصحح)", ("رفع أسعار الوقود", "مصحح")),
    ],
)
def test_version_markers_are_split_off(headline, expected):
    assert split_version_marker(headline) == expected


@pytest.mark.parametrize(
    "headline",
    [
        "Update on talks expected on Monday",
        "Corrected figures show Oman's deficit narrowed",
        "Refiled tax returns rise in Oman",
        "UPDATED FIGURES SHOW DEFICIT NARROWED",  # upper case, no separator
        "UPDATE 2 OF BANKING APP RELEASED",  # numbered, but the headline is all upper case
        "Second lead actor cast in Omani film",
        "URGENT-Oman raises fuel prices",  # a priority, not a version
        "Oman raises fuel prices, update expected",
        "تحديث قانون العمل في سلطنة عمان",  # "updating the labour law"
        "مصحح لغوي يفوز بجائزة",  # "a proof-reader wins a prize"
        "UPDATE 1-",  # nothing but a marker
        "(تحديث)",
        "",
    ],
)
def test_words_that_are_part_of_a_headline_stay(headline):
    assert split_version_marker(headline) == (headline, "")


@pytest.mark.parametrize(
    ("marker", "kind"),
    [
        ("UPDATE 1", "update"), ("Update", "update"), ("UPDATED", "update"), ("WRAPUP 2", "update"),
        ("محدث", "update"), ("تحديث 1", "update"),
        ("REFILE", "refile"), ("REPEAT", "refile"), ("REFILE-UPDATE 2", "refile"),
        ("CORRECTED", "correction"), ("مصحح", "correction"), ("UPDATE 2-CORRECTED", "correction"),
        ("2ND LEAD", "lead"), ("3RD LD-WRITETHRU", "lead"),
        ("", ""), ("URGENT", ""),
    ],
)  # fmt: skip
def test_marker_kind(marker, kind):
    assert marker_kind(marker) == kind


def test_every_marker_printed_before_a_headline_reads_back():
    """``WireStory.as_text`` prints "MARKER-headline"; each kind of marker must read back whole."""
    for marker in (
        "UPDATE 1",
        "UPDATED",
        "REFILE",
        "CORRECTED",
        "CORRECTION",
        "2ND LEAD",
        "WRAPUP 1",
        "REFILE-UPDATE 2",
        "محدث",
        "تحديث",
        "تحديث 1",
        "مصحح",
        "تصحيح",
    ):
        assert split_version_marker(f"{marker}-Oman raises fuel prices") == ("Oman raises fuel prices", marker)


# --- headline keys and shingles ------------------------------------------------------------


def test_headline_key_ignores_marker_case_punctuation_and_spacing():
    assert headline_key("UPDATE 1-Oman's fuel prices:  U.S. reacts!") == "omans fuel prices us reacts"
    assert headline_key("Oman's fuel prices - U.S. reacts") == headline_key("OMAN'S FUEL PRICES: US REACTS")


def test_headline_key_normalises_arabic():
    # Harakat, tatweel, hamza forms, alif maqsura, ta marbuta, Arabic-Indic digits, the marker.
    printed = "رَفْعُ أسعـــارِ الوقود إلى ١٠٠ بيسة في مسقطَ (محدث)"
    assert headline_key(printed) == "رفع اسعار الوقود الي 100 بيسه في مسقط"
    assert headline_key("إلغاء الرسوم على آلات الزراعة") == headline_key("الغاء الرسوم علي الات الزراعه")


def test_headline_key_is_cut_to_300_characters():
    key = headline_key("word " * 200)
    assert len(key) <= 300 and not key.endswith(" ")


def test_shingles_are_word_ngrams_of_the_normalised_text():
    assert len(shingles("one two three four five six")) == 3
    assert shingles("One, two; THREE four!") == shingles("one two three four")
    assert len(shingles("one two three four five", size=2)) == 4
    assert shingles("one two three", size=2) < shingles("one two three four", size=2)
    assert shingles("Oman's U.S.-bound exports") == shingles("omans us bound exports")


def test_short_and_empty_texts():
    assert len(shingles("two words")) == 1
    assert shingles("two words") == shingles("Two, words.")
    assert shingles("") == frozenset() and shingles("  — . ") == frozenset()
    with pytest.raises(ValueError):
        shingles("a text", size=0)


def test_shingles_are_signed_64_bit():
    values = shingles(matching_text(story("en_v1")))
    assert all(-(2**63) <= value < 2**63 for value in values)
    assert any(value < 0 for value in values)  # signed, as a BigIntegerField stores them


def test_shingles_are_the_same_in_another_process():
    """Stored shingles stay valid: another process (another hash seed) computes the same values."""
    text = matching_text(story("ar_v1"))
    here = sorted(shingles(text))[:20]
    code = "import sys; from newsdesk.wire import shingles; print(sorted(shingles(sys.stdin.read()))[:20])"
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", code],
            input=text,
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "", "PYTHONPATH": str(Path(__file__).parent.parent)},
            encoding="utf-8",
        )
        assert done.stdout.strip() == str(here)


def test_similarity_is_the_overlap_coefficient():
    a, b = frozenset({1, 2, 3, 4}), frozenset({3, 4, 5, 6, 7, 8})
    assert similarity(a, b) == similarity(b, a) == 0.5
    assert similarity(a, a | {9, 10, 11}) == 1.0  # a longer version scores in full
    assert similarity(a, frozenset()) == similarity(frozenset(), frozenset()) == 0.0


def test_matching_text_is_standfirst_and_paragraphs():
    wire = WireStory(headline="H", standfirst="S", dateline="MUSCAT", paragraphs=("P1", "P2"), credit="AFP")
    assert matching_text(wire) == "S\nP1\nP2"
    assert matching_text(WireStory(headline="H", paragraphs=("P1",))) == "P1"


# --- bands -------------------------------------------------------------------------------------


def test_band_signature_fits_a_big_integer_field_and_names_its_band():
    signature = band_signature(shingles(matching_text(story("en_v1"))))
    assert len(signature) == BANDS
    assert all(0 <= value < 2**63 for value in signature)
    assert [value >> 56 for value in signature] == list(range(BANDS))
    assert band_signature(frozenset()) == ()
    assert band_signature(frozenset({5})) == band_signature(frozenset({5}))


def test_one_shingle_in_every_band_gives_different_values():
    # Every permutation's minimum is that shingle's image: the band index keeps the values apart.
    assert len(set(band_signature(frozenset({42})))) == BANDS


VERSION_PAIRS = [
    ("en_v1", "en_update1"), ("en_v1", "en_refile"), ("en_v1", "en_corrected"), ("en_v1", "en_longer"),
    ("ar_v1", "ar_updated"), ("ar_v1", "ar_update2"), ("ar_updated", "ar_update2"),
]  # fmt: skip
DIFFERENT = {
    "en": ["en_v1", "en_other_same_day_1", "en_other_same_day_2"],
    "ar": ["ar_v1", "ar_other_same_day"],
}
DIFFERENT_PAIRS = (
    [pair for names in DIFFERENT.values() for pair in itertools.permutations(names, 2)]
    + [  # the versions of v1 against the other stories, too
        (version, other) for old, version in VERSION_PAIRS for other in DIFFERENT[old[:2]][1:]
    ]
    + [(other, version) for old, version in VERSION_PAIRS for other in DIFFERENT[old[:2]][1:]]
)


@pytest.mark.parametrize(("old", "new"), VERSION_PAIRS)
def test_versions_share_a_band(old, new):
    a = band_signature(shingles(matching_text(story(old))))
    b = band_signature(shingles(matching_text(story(new))))
    assert set(a) & set(b)


def _random_text(rng: random.Random, vocabulary: list[str], words: int) -> list[str]:
    return [rng.choice(vocabulary) for _ in range(words)]


def test_bands_find_similar_texts_and_almost_never_unrelated_ones():
    """Texts sharing half their words share a band; unrelated texts of one vocabulary do not.

    Overlap 0.5 of equal-sized texts is Jaccard 0.33: a band in common with
    probability 0.975 each (BANDS's docstring), 39 of 40 expected (39 with
    this seed; the test is deterministic).  Unrelated texts share no 4-word
    run, so no band either.
    """
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(3000)]
    found = missed = 0
    for _ in range(40):
        words = _random_text(rng, vocabulary, 250)
        changed = words[:125] + _random_text(rng, vocabulary, 125)  # the second half rewritten
        other = _random_text(rng, vocabulary, 250)
        a, b, c = (band_signature(shingles(" ".join(text))) for text in (words, changed, other))
        found += bool(set(a) & set(b))
        missed += bool(set(a) & set(c))
    assert found >= 37
    assert missed == 0


# --- the verdict ----------------------------------------------------------------------------------


def verdict(old: str, new: str) -> VersionVerdict:
    a, b = story(old), story(new)
    return compare_versions(
        old_headline_key=headline_key(a.headline),
        old_shingles=shingles(matching_text(a)),
        new_headline_key=headline_key(b.headline),
        new_shingles=shingles(matching_text(b)),
        marked=bool(b.version_marker),
    )


@pytest.mark.parametrize(("old", "new"), VERSION_PAIRS)
def test_every_version_is_recognised(old, new, capsys):
    found = verdict(old, new)
    assert found.is_version, found
    assert found.score >= 0.8
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(("old", "new"), DIFFERENT_PAIRS)
def test_different_stories_of_one_agency_and_day_are_not_versions(old, new, capsys):
    found = verdict(old, new)
    assert not found.is_version, found
    assert found.score < 0.4
    assert found.reason.startswith("only ")
    assert capsys.readouterr() == ("", "")


def test_the_scores_in_the_table():
    expected = {
        ("en_v1", "en_update1"): 0.825, ("en_v1", "en_refile"): 0.984, ("en_v1", "en_corrected"): 0.984,
        ("en_v1", "en_longer"): 1.0, ("en_v1", "en_other_same_day_1"): 0.210,
        ("en_v1", "en_other_same_day_2"): 0.379, ("en_other_same_day_1", "en_other_same_day_2"): 0.216,
        ("ar_v1", "ar_updated"): 0.846, ("ar_v1", "ar_update2"): 0.826, ("ar_updated", "ar_update2"): 0.981,
        ("ar_v1", "ar_other_same_day"): 0.155, ("ar_updated", "ar_other_same_day"): 0.112,
    }  # fmt: skip
    for (old, new), score in expected.items():
        assert verdict(old, new).score == pytest.approx(score, abs=0.001), (old, new)


def test_each_rule_and_its_reason():
    text = shingles(" ".join(f"w{i}" for i in range(100)))
    half = shingles(" ".join(f"w{i}" for i in range(50)) + " " + " ".join(f"x{i}" for i in range(50)))
    little = shingles(" ".join(f"w{i}" for i in range(20)) + " " + " ".join(f"x{i}" for i in range(80)))
    same = {"old_headline_key": "oman raises fuel prices", "new_headline_key": "oman raises fuel prices"}
    other = {"old_headline_key": "oman raises fuel prices", "new_headline_key": "inflation eases"}

    marked = compare_versions(old_shingles=text, new_shingles=little, marked=True, **same)
    assert marked == VersionVerdict(True, marked.score, "same headline, marked as a new version")
    assert compare_versions(old_shingles=text, new_shingles=text, marked=False, **other).reason == (
        "100% of the text is the same"
    )
    by_headline = compare_versions(old_shingles=text, new_shingles=half, marked=False, **same)
    assert SAME_HEADLINE_STORY <= by_headline.score < SAME_STORY
    assert by_headline.is_version and by_headline.reason.startswith("same headline, 4")
    assert not compare_versions(old_shingles=text, new_shingles=half, marked=False, **other).is_version
    assert not compare_versions(old_shingles=text, new_shingles=half, marked=True, **other).is_version
    weak = compare_versions(old_shingles=text, new_shingles=little, marked=False, **same)
    assert not weak.is_version and weak.reason.startswith("same headline but only 1")
    # Empty headline keys are not "the same headline".
    empty = {"old_headline_key": "", "new_headline_key": ""}
    assert not compare_versions(old_shingles=text, new_shingles=little, marked=True, **empty).is_version


def test_shingle_size_and_thresholds_are_what_the_docstrings_say():
    assert (SHINGLE_SIZE, SAME_STORY, SAME_HEADLINE_STORY, BANDS) == (4, 0.6, 0.45, 32)


# --- the parser keeps the marker out of the headline ----------------------------------------------


def test_parse_takes_the_marker_off_the_headline():
    update = story("en_update1")
    assert update.headline == story("en_v1").headline == "Oman raises fuel prices as subsidy reform gathers pace"
    assert update.version_marker == "UPDATE 1"
    assert update.as_dict()["version_marker"] == "UPDATE 1"
    assert story("en_v1").as_dict()["version_marker"] == ""
    assert story("ar_updated").version_marker == "محدث"
    assert story("ar_update2").version_marker == "تحديث"
    assert "(محدث)" not in story("ar_updated").headline


def test_as_text_prints_the_marker_so_parsing_it_again_gives_it_back():
    for name in ("en_update1", "en_refile", "ar_updated", "ar_update2", "en_v1"):
        first = story(name)
        again = parse(first.as_text())
        assert (again.headline, again.version_marker, again.paragraphs) == (
            first.headline,
            first.version_marker,
            first.paragraphs,
        )


@pytest.mark.parametrize(
    ("marker", "number"),
    [("", 0), ("UPDATE 1", 1), ("UPDATE 12", 12), ("2ND LEAD", 2), ("WRAPUP 3", 3), ("تحديث 2", 2),
     ("REFILE", None), ("CORRECTED", None), ("محدث", None), ("REFILE-UPDATE 2", 2)],
)
def test_version_number_places_a_marker_in_the_agencys_sequence(marker, number):
    from newsdesk.wire.versions import version_number

    assert version_number(marker) == number


@pytest.mark.parametrize(
    ("marker", "current", "older"),
    [("", "UPDATE 1", True), ("UPDATE 1", "UPDATE 2", True), ("UPDATE 2", "UPDATE 1", False),
     ("UPDATE 1", "", False), ("REFILE", "UPDATE 1", False), ("", "REFILE", False), ("", "", False)],
)
def test_is_older_version_only_when_both_markers_say_so(marker, current, older):
    from newsdesk.wire.versions import is_older_version

    assert is_older_version(marker, current) is older
