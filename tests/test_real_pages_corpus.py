"""The corpus of real page layouts (``tests/fixtures/pages/real``) is well formed.

Each page is a real site's layout, line for line, with an invented story;
beside it a JSON file holds the fields an editor wants stored and the role
of every line.  The line-role model is trained and measured on these pages,
leaving whole sites out, so a label that does not match its line teaches
the model something false.  These checks catch the mechanical mistakes a
second reading would: a role list one line short, a paragraph that is not
on any body line, a headline that is not printed, a role nobody defined.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REAL = Path(__file__).resolve().parent / "fixtures" / "pages" / "real"

ROLES = frozenset({
    "headline", "standfirst", "byline", "dateline", "published", "date_bar", "body", "subheading",
    "caption", "credit", "related", "furniture", "other", "blank",
})
FIELDS = frozenset({
    "headline", "standfirst", "byline", "dateline", "paragraphs", "subheadings", "credit", "captions",
    "page_date", "page_hijri", "published", "language", "site", "address", "modelled_on", "layout_from",
    "roles",
})
_ID_RE = re.compile(r"^(en|ar|mx|gx)-\d{3}$")
_SITE_RE = re.compile(r"^[a-z0-9.-]+\.[a-z]{2,}$")


def _pages() -> list[Path]:
    return sorted(REAL.glob("*.json"))


def _load(path: Path) -> tuple[dict, list[str]]:
    return json.loads(path.read_text(encoding="utf-8")), path.with_suffix(".txt").read_text(encoding="utf-8").splitlines()


PAGES = _pages()
pytestmark = pytest.mark.skipif(not PAGES, reason="no real-layout pages in tests/fixtures/pages/real yet")


def _lines_with(roles: list[str], lines: list[str], *wanted: str) -> list[str]:
    return [" ".join(line.split()) for line, role in zip(lines, roles, strict=True) if role in wanted]


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.stem)
def test_page_is_well_formed(path: Path) -> None:
    assert _ID_RE.match(path.stem), "page ids are en-/ar-/mx-/gx- and three digits"
    text_path = path.with_suffix(".txt")
    assert text_path.exists(), "every labels file has its page"
    raw = text_path.read_bytes()
    assert raw.endswith(b"\n"), "a page ends with a line end"
    assert b"\r" not in raw, "line ends are \\n"
    page, lines = _load(path)
    assert set(page) == FIELDS, f"keys differ: {sorted(set(page) ^ FIELDS)}"
    assert _SITE_RE.match(page["site"]) and not page["site"].startswith(("www.", "amp.", "m.")), page["site"]
    assert page["language"] in ("en", "ar")
    assert page["layout_from"] in ("stored", "note")
    roles = page["roles"]
    assert len(roles) == len(lines), f"{len(roles)} roles for {len(lines)} lines"
    unknown = sorted(set(roles) - ROLES)
    assert not unknown, f"roles nobody defined: {unknown}"
    for number, (line, role) in enumerate(zip(lines, roles, strict=True), start=1):
        assert (role == "blank") == (not line.strip()), f"line {number}: {role!r} for {line[:40]!r}"


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.stem)
def test_fields_agree_with_labelled_lines(path: Path) -> None:
    page, lines = _load(path)
    roles = page["roles"]
    body = " ".join(_lines_with(roles, lines, "body", "subheading"))
    for paragraph in page["paragraphs"]:
        assert " ".join(paragraph.split()) in body, f"paragraph not on a body line: {paragraph[:50]!r}"
    assert all(0 <= index < len(page["paragraphs"]) for index in page["subheadings"])
    subheadings = _lines_with(roles, lines, "subheading")
    for index in page["subheadings"]:
        assert " ".join(page["paragraphs"][index].split()) in subheadings
    if page["headline"]:
        assert " ".join(page["headline"].split()) in _lines_with(roles, lines, "headline")
    else:
        assert "headline" not in roles, "a headline line is labelled but the field is empty"
    if page["standfirst"]:
        assert " ".join(page["standfirst"].split()) in " ".join(_lines_with(roles, lines, "standfirst"))
    captions = " ".join(_lines_with(roles, lines, "caption"))
    for caption in page["captions"]:
        assert set(caption) == {"text", "credit"}
        assert " ".join(caption["text"].split()) in captions, f"caption not on a caption line: {caption['text'][:50]!r}"
    if page["dateline"]:
        around = " ".join(_lines_with(roles, lines, "dateline", "body", "byline", "published"))
        assert page["dateline"].split()[0] in around, "the dateline is printed on a dateline, body or byline line"
    hijri = page["page_hijri"]
    assert hijri is None or (isinstance(hijri, list) and len(hijri) == 3 and all(isinstance(v, int) for v in hijri))
    for key in ("page_date", "published"):
        assert page[key] is None or re.match(r"^\d{4}-\d{2}-\d{2}$", page[key]), (key, page[key])
    if page["page_date"] is not None or hijri is not None:
        assert "date_bar" in roles, "a page date comes from a line labelled date_bar"

