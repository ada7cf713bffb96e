"""Documents that are no story, told by content and refused by name.

Whatever no reader claims goes to the plain-text parser, which would make a
"story" of anything: a WordPress export with its XML declaration for a
headline, an e-mail with its ``Received:`` lines for a body.  These tests,
each on the document's opening only, claim such documents first, and their
readers refuse them with a :class:`~.errors.FormatError` that says what the
document is and what to do instead:

- ``feed``: an RSS or Atom feed (root ``<rss>``, ``<feed>``, ``<rdf:RDF>``),
  a WordPress export (WXR: RSS with WordPress's export namespace) named as
  such;
- ``email``: an e-mail message (RFC 822 headers: at least three header lines
  before the first blank line, one of them a transport header such as
  ``Received``, ``Message-ID`` or ``MIME-Version``);
- ``xml``: any other XML document that declares itself one (``<?xml …?>``)
  or is a fragment of a NewsML-G2 item (root ``<contentSet>`` or
  ``<inlineXML>``), except an (X)HTML page: a format newsdesk does not
  read (Ritzau's ``RBNews`` named as such).
"""

from __future__ import annotations

import re

from .errors import FormatError

FEED = "feed"
EMAIL = "email"
XML = "xml"

_WXR_RE = re.compile(r"xmlns:wp\s*=\s*[\"']https?://wordpress\.org/export/", re.IGNORECASE)
_FEED_ROOTS = {"rss": "an RSS feed", "feed": "an Atom feed", "RDF": "an RSS 1.0 (RDF) feed"}
_FRAGMENT_ROOTS = frozenset({"contentSet", "inlineXML"})
_PAGE_ROOTS = frozenset({"html", "HTML", "xhtml"})
_READ = "newsdesk reads NITF, NewsML-G2, NewsML 1, ninjs and IPTC 7901"
#: XML met on the wire, named when refused.
_KNOWN_XML = {
    "RBNews": f"a Ritzau news document (RBNews XML), not a format newsdesk reads ({_READ}): "
    "ask the sender for one of those",
    "contentSet": "a fragment of a NewsML-G2 item (its <contentSet>), not a whole document: import the whole item",
    "inlineXML": "a fragment of a NewsML-G2 item (its <inlineXML>), not a whole document: import the whole item",
}
_HEADER_RE = re.compile(r"([A-Za-z][A-Za-z0-9-]*):(?:[ \t]|$)")
_MBOX_RE = re.compile(r"From \S+")
#: Headers only a message that went through mail has; a pasted story
#: that opens with "Subject:" or "Date:" lines has none of them.
_TRANSPORT_HEADERS = frozenset(
    {
        "received",
        "return-path",
        "delivered-to",
        "message-id",
        "mime-version",
        "dkim-signature",
        "x-received",
        "authentication-results",
        "x-mailer",
        "in-reply-to",
    }
)


def feed_kind(root: str | None, head: str) -> str:
    """What feed a document is, in words ("an Atom feed"), or ``""``."""
    if root == "rss" and _WXR_RE.search(head):
        return "a WordPress export (WXR)"
    return _FEED_ROOTS.get(root or "", "")


def refuse_feed(root: str | None, head: str) -> None:
    kind = feed_kind(root, head)
    if kind.startswith("a WordPress"):
        raise FormatError(
            f"{kind}, not a story: a whole site's posts; export the posts as files or read the site's "
            "feed through an ingest source",
            format=FEED,
        )
    raise FormatError(
        f"{kind}, not a story: add its address as a feed ingest source, which reads each entry as a story",
        format=FEED,
    )


def is_email(head: str) -> bool:
    """Whether a text opens with an e-mail message's headers (see the module)."""
    lines = head.lstrip("\ufeff \t\r\n").split("\n")
    if len(head) >= 4096:
        lines = lines[:-1]  # the last line may be cut off by the sniffing window
    names: list[str] = []
    for number, line in enumerate(lines):
        line = line.rstrip("\r")
        if not line:
            break
        if line[0] in " \t":
            if not names:
                return False
            continue
        if number == 0 and _MBOX_RE.match(line):
            continue
        match = _HEADER_RE.match(line)
        if match is None:
            return False
        names.append(match[1].lower())
    return len(names) >= 3 and any(name in _TRANSPORT_HEADERS for name in names)


def refuse_email() -> None:
    raise FormatError(
        "an e-mail message, not a story: import the story it carries (its text, or its attachment) instead",
        format=EMAIL,
    )


def is_other_xml(root: str | None, head: str) -> bool:
    """An XML document in no format newsdesk reads (see the module); never an (X)HTML page."""
    if root is None or root in _PAGE_ROOTS:
        return False
    return root in _FRAGMENT_ROOTS or head.startswith("<?xml")


def refuse_xml(root: str | None) -> None:
    name = root or "?"
    message = _KNOWN_XML.get(
        name, f"an XML document whose root element is <{name}>, not a format newsdesk reads ({_READ})"
    )
    raise FormatError(message, format=XML)
