"""dpa's dialect of IPTC 7901: what dpa adds to the standard layout.

A dpa message names dpa in its heading's first line ("eca062 4 i 211
ccccb   dpa 061", "dpa-tns" for stories dpa distributes for others).  Its
text closes the heading with " =" (read by the generic reader) and ends
with two things that are not story text:

- the notebook: from a line "# dpa NOTEBOOK" or "# Notebook" on, contacts, links and "not for publication" notes for
  editors, in a Markdown-like layout → the story's note;
- the editors' initials on a line of their own ("dpa wsz jln npr") → left out.

The credit is dpa (the dateline "Berlin (dpa) -" says so too).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

NAME = "dpa"
AGENCY = "dpa"

_NOTEBOOK_RE = re.compile(r"^\s*#{1,3}\s+\S")
_INITIALS_RE = re.compile(r"^\s*dpa(?:-\w+)?(?:\s+[a-z]{2,4}){1,6}\s*$")
_MARKUP_RE = re.compile(r"^\s*(?:#{1,3}|[-*])\s+")


def claims(heading_words: Sequence[str]) -> bool:
    """Whether the heading's first line names dpa ("dpa", "dpa-tns")."""
    return any(word.lower() == "dpa" or word.lower().startswith("dpa-") for word in heading_words)


def cut_notes(lines: list[str]) -> tuple[list[str], list[str]]:
    """The story lines without the notebook and the initials line, and the notebook as one note."""
    end = next((i for i, line in enumerate(lines) if _NOTEBOOK_RE.match(line)), len(lines))
    story, notebook = lines[:end], lines[end:]
    story = [line for line in story if not _INITIALS_RE.match(line)]
    notebook = [line for line in notebook if not _INITIALS_RE.match(line)]
    note = " ".join(_MARKUP_RE.sub("", line).strip() for line in notebook if line.strip(" *"))
    return story, [note] if note else []
