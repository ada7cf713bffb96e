"""newsdesk.textdiff: paragraphs of article HTML, paragraph and word
differences, short fields.  Every expectation is worked out by hand."""

from __future__ import annotations

import ast
import pathlib

import pytest

from newsdesk import textdiff
from newsdesk.textdiff import DiffRow, FieldDiff, diff_fields, diff_paragraphs, paragraphs, word_diff

# --- paragraphs ------------------------------------------------------------------------


def test_paragraphs_are_the_text_of_each_block():
    html = (
        "<h2>Background</h2><p>Rain fell on <strong>Salalah</strong>,\n  Dhofar.</p>"
        "<ul><li>Schools closed</li><li>Roads <a href='/x'>flooded</a></li></ul>"
        "<blockquote><p>We are ready,</p><p>the minister said.</p></blockquote><p>  </p>"
    )
    assert paragraphs(html) == [
        "Background",
        "Rain fell on Salalah, Dhofar.",
        "Schools closed",
        "Roads flooded",
        "We are ready,",
        "the minister said.",
    ]


def test_entities_line_breaks_and_no_break_spaces_become_text():
    assert paragraphs("<p>Tom &amp; Jerry&nbsp;show<br>at 5 &lt;pm&gt;</p>") == ["Tom & Jerry show at 5 <pm>"]


def test_text_outside_blocks_is_split_on_blank_lines():
    # An inline standfirst, and plain wire text.
    assert paragraphs("The <em>short</em> summary") == ["The short summary"]
    assert paragraphs("MUSCAT: First paragraph\ncontinues.\n\n  \nSecond one.") == [
        "MUSCAT: First paragraph continues.",
        "Second one.",
    ]
    assert paragraphs("Lead text<p>Inside</p>tail") == ["Lead text", "Inside", "tail"]


def test_script_and_style_are_never_text():
    assert paragraphs("<p>Visible</p><script>alert(1)</script><style>p{}</style>") == ["Visible"]


def test_arabic_paragraphs_keep_their_diacritics():
    html = "<p>قَالَ الوزيرُ إنّ المطرَ غزيرٌ.</p><p>أُغلقت المدارس في ظفار.</p>"
    assert paragraphs(html) == ["قَالَ الوزيرُ إنّ المطرَ غزيرٌ.", "أُغلقت المدارس في ظفار."]


def test_empty_input():
    assert paragraphs("") == []
    assert paragraphs("<p></p><p> &nbsp; </p>") == []


# --- words -------------------------------------------------------------------------------


def test_word_diff_marks_deleted_and_inserted_words():
    old, new = word_diff("Oil rose 2% on Monday.", "Oil rose 3% on Monday night.")
    assert old == [("same", "Oil rose "), ("del", "2%"), ("same", " on "), ("del", "Monday.")]
    assert new == [("same", "Oil rose "), ("ins", "3%"), ("same", " on "), ("ins", "Monday night.")]


def test_word_diff_keeps_the_space_between_two_deleted_words_inside_the_deletion():
    old, new = word_diff("a b c d", "a d")
    assert old == [("same", "a "), ("del", "b c"), ("same", " d")]
    assert new == [("same", "a d")]


def test_word_diff_in_arabic():
    old, new = word_diff("قال الوزير إن المطر غزير", "قال الوزير إن المطر خفيف جدا")
    assert old == [("same", "قال الوزير إن المطر "), ("del", "غزير")]
    assert new == [("same", "قال الوزير إن المطر "), ("ins", "خفيف جدا")]


def test_similarity_is_the_share_of_words_in_common():
    # 3 words in common out of 4 + 4: 2 * 3 / 8.
    assert textdiff.similarity("a b c d", "a b c x") == pytest.approx(0.75)
    assert textdiff.similarity("", "") == 1.0
    assert textdiff.similarity("a", "b") == 0.0


# --- paragraphs lined up -------------------------------------------------------------------


def test_unchanged_paragraphs_are_same_rows():
    assert diff_paragraphs(["One.", "Two."], ["One.", "Two."]) == [
        DiffRow("same", "One.", "One."),
        DiffRow("same", "Two.", "Two."),
    ]


def test_added_and_removed_paragraphs():
    rows = diff_paragraphs(["Intro.", "Old detail.", "End."], ["Intro.", "End.", "New last line."])
    assert rows == [
        DiffRow("same", "Intro.", "Intro."),
        DiffRow("removed", "Old detail.", None),
        DiffRow("same", "End.", "End."),
        DiffRow("added", None, "New last line."),
    ]


def test_a_similar_replacement_is_one_changed_row_with_its_words():
    rows = diff_paragraphs(
        ["Rain fell on Salalah on Sunday.", "Schools stayed open."],
        ["Heavy rain fell on Salalah on Sunday.", "Schools stayed open."],
    )
    # 5 of 6 and 7 words alike ("Rain" / "rain" differ in case): 10 / 13 > 0.5.
    assert rows == [
        DiffRow(
            "changed",
            "Rain fell on Salalah on Sunday.",
            "Heavy rain fell on Salalah on Sunday.",
            (("del", "Rain"), ("same", " fell on Salalah on Sunday.")),
            (("ins", "Heavy rain"), ("same", " fell on Salalah on Sunday.")),
        ),
        DiffRow("same", "Schools stayed open.", "Schools stayed open."),
    ]


def test_an_unlike_replacement_is_removed_then_added():
    rows = diff_paragraphs(["The port opened."], ["Fishermen were paid compensation."])
    assert rows == [
        DiffRow("removed", "The port opened.", None),
        DiffRow("added", None, "Fishermen were paid compensation."),
    ]


def test_replaced_blocks_are_paired_best_match_first_in_order():
    old = ["Alpha beta gamma delta.", "Unrelated old text here.", "One two three four five."]
    new = ["Something new entirely.", "One two three four six.", "Alpha beta gamma epsilon."]
    # The best pair is "One two three four five." / "... six." (4 of 5 words:
    # 0.8); before it, "Alpha..." (old 0) and "Something new..." (new 0) are
    # unlike, "Unrelated..." too; after it only "Alpha beta gamma epsilon."
    # is left, with nothing old to pair: added.
    assert [(row.kind, row.old, row.new) for row in diff_paragraphs(old, new)] == [
        ("removed", "Alpha beta gamma delta.", None),
        ("removed", "Unrelated old text here.", None),
        ("added", None, "Something new entirely."),
        ("changed", "One two three four five.", "One two three four six."),
        ("added", None, "Alpha beta gamma epsilon."),
    ]


def test_the_pairing_cutoff_is_half_the_words():
    # 2 of 4 + 4 words: exactly 0.5, paired; 1 of 2 + 3 (0.4): not.
    assert [r.kind for r in diff_paragraphs(["a b c d"], ["a b x y"])] == ["changed"]
    assert [r.kind for r in diff_paragraphs(["a b"], ["a x y"])] == ["removed", "added"]


def test_arabic_paragraphs_changed_added_and_removed():
    old = ["مسقط: قال الوزير إن المطر غزير.", "أغلقت المدارس.", "سيستمر الطقس السيئ."]
    new = ["مسقط: قال الوزير إن المطر خفيف.", "أغلقت المدارس.", "فتحت الطرق صباح الاثنين."]
    rows = diff_paragraphs(old, new)
    assert [(row.kind, row.old, row.new) for row in rows] == [
        ("changed", old[0], new[0]),
        ("same", old[1], new[1]),
        ("removed", old[2], None),
        ("added", None, new[2]),
    ]
    assert rows[0].old_segments == (("same", "مسقط: قال الوزير إن المطر "), ("del", "غزير."))
    assert rows[0].new_segments == (("same", "مسقط: قال الوزير إن المطر "), ("ins", "خفيف."))
    assert textdiff.has_changes(rows)
    assert not textdiff.has_changes(diff_paragraphs(old, old))


def test_story_text_is_never_turned_into_markup():
    rows = diff_paragraphs(["<b>x</b> y z"], ["<i>x</i> y z"])
    # Text in, text out: escaping is the template's job, and nothing here
    # produces tags of its own.
    assert rows[0].old_segments == (("del", "<b>x</b>"), ("same", " y z"))


# --- short fields ---------------------------------------------------------------------------


def test_diff_fields_says_same_added_removed_changed():
    old = {"headline": "Oil rises", "dateline": "", "byline": "By A.", "credit": "AFP", "slug": None}
    new = {"headline": "Oil rises  again", "dateline": "DUBAI", "byline": "", "credit": "AFP"}
    assert diff_fields(old, new, ["headline", "dateline", "byline", "credit", "slug"]) == [
        FieldDiff(
            "headline",
            "changed",
            "Oil rises",
            "Oil rises again",
            (("same", "Oil rises"),),
            (("same", "Oil rises "), ("ins", "again")),
        ),
        FieldDiff("dateline", "added", "", "DUBAI"),
        FieldDiff("byline", "removed", "By A.", ""),
        FieldDiff("credit", "same", "AFP", "AFP"),
        FieldDiff("slug", "same", "", ""),
    ]


def test_diff_fields_in_arabic():
    [diff] = diff_fields({"dateline": "مسقط"}, {"dateline": "مسقط، عُمان"}, ["dateline"])
    assert diff.kind == "changed" and diff.is_change
    assert diff.old_segments == (("del", "مسقط"),)
    assert diff.new_segments == (("ins", "مسقط، عُمان"),)


def test_the_module_imports_nothing_from_django():
    tree = ast.parse(pathlib.Path(textdiff.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not [name for name in imported if name.split(".")[0] in ("django", "newsdesk")]
