"""Bylines: "By Jane Doe", "By: Times News Service", "Jane Doe / AFP", "Name, Senior
Reporter", "Name | Paper", "Saudi Gazette report", Arabic "بقلم: …", "كتب - …".

The name is kept without "By" and without the writer's title; an agency or
paper printed with it is returned apart, so the importer can use it as the
story's credit when nothing else names one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME_WORD = r"[A-Z][\w.'’-]*"
_PARTICLE = r"(?:al|Al|bin|bint|ibn|de|van|von|and|&)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|al|bin|bint|ibn|de|van|von|and|&))" + r"{0,6}"
_BY_RE = re.compile(
    rf"^by\s*:?\s+(?P<name>{_NAME})(?:\s*[,/|–—-]\s*(?P<agency>[^,/|]{{2,40}}))?$", re.IGNORECASE
)
_SLASH_RE = re.compile(
    rf"^(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}})\s*[/|]\s*(?P<agency>[^/|]{{2,40}})$"
)
#: Words of a writer's title after the name: "Anjana Kumar, Senior Reporter".
_TITLES = (
    r"(?:reporter|correspondent|editor|writer|journalist|columnist|contributor|analyst|"
    r"producer|photographer|chief|bureau chief|staff writer|special correspondent)"
)
_TITLED_RE = re.compile(
    rf"^(?P<name>{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|{_PARTICLE})){{1,5}})\s*,\s*"
    rf"(?:[A-Z][a-z]+\s+){{0,3}}{_TITLES}$",
    re.IGNORECASE,
)
#: "Saudi Gazette report", "Staff Report", "Online Desk".
_REPORT_RE = re.compile(
    rf"^(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}\s+(?:report|desk|correspondent|bureau))$",
    re.IGNORECASE,
)
_ARABIC_RE = re.compile(
    r"^(?:بقلم|كتب|كتبت|إعداد|اعداد|تقرير|حوار|متابعة)\s*[:\-–—]?\s*(?P<name>[^:،.\-–—]{2,60})$"
)
#: A desk or correspondent named by title: "محرر الشؤون المحلية", "مراسل الوطن".
_ARABIC_DESK_RE = re.compile(r"^(?:محرر|مراسل|مراسلة|مندوب|قسم)\s+[^:،.]{2,40}$")
#: "خالد الشمري (جدة)": the writer and, in brackets, the place the story was filed from.
_ARABIC_NAME_PLACE_RE = re.compile(
    r"^(?P<name>[\u0621-\u064a]+(?: [\u0621-\u064a]+){1,3})\s*\((?P<place>[\u0621-\u064a]+(?: [\u0621-\u064a]+)?)\)$"
)
#: A person's name alone on its line: two to four capitalised words.
_NAME_ALONE_RE = re.compile(
    rf"^{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|{_PARTICLE})){{1,3}}$"
)
#: Words that are never part of a person's name: section labels, places, verbs.
_NOT_NAMES = frozenset(
    """news home business sports sport world opinion uae oman saudi arabia kuwait qatar
    bahrain gulf middle east region local national international latest video photos live
    breaking report update updated published technology tech health lifestyle culture arts
    economy markets travel weather editorial analysis features top stories more read""".split()
)


@dataclass(frozen=True)
class Byline:
    name: str
    agency: str = ""


def match_byline(line: str) -> Byline | None:
    """The writer's name (without "By" or title) and the agency printed with it, if any."""
    if len(line) > 100:
        return None
    match = _BY_RE.match(line)
    if match is not None:
        # "By" must be capitalised like a byline ("by Times News Service" is the
        # one lower-case form papers print, with a capitalised name after it).
        if line[:2] not in ("By", "BY", "by") or not match["name"][:1].isupper():
            return None
        return Byline(match["name"].strip(), (match["agency"] or "").strip())
    match = _SLASH_RE.match(line)
    if match is not None:
        return Byline(match["name"].strip(), match["agency"].strip())
    match = _TITLED_RE.match(line)
    if match is not None:
        return Byline(match["name"].strip())
    match = _REPORT_RE.match(line)
    if match is not None:
        return Byline(match["name"].strip())
    match = _ARABIC_RE.match(line)
    if match is not None:
        return Byline(match["name"].strip())
    if _ARABIC_DESK_RE.match(line) is not None:
        return Byline(line.strip())
    return None


def match_name_and_place(line: str) -> tuple[str, str] | None:
    """"خالد الشمري (جدة)": (writer, place), or ``None``.

    The caller makes sure the bracketed word is not an agency ("(واس)" ends
    a caption, not a byline).
    """
    if len(line) > 60:
        return None
    match = _ARABIC_NAME_PLACE_RE.match(line)
    return (match["name"], match["place"]) if match is not None else None


def match_name_alone(line: str) -> str | None:
    """A person's name printed alone under the headline ("Salim Al Harthy").

    Only asked about a line between the headline and the story, and never
    about a line of common section or place words.
    """
    if len(line) > 60 or _NAME_ALONE_RE.match(line) is None:
        return None
    if any(word.casefold() in _NOT_NAMES for word in line.split()):
        return None
    return line
