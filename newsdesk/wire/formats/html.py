"""Saved web pages (HTML): a news article page as a newsroom's scraper kept it.

A web page is mostly not the story: menus, teasers, share buttons, comments,
scripts.  Finding the article in it is a problem of its own, solved and
measured by well-kept libraries; this reader leaves it to one, trafilatura
(its main-text extraction, with its own readability and jusText fallbacks,
and htmldate for dates), and adds what the page itself says about the
article.  What is read, and where it goes:

- the main text, as trafilatura finds it (favouring precision, comments
  left out): paragraphs, subheadings, list items and table rows →
  paragraphs and subheadings; a ``<br>`` inside a paragraph starts a new
  one, and so does each line of a ``<pre>``;
- ``headline``: the page's ``NewsArticle``/``Article`` JSON-LD
  ``headline``, else ``og:title``, else the title trafilatura finds, else
  ``<title>``; the site's name printed after it ("… | The Daily") is taken
  off;
- ``published``: the JSON-LD ``datePublished``, else
  ``article:published_time`` (ISO 8601 or RFC 2822), else the date
  htmldate finds on the page;
- ``byline``: the JSON-LD ``author`` (its people), else the ``author``
  meta tag, else the author trafilatura finds; an author that is a known
  agency is the wire credit instead;
- ``captions``: ``<figure>/<figcaption>`` within the article (``<article>``,
  else ``<main>``, else the page), credited to a part of the caption
  classed as a credit;
- ``language``: ``<html lang>`` (or ``xml:lang``), else ``og:locale``;
- the dateline and the wire credit printed in the text, by the same rules
  as every other format (:func:`~newsdesk.wire.formats.assemble.finish`).

Nothing of a page's scripts, styles, forms or event attributes reaches the
story: only text is taken, and the importer sanitises the body it builds
from it as for every format.  Nothing is fetched.
"""

from __future__ import annotations

import datetime
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

from ..agencies import AgencyIndex
from ..hygiene import first_surrogate, line_and_column
from ..story import WireStory
from .assemble import Draft, finish
from .blocks import PARAGRAPH, SUBHEADING, Block
from .errors import FormatError
from .safexml import MAX_DOCUMENT_SIZE, check_size

NAME = "html"
LABEL = "HTML"
#: The root an HTML page's opening announces (``<!DOCTYPE html>``, ``<html>``, or ``<head>`` alone).
ROOTS = frozenset({"html", "head"})

_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenews",
        "analysisnewsarticle",
        "blogposting",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "liveblogposting",
        "report",
        "techarticle",
        "scholarlyarticle",
    }
)
_PEOPLE_TYPES = frozenset({"", "person"})
_CREDIT_CLASSES = ("credit", "byline", "source", "copyright", "photographer", "author")
_SITE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", ": ")
#: "Photo: ONA" → "ONA": the label before a figure's credit.
_CREDIT_LABEL_RE = re.compile(r"^(?:photo(?:graph)?s?|pictures?|images?|credits?|source)\s*:\s*", re.IGNORECASE)
_SKIPPED_AROUND_FIGURES = frozenset({"nav", "aside", "footer", "header"})


def parse(text: str, index: AgencyIndex, *, max_size: int = MAX_DOCUMENT_SIZE) -> WireStory:
    """One HTML article page as a story; :class:`~newsdesk.wire.FormatError` when none can be read from it."""
    surrogate = first_surrogate(text)
    if surrogate >= 0:  # no parser can encode it, no database store it
        line, column = line_and_column(text, surrogate)
        raise FormatError(
            f"not a usable HTML page: line {line}, column {column}: U+{ord(text[surrogate]):04X} is half of a "
            "UTF-16 surrogate pair without its other half, not a character",
            format=NAME,
        )
    check_size(text, label=LABEL, fmt=NAME, max_size=max_size)
    from trafilatura import bare_extraction, extract_metadata, load_html  # heavy: imported when a page is read

    tree = load_html(text.lstrip("\ufeff"))
    if tree is None:
        raise FormatError("not a readable HTML page", format=NAME)
    page = _Page(tree)
    draft = Draft(format=NAME, label=LABEL)
    draft.captions = page.captions()
    draft.language = _text(tree.get("lang") or tree.get("xml:lang") or "") or page.meta("og:locale")
    _mark_preformatted_lines(tree)
    # A news page's article, not what readers wrote under it, and rather a
    # sentence too few than a menu too many; trafilatura works on its own
    # copy of the tree, and falls back on readability and jusText itself.
    document = bare_extraction(
        tree,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
    )
    headline = page.article_text("headline") or page.meta("og:title")
    published = _moment(page.article_text("datePublished")) or _moment(page.meta("article:published_time"))
    people, organisations = page.authors()
    draft.credits.extend(name for name in [*people, *organisations] if index.resolve(name) is not None)
    people = [name for name in people if index.resolve(name) is None]
    author = page.meta("author")
    byline = _names(people) or (author if not _is_address(author) else "")
    found = _Found()
    if not (headline and published and byline):
        # What the page does not say plainly, trafilatura looks for (htmldate
        # for the date): about half the reading time, so only when needed.
        found = _Found.of(extract_metadata(tree))
    site = page.meta("og:site_name") or found.site
    draft.headline = _without_site_name(
        headline or found.title or _text(tree.findtext(".//title") or ""),
        site,
    )
    draft.published = published or _moment(found.date)
    byline = byline or found.author
    if index.resolve(byline) is not None:  # "By Reuters": the agency's story, no one's byline
        draft.credits.append(byline)
    else:
        draft.byline = byline
    body = getattr(document, "body", None)
    blocks = blocks_from_extraction(body) if body is not None else []
    titles = {_key(title) for title in (draft.headline, page.meta("og:title"), found.title)}
    draft.blocks = _without_leading_titles(blocks, titles - {""})
    return finish(draft, index)


def _mark_preformatted_lines(tree: Any) -> None:
    """Each line end inside a ``<pre>`` made a ``<br>``: trafilatura keeps
    breaks, not a ``<pre>``'s line ends, and a table of figures set in one
    would come out as one line."""
    from lxml.etree import Element

    for pre in list(tree.iter("pre")):
        for element in [pre, *pre.iterdescendants()]:
            if isinstance(element.tag, str) and element.text and "\n" in element.text:
                first, *rest = element.text.split("\n")
                element.text = first
                for position, line in enumerate(rest):
                    element.insert(position, _br(Element, line))
            if element is not pre and element.tail and "\n" in element.tail:
                first, *rest = element.tail.split("\n")
                element.tail = first
                anchor = element
                for line in rest:
                    anchor.addnext(_br(Element, line))
                    anchor = anchor.getnext()


def _br(make: Any, tail: str) -> Any:
    br = make("br")
    br.tail = tail
    return br


@dataclass(frozen=True)
class _Found:
    """What trafilatura's metadata search found on the page (all text, "" when nothing)."""

    title: str = ""
    date: str = ""
    author: str = ""
    site: str = ""

    @classmethod
    def of(cls, document: Any) -> _Found:
        return cls(*(_text(getattr(document, name, "") or "") for name in ("title", "date", "author", "sitename")))


def blocks_from_extraction(body: Any) -> list[Block]:
    """The blocks of trafilatura's XML body (``p``, ``head``, ``list/item``, ``table/row/cell``, ``quote``…)."""
    found: list[Block] = []
    for element in body:
        _block(element, found)
    return found


def _block(element: Any, found: list[Block]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "head":
        _add(found, SUBHEADING, _text("".join(element.itertext())))
    elif tag == "list":
        for item in element:
            _list_item(item, found)
    elif tag == "table":
        for row in element.iter("row"):
            cells = [_text("".join(cell.itertext())) for cell in row if cell.tag == "cell"]
            _add(found, PARAGRAPH, " | ".join(cell for cell in cells if cell))
    elif tag in ("quote", "div") and any(child.tag in ("p", "list", "head", "table") for child in element):
        for child in element:
            _block(child, found)
    elif tag not in ("graphic", "ref") and tag:
        for line in _lines(element):
            _add(found, PARAGRAPH, line)


def _list_item(item: Any, found: list[Block]) -> None:
    """A list item, its nested lists as items of their own."""
    parts = [item.text or ""]
    nested = []
    for child in item:
        if child.tag == "list":
            nested.append(child)
        else:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    _add(found, PARAGRAPH, _text("".join(parts)))
    for inner in nested:
        for entry in inner:
            _list_item(entry, found)


def _lines(element: Any) -> list[str]:
    """The text of a paragraph, split where it has a line break (``lb``)."""
    lines = [""]
    _gather(element, lines)
    return [line for line in (_text(part) for part in lines) if line]


def _gather(element: Any, lines: list[str]) -> None:
    lines[-1] += element.text or ""
    for child in element:
        if child.tag == "lb":
            lines.append("")
        elif isinstance(child.tag, str):
            _gather(child, lines)
        lines[-1] += child.tail or ""


def _without_leading_titles(blocks: list[Block], titles: set[str]) -> list[Block]:
    """The blocks without the headline the page prints over the article (it is the story's headline)."""
    start = 0
    while start < len(blocks) and _key(blocks[start].text) in titles:
        start += 1
    return blocks[start:]


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _add(found: list[Block], kind: str, text: str) -> None:
    if text:
        found.append(Block(kind, text))


class _Page:
    """What the page's own markup says: meta tags, the article's JSON-LD, figures."""

    def __init__(self, tree: Any) -> None:
        self.tree = tree
        self._meta: dict[str, str] = {}
        for element in tree.iter("meta"):
            key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
            content = _text(html.unescape(element.get("content") or ""))
            if key and content:
                self._meta.setdefault(key, content)
        self.article = _article_object(tree)

    def meta(self, key: str) -> str:
        return self._meta.get(key, "")

    def article_text(self, key: str) -> str:
        value = self.article.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        return _text(html.unescape(value)) if isinstance(value, str) else ""

    def authors(self) -> tuple[list[str], list[str]]:
        """The article's JSON-LD authors: (people, organisations), by name."""
        people: list[str] = []
        organisations: list[str] = []
        value = self.article.get("author")
        for author in value if isinstance(value, list) else [value]:
            if isinstance(author, str):
                people.append(_text(html.unescape(author)))
            elif isinstance(author, dict) and isinstance(author.get("name"), str):
                kind = author.get("@type")
                kind = kind[0] if isinstance(kind, list) and kind else kind
                name = _text(html.unescape(author["name"]))
                (people if str(kind or "").lower() in _PEOPLE_TYPES else organisations).append(name)
        return [p for p in people if p and not _is_address(p)], [o for o in organisations if o]

    def captions(self) -> list[tuple[str, str]]:
        """The captions of the article's figures: (text, credit as printed)."""
        scope = next(
            (found[0] for path in (".//article", ".//main", ".//body") if (found := self.tree.findall(path))),
            self.tree,
        )
        captions = []
        for figure in scope.iter("figure"):
            if any(ancestor.tag in _SKIPPED_AROUND_FIGURES for ancestor in figure.iterancestors()):
                continue
            caption = next(figure.iter("figcaption"), None)
            if caption is not None:
                captions.append(_caption(caption))
        return [(text, credit) for text, credit in captions if text]


def _caption(element: Any) -> tuple[str, str]:
    credit_part = None
    for part in element.iter():
        classes = str(part.get("class") or "").lower() if isinstance(part.tag, str) else ""
        if part is not element and any(name in classes for name in _CREDIT_CLASSES):
            credit_part = part
            break
    if credit_part is None:
        return _text(_text_of(element)), ""
    credit = _CREDIT_LABEL_RE.sub("", _text(_text_of(credit_part)))
    return _text(_text_of(element, left_out=credit_part)), credit


def _text_of(element: Any, left_out: Any = None) -> str:
    """The text of an element (no script or style), without ``left_out``."""
    parts = [element.text or ""] if isinstance(element.tag, str) and element.tag not in ("script", "style") else []
    for child in element:
        if child is not left_out and isinstance(child.tag, str) and child.tag not in ("script", "style"):
            parts.append(_text_of(child, left_out))
        parts.append(child.tail or "")
    return " ".join(parts)


def _article_object(tree: Any) -> dict:
    """The page's JSON-LD object of an article type (``NewsArticle``, ``Article``, ``BlogPosting``…), or ``{}``."""
    for script in tree.iter("script"):
        if "ld+json" not in str(script.get("type") or "").lower() or not script.text:
            continue
        try:
            value = json.loads(script.text.strip().rstrip(";"), strict=False)
        except (ValueError, RecursionError):
            continue
        for candidate in _objects(value):
            kinds = candidate.get("@type")
            for kind in kinds if isinstance(kinds, list) else [kinds]:
                if isinstance(kind, str) and kind.rsplit("/", 1)[-1].lower() in _ARTICLE_TYPES:
                    return candidate
    return {}


def _objects(value: Any, depth: int = 0) -> Iterator[dict]:
    """The objects of a JSON-LD value: itself, its ``@graph``, the items of a list (two levels down)."""
    if depth > 2:
        return
    if isinstance(value, list):
        for item in value:
            yield from _objects(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        if "@graph" in value:
            yield from _objects(value["@graph"], depth + 1)


def _text(value: str) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _is_address(value: str) -> bool:
    return value.startswith(("http://", "https://", "//", "/"))


def _names(names: list[str]) -> str:
    names = list(dict.fromkeys(names))
    if len(names) < 2:
        return names[0] if names else ""
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _without_site_name(headline: str, site: str) -> str:
    """``"Storm hits coast | The Daily"`` → ``"Storm hits coast"`` when the site is The Daily."""
    if not site or headline.casefold() == site.casefold():
        return headline
    for separator in _SITE_SEPARATORS:
        end = f"{separator}{site}"
        if headline.casefold().endswith(end.casefold()):
            return headline[: -len(end)].strip()
    return headline


def _moment(value: str) -> datetime.date | datetime.datetime | None:
    """An ISO 8601 date or date-time as pages print them ("2019-11-18T09:30:00Z", "2019-11-18"),
    or an RFC 2822 one ("Mon, 18 Nov 2019 09:30:00 GMT"); ``None`` for anything else."""
    value = value.strip()
    if not value:
        return None
    from dateutil.parser import isoparse

    try:
        moment = isoparse(value)
    except (ValueError, OverflowError):
        try:
            return parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return moment.date() if len(value) <= 10 else moment
