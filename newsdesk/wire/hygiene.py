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
from dataclasses import dataclass

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


@dataclass(frozen=True)
class DecodedText:
    """An input's text and what an editor should know about how it was read
    (:func:`decode_text`)."""

    text: str
    warnings: tuple[str, ...] = ()


def decode(data: bytes, *, encoding: str = "utf-8", name: str = "<input>") -> str:
    """The text of :func:`decode_text`, without its warnings."""
    return decode_text(data, encoding=encoding, name=name).text


def decode_text(data: bytes, *, encoding: str = "utf-8", name: str = "<input>") -> DecodedText:
    """Decode ``data`` strictly and drop a leading byte-order mark.

    With the default ``utf-8``, a UTF-16 or UTF-32 byte-order mark at the
    start is believed and the text decoded accordingly (Windows editors
    save "Unicode" text as UTF-16 with a BOM, and those bytes can never be
    valid UTF-8, so nothing that decoded before decodes differently now).
    An XML document whose declaration names an encoding
    (``<?xml version="1.0" encoding="windows-1256"?>``) is decoded in that
    encoding whatever ``encoding`` says: the agency's file says what it is.
    Raises :class:`WireDecodeError` naming ``name`` and the offset of the
    first byte that is not valid in the encoding (or an unknown encoding),
    and for a declaration the bytes contradict, naming the declared encoding;
    and for text holding a surrogate (:func:`check_characters`).

    Bytes read in another encoding than UTF-8 that are also valid UTF-8
    with characters beyond ASCII are read as the encoding says (the sender's
    or the caller's word is not second-guessed), with a warning: legacy text
    (Arabic Windows-1256, Latin-1...) is almost never valid UTF-8 by chance,
    so such a file is very likely UTF-8 under a wrong label, and its text
    garbled ("Ù…Ø³Ù‚Ø·" for "مسقط").

    An agency stream (IPTC 7901, ANPA-1312: :func:`is_agency_stream`) that
    is not valid UTF-8 under the UTF-8 default is read as latin-1, with a
    warning: agencies send both formats in ISO 8859-1, and neither says so.
    """
    declared = _xml_declared_encoding(data, name)
    if declared is not None:
        encoding = declared
    elif _is_utf8(encoding):
        encoding = _sniff_unicode_bom(data) or encoding
    try:
        text = _decode_in(data, encoding, name, declared=declared is not None)
    except WireDecodeError as exc:
        if declared is not None or not _is_utf8(encoding) or exc.offset is None or not is_agency_stream(data):
            raise
        text = data.decode(AGENCY_STREAM_ENCODING)
        check_characters(text, name=name)
        return DecodedText(text, (_read_as_latin1(name, data, exc.offset),))
    check_characters(text, name=name)
    warning = _utf8_under_another_label(data, encoding, name, declared=declared is not None)
    return DecodedText(text, (warning,) if warning else ())


#: What agencies send IPTC 7901 and ANPA-1312 in when the bytes are not UTF-8.
AGENCY_STREAM_ENCODING = "latin-1"
# SOH (after ANPA's SYN SYN) opens the first message's heading; STX soon
# follows.  Telex-style 7901 opens with a ZCZC line instead.
_AGENCY_OPENING_RE = re.compile(rb"^[\x16\s]*\x01[^\x02]{0,400}\x02|^\s*ZCZC\b")


def is_agency_stream(data: bytes) -> bool:
    """Whether ``data`` opens like an IPTC 7901 or ANPA-1312 message (SOH … STX, or ``ZCZC``)."""
    return _AGENCY_OPENING_RE.match(data[:512]) is not None


def _read_as_latin1(name: str, data: bytes, offset: int) -> str:
    """The warning for an agency stream read as latin-1 because it is not UTF-8."""
    bad = data[offset : offset + 1]
    return (
        f"{name}: not valid UTF-8 (byte 0x{bad.hex()} at offset {offset}); read as latin-1 (ISO 8859-1), "
        "the encoding agencies send IPTC 7901 and ANPA-1312 in. If the text looks garbled, import the file "
        "again with its encoding named."
    )


def _decode_in(data: bytes, encoding: str, name: str, *, declared: bool) -> str:
    """``data`` decoded in ``encoding`` without its byte-order mark; the
    error says whether the encoding was the caller's choice or the XML
    declaration's claim."""
    try:
        text = data.decode(encoding)
    except LookupError:
        whose = "the XML declaration names an unknown" if declared else "unknown"
        raise WireDecodeError(
            f"{name}: {whose} text encoding {encoding!r}", name=name, offset=None, encoding=encoding
        ) from None
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1]
        if declared:
            message = (
                f"{name}: the XML declaration says encoding {encoding!r}, but byte 0x{bad.hex()} "
                f"at offset {exc.start} is not valid {encoding}; the file is in another encoding "
                "than it declares"
            )
        elif _is_utf8_text(data):
            message = (
                f"{name}: not valid {encoding} text: byte 0x{bad.hex()} at offset {exc.start} "
                "cannot be decoded"
            )
        else:
            message = (
                f"{name}: not valid {encoding} text: byte 0x{bad.hex()} at offset {exc.start} "
                f"cannot be decoded; the file may be in another encoding, such as cp1256 "
                f"(Arabic Windows) or iso-8859-6 (Arabic ISO)"
            )
        if _is_utf8_text(data):
            message += "; its bytes are valid UTF-8: the file is most likely UTF-8"
        raise WireDecodeError(message, name=name, offset=exc.start, encoding=encoding) from None
    return text[1:] if text.startswith(BOM) else text


def _is_utf8_text(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8 holding characters beyond ASCII."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# The first character beyond ASCII with the rest of its word around it (a
# few characters of it: markup has long "words").
_BEYOND_ASCII_WORD_RE = re.compile(r"\S{0,12}[^\x00-\x7f]\S{0,20}")


def _utf8_under_another_label(data: bytes, encoding: str, name: str, *, declared: bool) -> str:
    """The warning for bytes read as ``encoding`` that are also valid UTF-8
    beyond ASCII (see :func:`decode_text`), or ``""``.  It shows the first
    word with such characters both ways, so an editor sees at once which
    reading is the text."""
    if _family(encoding).startswith("utf") or not _is_utf8_text(data):
        return ""
    sample = _BEYOND_ASCII_WORD_RE.search(data.decode("utf-8"))
    assert sample is not None  # the text holds a character beyond ASCII
    word = sample.group(0)
    garbled = word.encode("utf-8").decode(encoding, errors="replace")
    label = "as its XML declaration says" if declared else "as asked"
    fix = "the file is UTF-8 and its XML declaration is wrong" if declared else "import the file again as UTF-8"
    return (
        f"{name}: read as {encoding} ({label}), but its bytes are also valid UTF-8, which {encoding} text "
        f"almost never is: where UTF-8 reads \u201c{word}\u201d, {encoding} reads \u201c{garbled}\u201d. "
        f"If the text looks garbled, {fix}."
    )


#: Any UTF-16 surrogate code point: half of a pair, never a character of its own.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def first_surrogate(text: str) -> int:
    """The index of the first surrogate code point in ``text``, or -1.

    A Python string can hold one (a JSON ``"\\udc00"`` escape, bytes read
    with ``surrogateescape``, a file name that is not UTF-8), but no text
    encoding can write it, and no database can store it.
    """
    if text.isascii():
        return -1
    found = _SURROGATE_RE.search(text)
    return found.start() if found is not None else -1


def line_and_column(text: str, index: int) -> tuple[int, int]:
    """Where ``text[index]`` stands, as an editor's text editor counts: from 1."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def check_characters(text: str, *, name: str = "<input>") -> None:
    """Raise :class:`WireDecodeError` when ``text`` holds a surrogate code
    point (:func:`first_surrogate`), naming ``name``, the line and column."""
    index = first_surrogate(text)
    if index < 0:
        return
    line, column = line_and_column(text, index)
    raise WireDecodeError(
        f"{name}: the text holds U+{ord(text[index]):04X} at line {line}, column {column}, half of a UTF-16 "
        "surrogate pair without its other half, which is not a character; ask the sender for a correct file",
        name=name, offset=None, encoding="",
    )


# The XML declaration, read from bytes in any ASCII-compatible encoding.
_XML_DECLARATION_RE = re.compile(rb"""^<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']{1,40})["']""")
_UTF16_OPENINGS = (b"<\x00?\x00x\x00", b"\x00<\x00?\x00x")


def _xml_declared_encoding(data: bytes, name: str) -> str | None:
    """The encoding an XML declaration at the start of ``data`` names, checked against the bytes.

    ``None`` when ``data`` opens with no declaration naming one.  A UTF-8
    byte-order mark, UTF-16 bytes or a declaration readable as single bytes
    must agree with the name declared; when they do not, the declaration is
    wrong and decoding by it would garble the text.
    """
    head = data[:512]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head.startswith(_UTF16_OPENINGS):
        sniffed = _sniff_unicode_bom(head) or ("utf-16-le" if head.startswith(b"<") else "utf-16-be")
        text = head.decode(sniffed, errors="replace").lstrip(BOM)
        match = _XML_DECLARATION_RE.match(text.encode("ascii", errors="replace"))
        if match is None:
            return None
        declared = match.group(1).decode("ascii")
        if not _family(declared).startswith("utf-16"):
            raise _contradiction(name, declared, "its bytes are UTF-16")
        return sniffed
    bom = head.startswith(codecs.BOM_UTF8)
    match = _XML_DECLARATION_RE.match(head[3:] if bom else head)
    if match is None:
        return None
    declared = match.group(1).decode("ascii", errors="replace")
    family = _family(declared)
    if family.startswith(("utf-16", "utf-32")):
        raise _contradiction(name, declared, "its bytes are in a single-byte or UTF-8 form, not " + declared)
    if bom and family != "utf-8":
        raise _contradiction(name, declared, "it starts with a UTF-8 byte-order mark")
    return declared


def _family(encoding: str) -> str:
    """The codec's own name ("UTF8" → "utf-8", "ISO-8859-1" → "iso8859-1"), or the name lower-cased."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding.lower()


def _contradiction(name: str, declared: str, fact: str) -> WireDecodeError:
    return WireDecodeError(
        f"{name}: the XML declaration says encoding {declared!r}, but {fact}; "
        "fix the declaration or ask the sender for a correct file",
        name=name, offset=None, encoding=declared,
    )


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
