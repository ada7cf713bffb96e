"""Recognising a new version of a story already imported.

Agencies resend stories.  A story moves as a first take, then as "UPDATE 1-"
with a new figure in the lead, as "REFILE-" when a typo is fixed, as
"CORRECTED-" when a fact was wrong, as "2ND LEAD" when it is rewritten, and
Arabic services mark theirs "محدث-", "(تحديث)" or "(مصحح)".  Papers' pages
carry the longer version under the same headline with no mark at all.  A
newsroom wants one article per story, updated in place, not five articles
that say nearly the same thing.

So a version is recognised from two things:

- its headline, without the version marker (:func:`split_version_marker`),
  normalised so spelling details do not matter (:func:`headline_key`);
- its text, cut into word shingles (:func:`shingles`: every run of
  :data:`SHINGLE_SIZE` words, hashed) and compared by the share of shingles
  the two texts have in common (:func:`similarity`).

The comparison (:func:`compare_versions`) is the *overlap coefficient*
``|a ∩ b| / min(|a|, |b|)``, not the Jaccard index: a later version usually
adds paragraphs at the end, and Jaccard would count those against it (a story
twice as long as its first take has Jaccard 0.5 with it, overlap 1.0).

An importer of thousands of files cannot compare each story with every
article on the site.  :func:`band_signature` gives a few integers per story
(MinHash locality-sensitive hashing): stories whose texts share much have, with
high probability, at least one of them in common, unrelated stories almost
never.  Stored in an indexed column, they turn "which articles might this be a
version of?" into one indexed query; only those few candidates are then
compared exactly.

Pure functions, no Django, and every hash is stable across processes and
machines (:mod:`hashlib`, never the per-process randomised :func:`hash`), so
values stored by one run are valid for the next.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

# --- version markers ----------------------------------------------------------

_SEP = r"\s*[-–—:]\s*"
_DIGITS = "[0-9\u0660-\u0669\u06f0-\u06f9]{1,2}"
_ORDINAL_LEAD = r"\d{1,2}(?:ST|ND|RD|TH)\s+(?:LEAD|LD)"
# Upper-case English markers, followed by a separator ("UPDATE 1-", "REFILE-",
# "CORRECTED:", "2ND LEAD -").  Upper case alone is not enough: "UPDATED
# FIGURES SHOW ..." is an upper-case headline, so the separator is required.
_EN_WORDS = (
    r"(?:UPDATE|WRAPUP|WRAP-UP)(?:\s+\d{1,2})?|UPDATED|REFILED?|CORRECTED|CORRECTION|REPEAT|RPT|WRITETHRU|"
    + _ORDINAL_LEAD
)
# A number makes the upper-case marker unmistakable without a separator:
# "UPDATE 1 Oman raises ...", "2ND LEAD Oman raises ...".
_EN_NUMBERED = r"(?:UPDATE|WRAPUP)\s+\d{1,2}|" + _ORDINAL_LEAD
# Any case, with a number and a separator: "Update 1-Oman raises ...", "2nd Ld-Writethru-..."
_EN_ANY_CASE = r"(?i:(?:update|wrapup)\s+\d{1,2}|\d{1,2}(?:st|nd|rd|th)\s+(?:lead|ld)|writethru)"
# Arabic markers need the separator ("تحديث قانون العمل" is "updating the
# labour law"): "محدث-", "تحديث 1-", "مصحح:".  Harakat may be printed (محدّث).
_AR_WORDS = rf"(?:محد\u0651?ث|تحديث|مصح\u0651?ح|تصحيح)(?:\s*{_DIGITS})?"
# In brackets, any case, leading or trailing: "(UPDATE)", "(Updated)", "(تحديث)".
_BRACKETED = rf"(?i:{_EN_WORDS})|{_AR_WORDS}"

_LEADING_RES = (
    re.compile(rf"^\s*(?P<m>{_EN_WORDS}|{_EN_ANY_CASE}|{_AR_WORDS}){_SEP}"),
    # ... only before a headline in mixed case ("UPDATE 2 OF APP RELEASED" is a headline).
    re.compile(rf"^\s*(?P<m>{_EN_NUMBERED})\s+(?=\S)(?=.*[a-z\u0621-\u064a])"),
    re.compile(rf"^\s*[(\[]\s*(?P<m>{_BRACKETED})\s*[)\]](?:{_SEP}|\s+)"),
)
_TRAILING_RE = re.compile(rf"(?:{_SEP}|\s+)[(\[]\s*(?P<m>{_BRACKETED})\s*[)\]]\s*$")
_ARABIC_LETTER_RE = re.compile("[\u0621-\u064a]")
_DIGITS_FOLD = str.maketrans({chr(base + i): str(i) for base in (0x0660, 0x06F0) for i in range(10)})

#: Marker words by kind; in each part of a marker the first such word decides ("2ND LEAD" is a lead).
_KINDS = {
    "UPDATE": "update", "UPDATED": "update", "WRAPUP": "update", "WRITETHRU": "update",
    "محدث": "update", "تحديث": "update",
    "REFILE": "refile", "REFILED": "refile", "REPEAT": "refile", "RPT": "refile",
    "CORRECTED": "correction", "CORRECTION": "correction", "مصحح": "correction", "تصحيح": "correction",
    "LEAD": "lead", "LD": "lead",
}  # fmt: skip


def _tidy(marker: str) -> str:
    """One marker as printed, tidied: single spaces, ASCII digits, English in upper case, no harakat."""
    marker = " ".join(marker.replace("\u0651", "").translate(_DIGITS_FOLD).split())
    if _ARABIC_LETTER_RE.search(marker) is None:
        marker = marker.upper().replace("WRAP-UP", "WRAPUP")
    return marker


def split_version_marker(headline: str) -> tuple[str, str]:
    """The headline without its version marker, and the marker tidied.

    ``"UPDATE 1-Oman raises fuel prices"`` gives ``("Oman raises fuel
    prices", "UPDATE 1")``; ``"رفع أسعار الوقود (تحديث)"`` gives ``("رفع
    أسعار الوقود", "تحديث")``.  Markers lead or (in brackets) trail; several
    leading ones are all taken and joined by "-", as agencies print them
    ("REFILE-UPDATE 2").  A headline without one is returned unchanged with
    ``""``; so is a headline that is nothing but a marker.

    Conservative on purpose: a word is a marker only when it is upper case
    and followed by a separator or a number, carries a number and a
    separator ("Update 1-"), or stands in brackets.  "Update on talks" and
    "Corrected figures show ..." are headlines.  "URGENT"/"عاجل" are
    priorities, not versions, and are left alone.
    """
    rest = headline
    found: list[str] = []
    while True:
        for pattern in _LEADING_RES:
            match = pattern.match(rest)
            if match is not None:
                break
        if match is None or not rest[match.end() :].strip(" -–—:"):
            break
        found.append(_tidy(match["m"]))
        rest = rest[match.end() :]
    trailing = _TRAILING_RE.search(rest)
    if trailing is not None and rest[: trailing.start()].strip(" -–—:"):
        found.append(_tidy(trailing["m"]))
        rest = rest[: trailing.start()]
    if not found:
        return headline, ""
    return rest.strip().strip("-–—:").strip(), "-".join(found)


def marker_kind(marker: str) -> str:
    """The kind of a marker from :func:`split_version_marker`: "update", "refile", "correction", "lead" or "".

    A compound marker is of the kind of its first part ("REFILE-UPDATE 2" is a
    refile), except that a correction anywhere makes it a correction: an
    editor must not miss that a fact was wrong.
    """
    kinds = [next((_KINDS[word] for word in part.split() if word in _KINDS), "") for part in _tidy(marker).split("-")]
    if "correction" in kinds:
        return "correction"
    return kinds[0] if kinds else ""


_NUMBER_RE = re.compile(r"\d+")


def version_number(marker: str) -> int | None:
    """Where a marker puts a version in the agency's sequence: ``0`` for no
    marker (the first version), the number of a numbered one ("UPDATE 2",
    "2ND LEAD", "WRAPUP 1", "تحديث 2" → 2), ``None`` when the marker says
    nothing of the order ("REFILE", "CORRECTED", "محدث").

    Files arrive in any order (and a batch is written in fingerprint
    order), so the importer uses this to tell that a story is *older* than
    the version an article already has, and must not replace it.
    """
    if not marker:
        return 0
    numbers = [int(n) for n in _NUMBER_RE.findall(_tidy(marker))]
    return max(numbers) if numbers else None


def is_older_version(marker: str, current_marker: str) -> bool:
    """Whether a story marked ``marker`` comes before the version marked
    ``current_marker`` (both by :func:`version_number`); ``False`` when
    either says nothing of the order."""
    new, current = version_number(marker), version_number(current_marker)
    return new is not None and current is not None and new < current


# --- normalised text --------------------------------------------------------------

#: Headline keys are cut to this many characters (a database column's size).
HEADLINE_KEY_MAX = 300

_ARABIC_FOLD = str.maketrans(
    {
        "\u0640": None,  # tatweel
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
        # Apostrophes and full stops join ("Oman's" → "omans", "U.S." → "us").
        "'": None, "’": None, "‘": None, "ʼ": None, ".": None,
    }
)  # fmt: skip
_HARAKAT_RE = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_NON_WORD_RE = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Text as versions compare it: case, punctuation, spacing and Arabic spelling ignored.

    NFKC (Arabic presentation forms, ligatures), casefolded; tatweel and
    harakat removed, أ/إ/آ → ا, ى → ي, ة → ه (spellings that vary between
    copies of one story); Arabic-Indic digits as ASCII; apostrophes and full
    stops dropped, every other punctuation mark a space; single spaces.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _HARAKAT_RE.sub("", text).translate(_ARABIC_FOLD)
    return " ".join(_NON_WORD_RE.sub(" ", text).split())


def headline_key(headline: str) -> str:
    """The headline as versions compare it: no marker, :func:`normalise`-d, at most 300 characters."""
    return normalise(split_version_marker(headline)[0])[:HEADLINE_KEY_MAX].rstrip()


# --- shingles and their similarity ----------------------------------------------------

#: Words per shingle.  Four words are specific enough that two stories on one
#: topic from one agency share few ("the ministry said on", "in a statement
#: on" are the boilerplate they do share), and short enough that a changed
#: word costs a version only the four shingles that contain it.
SHINGLE_SIZE = 4


def _hash64(data: bytes) -> int:
    """A stable signed 64-bit hash (fits a database ``BigIntegerField``)."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=True)


def shingles(text: str, size: int = SHINGLE_SIZE) -> frozenset[int]:
    """Every run of ``size`` words of the :func:`normalise`-d text, each as a stable signed 64-bit int.

    A text shorter than ``size`` words is one shingle of all its words; an
    empty text has none.  The hashes are BLAKE2b, the same in every process
    (Python's ``hash()`` of a string changes with ``PYTHONHASHSEED``).
    """
    if size < 1:
        raise ValueError("size must be at least 1")
    words = normalise(text).split()
    if not words:
        return frozenset()
    if len(words) < size:
        return frozenset({_hash64(" ".join(words).encode())})
    return frozenset(_hash64(" ".join(words[i : i + size]).encode()) for i in range(len(words) - size + 1))


def similarity(a: frozenset[int], b: frozenset[int]) -> float:
    """The overlap coefficient ``|a ∩ b| / min(|a|, |b|)``; 0.0 when either is empty.

    The smaller text decides: a version with two more paragraphs at the end
    still scores 1.0 against the first take.
    """
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def matching_text(story: Any) -> str:
    """The text versions are compared on: a :class:`~newsdesk.wire.WireStory`'s standfirst and paragraphs.

    Not the headline (compared on its own, by key) nor the dateline and
    credit, which every story from one agency and place shares.
    """
    parts = [story.standfirst, *story.paragraphs] if story.standfirst else list(story.paragraphs)
    return "\n".join(parts)


# --- locality-sensitive hashing ----------------------------------------------------------

#: Bands per signature and MinHash rows per band.  With ``r`` rows and ``b``
#: bands two texts of Jaccard similarity ``s`` share a band with probability
#: ``1 - (1 - s**r)**b``; MinHash estimates Jaccard, and two equal-sized
#: texts of overlap 0.5 have s = 0.33.  32 × 2 gives: s = 0.33 → 0.975,
#: s = 0.5 → 1.00 (16 × 2 would give 0.84 and 0.99); two unrelated stories
#: (s ≈ 0.01) → 0.003, two stories on one topic from one agency (s ≈ 0.05)
#: → 0.08, two that share two background paragraphs (s ≈ 0.2) → 0.73.  A
#: missed candidate is a duplicate article an editor merges by hand; a false
#: one costs one exact comparison, so recall wins.  A version that is much
#: shorter or longer than the other has a low Jaccard for its overlap: the
#: importer also takes articles with the same headline key as candidates.
BANDS = 32
ROWS = 2
#: Band values keep the band's index in their top bits (7 bits) and 56 bits
#: of hash below: equal minima in two bands never give one value, and every
#: value is in 0 .. 2**63 - 1, so it fits a signed 64-bit database column.
_BAND_HASH_BITS = 56
_BINS = BANDS * ROWS
_UNSIGNED = (1 << 64) - 1


def _minima(shingle_set: frozenset[int]) -> list[tuple[int, int]]:
    """One MinHash minimum per bin, by *one permutation hashing* (Li, Owen
    and Zhang, 2012): each shingle (already a uniform 64-bit hash) goes to
    the bin its value modulo the number of bins names, and each bin keeps
    its smallest value.  One pass over the shingles instead of one per
    permutation: a story's signature costs well under a millisecond, where
    64 separate permutations cost ten.  An empty bin (a text of few
    shingles) borrows the next non-empty bin's minimum with its distance
    ("densification by rotation", Shrivastava and Li, 2014), so every bin
    still agrees between two texts with probability close to their Jaccard
    similarity, and a text of one shingle still has a full signature."""
    bins: list[int | None] = [None] * _BINS
    for shingle in shingle_set:
        value = shingle & _UNSIGNED
        index, rank = value % _BINS, value // _BINS
        current = bins[index]
        if current is None or rank < current:
            bins[index] = rank
    minima = []
    for index in range(_BINS):
        distance = 0
        while bins[(index + distance) % _BINS] is None:
            distance += 1
        minima.append((bins[(index + distance) % _BINS] or 0, distance))
    return minima


def band_signature(shingle_set: frozenset[int]) -> tuple[int, ...]:
    """The :data:`BANDS` MinHash band values of a shingle set; ``()`` for an empty one.

    Store them indexed; a new story's candidates are the articles that share
    any value with it.  Each value is ``index << 56 | hash of the band's
    minima`` and lies in 0 .. 2**63 − 1 (a ``BigIntegerField``).
    """
    if not shingle_set:
        return ()
    minima = _minima(shingle_set)
    mask = (1 << _BAND_HASH_BITS) - 1
    signature = []
    for band in range(BANDS):
        rows = minima[band * ROWS : (band + 1) * ROWS]
        packed = b"".join(rank.to_bytes(8, "big") + distance.to_bytes(1, "big") for rank, distance in rows)
        digest = hashlib.blake2b(packed, digest_size=8).digest()
        signature.append(band << _BAND_HASH_BITS | int.from_bytes(digest, "big") & mask)
    return tuple(signature)


# --- the verdict ------------------------------------------------------------------------------

#: Share of shingles in common from which two texts are one story whatever
#: the headlines say.  On the fixtures (tests/fixtures/versions/README.md)
#: every version scores 0.81-1.00 against its first take (an update with a
#: new lead and a paragraph rewritten 0.82, a refile or correction 0.98, a
#: longer copy 1.00), and two different stories of one agency, place and day
#: 0.11-0.38: the 0.38 is a story that repeats two of the first one's six
#: background paragraphs word for word, as agencies do.  0.6 leaves room on
#: both sides.
SAME_STORY = 0.6
#: With equal headline keys and no marker, this much shared text is enough:
#: a paper's rewrite can change half of a story under the agency's headline.
#: Not lower: stories that return daily under one headline ("Oil prices
#: rise") share background paragraphs, and the fixtures show two shared
#: background paragraphs alone reach 0.38.  Taking a different story for a
#: version overwrites an article; missing a version leaves two articles an
#: editor can merge, the lesser harm.
SAME_HEADLINE_STORY = 0.45


@dataclass(frozen=True)
class VersionVerdict:
    """Whether a story is a new version of another, the text similarity, and why, in a short phrase."""

    is_version: bool
    score: float
    reason: str


def compare_versions(
    *,
    old_headline_key: str,
    old_shingles: frozenset[int],
    new_headline_key: str,
    new_shingles: frozenset[int],
    marked: bool,
) -> VersionVerdict:
    """Is the new story a version of the old one?

    Yes when (a) it carries a version marker (``marked``) and the headline
    keys are equal: the agency says so; (b) the texts' :func:`similarity` is
    at least :data:`SAME_STORY`; or (c) the headline keys are equal and the
    similarity is at least :data:`SAME_HEADLINE_STORY`.  Candidates should
    come from a recent window (same days): an agency may reuse a headline
    ("Oman raises fuel prices") months later for a new story.
    """
    score = similarity(old_shingles, new_shingles)
    share = f"{int(score * 100)}% of the text is the same"
    same_headline = bool(old_headline_key) and old_headline_key == new_headline_key
    if same_headline and marked:
        return VersionVerdict(True, score, "same headline, marked as a new version")
    if score >= SAME_STORY:
        return VersionVerdict(True, score, share)
    if same_headline and score >= SAME_HEADLINE_STORY:
        return VersionVerdict(True, score, f"same headline, {share}")
    return VersionVerdict(False, score, f"same headline but only {share}" if same_headline else f"only {share}")
