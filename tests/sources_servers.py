"""Real servers on 127.0.0.1 for the polling tests: an FTP server
(pyftpdlib, a user with a password and a temporary home directory) and an
HTTP server answering conditional GETs, the way an agency's would; and
hostile ones: FTP servers whose listing never ends, that trickle their
answers or echo the password, and a TCP server trickling a greeting.

Both record what they were asked, so a test checks "nothing was
downloaded again" by counting ``RETR`` commands or full answers, never by
timing.
"""

from __future__ import annotations

import email.utils
import hashlib
import logging
import os
import socket
import threading
import time
import warnings
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"

FTP_USER = "gulfwire"
#: A password no page of the admin may ever show.
FTP_PASSWORD = "Dh0far-Monsoon-7391"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


# --- FTP ----------------------------------------------------------------------


class AgencyFTPServer:
    """pyftpdlib in a thread, serving ``home`` to one user."""

    def __init__(
        self, home: Path, *, user: str = FTP_USER, password: str = FTP_PASSWORD, behaviour: type | None = None
    ) -> None:
        """``behaviour``: a class whose methods override pyftpdlib's
        handler's (a hostile server)."""
        with warnings.catch_warnings():
            # pyftpdlib still imports asyncore (deprecated since Python 3.6,
            # gone in 3.12, where pyftpdlib brings its own copy).
            warnings.simplefilter("ignore", DeprecationWarning)
            from pyftpdlib.authorizers import DummyAuthorizer
            from pyftpdlib.handlers import FTPHandler
            from pyftpdlib.servers import FTPServer

        logging.getLogger("pyftpdlib").setLevel(logging.WARNING)
        self.home = home
        #: Every command received, as ``(command, argument)``.
        self.commands: list[tuple[str, str]] = []
        commands = self.commands
        authorizer = DummyAuthorizer()
        authorizer.add_user(user, password, str(home), perm="elr")  # list and read only

        class Handler(*([behaviour] if behaviour else []), FTPHandler):  # type: ignore[misc]
            def pre_process_command(self, line, cmd, arg):
                commands.append((cmd, arg or ""))
                return super().pre_process_command(line, cmd, arg)

        Handler.authorizer = authorizer
        self._server = FTPServer(("127.0.0.1", 0), Handler)
        self.port: int = self._server.address[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, directory: str = "/") -> str:
        return f"ftp://127.0.0.1:{self.port}{directory}"

    def retrieved(self) -> list[str]:
        """The file names asked for with ``RETR``, in order."""
        return [arg for cmd, arg in self.commands if cmd == "RETR"]

    def _serve(self) -> None:
        while not self._stop.is_set():
            self._server.serve_forever(timeout=0.05, blocking=False, handle_exit=False)
        self._server.close_all()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


@pytest.fixture
def ftp_server(tmp_path):
    home = tmp_path / "ftp-home"
    (home / "outgoing").mkdir(parents=True)
    server = AgencyFTPServer(home)
    try:
        yield server
    finally:
        server.close()


#: Seconds between two bytes of a trickling server: far less than any
#: timeout the tests set, so only a deadline for the whole exchange stops it.
TRICKLE_INTERVAL = 0.5

#: Bytes a trickling server sends before it gives up: a hang guard, so
#: a client without a deadline ends too (after TRICKLE_BYTES * TRICKLE_INTERVAL s).
TRICKLE_BYTES = 40


class _Trickle:
    """A pyftpdlib producer sending ``data`` (over and over) one byte at a
    time, :data:`TRICKLE_INTERVAL` seconds apart, :data:`TRICKLE_BYTES` in
    all.  It sleeps in the server's thread, which serves nothing else
    meanwhile: fine for a server of its own."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._sent = 0

    def more(self) -> bytes:
        if self._sent >= TRICKLE_BYTES:
            return b""
        time.sleep(TRICKLE_INTERVAL)
        byte = self._data[self._sent % len(self._data):][:1]
        self._sent += 1
        return byte


#: Lines the "endless" listing sends before it gives up (a hang guard: ten
#: times the most entries a poll reads).
ENDLESS_LINES = 1_000_000


class _Endless:
    """A pyftpdlib producer of MLSD lines, :data:`ENDLESS_LINES` of them:
    subdirectories, which a poller never downloads (one without bounds
    only fills its memory with them)."""

    def __init__(self) -> None:
        self._count = 0

    def more(self) -> bytes:
        lines = []
        while self._count < ENDLESS_LINES and len(lines) < 500:
            self._count += 1
            lines.append(f"type=dir;modify=20251208060000; archive-{self._count:09d}\r\n")
        return "".join(lines).encode()


class EndlessListing:
    """An FTP server whose MLSD listing never ends."""

    def ftp_MLSD(self, path):  # noqa: N802 (pyftpdlib's naming)
        self.push_dtp_data(_Endless(), isproducer=True, cmd="MLSD")
        return path


class TrickledListing:
    """An FTP server sending its MLSD listing one byte at a time."""

    def ftp_MLSD(self, path):  # noqa: N802
        line = b"type=file;size=1200;modify=20251208060000; story.xml\r\n"
        self.push_dtp_data(_Trickle(line), isproducer=True, cmd="MLSD")
        return path


class TrickledDownloads:
    """An FTP server listing its files as usual, but sending each file
    one byte at a time."""

    def ftp_RETR(self, file):  # noqa: N802
        self.push_dtp_data(_Trickle(b"Trickled story text. "), isproducer=True, cmd="RETR")
        return file


class WithoutMLSD:
    """An FTP server of the older kind, without MLSD: clients list with
    NLST, then SIZE and MDTM per file."""

    def ftp_MLSD(self, path):  # noqa: N802
        self.respond("500 Command \"MLSD\" not understood.")

    def ftp_OPTS(self, line):  # noqa: N802
        self.respond("501 Invalid argument.")


class EchoesPasswordOnLogin:
    """An FTP server that refuses the login, repeating the password in its
    530 reply (in lower case, as some servers change it)."""

    auth_failed_timeout = 0

    def handle_auth_failed(self, msg, password):
        self.respond(f"530 Login incorrect: {password.lower()} is not the password of {self.username}.")


class EchoesPasswordOnCwd:
    """An FTP server that accepts the login, then refuses every directory
    with a 550 reply repeating the password the session logged in with."""

    def handle_auth_success(self, home, password, msg_login):
        self.echoed_password = password
        return super().handle_auth_success(home, password, msg_login)

    def ftp_CWD(self, path):  # noqa: N802
        self.respond(f"550 {path}: not for {self.username} with password {self.echoed_password}.")


@pytest.fixture
def hostile_ftp_server(tmp_path):
    """``hostile_ftp_server(behaviour, password=...)`` starts one (stopped
    after the test)."""
    started: list[AgencyFTPServer] = []

    def start(behaviour: type, **options) -> AgencyFTPServer:
        home = tmp_path / f"hostile-{len(started)}"
        (home / "outgoing").mkdir(parents=True)
        server = AgencyFTPServer(home, behaviour=behaviour, **options)
        started.append(server)
        return server

    try:
        yield start
    finally:
        for server in started:
            server.close()


class TrickleGreetingServer:
    """A TCP server on 127.0.0.1 that greets every connection with
    ``220 ...`` one byte at a time, :data:`TRICKLE_INTERVAL` apart, and
    closes the connection after :data:`TRICKLE_BYTES` bytes, before the
    line ends."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._trickle, args=(conn,), daemon=True).start()

    def _trickle(self, conn: socket.socket) -> None:
        with conn:
            greeting = (b"220 Welcome to the agency's FTP server" + b"." * TRICKLE_BYTES)[:TRICKLE_BYTES]
            for byte in greeting:
                if self._closed.wait(TRICKLE_INTERVAL):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return

    def close(self) -> None:
        self._closed.set()
        try:
            self._listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._listener.close()
        self._thread.join(timeout=5)


@pytest.fixture
def allowed_drop_root(settings, tmp_path):
    """The test's ``tmp_path`` is a folder drop directories may be in
    (``SOURCE_DIRECTORY_ROOTS``), the suite's other settings kept."""
    settings.NEWSDESK = {**settings.NEWSDESK, "SOURCE_DIRECTORY_ROOTS": [str(tmp_path)]}
    return tmp_path


def put_old_file(path: Path, data: bytes, *, age: float = 60.0) -> Path:
    """Write ``data`` to ``path`` and date it ``age`` seconds back, so a
    drop directory's "still being written" rule does not hold it back."""
    path.write_bytes(data)
    stamp = time.time() - age
    os.utime(path, (stamp, stamp))
    return path


# --- HTTP ---------------------------------------------------------------------


@dataclass
class Document:
    body: bytes
    content_type: str = "application/xml"
    #: Send an ETag (a digest of the body) and answer If-None-Match with 304.
    etag: bool = True
    #: Send Last-Modified and answer If-Modified-Since with 304.
    last_modified: str = ""
    #: Seconds to wait before answering (a server slower than the timeout).
    delay: float = 0.0
    status: int = 200

    @property
    def etag_value(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


@dataclass
class Request:
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    #: The body was sent (not a 304 or an error).
    full: bool = False


class _Handler(BaseHTTPRequestHandler):
    server: AgencyHTTPServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        record = Request(self.path, dict(self.headers))
        self.server.requests.append(record)
        document = self.server.documents.get(self.path)
        if document is None:
            self._answer(404, b"no such document", "text/plain")
            return
        if document.delay:
            time.sleep(document.delay)
        if document.etag and self.headers.get("If-None-Match") == document.etag_value:
            self._answer(304, b"", "", document)
            return
        if document.last_modified and self.headers.get("If-Modified-Since") == document.last_modified:
            self._answer(304, b"", "", document)
            return
        record.full = document.status == 200
        self._answer(document.status, document.body, document.content_type, document)

    def _answer(self, status: int, body: bytes, content_type: str, document: Document | None = None) -> None:
        try:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            if document is not None and document.etag:
                self.send_header("ETag", document.etag_value)
            if document is not None and document.last_modified:
                self.send_header("Last-Modified", document.last_modified)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout tests)

    def log_message(self, format, *args) -> None:
        pass


class AgencyHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.documents: dict[str, Document] = {}
        self.requests: list[Request] = []

    def url(self, path: str) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}{path}"

    def publish(self, path: str, body: bytes, **options) -> Document:
        document = Document(body, **options)
        self.documents[path] = document
        return document

    def full_answers(self, path: str) -> int:
        """How many times the body of ``path`` was sent."""
        return sum(1 for request in self.requests if request.path == path and request.full)

    def asked(self, path: str) -> list[Request]:
        return [request for request in self.requests if request.path == path]

    def handle_error(self, request, client_address) -> None:
        pass


@pytest.fixture
def http_server():
    server = AgencyHTTPServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=2)


def http_date(epoch: float) -> str:
    return email.utils.formatdate(epoch, usegmt=True)
