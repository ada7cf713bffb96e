"""Page chrome: the lines a scraper picks up that are not part of any story.

A chrome *phrase* matches a whole line, ignoring case, surrounding spaces
and decoration such as ``:`` ``|`` ``»``.  A phrase ending in ``*`` matches
every line that starts with it ("read more:*" drops "Read more: Oman's
dates").  Sites add their own through the ``CHROME_PHRASES`` setting.
Mastheads ("EDITOR IN CHIEF- …") are recognised by pattern, not phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

#: The built-in phrase list (documented in ``docs/importer.rst``).
DEFAULT_CHROME_PHRASES: tuple[str, ...] = (
    # font-size buttons
    "minus", "plus", "a+", "a-", "a", "aa", "a a a", "a- a a+", "a+ a-", "font size",
    "text size", "increase font size", "decrease font size", "reset font size",
    # sharing, printing and page furniture
    "share", "share article", "share this article", "share this", "share on facebook",
    "share on twitter", "share on whatsapp", "facebook", "twitter", "x", "whatsapp",
    "linkedin", "telegram", "email", "e-mail", "copy link", "link copied", "print",
    "print article", "print this article", "arrow up", "arrow down", "arrow left",
    "arrow right", "home icon", "home", "back to top", "scroll to top", "no image",
    "image", "advertisement", "sponsored", "subscribe", "subscribe now", "follow us",
    "comments", "leave a comment", "listen to this article", "bookmark", "save", "short url",
    "short link", "follow", "tt", "english", "arabic", "print this page", "email this",
    # related-story furniture
    "related", "related articles", "related stories", "related news", "related topics",
    "read more", "read also", "also read", "see also", "more stories", "more news",
    "you may also like", "most read", "most popular", "trending", "top stories",
    "read more:*", "related:*", "also read:*", "read also:*", "see also:*",
    # notes to the reader about the page, not the story
    "editor's note:*", "editor’s note:*", "editors note:*", "correction:*", "ملاحظة المحرر:*",
    "this post has already been read*", "إعلان", "اعلان", "إعلانات", "شاهد الفيديو", "watch video",
    "watch the video", "video", "فيديو",
    # Arabic
    "شارك", "مشاركة", "شارك المقال", "طباعة", "إرسال", "نسخ الرابط", "اقرأ أيضا",
    "اقرأ أيضاً", "اقرأ المزيد", "أخبار ذات صلة", "مواضيع ذات صلة", "الأكثر قراءة",
    "اقرأ أيضا:*", "اقرأ أيضاً:*",
)

#: Lines after which a page lists other stories; see :func:`is_related_heading`.
RELATED_HEADINGS = frozenset({
    "related", "related articles", "related stories", "related news", "more stories",
    "more news", "you may also like", "most read", "most popular", "أخبار ذات صلة",
    "مواضيع ذات صلة", "الأكثر قراءة", "also read", "read also", "read more", "see also",
    "tags", "topics", "اقرأ أيضا", "اقرأ أيضاً", "الوسوم", "كلمات دالة", "you might also like",
    "you may like", "recommended", "recommended for you", "more from", "next story", "next article",
    "قد يعجبك أيضاً", "قد يعجبك أيضا", "قد يهمك أيضاً", "قد يهمك أيضا", "شاهد أيضاً", "شاهد أيضا",
    "المزيد", "اخترنا لك",
})

_DECORATION = " :|•·»«›‹>→←↑"
_MASTHEAD_RE = re.compile(
    r"^(?:editor[- ]in[- ]chief|chief editor|managing editor|executive editor|"
    r"publisher|رئيس التحرير|رئيس مجلس الإدارة)\s*[-–—:|]",
    re.IGNORECASE,
)


#: The first characters a masthead line starts with ("Editor…", "رئيس…").
_MASTHEAD_STARTS = frozenset("eEcCmMpPر")


def phrase_key(line: str) -> str:
    """A line as chrome phrases compare it: lower case, single spaces, undecorated."""
    return " ".join(line.casefold().split()).strip(_DECORATION).rstrip("…").rstrip(".")


def is_masthead(line: str) -> bool:
    """"EDITOR IN CHIEF- ABDULLAH BIN SALIM AL SHUEILI" and the like."""
    return len(line) <= 200 and _MASTHEAD_RE.match(line) is not None


class ChromeMatcher:
    """The built-in phrases plus a site's own, compiled for O(1) whole-line tests."""

    __slots__ = ("_exact", "_prefixes", "_prefix_starts", "_longest", "_longest_prefix", "_learnt")

    def __init__(self, extra_phrases: Iterable[str] = (), furniture: Iterable[str] = ()) -> None:
        exact: set[str] = {key for key in map(phrase_key, furniture) if key}
        learnt = set(exact)
        prefixes: list[str] = []
        for phrase in (*DEFAULT_CHROME_PHRASES, *RELATED_HEADINGS, *extra_phrases):
            if phrase.endswith("*"):
                prefix = " ".join(phrase[:-1].casefold().split())
                if prefix:
                    prefixes.append(prefix)
            else:
                key = phrase_key(phrase)
                if key:
                    exact.add(key)
                    learnt.discard(key)
        self._exact = frozenset(exact)
        # Lines that are chrome only because a source's pages taught so:
        # the parser keeps such a line that reads as story text inside a body.
        self._learnt = frozenset(learnt)
        self._prefixes = tuple(prefixes)
        # Lines much longer than every phrase skip the normalisation entirely:
        # most lines of a story are paragraphs, and this is the parser's
        # hottest loop.
        self._longest = max(map(len, exact), default=0) + 8
        self._longest_prefix = max(map(len, prefixes), default=0) * 2 + 8
        # The first letters prefixes start with: most lines start otherwise
        # and are never folded for the prefix test.
        self._prefix_starts = frozenset(prefix[0] for prefix in prefixes)

    def is_chrome(self, line: str) -> bool:
        """Whether the whole ``line`` is page chrome (phrase or masthead)."""
        if len(line) <= self._longest and phrase_key(line) in self._exact:
            return True
        if self._prefixes and line[:8].lstrip()[:1].casefold() in self._prefix_starts:
            folded = " ".join(line[: self._longest_prefix].casefold().split())
            if folded.startswith(self._prefixes):
                return True
        return line[:1] in _MASTHEAD_STARTS and is_masthead(line)

    def is_learnt_only(self, line: str) -> bool:
        """Whether ``line`` is chrome only as a source's learnt furniture (no phrase, no masthead)."""
        if not self._learnt or len(line) > self._longest or phrase_key(line) not in self._learnt:
            return False
        if self._prefixes:
            folded = " ".join(line[: self._longest_prefix].casefold().split())
            if folded.startswith(self._prefixes):
                return False
        return not (line[:1] in _MASTHEAD_STARTS and is_masthead(line))


def is_related_heading(line: str) -> bool:
    """"Related" / "Read more" alone on a line: what follows links elsewhere."""
    return len(line) <= 40 and phrase_key(line) in RELATED_HEADINGS


DEFAULT_MATCHER = ChromeMatcher()


def matcher_for(chrome_phrases: Iterable[str] | None, furniture: Iterable[str] | None = None) -> ChromeMatcher:
    """The matcher for a site's phrases and a source's learnt furniture lines.

    Built once per distinct pair: an import passes the same lists for
    thousands of pages.  Furniture lines match whole lines only (a learnt
    line ending in ``*`` is not a prefix).
    """
    phrases = tuple(chrome_phrases or ())
    lines = tuple(sorted(set(furniture or ())))
    if not phrases and not lines:
        return DEFAULT_MATCHER
    return _cached_matcher(phrases, lines)


@lru_cache(maxsize=64)
def _cached_matcher(phrases: tuple[str, ...], furniture: tuple[str, ...]) -> ChromeMatcher:
    return ChromeMatcher(phrases, furniture)
