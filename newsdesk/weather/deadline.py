"""One deadline for a whole HTTP exchange: connect, request, headers, body.

httpx's timeouts apply to each socket operation separately, so a server that
sends one header byte every 0.2 s never trips a 2-second read timeout and
can hold a request for minutes.  Here a :class:`Deadline` is fixed when a
request starts, and an httpcore network backend (:class:`DeadlineBackend`,
public httpcore API) hands every connect, read, write and TLS handshake
``min(its own timeout, the time left)``; once no time is left it raises
httpcore's timeout at once.  httpx turns those into
:class:`httpx.TimeoutException` as usual.

Name resolution (DNS) happens inside the operating system's resolver before
the connect and is not covered.

No Django imports here.
"""

from __future__ import annotations

import ssl
import time
import urllib.request
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx


class Deadline:
    """A point in time (monotonic clock), ``seconds`` from its creation."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._expires = time.monotonic() + seconds

    def remaining(self) -> float:
        return self._expires - time.monotonic()

    @property
    def passed(self) -> bool:
        return self.remaining() <= 0

    def limit(self, timeout: float | None, error: type[Exception]) -> float:
        """The timeout for the next socket operation: ``timeout`` or the
        time left, whichever is shorter; raises ``error`` if none is left."""
        left = self.remaining()
        if left <= 0:
            raise error(f"the {self.seconds:g} s deadline passed")
        return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every operation ends by the deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.limit(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.limit(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._stream.start_tls(
            ssl_context, server_hostname, self._deadline.limit(timeout, httpcore.ConnectTimeout)
        )
        return DeadlineStream(stream, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own synchronous backend, with every stream bound by ``deadline``."""

    def __init__(self, deadline: Deadline, backend: httpcore.NetworkBackend | None = None) -> None:
        self._deadline = deadline
        self._backend = backend or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(
            host, port, self._deadline.limit(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return DeadlineStream(stream, self._deadline)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_unix_socket(
            path, self._deadline.limit(timeout, httpcore.ConnectTimeout), socket_options
        )
        return DeadlineStream(stream, self._deadline)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(min(seconds, max(self._deadline.remaining(), 0.0)))


def deadline_transport(deadline: Deadline, url: str) -> httpx.HTTPTransport:
    """An httpx transport for one request to ``url`` that ends by ``deadline``.

    Passing a transport to ``httpx.Client`` turns off httpx's own reading of
    the proxy environment variables, so the proxy they name for ``url`` is
    passed here instead, as httpx's default client would use it.
    """
    transport = httpx.HTTPTransport(proxy=environment_proxy(url))
    use_network_backend(transport, DeadlineBackend(deadline))
    return transport


def environment_proxy(url: str) -> str | None:
    """The proxy ``HTTP_PROXY`` / ``HTTPS_PROXY`` / ``ALL_PROXY`` name for
    ``url``, unless ``NO_PROXY`` exempts its host."""
    target = httpx.URL(url)
    proxies = urllib.request.getproxies()
    proxy = proxies.get(target.scheme) or proxies.get("all")
    if not proxy or urllib.request.proxy_bypass(target.host):
        return None
    return proxy if "://" in proxy else f"http://{proxy}"


def use_network_backend(transport: httpx.HTTPTransport, backend: httpcore.NetworkBackend) -> None:
    """Make ``transport`` open its connections through ``backend``.

    The one place newsdesk touches private httpx/httpcore attributes.
    httpx (0.28) builds ``HTTPTransport``'s httpcore pool itself, in
    ``_pool``, and has no parameter for the pool's public ``network_backend=``
    argument; the pool (``ConnectionPool``, or its subclasses ``HTTPProxy`` and
    ``SOCKSProxy``) keeps the backend in ``_network_backend`` and reads it
    each time it opens a connection, so replacing it before the first request
    is enough.  If a new httpx or httpcore moves either attribute this raises
    (and ``tests/test_weather_deadline.py`` fails) instead of the deadline
    silently going away.
    """
    pool = getattr(transport, "_pool", None)
    if not isinstance(pool, httpcore.ConnectionPool) or not isinstance(
        getattr(pool, "_network_backend", None), httpcore.NetworkBackend
    ):
        raise RuntimeError(
            f"httpx {httpx.__version__} / httpcore {httpcore.__version__}: HTTPTransport no longer "
            "keeps an httpcore pool with a network backend in _pool._network_backend; "
            "newsdesk.weather.deadline.use_network_backend needs updating"
        )
    pool._network_backend = backend
