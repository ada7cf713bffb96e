"""Where the parser asks the learnt line-role model (:mod:`.line_model`), and what it tells it.

Three decisions, each at the few lines where it is made:

* **headline** — among the candidates above the first paragraph that no
  exact pattern claimed (byline, date, caption, agency line), the one the
  model rates likeliest, if likely enough; the runner-up is kept as the
  alternative an editor may swap in;
* **standfirst** — among the candidates under the chosen headline;
* **story** — from the first paragraph down, whether a line is story text:
  the hand rules' reading of the body comes first, then the lines where it
  may be wrong are scored — the lines in the gaps between paragraphs,
  short or isolated "paragraphs", the first and last ones and the lines
  after the story's end (a body cut at a caption goes on below it).  A run
  of paragraphs between paragraphs is never scored: nothing there is in
  doubt and scoring it would cost time.

Every feature is a name (``own:words<=5``, ``prev:hand:body``) with a value;
the hand rules' own decisions are features, not overrides, so the model
learns where they are right.  The functions take the parser itself (duck
typed: its lines, caches and recognisers) to reuse what it has measured.
"""

from __future__ import annotations

import re
from collections import Counter

from .body import is_subheading
from .bylines import match_byline, match_name_alone
from .captions import caption_key, is_bare_photo_label
from .chrome import is_related_heading
from .credits import match_trailing_credit
from .features import has_digit, is_call_to_action
from .line_model import DISTANCE_EDGES, WORD_EDGES, bucket
from .pubdates import match_date_line
from .roles import HEADLINE_WEIGHTS, is_publication_name
from .story import DOUBT_BELOW

#: How many lines after the hand rules' last paragraph may still be story text.
EXTEND_LINES = 12
#: Non-story lines the learnt end of the story may bridge.
GAP_BRIDGED = 4
#: What the exact rules say is never story text: the model never adds such a line.
_NEVER_STORY = ("call_to_action", "date_line", "gallery", "under_related", "related_heading", "caption",
                "photo_label")
_BULLET_START = "•·-*–▪●"
_GALLERY_RE = re.compile(r"^\d{1,3}\s*(?:/|of|من)\s*\d{1,3}$")
_WEBSITE_RE = re.compile(r"www\.|://|\.(?:com|net|org|om|ae|sa|qa|kw|bh)\b")


def own_features(parser, line, out: dict[str, float], prefix: str = "") -> None:
    """What a line is, alone: its measures and what the exact patterns say of it."""
    f = line.f
    text = line.text
    out[prefix + bucket("words", f.words, WORD_EDGES)] = 1.0
    if f.arabic:
        out[prefix + "arabic"] = 1.0
    else:
        out[prefix + "capitals"] = f.capitals
    out[prefix + "stopwords"] = f.stopwords
    for name, flag in (
        ("sentence_end", f.sentence_end), ("prose", f.prose), ("paragraph", f.paragraph),
        ("sentence_like", f.sentence_like), ("title_like", f.title_like),
        ("full_stop", text.endswith(".")), ("colon_end", text.endswith((":", "："))),
        ("digit", has_digit(text)), ("bullet", text[:1] in _BULLET_START),
        ("quote", text[:1] in "\"“«'‘"), ("call_to_action", is_call_to_action(text)),
        ("related_heading", is_related_heading(text)), ("publication", is_publication_name(text)),
        ("website", _WEBSITE_RE.search(text) is not None), ("gallery", _GALLERY_RE.match(text) is not None),
        ("photo_label", f.words <= 6 and is_bare_photo_label(text)),
        ("date_line", len(text) <= 100 and match_date_line(text) is not None),
        ("dateline", parser.line_dateline(line) is not None),
        ("credit_end", f.words <= 80 and match_trailing_credit(text, parser.index) is not None),
        ("caption", f.words <= 60 and parser.line_caption(line) is not None),
        ("chrome", line.chrome),
    ):
        if flag:
            out[prefix + name] = 1.0


# --- where the story starts ------------------------------------------------------

#: The confidence at most of a headline the model chose against the hand rules' choice.
OVERRULED = 0.55
#: How many lines that read as a paragraph the model may pass over for the story's start.
START_CANDIDATES = 4


def _start_features(parser, lines, i: int, rank: int) -> dict[str, float]:
    line = lines[i]
    out: dict[str, float] = {}
    own_features(parser, line, out)
    out[bucket("rank", rank, (0, 1, 2))] = 1.0
    before = sum(1 for other in lines[:i] if not other.chrome)
    out[bucket("lines_above", before, DISTANCE_EDGES)] = 1.0
    if any(other.f.title_like and not other.chrome for other in lines[max(0, i - 6):i]):
        out["title_above"] = 1.0
    if line.text.endswith(("…", "...")):
        out["ellipsis"] = 1.0
    head = line.text.rstrip("….")[:60]
    for side, j in (("prev", i - 1), ("next", i + 1)):
        if 0 <= j < len(lines):
            other = lines[j]
            out[side + ":" + bucket("words", other.f.words, WORD_EDGES)] = 1.0
            for name, flag in (("paragraph", other.f.paragraph), ("chrome", other.chrome),
                               ("title_like", other.f.title_like), ("sentence_end", other.f.sentence_end)):
                if flag:
                    out[f"{side}:{name}"] = 1.0
            if side == "next" and len(head) >= 30 and other.text != line.text and other.text.startswith(head):
                out["next_repeats_it"] = 1.0
        else:
            out[f"{side}:none"] = 1.0
    return out


def choose_learnt_start(parser, lines, hits) -> int | None:
    """The first of the first few paragraph-like lines the model takes for story text.

    The hand rules' choice (the first of them) stands when the model takes
    none.  The later ones are only looked for when the first is doubted.
    """
    model = parser.model
    learnt = model.decides("start")
    first = None
    for rank, i in enumerate(hits):
        if rank >= START_CANDIDATES:
            break
        if first is None:
            first = i
        if parser.record is None and parser.line_dateline(lines[i]) is not None:
            return i  # "MUSCAT: …" opens the story: an exact rule, not a guess
        features = _start_features(parser, lines, i, rank)
        if parser.record is not None:
            parser.record.append(("start", lines[i].number, features))
        if learnt and model.accepts("start", model.probability("start", features)):
            if rank:
                parser.confidence["body_start"] = 0.5
            return i
    return first


# --- above the story --------------------------------------------------------------


def _header_features(parser, header, meta, i: int, rest, counts) -> dict[str, float]:
    line = header[i]
    out: dict[str, float] = {}
    own_features(parser, line, out)
    out[bucket("to_story", len(header) - i, DISTANCE_EDGES)] = 1.0
    out[bucket("from_top", i, DISTANCE_EDGES)] = 1.0
    if counts[line.key] > 1:
        out["printed_twice"] = 1.0
    for side, j in (("prev", i - 1), ("next", i + 1)):
        if 0 <= j < len(header):
            role = meta[j] or ("chrome" if header[j].chrome else "text")
            out[f"{side}:{role}"] = 1.0
            out[side + ":" + bucket("words", header[j].f.words, WORD_EDGES)] = 1.0
        elif side == "next" and rest:
            out["next:story"] = 1.0
            if parser.line_dateline(rest[0]) is not None:
                out["next:story_dateline"] = 1.0
        else:
            out[f"{side}:none"] = 1.0
    return out


def choose_learnt_headline(parser, header, meta, candidates, scored, counts, rest, hand=None):
    """The candidate the model rates likeliest to be the headline, or ``None``.

    When the model finds no candidate likely enough, the hand rules' choice
    (``hand``, an index into ``candidates``) stands, with the model's doubt.
    """
    if parser.record is None and hand is not None and all(line.key == candidates[hand].key for line in candidates):
        return None  # nothing to choose between: the hand rules' choice, unasked
    position = {id(line): i for i, line in enumerate(header)}
    model = parser.model
    learnt = model.decides("headline")
    first_title = True
    probabilities = []
    for k, line in enumerate(candidates):
        features = _header_features(parser, header, meta, position[id(line)], rest, counts)
        candidate = scored[k]
        for feature in HEADLINE_WEIGHTS:
            if feature(candidate):
                features["rule:" + feature.__name__] = 1.0
        features["rule:score"] = sum(w for feature, w in HEADLINE_WEIGHTS.items() if feature(candidate)) / 5
        if k == 0:
            features["first_candidate"] = 1.0
        if first_title and line.f.words >= 3:
            features["first_long_candidate"] = 1.0
            first_title = False
        if parser.record is not None:
            parser.record.append(("headline", line.number, features))
        probabilities.append(model.probability("headline", features) if learnt else 0.0)
    if not learnt or not probabilities:
        return None
    ranked = sorted(range(len(candidates)), key=lambda k: (-probabilities[k], k))
    best = ranked[0]
    if hand is not None and best != hand and (
        probabilities[best] < probabilities[hand] + model.thresholds["headline_margin"]
        or candidates[best].f.paragraph
    ):
        best = hand  # the hand rules' choice stands unless the model clearly prefers a title
    if not model.accepts("headline", probabilities[best]):
        if hand is None:
            return None
        best = hand
    if hand is None and candidates[best].text.endswith("."):
        return None  # no headline ends with a full stop: the hand rules found none either
    runner_up = next((k for k in ranked if candidates[k].key != candidates[best].key), None)
    if runner_up is not None and probabilities[runner_up] >= 0.05:
        parser.alternatives["headline"] = candidates[runner_up].text
    if best == hand:
        return None  # the hand rules' choice, with their confidence and warning
    parser.confidence["headline"] = probabilities[best]
    if hand is not None:
        # The model overrules the hand rules: a disagreement an editor should see.
        parser.confidence["headline"] = min(probabilities[best], OVERRULED)
        runner_up = hand
        parser.alternatives["headline"] = candidates[hand].text
    if runner_up is not None and parser.confidence["headline"] < DOUBT_BELOW:
        parser.warn(
            f"Not sure which line is the headline: chose “{candidates[best].text}” "
            f"over “{candidates[runner_up].text}”. Check the headline."
        )
    return candidates[best]


def choose_learnt_standfirst(parser, header, meta, candidates, headline, rest):
    """The line under the headline the model rates likeliest to be the standfirst, or ``None``.

    Also the lines the model rules out: the hand rules choose among the
    others when the model is sure of none.
    """
    position = {id(line): i for i, line in enumerate(header)}
    model = parser.model
    learnt = model.decides("standfirst")
    after = False
    options = []
    for line in candidates:
        if line is headline:
            after = True
            continue
        if not after or line.key == headline.key:
            continue
        i = position[id(line)]
        features = _header_features(parser, header, meta, i, rest, Counter())
        features[bucket("after_headline", i - position[id(headline)], DISTANCE_EDGES)] = 1.0
        if not options:
            features["first_after_headline"] = 1.0
        if parser.record is not None:
            parser.record.append(("standfirst", line.number, features))
        options.append((model.probability("standfirst", features) if learnt else 0.0, line))
    if not learnt or not options:
        return None, ()
    vetoed = tuple(line for probability, line in options if probability < model.thresholds["standfirst_veto"])
    options.sort(key=lambda option: -option[0])
    probability, best = options[0]
    if len(options) > 1 and options[1][0] >= 0.05:
        parser.alternatives["standfirst"] = options[1][1].text
    if not model.accepts("standfirst", probability):
        return None, vetoed
    parser.confidence["standfirst"] = probability
    return best, vetoed


# --- the story's lines ------------------------------------------------------------


def hand_reading(parser, region, body: list[str], subheadings: list[int]) -> list[str]:
    """Per line of ``region``: what the hand rules made of it ("body", "sub", "caption", "drop")."""
    reading = []
    k = 0
    subs = set(subheadings)
    seen = parser.seen_captions
    for line in region:
        if k < len(body) and line.text == body[k]:
            reading.append("sub" if k in subs else "body")
            k += 1
            continue
        found = getattr(line.m.caption, "text", None)  # unset, None or a CreditMatch
        if found is not None and caption_key(found) in seen:
            reading.append("caption")
        else:
            reading.append("drop")
    return reading


def _story_features(parser, region, reading, i: int, first: int, last: int, copies, related) -> dict[str, float]:
    line = region[i]
    out: dict[str, float] = {"hand:" + reading[i]: 1.0}
    if related[i]:
        out["under_related"] = 1.0
    own_features(parser, line, out)
    if copies[line.text] > 1:
        out["repeated"] = 1.0
    if i < first:
        out["before_first"] = 1.0
    elif i > last:
        out["after_last"] = 1.0
        out[bucket("after_end", i - last, DISTANCE_EDGES)] = 1.0
    else:
        if i == first:
            out["first_body"] = 1.0
        if i == last:
            out["last_body"] = 1.0
        out[bucket("from_first", i - first, DISTANCE_EDGES)] = 1.0
    for side, step in (("prev", -1), ("next", 1)):
        j = i + step
        if 0 <= j < len(region):
            out[f"{side}:hand:{reading[j]}"] = 1.0
            other = region[j]
            out[side + ":" + bucket("words", other.f.words, WORD_EDGES)] = 1.0
            if other.f.paragraph:
                out[f"{side}:paragraph"] = 1.0
            if other.chrome:
                out[f"{side}:chrome"] = 1.0
            if other.text == line.text:
                out[f"{side}:same"] = 1.0
        else:
            out[f"{side}:none"] = 1.0
    return out


def _in_doubt(region, reading, i: int, first: int, last: int) -> bool:
    """Whether line ``i`` is worth scoring: anything but a paragraph between paragraphs."""
    line = region[i]
    if line.chrome or reading[i] in ("sub", "caption"):
        return False  # subheadings and captions have patterns of their own
    if reading[i] == "body":
        # A paragraph or sentence the hand rules keep is never dropped: no need to ask.
        return not (line.m.paragraph or line.f.sentence_like)
    return True


def refine_body(parser, region, body: list[str], subheadings: list[int], headline):
    """The story's lines, with the model's say where the hand rules may be wrong."""
    reading = hand_reading(parser, region, body, subheadings)
    story = [i for i, role in enumerate(reading) if role in ("body", "sub")]
    if not story:
        return body, subheadings
    first, last = story[0], story[-1]
    end = min(len(region), last + 1 + EXTEND_LINES)
    doubted = [i for i in range(end) if _in_doubt(region, reading, i, first, last)]
    if not doubted:
        return body, subheadings  # nothing the model could change
    copies = Counter(line.text for line in region[:end])
    model = parser.model
    learnt = model.decides("story")
    keep = [role in ("body", "sub") for role in reading[:end]]
    # Under a "Related" heading until the next line the hand rules keep.
    related = []
    under = False
    for i in range(end):
        if keep[i]:
            under = False
        related.append(under)
        under = under or is_related_heading(region[i].text)
    least = 1.0
    for i in doubted:
        features = _story_features(parser, region, reading, i, first, last, copies, related)
        if parser.record is not None:
            parser.record.append(("story", region[i].number, features))
        if learnt:
            probability = model.probability("story", features)
            # The hand rules' reading stands unless the model is sure it is
            # wrong; what the exact rules say is never story text (an
            # invitation, a date line) stays out, and a paragraph of prose
            # they keep stays in.
            line = region[i]
            if keep[i]:
                keep[i] = (
                    bool(line.m.paragraph) or line.f.sentence_like or "credit_end" in features
                    or "dateline" in features or probability >= model.thresholds["story_drop"]
                )
            else:
                keep[i] = probability >= model.thresholds["story_add"] and not any(
                    name in features for name in _NEVER_STORY
                )
            least = min(least, max(probability, 1 - probability))
    if not learnt:
        return body, subheadings
    # The story ends at its last kept line that is reached without bridging
    # a long run of lines that are not story text.
    gap = 0
    stop = end
    for i in range(last + 1, end):
        if keep[i]:
            gap = 0
        elif not region[i].chrome:
            gap += 1
            if gap > GAP_BRIDGED:
                stop = i
                break
    chosen = [i for i in range(min(stop, end)) if keep[i]]
    if chosen == story:
        parser.confidence["body"] = least
        return body, subheadings
    parser.confidence["body"] = least
    new_body: list[str] = []
    new_subheadings: list[int] = []
    kept = set(chosen)
    for i in chosen:
        line = region[i]
        if reading[i] == "sub" or (reading[i] != "body" and is_subheading(line.text) and not line.f.sentence_end):
            new_subheadings.append(len(new_body))
        new_body.append(line.text)
        if reading[i] == "caption":
            key = caption_key(line.m.caption.text)
            parser.captions[:] = [c for c in parser.captions if caption_key(c.text) != key]
        if reading[i] not in ("body", "sub") and line.text in parser.dropped:
            parser.dropped.remove(line.text)
    for i in story:
        if i not in kept:
            parser.drop(region[i])
    if stop > last + 1 or any(i > last for i in chosen):
        parser.warnings[:] = [w for w in parser.warnings if not w.startswith("The story was taken to end before")]
    return new_body, new_subheadings


# --- the byline -----------------------------------------------------------------------

_BYLINE_WORD_RE = re.compile(r"^\W*(?:by|written by|reporting by|كتب|كتبت|بقلم|متابعة|رصد|إعداد|حوار|أجرى|أجرت)\b",
                             re.IGNORECASE)
#: How many lines under the headline or above the story a byline may stand.
BYLINE_REACH = 4
_BYLINE_TRIM = " \t:：-–—ـ|/،,"


def _byline_text(parser, line) -> str:
    """The writer's (or paper's) name on a byline line, without "By", place or punctuation."""
    found = match_byline(line.text)
    if found is not None and found.name:
        return found.name
    dateline = parser.line_dateline(line)
    if dateline is not None:
        named = (dateline.agency or dateline.rest).strip(_BYLINE_TRIM)
        if named:
            return named
    return _BYLINE_WORD_RE.sub("", line.text).strip(_BYLINE_TRIM) or line.text


def choose_learnt_byline(parser, header, meta, headline, standfirst: str, rest) -> str | None:
    """When no byline pattern matched: the line above the story the model takes for the byline."""
    model = parser.model
    learnt = model.decides("byline")
    counts: Counter[str] = Counter()
    seen_headline = headline is None
    options = []
    below = -1
    for i, line in enumerate(header):
        if headline is not None and line is headline:
            seen_headline = True
            below = i
            continue
        # A byline stands right under the headline or right above the story.
        if not (len(header) - i <= BYLINE_REACH or (below >= 0 and i - below <= BYLINE_REACH)):
            continue
        if line.chrome or meta[i] in ("caption", "date", "counter", "navigation", "agency") or line.text == standfirst:
            continue
        if headline is not None and line.key == headline.key or line.f.words > 12:
            continue
        if meta[i] == "dateline":
            dateline = parser.line_dateline(line)
            if dateline is not None and dateline.agency and parser.index.is_agency(dateline.agency):
                continue  # "عمان - بترا": a place and a known agency, the wire credit
        features = _header_features(parser, header, meta, i, rest, counts)
        features["meta:" + (meta[i] or "none")] = 1.0
        if seen_headline:
            features["below_headline"] = 1.0
        if _BYLINE_WORD_RE.match(line.text) is not None:
            features["byline_word"] = 1.0
        if match_name_alone(line.text) is not None:
            features["name_alone"] = 1.0
        if parser.record is not None:
            parser.record.append(("byline", line.number, features))
        if learnt:
            options.append((model.probability("byline", features), i, line))
    if not options:
        return None
    options.sort(key=lambda option: (-option[0], option[1]))
    probability, _, best = options[0]
    if len(options) > 1 and options[1][0] >= 0.05:
        parser.alternatives["byline"] = _byline_text(parser, options[1][2])
    if not model.accepts("byline", probability):
        return None
    parser.confidence["byline"] = probability
    return _byline_text(parser, best)
