"""Take keys: the words agencies put beside a slug to say what a version is.

IPTC 7901 keyword lines ("OMAN-FISHERIES/ 1st Ld-Writethru"), dpa's take
key lines ("REFILE", "1ST LEAD") and ANPA-1312 headings ("1stLd-Writethru")
all use them: "V2", "UPDATE 2", "2nd Ld-Writethru", "1ST LEAD" number the
version (the first lead is the story's second version); "Writethru",
"UPDATE", "LEAD" are updates; "CORRECTION", "Corrn" corrections; "KILL",
"WITHDRAWN" withdraw the story and "CANCEL", "ELIMINATION" cancel it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERSION_RES = (
    re.compile(r"\bV(?P<n>\d{1,3})\b", re.IGNORECASE),
    re.compile(r"\bUPDATE\s+(?P<n>\d{1,3})\b", re.IGNORECASE),
)
# "2nd Ld", "1stLd-Writethru" (ANPA packs it into one word), "1ST LEAD" (dpa)
_LEAD_RE = re.compile(r"\b(?P<n>\d{1,2})(?:st|nd|rd|th)\s*L(?:ea)?d\b", re.IGNORECASE)
_UPDATE_WORDS_RE = re.compile(
    r"\b(?:write-?thru|update|ld|new\s+lead|sub)\b|\d(?:st|nd|rd|th)\s*L(?:ea)?d\b", re.IGNORECASE
)
_CORRECTION_WORDS_RE = re.compile(r"\b(?:correction|corrected|corrects|corrn|corr)\b", re.IGNORECASE)
_WITHDRAW_WORDS_RE = re.compile(r"\b(?:kill|killed|withdraw|withdrawn|withdrawal)\b", re.IGNORECASE)
_CANCEL_WORDS_RE = re.compile(r"\b(?:cancel|canceled|cancelled|elimination|eliminate|delete)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Take:
    """What take-key words say: the version number, the signals, the publication status."""

    version: int | None = None
    signals: tuple[str, ...] = ()
    pubstatus: str = "usable"


def read_take(words: str) -> Take:
    """The version, signals and status that ``words`` (the words beside a slug) name."""
    version = None
    for pattern in _VERSION_RES:
        match = pattern.search(words)
        if match is not None:
            version = int(match["n"])
            break
    lead = _LEAD_RE.search(words)
    if lead is not None and version is None:
        version = int(lead["n"]) + 1  # the first lead is the story's second version
    signals = []
    if _UPDATE_WORDS_RE.search(words):
        signals.append("update")
    if _CORRECTION_WORDS_RE.search(words):
        signals.append("correction")
    pubstatus = "usable"
    if _WITHDRAW_WORDS_RE.search(words):
        pubstatus = "withdrawn"
    elif _CANCEL_WORDS_RE.search(words):
        pubstatus = "canceled"
    return Take(version, tuple(signals), pubstatus)
