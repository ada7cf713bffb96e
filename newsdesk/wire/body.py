"""The fallback headline, subheadings and language: judgements about whole lines of the story."""

from __future__ import annotations

import re

HEADLINE_MAX = 150
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?؟])\s+")
_ARABIC_RUN_RE = re.compile("[\u0621-\u064a\u0671-\u06d3]+")
_ARABIC_CHAR_RE = re.compile("[\u0621-\u064a]")
_LATIN_RUN_RE = re.compile("[A-Za-z\u00c0-\u024f]+")
_WORD3_RE = re.compile(r"[^\W\d_]{3}")
_SUBHEADING_END = ".,;:،؛…\"”'’)]"


def headline_from_paragraph(paragraph: str) -> str:
    """The first sentence, cut at a word to :data:`HEADLINE_MAX` characters."""
    sentence = _SENTENCE_SPLIT_RE.split(paragraph, maxsplit=1)[0]
    if len(sentence) <= HEADLINE_MAX:
        return sentence
    cut = sentence[: HEADLINE_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-—–")
    return cut + "…"


def is_subheading(paragraph: str) -> bool:
    """A short title-like line inside the body ("Talks in Riyadh", "ردود الفعل").

    No sentence punctuation at the end, at most ten words, not starting in
    lower case, with a quotation mark or a bullet, and at least one word of
    three letters ("TT" and "1 / 4" are page furniture).
    """
    if len(paragraph) > 80 or paragraph[-1] in _SUBHEADING_END:
        return False
    first = paragraph[0]
    if first.islower() or first in "\"“'‘«(-—–•·>|":
        return False
    # "TT", "1 / 4", "A+": furniture; a subheading has a word of three letters.
    if _WORD3_RE.search(paragraph) is None:
        return False
    return len(paragraph.split()) <= 10


def detect_language(text: str) -> str:
    """``"ar"`` when most words are in Arabic script, otherwise ``"en"``."""
    if text.isascii() or _ARABIC_CHAR_RE.search(text) is None:
        return "en"
    arabic = len(_ARABIC_RUN_RE.findall(text))
    if not arabic:
        return "en"
    return "ar" if arabic > len(_LATIN_RUN_RE.findall(text)) else "en"
