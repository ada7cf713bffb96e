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


#: Captions printed without a caption: "File photo", "صورة أرشيفية".
_BARE_PHOTO_LABELS = frozenset({
    "file photo", "file picture", "file image", "archive photo", "photo", "image",
    "representational image", "representational photo", "for illustration", "illustration",
    "صورة أرشيفية", "صورة ارشيفية", "صورة تعبيرية", "أرشيفية", "ارشيفية",
})


def is_bare_photo_label(line: str) -> bool:
    """A line that is only a photo's label ("File photo"): a caption with no credit."""
    return len(line) <= 40 and line.casefold().strip(" .:()[]") in _BARE_PHOTO_LABELS


_CREDIT_LINE_RE = re.compile(
    r"^(?:(?:image|photo|picture)\s+credits?|photos?|pictures?|images?|credit|تصوير|الصورة|صورة)"
    r"\s*[:：]\s*(?P<credit>[^:]{2,40})$",
    re.IGNORECASE,
)


def match_credit_line(line: str) -> str | None:
    """"Image Credit: Supplied" alone on its line: the credit of the caption printed above it."""
    if len(line) > 60:
        return None
    found = _CREDIT_LINE_RE.match(line)
    return found["credit"].strip() if found is not None else None
