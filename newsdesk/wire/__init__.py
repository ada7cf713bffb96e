"""The pure wire parser: raw story text in, a frozen :class:`WireStory` out.

No Django imports here: the importer (``newsdesk.ingest``) passes the site's
agencies and chrome phrases in as plain data.
"""

from __future__ import annotations

from .agencies import DEFAULT_AGENCIES
from .chrome import DEFAULT_CHROME_PHRASES
from .hygiene import WireDecodeError, decode, fingerprint, storable
from .parser import parse
from .story import CaptionData, WeatherReading, WireStory

__all__ = [
    "DEFAULT_AGENCIES",
    "DEFAULT_CHROME_PHRASES",
    "CaptionData",
    "WeatherReading",
    "WireDecodeError",
    "WireStory",
    "decode",
    "fingerprint",
    "parse",
    "storable",
]
