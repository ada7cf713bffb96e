"""Reading agency XML safely, and walking it by local names.

Agency files come from outside: over FTP, from feeds, uploaded by editors.
An XML document can ask its parser to expand entities a billion times
("billion laughs"), to read a local file or a URL into the text (external
entities, XXE) or to fetch a DTD.  None of that is ever needed for a news
item, so every entity declaration is refused (defusedxml, ``forbid_entities``
and ``forbid_external``), and documents are bounded in size, depth and
element count before and while they are read.  A plain document type line
(``<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">``, which many NITF files carry) is
accepted: the DTD it names is never fetched or read.  Nothing is fetched, ever.

Namespaces differ between agencies and versions of a standard (NewsML-G2
items come with and without the IPTC namespace, XHTML inside them with its
own), so the helpers here match elements by their local name only.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from ..hygiene import first_surrogate, line_and_column
from .errors import FormatError

#: Documents larger than this (in UTF-8 bytes) are refused: the importer's
#: own bound for one story (``IMPORT_MAX_STORY_SIZE``, 2 MiB).
MAX_DOCUMENT_SIZE = 2 * 1024 * 1024
#: Deeper nesting than this is no news item: refused before any recursive walk.
MAX_DEPTH = 100
#: More elements than this is no news item either.
MAX_ELEMENTS = 100_000

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_POSITION_RE = re.compile(r":\s*line \d+, column \d+$")
_ENTITY_RE = re.compile(r"<!ENTITY\s+(?:%\s+)?(?P<name>[^\s>]+)(?P<rest>[^>]*)>", re.DOTALL)
_SYSTEM_RE = re.compile(r"\b(?:SYSTEM|PUBLIC)\s+(?:\"[^\"]*\"\s+)?[\"'](?P<ref>[^\"']*)[\"']")
_CUT_SHORT = ("no element found", "unclosed token", "unclosed CDATA section")


class _LimitedBuilder(ET.TreeBuilder):
    """A tree builder that stops a document nested or sprawling past the bounds."""

    def __init__(self, label: str, fmt: str) -> None:
        super().__init__()
        self.label = label
        self.fmt = fmt
        self.depth = 0
        self.count = 0

    def start(self, tag, attrs):
        self.depth += 1
        self.count += 1
        if self.depth > MAX_DEPTH:
            raise FormatError(
                f"not a readable {self.label} document: elements are nested more than {MAX_DEPTH} deep",
                format=self.fmt,
            )
        if self.count > MAX_ELEMENTS:
            raise FormatError(
                f"not a readable {self.label} document: more than {MAX_ELEMENTS:,} elements",
                format=self.fmt,
            )
        return super().start(tag, attrs)

    def end(self, tag):
        self.depth -= 1
        return super().end(tag)


def size_in_bytes(text: str) -> int:
    """The UTF-8 size of ``text``, counted without encoding it when it is ASCII."""
    return len(text) if text.isascii() else len(text.encode("utf-8"))


def check_size(text: str, *, label: str, fmt: str, max_size: int) -> None:
    """Refuse a document over ``max_size`` bytes, saying how large it is.

    A document holding half a UTF-16 surrogate pair has no UTF-8 size (no
    reader can encode it, no database store it): it is refused here, every
    structured reader's first step, naming where it stands.
    """
    surrogate = first_surrogate(text)
    if surrogate >= 0:
        line, column = line_and_column(text, surrogate)
        raise FormatError(
            f"not a usable {label} document: line {line}, column {column}: U+{ord(text[surrogate]):04X} "
            "is half of a surrogate pair, not a character",
            format=fmt,
        )
    size = size_in_bytes(text)
    if size > max_size:
        raise FormatError(
            f"too large: the {label} document is {_human(size)}, more than the {_human(max_size)} limit",
            format=fmt,
        )


def _human(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB"
    if size >= 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size} bytes"


def parse_xml(
    text: str, *, label: str, fmt: str, max_size: int = MAX_DOCUMENT_SIZE, target: Any = None
) -> ET.Element:
    """The document's root element, or :class:`FormatError` saying what is wrong.

    ``label`` names the format in messages ("NITF"), ``fmt`` is its
    :func:`~newsdesk.wire.detect_format` name.  A ``str`` is read as the
    text it is: an encoding named in its XML declaration is ignored (the
    bytes were decoded already, by :func:`~newsdesk.wire.decode`).

    ``target``: a parser target of the caller's that builds no tree (it
    keeps only what it needs, and bounds what it keeps), given the
    document's events with the same safety; what its ``close()`` returns
    is returned.  Without one the tree is built, depth and element count
    bounded.
    """
    check_size(text, label=label, fmt=fmt, max_size=max_size)
    builder = target if target is not None else _LimitedBuilder(label, fmt)
    parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(text)
        return parser.close()
    except ET.ParseError as exc:
        raise FormatError(_not_well_formed(exc, label), format=fmt) from None
    except DefusedXmlException as exc:
        raise FormatError(_forbidden(exc, text), format=fmt) from None


def _not_well_formed(exc: ET.ParseError, label: str) -> str:
    line, column = exc.position
    problem = _POSITION_RE.sub("", str(exc))
    message = f"not a well-formed {label} document: line {line}, column {column}: {problem}"
    if problem.startswith(_CUT_SHORT):
        message += " (the document ends before it is complete: the file may be cut short)"
    return message


def _forbidden(exc: DefusedXmlException, text: str) -> str:
    """Why the document was refused, naming the entity or reference it declares.

    The document type declaration is refused before its entities are read,
    so the declaration itself is looked at to name the worse problem.
    """
    declared = _ENTITY_RE.search(text[: text.find("]>") + 2 if "]>" in text else 65536])
    if isinstance(exc, (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden)) and declared:
        reference = _SYSTEM_RE.search(declared["rest"])
        if reference is not None or isinstance(exc, ExternalReferenceForbidden):
            target = reference["ref"] if reference is not None else ""
            return (
                f"forbidden: the document declares an external entity “{declared['name']}” "
                f"that refers to “{target}”; agency files need none, and reading one could "
                "expose the server's files or network"
            )
        return (
            f"forbidden: the document declares an entity (“{declared['name']}”); agency files need "
            "none, and entities can make a small file expand to gigabytes"
        )
    if isinstance(exc, ExternalReferenceForbidden):
        return "forbidden: the document refers to an external resource; nothing is ever fetched"
    return (
        "forbidden: the document has a document type declaration (<!DOCTYPE …>); agency files "
        "need none, and none is read: remove it and import the file again"
    )


# --- walking by local names ---------------------------------------------------


def local(tag: object) -> str:
    """``"{http://iptc.org/…}headline"`` → ``"headline"`` (comments and PIs give ``""``)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def children(element: ET.Element | None, name: str) -> list[ET.Element]:
    """The direct children of ``element`` called ``name`` (any namespace)."""
    if element is None:
        return []
    return [child for child in element if local(child.tag) == name]


def child(element: ET.Element | None, *path: str) -> ET.Element | None:
    """The first element down ``path`` of direct children, or ``None``."""
    for name in path:
        found = children(element, name)
        if not found:
            return None
        element = found[0]
    return element


def descendants(element: ET.Element | None, name: str) -> Iterator[ET.Element]:
    """Every element called ``name`` under ``element`` (any namespace), in document order."""
    if element is None:
        return
    for found in element.iter():
        if local(found.tag) == name and found is not element:
            yield found


def text_of(element: ET.Element | None) -> str:
    """All the text inside ``element``, with every run of white space one space."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def attribute(element: ET.Element | None, name: str) -> str:
    """An attribute by local name (``xml:lang`` by its full name), stripped; ``""`` when absent."""
    if element is None:
        return ""
    value = element.get(name)
    if value is None:
        for key, found in element.attrib.items():
            if local(key) == name:
                value = found
                break
    return (value or "").strip()
