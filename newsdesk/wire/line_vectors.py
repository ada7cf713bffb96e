"""Every line of a page as a sparse vector of named features, for a learnt line-role model.

The hand rules of the parser (date bars, bylines, datelines, credits,
captions, furniture phrases) stay where they are exact; here they become
*features* beside the shallow text measures of :mod:`.features`, the line's
place on the page (before or after the first prose paragraph, near the top
or the end) and the same measures of its neighbours.  A model fitted on the
real-layouts corpus (``scripts/train_line_roles.py``) weighs them; the same
function computes them at training time and when the package parses a page,
so the two can never drift apart.

Pure Python, linear in the page: each line is measured once, its
neighbours' measures are looked up, not recomputed.
"""

from __future__ import annotations

import math
from collections import Counter

from .agencies import AgencyIndex, index_for
from .bylines import match_byline, match_name_alone
from .captions import is_bare_photo_label, match_credit_line
from .chrome import is_masthead, is_related_heading
from .credits import match_trailing_credit
from .datelines import match_dateline
from .features import LineFeatures, has_digit, is_call_to_action
from .header import has_issue_number, parse_date_bar, parse_temperatures
from .pubdates import match_date_line

#: The measures of a line that its neighbours see (prefixed ``prev:``/``next:``).
_SHARED_WITH_NEIGHBOURS = ("words", "prose", "sentence_end", "date_bar", "date_line", "byline", "blank_before")


def _bucket(name: str, value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return f"{name}<={edge}"
    return f"{name}>{edges[-1]}"


def _own(text: str, index: AgencyIndex) -> dict[str, float]:
    """What one line is like, alone."""
    f = LineFeatures(text)
    found: dict[str, float] = {"bias": 1.0, _bucket("words", f.words, (1, 2, 4, 7, 12, 20, 35, 60)): 1.0}
    found["arabic"] = float(f.arabic)
    found["sentence_end"] = float(f.sentence_end)
    found["prose"] = float(f.prose)
    found["stopwords"] = f.stopwords
    found["capitals"] = f.capitals
    found["digit"] = float(has_digit(text))
    found["log_length"] = math.log1p(len(text)) / 6
    found["call_to_action"] = float(is_call_to_action(text))
    found["masthead"] = float(is_masthead(text))
    found["related_heading"] = float(is_related_heading(text))
    found["date_bar"] = float(parse_date_bar(text) is not None)
    found["issue_number"] = float(has_issue_number(text))
    found["date_line"] = float(match_date_line(text) is not None)
    found["temperature"] = float(parse_temperatures(text) is not None)
    found["byline"] = float(match_byline(text) is not None)
    found["name_alone"] = float(match_name_alone(text) is not None)
    found["photo_label"] = float(is_bare_photo_label(text))
    found["credit_line"] = float(match_credit_line(text) is not None)
    dateline = match_dateline(text, index.is_agency)
    found["dateline_start"] = float(dateline is not None)
    found["dateline_alone"] = float(dateline is not None and not dateline.rest.strip())
    found["trailing_credit"] = float(match_trailing_credit(text, index) is not None)
    found["ends_colon"] = float(text.rstrip().endswith((":", "：")))
    found["bullet"] = float(text.lstrip()[:1] in "•·-*–▪●")
    found["quote_open"] = float(text.lstrip()[:1] in "\"“«'")
    return found


def line_vectors(lines: list[str], agencies: AgencyIndex | None = None) -> list[dict[str, float]]:
    """One feature dictionary per line of ``lines`` (blank lines get ``{"blank": 1}``)."""
    index = agencies if agencies is not None else index_for(None)
    count = len(lines)
    stripped = [line.strip() for line in lines]
    own = [_own(text, index) if text else {"blank": 1.0} for text in stripped]
    repeats = Counter(text for text in stripped if text)
    # The first line that reads as a paragraph of prose on its own: the story
    # is near it, the headline above it, the related stories far below.
    first_prose = next(
        (i for i, vector in enumerate(own) if vector.get("prose") and len(stripped[i].split()) >= 8),
        count,
    )
    for i, vector in enumerate(own):
        if not stripped[i]:
            continue
        vector["blank_before"] = float(i > 0 and not stripped[i - 1])
        vector["repeated"] = float(repeats[stripped[i]] > 1)
        vector["position"] = i / max(count - 1, 1)
        vector["top5"] = float(i < 5)
        vector["before_first_prose"] = float(i < first_prose)
        vector["is_first_prose"] = float(i == first_prose)
        vector[_bucket("to_prose", first_prose - i, (-20, -5, -1, 0, 1, 2, 4, 8))] = 1.0
    vectors: list[dict[str, float]] = []
    for i, vector in enumerate(own):
        vector = dict(vector)
        if stripped[i]:
            for side, step in (("prev", -1), ("next", 1)):
                j = i + step
                while 0 <= j < count and not stripped[j]:
                    j += step
                if not 0 <= j < count:
                    vector[f"{side}:none"] = 1.0
                    continue
                for key, value in own[j].items():
                    if key in _SHARED_WITH_NEIGHBOURS or key.startswith("words"):
                        vector[f"{side}:{key}"] = value
        vectors.append(vector)
    return vectors
