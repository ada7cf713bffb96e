"""Bylines: "By Jane Doe", "Jane Doe / AFP", Arabic "بقلم: …"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME_WORD = r"[A-Z][\w.'’-]*"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|al|bin|bint|de|van|von|and|&))" + r"{0,6}"
_BY_RE = re.compile(rf"^by\s+(?P<name>{_NAME})(?:\s*[,/|–—-]\s*(?P<agency>[^,/|]{{2,40}}))?$",
                    re.IGNORECASE)
_SLASH_RE = re.compile(
    rf"^(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}})\s*/\s*(?P<agency>[^/]{{2,40}})$"
)
_ARABIC_RE = re.compile(r"^(?:بقلم|كتب|كتبت|إعداد|تقرير)\s*:?\s*(?P<name>[^:،.]{2,60})$")


@dataclass(frozen=True)
class Byline:
    name: str
    agency: str = ""


def match_byline(line: str) -> Byline | None:
    """The writer's name (without "By") and the agency printed with it, if any."""
    if len(line) > 100:
        return None
    match = _BY_RE.match(line)
    if match is not None:
        # "By" must be capitalised like a byline, and the name too.
        if line[:2] not in ("By", "BY") or not match["name"][:1].isupper():
            return None
        return Byline(match["name"].strip(), (match["agency"] or "").strip())
    match = _SLASH_RE.match(line)
    if match is not None:
        return Byline(match["name"].strip(), match["agency"].strip())
    match = _ARABIC_RE.match(line)
    if match is not None:
        return Byline(match["name"].strip())
    return None
