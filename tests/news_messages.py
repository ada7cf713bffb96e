"""NewsML-G2 messages of many text items, written for the tests that split them.

Each item is a story of its own (its own guid, headline and words), so
the importer never takes one for a version of another.
"""

from __future__ import annotations

import random

NAR = "http://iptc.org/std/nar/2006-10-01/"
WORDS = (
    "harbour cargo ministry budget tanker airline desert solar rainfall wadi festival dates bourse tender "
    "metro bridge school clinic fishermen dhow pearl museum stadium refinery pipeline tourism visa runway"
).split()


def news_item(number: int) -> str:
    """One text item: ``urn:gulfwire:bulk:<number>``, headline ending in the number."""
    words = random.Random(number).sample(WORDS, 10)
    return (
        f'<newsItem guid="urn:gulfwire:bulk:{number}" version="1" standard="NewsML-G2" xml:lang="en">'
        '<itemMeta><itemClass qcode="ninat:text"/><provider literal="Gulf Wire"/>'
        "<versionCreated>2025-12-08T11:00:00Z</versionCreated><pubStatus qcode=\"stat:usable\"/></itemMeta>"
        f"<contentMeta><headline>{' '.join(words[:5]).capitalize()} {number}</headline></contentMeta>"
        "<contentSet><inlineXML contenttype=\"application/xhtml+xml\"><html xmlns=\"http://www.w3.org/1999/xhtml\">"
        f"<body><p>MUSCAT: {' '.join(words).capitalize()}, item {number}.</p></body></html></inlineXML></contentSet>"
        "</newsItem>"
    )


def news_message(count: int) -> str:
    """A ``newsMessage`` of ``count`` text items, numbered from 0."""
    items = "".join(news_item(number) for number in range(count))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><newsMessage xmlns="{NAR}">'
        f"<header><sent>2025-12-08T11:00:00Z</sent></header><itemSet>{items}</itemSet></newsMessage>"
    )
