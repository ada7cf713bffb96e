"""The pure wire parser: raw story text in, a frozen :class:`WireStory` out.

No Django imports here: the importer (``newsdesk.ingest``) passes the site's
agencies and chrome phrases in as plain data.  :func:`parse` tells the
agency formats (NITF, NewsML-G2, NewsML 1, ninjs, IPTC 7901, ANPA-1312;
:mod:`.formats`) by content, refuses by name documents that hold no story
(feeds, e-mail, other XML), and reads everything else as plain text
(:func:`parse_text`).
"""

from __future__ import annotations

from .agencies import DEFAULT_AGENCIES
from .chrome import DEFAULT_CHROME_PHRASES
from .embargo import EmbargoUnreadable, find_embargo, is_embargo_line, read_embargo
from .formats import FormatError, NotText, detect_format, parse, split_documents
from .hygiene import DecodedText, WireDecodeError, check_characters, decode, decode_text, fingerprint, storable
from .parser import parse_text
from .story import CaptionData, WeatherReading, WireStory
from .versions import (
    BANDS,
    SAME_HEADLINE_STORY,
    SAME_STORY,
    SHINGLE_SIZE,
    VersionVerdict,
    band_signature,
    compare_versions,
    headline_key,
    marker_kind,
    matching_text,
    shingles,
    similarity,
    split_version_marker,
)

__all__ = [
    "BANDS",
    "DEFAULT_AGENCIES",
    "DEFAULT_CHROME_PHRASES",
    "SAME_HEADLINE_STORY",
    "SAME_STORY",
    "SHINGLE_SIZE",
    "CaptionData",
    "DecodedText",
    "EmbargoUnreadable",
    "FormatError",
    "NotText",
    "VersionVerdict",
    "WeatherReading",
    "WireDecodeError",
    "WireStory",
    "band_signature",
    "check_characters",
    "compare_versions",
    "decode",
    "decode_text",
    "detect_format",
    "find_embargo",
    "fingerprint",
    "headline_key",
    "is_embargo_line",
    "marker_kind",
    "matching_text",
    "parse",
    "parse_text",
    "read_embargo",
    "shingles",
    "similarity",
    "split_documents",
    "split_version_marker",
    "storable",
]
