"""``refresh_weather`` and the admin's *Refresh now*, against a real HTTP
server on 127.0.0.1."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from newsdesk.models import WeatherWidget
from tests.factories import make_staff
from tests.weather_http import (
    OPEN_METEO_PATH,
    OPEN_METEO_PAYLOAD,
    OWM_401,
    OWM_PATH,
    clear_cache,  # noqa: F401 (fixture)
    weather_server,  # noqa: F401 (fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


@pytest.fixture
def providers(weather_server):
    weather_server.serve(OPEN_METEO_PATH, OPEN_METEO_PAYLOAD)
    weather_server.serve(OWM_PATH, OWM_401, status=401)
    # No test here waits on a slow provider: the timeout is only a hang
    # guard, generous enough that a busy machine's loopback server answers.
    with override_settings(NEWSDESK={
        "WEATHER_TIMEOUT": 10,
        "WEATHER_PROVIDERS": {
            "open-meteo": {"base_url": weather_server.url},
            "openweathermap": {"base_url": weather_server.url, "api_key": "wrong"},
        },
    }):
        yield weather_server


def widget(slug: str, provider: str, **fields) -> WeatherWidget:
    values = {
        "slug": slug, "location": slug.upper(), "provider": provider,
        "latitude": Decimal("23.588"), "longitude": Decimal("58.3829"),
        "description": "broken clouds", "low": Decimal("19"), "high": Decimal("19"),
    }
    values.update(fields)
    return WeatherWidget.objects.create(**values)


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("refresh_weather", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_one_line_per_widget_and_success_when_any_refreshed(providers):
    widget("muscat", "open-meteo")
    widget("salalah", "openweathermap")
    out, err = run()
    assert out == (
        "muscat: scattered clouds, 19°C / 25°C (open-meteo)\n"
        "Refreshed 1 of 2 weather widgets.\n"
    )
    assert err == (
        "salalah: failed (openweathermap): HTTP 401 Unauthorized: Invalid API key. Please see "
        "https://openweathermap.org/faq#error401 for more info.; kept the last reading\n"
    )
    salalah = WeatherWidget.objects.get(slug="salalah")
    assert salalah.description == "broken clouds" and salalah.last_error.startswith("HTTP 401")


def test_fails_when_every_widget_failed(providers):
    widget("salalah", "openweathermap")
    widget("sohar", "openweathermap", description="", low=None, high=None)
    with pytest.raises(CommandError, match=r"every weather widget failed to refresh \(2\)") as caught:
        run()
    assert caught.value.returncode == 1


def test_no_reading_yet_is_said(providers):
    widget("sohar", "openweathermap", description="", low=None, high=None)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("refresh_weather", stdout=StringIO(), stderr=err)
    assert err.getvalue().endswith("; no reading yet\n")


def test_only_active_widgets_by_default_but_named_ones_always(providers):
    widget("muscat", "open-meteo", active=False)
    out, _ = run()
    assert out == "No active weather widgets.\n"
    assert providers.requests == []
    out, _ = run("muscat")
    assert out.startswith("muscat: scattered clouds")


def test_unknown_slug_is_a_usage_error_and_refreshes_nothing(providers):
    widget("muscat", "open-meteo")
    with pytest.raises(CommandError, match="unknown weather widget: nowhere") as caught:
        run("muscat", "nowhere")
    assert caught.value.returncode == 2
    assert providers.requests == []


def test_verbosity_zero_prints_only_failures(providers):
    widget("muscat", "open-meteo")
    widget("salalah", "openweathermap")
    out, err = run("--verbosity", "0")
    assert out == ""
    assert err.startswith("salalah: failed")


# --- admin ------------------------------------------------------------------


CHANGELIST = "admin:newsdesk_weatherwidget_changelist"


@pytest.fixture
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def test_refresh_now_action_reports_each_widget(providers, superuser_client):
    muscat = widget("muscat", "open-meteo")
    salalah = widget("salalah", "openweathermap")
    response = superuser_client.post(
        reverse(CHANGELIST),
        {"action": "refresh_now", "_selected_action": [muscat.pk, salalah.pk]},
        follow=True,
    )
    assert response.status_code == 200
    messages = {(m.level_tag, m.message) for m in get_messages(response.wsgi_request)}
    assert ("success", "muscat: scattered clouds, 19°C / 25°C (open-meteo)") in messages
    [error] = [text for level, text in messages if level == "error"]
    # A refused key is the site's set-up: the editor is sent to the developer.
    assert error.startswith(
        "<bdi>salalah</bdi>: The weather could not be refreshed: the weather service is not set up on "
        "this site. Ask your site developer."
    )
    assert '<bdi dir="ltr">HTTP 401 Unauthorized: Invalid API key.' in error
    muscat.refresh_from_db()
    assert muscat.high == Decimal("25.3")


def test_changelist_shows_the_last_error_and_change_form_shows_it_read_only(providers, superuser_client):
    salalah = widget("salalah", "openweathermap")
    with pytest.raises(CommandError):
        run("salalah")
    content = superuser_client.get(reverse(CHANGELIST)).content.decode()
    assert "the weather service is not set up on this site. Ask your site developer." in content
    assert '<summary>Technical detail</summary><bdi dir="ltr">HTTP 401 Unauthorized' in content
    assert "broken clouds, 19°C / 19°C" in content
    form = superuser_client.get(reverse("admin:newsdesk_weatherwidget_change", args=[salalah.pk])).content.decode()
    assert "the weather service is not set up on this site" in form
    assert '<bdi dir="ltr">HTTP 401 Unauthorized: Invalid API key.' in form
    assert 'name="last_error"' not in form  # read-only: editors cannot type over it


def test_refresh_now_needs_change_permission(providers, client):
    widget("muscat", "open-meteo")
    client.force_login(make_staff("viewer", "view_weatherwidget"))
    content = client.get(reverse(CHANGELIST)).content.decode()
    assert "refresh_now" not in content
    client.force_login(make_staff("editor", "view_weatherwidget", "change_weatherwidget"))
    content = client.get(reverse(CHANGELIST)).content.decode()
    assert 'value="refresh_now"' in content
