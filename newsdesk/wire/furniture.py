"""Learning a paper's furniture from its own pages.

A line that recurs on many different stories of one paper ("Short Url",
"Follow", "• English", the paper's name under every headline) is page
furniture for all of them, whatever words it uses.  This module finds such
lines in a batch of pages; the importer keeps them per source (see
``newsdesk.models.NewsSource``) and passes them back to
:func:`~newsdesk.wire.parse` as ``furniture``.

Pure and linear: each page is read once, lines are compared by
:func:`furniture_key` (case, spacing and decoration ignored).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from .agencies import index_for
from .bylines import match_byline
from .chrome import phrase_key
from .credits import match_trailing_credit
from .header import parse_date_bar, parse_temperatures
from .hygiene import clean_lines

#: A line must recur on this many different stories to be learnt.
MIN_STORIES = 3
#: Only lines up to this long are ever learnt: furniture is short, and a
#: paragraph that recurs is an agency story printed twice, not furniture.
MAX_FURNITURE_LENGTH = 160
#: Lines at least this long identify a story: two pages sharing one are the
#: same story (an update, a copy) and count once.
STORY_IDENTITY_LENGTH = 150


def furniture_key(line: str) -> str:
    """How learnt lines compare: as chrome phrases do (case, spaces, decoration)."""
    return phrase_key(line)


def _page_lines(text: str) -> tuple[str | None, set[str]]:
    """The page's story identity and its short line keys.

    The identity is the page's first long line or, on a page of short lines
    only (a brief), its longest line: copies of a brief share it too, so
    its headline and paragraphs are never learnt from its copies.
    """
    identity: str | None = None
    longest = ""
    keys: set[str] = set()
    for line in clean_lines(text):
        if not line:
            continue
        if len(line) <= MAX_FURNITURE_LENGTH:
            key = furniture_key(line)
            if key:
                keys.add(key)
                if len(line) > len(longest):
                    longest = line
        elif identity is None and len(line) >= STORY_IDENTITY_LENGTH:
            identity = furniture_key(line[:STORY_IDENTITY_LENGTH])
    if identity is None and longest:
        identity = "\1" + furniture_key(longest)
    return identity, keys


def learn_furniture(pages: Iterable[str], *, min_stories: int = MIN_STORIES) -> Counter[str]:
    """Line keys recurring on at least ``min_stories`` different stories, with their counts.

    Pages that share a long line are the same story (a re-import, an
    update) and count once, so a story's own headline is never learnt from
    its copies.  The result maps each learnt key to the number of stories it
    was seen on.
    """
    seen: Counter[str] = Counter()
    stories: dict[str, set[str]] = {}
    anonymous = 0
    for text in pages:
        identity, keys = _page_lines(text)
        if identity is None:
            anonymous += 1
            identity = f"\0{anonymous}"
        if identity in stories:
            stories[identity] |= keys  # the same story again: union, counted once
        else:
            stories[identity] = keys
    for keys in stories.values():
        seen.update(keys)
    return Counter({key: count for key, count in seen.items() if count >= min_stories})


def count_page_lines(text: str) -> set[str]:
    """The keys of a page's short lines: what is compared with a source's furniture."""
    return _page_lines(text)[1]


def page_lines(text: str) -> dict[str, str]:
    """A page's short lines by key, each as first printed: the keys of
    :func:`count_page_lines`, with the text the importer stores for a line it
    learns and checks with :func:`carries_data`."""
    lines: dict[str, str] = {}
    for line in clean_lines(text):
        if line and len(line) <= MAX_FURNITURE_LENGTH:
            key = furniture_key(line)
            if key:
                lines.setdefault(key, line)
    return lines


def carries_data(line: str, agencies: Mapping[str, str] | None = None) -> bool:
    """Whether a recurring line is the page's data, which is never furniture.

    Every page read on one day prints the same dual date bar and weather
    reading, and a staff byline ("By Staff Reporter") or a credit alone on
    its line ("— AFP") recurs on many stories; dropped as furniture, the
    page would lose its date, weather, byline or credit.  Asked only about
    lines that recur (a few per page), so its cost does not matter.
    """
    if parse_date_bar(line) is not None or parse_temperatures(line) is not None:
        return True
    if match_byline(line) is not None:
        return True
    credit = match_trailing_credit(line, index_for(agencies))
    return credit is not None and not credit.text
