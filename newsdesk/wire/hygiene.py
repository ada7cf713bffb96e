"""Input hygiene: bytes to text, and text to one canonical form.

Scraped pages arrive with byte-order marks, Windows line ends, non-breaking
and zero-width spaces and tabs.  The parser works on the cleaned lines; the
duplicate guard hashes a stronger normalisation so that two copies of one
story that differ only in such invisible details are recognised as one.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata

BOM = "\ufeff"

# Characters that print as nothing: zero-width space/joiners, word joiner,
# soft hyphen, BOM inside the text, bidi marks left over from copy-paste, and
# the C0 control characters other than the line and space ones (NUL, which
# PostgreSQL cannot store in text at all, ESC, the separators 0x1c-0x1f...)
# and DEL, which scraped and agency files sometimes carry.
_CONTROLS = "\x00-\x08\x0e-\x1f\x7f"
_INVISIBLE = _CONTROLS + "\u200b\u200c\u200d\u2060\u00ad\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
# Horizontal spaces that should read as one plain space: tab, NBSP, narrow
# NBSP, the en/em/thin spaces, ideographic space.
_SPACES = "\t\u00a0\u202f\u2000-\u200a\u3000\u1680\u205f\f\v"
_SPACE_RE = re.compile(f"[{_SPACES}]")
_NEWLINES = "\r\u2028\u2029\x85"
_NEWLINE_RE = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# One scan to learn whether anything above needs replacing: most texts need
# none of it, and three substitutions over a whole page cost more than the
# rest of the parse.  Built from the same pieces, so the lists cannot drift.
_ANY_SPECIAL_RE = re.compile(f"[{_NEWLINES}{_INVISIBLE}{_SPACES}]")
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

    With the default ``utf-8``, a UTF-16 or UTF-32 byte-order mark at the
    start is believed and the text decoded accordingly (Windows editors
    save "Unicode" text as UTF-16 with a BOM, and those bytes can never be
    valid UTF-8, so nothing that decoded before decodes differently now).
    Raises :class:`WireDecodeError` naming ``name`` and the offset of the
    first byte that is not valid in the encoding (or an unknown encoding).
    """
    if _is_utf8(encoding):
        encoding = _sniff_unicode_bom(data) or encoding
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
            f"cannot be decoded; the file may be in another encoding, such as cp1256 "
            f"(Arabic Windows) or iso-8859-6 (Arabic ISO)",
            name=name,
            offset=exc.start,
            encoding=encoding,
        ) from None
    return text[1:] if text.startswith(BOM) else text


def _is_utf8(encoding: str) -> bool:
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8")


def _sniff_unicode_bom(data: bytes) -> str | None:
    """The encoding a UTF-16/32 byte-order mark announces (UTF-32 first: its
    little-endian mark begins with UTF-16's)."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def clean_lines(text: str) -> list[str]:
    """The text as lines: one newline convention, plain spaces, nothing invisible.

    Each line keeps its words exactly, only trimmed at both ends; blank lines
    stay (as ``""``) because they separate paragraphs.
    """
    if _ANY_SPECIAL_RE.search(text) is not None:
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _NEWLINE_RE.sub("\n", text)
        text = _INVISIBLE_RE.sub("", text)
        text = _SPACE_RE.sub(" ", text)
    return [line.strip() for line in text.split("\n")]


def storable(text: str) -> str:
    """``text`` with the one character no database can keep in a text
    column removed: NUL (PostgreSQL refuses it outright).  Everything else
    stays as received, for ``Article.source_text``."""
    return text.replace("\x00", "") if "\x00" in text else text


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
