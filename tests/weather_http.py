"""A real HTTP server on 127.0.0.1 for the weather tests, plus the
providers' documented JSON shapes, written by hand from their docs.

Each test gets its own server on an ephemeral port; a route answers with a
status, a body and optionally a delay, and every request is recorded so
tests can check the query string and the User-Agent sent.  A route may also
trickle its status line and headers, or its body, a few bytes at a time;
the server then records whether it sent everything and how long it kept
trying (measured by the server thread), so a test can tell that the client
gave up without timing the client.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    delay: float = 0.0
    headers: dict = field(default_factory=lambda: {"Content-Type": "application/json"})
    #: Claim more bytes than are sent, then hang up (an interrupted transfer).
    short_by: int = 0
    #: "head" or "body": send that part ``piece`` bytes at a time, ``pause``
    #: seconds apart.
    trickle: str = ""
    pause: float = 0.0
    piece: int = 1


@dataclass
class Recorded:
    path: str
    query: dict
    headers: dict


@dataclass
class Outcome:
    """How a trickled answer ended, seen from the server thread."""

    #: Every byte was written (False: the client hung up first).
    completed: bool
    #: Seconds from the request to the last write (or the failed one).
    elapsed: float


class _Handler(BaseHTTPRequestHandler):
    server: WeatherServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        parts = urlsplit(self.path)
        self.server.requests.append(
            Recorded(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}, dict(self.headers))
        )
        route = self.server.routes.get(parts.path, Route(404, b'{"error": "no route"}'))
        if route.trickle:
            self._send_trickled(route)
            return
        if route.delay:
            time.sleep(route.delay)
        try:
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(route.body) + route.short_by))
            self.end_headers()
            self.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests); nothing to report

    def _send_trickled(self, route: Route) -> None:
        started = time.monotonic()
        head = [f"HTTP/1.1 {route.status} OK\r\n"]
        head += [f"{name}: {value}\r\n" for name, value in route.headers.items()]
        head += [f"Content-Length: {len(route.body)}\r\n", "Connection: close\r\n", "\r\n"]
        completed = False
        try:
            if route.delay:
                time.sleep(route.delay)
            self._write("".join(head).encode("latin-1"), route if route.trickle == "head" else None)
            self._write(route.body, route if route.trickle == "body" else None)
            completed = True
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up: that is what the test wants to see
        finally:
            self.close_connection = True
            self.server.record(Outcome(completed, time.monotonic() - started))

    def _write(self, data: bytes, route: Route | None) -> None:
        if route is None:
            self.wfile.write(data)
            return
        for start in range(0, len(data), route.piece):
            if start:
                time.sleep(route.pause)
            self.wfile.write(data[start:start + route.piece])
            self.wfile.flush()

    def log_message(self, format, *args) -> None:  # keep test output clean
        pass


class WeatherServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.requests: list[Recorded] = []
        self.outcomes: list[Outcome] = []
        self._answered = threading.Condition()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def serve(self, path: str, payload=None, *, status: int = 200, body: bytes | None = None, **kw) -> None:
        if body is None:
            body = json.dumps(payload).encode()
        self.routes[path] = Route(status=status, body=body, **kw)

    def record(self, outcome: Outcome) -> None:
        with self._answered:
            self.outcomes.append(outcome)
            self._answered.notify_all()

    def wait_for_outcome(self, timeout: float = 60.0) -> Outcome:
        """The first trickled answer's outcome, once the server thread is
        done with it (``timeout`` only stops a broken test hanging)."""
        with self._answered:
            if not self._answered.wait_for(lambda: self.outcomes, timeout=timeout):
                raise AssertionError(f"the server did not finish a trickled answer in {timeout} s")
            return self.outcomes[0]

    def handle_error(self, request, client_address) -> None:
        pass  # broken pipes after a client timeout are expected


@pytest.fixture
def weather_server():
    server = WeatherServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=2)


@pytest.fixture(autouse=False)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


OPEN_METEO_PATH = "/v1/forecast"
OWM_PATH = "/data/2.5/weather"
MET_PATH = "/weatherapi/locationforecast/2.0/compact"

#: Open-Meteo /v1/forecast for Muscat with current=temperature_2m,weather_code,
#: daily=temperature_2m_max,temperature_2m_min, timezone=auto.  Local time
#: 09:00 at UTC+4 is 05:00 UTC.  WMO 2 = "partly cloudy".
OPEN_METEO_PAYLOAD = {
    "latitude": 23.625,
    "longitude": 58.375,
    "generationtime_ms": 0.0432,
    "utc_offset_seconds": 14400,
    "timezone": "Asia/Muscat",
    "timezone_abbreviation": "GMT+4",
    "elevation": 8.0,
    "current_units": {"time": "iso8601", "interval": "seconds", "temperature_2m": "°C", "weather_code": "wmo code"},
    "current": {"time": "2025-12-07T09:00", "interval": 900, "temperature_2m": 21.4, "weather_code": 2},
    "daily_units": {"time": "iso8601", "temperature_2m_max": "°C", "temperature_2m_min": "°C"},
    "daily": {"time": ["2025-12-07"], "temperature_2m_max": [25.3], "temperature_2m_min": [19.0]},
}

#: OpenWeatherMap /data/2.5/weather, units=metric: condition 803 "broken
#: clouds"; temp_min = temp_max (one station).  dt 1765083600 is
#: 2025-12-07 05:00:00 UTC (20429 days × 86400 s + 5 h).
OWM_PAYLOAD = {
    "coord": {"lon": 58.3829, "lat": 23.588},
    "weather": [{"id": 803, "main": "Clouds", "description": "broken clouds", "icon": "04d"}],
    "base": "stations",
    "main": {
        "temp": 19.44, "feels_like": 19.1, "temp_min": 19.44, "temp_max": 19.44,
        "pressure": 1018, "humidity": 64, "sea_level": 1018, "grnd_level": 1017,
    },
    "visibility": 10000,
    "wind": {"speed": 3.6, "deg": 30},
    "clouds": {"all": 75},
    "dt": 1765083600,
    "sys": {"type": 1, "id": 7530, "country": "OM", "sunrise": 1765075560, "sunset": 1765115160},
    "timezone": 14400,
    "id": 287286,
    "name": "Muscat",
    "cod": 200,
}

OWM_401 = {"cod": 401, "message": "Invalid API key. Please see https://openweathermap.org/faq#error401 for more info."}


def _met_entry(time: str, temperature: float, symbol: str | None) -> dict:
    data: dict = {
        "instant": {
            "details": {
                "air_pressure_at_sea_level": 1017.9,
                "air_temperature": temperature,
                "cloud_area_fraction": 42.2,
                "relative_humidity": 61.0,
                "wind_from_direction": 31.4,
                "wind_speed": 3.1,
            }
        }
    }
    if symbol:
        data["next_1_hours"] = {"summary": {"symbol_code": symbol}, "details": {"precipitation_amount": 0.0}}
        data["next_6_hours"] = {"summary": {"symbol_code": symbol}, "details": {"precipitation_amount": 0.0}}
        data["next_12_hours"] = {"summary": {"symbol_code": symbol}, "details": {}}
    return {"time": time, "data": data}


#: MET Norway locationforecast/2.0/compact (GeoJSON).  In Asia/Muscat
#: (UTC+4) the entries from 05:00Z to 19:00Z fall on 2025-12-07 (low 19.0,
#: high 25.8); 20:00Z is 00:00 on the 8th and must not count (17.2).
MET_PAYLOAD = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [58.3829, 23.588, 12]},
    "properties": {
        "meta": {
            "updated_at": "2025-12-07T04:31:12Z",
            "units": {
                "air_pressure_at_sea_level": "hPa",
                "air_temperature": "celsius",
                "cloud_area_fraction": "%",
                "precipitation_amount": "mm",
                "relative_humidity": "%",
                "wind_from_direction": "degrees",
                "wind_speed": "m/s",
            },
        },
        "timeseries": [
            _met_entry("2025-12-07T05:00:00Z", 19.0, "partlycloudy_day"),
            _met_entry("2025-12-07T06:00:00Z", 21.5, "partlycloudy_day"),
            _met_entry("2025-12-07T09:00:00Z", 25.8, "fair_day"),
            _met_entry("2025-12-07T18:00:00Z", 20.1, "clearsky_night"),
            _met_entry("2025-12-07T19:00:00Z", 19.6, None),
            _met_entry("2025-12-07T20:00:00Z", 17.2, None),
        ],
    },
}


#: Each provider's path and documented payload, by provider name.
PATHS = {"open-meteo": OPEN_METEO_PATH, "openweathermap": OWM_PATH, "met-norway": MET_PATH}
PAYLOADS = {"open-meteo": OPEN_METEO_PAYLOAD, "openweathermap": OWM_PAYLOAD, "met-norway": MET_PAYLOAD}
