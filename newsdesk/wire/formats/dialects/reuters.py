"""Reuters NewsML-G2: the text wire story sent whole in one XHTML paragraph.

Reuters delivers many stories as their teleprinter text inside a single
``<p>``: each paragraph opens with an indented line and runs on at the
margin, a blank line ends the summary bullets, and the byline sits on a
line of its own::

    <p>(Adds comments, detail)
        * Spot gold may edge up to $1,205 per ounce- technicals

        By Arpan Varghese
        Jan 30 (Reuters) - Gold rose on Tuesday on increased safe
    haven demand as ...</p>

Read generically that is one paragraph of run-together text; this dialect
splits it where Reuters opened a paragraph
(:func:`~newsdesk.wire.formats.blocks.split_indented`), and takes the
byline line ("By Arpan Varghese") standing just before the paragraph with
the "(Reuters) -" dateline out of the body, as the byline when the item
names none.  A paragraph laid
out in columns (Gracenote's results tables) was already kept as
preformatted text by the generic reader and is left alone.  Items are
Reuters' when their guid is a ``tag:reuters.com`` URI or their provider is
Reuters.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ...bylines import match_byline
from ..assemble import Draft
from ..blocks import PARAGRAPH, Block, split_indented
from ..safexml import attribute, child
from .base import Dialect


def claims(item: ET.Element) -> bool:
    if attribute(item, "guid").lower().startswith("tag:reuters.com"):
        return True
    provider = child(item, "itemMeta", "provider")
    return "reuters" in (attribute(provider, "qcode") + attribute(provider, "literal")).lower()


def adjust(item: ET.Element, draft: Draft) -> None:
    blocks: list[Block] = []
    for block in draft.blocks:
        if block.kind == PARAGRAPH and "\n" in block.raw.strip():
            blocks.extend(Block(PARAGRAPH, text) for text in split_indented(block.raw))
        else:
            blocks.append(block)
    for number, block in enumerate(blocks[:-1]):
        byline = match_byline(block.text) if block.kind == PARAGRAPH and block.text[:3] == "By " else None
        if byline is not None and "(Reuters) -" in blocks[number + 1].text[:80]:
            draft.byline = draft.byline or byline.name
            del blocks[number]
            break
    draft.blocks = blocks


DIALECT = Dialect("reuters", claims, adjust)
