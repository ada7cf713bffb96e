"""Credits printed at the end of a line: photo captions and the wire credit.

Both use the same marks — ``— Reuters``, ``- AFP``, ``-ONA``, ``(AFP)``,
Arabic ``— العمانية`` — so one set of patterns serves both; the parser
decides from the line's position whether it is a caption or the story's
last paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .agencies import AgencyIndex

_WORD = r"[^\s()\[\]—–:;,!?؟،./&'’-]+"
# A credit: one to six words joined by single separators ("Agence France-Presse",
# "Reuters/Ahmed Jadallah", "A.P."), so " - " never joins two credits.
_CREDIT = rf"(?P<credit>{_WORD}(?:(?:\s/\s|[ ./&'’-]){_WORD}){{0,5}}\.?)"
# Credits are short: the patterns only ever look at a line's last characters,
# and each is anchored at the end, so matching is linear in the tail.
_TAIL = 90
# "… text — Reuters", "… text - AFP", "… text -ONA", "… text.—AFP"
_DASH_RE = re.compile(rf"(?:\s+(?:-{{1,2}}|[—–])|[—–])\s*{_CREDIT}\s*$")
# "… text (AFP)"
_PAREN_RE = re.compile(rf"\s*\(\s*{_CREDIT}\s*\)\s*$")
# "… text /العمانية/"
_SLASHES_RE = re.compile(rf"\s*/\s*{_CREDIT}\s*/\s*$")
# "… text. Photo: Reuters", "(Photo by Jane Doe)", "Photo - Supplied", "Image Credit:
# Supplied", "تصوير: أحمد"
_PHOTO_RE = re.compile(
    r"[\s(\[—–-]*(?<!\w)(?:(?:photo|image|picture)\s+credits?|photos?|photograph|pictures?|pic|"
    r"images?|تصوير|الصورة|صورة)"
    rf"\s*(?::|by\b|/|\s[-–—])\s*{_CREDIT}\s*[)\]]?\s*$",
    re.IGNORECASE,
)
# "… text. AFP photo", "(Reuters file photo)": the agency is found word by word.
_PHOTO_SUFFIX_RE = re.compile(r"\s+(?:file\s+)?(?:photos?|pic|picture)\s*[)\]]?\s*$", re.IGNORECASE)
_LATIN_LOWER_START = re.compile(r"^[a-z]")


@dataclass(frozen=True)
class CreditMatch:
    """A line split into its text and the credit printed after it."""

    text: str
    printed: str  # the credit as printed, without its mark
    short_name: str | None  # canonical short name when the agency is known
    explicit_photo: bool  # "Photo: …" / "AFP photo": a caption wherever it stands

    @property
    def credit(self) -> str:
        return self.short_name or self.printed

    @property
    def known(self) -> bool:
        return self.short_name is not None


def _plausible(printed: str, short_name: str | None) -> bool:
    """Unknown credits must look like a name: short, capitalised or Arabic."""
    if short_name is not None:
        return True
    if len(printed) > 40 or printed[-1] in ".,;":
        return False
    words = printed.split()
    if len(words) > 4 or any(ch.isdigit() for ch in printed):
        return False
    return all(not _LATIN_LOWER_START.match(word) or word in ("of", "de", "al", "via")
               for word in words)


def _search_tail(pattern: re.Pattern[str], line: str) -> tuple[str, str] | None:
    """(text before the credit, credit) when ``pattern`` ends the line."""
    offset = max(0, len(line) - _TAIL)
    match = pattern.search(line, offset)
    if match is None:
        return None
    return line[: match.start()], match["credit"].strip()


def _agency_photo(line: str, index: AgencyIndex) -> CreditMatch | None:
    """"… AFP photo": the one to three words before "photo" must be a known agency."""
    offset = max(0, len(line) - _TAIL)
    match = _PHOTO_SUFFIX_RE.search(line, offset)
    if match is None:
        return None
    before = line[: match.start()]
    words = before.split()
    for count in (1, 2, 3):
        if count >= len(words):
            break
        printed = " ".join(words[-count:]).lstrip("([—–-")
        short = index.resolve(printed)
        if short is not None:
            text = before[: before.rstrip().rfind(words[-count])].rstrip(" —–-([,")
            return CreditMatch(text, printed, short, True)
    return None


def _match(line: str, index: AgencyIndex) -> CreditMatch | None:
    tail = line[-_TAIL:]
    if (
        "ph" in tail or "Ph" in tail or "PH" in tail or "pic" in tail or "Pic" in tail
        or "PIC" in tail or "mag" in tail or "MAG" in tail or "صو" in tail
    ):
        found = _search_tail(_PHOTO_RE, line)
        if found is not None and found[0].strip():
            text, printed = found
            return CreditMatch(text.rstrip(" —–-([,"), printed, index.resolve(printed), True)
        agency_photo = _agency_photo(line, index)
        if agency_photo is not None:
            return agency_photo
    end = tail.rstrip()[-1:]
    if end == ")":
        patterns: tuple[re.Pattern[str], ...] = (_PAREN_RE,)
    elif end == "/":
        patterns = (_SLASHES_RE,)
    elif "-" in tail or "—" in tail or "–" in tail:
        patterns = (_DASH_RE,)
    else:
        return None
    for pattern in patterns:
        found = _search_tail(pattern, line)
        if found is None:
            continue
        text, printed = found
        short = index.resolve(printed)
        if short is None:
            if not _plausible(printed, None):
                continue
            # "(United Nations)" ends many sentences; in parentheses only an
            # acronym ("(WAM)") or a known agency is a credit.
            if pattern is _PAREN_RE and not (printed.isupper() and 2 <= len(printed) <= 6):
                continue
        return CreditMatch(text.rstrip(), printed, short, False)
    return None


def match_caption(line: str, index: AgencyIndex) -> CreditMatch | None:
    """A photo caption with its credit, or ``None``.

    ``explicit_photo`` is set for "Photo: …"/"AFP photo" captions; plain dash
    or parenthesis credits are returned too and the caller weighs them by
    position and by whether the agency is known.
    """
    if len(line) > 600:
        return None
    found = _match(line, index)
    if found is None or not found.text:
        return None
    return found


def match_trailing_credit(paragraph: str, index: AgencyIndex) -> CreditMatch | None:
    """The wire credit at the end of the story's last paragraph, or ``None``.

    A paragraph that is only a credit ("— AFP", "(Reuters)") yields a match
    with empty ``text``.
    """
    bare = paragraph.strip(" —–-()/")
    if bare and len(bare) <= 40:
        short = index.exact(bare)
        if short is not None:
            return CreditMatch("", bare, short, False)
        if paragraph[:1] in "—–-(/" and _plausible(bare, None):
            return CreditMatch("", bare, None, False)
    found = _match(paragraph, index)
    if found is None or found.explicit_photo or not found.text:
        return None
    return found
