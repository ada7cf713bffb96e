"""One deadline covers a provider request's whole exchange (connect,
request, status line and headers, body), against a real HTTP server on
127.0.0.1 that sends its answer a byte at a time.

The client's elapsed time is never measured here: the server thread records
whether it got its whole answer out and how long it kept trying, and the
bounds on that are generous (ten times the deadline) so a loaded machine
cannot make them flaky; without the deadline the trickled headers alone
take about 14 s.
"""

from __future__ import annotations

import json

import httpcore
import httpx
import pytest

from newsdesk.weather import WeatherConnectionError, WeatherTimeout
from newsdesk.weather.deadline import Deadline, DeadlineBackend, deadline_transport, use_network_backend
from newsdesk.weather.open_meteo import OpenMeteo
from tests.tcp_servers import free_port
from tests.weather_http import OPEN_METEO_PATH, OPEN_METEO_PAYLOAD, weather_server  # noqa: F401 (fixture)

DEADLINE = 0.5
GENEROUS = 10 * DEADLINE
PROXY_VARIABLES = ["http_proxy", "https_proxy", "all_proxy", "no_proxy"]


@pytest.fixture(autouse=True)
def no_proxy_environment(monkeypatch):
    """Proxy variables from the machine running the tests must not route
    these loopback requests elsewhere (the proxy tests set their own)."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def open_meteo(server) -> OpenMeteo:
    return OpenMeteo(base_url=server.url, timeout=DEADLINE)


def test_trickled_headers_time_out_and_the_server_sees_the_client_go(weather_server):  # noqa: F811
    # One byte every 0.2 s: no single read ever waits 0.5 s.
    weather_server.serve(OPEN_METEO_PATH, OPEN_METEO_PAYLOAD, trickle="head", pause=0.2)
    with pytest.raises(WeatherTimeout, match=r"^timed out after 0\.5 s$"):
        open_meteo(weather_server).fetch(23.588, 58.3829)
    outcome = weather_server.wait_for_outcome()
    assert not outcome.completed  # the client hung up mid-headers
    assert outcome.elapsed < GENEROUS
    assert len(weather_server.requests) == 1  # a timeout is not retried


def test_trickled_body_times_out_and_the_server_sees_the_client_go(weather_server):  # noqa: F811
    weather_server.serve(OPEN_METEO_PATH, OPEN_METEO_PAYLOAD, trickle="body", pause=0.2)
    with pytest.raises(WeatherTimeout, match=r"^timed out after 0\.5 s$"):
        open_meteo(weather_server).fetch(23.588, 58.3829)
    outcome = weather_server.wait_for_outcome()
    assert not outcome.completed
    assert outcome.elapsed < GENEROUS


def test_one_deadline_covers_the_headers_and_the_body_together(weather_server):  # noqa: F811
    """Headers after 0.35 s, the body in two halves 0.35 s apart: every wait
    is shorter than the timeout, the whole answer (0.7 s at least) is not."""
    body = json.dumps(OPEN_METEO_PAYLOAD).encode()
    weather_server.serve(
        OPEN_METEO_PATH, body=body, delay=0.35, trickle="body", pause=0.35, piece=len(body) // 2 + 1
    )
    with pytest.raises(WeatherTimeout, match=r"^timed out after 0\.5 s$"):
        open_meteo(weather_server).fetch(23.588, 58.3829)


def test_an_answer_within_the_deadline_is_read(weather_server):  # noqa: F811
    body = json.dumps(OPEN_METEO_PAYLOAD).encode()
    # Two halves, 0.05 s apart: well within 2 s.
    weather_server.serve(OPEN_METEO_PATH, body=body, trickle="body", pause=0.05, piece=len(body) // 2 + 1)
    reading = OpenMeteo(base_url=weather_server.url, timeout=2).fetch(23.588, 58.3829)
    assert reading.description == "scattered clouds"
    assert weather_server.wait_for_outcome().completed


# --- the wiring into httpx ----------------------------------------------------------


def test_the_deadline_backend_is_what_httpx_connects_through(weather_server):  # noqa: F811
    """Fails if a new httpx or httpcore stops using the backend that
    ``use_network_backend`` installs: a deadline already passed must stop
    the request before it connects."""
    weather_server.serve(OPEN_METEO_PATH, OPEN_METEO_PAYLOAD)
    url = weather_server.url + OPEN_METEO_PATH
    with httpx.Client(transport=deadline_transport(Deadline(0), url)) as client:
        with pytest.raises(httpx.ConnectTimeout, match="deadline passed"):
            client.get(url)
    assert weather_server.requests == []
    with httpx.Client(transport=deadline_transport(Deadline(5), url)) as client:
        assert client.get(url).json() == OPEN_METEO_PAYLOAD


def test_use_network_backend_refuses_a_transport_it_does_not_know():
    with pytest.raises(RuntimeError, match="needs updating"):
        use_network_backend(httpx.MockTransport(lambda request: httpx.Response(200)), DeadlineBackend(Deadline(1)))


def test_deadline_limits_each_operation_to_the_time_left():
    deadline = Deadline(60)
    assert deadline.limit(5, httpcore.ReadTimeout) == 5
    assert 59 < deadline.limit(None, httpcore.ReadTimeout) <= 60
    assert 59 < deadline.limit(120, httpcore.ReadTimeout) <= 60
    with pytest.raises(httpcore.WriteTimeout, match="the 0 s deadline passed"):
        Deadline(0).limit(5, httpcore.WriteTimeout)


def test_a_transport_given_to_the_constructor_is_used(weather_server):  # noqa: F811
    """Tests may pass their own httpx transport (the deadline then only
    bounds the body loop)."""
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.path == OPEN_METEO_PATH
        return httpx.Response(200, json=OPEN_METEO_PAYLOAD)

    provider = OpenMeteo(base_url="http://open-meteo.test", transport=httpx.MockTransport(answer))
    assert provider.fetch(23.588, 58.3829).description == "scattered clouds"


# --- proxies from the environment, as httpx's default client honours them ------------


def test_the_proxy_environment_variables_are_honoured(weather_server, monkeypatch):  # noqa: F811
    weather_server.serve(OPEN_METEO_PATH, OPEN_METEO_PAYLOAD)
    monkeypatch.setenv("HTTP_PROXY", weather_server.url)  # the loopback server plays the proxy
    reading = OpenMeteo(base_url="http://api.open-meteo.test", timeout=2).fetch(23.588, 58.3829)
    assert reading.description == "scattered clouds"
    (request,) = weather_server.requests
    assert request.path == OPEN_METEO_PATH
    assert request.headers["Host"] == "api.open-meteo.test"


def test_no_proxy_exempts_a_host(weather_server, monkeypatch):  # noqa: F811
    weather_server.serve(OPEN_METEO_PATH, OPEN_METEO_PAYLOAD)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{free_port()}")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert open_meteo(weather_server).fetch(23.588, 58.3829).description == "scattered clouds"
    monkeypatch.delenv("NO_PROXY")
    with pytest.raises(WeatherConnectionError):
        open_meteo(weather_server).fetch(23.588, 58.3829)
