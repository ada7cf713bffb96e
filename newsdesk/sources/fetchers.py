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
``304 Not Modified`` is a success with nothing new.

Bounds, the same for HTTP and FTP, so a hostile server can neither hold a
poll nor fill the poller's memory:

* each exchange with the server (an HTTP request, body included; an FTP
  login and listing; one FTP download) ends within the source's timeout,
  whatever the server trickles (:mod:`newsdesk.weather.deadline`), and the
  whole poll within ``time_limit`` (:meth:`Fetcher.exchange_deadline`);
* what a listing or a download brings is bounded by ``max_download_size``
  (and an FTP listing by :data:`MAX_LISTING_ENTRIES` entries);
* a host is reached only at a checked public address unless
  ``allow_private_addresses`` (:mod:`newsdesk.sources.addresses`), and a
  directory is read only inside ``directory_roots``.

Error messages never carry the password, even when a server echoes it, nor
a path of this server the editor did not type.

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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

import httpx
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from newsdesk.sources import addresses
from newsdesk.sources.feed_entries import FeedEntry, FeedError, feed_entries
from newsdesk.weather.deadline import (
    Deadline,
    DeadlineBackend,
    deadline_transport,
    environment_proxy,
    use_network_backend,
)

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

#: The most entries one FTP listing may have: an endless listing is cut
#: here (or at ``max_download_size`` bytes, whichever comes first).
MAX_LISTING_ENTRIES = 100_000

_CHUNK = 64 * 1024


class FetchError(Exception):
    """A source could not be listed, or one item not downloaded.  The
    message is short and names the cause; it is stored on the source."""


class FetchTimeout(FetchError):
    """The server did not answer within the source's timeout."""


class PollTimeLimit(FetchTimeout):
    """The poll as a whole took longer than ``time_limit``: nothing more is
    downloaded, the rest waits for the next poll."""


class ListingTooLarge(FetchError):
    """An FTP listing longer than :data:`MAX_LISTING_ENTRIES` entries or
    ``max_download_size`` bytes."""


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
    #: Seconds the whole poll (listing and downloads) may take.
    time_limit: float = 600.0
    #: Reach loopback and private addresses too (a test, an intranet).
    allow_private_addresses: bool = False
    #: The directories (and their subdirectories) a drop directory may be in.
    directory_roots: tuple[str, ...] = ()


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
        #: When the poll must end (``time_limit`` from the fetcher's creation).
        self.poll_deadline = Deadline(settings.time_limit)

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

    def exchange_deadline(self, what: str) -> Deadline:
        """The deadline of one exchange with the server (``what``: a
        listing, a download): the source's timeout from now, cut short by
        the poll's time limit; :class:`PollTimeLimit` once that has passed."""
        left = self.poll_deadline.remaining()
        if left <= 0:
            raise self.time_limit_passed(what)
        return Deadline(min(float(self.settings.timeout), left))

    def time_limit_passed(self, what: str) -> PollTimeLimit:
        """The error once the poll's time limit passed, for ``what``."""
        return PollTimeLimit(
            f"{what}: stopped, the poll took longer than the {self.settings.time_limit:g} s allowed; "
            "the rest is left for the next poll"
        )


def unreachable(what: str, deadline: Deadline) -> FetchError:
    """The one error for a server that could not be reached: refused,
    unreachable, silent or trickling until the deadline, or answering
    something else than the protocol.  One message for all, so errors
    never tell an open port from a closed one."""
    return FetchError(f"{what}: could not connect, or no answer within {seconds(deadline.seconds)} s")


def seconds(value: float) -> str:
    """``2`` for 1.99996 s: deadlines cut short by the poll's time limit."""
    return f"{round(value, 1):g}"


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


def inside_roots(location: str, roots: Iterable[str]) -> bool:
    """Is the directory ``location`` in one of ``roots`` (or one of them),
    once symbolic links and ``..`` are resolved in both?  Relative roots
    count for nothing."""
    real = os.path.realpath(location)
    for root in roots:
        root = os.fspath(root)
        if not os.path.isabs(root):
            continue
        real_root = os.path.realpath(root)
        if os.path.commonpath([real_root, real]) == real_root:
            return True
    return False


class DirectoryFetcher(Fetcher):
    """Regular files directly in a directory of this server (not in its
    subdirectories) whose names match the pattern.

    The directory must lie in one of ``directory_roots`` (checked at each
    poll, links resolved: a source saved before the roots changed, or a
    link out of a root, reads nothing).  A symbolic link in it is followed
    only when it points at a file inside the same directory tree, so a link
    cannot make the poller read ``/etc``.  Messages name the directory as
    the editor typed it, never where links lead."""

    kind = DIRECTORY

    def __init__(self, settings: SourceSettings, *, settle_seconds: float = SETTLE_SECONDS) -> None:
        super().__init__(settings)
        self.settle_seconds = settle_seconds
        self.root = os.path.realpath(settings.location)
        self._paths: dict[str, str] = {}

    def scan(self) -> Listing:
        if not inside_roots(self.settings.location, self.settings.directory_roots):
            raise FetchError(
                f"the directory {self.settings.location} is not in a folder this site allows for drop "
                "directories (SOURCE_DIRECTORY_ROOTS)"
            )
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
            # A file swapped since the listing for a link is not followed out
            # of the directory (O_NOFOLLOW), nor is a named pipe waited on.
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
            descriptor = os.open(self._paths[item.name], flags)
            with open(descriptor, "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    raise FetchError(f"{item.name}: not a regular file")
                data = handle.read(limit + 1)
        except OSError as error:
            raise FetchError(f"{item.name}: {error.strerror}") from error
        if len(data) > limit:
            raise DownloadTooLarge(item.name, limit)
        return data


# --- FTP -------------------------------------------------------------------


class _DeadlineSocket(socket.socket):
    """A socket whose every read and write gets ``time_left()`` as its
    timeout.  A plain socket timeout starts again with each byte, so a
    server trickling one byte a second never trips it; this one ends the
    exchange by its deadline.  ftplib reads through ``makefile``
    (``recv_into``) and ``recv``, and writes with ``sendall``."""

    time_left: Callable[[], float]

    @classmethod
    def wrap(cls, sock: socket.socket, time_left: Callable[[], float]) -> _DeadlineSocket:
        wrapped = cls(sock.family, sock.type, sock.proto, fileno=sock.detach())
        wrapped.time_left = time_left
        return wrapped

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        self.settimeout(self.time_left())
        return super().recv(bufsize, flags)

    def recv_into(self, buffer: Any, nbytes: int = 0, flags: int = 0) -> int:
        self.settimeout(self.time_left())
        return super().recv_into(buffer, nbytes, flags)

    def send(self, data: Any, flags: int = 0) -> int:
        self.settimeout(self.time_left())
        return super().send(data, flags)

    def sendall(self, data: Any, flags: int = 0) -> None:
        self.settimeout(self.time_left())
        super().sendall(data, flags)


class _BoundedFTP(ftplib.FTP):
    """ftplib's client, connected to an address that was checked, with
    every socket operation (control and data connections) bounded by
    ``time_left``."""

    #: Data connections go to the control connection's address, never to
    #: an address a PASV reply names (ftplib's default, kept on purpose).
    trust_server_pasv_ipv4_address = False

    def __init__(self, time_left: Callable[[], float]) -> None:
        super().__init__()
        self._time_left = time_left

    def open(self, found: list[addresses.AddressInfo]) -> str:
        """``ftplib.FTP.connect``, to the first of ``found`` that answers:
        connect, then read the greeting."""
        sock = _DeadlineSocket.wrap(addresses.connect(found, self._time_left()), self._time_left)
        self.sock = sock
        self.af = sock.family
        self.host, self.port = sock.getpeername()[:2]
        self.file = sock.makefile("r", encoding=self.encoding)
        self.welcome = self.getresp()
        return self.welcome

    def ntransfercmd(self, cmd: str, rest: int | str | None = None) -> tuple[socket.socket, int | None]:
        self.timeout = self._time_left()  # ftplib connects the data connection with this
        conn, size = super().ntransfercmd(cmd, rest)
        return _DeadlineSocket.wrap(conn, self._time_left), size


class FTPFetcher(Fetcher):
    """Files of one directory of an FTP server (``ftp://host[:port]/dir``),
    in passive mode, logged in with the source's user name and password
    (anonymous when the user name is empty).  Sizes and times come from
    ``MLSD`` or, on servers without it, ``NLST`` with ``SIZE`` and
    ``MDTM`` per file.

    Logging in and listing are one exchange, each download another: each
    ends within the source's timeout and the poll's time limit, and a
    listing is cut at :data:`MAX_LISTING_ENTRIES` entries or
    ``max_download_size`` bytes.  Messages give the server's reply code,
    never its text (which may echo the password)."""

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
        self._deadline = Deadline(float(settings.timeout))

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    def _time_left(self) -> float:
        """The timeout of the next socket operation: the source's timeout,
        or what is left of the current exchange (``TimeoutError`` once
        nothing is)."""
        return self._deadline.limit(float(self.settings.timeout), TimeoutError)

    def connect(self) -> ftplib.FTP:
        if self._ftp is not None:
            return self._ftp
        try:
            found = addresses.checked_addresses(
                self.host, self.port, allow_private=self.settings.allow_private_addresses
            )
        except addresses.AddressRefused as error:
            raise FetchError(f"FTP {error}") from None
        except (OSError, UnicodeError):
            raise unreachable(f"FTP {self.where}", self._deadline) from None
        ftp = _BoundedFTP(self._time_left)
        try:
            ftp.open(found)
        except (OSError, EOFError, ftplib.Error):
            ftp.close()
            raise unreachable(f"FTP {self.where}", self._deadline) from None
        try:
            ftp.login(self.settings.username or "anonymous", self.settings.password if self.settings.username else "")
            ftp.set_pasv(True)
            ftp.cwd(self.directory)
        except BaseException as error:
            ftp.close()
            raise self._failure(error, self.where) from None
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
        self._deadline = self.exchange_deadline("FTP listing")
        ftp = self.connect()
        try:
            try:
                files = self._mlsd(ftp)
            except ftplib.error_perm:
                files = self._nlst(ftp)  # the server has no MLSD
        except BaseException as error:
            self.close()  # a listing cut short leaves the session out of step
            raise self._failure(error, "listing") from None
        items = [
            RemoteItem(name, f"{size} {modified}", size=size)
            for name, size, modified in sorted(files)
            if self.matches(name) and not looks_partial(name)
        ]
        return Listing(items)

    def _listing(self, ftp: ftplib.FTP, command: str, keep: Callable[[str], None]) -> None:
        """Hand each line of ``command``'s listing to ``keep``, stopping
        with :class:`ListingTooLarge` at the entry or size limit."""
        limit = self.settings.max_download_size
        count = size = 0

        def take(line: str) -> None:
            nonlocal count, size
            count += 1
            size += len(line) + 2
            if count > MAX_LISTING_ENTRIES:
                raise ListingTooLarge(f"FTP listing: more than the {MAX_LISTING_ENTRIES:,} entries allowed")
            if size > limit:
                raise ListingTooLarge(f"FTP listing: larger than the {limit:,} bytes allowed")
            keep(line)

        ftp.retrlines(command, take)

    def _mlsd(self, ftp: ftplib.FTP) -> list[tuple[str, int | None, str]]:
        files: list[tuple[str, int | None, str]] = []

        def keep(line: str) -> None:
            # ftplib.FTP.mlsd's parsing, line by line instead of all at once.
            found, _, name = line.rstrip("\r\n").partition(" ")
            facts = {}
            for fact in found[:-1].split(";"):
                key, _, value = fact.partition("=")
                facts[key.lower()] = value
            if facts.get("type", "file").lower() != "file" or not self.matches(name):
                return
            size = facts.get("size")
            files.append((name, int(size) if size and size.isdigit() else None, facts.get("modify", "")))

        ftp.sendcmd("OPTS MLST type;size;modify;")  # as ftplib.FTP.mlsd(facts=...) does
        self._listing(ftp, "MLSD", keep)
        return files

    def _nlst(self, ftp: ftplib.FTP) -> list[tuple[str, int | None, str]]:
        names: list[str] = []
        try:
            self._listing(ftp, "NLST", lambda path: names.append(path.rsplit("/", 1)[-1]))
        except ftplib.error_perm:
            return []  # "550 No files found" on some servers
        files = []
        ftp.voidcmd("TYPE I")  # many servers refuse SIZE in ASCII mode (RFC 3659)
        for name in names:
            if not self.matches(name):
                continue
            try:
                size = ftp.size(name)
            except (ftplib.error_perm, ValueError):
                continue  # a directory, or gone
            try:
                modified = ftp.voidcmd(f"MDTM {name}").split()[-1]
            except ftplib.error_perm:
                modified = ""
            files.append((name, size, modified))
        return files

    def download(self, item: RemoteItem) -> bytes:
        self.check_size(item.name, item.size)
        self._deadline = self.exchange_deadline(f"FTP {item.name}")
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
        except BaseException as error:
            self.close()
            raise self._failure(error, item.name) from None
        return bytes(body)

    def _failure(self, error: BaseException, what: str) -> BaseException:
        """A :class:`FetchError` for an ftplib or socket error, with the
        server's reply code but not its text (anything else, a bug or ^C,
        is passed on as it is)."""
        if isinstance(error, FetchError):
            return error
        if isinstance(error, (socket.timeout, TimeoutError)):
            if self.poll_deadline.passed:
                return self.time_limit_passed(f"FTP {what}")
            return FetchTimeout(f"FTP {what}: no answer within {seconds(self._deadline.seconds)} s")
        if isinstance(error, (ftplib.error_reply, ftplib.error_temp, ftplib.error_perm, ftplib.error_proto)):
            code = str(error)[:3]
            if not code.isdigit():
                return FetchError(f"FTP {what}: an answer the client does not understand")
            if code == "530":
                return FetchError(f"FTP {what}: login refused by the FTP server (530)")
            if code == "550":
                return FetchError(f"FTP {what}: no such file or directory, or not allowed (550)")
            return FetchError(f"FTP {what}: the FTP server answered {code}")
        if isinstance(error, ftplib.Error):  # ftplib's own complaint, e.g. a line too long
            return FetchError(f"FTP {what}: {error}")
        if isinstance(error, EOFError):
            return FetchError(f"FTP {what}: the server closed the connection")
        if isinstance(error, OSError):
            return FetchError(f"FTP {what}: {error.strerror or type(error).__name__}")
        if isinstance(error, (UnicodeError, ValueError)):
            return FetchError(f"FTP {what}: an answer the client does not understand")
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
        deadline = self.exchange_deadline(url)
        limit = self.settings.max_download_size
        auth = (self.settings.username, self.settings.password) if self.settings.username else None
        transport = deadline_transport(deadline, url)
        hooks: dict[str, list[Callable[[httpx.Request], None]]] = {}
        if not self.settings.allow_private_addresses:
            # Every request (redirects too) to a public host; without a
            # proxy, every connection to the very address that was checked.
            hooks["request"] = [_check_request]
            if environment_proxy(url) is None:
                use_network_backend(transport, addresses.PublicAddressBackend(DeadlineBackend(deadline)))
        answered = False
        try:
            with httpx.Client(
                timeout=httpx.Timeout(timeout), headers=headers, auth=auth, follow_redirects=True,
                transport=transport, event_hooks=hooks,
            ) as client, client.stream("GET", url) as response:
                answered = True
                if response.status_code == 304:
                    return _Answer(b"", self.settings.etag, self.settings.last_modified, True, "")
                if not 200 <= response.status_code < 300:
                    # The standard phrase, not the server's own words.
                    status = f"{response.status_code} {httpx.codes.get_reason_phrase(response.status_code)}"
                    raise FetchError(f"HTTP {status.strip()} from {url}")
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise DownloadTooLarge(url, limit)
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > limit:
                        raise DownloadTooLarge(url, limit)
                    if deadline.passed:
                        raise self._timed_out(url, deadline)
                return _Answer(
                    bytes(body),
                    response.headers.get("ETag", ""),
                    response.headers.get("Last-Modified", ""),
                    False,
                    response.headers.get("Content-Type", ""),
                )
        except addresses.AddressRefused as error:
            raise FetchError(str(error)) from None
        except httpx.TransportError as error:
            if not answered:  # no HTTP answer at all: refused, silent, not HTTP...
                raise unreachable(url, deadline) from error
            if isinstance(error, httpx.TimeoutException):
                raise self._timed_out(url, deadline) from error
            raise FetchError(f"{url}: {error}") from error
        except httpx.HTTPError as error:
            raise FetchError(f"{url}: {error}") from error

    def _timed_out(self, url: str, deadline: Deadline) -> FetchTimeout:
        if self.poll_deadline.passed:
            return self.time_limit_passed(url)
        return FetchTimeout(f"{url}: not answered within {seconds(deadline.seconds)} s")


def _check_request(request: httpx.Request) -> None:
    """httpx request hook: refuse a request to a host that is not public."""
    url = request.url
    addresses.check_host(url.host, url.port or (443 if url.scheme == "https" else 80), allow_private=False)


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

