"""What a dialect is: an agency's name, which items are its own, how it adjusts a draft."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from ..assemble import Draft


@dataclass(frozen=True)
class Dialect:
    """An agency's dialect of a format: ``claims(item)`` says whether an item is
    the agency's, ``adjust(item, draft)`` corrects what the generic reader made of it."""

    name: str
    claims: Callable[[ET.Element], bool]
    adjust: Callable[[ET.Element, Draft], None]
