"""Side-by-side differences between two versions of a story, for editors.

Pure Python (no Django imports), used by the admin's revision comparison
and its review of agency updates (:mod:`newsdesk.admin.comparison`).

* :func:`paragraphs` splits an article's HTML into the text of its blocks
  (``p``, ``h2``, ``li``, ``blockquote``...), markup removed and spaces
  collapsed.  The comparison is of the *text*: a change of formatting only
  (bold, a link's address) is not shown.
* :func:`diff_paragraphs` lines two lists of paragraphs up
  (:class:`difflib.SequenceMatcher`): each row is ``same``, ``added``,
  ``removed`` or ``changed``.  Where blocks were replaced, a removed block
  and an added one are shown as one *changed* row when they are alike
  (at least :data:`PAIRING_CUTOFF` of their words in common), best pair
  first, as :class:`difflib.Differ` pairs lines; otherwise as removed and added.
* A changed row carries its words as segments, ``("same" | "del" | "ins",
  text)``: templates print each segment's text *escaped*, wrapped in
  ``<del>`` or ``<ins>``.  Nothing here produces markup, so nothing from
  a story can reach a page unescaped.
* :func:`diff_fields` compares short fields (headline, dateline, byline...)
  of two dictionaries.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, Literal

#: Elements whose text is one paragraph of the comparison.
BLOCK_TAGS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "figcaption",
        "caption",
        "dt",
        "dd",
        "td",
        "th",
        "div",
        "address",
    }
)
#: Elements that end the paragraph around them, holding no text of their own.
CONTAINER_TAGS = frozenset({"ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "figure", "hr"})
#: Elements read as a space between words.
SPACE_TAGS = frozenset({"br", "img", "wbr"})
#: Elements whose content is never story text.
SKIPPED_TAGS = frozenset({"script", "style", "template"})

#: How alike (share of words in common, 0 to 1) a removed and an added
#: paragraph must be to be shown as one changed paragraph.
PAIRING_CUTOFF = 0.5

RowKind = Literal["same", "added", "removed", "changed"]
SegmentKind = Literal["same", "del", "ins"]
Segment = tuple[SegmentKind, str]

_SPACES_RE = re.compile(r"\s+")
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n")


def normalise_space(text: str) -> str:
    """``text`` with each run of white space (no-break spaces included) one space, trimmed."""
    return _SPACES_RE.sub(" ", text.replace("\xa0", " ")).strip()


class _ParagraphParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._text: list[str] = []
        self._in_block = 0
        self._skipping = 0

    def _flush(self) -> None:
        text = "".join(self._text)
        self._text = []
        if self._in_block:
            parts = [text]
        else:
            # Text outside any block (plain text, or a standfirst's inline
            # markup): a blank line separates paragraphs, as in wire copy.
            parts = _BLANK_LINE_RE.split(text)
        self.found.extend(part for part in (normalise_space(p) for p in parts) if part)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        elif tag in BLOCK_TAGS:
            self._flush()
            self._in_block += 1
        elif tag in CONTAINER_TAGS:
            self._flush()
        elif tag in SPACE_TAGS:
            self._text.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SPACE_TAGS:
            self._text.append(" ")
        elif tag in CONTAINER_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in BLOCK_TAGS:
            self._flush()
            self._in_block = max(0, self._in_block - 1)
        elif tag in CONTAINER_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def paragraphs(html: str) -> list[str]:
    """The text of each block of ``html``, in order, empty blocks left out.

    >>> paragraphs("<p>One <b>two</b></p><ul><li>three</li></ul>")
    ['One two', 'three']
    >>> paragraphs("First.\\n\\nSecond &amp; last.")
    ['First.', 'Second & last.']
    """
    parser = _ParagraphParser()
    parser.feed(html or "")
    parser.close()
    return parser.found


def text_of(html: str) -> str:
    """All the text of ``html`` as one line (for a caption or a standfirst)."""
    return " ".join(paragraphs(html))


# --- words ----------------------------------------------------------------


def _words(text: str) -> list[str]:
    # Words as written, punctuation attached: Arabic diacritics and the
    # tatweel stay inside their word.
    return text.split()


def similarity(old: str, new: str) -> float:
    """The share of words two paragraphs have in common, in order (0 to 1)."""
    return difflib.SequenceMatcher(None, _words(old), _words(new), autojunk=False).ratio()


def _append(segments: list[Segment], kind: SegmentKind, text: str) -> None:
    if segments and segments[-1][0] == kind:
        segments[-1] = (kind, segments[-1][1] + text)
    else:
        segments.append((kind, text))


def _join(tokens: Sequence[tuple[SegmentKind, str]]) -> list[Segment]:
    """Words to segments: neighbours of one kind merged, the space between
    two deleted (or inserted) words inside their segment."""
    segments: list[Segment] = []
    previous: SegmentKind | None = None
    for kind, word in tokens:
        if previous is not None:
            _append(segments, kind if kind == previous else "same", " ")
        _append(segments, kind, word)
        previous = kind
    return segments


def word_diff(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """The words of ``old`` (``same`` or ``del``) and of ``new`` (``same``
    or ``ins``) as segments of text.

    >>> word_diff("a b c", "a x c")
    ([('same', 'a '), ('del', 'b'), ('same', ' c')], [('same', 'a '), ('ins', 'x'), ('same', ' c')])
    """
    old_words, new_words = _words(old), _words(new)
    old_tokens: list[tuple[SegmentKind, str]] = []
    new_tokens: list[tuple[SegmentKind, str]] = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            old_tokens.extend(("same", word) for word in old_words[i1:i2])
            new_tokens.extend(("same", word) for word in new_words[j1:j2])
        else:
            old_tokens.extend(("del", word) for word in old_words[i1:i2])
            new_tokens.extend(("ins", word) for word in new_words[j1:j2])
    return _join(old_tokens), _join(new_tokens)


# --- paragraphs -----------------------------------------------------------


@dataclass(frozen=True)
class DiffRow:
    """One row of a side-by-side comparison.

    ``old`` is ``None`` on an added row, ``new`` on a removed one.  A
    changed row has its words in ``old_segments`` and ``new_segments``;
    other rows have none.
    """

    kind: RowKind
    old: str | None
    new: str | None
    old_segments: tuple[Segment, ...] = ()
    new_segments: tuple[Segment, ...] = ()

    @classmethod
    def changed(cls, old: str, new: str) -> DiffRow:
        old_segments, new_segments = word_diff(old, new)
        return cls("changed", old, new, tuple(old_segments), tuple(new_segments))


def diff_paragraphs(old: Sequence[str], new: Sequence[str]) -> list[DiffRow]:
    """Line ``old`` and ``new`` paragraphs up, in the order of ``new``.

    >>> [row.kind for row in diff_paragraphs(["A b c d", "E"], ["A b c x", "F"])]
    ['changed', 'removed', 'added']
    """
    old, new = list(old), list(new)
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(DiffRow("same", text, text) for text in old[i1:i2])
        elif tag == "delete":
            rows.extend(DiffRow("removed", text, None) for text in old[i1:i2])
        elif tag == "insert":
            rows.extend(DiffRow("added", None, text) for text in new[j1:j2])
        else:
            rows.extend(_pair_replaced(old[i1:i2], new[j1:j2]))
    return rows


def _pair_replaced(old: list[str], new: list[str]) -> list[DiffRow]:
    """Rows for a run of ``old`` paragraphs replaced by ``new`` ones: the most
    alike pair (at least :data:`PAIRING_CUTOFF`) becomes a changed row, and
    what lies before and after it is paired the same way; paragraphs left
    unpaired are removed, then added."""
    best, best_i, best_j = PAIRING_CUTOFF, -1, -1
    for i, old_text in enumerate(old):
        for j, new_text in enumerate(new):
            matcher = difflib.SequenceMatcher(None, _words(old_text), _words(new_text), autojunk=False)
            if matcher.real_quick_ratio() < best or matcher.quick_ratio() < best:
                continue
            ratio = matcher.ratio()
            if ratio > best or (ratio == best and best_i < 0):
                best, best_i, best_j = ratio, i, j
    if best_i < 0:
        return [DiffRow("removed", text, None) for text in old] + [DiffRow("added", None, text) for text in new]
    return [
        *_pair_replaced(old[:best_i], new[:best_j]),
        DiffRow.changed(old[best_i], new[best_j]),
        *_pair_replaced(old[best_i + 1 :], new[best_j + 1 :]),
    ]


def has_changes(rows: Iterable[DiffRow]) -> bool:
    return any(row.kind != "same" for row in rows)


# --- short fields ---------------------------------------------------------


@dataclass(frozen=True)
class FieldDiff:
    """A short field in two versions: ``kind`` is ``same``, ``added`` (empty
    before), ``removed`` (empty after) or ``changed``."""

    name: str
    kind: RowKind
    old: str
    new: str
    old_segments: tuple[Segment, ...] = ()
    new_segments: tuple[Segment, ...] = ()

    @property
    def is_change(self) -> bool:
        return self.kind != "same"


def _as_text(value: Any) -> str:
    return "" if value is None else normalise_space(str(value))


def diff_fields(old: Mapping[str, Any], new: Mapping[str, Any], fields: Iterable[str]) -> list[FieldDiff]:
    """Each of ``fields`` in ``old`` and ``new`` (missing or ``None`` is
    empty), values compared as text with spaces collapsed.

    >>> [(d.name, d.kind) for d in diff_fields({"a": "x", "b": ""}, {"a": "x", "b": "y"}, ["a", "b"])]
    [('a', 'same'), ('b', 'added')]
    """
    diffs: list[FieldDiff] = []
    for name in fields:
        before, after = _as_text(old.get(name)), _as_text(new.get(name))
        if before == after:
            diffs.append(FieldDiff(name, "same", before, after))
        elif not before:
            diffs.append(FieldDiff(name, "added", before, after))
        elif not after:
            diffs.append(FieldDiff(name, "removed", before, after))
        else:
            old_segments, new_segments = word_diff(before, after)
            diffs.append(FieldDiff(name, "changed", before, after, tuple(old_segments), tuple(new_segments)))
    return diffs
