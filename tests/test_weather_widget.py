"""``{% weather_widget %}``: exact output, nothing for missing widgets, the
stale marker and attribution, the query budget, and the cache backends."""

from __future__ import annotations

import socket
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.template import Context, Template
from django.test import override_settings
from django.utils import timezone

from newsdesk.models import WeatherWidget
from newsdesk.weather.service import cache_key, refresh_widget
from tests.conftest import unavailable
from tests.weather_http import (
    OPEN_METEO_PATH,
    OPEN_METEO_PAYLOAD,
    clear_cache,  # noqa: F401 (fixture)
    weather_server,  # noqa: F401 (fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]

#: A stale-after limit no test reading reaches (the payloads are from 2025).
CENTURY = 100 * 365 * 24 * 60 * 60

# The seed's block, written by hand from the template.
SEED_BLOCK = (
    '<div class="newsdesk-weather" data-weather="oman">\n'
    '  <span class="newsdesk-weather__description">broken clouds</span>\n'
    '  <span class="newsdesk-weather__label">weather</span>\n'
    '  <span class="newsdesk-weather__location">OMAN</span>\n'
    '  <span class="newsdesk-weather__temperatures">19°C / 19°C</span>\n'
    "</div>\n"
)


def render(slug: str = "oman") -> str:
    return Template('{% load newsdesk %}{% weather_widget "' + slug + '" %}').render(Context())


def seed_widget(**fields) -> WeatherWidget:
    """The seed's widget, typed in by an editor (no fetch, no times)."""
    values = {
        "slug": "oman", "location": "OMAN", "provider": "openweathermap",
        "description": "broken clouds", "low": Decimal("19"), "high": Decimal("19"),
    }
    values.update(fields)
    return WeatherWidget.objects.create(**values)


def test_renders_the_seed_block_exactly():
    seed_widget()
    assert render() == SEED_BLOCK


def test_whole_degrees_round_half_up_and_one_sided_readings():
    seed_widget(low=Decimal("18.5"), high=Decimal("24.4"))
    assert '<span class="newsdesk-weather__temperatures">19°C / 24°C</span>' in render()
    WeatherWidget.objects.filter(slug="oman").update(low=None)
    cache.clear()
    assert '<span class="newsdesk-weather__temperatures">24°C</span>' in render()


@pytest.mark.parametrize(
    "setup",
    [
        lambda: None,  # unknown slug
        lambda: seed_widget(active=False),
        lambda: seed_widget(description="", low=None, high=None),  # no reading yet
    ],
    ids=["unknown", "inactive", "no-reading"],
)
def test_renders_nothing_when_there_is_nothing_to_show(setup):
    setup()
    assert render() == ""


def test_one_query_uncached_then_none(django_assert_num_queries):
    seed_widget()
    # 1. SELECT the widget by slug (only the rendered fields).
    with django_assert_num_queries(1):
        assert render() == SEED_BLOCK
    # Cached now: no query at all.
    with django_assert_num_queries(0):
        assert render() == SEED_BLOCK


def test_unknown_slug_is_cached_too(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert render("nowhere") == ""
    with django_assert_num_queries(0):
        assert render("nowhere") == ""


def test_render_never_calls_the_provider(weather_server, django_assert_num_queries):
    seed_widget(latitude=Decimal("23.588"), longitude=Decimal("58.3829"), provider="open-meteo")
    weather_server.serve(OPEN_METEO_PATH, OPEN_METEO_PAYLOAD)
    with override_settings(NEWSDESK={"WEATHER_PROVIDERS": {"open-meteo": {"base_url": weather_server.url}}}):
        render()
        render()
    assert weather_server.requests == []


def test_editing_a_widget_drops_its_cached_reading():
    widget = seed_widget()
    assert "broken clouds" in render()
    widget.description = "clear sky"
    widget.save()
    assert '<span class="newsdesk-weather__description">clear sky</span>' in render()
    widget.delete()
    assert render() == ""


def test_stale_reading_is_marked():
    seed_widget(observed_at=timezone.now() - timedelta(hours=4))  # default limit: 3 hours
    assert render() == (
        '<div class="newsdesk-weather newsdesk-weather--stale" data-weather="oman">\n'
        '  <span class="newsdesk-weather__description">broken clouds</span>\n'
        '  <span class="newsdesk-weather__label">weather</span>\n'
        '  <span class="newsdesk-weather__location">OMAN</span>\n'
        '  <span class="newsdesk-weather__temperatures">19°C / 19°C</span>\n'
        '  <span class="newsdesk-weather__stale">not updated recently</span>\n'
        "</div>\n"
    )


def test_stale_after_is_a_setting():
    seed_widget(observed_at=timezone.now() - timedelta(minutes=20))
    assert "--stale" not in render()
    with override_settings(NEWSDESK={"WEATHER_STALE_AFTER": 600}):
        assert "--stale" in render()  # staleness is judged at render time, not cached


def test_fetched_reading_carries_the_licence_attribution(weather_server):
    weather_server.serve(OPEN_METEO_PATH, OPEN_METEO_PAYLOAD)
    widget = seed_widget(provider="open-meteo", latitude=Decimal("23.588"), longitude=Decimal("58.3829"))
    with override_settings(NEWSDESK={
        "WEATHER_PROVIDERS": {"open-meteo": {"base_url": weather_server.url}},
        "WEATHER_STALE_AFTER": CENTURY,  # the payload's 2025 time would be stale today
    }):
        assert refresh_widget(widget).ok
        html = render()
    assert html == (
        '<div class="newsdesk-weather" data-weather="oman">\n'
        '  <span class="newsdesk-weather__description">scattered clouds</span>\n'
        '  <span class="newsdesk-weather__label">weather</span>\n'
        '  <span class="newsdesk-weather__location">OMAN</span>\n'
        '  <span class="newsdesk-weather__temperatures">19°C / 25°C</span>\n'
        '  <small class="newsdesk-weather__attribution"><a href="https://open-meteo.com/">'
        'Weather data by Open-Meteo.com</a> (<a href="https://creativecommons.org/licenses/by/4.0/"'
        ' rel="license">CC BY 4.0</a>)</small>\n'
        "</div>\n"
    )


def test_template_is_overridable(tmp_path):
    (tmp_path / "newsdesk").mkdir()
    (tmp_path / "newsdesk" / "weather_widget.html").write_text("{{ location }}: {{ low }}{{ unit_symbol }}")
    seed_widget()
    templates = [{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [str(tmp_path)],
        "APP_DIRS": True,
    }]
    with override_settings(TEMPLATES=templates):
        assert render() == "OMAN: 19°C"


def test_location_is_escaped():
    seed_widget(location="<b>OMAN</b>")
    assert "&lt;b&gt;OMAN&lt;/b&gt;" in render()


# --- cache backends ---------------------------------------------------------


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.2):
            return True
    except OSError:
        return False


BACKENDS = [
    pytest.param({"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "weather-test"}, id="locmem"),
    pytest.param({"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "newsdesk_test_cache"}, id="database"),
    pytest.param(
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/0"},
        id="redis",
    ),
]


@pytest.mark.parametrize("backend", BACKENDS)
def test_refreshed_reading_is_served_from_the_cache(backend, weather_server, django_assert_num_queries):
    # A unique prefix keeps this run's keys apart from anything else in a shared Redis.
    if "RedisCache" in backend["BACKEND"] and not _redis_reachable():
        unavailable("Redis is not reachable at 127.0.0.1:6379", "NEWSDESK_REQUIRE_REDIS")
    caches = {"default": {**backend, "KEY_PREFIX": f"newsdesk-test-{uuid.uuid4().hex}"}}
    weather_server.serve(OPEN_METEO_PATH, OPEN_METEO_PAYLOAD)
    with override_settings(CACHES=caches, NEWSDESK={
        "WEATHER_PROVIDERS": {"open-meteo": {"base_url": weather_server.url}},
        "WEATHER_STALE_AFTER": CENTURY,
    }):
        if "DatabaseCache" in backend["BACKEND"]:
            call_command("createcachetable", verbosity=0)
        try:
            widget = seed_widget(provider="open-meteo", latitude=Decimal("23.588"), longitude=Decimal("58.3829"))
            assert refresh_widget(widget).ok
            stored = cache.get(cache_key("oman"))
            assert stored["description"] == "scattered clouds"
            assert stored["high"] == Decimal("25.3")
            # Refresh warmed the cache: a render needs no query, for the database
            # backend none beyond the cache's own (which is not a widget query).
            if "DatabaseCache" not in backend["BACKEND"]:
                with django_assert_num_queries(0):
                    assert "19°C / 25°C" in render()
            else:
                assert "19°C / 25°C" in render()
            widget.description = "clear sky"
            widget.save()  # the signal drops the key in whichever backend
            assert cache.get(cache_key("oman")) is None
        finally:
            cache.delete(cache_key("oman"))


def test_cache_timeout_zero_switches_caching_off(django_assert_num_queries):
    seed_widget()
    with override_settings(NEWSDESK={"WEATHER_CACHE_TIMEOUT": 0}):
        for _ in range(2):
            with django_assert_num_queries(1):
                assert render() == SEED_BLOCK
