"""Photo captions: telling the same caption printed twice apart from a new one."""

from __future__ import annotations

import re

_NON_WORD_RE = re.compile(r"[\W_]+")


def caption_key(text: str) -> str:
    """Case, spacing and punctuation do not make a caption different.

    Scraped pages print each caption twice (the image's alt text, then the
    visible caption), sometimes with different punctuation.
    """
    return _NON_WORD_RE.sub(" ", text.casefold()).strip()
