"""Datelines: the place (and sometimes date and agency) that opens a story.

Recognised forms: ``WASHINGTON:``, ``MUSCAT/SUR:``, ``MUSCAT, Dec 7 —``,
``ABU DHABI, 5th January, 2026 (WAM) --``, ``LONDON (Reuters) -``,
``Berlin (dpa) -`` (a title-case place with a known agency in brackets),
``DUBAI —``, ``Tegucigalpa, Jan 2 (EFE).-``, ``Muscat:`` and the Arabic ``مسقط - العمانية:``,
``القاهرة (رويترز) -``, ``مسقط في 7 ديسمبر /العمانية/``,
``مسقط، 12 يناير (العمانية) -``, ``الرياض - واس …`` (when the word after the
dash is a known agency) and ``مسقط - الرؤية`` alone on its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_UPPER_WORD = r"[A-Z][A-Z'’.]*(?:[-/][A-Z][A-Z'’.]*)*"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:[A-Z][a-z]{{2,8}}\.?\s+{_DAY}|{_DAY}\s+[A-Z][a-z]{{2,8}}\.?)(?:,?\s+\d{{4}})?"
)
_LATIN_RE = re.compile(
    rf"^(?P<place>{_UPPER_WORD}(?:\s+{_UPPER_WORD}){{0,3}}|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}})"
    r"(?:\s*,\s*(?P<country>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?=\s*:))?"
    rf"(?:\s*,\s*(?P<date>{_DATE}))?"
    r"(?:\s*,?\s*\((?P<agency>[^()]{2,40})\))?"
    r"(?P<sep>\s*:|\s*[—–]|\s*--|\s+-|\.-)\s*(?=\S)"  # ".-": EFE's "Tegucigalpa, Jan 2 (EFE).-"
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
    # مسقط، 12 يناير (العمانية) - …
    re.compile(rf"^{_AR_PLACE}\s*[،,]\s*[^()]{{1,30}}?\s*\(\s*{_AR_AGENCY}\s*\)\s*[-–—:]\s*(?=\S)"),
    # مسقط: …
    re.compile(rf"^(?P<place>{_AR_WORD}(?: {_AR_WORD})?)\s*:\s*(?=\S)"),
)
# "مسقط - الرؤية" alone on its line: the place and the agency or paper, no text after.
_SOURCE_LABEL_RE = re.compile(r"^(?:المصدر|source)\s*:\s*", re.IGNORECASE)
_ARABIC_ALONE_RE = re.compile(
    rf"^(?P<place>{_AR_WORD}(?: {_AR_WORD})?)\s*[-–—/]\s*(?P<agency>{_AR_WORD}(?: {_AR_WORD}){{0,2}})\s*:?$"
)
# "الرياض - واس أطلقت …": place, dash, one word and the text; the word must be a known agency.
_ARABIC_DASH_RE = re.compile(rf"^(?P<place>{_AR_WORD}(?: {_AR_WORD})?)\s+[-–—]\s+(?P<agency>{_AR_WORD})\s+(?=\S)")


@dataclass(frozen=True)
class Dateline:
    """``place`` as printed ("MUSCAT, Dec 7"), the agency printed in it, the text after it."""

    place: str
    agency: str
    rest: str
    #: The agency is printed as agencies mark themselves ("(Reuters)",
    #: "/العمانية/", "- العمانية:"), not as a paper's own name ("مسقط - الرؤية").
    marked: bool = True


def match_dateline(paragraph: str, is_agency: Callable[[str], bool] | None = None) -> Dateline | None:
    """Split the dateline off a first paragraph, or ``None`` when it has none.

    Title-case places ("Muscat:", "Jebel Akhdar —") need a colon or a dash
    that is not a hyphen, and an upper-case
    place needs the separator right after it, so "US President Trump said"
    is not mistaken for a dateline.
    """
    match = _LATIN_RE.match(paragraph)
    if match is not None:
        place = match["place"]
        # "Muscat:" and "Jebel Akhdar —" but not "Meanwhile - the …"; "Berlin (dpa) -" names its agency
        if (
            not place.isupper()
            and match["sep"].strip() in ("-", "--")
            and match["date"] is None
            and not _names_agency(match["agency"], is_agency)
        ):
            return None
        if len(place) < 2:
            return None
        printed = place if match["date"] is None else f"{place}, {match['date']}"
        rest = paragraph[match.end():]
        return Dateline(printed, (match["agency"] or "").strip(), rest)
    if "\u0600" <= paragraph[:1] <= "\u06ff":
        label = _SOURCE_LABEL_RE.match(paragraph)
        if label is not None:  # "المصدر: أبوظبي - وام": the source line names place and agency
            found = _arabic_alone(paragraph[label.end():], is_agency)
            return found if found is not None else None
        for pattern in _ARABIC_RES:
            match = pattern.match(paragraph)
            if match is not None:
                agency = match.groupdict().get("agency") or ""
                return Dateline(match["place"], agency, paragraph[match.end():])
        if is_agency is not None:
            match = _ARABIC_DASH_RE.match(paragraph)
            if match is not None and is_agency(match["agency"]):
                return Dateline(match["place"], match["agency"], paragraph[match.end():], marked=False)
        return _arabic_alone(paragraph, is_agency)
    return None


def _names_agency(printed: str | None, is_agency: Callable[[str], bool] | None) -> bool:
    """Whether the brackets of a dateline name an agency ("dpa", "tca/dpa"); any name when none are known."""
    if not printed:
        return False
    if is_agency is None:
        return True
    return any(is_agency(part.strip()) for part in printed.split("/"))


def _arabic_alone(line: str, is_agency: Callable[[str], bool] | None) -> Dateline | None:
    """"مسقط - الرؤية" alone on its line; three words after the dash only for an agency ("أ ف ب")."""
    if len(line) > 50:
        return None
    match = _ARABIC_ALONE_RE.match(line)
    if match is None:
        return None
    known = is_agency is not None and is_agency(match["agency"])
    if match["agency"].count(" ") >= 2 and not known:
        return None
    return Dateline(match["place"], match["agency"], "", marked=known)
