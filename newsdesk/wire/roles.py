"""Choosing the headline among the lines above the story, by named features.

Above a story's first paragraph a page prints, in some order: section
labels and breadcrumbs ("Business", "الرئيسية"), logo text, the headline
(often twice), a standfirst, the byline, the publication date and photo
captions.  Captions, bylines and dates are recognised by their own
patterns; what is left is scored here.  Each feature is a small function of
one candidate and its place among the others; :data:`HEADLINE_WEIGHTS`
holds every weight in one table, and the features that decided a doubtful
choice are named in the warning an editor reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .features import LineFeatures


@dataclass(frozen=True)
class Candidate:
    """A line above the story that may be its headline, with its neighbourhood."""

    features: LineFeatures
    first_title: bool  # the first candidate of three words or more on the page
    printed_twice: bool  # the same line appears again on the page
    above_metadata: bool  # a byline or date line follows it
    above_text_line: bool  # another candidate of four words or more follows it


def headline_length(c: Candidate) -> bool:
    """Three to twenty words: what headlines measure."""
    return 3 <= c.features.words <= 20


def few_words(c: Candidate) -> bool:
    """One or two words: a section label, a breadcrumb, logo text."""
    return c.features.words <= 2


def full_stop(c: Candidate) -> bool:
    """Ends in a full stop: headlines seldom do, sentences of text always."""
    return c.features.text.endswith(".")


def printed_twice(c: Candidate) -> bool:
    """Pages print the headline again (image title, breadcrumb, share text)."""
    return c.printed_twice


def reads_like_prose(c: Candidate) -> bool:
    """Long and full of function words: a paragraph, not a title."""
    return c.features.words > 20 and c.features.prose


_PUBLICATION_WORDS = frozenset(
    """agency news observer times gazette daily tribune herald post journal chronicle media press
    tv channel radio network newspaper magazine online جريدة صحيفة وكالة الأنباء أنباء قناة مجلة
    موقع""".split()
)


def is_publication_name(text: str) -> bool:
    """"Oman Daily Observer", "Bahrain News Agency", "جريدة الرؤية": a masthead's words."""
    words = text.casefold().split()
    return len(words) <= 5 and any(word in _PUBLICATION_WORDS for word in words)


def names_a_publication(c: Candidate) -> bool:
    """A masthead or the paper's name, not a headline."""
    return is_publication_name(c.features.text)


def above_metadata(c: Candidate) -> bool:
    """A byline or date line follows: the headline's company."""
    return c.above_metadata


def first_title(c: Candidate) -> bool:
    """Headlines come first: the first line of three words or more above the story."""
    return c.first_title


def above_text_line(c: Candidate) -> bool:
    """A line of text follows directly: the standfirst under its headline."""
    return c.above_text_line


Feature = Callable[[Candidate], bool]

#: Every headline feature and its weight.  A candidate needs
#: :data:`HEADLINE_MIN_SCORE`; the best one wins, the earliest on a tie.
HEADLINE_WEIGHTS: dict[Feature, float] = {
    headline_length: 2.0,
    few_words: -4.0,
    names_a_publication: -3.0,
    full_stop: -5.0,
    printed_twice: 1.5,
    reads_like_prose: -1.5,
    above_metadata: 1.0,
    first_title: 1.0,
    above_text_line: 0.5,
}
HEADLINE_MIN_SCORE = 1.0
#: A winner ahead of the runner-up by less than this is a doubtful choice.
HEADLINE_CLEAR_MARGIN = 0.5


def headline_score(candidate: Candidate) -> float:
    return sum(weight for feature, weight in HEADLINE_WEIGHTS.items() if feature(candidate))


def deciding_features(candidate: Candidate) -> list[str]:
    """The names of the features that counted for a candidate, for a warning."""
    return [feature.__name__.replace("_", " ") for feature in HEADLINE_WEIGHTS if feature(candidate)]


@dataclass(frozen=True)
class HeadlineChoice:
    index: int  # into the candidates
    score: float
    runner_up: int | None
    confidence: float


def choose_headline(candidates: list[Candidate]) -> HeadlineChoice | None:
    """The best-scoring candidate, or ``None`` when none scores enough."""
    scored = sorted(
        ((headline_score(c), -i, i) for i, c in enumerate(candidates)), reverse=True
    )
    if not scored or scored[0][0] < HEADLINE_MIN_SCORE:
        return None
    best_score, _, best = scored[0]
    runner_up = scored[1][2] if len(scored) > 1 and scored[1][0] >= HEADLINE_MIN_SCORE else None
    if runner_up is None:
        confidence = 0.9 if best_score >= 2.5 else 0.7
    else:
        margin = best_score - scored[1][0]
        confidence = 0.9 if margin >= 1.5 else 0.7 if margin >= HEADLINE_CLEAR_MARGIN else 0.45
    return HeadlineChoice(best, best_score, runner_up, confidence)
