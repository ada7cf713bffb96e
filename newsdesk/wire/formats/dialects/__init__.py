"""Agencies' own ways with a standard, kept out of the generic readers.

A dialect names the agency, says which items are its own (by what the
item says of itself: its guid, its provider), and adjusts the
:class:`~newsdesk.wire.formats.assemble.Draft` the generic reader made
from such an item.  The generic readers never test for an agency; they ask
:func:`of` which dialects apply and let each adjust its draft.

- :mod:`.reuters`: Reuters NewsML-G2 (its text wire story sent as one XHTML
  paragraph, paragraphs marked by indented lines).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from . import reuters
from .base import Dialect

#: Every dialect, asked in this order.
DIALECTS: tuple[Dialect, ...] = (reuters.DIALECT,)


def of(item: ET.Element) -> list[Dialect]:
    """The dialects that claim a NewsML-G2 ``newsItem``."""
    return [dialect for dialect in DIALECTS if dialect.claims(item)]


__all__ = ["DIALECTS", "Dialect", "of"]
