"""``parse()``: scraped or agency story text in, a :class:`WireStory` out.

The text is read top to bottom in passes over its lines, each pass handing
lines to one small recogniser (see the sibling modules):

1. hygiene — one newline convention, plain spaces, nothing invisible;
2. chrome — phrases and mastheads dropped wherever they stand, and the
   links listed under a "Related" heading after the story;
3. header — the dual date bar and the weather widget above the headline;
4. headline, then captions and the byline before the body;
5. body — dateline off the first paragraph, wire credit off the last,
   captions never left in it, subheadings marked.

Every pass is linear in the number of lines and every pattern is compiled
once, so a seed-sized page parses in tens of microseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .agencies import AgencyIndex, index_for
from .body import (
    detect_language,
    headline_from_paragraph,
    is_subheading,
    looks_like_headline,
)
from .bylines import match_byline
from .captions import caption_key
from .chrome import ChromeMatcher, is_related_heading, matcher_for
from .credits import match_caption, match_trailing_credit
from .datelines import Dateline, match_dateline
from .header import is_weather_label, parse_date_bar, parse_temperatures, weather_from_lines
from .hygiene import clean_lines
from .story import CaptionData, WeatherReading, WireStory

_SENTENCE_END = frozenset(".!?؟\"”’'»")
#: How far down the page the date bar and weather widget may stand.
HEADER_LINES = 12
#: Lines under a "Related" heading longer than this are story text again.
RELATED_LINK_MAX = 160


def parse(
    text: str,
    *,
    agencies: Mapping[str, str] | None = None,
    chrome_phrases: Iterable[str] = (),
    source_name: str = "",
) -> WireStory:
    """Parse one story.  Never raises on any ``str``; doubts become ``warnings``.

    ``agencies`` maps every known spelling of an agency to its short name
    (case-insensitive); ``None`` means :data:`~newsdesk.wire.DEFAULT_AGENCIES`.
    ``chrome_phrases`` extend :data:`~newsdesk.wire.DEFAULT_CHROME_PHRASES`.
    ``source_name`` (the file name) is accepted so every caller can pass it;
    the plain-text format does not use it yet (later formats may).
    """
    return _Parser(index_for(agencies), matcher_for(chrome_phrases)).run(text)


class _Parser:
    __slots__ = ("index", "chrome", "warnings", "dropped")

    def __init__(self, index: AgencyIndex, chrome: ChromeMatcher) -> None:
        self.index = index
        self.chrome = chrome
        self.warnings: list[str] = []
        self.dropped: list[str] = []

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    # --- passes -----------------------------------------------------------

    def run(self, text: str) -> WireStory:
        content = self.without_chrome(clean_lines(text))
        page_date, page_hijri, weather, story = self.take_header(content)
        language = detect_language(text)
        if not story:
            self.warn("No story text found.")
            return self.story(page_date=page_date, page_hijri=page_hijri, weather=weather,
                              language=language)

        captions: list[CaptionData] = []
        seen: set[str] = set()
        while len(story) > 1 and self.take_leading_caption(story[0], captions, seen):
            story = story[1:]

        first = story[0]
        if looks_like_headline(first) and match_dateline(first) is None:
            headline, rest = first, story[1:]
        else:
            opening = match_dateline(first)
            headline = headline_from_paragraph(opening.rest if opening else first)
            rest = story
            self.warn("No headline found; used the first sentence of the first paragraph.")

        byline, byline_agency, body = self.split_captions_and_byline(rest, captions, seen)
        standfirst, dateline = self.take_standfirst_and_dateline(body)
        credit, credit_known = self.take_credit(body, dateline, byline_agency)
        if not body:
            self.warn("No story paragraphs found under the headline.")
        subheadings = tuple(
            i for i in range(1, len(body) - 1) if is_subheading(body[i])
        )
        return self.story(
            headline=headline,
            standfirst=standfirst,
            byline=byline,
            dateline=dateline.place if dateline else "",
            paragraphs=tuple(body),
            subheadings=subheadings,
            credit=credit,
            credit_known=credit_known,
            captions=tuple(captions),
            page_date=page_date,
            page_hijri=page_hijri,
            weather=weather,
            language=language,
        )

    def story(self, **fields) -> WireStory:
        return WireStory(dropped=tuple(self.dropped), warnings=tuple(self.warnings), **fields)

    def without_chrome(self, lines: list[str]) -> list[str]:
        """Non-blank lines that are not chrome; links under "Related" go too."""
        content: list[str] = []
        story_started = in_related = False
        related_links = 0
        for line in lines:
            if not line:
                continue
            if self.chrome.is_chrome(line):
                self.dropped.append(line)
                # Only below the story: at the top "Related" is a menu item.
                in_related = in_related or (story_started and is_related_heading(line))
                continue
            if in_related:
                if (
                    len(line) <= RELATED_LINK_MAX
                    and line[-1] not in _SENTENCE_END
                    and match_trailing_credit(line, self.index) is None
                ):
                    self.dropped.append(line)
                    related_links += 1
                    continue
                in_related = False
            if not story_started and len(line) > 60 and line[-1] in _SENTENCE_END:
                story_started = True
            content.append(line)
        if related_links:
            self.warn(
                f"Dropped {related_links} line(s) listed under a “Related” heading "
                "as links to other stories."
            )
        return content

    def take_header(self, content: list[str]):
        """Date bar and weather widget among the first lines; the rest is the story."""
        page_date = page_hijri = None
        weather: WeatherReading | None = None
        used: set[int] = set()
        for i in range(min(len(content), HEADER_LINES)):
            line = content[i]
            if page_date is None and page_hijri is None:
                dual = parse_date_bar(line)
                if dual is not None:
                    page_date, page_hijri = dual.gregorian, dual.hijri
                    used.add(i)
                    continue
            if weather is None:
                temperatures = parse_temperatures(line)
                if temperatures is not None:
                    used.add(i)
                    words: list[str] = []
                    j = i - 1
                    while j >= 0 and j not in used and len(content[j]) <= 40 and len(words) < 2:
                        if not is_weather_label(content[j]):
                            words.insert(0, content[j])
                        used.add(j)
                        j -= 1
                    weather = weather_from_lines(words, temperatures)
                    if not weather.location:
                        self.warn("The weather block names no place; kept it without one.")
        if not used:
            return None, None, None, content
        story = [line for i, line in enumerate(content) if i not in used]
        return page_date, page_hijri, weather, story

    def take_leading_caption(self, line: str, captions: list[CaptionData], seen: set[str]) -> bool:
        """A photo caption printed above the headline (known agency or "Photo:")."""
        found = match_caption(line, self.index)
        if found is None or not (found.known or found.explicit_photo):
            return False
        self.add_caption(found, captions, seen)
        return True

    def add_caption(self, found, captions: list[CaptionData], seen: set[str]) -> None:
        key = caption_key(found.text)
        if key in seen:
            return
        seen.add(key)
        if not found.known:
            self.warn(
                f"Unknown agency “{found.printed}” in a photo credit; kept as printed. "
                "Add it to the wire credits to have it recognised."
            )
        captions.append(CaptionData(text=found.text, credit=found.credit))

    def split_captions_and_byline(self, lines: list[str], captions, seen):
        """Captions (wherever they stand) and the byline (above the body) out of the body.

        A line ending in a credit is a caption when it says "Photo"/"… photo",
        when its agency is known, or — before the body starts — whatever the
        credit; the last line is left for the wire credit unless it repeats
        a caption already seen.
        """
        byline = byline_agency = ""
        body: list[str] = []
        last = len(lines) - 1
        for position, line in enumerate(lines):
            if not body and not byline and position < 4:
                found_byline = match_byline(line)
                if found_byline is not None:
                    byline, byline_agency = found_byline.name, found_byline.agency
                    continue
            found = match_caption(line, self.index)
            if found is not None:
                if caption_key(found.text) in seen:
                    continue  # the same caption printed again (image alt text, then caption)
                if found.explicit_photo or (position != last and (found.known or not body)):
                    self.add_caption(found, captions, seen)
                    continue
            body.append(line)
        return byline, byline_agency, body

    def take_standfirst_and_dateline(self, body: list[str]) -> tuple[str, Dateline | None]:
        """Strip the dateline off the first paragraph; one line above it is the standfirst."""
        if not body:
            return "", None
        dateline = match_dateline(body[0])
        standfirst = ""
        if dateline is None and len(body) > 2:
            second = match_dateline(body[1])
            if second is not None and len(body[0]) <= 400:
                standfirst, dateline = body.pop(0), second
        if dateline is not None:
            if dateline.rest:
                body[0] = dateline.rest
            else:
                body.pop(0)
        return standfirst, dateline

    def take_credit(
        self, body: list[str], dateline: Dateline | None, byline_agency: str
    ) -> tuple[str, bool]:
        """The wire credit: end of the last paragraph, else the dateline's or byline's agency."""
        if body:
            found = match_trailing_credit(body[-1], self.index)
            if found is not None:
                if found.text:
                    body[-1] = found.text
                else:
                    body.pop()
                return self.resolved(found.printed)
        for printed in (dateline.agency if dateline else "", byline_agency):
            if printed:
                return self.resolved(printed)
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

