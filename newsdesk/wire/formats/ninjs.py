"""ninjs (IPTC News in JSON) 1.x, 2.x and 3.x items, alone or in a list.

ninjs 3 spells the same properties in camel case (``versionCreated``,
``pubStatus``, ``contentType``): every key is read without regard to case,
so one reader serves all three.  What is read, and where it goes (1.x name /
2.x name):

- ``uri`` (else ``guid``, which Superdesk writes instead) → ``guid``;
  ``version`` → ``version``; ``urgency`` →
  ``urgency``; ``pubstatus`` (usable, withheld, canceled; "withdrawn"
  accepted) → ``pubstatus``; ``embargoed`` (3.x ``embargoedUntil``) → ``embargo``;
  ``firstcreated`` (else ``versioncreated``) → ``published``;
  ``language`` → ``language``; ``ednote`` → ``signals`` when it says
  "correction" or "update"; a ``signals`` list is taken as it is;
- ``headline`` / ``headlines`` (role "main" first) → ``headline``;
  ``description_text`` (or ``description_html``) / ``descriptions``
  (summary-like role first) → ``standfirst``;
- ``body_html``, ``body_xhtml`` or ``body_text`` / ``bodies`` (HTML
  preferred to plain text) → paragraphs and subheadings;
- ``byline`` / ``by`` (else the ``byline`` or ``name`` of each ``bylines``
  entry) → ``byline``; ``located`` → ``dateline``;
- ``subject`` / ``subjects`` (their ``name``) → ``subjects``;
  ``keywords`` and ``slugline`` → ``keywords``;
- ``copyrightholder`` (else ``infosource``/``infosources`` names) → the
  wire credit;
- ``associations`` (an object in 1.x, a list in 2.x) of type picture or
  graphic → captions: their description (else headline), credited to their
  ``copyrightholder`` (else ``byline``/``by``).

A file may hold a JSON list of items, or an object with an ``items`` or
``data`` list: :func:`split` gives each on its own.  Delivery envelopes
are opened: an ``item`` list (BBC's API), ``data`` holding an ``item`` or
an ``items`` list of ``{"meta": …, "item": …}`` entries (AP's Media API).

An item whose ``type`` is a picture, graphic, video or audio (or an event or
a planning item) is not text: :class:`~.errors.NotText`, which the importer
counts as skipped, never as failed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..agencies import AgencyIndex
from ..hygiene import first_surrogate, line_and_column
from ..story import WireStory
from .assemble import Draft, embargo, finish, integer, moment, pubstatus, signals_from_note
from .blocks import Block, blocks_from_html, blocks_from_text, html_text
from .errors import FormatError, NotText
from .safexml import MAX_DOCUMENT_SIZE, check_size

NAME = "ninjs"
LABEL = "ninjs"
#: Keys only a ninjs item has (one of them must stand in the document's head).
_KEYS_RE = re.compile(
    r'"(?:uri|headline|headlines|body_html|body_text|body_xhtml|bodies|versioncreated|pubstatus|'
    r'associations|description_text|descriptions|byline)"\s*:',
    re.IGNORECASE,  # ninjs 3: "versionCreated", "pubStatus"
)
_SNIFF = 65536
#: A ``\uXXXX`` escape of a UTF-16 surrogate, after an even run of
#: backslashes (after an odd one, its own backslash is an escaped one).
_SURROGATE_ESCAPE_RE = re.compile(r"(?<!\\)(?:\\\\)*(\\u[dD][89a-fA-F][0-9a-fA-F]{2})")
_LIST_KEYS = ("items", "data")
_SUMMARY_ROLES = ("summary", "abstract", "teaser", "lead", "standfirst", "description")
_PICTURES = ("picture", "graphic", "image")
#: Item types that are no text story (ninjs ``type``), and how messages name them.
_NOT_TEXT = {
    "picture": "picture", "image": "picture", "photo": "picture", "graphic": "graphic",
    "video": "video", "audio": "audio", "event": "event", "planning": "planning",
}
#: The envelope keys of delivery APIs that wrap items (BBC: ``item``; AP Media API: ``data``).
_ENVELOPE_KEYS = ("item", "data")


def can_parse(text: str) -> bool:
    """A JSON object or list whose opening holds ninjs keys."""
    head = text.lstrip("\ufeff \t\r\n")[:1]
    return head in ("{", "[") and _KEYS_RE.search(text, 0, _SNIFF) is not None


def load(text: str, *, max_size: int = MAX_DOCUMENT_SIZE) -> Any:
    """The JSON value, or :class:`FormatError` saying where it is broken."""
    check_size(text, label=LABEL, fmt=NAME, max_size=max_size)
    try:
        value = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"not valid ninjs JSON: line {exc.lineno}, column {exc.colno}: {exc.msg.removesuffix(' at')}", format=NAME
        ) from None
    except RecursionError:
        raise FormatError("not readable ninjs JSON: it is nested too deep", format=NAME) from None
    return value


def items_of(value: Any, depth: int = 0) -> list[Any]:
    """The items of a ninjs document: a list, a wrapping object's list, or the one object.

    Delivery envelopes are opened, a few levels deep at most: ``{"item":
    [...]}`` (BBC), ``{"data": {"item": {...}}}`` and ``{"data": {"items":
    [{"meta": {...}, "item": {...}}]}}`` (AP's Media API)."""
    if isinstance(value, list):
        return [_unwrapped(entry) for entry in value]
    if not isinstance(value, dict) or _looks_like_item(value) or depth > 3:
        return [value]
    for key in _LIST_KEYS:
        if isinstance(value.get(key), list):
            return [_unwrapped(entry) for entry in value[key]]
    for key in _ENVELOPE_KEYS:
        if isinstance(value.get(key), (list, dict)):
            return items_of(value[key], depth + 1)
    return [value]


def _unwrapped(entry: Any) -> Any:
    """A list entry that wraps its item (``{"meta": …, "item": {…}}``) → the item."""
    if isinstance(entry, dict) and not _looks_like_item(entry) and isinstance(entry.get("item"), dict):
        return entry["item"]
    return entry


def _looks_like_item(value: dict) -> bool:
    return any(key.lower() in _ITEM_KEYS for key in value)


_ITEM_KEYS = frozenset({"uri", "guid", "headline", "headlines", "body_text", "body_html", "bodies"})


def lowered(value: Any, depth: int = 0) -> Any:
    """``value`` with every object key in lower case, all the way down
    (bounded: JSON nested past the parser's own limit never gets here):
    ninjs 3's ``versionCreated`` is ninjs 1's ``versioncreated``.  A key
    given in both spellings keeps the first."""
    if depth > 50:
        return value
    if isinstance(value, dict):
        found: dict[str, Any] = {}
        for key, item in value.items():
            found.setdefault(key.lower() if isinstance(key, str) else key, lowered(item, depth + 1))
        return found
    if isinstance(value, list):
        return [lowered(item, depth + 1) for item in value]
    return value


def lone_surrogate_escape(text: str) -> int:
    """Where the first ``\\uXXXX`` escape of half a surrogate pair without
    its other half stands in ``text``, or -1.

    JSON writes a character beyond the Basic Multilingual Plane as two
    escapes (``\\ud83d\\ude00``); a sender that cuts a string between them
    leaves half a pair, which decodes to no character at all, and which no
    database can store.
    """
    paired = -1  # where the low half of the last high half stands
    for match in _SURROGATE_ESCAPE_RE.finditer(text):
        start, end = match.span(1)
        if start == paired:
            continue
        if match.group(1)[2].lower() == "d" and match.group(1)[3].lower() in "89ab":
            low = _SURROGATE_ESCAPE_RE.match(text, end)
            if low is not None and low.start(1) == end and low.group(1)[3].lower() in "cdef":
                paired = end
                continue
        return start
    return -1


def _refuse_surrogates(text: str) -> None:
    """:class:`FormatError` naming the line and column of half a surrogate
    pair, escaped or not (:func:`lone_surrogate_escape`)."""
    index = lone_surrogate_escape(text) if "\\u" in text else -1
    if index >= 0:
        half = text[index : index + 6]
    else:
        index = first_surrogate(text)
        if index < 0:
            return
        half = f"U+{ord(text[index]):04X}"
    line, column = line_and_column(text, index)
    raise FormatError(
        f"not usable ninjs JSON: line {line}, column {column}: {half} is half of a UTF-16 surrogate pair "
        "without its other half, not a character; ask the sender for a correct file",
        format=NAME,
    )


def parse(text: str, index: AgencyIndex, *, max_size: int = MAX_DOCUMENT_SIZE) -> WireStory:
    """The (first) ninjs item of a document as a story.

    A document holding half a surrogate pair anywhere is refused, with the
    line and column (:func:`lone_surrogate_escape`): its text could be
    neither stored nor shown."""
    _refuse_surrogates(text)
    items = items_of(load(text, max_size=max_size))
    if not items:
        raise FormatError("not a usable ninjs document: its list of items is empty", format=NAME)
    if not isinstance(items[0], dict):
        raise FormatError("not a ninjs item: expected a JSON object with the item's properties", format=NAME)
    item = lowered(items[0])
    kind = not_text_kind(item)
    if kind:
        raise NotText(f"not text: a ninjs {kind} item", format=NAME, kind=kind)
    draft = read(item)
    if len(items) > 1:
        draft.warnings.append(
            f"This ninjs file holds {len(items)} stories; only the first was read here "
            "(the importer reads each on its own)."
        )
    return finish(draft, index)


def not_text_kind(item: dict) -> str:
    """What a (lower-cased) item is when it is no text story ("picture",
    "video", ...), from its ``type``; ``""`` for text, composite and untyped items."""
    return _NOT_TEXT.get(_text(item.get("type")).lower(), "")


def read(item: dict) -> Draft:
    """A (lower-cased, :func:`lowered`) item's draft."""
    draft = Draft(format=NAME, label=LABEL)
    draft.guid = _text(item.get("uri")) or _text(item.get("guid"))
    draft.version = integer(item.get("version"))
    draft.urgency = integer(item.get("urgency"))
    draft.pubstatus = pubstatus(_text(item.get("pubstatus")) or "usable")
    embargo(item.get("embargoed") or item.get("embargoeduntil"), draft, "embargo time")
    draft.published = moment(item.get("firstcreated") or item.get("versioncreated"), draft.warnings,
                             "creation date")
    draft.language = _text(item.get("language"))
    draft.signals.extend(signals_from_note(_text(item.get("ednote"))))
    draft.notes.append(_text(item.get("ednote")))
    draft.signals.extend(_text(s).rsplit(":", 1)[-1].lower() for s in _list(item.get("signals")))
    draft.headline = _text(item.get("headline")) or _by_role(item.get("headlines"), ("main",))
    draft.standfirst = (
        _text(item.get("description_text")) or html_text(_text(item.get("description_html")))
        or _by_role(item.get("descriptions"), _SUMMARY_ROLES, any_role=False)
    )
    draft.byline = _text(item.get("byline")) or _text(item.get("by")) or _bylines(item.get("bylines"))
    draft.dateline = _located(item.get("located"))
    for key in ("subject", "subjects"):
        draft.subjects.extend(_text(s.get("name")) for s in _list(item.get(key)) if isinstance(s, dict))
    draft.keywords.extend(_text(k) for k in _list(item.get("keywords")))
    draft.keywords.append(_text(item.get("slugline")))
    draft.credits.append(_text(item.get("copyrightholder")))
    for key in ("infosource", "infosources"):
        draft.credits.extend(_text(s.get("name")) for s in _list(item.get(key)) if isinstance(s, dict))
    draft.blocks = _body(item)
    draft.captions.extend(_captions(item.get("associations")))
    return draft


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [value] if value not in (None, "", {}) else []


def _bylines(entries: Any) -> str:
    """A ``bylines`` list (``[{"byline": "Jane Doe"}, …]``, or plain strings) as one byline."""
    names = []
    for entry in _list(entries):
        name = _text(entry.get("byline")) or _text(entry.get("name")) if isinstance(entry, dict) else _text(entry)
        if name:
            names.append(name)
    return ", ".join(dict.fromkeys(names))


def _located(value: Any) -> str:
    if isinstance(value, dict):  # some providers send {"name": …}
        return _text(value.get("name"))
    return _text(value)


def _by_role(entries: Any, roles: tuple[str, ...], *, any_role: bool = True) -> str:
    """The value of the entry whose role is one of ``roles``, else the first entry's (2.x lists)."""
    found = [e for e in _list(entries) if isinstance(e, dict) and isinstance(e.get("value"), str)]
    for entry in found:
        if any(role in _text(entry.get("role")).lower() for role in roles):
            return _value_text(entry)
    if found and (any_role or not _text(found[0].get("role"))):
        return _value_text(found[0])
    return ""


def _value_text(entry: dict) -> str:
    value = entry["value"]
    return html_text(value) if "html" in _text(entry.get("contenttype")).lower() else _text(value)


def _body(item: dict) -> list[Block]:
    for key in ("body_html", "body_xhtml"):
        if isinstance(item.get(key), str) and item[key].strip():
            return blocks_from_html(item[key])
    if isinstance(item.get("body_text"), str):
        return blocks_from_text(item["body_text"])
    bodies = [b for b in _list(item.get("bodies")) if isinstance(b, dict) and isinstance(b.get("value"), str)]
    bodies.sort(key=lambda b: "html" not in _text(b.get("contenttype")).lower())
    for body in bodies:
        if "html" in _text(body.get("contenttype")).lower():
            return blocks_from_html(body["value"])
        return blocks_from_text(body["value"])
    return []


def _captions(associations: Any) -> list[tuple[str, str]]:
    if isinstance(associations, dict):
        entries = list(associations.values())
    else:
        entries = _list(associations)
    captions = []
    for entry in entries:
        if not isinstance(entry, dict) or _text(entry.get("type")).lower() not in _PICTURES:
            continue
        text = (
            _text(entry.get("description_text")) or html_text(_text(entry.get("description_html")))
            or _by_role(entry.get("descriptions"), ("caption", *_SUMMARY_ROLES))
            or _text(entry.get("headline")) or _by_role(entry.get("headlines"), ("main",))
        )
        credit = _text(entry.get("copyrightholder")) or _text(entry.get("byline")) or _text(entry.get("by"))
        captions.append((text, credit))
    return captions


def split(text: str) -> list[tuple[str, str]]:
    """Each item of a ninjs list as a JSON document of its own; anything else whole."""
    try:
        items = items_of(load(text, max_size=len(text.encode("utf-8", "surrogatepass"))))
    except FormatError:
        return [("", text)]
    if len(items) < 2:
        return [("", text)]
    return [(f"#{n}", _document(item)) for n, item in enumerate(items, 1)]


def _document(item: Any) -> str:
    """One item as JSON text.  An item holding half a surrogate pair keeps
    it escaped (``\\udc00``), as it came: then :func:`parse` refuses that
    item alone, naming where, and the text stays storable."""
    document = json.dumps(item, ensure_ascii=False, indent=1)
    if first_surrogate(document) >= 0:
        document = json.dumps(item, ensure_ascii=True, indent=1)
    return document
