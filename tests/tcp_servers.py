"""Raw TCP stand-ins for a cache server on 127.0.0.1: a port where nothing
listens, and a server that accepts connections and never answers (a hung
Redis), which can later start forwarding to a real Redis (the server came
back).  Each counts the connections and bytes it receives, so tests check
"the cache was not asked again" by counting, never by timing."""

from __future__ import annotations

import socket
import threading


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HungServer:
    """Accepts every connection, reads what the client sends, answers
    nothing; after :meth:`forward_to` new connections are piped to a real
    server instead."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self.connections = 0
        self.bytes_received = 0
        self._upstream: tuple[str, int] | None = None
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._closed = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def location(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def forward_to(self, host: str, port: int) -> None:
        """From now on, pipe new connections to ``host:port``."""
        with self._lock:
            self._upstream = (host, port)

    def close(self) -> None:
        self._closed = True
        try:
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept() on Linux
        except OSError:
            pass
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                try:
                    sock.close()
                except OSError:
                    pass
        self._thread.join(timeout=2)

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return  # closed
            with self._lock:
                self.connections += 1
                self._sockets.append(conn)
                upstream = self._upstream
            if upstream is None:
                threading.Thread(target=self._swallow, args=(conn,), daemon=True).start()
            else:
                self._pipe_both_ways(conn, upstream)

    def _swallow(self, conn: socket.socket) -> None:
        while True:
            try:
                data = conn.recv(65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self.bytes_received += len(data)

    def _pipe_both_ways(self, conn: socket.socket, upstream: tuple[str, int]) -> None:
        remote = socket.create_connection(upstream, timeout=2)
        remote.settimeout(None)
        with self._lock:
            self._sockets.append(remote)
        for source, target in ((conn, remote), (remote, conn)):
            threading.Thread(target=_copy, args=(source, target), daemon=True).start()


def _copy(source: socket.socket, target: socket.socket) -> None:
    while True:
        try:
            data = source.recv(65536)
            if not data:
                break
            target.sendall(data)
        except OSError:
            break
    for sock in (source, target):
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
