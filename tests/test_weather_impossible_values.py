"""Provider answers with impossible values fail one widget with a clear
``WeatherDataError``, never the run: through ``refresh_weather`` against
the loopback server, through the admin's *Refresh now*, and ``parse()``
directly.  Expected messages are written by hand from the payloads."""

from __future__ import annotations

import copy
import logging
from datetime import datetime, timezone
from decimal import Decimal
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape

from newsdesk.models import WeatherWidget
from newsdesk.weather import PROVIDERS, Reading, WeatherDataError, WeatherProvider
from newsdesk.weather.met_norway import MetNorway
from newsdesk.weather.open_meteo import OpenMeteo
from newsdesk.weather.openweathermap import OpenWeatherMap
from tests.weather_http import (
    OPEN_METEO_PATH,
    OPEN_METEO_PAYLOAD,
    PATHS,
    PAYLOADS,
    clear_cache,  # noqa: F401 (fixture)
    weather_server,  # noqa: F401 (fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]

#: 200,000 "[" then 200,000 "]": valid JSON in form, far deeper than the
#: interpreter's recursion limit (1,000).
DEEP_BRACKETS = b"[" * 200_000 + b"]" * 200_000


def changed(provider: str, *path_and_value: Any) -> dict:
    """The provider's documented payload with one value replaced."""
    *path, value = path_and_value
    payload = copy.deepcopy(PAYLOADS[provider])
    target = payload
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return payload


# (provider, body or payload, the message recorded on the widget)
BAD_ANSWERS = [
    pytest.param(
        "open-meteo", changed("open-meteo", "utc_offset_seconds", 999999),
        "utc_offset_seconds is not a UTC offset (at most ±18 h): 999999",
        id="open-meteo-offset-999999",
    ),
    pytest.param(
        "open-meteo", changed("open-meteo", "utc_offset_seconds", 10**20),
        "utc_offset_seconds is not a UTC offset (at most ±18 h): 100000000000000000000",
        id="open-meteo-offset-1e20",
    ),
    pytest.param(
        "open-meteo", changed("open-meteo", "current", "time", "0001-01-01T00:00"),
        "current.time is not a plausible time (years 1970-2100): '0001-01-01T00:00:00'",
        id="open-meteo-year-1",
    ),
    pytest.param(
        "open-meteo", changed("open-meteo", "current", "time", "9999-12-31T23:00"),
        "current.time is not a plausible time (years 1970-2100): '9999-12-31T23:00:00'",
        id="open-meteo-year-9999",
    ),
    pytest.param("open-meteo", DEEP_BRACKETS, "malformed JSON: nested too deeply", id="open-meteo-400kB-brackets"),
    pytest.param(
        "openweathermap", changed("openweathermap", "dt", 10**20),
        "dt is not a plausible Unix time (years 1970-2100): 100000000000000000000",
        id="owm-dt-1e20",
    ),
    pytest.param(
        "openweathermap", changed("openweathermap", "dt", -(10**14)),
        "dt is not a plausible Unix time (years 1970-2100): -100000000000000",
        id="owm-dt-minus-1e14",
    ),
    pytest.param(
        "met-norway", changed("met-norway", "properties", "timeseries", 0, "time", "9999-12-31T23:00:00Z"),
        "timeseries[0].time is not a plausible time (years 1970-2100): '9999-12-31T23:00:00+00:00'",
        id="met-year-9999",
    ),
]

#: The other widget's provider and what it stores (as in test_weather_providers).
GOOD = {
    "open-meteo": ("met-norway", "scattered clouds", Decimal("25.8")),
    "openweathermap": ("open-meteo", "scattered clouds", Decimal("25.3")),
    "met-norway": ("open-meteo", "scattered clouds", Decimal("25.3")),
}


def serve(server, provider: str, answer: dict | bytes) -> None:
    if isinstance(answer, bytes):
        server.serve(PATHS[provider], body=answer)
    else:
        server.serve(PATHS[provider], answer)


def settings_for(server) -> override_settings:
    options = {"base_url": server.url}
    return override_settings(NEWSDESK={
        "WEATHER_TIMEOUT": 2,
        "WEATHER_PROVIDERS": {
            "open-meteo": options, "met-norway": options, "openweathermap": {**options, "api_key": "k"},
        },
    })


def widget(slug: str, provider: str) -> WeatherWidget:
    return WeatherWidget.objects.create(
        slug=slug, location=slug.upper(), provider=provider,
        latitude=Decimal("23.588"), longitude=Decimal("58.3829"),
        description="broken clouds", low=Decimal("19"), high=Decimal("19"),
    )


@pytest.mark.parametrize("provider, answer, message", BAD_ANSWERS)
def test_refresh_weather_records_the_bad_answer_and_refreshes_the_other_widget(
    weather_server, provider, answer, message
):
    good_provider, good_description, good_high = GOOD[provider]
    serve(weather_server, provider, answer)
    serve(weather_server, good_provider, PAYLOADS[good_provider])
    widget("bad", provider)
    widget("good", good_provider)
    out, err = StringIO(), StringIO()
    with settings_for(weather_server):
        # Exit status 0: at least one widget refreshed (the command's docstring).
        call_command("refresh_weather", stdout=out, stderr=err)
    assert out.getvalue().endswith("Refreshed 1 of 2 weather widgets.\n")
    assert err.getvalue() == f"bad: failed ({provider}): {message}; kept the last reading\n"
    bad = WeatherWidget.objects.get(slug="bad")
    assert bad.last_error == message
    assert bad.last_error_at is not None
    assert (bad.description, bad.high, bad.fetched_at) == ("broken clouds", Decimal("19"), None)
    good = WeatherWidget.objects.get(slug="good")
    assert (good.description, good.high, good.last_error) == (good_description, good_high, "")


@pytest.mark.parametrize("provider, answer, message", BAD_ANSWERS)
def test_refresh_now_in_the_admin_reports_the_bad_answer(weather_server, admin_client, provider, answer, message):
    serve(weather_server, provider, answer)
    bad = widget("bad", provider)
    with settings_for(weather_server):
        response = admin_client.post(
            reverse("admin:newsdesk_weatherwidget_changelist"),
            {"action": "refresh_now", "_selected_action": [bad.pk]},
            follow=True,
        )
    assert response.redirect_chain[0][1] == 302
    assert response.status_code == 200
    [(level, text)] = [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]
    # The editor's sentence for an unusable answer, then the technical message, isolated.
    assert level == "error"
    assert text.startswith(
        "<bdi>bad</bdi>: The weather could not be refreshed: the weather service sent an answer "
        "that could not be used."
    )
    assert f'<bdi dir="ltr">{escape(message)}</bdi></details>' in text
    assert WeatherWidget.objects.get(slug="bad").last_error_kind == "answer"


# --- parse() directly ------------------------------------------------------------


@pytest.mark.parametrize(
    "parser, payload, message",
    [
        (OpenMeteo(), changed("open-meteo", "utc_offset_seconds", 999999),
         "utc_offset_seconds is not a UTC offset (at most ±18 h): 999999"),
        (OpenMeteo(), changed("open-meteo", "utc_offset_seconds", 10**20),
         "utc_offset_seconds is not a UTC offset (at most ±18 h): 100000000000000000000"),
        (OpenMeteo(), changed("open-meteo", "utc_offset_seconds", -(18 * 3600 + 1)),
         "utc_offset_seconds is not a UTC offset (at most ±18 h): -64801"),
        (OpenMeteo(), changed("open-meteo", "current", "time", "0001-01-01T00:00"),
         "current.time is not a plausible time (years 1970-2100): '0001-01-01T00:00:00'"),
        (OpenMeteo(), changed("open-meteo", "current", "time", "9999-12-31T23:00"),
         "current.time is not a plausible time (years 1970-2100): '9999-12-31T23:00:00'"),
        (OpenMeteo(), changed("open-meteo", "current", "time", "1969-12-31T23:59"),
         "current.time is not a plausible time (years 1970-2100): '1969-12-31T23:59:00'"),
        (OpenWeatherMap(), changed("openweathermap", "dt", 10**20),
         "dt is not a plausible Unix time (years 1970-2100): 100000000000000000000"),
        (OpenWeatherMap(), changed("openweathermap", "dt", -(10**14)),
         "dt is not a plausible Unix time (years 1970-2100): -100000000000000"),
        # 2101-01-01T00:00:00Z: 131 years of which 32 leap (1972 ... 2096;
        # 2100 is not), (131 × 365 + 32) × 86400 = 4133980800.
        (OpenWeatherMap(), changed("openweathermap", "dt", 4133980800),
         "dt is not a plausible Unix time (years 1970-2100): 4133980800"),
        (OpenWeatherMap(), changed("openweathermap", "dt", -1),
         "dt is not a plausible Unix time (years 1970-2100): -1"),
        (MetNorway(), changed("met-norway", "properties", "timeseries", 0, "time", "9999-12-31T23:00:00Z"),
         "timeseries[0].time is not a plausible time (years 1970-2100): '9999-12-31T23:00:00+00:00'"),
        (MetNorway(), changed("met-norway", "properties", "timeseries", 3, "time", "0001-01-01T00:00:00Z"),
         "timeseries[3].time is not a plausible time (years 1970-2100): '0001-01-01T00:00:00+00:00'"),
    ],
)
def test_parse_rejects_impossible_values(parser, payload, message):
    with pytest.raises(WeatherDataError) as caught:
        parser.parse(payload)
    assert str(caught.value) == message


def test_the_bounds_themselves_are_accepted():
    # Offsets of exactly ±18 h: 09:00 at UTC+18 is 15:00 the day before in UTC.
    reading = OpenMeteo().parse(changed("open-meteo", "utc_offset_seconds", 18 * 3600))
    assert reading.observed_at == datetime(2025, 12, 6, 15, 0, tzinfo=timezone.utc)
    reading = OpenMeteo().parse(changed("open-meteo", "utc_offset_seconds", -18 * 3600))
    assert reading.observed_at == datetime(2025, 12, 8, 3, 0, tzinfo=timezone.utc)
    # The first and the last second of the years allowed.
    assert OpenWeatherMap().parse(changed("openweathermap", "dt", 0)).observed_at == datetime(
        1970, 1, 1, tzinfo=timezone.utc
    )
    assert OpenWeatherMap().parse(changed("openweathermap", "dt", 4133980799)).observed_at == datetime(
        2100, 12, 31, 23, 59, 59, tzinfo=timezone.utc
    )


# --- the safety net: a provider's own parse bug ---------------------------------------


class CarelessProvider(WeatherProvider):
    """A third-party provider whose parser trusts its input."""

    name = "careless"
    label = "Careless"

    def request(self, latitude, longitude) -> tuple[str, dict]:
        return f"{self.base_url}/careless", {}

    def parse(self, payload: Any) -> Reading:
        days = payload["days"]  # KeyError, TypeError ...
        return Reading(
            description=payload["text"], low=Decimal(days[0]), high=Decimal(days[1] / 0),
            unit="C", observed_at=None, provider=self.name,
        )


@pytest.mark.parametrize(
    "payload, message",
    [
        ({"text": "sunny"}, "could not interpret the answer (KeyError: 'days')"),
        ({"days": 3, "text": "sunny"}, "could not interpret the answer (TypeError: 'int' object is not subscriptable)"),
        ({"days": [], "text": "sunny"}, "could not interpret the answer (IndexError: list index out of range)"),
        ({"days": [1, 2], "text": "sunny"}, "could not interpret the answer (ZeroDivisionError: division by zero)"),
    ],
)
def test_a_parse_bug_becomes_a_weather_data_error(weather_server, caplog, payload, message):
    weather_server.serve("/careless", payload)
    provider = CarelessProvider(base_url=weather_server.url, timeout=2)
    with caplog.at_level(logging.WARNING, logger="newsdesk"), pytest.raises(WeatherDataError) as caught:
        provider.fetch(1, 2)
    assert str(caught.value) == message
    (record,) = [r for r in caplog.records if r.name == "newsdesk.weather.base"]
    assert record.getMessage() == "careless: could not interpret the answer"
    assert record.exc_info is not None  # the parser's traceback, for its author


def test_a_parse_bug_fails_one_widget_in_refresh_weather(weather_server):
    weather_server.serve("/careless", {"text": "sunny"})
    weather_server.serve(OPEN_METEO_PATH, OPEN_METEO_PAYLOAD)
    widget("bad", "careless")
    widget("good", "open-meteo")
    err = StringIO()
    with mock.patch.dict(PROVIDERS, {"careless": CarelessProvider}), override_settings(NEWSDESK={
        "WEATHER_PROVIDERS": {"careless": {"base_url": weather_server.url}, "open-meteo": {"base_url": weather_server.url}},
    }):
        call_command("refresh_weather", stdout=StringIO(), stderr=err)
    assert err.getvalue() == (
        "bad: failed (careless): could not interpret the answer (KeyError: 'days'); kept the last reading\n"
    )
    assert WeatherWidget.objects.get(slug="good").high == Decimal("25.3")
