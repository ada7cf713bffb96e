"""Agency names: every spelling a credit may be printed in, to one short name.

The Django layer builds the mapping from ``WireCredit`` rows (short name,
full name, aliases); the pure parser falls back to :data:`DEFAULT_AGENCIES`
so it is useful on its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

_DEFAULTS = {
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse", "France-Presse", "أ ف ب",
            "أ.ف.ب", "فرانس برس"),
    "Reuters": ("Reuters", "Thomson Reuters", "رويترز"),
    "AP": ("AP", "Associated Press", "The Associated Press", "A.P.", "أسوشيتد برس"),
    "ONA": ("ONA", "Oman News Agency", "Oman News Agency (ONA)", "العمانية",
            "وكالة الأنباء العمانية"),
    "WAM": ("WAM", "Emirates News Agency", "وام"),
    "SPA": ("SPA", "Saudi Press Agency", "واس"),
    "KUNA": ("KUNA", "Kuwait News Agency", "كونا"),
    "QNA": ("QNA", "Qatar News Agency", "قنا"),
    "BNA": ("BNA", "Bahrain News Agency", "بنا"),
    "Petra": ("Petra", "Jordan News Agency", "بترا"),
    "dpa": ("dpa", "Deutsche Presse-Agentur", "Deutsche Presse Agentur"),
    "Xinhua": ("Xinhua", "Xinhua News Agency", "شينخوا"),
    "Bloomberg": ("Bloomberg", "Bloomberg News", "بلومبرغ"),
}

#: Built-in spellings → short name, used when ``parse(agencies=None)``.
DEFAULT_AGENCIES: Mapping[str, str] = MappingProxyType(
    {spelling: short for short, spellings in _DEFAULTS.items() for spelling in spellings}
)

# Arabic short vowels, shadda, sukun, dagger alif and tatweel: "العُمانية"
# and "العمانية" are the same name.
_ARABIC_MARKS_RE = re.compile("[\u064b-\u065f\u0670\u0640]")
_PARTS_RE = re.compile(r"\s*(?:/|\bvia\b|,)\s*")
_PHOTO_WORD_RE = re.compile(r"\s+(?:photos?|file photo|file|pictures?|images?)$")


# Small on purpose: the printed credits worth remembering are a newsroom's
# few dozen agencies; the rest are one-off strings from each story, and a
# large cache of those would grow memory with the number of files imported.
@lru_cache(maxsize=256)
def agency_key(name: str) -> str:
    """Case-, space- and vowel-mark-insensitive form of a printed name."""
    name = _ARABIC_MARKS_RE.sub("", name).casefold()
    return " ".join(name.split()).strip(" .")


class AgencyIndex:
    """Look printed credits up in an agency mapping, ignoring case and marks."""

    __slots__ = ("_by_key",)

    def __init__(self, agencies: Mapping[str, str]) -> None:
        self._by_key = {agency_key(spelling): short for spelling, short in agencies.items()}
        for short in agencies.values():  # the short name always recognises itself
            self._by_key.setdefault(agency_key(short), short)

    def exact(self, printed: str) -> str | None:
        """The short name when ``printed`` is exactly a known spelling."""
        return self._by_key.get(agency_key(printed))

    def is_agency(self, printed: str) -> bool:
        """Whether ``printed`` is exactly a known agency's spelling."""
        return self.exact(printed) is not None

    def resolve(self, printed: str) -> str | None:
        """The short name for ``printed`` ("Reuters/File", "AFP photo"), or ``None``."""
        key = agency_key(printed)
        found = self._by_key.get(key)
        if found is not None:
            return found
        key = _PHOTO_WORD_RE.sub("", key)
        found = self._by_key.get(key)
        if found is not None:
            return found
        # "Reuters/Ahmed Jadallah", "AFP/File", "Getty Images via AFP": the
        # first part that is an agency gives the credit.
        for part in _PARTS_RE.split(key):
            found = self._by_key.get(part)
            if found is not None:
                return found
        return None


DEFAULT_INDEX = AgencyIndex(DEFAULT_AGENCIES)


_last: list[tuple[dict[str, str], AgencyIndex]] = []


def index_for(agencies: Mapping[str, str] | None) -> AgencyIndex:
    """The index for ``agencies``; a batch passing the same mapping reuses the last one."""
    if agencies is None:
        return DEFAULT_INDEX
    snapshot = dict(agencies)
    if _last and _last[0][0] == snapshot:
        return _last[0][1]
    index = AgencyIndex(snapshot)
    _last[:] = [(snapshot, index)]
    return index
