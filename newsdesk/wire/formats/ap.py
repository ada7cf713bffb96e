"""AP's dialect of ANPA-1312: what the Associated Press puts in the text.

A message is AP's when its trailer is ("AP-WF-11-13-13 1509GMT") or its
text credits "(AP)".  AP sets, as ``^`` lines above the story:

- the headline, then "AP Photo XNP101, …" (the photos: left out),
  "Eds: …", "(Eds: …)" and "EDITOR'S NOTE _ …" (notes to editors → the
  note), a summary line closed by ``<`` (→ the standfirst), "By NAME" (→
  the byline) and the writer's title under it ("Associated Press", "AP
  Sports Writer": left out, the credit says it);
- and in the text its typewriter conventions: " _ " for a dash, two
  backticks and two apostrophes for double quotation marks (one backtick
  opens a quote inside a quote), "{" for a half after a figure ("3{ games
  back"), a lone "_" for an empty cell, a row of underscores ("___")
  between the story and its notes.

With no headline line (an "APNewsAlert"), the alert's sentence is the
headline.
"""

from __future__ import annotations

import re

NAME = "ap"
AGENCY = "AP"

PHOTO, NOTE, STANDFIRST, ROLE = "photo", "note", "standfirst", "role"

_PHOTO_RE = re.compile(r"^AP (?:Photos?|Video|Graphics?|Audio)\b")
_NOTE_RE = re.compile(r"^\(?\s*(?:Eds?|EDs)\s*:\s*|^EDITOR'?S NOTE\s*(?:_|—|:|-)?\s*", re.IGNORECASE)
_ROLE_RE = re.compile(
    r"^(?:The )?Associated Press$|^AP [A-Z][\w.&' -]*(?:Writer|Correspondent|Editor|Reporter|Columnist|Analyst)s?$"
)
_HALF_RE = re.compile(r"(?<=\d)\{")
_RULE_RE = re.compile(r"^_{3,}$")


def claims(trailer_agency: str, text: str) -> bool:
    """Whether the message is AP's: its trailer names AP, or its text credits "(AP)"."""
    return trailer_agency == AGENCY or "(AP)" in text[:4096]


def classify(line: str, marker: str, *, after_byline: bool, has_standfirst: bool) -> str:
    """What a ``^`` line above the story is: :data:`PHOTO`, :data:`NOTE`, :data:`STANDFIRST`,
    :data:`ROLE` or ``""`` (story text, or the headline when it comes first).

    ``marker`` is the quad mark that closed the line ("<", "=" or "").
    """
    if _PHOTO_RE.match(line):
        return PHOTO
    if _NOTE_RE.match(line):
        return NOTE
    if after_byline and _ROLE_RE.match(line):
        return ROLE
    if marker == "<" and not after_byline and not has_standfirst:
        return STANDFIRST
    return ""


def note_text(line: str) -> str:
    """ "(Eds: Minor edits.)" → "Minor edits."; "EDITOR'S NOTE _ This is …" → "This is …"."""
    opened = line.lstrip().startswith("(")
    text = _NOTE_RE.sub("", line, count=1).strip()
    if opened and text.endswith(")"):
        text = text[:-1].rstrip()
    return text


def tidy(text: str) -> str:
    """AP's typewriter conventions as the characters they stand for (see the module's docstring)."""
    if "_" in text:
        text = text.replace(" _ ", " — ")
        if text.startswith("_ "):
            text = "— " + text[2:]
    if "`" in text or "''" in text:
        text = text.replace("``", "\u201c").replace("''", "\u201d").replace("`", "\u2018")
    return text


def tidy_cell(cell: str) -> str:
    """A table cell: "_" (nothing to show) → "—", "3{" → "3½"."""
    if cell == "_":
        return "—"
    return _HALF_RE.sub("½", cell)


def is_rule(line: str) -> bool:
    """A row of underscores between the story and what follows it."""
    return _RULE_RE.match(line) is not None
