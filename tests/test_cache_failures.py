"""A cache server that is down or hung never breaks a page, an admin save,
``refresh_weather`` or a wire import (``newsdesk.cache``).

Real parts only: Django's Redis backend pointed at a loopback port where
nothing listens (connection refused) or at a server that accepts
connections and never answers (hung), with a short socket timeout.  Whether
newsdesk asked the cache again is checked by counting the hung server's
connections, never by timing.
"""

from __future__ import annotations

import datetime
import logging
import time
import uuid
from decimal import Decimal
from io import StringIO

import pytest
from django.core.cache import cache as django_cache
from django.core.management import call_command
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse

from newsdesk import cache as newsdesk_cache
from newsdesk import hijri as hijri_layer
from newsdesk.ingest import IMPORTED, import_story
from newsdesk.models import HijriMonthStart, WeatherWidget
from newsdesk.weather.service import cache_key
from tests.conftest import unavailable
from tests.tcp_servers import HungServer, free_port
from tests.test_weather_widget import SEED_BLOCK, _redis_reachable, seed_widget
from tests.weather_http import OPEN_METEO_PATH, OPEN_METEO_PAYLOAD, weather_server  # noqa: F401 (fixture)
from tests.wire_import_support import seed_text

pytestmark = pytest.mark.django_db

D = datetime.date
SEED_LINE = "Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H"
UMM_AL_QURA_LINE = "Sunday, December 07, 2025 | Jumada al-akhirah 16, 1447 H"
#: Longer than any test: the breaker stays open for the whole test.
HOUR = 3600


def redis_caches(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"newsdesk-test-{uuid.uuid4().hex}",
            # redis-py's connection options: give up on a connect, and on
            # each answer, after 0.3 s.
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }


@pytest.fixture
def hung_server():
    server = HungServer()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(params=["refused", "hung"])
def dead_cache(request):
    """The default cache is a Redis that refuses connections or never
    answers; yields the hung server (``None`` for "refused")."""
    server = HungServer() if request.param == "hung" else None
    location = server.location if server else f"redis://127.0.0.1:{free_port()}/0"
    try:
        with override_settings(CACHES=redis_caches(location)):
            yield server
    finally:
        if server:
            server.close()


def newsdesk(**values) -> override_settings:
    return override_settings(NEWSDESK=values)


def render(source: str, **context) -> str:
    return Template("{% load newsdesk %}" + source).render(Context(context))


def outage_warnings(caplog) -> list[logging.LogRecord]:
    return [
        r for r in caplog.records
        if r.name == "newsdesk" and r.levelno == logging.WARNING and r.getMessage().startswith("The cache failed")
    ]


# --- the weather widget -------------------------------------------------------


def test_widget_renders_from_the_database_and_the_outage_is_logged_once(
    dead_cache, caplog, django_assert_num_queries
):
    # bulk_create sends no post_save, so the renders are the first cache calls.
    WeatherWidget.objects.bulk_create([WeatherWidget(
        slug="oman", location="OMAN", provider="openweathermap",
        description="broken clouds", low=Decimal("19"), high=Decimal("19"),
    )])
    with newsdesk(CACHE_RETRY_AFTER=HOUR), caplog.at_level(logging.INFO, logger="newsdesk"):
        for _ in range(3):
            # 1. SELECT the widget by slug: the cache is not there to answer.
            with django_assert_num_queries(1):
                assert render('{% weather_widget "oman" %}') == SEED_BLOCK
    (warning,) = outage_warnings(caplog)
    assert warning.exc_info is not None  # with the backend's traceback
    assert warning.getMessage().startswith("The cache failed (RedisCache, get newsdesk:weather:v1:oman); ")
    if dead_cache is not None:
        # The first render's get was the only call that reached the server:
        # its set and the next two renders skipped the cache.
        assert dead_cache.connections == 1


def test_retry_after_zero_asks_every_time_but_logs_once(hung_server, caplog):
    seed_widget()
    with override_settings(CACHES=redis_caches(hung_server.location)), newsdesk(CACHE_RETRY_AFTER=0):
        with caplog.at_level(logging.INFO, logger="newsdesk"):
            for _ in range(2):
                assert render('{% weather_widget "oman" %}') == SEED_BLOCK
    # Each render asked once (a get, on a new connection that timed out) and
    # then did not write to the cache it could not read.
    assert hung_server.connections == 2
    assert len(outage_warnings(caplog)) == 1


def test_the_cache_is_asked_again_after_the_period(hung_server):
    seed_widget()
    with override_settings(CACHES=redis_caches(hung_server.location)), newsdesk(CACHE_RETRY_AFTER=0.5):
        assert render('{% weather_widget "oman" %}') == SEED_BLOCK
        asked = hung_server.connections
        assert asked >= 1
        time.sleep(1.0)  # past the 0.5 s period (a lower bound: no flakiness)
        assert render('{% weather_widget "oman" %}') == SEED_BLOCK
    assert hung_server.connections > asked


def test_a_cache_that_comes_back_is_used_again_and_said_so(hung_server, caplog, django_assert_num_queries):
    if not _redis_reachable():
        unavailable("Redis is not reachable at 127.0.0.1:6379", "NEWSDESK_REQUIRE_REDIS")
    seed_widget()
    with override_settings(CACHES=redis_caches(hung_server.location)), newsdesk(CACHE_RETRY_AFTER=0):
        try:
            with caplog.at_level(logging.INFO, logger="newsdesk"):
                assert render('{% weather_widget "oman" %}') == SEED_BLOCK
                hung_server.forward_to("127.0.0.1", 6379)  # the server is back
                assert render('{% weather_widget "oman" %}') == SEED_BLOCK
            with django_assert_num_queries(0):  # cached again
                assert render('{% weather_widget "oman" %}') == SEED_BLOCK
        finally:
            django_cache.delete(cache_key("oman"))
    assert len(outage_warnings(caplog)) == 1
    back = [r for r in caplog.records if r.levelno == logging.INFO and r.getMessage().startswith("The cache works again")]
    assert len(back) == 1


def test_saving_and_deleting_a_widget_in_the_admin_redirects(dead_cache, admin_client):
    widget = seed_widget()
    form = {
        "slug": "oman", "location": "OMAN", "active": "on", "order": "0",
        "latitude": "23.588", "longitude": "58.3829", "provider": "open-meteo",
        "description": "clear sky", "low": "20", "high": "26", "unit": "C",
        "observed_at_0": "", "observed_at_1": "",
    }
    response = admin_client.post(reverse("admin:newsdesk_weatherwidget_change", args=[widget.pk]), form)
    assert response.status_code == 302
    widget.refresh_from_db()
    assert (widget.description, widget.high) == ("clear sky", Decimal("26"))
    response = admin_client.post(reverse("admin:newsdesk_weatherwidget_delete", args=[widget.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not WeatherWidget.objects.exists()


def test_refresh_weather_stores_the_reading_and_exits_0(dead_cache, weather_server):  # noqa: F811
    weather_server.serve(OPEN_METEO_PATH, OPEN_METEO_PAYLOAD)
    seed_widget(provider="open-meteo", latitude=Decimal("23.588"), longitude=Decimal("58.3829"))
    out, err = StringIO(), StringIO()
    with newsdesk(WEATHER_PROVIDERS={"open-meteo": {"base_url": weather_server.url}}):
        call_command("refresh_weather", stdout=out, stderr=err)  # no CommandError: exit status 0
    assert out.getvalue() == (
        "oman: scattered clouds, 19°C / 25°C (open-meteo)\n"
        "Refreshed 1 of 1 weather widgets.\n"
    )
    assert err.getvalue() == ""
    widget = WeatherWidget.objects.get(slug="oman")
    assert (widget.description, widget.low, widget.high) == ("scattered clouds", Decimal("19.0"), Decimal("25.3"))
    assert "19°C / 25°C" in render('{% weather_widget "oman" %}')  # from the database


# --- the Hijri calendar ------------------------------------------------------------


def test_dual_date_renders_and_saving_a_month_start_does_not_fail(
    dead_cache, caplog, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with newsdesk(CACHE_RETRY_AFTER=HOUR), caplog.at_level(logging.INFO, logger="newsdesk"):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            HijriMonthStart.objects.create(year=1447, month=6, starts_on=D(2025, 11, 23))
        assert len(callbacks) == 1  # the version bump ran, and was skipped quietly
        assert render("{% dual_date d %}", d=D(2025, 12, 7)) == SEED_LINE
        # Within VERSION_CHECK_SECONDS the process's own calendar serves.
        with django_assert_num_queries(0):
            assert render("{% dual_date d %}", d=D(2025, 12, 8)).endswith("16, 1447 H")
    assert len(outage_warnings(caplog)) == 1
    if dead_cache is not None:
        assert dead_cache.connections == 1


def test_during_an_outage_other_processes_changes_still_show(dead_cache, monkeypatch):
    with newsdesk(CACHE_RETRY_AFTER=HOUR):
        assert render("{{ d|hijri }}", d=D(2025, 12, 7)) == "Jumada al-akhirah 16, 1447 H"
        # Another worker records a start: no signal here, and no version
        # number to read.  Once VERSION_CHECK_SECONDS have passed (set
        # directly rather than waited for) the calendar is rebuilt anyway.
        HijriMonthStart.objects.bulk_create([HijriMonthStart(year=1447, month=6, starts_on=D(2025, 11, 23))])
        monkeypatch.setattr(hijri_layer._state, "check_after", 0.0)
        assert render("{{ d|hijri }}", d=D(2025, 12, 7)) == "Jumada al-akhirah 15, 1447 H"


def test_a_wire_import_records_its_month_start_and_commits(dead_cache, django_capture_on_commit_callbacks):
    with newsdesk(CACHE_RETRY_AFTER=HOUR), django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = import_story(seed_text(), source_name="seed_000.txt")
    assert result.status == IMPORTED, result.error
    # The seed's date bar: 2025-12-07 is 15 Jumada II 1447, so the month began on 2025-11-23.
    assert HijriMonthStart.objects.get(year=1447, month=6).starts_on == D(2025, 11, 23)
    assert callbacks  # the version bump after the commit ran without raising


# --- the module itself, with a working cache ---------------------------------------------


def test_a_working_cache_is_used_as_it_is():
    key = f"newsdesk-test-{uuid.uuid4().hex}"
    assert newsdesk_cache.get(key, "missing") == "missing"
    assert newsdesk_cache.set(key, {"a": 1}, 60) is True
    assert newsdesk_cache.get(key) == {"a": 1}
    assert django_cache.get(key) == {"a": 1}
    assert newsdesk_cache.delete(key) is True
    assert newsdesk_cache.get(key) is None


def test_while_skipping_writes_and_deletes_do_nothing(dead_cache):
    with newsdesk(CACHE_RETRY_AFTER=HOUR):
        assert newsdesk_cache.get("k") is newsdesk_cache.UNAVAILABLE
        assert newsdesk_cache.set("k", 1, 60) is False
        assert newsdesk_cache.delete("k") is False
    if dead_cache is not None:
        assert dead_cache.connections == 1
