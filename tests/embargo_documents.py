"""Agency documents with an embargo of one's choosing, for the embargo tests
(pure and through the importer): the format fixtures with their embargo
field replaced, and the moment the tests use most as epoch seconds."""

from __future__ import annotations

import json
from pathlib import Path

FORMATS = Path(__file__).parent / "fixtures" / "formats"

# 2031-12-08 06:00 UTC as epoch seconds, by hand: 1970–2030 is 61 years with 15
# leap days (1972…2028) = 22,280 days; 1 Jan → 8 Dec 2031 is 334 + 7 = 341 days;
# (22,280 + 341) × 86,400 + 6 × 3,600 = 1,954,454,400 + 21,600 = 1,954,476,000.
EPOCH_2031_12_08_0600 = 1_954_476_000


def ninjs_with(embargoed: object) -> str:
    item = json.loads((FORMATS / "ninjs1_full_en.json").read_text(encoding="utf-8"))
    item["embargoed"] = embargoed
    return json.dumps(item)


def newsml_with(embargoed: str) -> str:
    text = (FORMATS / "newsml_full_ar.xml").read_text(encoding="utf-8")
    return text.replace("<embargoed>2025-12-09T10:00:00+04:00</embargoed>", f"<embargoed>{embargoed}</embargoed>")


def nitf_with(norm: str) -> str:
    text = (FORMATS / "nitf_full_en.xml").read_text(encoding="utf-8")
    return text.replace('<date.release norm="20251207T120000+0400"/>', f'<date.release norm="{norm}"/>')
