"""Datelines: the place (and sometimes date and agency) that opens a story.

Recognised forms: ``WASHINGTON:``, ``MUSCAT, Dec 7 —``, ``LONDON (Reuters) -``,
``DUBAI —``, ``Muscat:`` and the Arabic ``مسقط - العمانية:``,
``القاهرة (رويترز) -``, ``مسقط في 7 ديسمبر /العمانية/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UPPER_WORD = r"[A-Z][A-Z'’.]*(?:-[A-Z][A-Z'’.]*)*"
_DATE = (
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s+\d{4})?"
)
_LATIN_RE = re.compile(
    rf"^(?P<place>{_UPPER_WORD}(?:\s+{_UPPER_WORD}){{0,3}}|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}})"
    rf"(?:\s*,\s*(?P<date>{_DATE}))?"
    r"(?:\s*\((?P<agency>[^()]{2,40})\))?"
    r"(?P<sep>\s*:|\s*[—–]|\s*--|\s+-)\s*(?=\S)"
)
_AR_WORD = "[\u0621-\u065f\u0670-\u06d3]+"
_AR_PLACE = rf"(?P<place>{_AR_WORD}(?: {_AR_WORD}){{0,2}})"
_AR_AGENCY = rf"(?P<agency>{_AR_WORD}(?: {_AR_WORD}){{0,3}})"
_ARABIC_RES = (
    # مسقط - العمانية: …
    re.compile(rf"^{_AR_PLACE}\s*[-–—]\s*{_AR_AGENCY}\s*:\s*(?=\S)"),
    # القاهرة (رويترز) - …
    re.compile(rf"^{_AR_PLACE}\s*\(\s*{_AR_AGENCY}\s*\)\s*[-–—:]\s*(?=\S)"),
    # مسقط في 7 ديسمبر /العمانية/ …
    re.compile(rf"^{_AR_PLACE}(?:\s+في\s+[^/]{{1,30}}?)?\s*/\s*{_AR_AGENCY}\s*/\s*(?=\S)"),
    # مسقط: …
    re.compile(rf"^(?P<place>{_AR_WORD}(?: {_AR_WORD})?)\s*:\s*(?=\S)"),
)


@dataclass(frozen=True)
class Dateline:
    """``place`` as printed ("MUSCAT, Dec 7"), the agency printed in it, the text after it."""

    place: str
    agency: str
    rest: str


def match_dateline(paragraph: str) -> Dateline | None:
    """Split the dateline off a first paragraph, or ``None`` when it has none.

    Title-case places ("Muscat:", "Jebel Akhdar —") need a colon or a dash
    that is not a hyphen, and an upper-case
    place needs the separator right after it, so "US President Trump said"
    is not mistaken for a dateline.
    """
    match = _LATIN_RE.match(paragraph)
    if match is not None:
        place = match["place"]
        # "Muscat:" and "Jebel Akhdar —" but not "Meanwhile - the …"
        if not place.isupper() and match["sep"].strip() in ("-", "--") and match["date"] is None:
            return None
        if len(place) < 2:
            return None
        printed = place if match["date"] is None else f"{place}, {match['date']}"
        rest = paragraph[match.end():]
        return Dateline(printed, (match["agency"] or "").strip(), rest)
    if "\u0600" <= paragraph[:1] <= "\u06ff":
        for pattern in _ARABIC_RES:
            match = pattern.match(paragraph)
            if match is not None:
                agency = match.groupdict().get("agency") or ""
                return Dateline(match["place"], agency, paragraph[match.end():])
    return None
