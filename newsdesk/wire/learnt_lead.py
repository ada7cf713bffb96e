"""A learnt split of what a page prints before the story's first words.

Papers open the first paragraph with their own tag or a dateline the
dateline patterns (:mod:`.datelines`) do not know: "مسقط ـ العمانية:",
"إيلاف من دبي:", "(MENAFN- Gulf Times)", "9 May 2023:", "Amman Net)",
"date 2025-12-12".  When no dateline was found, the places where such a
lead may end (a colon, a dash, a closing bracket, a slash, the space after
a date) among the paragraph's first characters are each scored by the
learnt model (:mod:`.line_model`, decision ``lead``) from what the lead and
the rest look like; the best split it accepts is taken off.  Nothing else
of the paragraph changes.
"""

from __future__ import annotations

import re

from .features import LineFeatures, has_digit, is_arabic
from .line_model import WORD_EDGES, bucket
from .pubdates import match_date_line

#: How far into the paragraph a lead may end.
LEAD_MAX = 90
_SPLIT_RE = re.compile(
    r"(?P<colon>\s*[:：]\s*)|(?P<paren>\)\s*[-–—ـ:]*\s*)|(?P<dash>\s*(?:--|[-–—ـ])+\s+|\s+(?:--|[-–—ـ])+\s*)"
    r"|(?P<slash>\s*/\s*)|(?P<pipe>\s*\|\s*)|(?P<digit>(?<=\d)\s+)"
)
_AGENCY_PART_RE = re.compile(r"[()\[\]/\-–—ـ:|,،]+")


def lead_features(parser, prefix: str, kind: str, rest: str, rank: int) -> dict[str, float]:
    out: dict[str, float] = {"sep:" + kind: 1.0, bucket("rank", rank, (0, 1, 2)): 1.0}
    words = prefix.split()
    out[bucket("lead_words", len(words), WORD_EDGES)] = 1.0
    f = LineFeatures(prefix)
    for name, flag in (
        ("lead_digit", has_digit(prefix)), ("lead_arabic", is_arabic(prefix)),
        ("lead_paren", "(" in prefix or ")" in prefix), ("lead_date", match_date_line(prefix) is not None),
        ("lead_sentence_end", f.sentence_end), ("lead_prose", len(words) >= 3 and f.prose),
        ("lead_from", " من " in f" {prefix} " or " from " in f" {prefix.casefold()} "),
        ("lead_agency", any(parser.index.is_agency(part.strip())
                            for part in _AGENCY_PART_RE.split(prefix) if part.strip())),
        ("lead_has_dash", any(mark in prefix for mark in "-–—ـ")),
        ("rest_upper", rest[:1].isupper()), ("rest_lower", rest[:1].islower()),
        ("rest_quote", rest[:1] in "\"“«'"), ("rest_digit", rest[:1].isdigit()),
    ):
        if flag:
            out[name] = 1.0
    if not is_arabic(prefix) and words:
        out["lead_capitals"] = f.capitals
    out[bucket("rest_words", len(rest.split()), WORD_EDGES)] = 1.0
    return out


def split_lead(parser, text: str) -> str | None:
    """``text`` without its lead when the model finds one, else ``None``."""
    model = parser.model
    learnt = model.decides("lead")
    best: tuple[float, str] | None = None
    for rank, found in enumerate(_SPLIT_RE.finditer(text, 1, min(len(text), LEAD_MAX))):
        prefix, rest = text[:found.start()].strip(), text[found.end():].strip()
        if not prefix or len(rest.split()) < 4:
            continue
        features = lead_features(parser, prefix, found.lastgroup or "", rest, rank)
        if parser.record is not None:
            parser.record.append(("lead", -1, features, rest))
        if learnt:
            probability = model.probability("lead", features)
            if model.accepts("lead", probability) and (best is None or probability > best[0]):
                best = (probability, rest)
    if best is None:
        return None
    parser.confidence["dateline"] = min(parser.confidence.get("dateline", 1.0), best[0])
    return best[1]
