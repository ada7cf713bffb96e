"""Issue 13: the weather provider is a choice of the registered providers,
and editors read a failed refresh as a sentence in their language, with the
developer's message kept in a collapsed, left-to-right "technical detail".

The Arabic tests give Django a small catalogue of their own (``LOCALE_PATHS``,
which wins over newsdesk's) translating the new sentences: the Arabic on the
page then proves the admin passes exactly those msgids through gettext at
request time, before the translators have added them to newsdesk's
catalogue.
"""

from __future__ import annotations

import logging
import struct
from array import array
from decimal import Decimal
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape

from newsdesk.models import WeatherWidget
from newsdesk.weather import base
from newsdesk.weather.open_meteo import OpenMeteo
from newsdesk.weather.registry import PROVIDERS
from newsdesk.weather.service import error_kind, refresh_widget
from tests.weather_http import clear_cache  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]

CHANGELIST = "admin:newsdesk_weatherwidget_changelist"
OWM_NO_KEY = "OpenWeatherMap needs an API key: set NEWSDESK['WEATHER_PROVIDERS']['openweathermap']['api_key']"

SETUP_SENTENCE = (
    "The weather could not be refreshed: the weather service is not set up on this site. Ask your site developer."
)
#: msgid → the Arabic the test catalogue gives it (a translation to propose).
ARABIC = {
    SETUP_SENTENCE: "تعذّر تحديث الطقس: خدمة الطقس غير مُعدّة في هذا الموقع. راجع مطوّر موقعك.",
    "Technical detail": "تفاصيل تقنية",
    "Site default (%(provider)s)": "الافتراضي للموقع (%(provider)s)",
}
ARABIC_PLURAL_FORMS = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;"
)


def write_mo(path: Path, messages: dict[str, str]) -> None:
    """A GNU .mo catalogue (the layout CPython's Tools/i18n/msgfmt.py writes)."""
    header = f"Content-Type: text/plain; charset=UTF-8\nPlural-Forms: {ARABIC_PLURAL_FORMS}\n"
    entries = sorted({"": header, **messages}.items())
    ids = strs = b""
    offsets = []
    for msgid, msgstr in entries:
        offsets.append((len(ids), len(msgid.encode()), len(strs), len(msgstr.encode())))
        ids += msgid.encode() + b"\0"
        strs += msgstr.encode() + b"\0"
    start_ids = 7 * 4 + 16 * len(entries)
    start_strs = start_ids + len(ids)
    key_table, value_table = [], []
    for id_at, id_len, str_at, str_len in offsets:
        key_table += [id_len, id_at + start_ids]
        value_table += [str_len, str_at + start_strs]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        struct.pack("Iiiiiii", 0x950412DE, 0, len(entries), 7 * 4, 7 * 4 + 8 * len(entries), 0, 0)
        + array("i", key_table).tobytes() + array("i", value_table).tobytes() + ids + strs
    )


@pytest.fixture
def arabic_admin(tmp_path, settings, client):
    """A superuser's client whose requests ask for Arabic, with the test catalogue."""
    write_mo(tmp_path / "locale" / "ar" / "LC_MESSAGES" / "django.mo", ARABIC)
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("django.middleware.common.CommonMiddleware"),
                      "django.middleware.locale.LocaleMiddleware")
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"], MIDDLEWARE=middleware):
        client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw"))
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ar"
        yield client


@pytest.fixture
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def widget(slug: str = "oman", **fields) -> WeatherWidget:
    values = {
        "slug": slug, "location": slug.upper(), "latitude": Decimal("23.588"), "longitude": Decimal("58.3829"),
        "description": "broken clouds", "low": Decimal("19"), "high": Decimal("19"),
    }
    values.update(fields)
    return WeatherWidget.objects.create(**values)


# --- item 3: the provider is a choice ---------------------------------------


def test_a_provider_no_one_registered_fails_validation():
    with pytest.raises(ValidationError) as caught:
        WeatherWidget(slug="oman", location="OMAN", provider="openweather").full_clean()
    assert set(caught.value.message_dict) == {"provider"}


def test_empty_is_the_default_and_means_the_setting():
    fresh = WeatherWidget(slug="oman", location="OMAN")
    assert fresh.provider == ""
    fresh.full_clean()
    for name in PROVIDERS:
        WeatherWidget(slug="oman", location="OMAN", provider=name).full_clean()


def test_the_choices_are_the_registered_providers_and_the_site_default():
    choices = dict(WeatherWidget._meta.get_field("provider").choices)
    assert choices == {
        "": "Site default (Open-Meteo)", "open-meteo": "Open-Meteo",
        "openweathermap": "OpenWeatherMap", "met-norway": "MET Norway",
    }
    with override_settings(NEWSDESK={"WEATHER_PROVIDER": "met-norway"}):
        assert dict(WeatherWidget._meta.get_field("provider").choices)[""] == "Site default (MET Norway)"


def test_registering_a_provider_needs_no_migration():
    class Extra(OpenMeteo):
        name = "extra"
        label = "Extra"

    with mock.patch.dict(PROVIDERS, {"extra": Extra}), override_settings(NEWSDESK={"WEATHER_PROVIDER": "extra"}):
        assert "extra" in dict(WeatherWidget._meta.get_field("provider").choices)
        call_command("makemigrations", "newsdesk", "--check", "--dry-run", stdout=StringIO())


def test_the_admin_form_offers_the_providers_and_refuses_others(superuser_client):
    add = reverse("admin:newsdesk_weatherwidget_add")
    form = superuser_client.get(add).content.decode()
    assert '<select name="provider"' in form
    assert '<option value="" selected>Site default (Open-Meteo)</option>' in form
    assert '<option value="met-norway">MET Norway</option>' in form
    data = {"slug": "oman", "location": "OMAN", "order": "0", "unit": "C", "active": "on", "provider": "openweather"}
    response = superuser_client.post(add, data)
    assert response.status_code == 200  # the form again, with the error
    assert not WeatherWidget.objects.exists()
    response = superuser_client.post(add, {**data, "provider": ""})
    assert response.status_code == 302
    assert WeatherWidget.objects.get().provider == ""


def test_a_widget_saved_with_an_unknown_provider_is_flagged_and_must_be_changed(superuser_client):
    old = widget(provider="openweather")  # saved before the provider was a choice
    listing = superuser_client.get(reverse(CHANGELIST)).content.decode()
    assert '<bdi dir="ltr">openweather</bdi> <strong>(unknown)</strong>' in listing
    change = reverse("admin:newsdesk_weatherwidget_change", args=[old.pk])
    form = superuser_client.get(change).content.decode()
    assert '<option value="openweather" selected>openweather (unknown)</option>' in form
    data = {"slug": "oman", "location": "OMAN", "order": "0", "unit": "C", "active": "on",
            "latitude": "23.588", "longitude": "58.3829", "provider": "openweather"}
    page = superuser_client.post(change, data).content.decode()
    assert escape("“openweather” is not a weather provider this site has.") in page
    assert superuser_client.post(change, {**data, "provider": "open-meteo"}).status_code == 302
    old.refresh_from_db()
    assert old.provider == "open-meteo"


# --- item 4: editors read a sentence; the detail is for developers -------------


@pytest.mark.parametrize(
    "error, kind",
    [
        (base.WeatherConfigurationError("needs an API key"), "setup"),
        (base.UnknownWeatherProvider("unknown weather provider 'x'"), "setup"),  # from WEATHER_PROVIDER
        (base.WeatherLocationMissing("no latitude/longitude"), "location"),
        (base.WeatherTimeout("timed out after 5 s"), "unavailable"),
        (base.WeatherConnectionError("could not connect"), "unavailable"),
        (base.WeatherHTTPError(503, "HTTP 503 Service Unavailable"), "unavailable"),
        (base.WeatherHTTPError(429, "HTTP 429 Too Many Requests"), "unavailable"),
        (base.WeatherHTTPError(401, "HTTP 401 Unauthorized"), "setup"),
        (base.WeatherHTTPError(404, "HTTP 404 Not Found"), "answer"),
        (base.WeatherDataError("missing field dt"), "answer"),
    ],
)
def test_each_failure_has_a_kind(error, kind):
    assert error_kind(WeatherWidget(provider=""), error) == kind


def test_an_unknown_provider_named_by_the_widget_is_the_editors_to_fix(superuser_client):
    bad = widget(provider="openweather")
    result = refresh_widget(bad)
    assert (result.kind, result.error) == ("provider", "unknown weather provider 'openweather' (known: met-norway, open-meteo, openweathermap)")
    listing = superuser_client.get(reverse(CHANGELIST)).content.decode()
    assert "this widget&#x27;s provider is not available on this site. Choose another provider" in listing


def test_a_widget_without_coordinates_tells_the_editor_to_enter_them(superuser_client):
    nowhere = widget(latitude=None, longitude=None)
    assert refresh_widget(nowhere).kind == "location"
    listing = superuser_client.get(reverse(CHANGELIST)).content.decode()
    assert "this widget has no latitude and longitude. Enter both, then refresh again." in listing


def test_the_technical_message_goes_to_the_log(caplog):
    oman = widget(provider="openweathermap")  # no API key set, as in the demo
    with caplog.at_level(logging.WARNING, logger="newsdesk.weather.service"):
        refresh_widget(oman)
    [record] = [r for r in caplog.records if r.name == "newsdesk.weather.service"]
    assert record.levelno == logging.WARNING
    assert OWM_NO_KEY in record.getMessage() and "'oman'" in record.getMessage()


def test_the_arabic_admin_shows_the_translated_sentence_and_isolates_the_detail(arabic_admin):
    oman = widget(provider="openweathermap")
    refresh_widget(oman)  # fails: no API key

    listing = arabic_admin.get(reverse(CHANGELIST)).content.decode()
    change = arabic_admin.get(reverse("admin:newsdesk_weatherwidget_change", args=[oman.pk])).content.decode()

    detail = (
        f'<details class="newsdesk-technical-detail"><summary>{ARABIC["Technical detail"]}</summary>'
        f'<bdi dir="ltr">{escape(OWM_NO_KEY)}</bdi></details>'
    )
    for page in (listing, change):
        assert 'dir="rtl"' in page  # the admin really is in Arabic
        assert ARABIC[SETUP_SENTENCE] in page
        assert SETUP_SENTENCE not in page and "refresh failed" not in page
        # The developer's message appears only inside its left-to-right isolate.
        assert page.count("needs an API key") == 1
        assert detail in page
    assert f"{ARABIC[SETUP_SENTENCE]} {detail}" in change


def test_refresh_now_in_the_arabic_admin(arabic_admin):
    oman = widget(provider="openweathermap")
    response = arabic_admin.post(
        reverse(CHANGELIST), {"action": "refresh_now", "_selected_action": [oman.pk]}, follow=True
    )
    page = response.content.decode()
    assert f'<bdi>oman</bdi>: {ARABIC[SETUP_SENTENCE]} <details class="newsdesk-technical-detail">' in page
    assert f'<bdi dir="ltr">{escape(OWM_NO_KEY)}</bdi>' in page


def test_an_error_stored_before_kinds_were_gets_the_general_sentence(superuser_client):
    widget(provider="open-meteo", last_error="HTTP 502 Bad Gateway")  # last_error_kind ""
    listing = superuser_client.get(reverse(CHANGELIST)).content.decode()
    assert "The weather could not be refreshed. If this goes on, tell your site developer." in listing
    assert '<bdi dir="ltr">HTTP 502 Bad Gateway</bdi>' in listing
