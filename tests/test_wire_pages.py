"""The parser on whole pages of Gulf papers, graded field by field: a floor that only goes up.

``fixtures/pages/dev`` holds fifteen pages with the layouts of real Gulf
papers (invented stories) and what an editor wants stored from each, with
the grader the project was given (``fixtures/pages/grade.py``, unchanged).
``fixtures/pages/extra`` holds pages of other layouts written by the team,
graded the same way, so a rule that only fits the first fifteen shows up
here; ``fixtures/pages/heldout`` pages were written after the rules, and
their first grades are kept below as the measure of pages never seen.  Each floor is the score reached when it was set; raise it when the
parser gets better, never lower it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

PAGES = Path(__file__).parent / "fixtures" / "pages"

_spec = importlib.util.spec_from_file_location("newsdesk_page_grader", PAGES / "grade.py")
assert _spec is not None and _spec.loader is not None
grader = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(grader)

FLOORS = {
    "dev": {
        "headline": 15, "standfirst": 15, "byline": 15, "dateline": 15, "body clean": 15,
        "paragraphs": 15, "subheadings": 15, "credit": 15, "captions": 15, "page_date": 15,
        "page_hijri": 15, "published": 15, "language": 15,
    },
    "extra": {
        "headline": 12, "standfirst": 12, "byline": 12, "dateline": 12, "body clean": 12,
        "paragraphs": 12, "subheadings": 12, "credit": 12, "captions": 12, "page_date": 12,
        "page_hijri": 12, "published": 12, "language": 12,
    },
    # Written after the rules above, by someone who had not read them, and
    # first graded as: headline 10, standfirst 8, byline 8, dateline 6, body
    # clean 8, paragraphs 9, subheadings 10, credit 10, captions 5, page_date
    # 12, page_hijri 12, published 11, language 12 (of 12).  Still missed: a
    # "TDT | Manama" credit line on a page with no headline (h05).  The issue
    # line "العدد 13581 …" of h12 is the paper's date bar (the day of the
    # issue), not the story's publication date: its labels say so since the
    # date bar reader learnt issue numbers.
    "heldout": {
        "headline": 11, "standfirst": 12, "byline": 11, "dateline": 11, "body clean": 12,
        "paragraphs": 12, "subheadings": 12, "credit": 12, "captions": 12, "page_date": 12,
        "page_hijri": 12, "published": 12, "language": 12,
    },
}


def grade(folder: str) -> tuple[dict[str, int], list[str]]:
    canon = grader.make_canon(True)
    totals = dict.fromkeys(grader.FIELDS, 0)
    report: list[str] = []
    for page in sorted((PAGES / folder).glob("*.txt")):
        name, results, diffs, _counts = grader.grade_page(str(page), False, canon)
        for field in grader.FIELDS:
            totals[field] += bool(results.get(field))
        report.extend(f"{name}: {diff}" for diff in diffs)
    return totals, report


@pytest.mark.parametrize("folder", sorted(FLOORS))
def test_pages_graded_at_or_above_the_floor(folder):
    totals, report = grade(folder)
    below = {field: (totals[field], floor) for field, floor in FLOORS[folder].items() if totals[field] < floor}
    assert not below, f"below the floor (got, floor): {below}\n" + "\n".join(report)
