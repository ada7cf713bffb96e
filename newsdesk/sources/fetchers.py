"""Fetchers: list what a source offers, then download only what is new.

One fetcher per :class:`~newsdesk.models.IngestSource` kind, all with the
same two steps, so the poller (:mod:`newsdesk.sources.polling`) can ask the
database which items it already has *between* them and never download
those again:

1. :meth:`Fetcher.scan` returns a :class:`Listing` of :class:`RemoteItem`
   objects, each with a version key computed before any download (a
   file's name, size and modification time; a feed entry's id and update
   time; a document's URL and ETag, Last-Modified or digest);
2. :meth:`Fetcher.download` fetches one item's bytes, never more than
   ``max_download_size`` of them: the transfer is streamed and stopped at
   the limit, with an error naming the size.

HTTP kinds send conditional requests (``If-None-Match`` /
``If-Modified-Since`` from the validators of the previous poll); a
``304 Not Modified`` is a success with nothing new.  Each HTTP exchange,
body included, must end within the source's timeout
(:mod:`newsdesk.weather.deadline`); FTP and HTTP connect and read with the
same timeout per operation.

No Django imports here: the poller passes the source's settings in as a
:class:`SourceSettings`, so these can be tested and reused on their own.
"""

from __future__ import annotations

import fnmatch
import ftplib
import hashlib
import json
import os
import socket
import stat
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from types import TracebackType
from typing import ClassVar
from urllib.parse import unquote, urlsplit

import httpx
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from newsdesk.sources.feed_entries import FeedEntry, FeedError, feed_entries
from newsdesk.weather.deadline import Deadline, deadline_transport

#: The kinds, as ``IngestSource.Kind`` spells them.
DIRECTORY = "directory"
FTP = "ftp"
FEED = "feed"
DOCUMENTS = "documents"

#: A file in a drop directory modified less than this many seconds ago may
#: still be being written: it is left for the next poll.
SETTLE_SECONDS = 5.0

#: Name endings (lower case) of files still being written by common upload
#: and copy tools; such files are never taken, whatever their age.
PARTIAL_SUFFIXES = (".tmp", ".part", ".partial", ".filepart", ".crdownload", ".download", ".temp", "~")

#: What an HTTP poll asks for.
USER_AGENT = "newsdesk poll_sources"

_CHUNK = 64 * 1024


class FetchError(Exception):
    """A source could not be listed, or one item not downloaded.  The
    message is short and names the cause; it is stored on the source."""


class FetchTimeout(FetchError):
    """The server did not answer within the source's timeout."""


class DownloadTooLarge(FetchError):
    """An item is larger than ``POLL_MAX_DOWNLOAD_SIZE``."""

    def __init__(self, name: str, limit: int) -> None:
        super().__init__(f"{name}: larger than the {limit:,} bytes allowed for one download")
        self.limit = limit


@dataclass(frozen=True)
class SourceSettings:
    """What a fetcher needs to know about its source (plain data)."""

    kind: str
    location: str
    username: str = ""
    #: Used to log in, and never shown: kept out of ``repr``.
    password: str = field(default="", repr=False)
    file_pattern: str = "*"
    timeout: float = 30.0
    max_download_size: int = 50 * 1024 * 1024
    #: HTTP validators from the previous poll, sent back as conditions.
    etag: str = ""
    last_modified: str = ""


@dataclass
class RemoteItem:
    """One thing a source offers: a file, a feed entry, a document.

    ``version`` is known without downloading the item, so :attr:`key`
    (what :class:`~newsdesk.models.FetchedItem` remembers) tells the poller
    whether it is new.  ``content`` is set when listing already brought
    the bytes (an endpoint's document); a feed entry's document is written
    by :meth:`FeedFetcher.download`.
    """

    name: str
    version: str
    size: int | None = None
    content: bytes | None = None

    @property
    def key(self) -> str:
        return version_key(self.name, self.version)


@dataclass
class Listing:
    """What one poll of a source found, with the HTTP validators to send
    next time (empty for directories and FTP)."""

    items: list[RemoteItem] = field(default_factory=list)
    etag: str = ""
    last_modified: str = ""
    #: The server answered 304: nothing changed since the previous poll.
    not_modified: bool = False


def version_key(name: str, version: str) -> str:
    """The 64-character digest stored in ``FetchedItem.key``."""
    return hashlib.sha256(f"{name}\n{version}".encode("utf-8", "surrogatepass")).hexdigest()


class Fetcher(ABC):
    """Lists and downloads the items of one source.  Used as a context
    manager: a connection opened while listing (FTP) stays open for the
    downloads and is closed on exit."""

    kind: ClassVar[str] = ""

    def __init__(self, settings: SourceSettings) -> None:
        self.settings = settings

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:  # noqa: B027 (a hook: most kinds hold nothing open)
        """Release any connection (nothing to do by default)."""

    @abstractmethod
    def scan(self) -> Listing:
        """What the source offers now; downloads nothing that is not needed
        to know it."""

    def download(self, item: RemoteItem) -> bytes:
        """The bytes of ``item`` (at most ``max_download_size``)."""
        if item.content is not None:
            return item.content
        raise FetchError(f"{item.name}: nothing to download")  # pragma: no cover (kinds override)

    def matches(self, name: str) -> bool:
        """Does ``name`` match the source's file pattern (``*`` if empty)?"""
        return fnmatch.fnmatchcase(name, self.settings.file_pattern or "*")

    def check_size(self, name: str, size: int | None) -> None:
        if size is not None and size > self.settings.max_download_size:
            raise DownloadTooLarge(name, self.settings.max_download_size)


def looks_partial(name: str) -> bool:
    """Is ``name`` the name of a file still being uploaded?  Hidden names
    (``.name``: rsync and many uploaders write there, then rename) and
    partial-upload suffixes (:data:`PARTIAL_SUFFIXES`)."""
    return name.startswith(".") or name.lower().endswith(PARTIAL_SUFFIXES)


def still_being_written(name: str, modified: float, now: float, settle: float = SETTLE_SECONDS) -> bool:
    """Is a file named ``name``, last modified at ``modified`` (epoch
    seconds), probably still being written?  A partial-looking name, or a
    modification in the last ``settle`` seconds."""
    return looks_partial(name) or now - modified < settle


# --- drop directory ------------------------------------------------------


class DirectoryFetcher(Fetcher):
    """Regular files directly in a directory of this server (not in its
    subdirectories) whose names match the pattern.  A symbolic link is
    followed only when it points at a file inside the same directory tree,
    so a link cannot make the poller read ``/etc``."""

    kind = DIRECTORY

    def __init__(self, settings: SourceSettings, *, settle_seconds: float = SETTLE_SECONDS) -> None:
        super().__init__(settings)
        self.settle_seconds = settle_seconds
        self.root = os.path.realpath(settings.location)
        self._paths: dict[str, str] = {}

    def scan(self) -> Listing:
        try:
            entries = sorted(os.scandir(self.root), key=lambda entry: entry.name)
        except OSError as error:
            raise FetchError(f"cannot read the directory {self.settings.location}: {error.strerror}") from error
        now = time.time()
        items = []
        for entry in entries:
            if not self.matches(entry.name):
                continue
            path = self._inside(entry)
            if path is None:
                continue
            try:
                info = os.stat(path)
            except OSError:
                continue  # removed since the listing
            if not stat.S_ISREG(info.st_mode) or still_being_written(
                entry.name, info.st_mtime, now, self.settle_seconds
            ):
                continue
            self._paths[entry.name] = path
            items.append(RemoteItem(entry.name, f"{info.st_size} {info.st_mtime_ns}", size=info.st_size))
        return Listing(items)

    def _inside(self, entry: os.DirEntry) -> str | None:
        """The real path of ``entry`` if it stays inside the directory."""
        if not entry.is_symlink():
            return entry.path
        target = os.path.realpath(entry.path)
        return target if os.path.commonpath([self.root, target]) == self.root else None

    def download(self, item: RemoteItem) -> bytes:
        self.check_size(item.name, item.size)
        limit = self.settings.max_download_size
        try:
            with open(self._paths[item.name], "rb") as handle:
                data = handle.read(limit + 1)
        except OSError as error:
            raise FetchError(f"{item.name}: {error.strerror}") from error
        if len(data) > limit:
            raise DownloadTooLarge(item.name, limit)
        return data


# --- FTP -------------------------------------------------------------------


class FTPFetcher(Fetcher):
    """Files of one directory of an FTP server (``ftp://host[:port]/dir``),
    in passive mode, logged in with the source's user name and password
    (anonymous when the user name is empty).  Sizes and times come from
    ``MLSD`` or, on servers without it, ``NLST`` with ``SIZE`` and
    ``MDTM`` per file."""

    kind = FTP

    def __init__(self, settings: SourceSettings) -> None:
        super().__init__(settings)
        parts = urlsplit(settings.location)
        if parts.scheme != "ftp" or not parts.hostname:
            raise FetchError(f"not an ftp:// address: {settings.location}")
        self.host = parts.hostname
        try:
            self.port = parts.port or 21
        except ValueError as error:
            raise FetchError(f"bad port in {settings.location}") from error
        self.directory = unquote(parts.path) or "/"
        self._ftp: ftplib.FTP | None = None

    def connect(self) -> ftplib.FTP:
        if self._ftp is not None:
            return self._ftp
        ftp = ftplib.FTP(timeout=self.settings.timeout)
        try:
            ftp.connect(self.host, self.port)
            ftp.login(self.settings.username or "anonymous", self.settings.password if self.settings.username else "")
            ftp.set_pasv(True)
            ftp.cwd(self.directory)
        except BaseException as error:
            ftp.close()
            raise _ftp_failure(error, f"{self.host}:{self.port}") from error
        self._ftp = ftp
        return ftp

    def close(self) -> None:
        if self._ftp is not None:
            try:
                self._ftp.quit()
            except (OSError, EOFError, ftplib.Error):
                self._ftp.close()
            self._ftp = None

    def scan(self) -> Listing:
        ftp = self.connect()
        try:
            files = self._mlsd(ftp)
        except ftplib.error_perm:
            files = None  # the server has no MLSD
        except (OSError, EOFError, ftplib.Error) as error:
            raise _ftp_failure(error, "listing") from error
        if files is None:
            files = self._nlst(ftp)
        items = [
            RemoteItem(name, f"{size} {modified}", size=size)
            for name, size, modified in sorted(files)
            if self.matches(name) and not looks_partial(name)
        ]
        return Listing(items)

    @staticmethod
    def _mlsd(ftp: ftplib.FTP) -> list[tuple[str, int | None, str]]:
        files = []
        for name, facts in ftp.mlsd(facts=["type", "size", "modify"]):
            if facts.get("type", "file").lower() != "file":
                continue
            size = facts.get("size")
            files.append((name, int(size) if size and size.isdigit() else None, facts.get("modify", "")))
        return files

    def _nlst(self, ftp: ftplib.FTP) -> list[tuple[str, int | None, str]]:
        try:
            names = ftp.nlst()
        except ftplib.error_perm:
            return []  # "550 No files found" on some servers
        except (OSError, EOFError, ftplib.Error) as error:
            raise _ftp_failure(error, "listing") from error
        files = []
        for path in names:
            name = path.rsplit("/", 1)[-1]
            if not self.matches(name):
                continue
            try:
                size = ftp.size(name)
            except ftplib.error_perm:
                continue  # a directory, or gone
            try:
                modified = ftp.voidcmd(f"MDTM {name}").split()[-1]
            except ftplib.error_perm:
                modified = ""
            files.append((name, size, modified))
        return files

    def download(self, item: RemoteItem) -> bytes:
        self.check_size(item.name, item.size)
        ftp = self.connect()
        limit = self.settings.max_download_size
        body = bytearray()
        try:
            ftp.voidcmd("TYPE I")
            with ftp.transfercmd(f"RETR {item.name}") as conn:
                while len(body) <= limit:
                    chunk = conn.recv(_CHUNK)
                    if not chunk:
                        break
                    body += chunk
            if len(body) > limit:
                self.close()  # the server is still sending: drop the session, a new one is opened if needed
                raise DownloadTooLarge(item.name, limit)
            ftp.voidresp()
        except (OSError, EOFError, ftplib.Error) as error:
            self.close()
            raise _ftp_failure(error, item.name) from error
        return bytes(body)


def _ftp_failure(error: BaseException, what: str) -> BaseException:
    """A :class:`FetchError` for an ftplib or socket error (anything else,
    a bug or ^C, is passed on as it is)."""
    if isinstance(error, FetchError):
        return error
    if isinstance(error, (socket.timeout, TimeoutError)):
        return FetchTimeout(f"FTP {what}: no answer in time")
    if isinstance(error, ftplib.error_perm) and str(error).startswith("530"):
        return FetchError(f"FTP {what}: login refused ({error})")
    if isinstance(error, ConnectionRefusedError):
        return FetchError(f"FTP {what}: connection refused")
    if isinstance(error, (OSError, EOFError, ftplib.Error)):
        return FetchError(f"FTP {what}: {error or type(error).__name__}")
    return error


# --- HTTP: feeds and document endpoints ----------------------------------


@dataclass
class _Answer:
    body: bytes
    etag: str
    last_modified: str
    not_modified: bool
    content_type: str


class _HTTPFetcher(Fetcher):
    """GET one URL with conditions from the previous poll."""

    accept = "*/*"

    def __init__(self, settings: SourceSettings) -> None:
        super().__init__(settings)
        parts = urlsplit(settings.location)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not an http(s):// address: {settings.location}")

    def fetch(self) -> _Answer:
        url = self.settings.location
        headers = {"User-Agent": USER_AGENT, "Accept": self.accept}
        if self.settings.etag:
            headers["If-None-Match"] = self.settings.etag
        if self.settings.last_modified:
            headers["If-Modified-Since"] = self.settings.last_modified
        timeout = float(self.settings.timeout)
        deadline = Deadline(timeout)
        limit = self.settings.max_download_size
        auth = (self.settings.username, self.settings.password) if self.settings.username else None
        try:
            with httpx.Client(
                timeout=httpx.Timeout(timeout), headers=headers, auth=auth, follow_redirects=True,
                transport=deadline_transport(deadline, url),
            ) as client, client.stream("GET", url) as response:
                if response.status_code == 304:
                    return _Answer(b"", self.settings.etag, self.settings.last_modified, True, "")
                if not 200 <= response.status_code < 300:
                    raise FetchError(f"HTTP {response.status_code} {response.reason_phrase} from {url}")
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise DownloadTooLarge(url, limit)
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > limit:
                        raise DownloadTooLarge(url, limit)
                    if deadline.passed:
                        raise FetchTimeout(f"{url}: not answered within {timeout:g} s")
                return _Answer(
                    bytes(body),
                    response.headers.get("ETag", ""),
                    response.headers.get("Last-Modified", ""),
                    False,
                    response.headers.get("Content-Type", ""),
                )
        except httpx.TimeoutException as error:
            raise FetchTimeout(f"{url}: not answered within {timeout:g} s") from error
        except httpx.HTTPError as error:
            raise FetchError(f"{url}: {error}") from error


class FeedFetcher(_HTTPFetcher):
    """An RSS or Atom feed: each entry becomes one ninjs document
    (:mod:`newsdesk.sources.feed_entries`), keyed by the entry's id and
    update time, so an entry edited later is fetched again."""

    kind = FEED
    accept = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"

    def __init__(self, settings: SourceSettings) -> None:
        super().__init__(settings)
        self._entries: dict[str, FeedEntry] = {}

    def scan(self) -> Listing:
        answer = self.fetch()
        if answer.not_modified:
            return Listing([], answer.etag, answer.last_modified, not_modified=True)
        try:
            entries = feed_entries(answer.body)
        except FeedError as error:
            raise FetchError(f"{self.settings.location}: {error}") from error
        items = [RemoteItem(entry.name, entry.version) for entry in entries]
        self._entries = {item.key: entry for item, entry in zip(items, entries, strict=True)}
        return Listing(items, answer.etag, answer.last_modified)

    def download(self, item: RemoteItem) -> bytes:
        """The entry's ninjs document, written now (only the entries a poll
        takes are written at all)."""
        return self._entries[item.key].document.encode("utf-8")


class DocumentsFetcher(_HTTPFetcher):
    """An endpoint serving one ninjs item or array, or one NewsML-G2
    ``newsItem`` or ``newsMessage``, handed whole to the importer (which
    splits it into stories).  Keyed by URL and ETag, else Last-Modified,
    else a digest of the body."""

    kind = DOCUMENTS
    accept = "application/json, application/vnd.iptc.g2.newsmessage+xml, application/xml;q=0.9, */*;q=0.1"

    def scan(self) -> Listing:
        answer = self.fetch()
        if answer.not_modified:
            return Listing([], answer.etag, answer.last_modified, not_modified=True)
        problem = not_a_document(answer.body)
        if problem:
            raise FetchError(
                f"{self.settings.location}: {problem} ({answer.content_type or 'no Content-Type'}, "
                f"{len(answer.body):,} bytes)"
            )
        version = answer.etag or answer.last_modified or "sha256:" + hashlib.sha256(answer.body).hexdigest()
        item = RemoteItem(self.settings.location, version, size=len(answer.body), content=answer.body)
        return Listing([item], answer.etag, answer.last_modified)


def not_a_document(body: bytes) -> str:
    """Why ``body`` cannot be a ninjs or NewsML-G2 document ("" if it can):
    it must be a JSON object or array, or well-formed XML.  What is inside
    is the importer's business; this only keeps an HTML error page or a
    truncated answer from being imported as a story."""
    text = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"["):
        try:
            value = json.loads(text)
        except (ValueError, RecursionError) as error:
            return f"malformed JSON ({error})"
        return "" if isinstance(value, (dict, list)) else "JSON that is neither an object nor an array"
    if text[:1] == b"<":
        try:
            root = ElementTree.fromstring(text)
        except (ElementTree.ParseError, DefusedXmlException) as error:
            return f"malformed XML ({error})"
        if root.tag.rsplit("}", 1)[-1].lower() == "html":
            return "an HTML page, not a document"
        return ""
    return "neither JSON nor XML"


#: The fetcher class of each kind.
FETCHERS: dict[str, type[Fetcher]] = {
    cls.kind: cls for cls in (DirectoryFetcher, FTPFetcher, FeedFetcher, DocumentsFetcher)
}


def fetcher_for(settings: SourceSettings) -> Fetcher:
    """The fetcher for ``settings.kind`` (:class:`FetchError` if unknown)."""
    try:
        cls = FETCHERS[settings.kind]
    except KeyError:
        raise FetchError(f"unknown kind of source: {settings.kind!r}") from None
    return cls(settings)

