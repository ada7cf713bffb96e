"""Each provider against a real HTTP server on 127.0.0.1, through the
refresh service with the base URL set in ``NEWSDESK``: the documented shape,
error statuses, a slow answer, malformed/truncated JSON, missing fields."""

from __future__ import annotations

import copy
import json
import time
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from django.test import override_settings

from newsdesk.models import WeatherWidget
from newsdesk.weather import WeatherDataError
from newsdesk.weather.met_norway import MetNorway
from newsdesk.weather.open_meteo import OpenMeteo
from newsdesk.weather.openweathermap import OpenWeatherMap
from newsdesk.weather.service import refresh_widget
from tests.weather_http import (
    MET_PATH,
    MET_PAYLOAD,
    OPEN_METEO_PATH,
    OPEN_METEO_PAYLOAD,
    OWM_401,
    OWM_PATH,
    OWM_PAYLOAD,
    PATHS,
    PAYLOADS,
    clear_cache,  # noqa: F401 (fixture)
    weather_server,  # noqa: F401 (fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]

ALL = list(PATHS)
SEVEN_DEC_0500_UTC = datetime(2025, 12, 7, 5, 0, tzinfo=timezone.utc)


def newsdesk(server, provider: str, **extra) -> override_settings:
    options = {"base_url": server.url}
    if provider == "openweathermap":
        options["api_key"] = "test-key"
    # A generous timeout: a loaded CI machine must not turn a malformed
    # answer into a timeout.  The timeout tests pass their own.
    return override_settings(NEWSDESK={
        "WEATHER_PROVIDERS": {provider: options},
        "WEATHER_TIMEOUT": 2.0,
        "WEATHER_USER_AGENT": "example-news.om desk@example-news.om",
        **extra,
    })


def make_widget(provider: str, **fields) -> WeatherWidget:
    """A widget that already shows the seed's reading (the "last good" one)."""
    values = {
        "slug": "oman", "location": "OMAN", "provider": provider,
        "latitude": Decimal("23.588"), "longitude": Decimal("58.3829"),
        "description": "broken clouds", "low": Decimal("19"), "high": Decimal("19"),
    }
    values.update(fields)
    return WeatherWidget.objects.create(**values)


EXPECTED = {
    # (description, low, high): checked by hand against tests/weather_http.py
    "open-meteo": ("scattered clouds", Decimal("19.0"), Decimal("25.3")),  # WMO 2, daily[0]
    "openweathermap": ("broken clouds", Decimal("19.4"), Decimal("19.4")),  # 19.44 to one place
    "met-norway": ("scattered clouds", Decimal("19.0"), Decimal("25.8")),  # today in Muscat only
}


@pytest.mark.parametrize("provider", ALL)
def test_documented_payload_becomes_a_stored_reading(weather_server, provider):
    weather_server.serve(PATHS[provider], PAYLOADS[provider])
    widget = make_widget(provider, description="", low=None, high=None, last_error="old", last_error_at=SEVEN_DEC_0500_UTC)
    with newsdesk(weather_server, provider):
        result = refresh_widget(widget)
    assert result.ok, result.error
    widget.refresh_from_db()
    assert (widget.description, widget.low, widget.high) == EXPECTED[provider]
    assert widget.unit == "C"
    assert widget.observed_at == SEVEN_DEC_0500_UTC
    assert widget.fetched_at is not None
    assert (widget.last_error, widget.last_error_at) == ("", None)


@pytest.mark.parametrize("provider", ALL)
def test_request_names_newsdesk_and_the_site(weather_server, provider):
    weather_server.serve(PATHS[provider], PAYLOADS[provider])
    with newsdesk(weather_server, provider):
        refresh_widget(make_widget(provider))
    (request,) = weather_server.requests
    agent = request.headers["User-Agent"]
    assert agent.startswith("example-news.om desk@example-news.om newsdesk/")
    assert request.path == PATHS[provider]


def test_open_meteo_query(weather_server):
    weather_server.serve(OPEN_METEO_PATH, OPEN_METEO_PAYLOAD)
    with newsdesk(weather_server, "open-meteo"):
        refresh_widget(make_widget("open-meteo"))
    query = weather_server.requests[0].query
    assert query["latitude"] == "23.588"
    assert query["longitude"] == "58.3829"
    assert query["current"] == "temperature_2m,weather_code"
    assert query["daily"] == "temperature_2m_max,temperature_2m_min"
    assert query["timezone"] == "auto"
    assert "apikey" not in query and "temperature_unit" not in query


def test_openweathermap_query_carries_key_units_and_language(weather_server):
    weather_server.serve(OWM_PATH, OWM_PAYLOAD)
    with newsdesk(weather_server, "openweathermap"):
        refresh_widget(make_widget("openweathermap"))
    query = weather_server.requests[0].query
    assert (query["lat"], query["lon"]) == ("23.588", "58.3829")
    assert (query["appid"], query["units"], query["lang"]) == ("test-key", "metric", "en")


def test_met_norway_query_has_at_most_four_decimals(weather_server):
    weather_server.serve(MET_PATH, MET_PAYLOAD)
    with newsdesk(weather_server, "met-norway"):
        refresh_widget(make_widget("met-norway", latitude=Decimal("23.588123"), longitude=Decimal("58.382987")))
    query = weather_server.requests[0].query
    assert (query["lat"], query["lon"]) == ("23.5881", "58.383")


@pytest.mark.parametrize("provider", ALL)
@pytest.mark.parametrize("status, attempts", [(404, 1), (401, 1), (500, 2), (503, 2)])
def test_error_status_keeps_the_last_reading_and_records_why(weather_server, provider, status, attempts):
    weather_server.serve(PATHS[provider], {"error": True, "reason": "nope"}, status=status)
    widget = make_widget(provider)
    with newsdesk(weather_server, provider):
        result = refresh_widget(widget)
    assert not result.ok
    widget.refresh_from_db()
    assert (widget.description, widget.low, widget.high) == ("broken clouds", Decimal("19"), Decimal("19"))
    assert widget.last_error.startswith(f"HTTP {status} ")
    assert widget.last_error_at is not None
    assert widget.fetched_at is None
    assert len(weather_server.requests) == attempts  # one retry on 5xx, none on 4xx


def test_openweathermap_error_message_reaches_the_editor(weather_server):
    weather_server.serve(OWM_PATH, OWM_401, status=401)
    widget = make_widget("openweathermap")
    with newsdesk(weather_server, "openweathermap"):
        refresh_widget(widget)
    widget.refresh_from_db()
    assert widget.last_error.startswith("HTTP 401 Unauthorized: Invalid API key.")


def test_a_5xx_then_success_is_retried_once_and_succeeds(weather_server):
    """The retry is real: the second attempt's answer is used."""
    calls = []
    original = weather_server.routes

    class Flaky(dict):
        def get(self, path, default=None):
            calls.append(path)
            from tests.weather_http import Route

            if len(calls) == 1:
                return Route(503, b"{}")
            return Route(200, json.dumps(OPEN_METEO_PAYLOAD).encode())

    weather_server.routes = Flaky()
    try:
        with newsdesk(weather_server, "open-meteo"):
            result = refresh_widget(make_widget("open-meteo"))
    finally:
        weather_server.routes = original
    assert result.ok and len(calls) == 2


@pytest.mark.parametrize("provider", ALL)
def test_slow_answer_times_out_quickly_and_is_not_retried(weather_server, provider):
    # The server answers after 5 s; the widget gives up after 0.2 s.  The
    # bound on the time taken is far from both, so a busy machine that is
    # slow to schedule a thread cannot make this test fail, and an
    # ignored timeout (5 s or more) still does.
    weather_server.serve(PATHS[provider], PAYLOADS[provider], delay=5.0)
    widget = make_widget(provider)
    started = time.monotonic()
    with newsdesk(weather_server, provider, WEATHER_TIMEOUT=0.2):
        result = refresh_widget(widget)
    elapsed = time.monotonic() - started
    assert not result.ok
    assert elapsed < 4.0
    widget.refresh_from_db()
    assert widget.last_error == "timed out after 0.2 s"
    assert widget.description == "broken clouds"
    # Not retried: at most one request reaches the server.  (On a busy
    # machine the 0.2 s can run out while connecting, before the request is
    # sent, so none at all is an honest outcome too.)  Give a request sent
    # late, or a retry, time to arrive before counting.
    deadline = time.monotonic() + 5
    while not weather_server.requests and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.5)
    assert len(weather_server.requests) <= 1


@pytest.mark.parametrize("provider", ALL)
@pytest.mark.parametrize("body", [b"<html>Bad gateway</html>", b"", None], ids=["html", "empty", "truncated"])
def test_malformed_or_truncated_json_is_recorded(weather_server, provider, body):
    if body is None:
        whole = json.dumps(PAYLOADS[provider]).encode()
        body = whole[: len(whole) // 2]
    weather_server.serve(PATHS[provider], body=body)
    widget = make_widget(provider)
    with newsdesk(weather_server, provider):
        refresh_widget(widget)
    widget.refresh_from_db()
    assert widget.last_error.startswith("malformed JSON: ")
    assert widget.description == "broken clouds"


def test_interrupted_transfer_is_recorded(weather_server):
    """The server promises more bytes than it sends, then hangs up."""
    weather_server.serve(OPEN_METEO_PATH, OPEN_METEO_PAYLOAD, short_by=50)
    widget = make_widget("open-meteo")
    with newsdesk(weather_server, "open-meteo"):
        result = refresh_widget(widget)
    assert not result.ok
    widget.refresh_from_db()
    assert widget.last_error and widget.description == "broken clouds"


def test_redirect_is_not_followed(weather_server):
    weather_server.serve(OPEN_METEO_PATH, body=b"", status=302, headers={"Location": weather_server.url + "/elsewhere"})
    widget = make_widget("open-meteo")
    with newsdesk(weather_server, "open-meteo"):
        refresh_widget(widget)
    widget.refresh_from_db()
    assert widget.last_error.startswith("HTTP 302 ")
    assert [r.path for r in weather_server.requests] == [OPEN_METEO_PATH]


def _without(payload: dict, *path) -> dict:
    trimmed = copy.deepcopy(payload)
    target = trimmed
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return trimmed


@pytest.mark.parametrize(
    "provider, path, message",
    [
        ("open-meteo", ("current", "weather_code"), "missing field current.weather_code"),
        ("open-meteo", ("daily", "temperature_2m_min"), "missing field daily.temperature_2m_min"),
        ("open-meteo", ("utc_offset_seconds",), "missing field utc_offset_seconds"),
        ("openweathermap", ("weather",), "missing field weather"),
        ("openweathermap", ("main", "temp_max"), "missing field main.temp_max"),
        ("openweathermap", ("dt",), "missing field dt"),
        ("met-norway", ("properties", "timeseries"), "missing field properties.timeseries"),
        ("met-norway", ("properties", "meta"), "missing field properties.meta"),
    ],
)
def test_missing_fields_are_named(weather_server, provider, path, message):
    weather_server.serve(PATHS[provider], _without(PAYLOADS[provider], *path))
    widget = make_widget(provider)
    with newsdesk(weather_server, provider):
        refresh_widget(widget)
    widget.refresh_from_db()
    assert widget.last_error == message
    assert widget.description == "broken clouds"


def test_connection_refused_is_retried_then_recorded(weather_server):
    url = weather_server.url
    weather_server.shutdown()
    weather_server.server_close()  # nothing listens on that port now
    widget = make_widget("open-meteo")
    with override_settings(NEWSDESK={"WEATHER_PROVIDERS": {"open-meteo": {"base_url": url}}, "WEATHER_TIMEOUT": 0.2}):
        result = refresh_widget(widget)
    assert not result.ok
    assert result.error.startswith("could not connect: ")


def test_openweathermap_without_a_key_asks_for_one(weather_server):
    widget = make_widget("openweathermap")
    with override_settings(NEWSDESK={"WEATHER_PROVIDERS": {"openweathermap": {"base_url": weather_server.url}}}):
        refresh_widget(widget)
    widget.refresh_from_db()
    assert "needs an API key" in widget.last_error
    assert weather_server.requests == []


def test_unknown_provider_and_missing_coordinates_are_recorded():
    widget = make_widget("accuweather")
    assert refresh_widget(widget).error.startswith("unknown weather provider 'accuweather'")
    widget = make_widget("open-meteo", slug="nowhere", latitude=None)
    assert refresh_widget(widget).error == "the widget has no latitude/longitude"


# --- language and units -----------------------------------------------------


def test_arabic_site_gets_arabic_descriptions(weather_server):
    weather_server.serve(OPEN_METEO_PATH, OPEN_METEO_PAYLOAD)
    weather_server.serve(MET_PATH, MET_PAYLOAD)
    weather_server.serve(OWM_PATH, {**OWM_PAYLOAD, "weather": [{"id": 803, "main": "Clouds", "description": "غيوم متقطعة", "icon": "04d"}]})
    providers = {
        "open-meteo": {"base_url": weather_server.url},
        "met-norway": {"base_url": weather_server.url},
        "openweathermap": {"base_url": weather_server.url, "api_key": "k"},
    }
    with override_settings(LANGUAGE_CODE="ar", NEWSDESK={"WEATHER_PROVIDERS": providers}):
        from django.utils import translation

        with translation.override("ar"):
            results = {p: refresh_widget(make_widget(p, slug=p)) for p in providers}
    assert results["open-meteo"].reading.description == "غيوم متفرقة"  # scattered clouds
    assert results["met-norway"].reading.description == "غيوم متفرقة"
    assert results["openweathermap"].reading.description == "غيوم متقطعة"  # OWM's own
    owm_request = next(r for r in weather_server.requests if r.path == OWM_PATH)
    assert owm_request.query["lang"] == "ar"


def test_weather_language_setting_overrides_the_site_language(weather_server):
    weather_server.serve(OPEN_METEO_PATH, OPEN_METEO_PAYLOAD)
    with newsdesk(weather_server, "open-meteo", WEATHER_LANGUAGE="ar"):
        result = refresh_widget(make_widget("open-meteo"))
    assert result.reading.description == "غيوم متفرقة"


def test_imperial_units(weather_server):
    fahrenheit = copy.deepcopy(OPEN_METEO_PAYLOAD)
    fahrenheit["daily_units"] = {"time": "iso8601", "temperature_2m_max": "°F", "temperature_2m_min": "°F"}
    fahrenheit["daily"]["temperature_2m_min"] = [66.2]
    fahrenheit["daily"]["temperature_2m_max"] = [77.5]
    weather_server.serve(OPEN_METEO_PATH, fahrenheit)
    weather_server.serve(MET_PATH, MET_PAYLOAD)
    with override_settings(NEWSDESK={
        "WEATHER_UNITS": "imperial",
        "WEATHER_PROVIDERS": {"open-meteo": {"base_url": weather_server.url}, "met-norway": {"base_url": weather_server.url}},
    }):
        om = refresh_widget(make_widget("open-meteo", slug="om")).reading
        met = refresh_widget(make_widget("met-norway", slug="met")).reading
    assert weather_server.requests[0].query["temperature_unit"] == "fahrenheit"
    assert (om.unit, om.low, om.high) == ("F", Decimal("66.2"), Decimal("77.5"))
    # MET is always Celsius: 19.0 °C = 66.2 °F, 25.8 °C = 78.44 → 78.4 °F.
    assert (met.unit, met.low, met.high) == ("F", Decimal("66.2"), Decimal("78.4"))


# --- pure parsing edge cases (no network) -----------------------------------


def test_met_norway_day_follows_the_given_time_zone():
    reading = MetNorway(timezone=timezone.utc).parse(MET_PAYLOAD)
    assert (reading.low, reading.high) == (Decimal("17.2"), Decimal("25.8"))  # 20:00Z is still the 7th in UTC


def test_met_norway_symbol_suffixes_and_unknown_symbols():
    payload = copy.deepcopy(MET_PAYLOAD)
    first = payload["properties"]["timeseries"][0]["data"]
    first["next_1_hours"]["summary"]["symbol_code"] = "lightrainshowersandthunder_polartwilight"
    assert MetNorway().parse(payload).description == "thunderstorm with light rain"
    first["next_1_hours"]["summary"]["symbol_code"] = "volcanicash_day"
    assert MetNorway().parse(payload).description == "volcanicash"
    del first["next_1_hours"]
    first["next_6_hours"]["summary"]["symbol_code"] = "heavyrain"
    assert MetNorway().parse(payload).description == "heavy intensity rain"


@pytest.mark.parametrize(
    "payload_change, message",
    [
        ({"current": {"time": "2025-12-07T09:00", "weather_code": 42}}, "unknown WMO weather code 42"),
        ({"current": {"time": "2025-12-07T09:00", "weather_code": "3"}}, "current.weather_code is not a WMO code: '3'"),
        ({"daily": {"temperature_2m_min": [None], "temperature_2m_max": [20]}}, "daily.temperature_2m_min is not a number: None"),
        ({"daily": {"temperature_2m_min": [], "temperature_2m_max": []}}, "missing field daily.temperature_2m_min.0"),
        ({"daily": {"temperature_2m_min": [float("nan")], "temperature_2m_max": [20]}}, "daily.temperature_2m_min is not a plausible temperature: nan"),
    ],
)
def test_open_meteo_rejects_wrong_values(payload_change, message):
    with pytest.raises(WeatherDataError) as caught:
        OpenMeteo().parse({**OPEN_METEO_PAYLOAD, **payload_change})
    assert str(caught.value) == message


def test_openweathermap_rejects_a_non_list_weather():
    with pytest.raises(WeatherDataError, match="missing field weather.0"):
        OpenWeatherMap().parse({**OWM_PAYLOAD, "weather": {}})


def test_open_meteo_key_switches_to_the_customer_endpoint():
    url, params = OpenMeteo(api_key="abc").request(23.588, 58.3829)
    assert url == "https://customer-api.open-meteo.com/v1/forecast"
    assert params["apikey"] == "abc"
    assert OpenMeteo().request(1, 2)[0] == "https://api.open-meteo.com/v1/forecast"


def test_provider_modules_import_no_django():
    """The parsing layer stays pure: importing it loads no Django module."""
    import subprocess
    import sys

    code = (
        "import sys, newsdesk.weather, newsdesk.weather.vocabulary;"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "[]"
