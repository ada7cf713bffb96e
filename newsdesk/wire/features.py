"""What a single line of a page is like: small, named, separately tested features.

The parser decides each line's role (headline, byline, body, furniture, …)
from these features and from where the line stands (see
:mod:`newsdesk.wire.roles`).  Each function looks at one line only and is
cheap: a page's lines are measured once, and long lines are only looked at
as far as a feature needs.

The features follow the boilerplate-removal literature (jusText's
paragraph classes, boilerpipe's shallow text features): story text is made
of sentences with many function words ("the", "of", "في", "من"); page
furniture is short, title-like, and comes in runs.
"""

from __future__ import annotations

import re

#: Function words of English: a sentence is full of them, a menu has none.
ENGLISH_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers him his how i if in into is
    it its itself just me more most my no nor not now of off on once only or other our
    ours out over own same she should so some such than that the their theirs them then
    there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your said says after while since
    per amid across""".split()
)
#: Function words of Arabic (a prefixed و/ف/ب/ل is looked through as well).
ARABIC_STOPWORDS = frozenset(
    """في من على إلى الى عن مع أن ان إن التي الذي الذين اللذين هذا هذه ذلك تلك هناك كان
    كانت يكون تكون قد لا ما لم لن بعد قبل خلال بين حيث كما أو او ثم حتى عند منذ أي كل بعض
    غير أنه انه أنها انها إلا الا عبر نحو لدى ضمن وفق دون بها به فيها فيه منها منه عليها
    عليه إليها إليه التى وقال قال وأضاف أضاف وأكد أكد وأوضح أوضح وأشار أشار يوم اليوم أمس
    العام هو هي هم إنها إنه لها له لهم وكان وكانت ولا وهو وهي كذلك أيضا أيضاً""".split()
)
_SENTENCE_END = frozenset(".!?؟\"”’'»")

_ARABIC_RE = re.compile("[\u0621-\u064a]")
_DIGIT_RE = re.compile("[0-9\u0660-\u0669\u06f0-\u06f9]")
#: A call to action: furniture invites the reader to do something.
_CALL_TO_ACTION_RE = re.compile(
    r"^(?:subscribe|follow|share|sign up|sign in|log in|download|join|click|tap|watch|"
    r"listen|leave a|post a|rate this|read (?:more|also|the)|see (?:more|also|all)|"
    r"view (?:more|all|comments)|show (?:more|comments)|load more|enter|your (?:name|email|comment)|"
    r"did you like|no comments|be the first|get the|don't miss|sponsored|advert(?:isement)?)(?![\w-])|"
    r"^(?:تابع|اشترك|شارك|اقرأ|شاهد|أضف|اترك|حمّل|حمل تطبيق|سجل|لا توجد تعليقات)",
    re.IGNORECASE,
)
#: How many words a feature ever reads: enough to judge a line.
_WORDS_LOOKED_AT = 40


def words_of(line: str) -> list[str]:
    """The line's first words (about forty), lower-cased, as split by spaces.

    Punctuation stays attached ("said,"): the share of function words only
    has to tell a sentence from a title, and one ``split`` in C is what a
    feature measured on every line of every page can afford.
    """
    return line[:300].lower().split()[:_WORDS_LOOKED_AT]


def word_count(line: str) -> int:
    """Words in the line, as whitespace separates them.

    Long lines are counted by their spaces (a paragraph's exact count only
    matters below twenty words, and splitting a long line costs more than
    every other feature of it).
    """
    return len(line.split()) if len(line) < 300 else line.count(" ") + 1


def ends_like_sentence(line: str) -> bool:
    """Ends with a full stop, question or exclamation mark or closing quote.

    An ellipsis is a teaser's cut ("No comments yet..."), not a sentence end.
    """
    if line.endswith("...") or line.endswith("…"):
        return False
    return line[-1:] in _SENTENCE_END


def is_arabic(line: str) -> bool:
    """Written in Arabic script (judged on its first letters)."""
    head = line[:60]
    return not head.isascii() and _ARABIC_RE.search(head) is not None


def stopword_share(words: list[str], arabic: bool) -> float:
    """Share of the words that are function words of the line's language.

    Sentences of story text score 0.3–0.5 in English and 0.15–0.35 in
    Arabic; headlines, names and menus score much lower.
    """
    if not words:
        return 0.0
    if arabic:
        hits = 0
        for word in words:
            if word in ARABIC_STOPWORDS or (word[:1] in "وفبل" and word[1:] in ARABIC_STOPWORDS):
                hits += 1
        return hits / len(words)
    return sum(map(ENGLISH_STOPWORDS.__contains__, words)) / len(words)


def capitalised_share(line: str) -> float:
    """Share of Latin words starting with a capital or digit ("Title Case Like This")."""
    latin = [w for w in line[:300].split()[:_WORDS_LOOKED_AT] if w[:1].isascii() and w[:1].isalnum()]
    if not latin:
        return 0.0
    return sum(1 for w in latin if not w[0].islower()) / len(latin)


def has_digit(line: str) -> bool:
    return _DIGIT_RE.search(line) is not None


def is_call_to_action(line: str) -> bool:
    """"Subscribe to our newsletter", "Leave a comment", "اترك تعليقاً"."""
    return len(line) <= 120 and _CALL_TO_ACTION_RE.match(line.lstrip(" •·-–—>»|")) is not None


class LineFeatures:
    """One line and the features the roles are decided from, each measured once, when asked."""

    __slots__ = ("text", "length", "words", "arabic", "sentence_end", "_looked_at", "_stopwords",
                 "_capitals", "_prose")

    def __init__(self, text: str) -> None:
        self.text = text
        self.length = len(text)
        self.words = word_count(text)
        self.arabic = is_arabic(text)
        self.sentence_end = ends_like_sentence(text)
        self._looked_at: list[str] | None = None
        self._stopwords: float | None = None
        self._capitals: float | None = None
        self._prose: bool | None = None

    @property
    def looked_at(self) -> list[str]:
        if self._looked_at is None:
            self._looked_at = words_of(self.text)
        return self._looked_at

    @property
    def stopwords(self) -> float:
        if self._stopwords is None:
            self._stopwords = stopword_share(self.looked_at, self.arabic)
        return self._stopwords

    @property
    def capitals(self) -> float:
        if self._capitals is None:
            self._capitals = 0.0 if self.arabic else capitalised_share(self.text)
        return self._capitals

    @property
    def prose(self) -> bool:
        """Reads like running text: function words, not every word capitalised."""
        if self._prose is None:
            threshold = 0.08 if self.arabic else 0.2
            self._prose = self.stopwords >= threshold and (
                self.arabic or self.words >= 12 or self.capitals < 0.7
            )
        return self._prose

    @property
    def sentence_like(self) -> bool:
        """Ends like a sentence and reads like one: not a run of capitalised names."""
        if not self.sentence_end or self.words < 3:
            return False
        return self.arabic or self.prose or self.capitals < 0.5

    @property
    def paragraph(self) -> bool:
        """A paragraph of story text on its own, whatever stands around it (jusText's "good").

        A sentence of eight words or more, or twenty words of prose even when
        the scraper cut the sentence short.
        """
        if self.words >= 40 and self.sentence_end and not self.arabic:
            return True  # forty words and a full stop: no menu or title is that
        if self.words >= 20 and self.prose:
            return True
        return self.words >= 8 and self.sentence_like

    @property
    def short_prose(self) -> bool:
        """A short sentence ("The measure now goes to the House.") — story text near a story."""
        return self.sentence_like

    @property
    def title_like(self) -> bool:
        """Could be a headline: a few words, not a full-stop sentence."""
        return 3 <= self.words <= 30 and self.length <= 250 and not self.text.endswith(".")
