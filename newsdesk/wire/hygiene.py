"""Input hygiene: bytes to text, and text to one canonical form.

Scraped pages arrive with byte-order marks, Windows line ends, non-breaking
and zero-width spaces and tabs.  The parser works on the cleaned lines; the
duplicate guard hashes a stronger normalisation so that two copies of one
story that differ only in such invisible details are recognised as one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

BOM = "\ufeff"

# Characters that print as nothing: zero-width space/joiners, word joiner,
# soft hyphen, BOM inside the text, bidi marks left over from copy-paste.
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\u00ad\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Horizontal spaces that should read as one plain space: tab, NBSP, narrow
# NBSP, the en/em/thin spaces, ideographic space.
_SPACE_RE = re.compile("[\t\u00a0\u202f\u2000-\u200a\u3000\u1680\u205f\f\v]")
_NEWLINE_RE = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# One scan to learn whether anything above needs replacing: most texts need
# none of it, and three substitutions over a whole page cost more than the
# rest of the parse.
_ANY_SPECIAL_RE = re.compile(
    "[\r\u2028\u2029\x85\u200b\u200c\u200d\u2060\u00ad\ufeff\u200e\u200f\u202a-\u202e"
    "\u2066-\u2069\t\u00a0\u202f\u2000-\u200a\u3000\u1680\u205f\f\v]"
)
_RUN_OF_SPACES_RE = re.compile(r"[ ]{2,}")
_BLANK_RUN_RE = re.compile(r"\n{3,}")


class WireDecodeError(ValueError):
    """The bytes of a wire file are not valid in the expected encoding.

    The message names the file and the byte offset of the first bad byte so
    an operator can find it (``hexdump -C -s OFFSET``); nothing is guessed or
    silently replaced.
    """

    def __init__(self, message: str, *, name: str, offset: int | None, encoding: str) -> None:
        super().__init__(message)
        self.name = name
        self.offset = offset
        self.encoding = encoding


def decode(data: bytes, *, encoding: str = "utf-8", name: str = "<input>") -> str:
    """Decode ``data`` strictly and drop a leading byte-order mark.

    Raises :class:`WireDecodeError` naming ``name`` and the offset of the
    first byte that is not valid ``encoding`` (or an unknown encoding).
    """
    try:
        text = data.decode(encoding)
    except LookupError:
        raise WireDecodeError(
            f"{name}: unknown text encoding {encoding!r}", name=name, offset=None, encoding=encoding
        ) from None
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1]
        raise WireDecodeError(
            f"{name}: not valid {encoding} text: byte 0x{bad.hex()} at offset {exc.start} "
            f"cannot be decoded (try another --encoding, e.g. cp1256 for Arabic)",
            name=name,
            offset=exc.start,
            encoding=encoding,
        ) from None
    return text[1:] if text.startswith(BOM) else text


def clean_lines(text: str) -> list[str]:
    """The text as lines: one newline convention, plain spaces, nothing invisible.

    Each line keeps its words exactly, only trimmed at both ends; blank lines
    stay (as ``""``) because they separate paragraphs.
    """
    if text.isascii():
        special = "\r" in text or "\t" in text or "\f" in text or "\v" in text
    else:
        special = _ANY_SPECIAL_RE.search(text) is not None
    if special:
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _NEWLINE_RE.sub("\n", text)
        text = _INVISIBLE_RE.sub("", text)
        text = _SPACE_RE.sub(" ", text)
    return [line.strip() for line in text.split("\n")]


def normalise_for_fingerprint(text: str) -> str:
    """The canonical form the duplicate guard hashes.

    Same words in the same order, with every run of spaces one space, every
    run of blank lines one blank line, nothing at either end, NFC.
    """
    lines = [_RUN_OF_SPACES_RE.sub(" ", line) for line in clean_lines(text)]
    joined = _BLANK_RUN_RE.sub("\n\n", "\n".join(lines)).strip("\n")
    return unicodedata.normalize("NFC", joined)


def fingerprint(text: str) -> str:
    """SHA-256 hex (64 chars) of :func:`normalise_for_fingerprint`; ``Article.source_hash``."""
    return hashlib.sha256(normalise_for_fingerprint(text).encode("utf-8")).hexdigest()
