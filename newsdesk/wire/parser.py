"""``parse_text()``: scraped or agency story text in, a :class:`WireStory` out.

This is the plain-text format; :func:`newsdesk.wire.parse` tells structured
agency formats (:mod:`newsdesk.wire.formats`) by their content and sends
everything else here.

The parser reads a page's structure, not one site's phrases.  Every
non-blank line gets a role from what it is (its :mod:`features`, the
recognisers of the sibling modules) and where it stands:

1. hygiene — one newline convention, plain spaces, nothing invisible;
2. furniture flags — built-in phrases, a site's phrases and the furniture
   learnt from the paper's own pages (:mod:`furniture`) are flagged; they
   still count as furniture in the runs below;
3. header — the dual date bar and the weather widget among the first lines;
4. the story's first paragraph — the first line that is a paragraph on its
   own (a sentence of several words, full of function words), not a
   caption;
5. above it — captions, byline and publication date by their patterns; the
   headline is the best-scoring of the rest (:mod:`roles`); copies of it,
   section labels, breadcrumbs and logo text are dropped; a standfirst is
   what stands between the headline and the body;
6. the body — paragraphs, and between them subheadings (one short title
   alone between paragraphs), captions, short sentences; runs of short
   lines, lines under a "Related"/"Also read" heading, calls to action and
   a long run of furniture (where another story's teaser begins) are not
   the story;
7. dateline off the first paragraphs, wire credit off the last.

Two lines are instructions to the newsroom, not the page's text: an embargo
line anywhere (:mod:`embargo`) is read into ``embargo`` before anything
else, and an agency's version marker ("UPDATE 1-", "(محدث)") is taken off
the printed headline into ``version_marker`` (:mod:`versions`).

Every decision has a confidence; doubtful ones become ``warnings`` in an
editor's words.  Every pass is linear in the number of lines and every
pattern is compiled once.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from .agencies import AgencyIndex, index_for
from .body import detect_language, headline_from_paragraph, is_subheading
from .bylines import match_byline, match_name_alone, match_name_and_place
from .captions import caption_key, is_bare_photo_label, match_credit_line
from .chrome import ChromeMatcher, is_related_heading, matcher_for, phrase_key
from .credits import CreditMatch, match_caption, match_trailing_credit
from .datelines import Dateline, match_dateline
from .embargo import EmbargoUnreadable, find_embargo
from .features import LineFeatures, has_digit, is_arabic, is_call_to_action
from .header import has_issue_number, is_weather_label, parse_date_bar, parse_temperatures, weather_from_lines
from .hygiene import clean_lines
from .learnt_lead import split_lead
from .learnt_roles import (
    choose_learnt_byline,
    choose_learnt_headline,
    choose_learnt_standfirst,
    choose_learnt_start,
    refine_body,
)
from .line_model import HAND_RULES, LineRoleModel, shipped_model
from .pubdates import match_date_line
from .roles import Candidate, HeadlineChoice, choose_headline, deciding_features, is_publication_name
from .story import DOUBT_BELOW, CaptionData, WeatherReading, WireStory
from .versions import split_version_marker

#: How far down the page the date bar and weather widget may stand.
HEADER_LINES = 12
#: A run of this many non-story lines after the body ends the story: what
#: follows is another story's teaser, comments, a footer.
GAP_ENDS_STORY = 5
#: Lines under a "Related" heading longer than this are story text again.
RELATED_LINK_MAX = 160
#: Date lines are short; longer lines are never offered to the date reader.
DATE_LINE_MAX = 100
#: A date line that says what its date is: only these are read at the top of the page.
_DATE_LABEL_RE = re.compile(
    r"\W*(?:published|updated|last updated|posted|first published|date|نشر|تاريخ النشر|آخر تحديث|"
    r"تم التحديث|محدث)",
    re.IGNORECASE,
)
#: Characters of story text the language is judged on: a few paragraphs
#: tell Arabic from English, and counting words is the page's dearest step.
LANGUAGE_SAMPLE = 2000
#: How many of the body's first paragraphs may carry the dateline.
DATELINE_LOOKAHEAD = 2
#: A headline chosen with less confidence than this offers its runner-up
#: as ``WireStory.alternatives["headline"]``; a sure choice offers none.
SURE_ENOUGH_FOR_NO_ALTERNATIVE = 0.9


def parse_text(
    text: str,
    *,
    agencies: Mapping[str, str] | None = None,
    chrome_phrases: Iterable[str] = (),
    furniture: Iterable[str] = (),
    source_name: str = "",
    line_model: LineRoleModel | None = None,
) -> WireStory:
    """Parse one story of plain or scraped text.  Never raises on any ``str``; doubts become ``warnings``.

    ``agencies`` maps every known spelling of an agency to its short name
    (case-insensitive); ``None`` means :data:`~newsdesk.wire.DEFAULT_AGENCIES`.
    ``chrome_phrases`` extend :data:`~newsdesk.wire.DEFAULT_CHROME_PHRASES`.
    ``furniture`` are whole lines learnt as a paper's furniture
    (:func:`~newsdesk.wire.furniture.learn_furniture`), dropped wherever
    they stand, except one that reads as a paragraph between two of the
    body's: that is kept, with a warning naming it (a quote or background
    paragraph the paper repeats is learnt too, and is story text there).
    ``source_name`` (the file name) is accepted so every caller
    can pass it; the plain-text format does not use it yet.  ``line_model``
    replaces the shipped learnt weights (:mod:`.line_model`; training and
    leave-one-site-out measures pass their own, :data:`~.line_model.HAND_RULES`
    measures the hand rules alone).
    """
    model = shipped_model() if line_model is None else line_model
    return _Parser(index_for(agencies), matcher_for(chrome_phrases, furniture), model).run(text)


def is_paragraph(line: _Line, index: AgencyIndex) -> bool:
    """Story text on its own, and not a reader's invitation ("Leave a comment!").

    A sentence that opens with a dateline ("CAIRO (Reuters) - …") is story
    text whatever its share of function words.  Decided once per line.
    """
    m = line.m
    if m.paragraph is None:
        m.paragraph = _is_paragraph(line, index)
    return m.paragraph


def _is_paragraph(line: _Line, index: AgencyIndex) -> bool:
    if line.f.paragraph:
        return not is_call_to_action(line.text)
    if line.f.words >= 8 and line.f.sentence_end and match_dateline(line.text, index.is_agency) is not None:
        return True
    if line.f.words >= 6 and not line.f.sentence_end:
        # "… the ministry said. — KUNA": judged without its credit.
        found = match_trailing_credit(line.text, index)
        if found is not None and found.text:
            return LineFeatures(found.text).paragraph
    return False


def last_story_line(lines: list[_Line]) -> int:
    """The index of the last line that is not furniture (the wire credit's place)."""
    for i in range(len(lines) - 1, -1, -1):
        if not lines[i].chrome:
            return i
    return -1


_NAME_SEPARATOR_RE = re.compile(r"\s+[-–—|/]\s+|\s*[|/]\s*")
_HOME_WORDS = frozenset({"home", "الرئيسية", "الرئيسيه", "news", "أخبار", "اخبار"})
_GALLERY_COUNTER_RE = re.compile(r"^\d{1,3}\s*(?:/|of|من)\s*\d{1,3}$")
_DOMAIN_END_RE = re.compile(r"\.(?:com|net|org|om|ae|sa|qa|kw|bh)(?:/\S*)?$")


def names_a_website(text: str) -> bool:
    """"The Daily Tribune – www.newsofbahrain.com": a web address, the site's own furniture."""
    return "www." in text or "://" in text or _DOMAIN_END_RE.search(text[-60:]) is not None
_BRACKETED_CREDIT_RE = re.compile(r"^(?P<text>.{10,400}[.!?؟])\s*\((?P<credit>[^()\d]{2,30})\)$")
_BREADCRUMB_MARK_RE = re.compile(r"[>»›/|]")
_NAME_MARK_RE = re.compile(r"[-–—|/]")
_DIGIT_RE = re.compile(r"\d")
_BREADCRUMB_RE = re.compile(r"\s*[>»›/|]\s*")


def is_breadcrumb(text: str) -> bool:
    """"Home > News > Oman", "Home / Qatar": short links joined by arrows or slashes."""
    if len(text) > 120 or _BREADCRUMB_MARK_RE.search(text) is None or _DIGIT_RE.search(text) is not None:
        return False
    parts = [part for part in _BREADCRUMB_RE.split(text) if part]
    if len(parts) < 2 or not all(len(part.split()) <= 3 and part[-1] not in ".!?" for part in parts):
        return False
    return len(parts) >= 3 or parts[0].casefold() in _HOME_WORDS


_UNSET = object()


class _Measured:
    """What is known of one line's text, shared by every copy of it on the page.

    Pages print captions and headlines twice; measuring a text once spares
    the second copy every feature and pattern.
    """

    __slots__ = ("text", "chrome", "features", "key", "dateline", "caption", "paragraph")

    def __init__(self, text: str, chrome: bool) -> None:
        self.text = text
        self.chrome = chrome
        self.features: LineFeatures | None = None
        # Only short lines are ever copies worth finding (headlines, teaser
        # titles); a paragraph is its own key, which spares the normalising.
        self.key: str | None = None if len(text) <= 300 else text
        self.dateline: object = _UNSET
        self.caption: object = _UNSET
        self.paragraph: bool | None = None


class _Line:
    """A non-blank line of the page: its place (identity) and what is known of its text."""

    __slots__ = ("text", "chrome", "m", "number")

    def __init__(self, measured: _Measured, number: int = -1) -> None:
        self.text = measured.text
        self.chrome = measured.chrome
        self.m = measured
        self.number = number  # the line's index in the page's text, for training labels

    @property
    def f(self) -> LineFeatures:
        m = self.m
        if m.features is None:
            m.features = LineFeatures(m.text)
        return m.features

    @property
    def key(self) -> str:
        """The line as copies of it compare (case, spacing, decoration ignored)."""
        m = self.m
        if m.key is None:
            m.key = phrase_key(m.text)
        return m.key


class _Parser:
    __slots__ = ("index", "chrome", "warnings", "dropped", "confidence", "captions", "seen_captions",
                 "published", "published_confidence", "published_kind", "related_links",
                 "header_agency", "header_dateline", "header_byline", "dateline_cache", "embargo",
                 "embargo_unreadable", "model", "record", "alternatives")

    def __init__(self, index: AgencyIndex, chrome: ChromeMatcher, model: LineRoleModel = HAND_RULES) -> None:
        self.index = index
        self.chrome = chrome
        self.model = model
        # Training only: (decision, line number, features) of every decision made.
        self.record: list[tuple] | None = None
        self.warnings: list[str] = []
        self.dropped: list[str] = []
        self.confidence: dict[str, float] = {}
        self.captions: list[CaptionData] = []
        self.seen_captions: set[str] = set()
        self.published: datetime.date | None = None
        self.published_confidence = 0.0
        self.published_kind = ""
        self.related_links = 0
        self.header_agency = ""
        self.header_dateline: Dateline | None = None
        self.header_byline: tuple[str, str] = ("", "")
        self.dateline_cache: dict[str, Dateline | None] = {}  # by text, for the body's first paragraphs
        self.embargo: datetime.datetime | None = None
        self.embargo_unreadable = ""
        self.alternatives: dict[str, str] = {}  # field → the runner-up text (WireStory.alternatives)

    def dateline_of(self, text: str) -> Dateline | None:
        return match_dateline(text, self.index.is_agency)

    def cached_dateline(self, text: str) -> Dateline | None:
        """The dateline of a paragraph's text, reusing what the line's reading found."""
        if text in self.dateline_cache:
            return self.dateline_cache[text]
        return self.dateline_of(text)

    def line_dateline(self, line: _Line) -> Dateline | None:
        """The line's dateline, looked for once however often a decision asks."""
        m = line.m
        if m.dateline is _UNSET:
            m.dateline = self.dateline_cache[m.text] = self.dateline_of(m.text)
        return m.dateline  # type: ignore[return-value]

    def line_caption(self, line: _Line) -> CreditMatch | None:
        """The line read as a caption with its credit, looked for once."""
        m = line.m
        if m.caption is _UNSET:
            m.caption = match_caption(m.text, self.index)
        return m.caption  # type: ignore[return-value]

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def drop(self, line: _Line) -> None:
        self.dropped.append(line.text)

    # --- the page, top to bottom ----------------------------------------------

    def run(self, text: str) -> WireStory:
        measured: dict[str, _Measured] = {}
        lines = []
        for number, line in enumerate(clean_lines(text)):
            if line and not self.take_embargo(line):
                known = measured.get(line)
                if known is None:
                    known = measured[line] = _Measured(line, self.chrome.is_chrome(line))
                lines.append(_Line(known, number))
        page_date, page_hijri, weather, lines = self.take_header(lines)
        # Words are counted for the language only when a line is in Arabic at
        # all, and on the story's text (below) or, failing that, the page's.
        arabic = any(is_arabic(line.text) for line in lines)

        def page_language() -> str:
            return detect_language(text[:LANGUAGE_SAMPLE]) if arabic else "en"

        start = self.first_paragraph(lines)
        if start is None:
            return self.without_paragraphs(lines, page_date, page_hijri, weather, page_language())

        header, rest = lines[:start], lines[start:]
        headline_line, standfirst, byline, byline_agency, opening = self.read_header(header, rest)
        region = opening + rest
        body, subheadings = self.read_body(region, headline_line)
        if body and (self.model.decides("story") or self.record is not None):
            body, subheadings = refine_body(self, region, body, subheadings, headline_line)
        if not body:
            self.warn("No story paragraphs found under the headline.")
            return self.story(page_date=page_date, page_hijri=page_hijri, weather=weather,
                              language=page_language(), headline=headline_line.text if headline_line else "")

        language = detect_language("\n".join(body)[:LANGUAGE_SAMPLE]) if arabic else "en"
        dateline, standfirst = self.take_dateline(body, subheadings, standfirst, headline_line)
        credit, credit_known = self.take_credit(body, subheadings, dateline, byline_agency)
        marker = ""
        if headline_line is not None:
            headline, marker = split_version_marker(headline_line.text)
        else:
            headline = headline_from_paragraph(body[0])
            self.confidence["headline"] = 0.2
            self.warn("No headline found; used the first sentence of the first paragraph.")
        return self.story(
            headline=headline,
            standfirst=standfirst,
            byline=byline,
            dateline=dateline.place if dateline else "",
            paragraphs=tuple(body),
            subheadings=tuple(subheadings),
            credit=credit,
            credit_known=credit_known,
            page_date=page_date,
            page_hijri=page_hijri,
            weather=weather,
            language=language,
            version_marker=marker,
        )

    def story(self, **fields) -> WireStory:
        if self.related_links:
            self.warn(
                f"Dropped {self.related_links} line(s) listed under a “Related” heading "
                "as links to other stories."
            )
        if self.published is not None:
            self.confidence.setdefault("published", self.published_confidence)
        if "version_marker" not in fields and fields.get("headline"):
            # A page without paragraphs: its headline is the first line, printed.
            fields["headline"], fields["version_marker"] = split_version_marker(fields["headline"])
        return WireStory(
            dropped=tuple(self.dropped), warnings=tuple(self.warnings), captions=tuple(self.captions),
            published=self.published, confidence=dict(self.confidence), embargo=self.embargo,
            embargo_unreadable=self.embargo_unreadable, alternatives=dict(self.alternatives), **fields,
        )

    def take_embargo(self, line: str) -> bool:
        """Read an embargo line ("EMBARGOED UNTIL 0600 GMT 7 December 2025"); whether ``line`` was one.

        Wherever it stands it is the newsroom's instruction, not the story:
        it is never a headline or paragraph, readable or not.  The first
        unreadable one is kept in ``embargo_unreadable``, which holds the
        story back from publication.
        """
        try:
            found = find_embargo(line)
        except EmbargoUnreadable:
            self.embargo_unreadable = self.embargo_unreadable or line.strip()
            self.warn(
                f"An embargo line was found but its date could not be read: “{line}”; "
                "check it before publishing."
            )
            return True
        if found is None:
            return False
        if self.embargo is None:
            self.embargo = found
        elif found != self.embargo:
            self.warn(
                f"Two different embargo times were found; kept the first and dropped “{line}”. "
                "Check the embargo before publishing."
            )
        return True

    # --- date bar and weather -------------------------------------------------

    def take_header(self, lines: list[_Line]):
        """Date bar and weather widget among the first lines; the rest is the page."""
        page_date = page_hijri = None
        weather: WeatherReading | None = None
        used: set[int] = set()
        above_title = True  # no line of four words or more yet: still the page's top bar
        for i in range(min(len(lines), HEADER_LINES)):
            line = lines[i].text
            if lines[i].chrome:
                continue
            if page_date is None and page_hijri is None:
                dual = parse_date_bar(line)
                if (
                    dual is not None
                    and (
                        above_title
                        or (dual.gregorian is not None and dual.hijri is not None)
                        or has_issue_number(line)
                    )
                    and not self.is_labelled_date(line)
                ):
                    page_date, page_hijri = dual.gregorian, dual.hijri
                    used.add(i)
                    continue
            if above_title and line.count(" ") >= 3 and not is_publication_name(line):
                above_title = False
            if weather is None:
                temperatures = parse_temperatures(line)
                if temperatures is not None:
                    used.add(i)
                    words: list[str] = []
                    j = i - 1
                    while j >= 0 and j not in used and len(lines[j].text) <= 40 and len(words) < 2:
                        if not is_weather_label(lines[j].text):
                            words.insert(0, lines[j].text)
                        used.add(j)
                        j -= 1
                    weather = weather_from_lines(words, temperatures)
                    if not weather.location:
                        self.warn("The weather block names no place; kept it without one.")
        if not used:
            return None, None, None, lines
        return page_date, page_hijri, weather, [line for i, line in enumerate(lines) if i not in used]

    @staticmethod
    def is_labelled_date(line: str) -> bool:
        """"Published: 3 March 2025" is the story's date even at the top of the page."""
        if len(line) > DATE_LINE_MAX or _DATE_LABEL_RE.match(line) is None:
            return False
        found = match_date_line(line)
        return found is not None and found.kind != "plain"

    # --- where the story starts -----------------------------------------------

    def is_header_caption(self, line: _Line, is_last: bool) -> CreditMatch | None:
        """A caption above the story: any plausible credit, unless the line opens with a dateline."""
        if line.chrome or is_last or line.f.words > 60:  # no caption runs to sixty words
            return None
        found = self.line_caption(line)
        if found is None:
            bracketed = _BRACKETED_CREDIT_RE.match(line.text)
            if bracketed is None:
                return None
            # "… جنوب جدة. (عكاظ)": above the story, a sentence and a name in
            # brackets is a caption and its credit (the paper's own, often).
            credit = bracketed["credit"]
            return CreditMatch(bracketed["text"], credit, self.index.resolve(credit), False)
        if not found.explicit_photo and self.line_dateline(line) is not None:
            return None
        return found

    def first_paragraph(self, lines: list[_Line]) -> int | None:
        """The first line that is story text on its own (jusText's "good" paragraph).

        A page of short sentences only (a brief, a test) starts at its first
        sentence instead.
        """
        last = last_story_line(lines)
        learnt = self.model.decides("start") or self.record is not None
        for test in (lambda line: is_paragraph(line, self.index), self.is_opening_sentence):
            hits = self.paragraph_starts(lines, test, last)
            if not learnt:
                found = next(hits, None)
                if found is not None:
                    return found
                continue
            found = choose_learnt_start(self, lines, hits)
            if found is not None:
                return found
        return None

    def paragraph_starts(self, lines: list[_Line], test, last: int):
        """The lines the story may start at, top down, found as they are asked for."""
        for i, line in enumerate(lines):
            if line.chrome or not test(line):
                continue
            if self.is_header_caption(line, i == last) is not None:
                continue
            if self.is_doubled_caption(lines, i):
                continue
            yield i

    def is_doubled_caption(self, lines: list[_Line], i: int) -> bool:
        """A sentence printed twice in a row right above the dateline paragraph.

        That is a photo's alt text and its caption; a story never repeats a
        paragraph there.
        """
        line = lines[i]
        if line.f.words > 40:
            return False
        if i + 1 < len(lines) and lines[i + 1].key == line.key:
            after = i + 2
        elif i > 0 and lines[i - 1].key == line.key:
            after = i + 1
        else:
            return False
        return after < len(lines) and self.line_dateline(lines[after]) is not None

    def is_opening_sentence(self, line: _Line) -> bool:
        """A short first paragraph: a sentence, opening with a dateline or full of function words."""
        if not line.f.sentence_end or is_call_to_action(line.text):
            return False
        if self.line_dateline(line) is not None:
            return True
        return line.f.short_prose and line.f.words >= 4 and line.f.prose

    def without_paragraphs(self, lines, page_date, page_hijri, weather, language) -> WireStory:
        """A page with no paragraph of text: a headline and short lines at most."""
        story = [line for line in lines if not line.chrome]
        for line in lines:
            if line.chrome:
                self.drop(line)
        if not story:
            self.warn("No story text found.")
            return self.story(page_date=page_date, page_hijri=page_hijri, weather=weather,
                              language=language)
        headline, body = story[0].text, [line.text for line in story[1:]]
        if not body:
            self.warn("No story paragraphs found under the headline.")
        credit, credit_known = self.take_credit(body, [], None, "")
        return self.story(headline=headline, paragraphs=tuple(body), credit=credit,
                          credit_known=credit_known, page_date=page_date, page_hijri=page_hijri,
                          weather=weather, language=language)

    # --- above the story --------------------------------------------------------

    def read_header(self, header: list[_Line], rest: list[_Line]):
        """Headline, standfirst, byline and date above the first paragraph.

        Returns the headline line (or ``None``), the standfirst, the byline
        and its agency, and the header lines that begin the body after all
        (a short lead sentence on a page with no headline).
        """
        byline = byline_agency = ""
        meta: list[str | None] = []  # per header line: "caption", "byline", "date" or None
        candidates: list[_Line] = []
        opens_with_dateline = bool(rest) and self.line_dateline(rest[0]) is not None
        roles_seen: dict[str, str | None] = {}
        for line in header:
            if line.chrome:
                meta.append(None)
                self.drop(line)
                continue
            credit = match_credit_line(line.text)
            if credit is not None and candidates and meta and meta[-1] is None:
                # "Image Credit: Supplied" under its caption's text.
                above = candidates.pop()
                self.add_caption(CreditMatch(above.text, credit, self.index.resolve(credit), True))
                meta[-1] = "caption"
                meta.append("caption")
                continue
            if (
                candidates and meta and meta[-1] is None and candidates[-1].key == line.key
                and line.f.sentence_like and opens_with_dateline
            ):
                # The same sentence printed twice in a row above the dateline
                # paragraph: an image's alt text and its caption.
                self.add_caption(CreditMatch(line.text, "", None, True))
                self.drop(candidates.pop())
                meta[-1] = "caption"
                meta.append("caption")
                continue
            if meta and meta[-1] == "counter" and not line.f.paragraph:
                # The caption of a gallery's photo, under its "1 / 3" counter.
                self.add_caption(self.line_caption(line) or CreditMatch(line.text, "", None, True))
                meta.append("caption")
                continue
            if line.key in roles_seen and roles_seen[line.key] != "byline":
                role = roles_seen[line.key]  # a copy of a line above: the same role
            else:
                role = roles_seen[line.key] = self.header_meta(line, byline == "")
            if role == "byline":
                byline, byline_agency = self.header_byline
                self.confidence["byline"] = 0.9
            meta.append(role)
            if role is None:
                candidates.append(line)
            elif role in ("agency", "navigation", "counter"):
                self.drop(line)
        if self.seen_captions:  # a caption's text printed again without its credit
            kept = [line for line in candidates if caption_key(line.text) not in self.seen_captions]
            for line in candidates:
                if line not in kept:
                    self.drop(line)
            candidates = kept

        counts = self.copies_of(candidates, header + rest[:40])
        first_title = next(
            (line for line in candidates if line.f.words >= 3 and not is_publication_name(line.text)), None
        )
        position = {id(line): i for i, line in enumerate(header)}
        scored = []
        for line in candidates:
            following = self.followed_by(header, meta, position[id(line)])
            scored.append(Candidate(
                features=line.f,
                first_title=line is first_title,
                printed_twice=counts[line.key] > 1,
                above_metadata=following == "meta",
                above_text_line=following == "text",
            ))
        choice = choose_headline(scored)
        headline: _Line | None = None
        if self.model.decides("headline") or self.record is not None:
            headline = choose_learnt_headline(self, header, meta, candidates, scored, counts, rest,
                                              choice.index if choice is not None else None)
        if headline is None and choice is not None:
            headline = candidates[choice.index]
            self.confidence["headline"] = choice.confidence
            self.offer_headline_alternative(choice, candidates)
            if choice.confidence < DOUBT_BELOW and choice.runner_up is not None:
                other = candidates[choice.runner_up]
                reasons = ", ".join(deciding_features(scored[choice.index])) or "position"
                self.warn(
                    f"Not sure which line is the headline: chose “{headline.text}” ({reasons}) "
                    f"over “{other.text}”. Check the headline."
                )

        standfirst = ""
        opening: list[_Line] = []
        after_headline = headline is None
        first_paragraph_has_dateline = bool(rest) and self.line_dateline(rest[0]) is not None
        learnt_standfirst = self.model.decides("standfirst")
        chosen_standfirst = None
        vetoed: tuple[_Line, ...] = ()
        if headline is not None and (learnt_standfirst or self.record is not None):
            chosen_standfirst, vetoed = choose_learnt_standfirst(self, header, meta, candidates, headline, rest)
        for line in candidates:
            if line is headline:
                after_headline = True
                continue
            if headline is not None and line.key == headline.key:
                self.drop(line)  # the headline printed again
                continue
            if not after_headline:
                self.drop(line)  # section label, breadcrumb, logo text
                if line.f.words >= 4:
                    self.confidence["body_start"] = 0.5
                    self.warn(f"Dropped “{line.text}” above the headline as page furniture.")
                continue
            if opening:
                opening.append(line)
                continue
            if chosen_standfirst is not None and line is chosen_standfirst:
                standfirst = line.text
                continue
            if line.f.short_prose and (headline is None or not first_paragraph_has_dateline or standfirst):
                opening.append(line)  # a short lead sentence: the body starts here
                continue
            if (
                not standfirst and chosen_standfirst is None and line not in vetoed
                and line.f.words >= 4 and headline is not None
                and not is_publication_name(line.text) and not names_a_website(line.text)
            ):
                standfirst = line.text
                self.confidence["standfirst"] = 0.8
                continue
            if not byline and headline is not None:
                name = match_name_alone(line.text)
                if name is not None:
                    byline = name
                    self.confidence["byline"] = 0.6
                    continue
            self.drop(line)
            if line.f.words >= 4:
                self.confidence["body_start"] = 0.5
                self.warn(f"Dropped “{line.text}” between the headline and the story as page furniture.")
        if not byline and (self.model.decides("byline") or self.record is not None):
            byline = choose_learnt_byline(self, header, meta, headline, standfirst, rest) or ""
        return headline, standfirst, byline, byline_agency, opening

    def offer_headline_alternative(self, choice: HeadlineChoice, candidates: list[_Line]) -> None:
        """The runner-up headline as ``alternatives["headline"]`` when the choice was not sure.

        Often it is the line read as the standfirst: a section label
        ("Court and Crime") won and pushed the real headline down.
        """
        if choice.runner_up is not None and choice.confidence < SURE_ENOUGH_FOR_NO_ALTERNATIVE:
            self.alternatives["headline"] = split_version_marker(candidates[choice.runner_up].text)[0]

    def header_meta(self, line: _Line, byline_free: bool) -> str | None:
        """What a line above the story is, when a pattern says so, else ``None``.

        "caption", "byline", "date" (publication date), "agency" (an agency's
        name alone: the credit), "navigation" (a breadcrumb) or "dateline"
        (a place and agency alone on the line above the first paragraph).
        """
        if line.chrome:
            return None
        text = line.text
        if is_bare_photo_label(text):
            self.add_caption(CreditMatch(text, "", None, True))
            return "caption"
        if byline_free:
            found = match_byline(text)
            if found is not None:
                self.header_byline = (found.name, found.agency)
                return "byline"
            writer = self.writer_and_place(line)
            if writer is not None:
                return "byline"
        if len(text) <= DATE_LINE_MAX:
            dated = match_date_line(text)
            if dated is not None:
                self.take_published(dated.value, 0.9 if dated.kind != "plain" else 0.8, dated.kind)
                return "date"
        agency = self.agency_line(text)
        if agency is not None:
            self.header_agency = self.header_agency or agency
            return "agency"
        if _GALLERY_COUNTER_RE.match(text) is not None:
            return "counter"
        if is_breadcrumb(text):
            return "navigation"
        if len(text) <= 40:  # a dateline alone on its line is short
            dateline = self.line_dateline(line)
            if dateline is not None and not dateline.rest:
                self.header_dateline = dateline
                return "dateline"
        caption = self.is_header_caption(line, False)
        if caption is not None:
            self.add_caption(caption)
            return "caption"
        return None

    def writer_and_place(self, line: _Line) -> tuple[str, str] | None:
        """"الشارقة: سارة المهيري", "Muscat: Jane Doe", "خالد الشمري (جدة)": the byline and the dateline."""
        text = line.text
        if len(text) > 60 or line.f.sentence_end or (":" not in text and "(" not in text):
            return None
        found = match_name_and_place(text)
        if found is not None and not self.index.is_agency(found[1]):
            name, place = found
        else:
            dateline = self.line_dateline(line)
            if dateline is None or dateline.agency or not 2 <= len(dateline.rest.split()) <= 4:
                return None
            if has_digit(dateline.rest) or match_byline(f"By {dateline.rest}") is None and not is_arabic(text):
                return None
            name, place = dateline.rest, dateline.place
        self.header_byline = (name, "")
        self.header_dateline = Dateline(place, "", "", marked=False)
        return name, place

    def agency_line(self, text: str) -> str | None:
        """A line that is only an agency's name ("AFP", "Emirates News Agency - WAM"): its credit."""
        if len(text) > 60:
            return None
        if self.index.is_agency(text):
            return text
        if _NAME_MARK_RE.search(text) is None:
            return None
        parts = [part.strip() for part in _NAME_SEPARATOR_RE.split(text) if part.strip()]
        if len(parts) > 1 and all(self.index.is_agency(part) for part in parts):
            return parts[-1]
        return None

    @staticmethod
    def followed_by(header: list[_Line], meta: list[str | None], i: int) -> str:
        """What follows header line ``i``: "meta" (byline, date), "text" (four words or more), ""."""
        if i + 1 >= len(header):
            return ""
        following = header[i + 1]
        if meta[i + 1] in ("byline", "date"):
            return "meta"
        if (
            meta[i + 1] is None and not following.chrome and following.f.words >= 4
            and following.key != header[i].key
        ):
            return "text"
        return ""

    @staticmethod
    def copies_of(candidates: list[_Line], lines: list[_Line]) -> Counter[str]:
        """How often each candidate's text stands among ``lines`` (case and decoration ignored).

        Only lines about as long as a candidate can be its copy, so the
        others are never normalised.
        """
        lengths = {len(line.text) for line in candidates}
        near = {n for length in lengths for n in range(length - 4, length + 5)}
        return Counter(line.key for line in lines if len(line.text) in near)

    def take_published(self, value, confidence: float, kind: str = "plain") -> None:
        """Keep the first publication date printed; an update date only when no other is."""
        if self.published is None or (self.published_kind == "updated" and kind != "updated"):
            self.published = value
            self.published_confidence = confidence
            self.published_kind = kind

    # --- the body --------------------------------------------------------------

    def read_body(self, lines: list[_Line], headline: _Line | None) -> tuple[list[str], list[int]]:
        """Paragraphs and subheadings from the first paragraph down; the rest is dropped."""
        body: list[str] = []
        subheadings: list[int] = []
        pending: list[tuple[_Line, bool]] = []  # lines since the last paragraph, under "Related"?
        in_related = False
        held: CreditMatch | None = None  # the last paragraph, if it is a caption after all
        headline_key = headline.key if headline is not None else None
        last = last_story_line(lines)
        for position, line in enumerate(lines):
            if line.chrome:
                in_related = in_related or (bool(body) and is_related_heading(line.text))
                pending.append((line, in_related))
                continue
            if headline_key is not None and line.key == headline_key:
                self.drop(line)
                continue
            paragraph = position == 0 or (
                is_paragraph(line, self.index) and not (in_related and self.is_link(line))
            )
            caption = self.body_caption(line, position == last, bool(body))
            if caption is not None and paragraph and not caption.explicit_photo:
                # A paragraph ending in an agency's name is the story's last
                # paragraph with its credit, unless the story goes on after it.
                pass
            elif caption is not None:
                self.add_caption(caption)
                continue
            elif line.f.words <= 6 and is_bare_photo_label(line.text):
                self.add_caption(CreditMatch(line.text, "", None, True))
                continue
            if paragraph:
                ending = pending and body and (
                    self.gap_ends_story(pending, headline_key) or self.starts_another_story(line, pending)
                )
                if ending:
                    self.end_story(pending, lines[position:], ending)
                    return body, subheadings
                if held is not None:
                    self.add_caption(held)
                    body.pop()
                    held = None
                self.settle_gap(pending, body, subheadings, between=bool(body))
                pending = []
                in_related = False
                body.append(line.text)
                held = caption
                continue
            if is_related_heading(line.text):
                in_related = True
            pending.append((line, in_related))
        self.settle_trailing(pending, body)
        return body, subheadings

    def is_link(self, line: _Line) -> bool:
        """A line under a "Related" heading: a story title, not a sentence."""
        return (
            len(line.text) <= RELATED_LINK_MAX
            and not line.f.sentence_end
            and match_trailing_credit(line.text, self.index) is None
        )

    def body_caption(self, line: _Line, is_last: bool, in_body: bool) -> CreditMatch | None:
        """A caption among the paragraphs: "Photo: …", "AFP photo", a known agency's credit.

        A caption printed again (image alt text, then caption) is dropped here.
        """
        if line.f.words > 60:
            return None
        found = self.line_caption(line)
        if found is None:
            return None
        if caption_key(found.text) in self.seen_captions:
            return found
        if found.explicit_photo or (not is_last and (found.known or not in_body)):
            if self.line_dateline(line) is not None and not found.explicit_photo:
                return None
            return found
        return None

    def gap_ends_story(self, pending: list[tuple[_Line, bool]], headline_key: str | None) -> str:
        """Why the lines since the last paragraph close the story, or ``""`` when they do not.

        Another story's title printed twice (a teaser: image title, then
        link), a long run of lines that are not story text under a "Related"
        heading or a call to action ("Comments", "Leave a comment"), or a
        very long run of them, means what follows is not this story.  The
        reason is said in an editor's words, for the warning.
        """
        unknown = sum(1 for line, _ in pending if not line.chrome)
        if unknown >= 2 * GAP_ENDS_STORY:
            return f"a run of {unknown} lines that are not story text comes first"
        if unknown >= GAP_ENDS_STORY:
            for line, related in pending:
                if related or is_related_heading(line.text):
                    return "a ‘Related’ heading and its links come first"
                if is_call_to_action(line.text):
                    return f"a reader’s invitation (“{line.text}”) comes first"
        keys = Counter(line.key for line, related in pending if not related and self.is_teaser_title(line))
        for line, _ in pending:
            if keys[line.key] > 1 and line.key != headline_key:
                return f"another story’s title printed twice (a teaser), “{line.text}”, comes first"
        return ""

    def starts_another_story(self, line: _Line, pending: list[tuple[_Line, bool]]) -> str:
        """Why a paragraph is another story's opening (its own dateline after "Related" or a teaser title), or ""."""
        if self.line_dateline(line) is None:
            return ""
        if any(related or self.is_teaser_title(other) for other, related in pending):
            return "it opens with a dateline of its own after a ‘Related’ list or a teaser title"
        return ""

    @staticmethod
    def is_teaser_title(line: _Line) -> bool:
        """Could be another story's headline: title-like, four words or more, nothing else known."""
        return (
            not line.chrome
            and line.f.title_like
            and line.f.words >= 4
            and not is_call_to_action(line.text)
            and match_date_line(line.text) is None
        )

    def end_story(self, pending: list[tuple[_Line, bool]], after: list[_Line], reason: str) -> None:
        """Drop the gap and everything after it, and say where, why and how much text was left out."""
        for line, _ in pending:
            self.take_date_or_drop(line)
        for line in after:
            self.take_date_or_drop(line)
        self.confidence["body_end"] = 0.55
        prose = sum(
            1 for line in after
            if (not line.chrome or self.chrome.is_learnt_only(line.text)) and is_paragraph(line, self.index)
        )
        left_out = f"the {len(after)} line(s) after it"
        if prose:
            left_out += f", {prose} of them paragraphs of text,"
        self.warn(
            f"The story was ended before “{pending[0][0].text}”: {reason}; {left_out} were left out "
            "as another story or page furniture. Check that they are not this story’s."
        )

    def take_date(self, line: _Line) -> bool:
        """A publication or update date line below the headline ("Updated 30 May 2024")."""
        if line.chrome or len(line.text) > DATE_LINE_MAX:
            return False
        found = match_date_line(line.text)
        if found is None:
            return False
        self.take_published(found.value, 0.7, found.kind)
        return True

    def take_date_or_drop(self, line: _Line) -> None:
        self.take_date(line)
        self.drop(line)

    def settle_gap(self, pending, body: list[str], subheadings: list[int], *, between: bool) -> None:
        """The lines between two paragraphs: subheadings, short sentences, or furniture.

        A subheading is one title-like line with story text on both sides;
        furniture comes in runs, and lines under a "Related" heading are links.
        """
        if not pending:
            return
        real = []
        for line, related in pending:
            if (line.chrome and not (between and self.is_learnt_prose(line))) or self.is_plain_furniture(line):
                self.take_date_or_drop(line)
            else:
                real.append((line, related))
        text_flags = [line.chrome or self.is_gap_text(line, related) for line, related in real]
        for i, (line, related) in enumerate(real):
            text = line.text
            if text_flags[i]:
                body.append(text)
                if line.chrome:
                    self.warn(
                        f"Kept “{text}” in the body although it is learnt furniture of this source: "
                        "it reads as a paragraph between two of the story’s. Delete it if it is not the story’s."
                    )
                continue
            text_before = (between and i == 0) or (i > 0 and text_flags[i - 1])
            text_after = i == len(real) - 1 or text_flags[i + 1]
            # The last of a run of links, short and right above the paragraph,
            # is the story's subheading ("Also read" lists are longer titles).
            closes_links = related and i == len(real) - 1 and i > 0 and line.f.words <= 3
            if self.take_date(line):
                self.drop(line)
            elif (
                (not related and text_before or closes_links) and text_after and is_subheading(text)
                and not is_call_to_action(text)
            ):
                subheadings.append(len(body))
                body.append(text)
            elif related and self.is_link(line):
                self.related_links += 1
                self.drop(line)
            else:
                self.take_date_or_drop(line)

    def is_learnt_prose(self, line: _Line) -> bool:
        """A line dropped only as the source's learnt furniture that reads as a paragraph.

        A quote or background paragraph a paper repeats on three stories is
        learnt like its furniture; between two paragraphs of a story it is
        the story's text, so :meth:`settle_gap` keeps it with a warning.
        """
        return self.chrome.is_learnt_only(line.text) and is_paragraph(line, self.index)

    def is_plain_furniture(self, line: _Line) -> bool:
        """Lines that are furniture whatever stands around them: invitations, counters, dates."""
        text = line.text
        return (
            is_call_to_action(text)
            or _GALLERY_COUNTER_RE.match(text) is not None
            or (len(text) <= DATE_LINE_MAX and match_date_line(text) is not None)
        )

    @staticmethod
    def is_gap_text(line: _Line, related: bool) -> bool:
        """A short line that is story text: a sentence, or a bulleted point of the story."""
        text = line.text
        if is_call_to_action(text):
            return False
        if line.f.sentence_end and (line.f.words >= 2 or line.f.arabic) and (
            not related or line.f.words >= 4
        ):
            return line.f.sentence_like or line.f.words < 3
        return text[:1] in "•·-–" and line.f.words >= 4 and line.f.prose

    def settle_trailing(self, pending, body: list[str]) -> None:
        """After the last paragraph: short sentences, the story's cut-off end and a lone credit stay."""
        keeping = True
        for line, related in pending:
            text = line.text
            if keeping and not line.chrome and not related and body and not is_call_to_action(text):
                credit = match_trailing_credit(text, self.index)
                if credit is not None and (not credit.text or credit.text[-1:] in ".!?؟\"”»"):
                    body.append(text)  # the last paragraph or a credit alone on its line
                    continue
                if self.is_gap_text(line, related) or (line.f.prose and line.f.words >= 5):
                    body.append(text)  # a short last sentence, or the words the scraper cut short
                    continue
            keeping = False
            if related and not line.chrome and self.is_link(line):
                self.related_links += 1
            self.take_date_or_drop(line)

    def add_caption(self, found: CreditMatch) -> None:
        """Keep a caption once, however often the page prints it."""
        key = caption_key(found.text)
        if key in self.seen_captions:
            return
        self.seen_captions.add(key)
        if found.printed and not found.known:
            self.warn(
                f"Unknown agency “{found.printed}” in a photo credit; kept as printed. "
                "Add it to the wire credits to have it recognised."
            )
        self.captions.append(CaptionData(text=found.text, credit=found.credit))

    # --- dateline and credit ------------------------------------------------------

    def take_dateline(
        self, body: list[str], subheadings: list[int], standfirst: str, headline: _Line | None
    ) -> tuple[Dateline | None, str]:
        """The dateline off the first paragraphs; a line above it is the standfirst."""
        for i in range(min(DATELINE_LOOKAHEAD, len(body))):
            if i in subheadings:
                break
            found = self.cached_dateline(body[i])
            if found is None or match_byline(body[i]) is not None:
                continue
            if i == 1:
                if standfirst or headline is None or len(body) < 3 or len(body[0]) > 400:
                    break
                standfirst = body.pop(0)
                self._shift(subheadings)
                self.confidence["standfirst"] = 0.7
            if found.rest:
                body[0] = found.rest
            else:
                body.pop(0)
                self._shift(subheadings)
            self.confidence["dateline"] = 0.9 if found.place.isupper() or found.agency else 0.75
            return found, standfirst
        if body and 0 not in subheadings and (self.model.decides("lead") or self.record is not None):
            rest = split_lead(self, body[0])  # a lead the dateline patterns do not know
            if rest is not None:
                body[0] = rest
        if self.header_dateline is not None:  # "مسقط - الرؤية" alone above the first paragraph
            self.confidence["dateline"] = 0.8
            return self.header_dateline, standfirst
        return None, standfirst

    @staticmethod
    def _shift(subheadings: list[int]) -> None:
        subheadings[:] = [i - 1 for i in subheadings if i > 0]

    def take_credit(
        self, body: list[str], subheadings: list[int], dateline: Dateline | None, byline_agency: str
    ) -> tuple[str, bool]:
        """The wire credit: end of the last paragraph, else the dateline's or byline's agency."""
        if body:
            found = match_trailing_credit(body[-1], self.index)
            if found is not None:
                if found.text:
                    body[-1] = found.text
                else:
                    body.pop()
                    if subheadings and subheadings[-1] >= len(body):
                        subheadings.pop()
                return self.resolved(found.printed)
        # The agency printed with the dateline, the byline or alone above the
        # story; only a known agency: "مسقط - الرؤية" and "Name | Khaleej Times"
        # name the paper itself, which is no wire credit.
        for printed in (dateline.agency if dateline else "", byline_agency, self.header_agency):
            if printed:
                short = self.index.resolve(printed)
                if short is not None:
                    return short, True
        if dateline is not None and dateline.agency and dateline.marked:
            return self.resolved(dateline.agency)  # "LONDON (XYZ) -": an agency's mark, kept as printed
        return "", False

    def resolved(self, printed: str) -> tuple[str, bool]:
        short = self.index.resolve(printed)
        if short is not None:
            return short, True
        self.warn(
            f"Unknown agency “{printed}” in the wire credit; kept as printed. "
            "Add it to the wire credits to have it recognised."
        )
        return printed, False
