"""RSS and Atom entries as ninjs 2.x documents the importer reads.

A feed is not a story format; its entries are.  Each entry is written out
as one ninjs JSON object (``uri``, ``headlines``, ``bodies``, ``by``,
``subjects``, ...), so the importer's ninjs parser handles it like an
agency's own ninjs item, with the entry's id as the story's guid.  The
entry's update time, in whole seconds since 1970, is its ``version``: an
entry edited later has a higher version and is imported as an update.

feedparser reads the feed from bytes in memory (never a URL or a file
name: given a short string, feedparser would open it as a path) and
sanitises entry HTML itself.  No Django imports here.
"""

from __future__ import annotations

import calendar
import functools
import io
import json
import time
from dataclasses import dataclass, field
from typing import Any

import feedparser

#: The ninjs version the documents claim.
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"


class FeedError(Exception):
    """The bytes are not an RSS or Atom feed."""


@dataclass(frozen=True)
class FeedEntry:
    """One entry: a name for people (its link or id), the version key part
    (id and update time) and, written when first asked for, the ninjs text:
    a poll that takes a few entries of a long feed writes only theirs."""

    name: str
    version: str
    entry: Any = field(repr=False)
    uri: str = ""
    language: str = ""
    updated: int | None = None

    @functools.cached_property
    def document(self) -> str:
        return ninjs_document(self.entry, uri=self.uri, language=self.language, version=self.updated)


def feed_entries(body: bytes) -> list[FeedEntry]:
    """The entries of an RSS or Atom feed, in the reverse of the feed's
    order: feeds list the newest first, and importing the oldest first
    lets a later entry update an earlier one in the same poll.

    Raises :class:`FeedError` for anything that is not a feed (an HTML
    error page, JSON, truncated XML that yields no feed at all).
    """
    parsed = feedparser.parse(io.BytesIO(body))
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({type(reason).__name__}: {reason})" if reason else ""
        raise FeedError(f"not an RSS or Atom feed{detail}")
    language = parsed.feed.get("language", "") or ""
    entries = []
    for entry in reversed(parsed.entries):
        uri = entry.get("id") or entry.get("link") or ""
        if not uri:
            continue  # nothing to recognise it by next time
        updated = _epoch(dict.get(entry, "updated_parsed")) or _epoch(dict.get(entry, "published_parsed"))
        entries.append(FeedEntry(name=(entry.get("link") or uri)[:500], version=f"{uri}\n{updated or ''}",
                                 entry=entry, uri=uri, language=language, updated=updated))
    return entries


def ninjs_document(entry: Any, *, uri: str, language: str, version: int | None) -> str:
    """One feedparser entry as ninjs 2.x JSON text."""
    body = _body_html(entry)
    document: dict[str, Any] = {
        "$schema": NINJS_SCHEMA,
        "uri": uri,
        "type": "text",
        "pubstatus": "usable",
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": entry.get("title", "")}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": body}],
    }
    if version is not None:
        document["version"] = str(version)
        document["versioncreated"] = _iso(version)
    published = _epoch(dict.get(entry, "published_parsed"))
    if published is not None:
        document["firstcreated"] = _iso(published)
    if entry.get("author"):
        document["by"] = entry["author"]
    entry_language = _entry_language(entry) or language
    if entry_language:
        document["language"] = entry_language
    subjects = [{"name": tag.get("term")} for tag in entry.get("tags", []) if tag.get("term")]
    if subjects:
        document["subjects"] = subjects
    summary = entry.get("summary", "")
    if summary and entry.get("content") and summary != body:
        document["descriptions"] = [{"role": "summary", "contenttype": "text/html", "value": summary}]
    if entry.get("link"):
        document["links"] = [{"rel": "canonical", "href": entry["link"]}]
    return json.dumps(document, ensure_ascii=False, indent=1)


def _body_html(entry: Any) -> str:
    """The entry's full content if it has one, else its summary."""
    for content in entry.get("content", []):
        if content.get("value"):
            return content["value"]
    return entry.get("summary", "") or ""


def _entry_language(entry: Any) -> str:
    for detail in (entry.get("title_detail"), *(entry.get("content") or [])):
        if detail and detail.get("language"):
            return detail["language"]
    return ""


def _epoch(parsed: time.struct_time | None) -> int | None:
    """feedparser's UTC struct_time as seconds since 1970."""
    return calendar.timegm(parsed) if parsed else None


def _iso(epoch: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
