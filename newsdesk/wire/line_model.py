"""Learnt line-role decisions: weights fitted on real page layouts, read as data.

The parser's hand rules find the story's first paragraph, the candidates
above it and the lines around its paragraphs.  Where a decision has to be
made among them — which candidate is the headline, which line under it is
the standfirst, which line of the story's span is story text — a logistic
model weighs named features: the line's own measures (:mod:`.features`),
what the exact hand rules say of it (a date line, a dateline, a credit, the
hand rules' own decision), and its context (the neighbouring lines'
decisions, its place relative to the first and last paragraph, its copies
on the page).

The weights are fitted by ``scripts/train_line_roles.py`` on the
real-layouts corpus (``tests/fixtures/pages/real``) and shipped as
``newsdesk/wire/data/line_roles.json``.  Scoring is a sum of the weights of
a line's active features and a logistic function: pure Python, and only
for the few lines where a decision is made.

A model without weights for a decision leaves that decision to the hand
rules (:data:`HAND_RULES`), which is how the old parser is measured beside
the new one.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

#: The decisions the model makes, each a binary logistic model over named features.
DECISIONS = ("start", "headline", "standfirst", "byline", "story", "lead")
#: Where a probability decides: ``headline`` and ``standfirst`` accept the
#: best candidate from there (else the hand rules choose, never among the
#: standfirst candidates under ``standfirst_veto``); a story line the hand
#: rules keep is dropped under ``story_drop``, one they drop is kept from
#: ``story_add``.  Chosen on the leave-one-site-out figures as a whole.
DEFAULT_THRESHOLDS = {"headline": 0.3, "headline_margin": 0.2, "standfirst": 0.5, "standfirst_veto": 0.05,
                      "story_drop": 0.15, "start": 0.8, "lead": 0.5, "byline": 0.5,
                      "story_add": 0.6}
WEIGHTS_FILE = Path(__file__).resolve().parent / "data" / "line_roles.json"


class LineRoleModel:
    """Weights per decision (``{"headline": {"bias": …, "feature": weight}}``), and their use."""

    __slots__ = ("weights", "thresholds", "meta")

    def __init__(
        self,
        weights: dict[str, dict[str, float]],
        thresholds: dict[str, float] | None = None,
        meta: dict | None = None,
    ) -> None:
        self.weights = weights
        self.thresholds = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
        self.meta = meta or {}

    def decides(self, decision: str) -> bool:
        return decision in self.weights

    def probability(self, decision: str, features: dict[str, float]) -> float:
        """The model's probability that the line has the decision's role."""
        weights = self.weights[decision]
        get = weights.get
        z = get("bias", 0.0)
        for name, value in features.items():
            weight = get(name)
            if weight is not None:
                z += weight * value
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def accepts(self, decision: str, probability: float) -> bool:
        return probability >= self.thresholds[decision]

    def to_json(self) -> dict:
        return {"weights": self.weights, "thresholds": self.thresholds, "meta": self.meta}

    @classmethod
    def from_json(cls, data: dict) -> LineRoleModel:
        return cls(data["weights"], data.get("thresholds"), data.get("meta"))


#: No learnt decision: every role as the hand rules give it.
HAND_RULES = LineRoleModel({})


@lru_cache(maxsize=1)
def shipped_model() -> LineRoleModel:
    """The weights shipped in the package; the hand rules alone if the file is missing."""
    try:
        data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return HAND_RULES
    return LineRoleModel.from_json(data)


def bucket(name: str, value: int, edges: tuple[int, ...]) -> str:
    """``words<=4``: a count as one of a few named ranges, each its own feature."""
    for edge in edges:
        if value <= edge:
            return f"{name}<={edge}"
    return f"{name}>{edges[-1]}"


WORD_EDGES = (1, 2, 3, 5, 8, 12, 20, 30, 50)
DISTANCE_EDGES = (0, 1, 2, 3, 5, 8, 12)
