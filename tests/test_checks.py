"""System checks: each id fires on its bad value, with a hint naming the fix."""

from __future__ import annotations

import sys
from unittest import mock

import pytest
from django.core import checks
from django.test import override_settings

from newsdesk.checks import check_installed_apps, check_settings
from newsdesk.conf import DEFAULTS


def _newsdesk_messages():
    # newsdesk's own checks only, called directly: run_checks() would also run
    # the URL and admin checks of the whole project, which are not ours to test.
    return check_installed_apps(None) + check_settings(None)


def _ids(**newsdesk):
    with override_settings(NEWSDESK=newsdesk):
        return sorted(m.id for m in _newsdesk_messages())


def _one(expected_id, **newsdesk):
    with override_settings(NEWSDESK=newsdesk):
        messages = _newsdesk_messages()
    assert [m.id for m in messages] == [expected_id]
    return messages[0]


def test_checks_are_registered():
    registered = checks.registry.registry.get_checks()
    assert check_installed_apps in registered
    assert check_settings in registered


def test_default_configuration_is_clean():
    assert _newsdesk_messages() == []
    assert _ids() == []


def test_every_default_passes_its_own_check():
    assert _ids(**DEFAULTS) == []


def test_e001_taggit_missing():
    from django.conf import settings

    apps = [app for app in settings.INSTALLED_APPS if app != "taggit"]
    with override_settings(INSTALLED_APPS=apps):
        messages = _newsdesk_messages()
    assert [m.id for m in messages] == ["newsdesk.E001"]
    assert messages[0].level == checks.ERROR
    assert messages[0].hint == 'Add "taggit" to INSTALLED_APPS, before "newsdesk".'


@pytest.mark.parametrize("value", [["SANITIZER", "nh3"], "nh3", 3])
def test_e002_not_a_dict(value):
    with override_settings(NEWSDESK=value):
        messages = _newsdesk_messages()
    assert [m.id for m in messages] == ["newsdesk.E002"]
    assert "NEWSDESK = {" in messages[0].hint


def test_e003_unknown_key_suggests_the_closest():
    message = _one("newsdesk.E003", SANITISER="nh3")
    assert "'SANITISER'" in message.msg
    assert message.hint == 'Did you mean "SANITIZER"? Rename the key, or remove it.'


def test_e003_unknown_key_without_close_match_lists_known_keys():
    message = _one("newsdesk.E003", ZZZZ=1)
    assert message.hint.startswith("Remove the key. Known keys: ")
    assert "ALLOWED_TAGS" in message.hint


def test_e003_reads_defaults_live():
    # A key another part of newsdesk adds to DEFAULTS is known at once.
    with mock.patch.dict(DEFAULTS, {"BRAND_NEW_KEY": 1}):
        assert _ids(BRAND_NEW_KEY=2) == []
    assert _ids(BRAND_NEW_KEY=2) == ["newsdesk.E003"]


@pytest.mark.parametrize("value", ["html5lib", "NH3", None])
def test_e004_unknown_sanitizer(value):
    message = _one("newsdesk.E004", SANITIZER=value)
    assert '"nh3"' in message.hint


def test_e005_bleach_not_installed():
    import importlib.util

    real_find_spec = importlib.util.find_spec

    def find_spec(name, *args, **kwargs):
        return None if name == "bleach" else real_find_spec(name, *args, **kwargs)

    with mock.patch.object(importlib.util, "find_spec", find_spec):
        message = _one("newsdesk.E005", SANITIZER="bleach")
    assert 'pip install "django-newsdesk[bleach]"' in message.hint


def test_bleach_installed_is_fine():
    assert "bleach" in sys.modules or __import__("bleach")
    assert _ids(SANITIZER="bleach") == []


@pytest.mark.parametrize(
    "overrides",
    [
        {"ALLOWED_TAGS": "p,a"},
        {"ALLOWED_TAGS": ["p", 3]},
        {"ALLOWED_TAGS": ["p", ""]},
        {"ALLOWED_ATTRIBUTES": ["href"]},
        {"ALLOWED_ATTRIBUTES": {"a": "href"}},
        {"ALLOWED_URL_SCHEMES": "https"},
        {"ALLOWED_URL_SCHEMES": ["https:"]},
    ],
)
def test_e006_bad_policy_shapes(overrides):
    message = _one("newsdesk.E006", **overrides)
    assert "NEWSDESK[\"ALLOWED_TAGS\"] = [" in message.hint


def test_w001_script_or_style_listed():
    message = _one("newsdesk.W001", ALLOWED_TAGS=["p", "script", "Style"])
    assert message.level == checks.WARNING
    assert "script, style" in message.msg
    assert message.hint == "Remove 'script', 'style' from NEWSDESK[\"ALLOWED_TAGS\"]."


def test_w002_forbidden_attributes_listed():
    message = _one("newsdesk.W002", ALLOWED_ATTRIBUTES={"*": ["onclick"], "button": ["formaction"]})
    assert message.level == checks.WARNING
    assert "formaction, onclick" in message.msg


@pytest.mark.parametrize("value", ["hijri", "UMMALQURA", None])
def test_e007_calendar(value):
    message = _one("newsdesk.E007", CALENDAR=value)
    assert '"ummalqura"' in message.hint


@pytest.mark.parametrize("value", ["tabular", "ummalqura"])
def test_e007_good_calendars(value):
    assert _ids(CALENDAR=value) == []


@pytest.mark.parametrize("value", [3, -3, 1.0, "1", True, None])
def test_e008_hijri_offset(value):
    _one("newsdesk.E008", HIJRI_OFFSET=value)


@pytest.mark.parametrize("value", [-2, -1, 0, 1, 2])
def test_e008_good_offsets(value):
    assert _ids(HIJRI_OFFSET=value) == []


@pytest.mark.parametrize(
    "value",
    ["Muharram", ["Muharram"] * 11, ["Muharram"] * 11 + [""], ["Muharram"] * 11 + [" "],
     ["Muharram"] * 11 + [1], ["Muharram"] * 13],
)
def test_e009_month_names(value):
    _one("newsdesk.E009", HIJRI_MONTH_NAMES=value)


def test_e009_twelve_names_are_fine():
    names = ["محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
             "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"]
    assert _ids(HIJRI_MONTH_NAMES=names) == []
    assert _ids(HIJRI_MONTH_NAMES=None) == []


@pytest.mark.parametrize("value", ["openmeteo", "yr", "", None])
def test_e010_weather_provider(value):
    _one("newsdesk.E010", WEATHER_PROVIDER=value)


@pytest.mark.parametrize("value", ["open-meteo", "openweathermap", "met-norway"])
def test_e010_known_providers(value):
    assert _ids(WEATHER_PROVIDER=value) == []


@pytest.mark.parametrize(
    "overrides",
    [
        {"WEATHER_TIMEOUT": 0},
        {"WEATHER_TIMEOUT": -1.5},
        {"WEATHER_TIMEOUT": "5"},
        {"WEATHER_STALE_AFTER": -1},
        {"WEATHER_STALE_AFTER": "3h"},
        {"WEATHER_CACHE_TIMEOUT": -60},
        {"WEATHER_CACHE_TIMEOUT": True},
    ],
)
def test_e011_weather_numbers(overrides):
    message = _one("newsdesk.E011", **overrides)
    assert next(iter(overrides)) in message.msg


def test_e011_zero_is_fine_where_allowed():
    assert _ids(WEATHER_STALE_AFTER=0, WEATHER_CACHE_TIMEOUT=0, WEATHER_TIMEOUT=0.5) == []


def test_e011_stale_after_none_turns_the_marker_off():
    assert _ids(WEATHER_STALE_AFTER=None) == []


@pytest.mark.parametrize(
    "key",
    ["IMPORT_MAX_STORY_SIZE", "IMPORT_MAX_FILE_SIZE", "IMPORT_MAX_PREVIEW_STORIES", "IMPORT_MAX_PREVIEW_SIZE",
     "POLL_MAX_ITEMS"],
)
@pytest.mark.parametrize("value", [0, -1, 1.5, "2MB", None, True])
def test_e012_import_bounds(key, value):
    message = _one("newsdesk.E012", **{key: value})
    assert key in message.msg


def test_e012_positive_bounds_are_fine():
    assert _ids(IMPORT_MAX_STORY_SIZE=1, IMPORT_MAX_PREVIEW_STORIES=1, IMPORT_MAX_PREVIEW_SIZE=10**9,
                POLL_MAX_ITEMS=1) == []


def test_e023_a_file_smaller_than_a_story():
    message = _one("newsdesk.E023", IMPORT_MAX_STORY_SIZE=2048, IMPORT_MAX_FILE_SIZE=1024)
    assert "IMPORT_MAX_FILE_SIZE" in message.msg and "IMPORT_MAX_STORY_SIZE" in message.msg
    assert _ids(IMPORT_MAX_STORY_SIZE=2048, IMPORT_MAX_FILE_SIZE=2048) == []


@pytest.mark.parametrize("value", [0, -5, "600", None, True, float("nan"), float("inf")])
def test_e022_poll_lease(value):
    message = _one("newsdesk.E022", POLL_LEASE_SECONDS=value)
    assert "POLL_LEASE_SECONDS" in message.msg


def test_e022_a_lease_of_some_seconds_is_fine():
    assert _ids(POLL_LEASE_SECONDS=0.5) == _ids(POLL_LEASE_SECONDS=3600) == []


def test_e003_a_renamed_key_names_its_new_name():
    message = _one("newsdesk.E003", IMPORT_MAX_UPLOAD_SIZE=1024)
    assert 'renamed to "IMPORT_MAX_STORY_SIZE"' in message.hint


@pytest.mark.parametrize("value", ["SHARE ARTICLE", ["ok", 3], None])
def test_e013_chrome_phrases(value):
    _one("newsdesk.E013", CHROME_PHRASES=value)


@pytest.mark.parametrize("value", [-1, -0.5, "30", None, True, float("nan"), float("inf")])
def test_e014_cache_retry_after(value):
    message = _one("newsdesk.E014", CACHE_RETRY_AFTER=value)
    assert "CACHE_RETRY_AFTER" in message.msg
    assert 'NEWSDESK["CACHE_RETRY_AFTER"]' in message.hint


@pytest.mark.parametrize("value", [0, 0.5, 30, 3600])
def test_e014_zero_and_more_are_fine(value):
    assert _ids(CACHE_RETRY_AFTER=value) == []


@pytest.mark.parametrize("value", ["arabic", "Arabic-Indic", "eastern", "", None, 1, ["western"]])
def test_e016_date_digits(value):
    message = _one("newsdesk.E016", DATE_DIGITS=value)
    assert message.level == checks.ERROR
    assert 'NEWSDESK["DATE_DIGITS"]' in message.msg and repr(value) in message.msg
    assert '"western"' in message.hint and '"arabic-indic"' in message.hint


@pytest.mark.parametrize("value", ["western", "arabic-indic"])
def test_e016_known_digit_styles(value):
    assert _ids(DATE_DIGITS=value) == []


def test_several_problems_are_all_reported():
    assert _ids(SANITIZER="x", CALENDAR="x", SANITISER="x") == [
        "newsdesk.E003", "newsdesk.E004", "newsdesk.E007",
    ]


def test_every_message_has_a_hint():
    with override_settings(
        NEWSDESK={
            "SANITIZER": "x", "ALLOWED_TAGS": "p", "CALENDAR": "x", "HIJRI_OFFSET": 9,
            "HIJRI_MONTH_NAMES": [], "WEATHER_PROVIDER": "x", "WEATHER_TIMEOUT": 0,
            "IMPORT_MAX_STORY_SIZE": 0, "CHROME_PHRASES": "x", "TYPO": 1,
        }
    ):
        messages = _newsdesk_messages()
    assert len(messages) == 10
    assert all(m.hint for m in messages)


def test_e018_reversion_missing():
    from django.conf import settings

    from newsdesk.checks import check_revisions_app

    assert check_revisions_app(None) == []
    apps = [app for app in settings.INSTALLED_APPS if app != "reversion"]
    with override_settings(INSTALLED_APPS=apps):
        messages = check_revisions_app(None)
    assert [m.id for m in messages] == ["newsdesk.E018"]
    assert messages[0].level == checks.ERROR
    assert '"reversion"' in messages[0].hint


@pytest.mark.parametrize("value", [-1, "72", None, float("inf"), True])
def test_e019_update_window_must_be_hours(value):
    message = _one("newsdesk.E019", UPDATE_WINDOW_HOURS=value)
    assert "UPDATE_WINDOW_HOURS" in message.msg


@pytest.mark.parametrize("value", [0, 24, 1.5])
def test_e019_accepts_zero_and_fractional_hours(value):
    assert _ids(UPDATE_WINDOW_HOURS=value) == []


@pytest.mark.parametrize("value", [0, -5, "600", None, float("inf"), True])
def test_e020_stalled_after_must_be_seconds_above_zero(value):
    message = _one("newsdesk.E020", IMPORT_STALLED_AFTER=value)
    assert "IMPORT_STALLED_AFTER" in message.msg


@pytest.mark.parametrize("value", [0, -1, "big", 1.5])
def test_e012_poll_download_limit_must_be_positive_bytes(value):
    message = _one("newsdesk.E012", POLL_MAX_DOWNLOAD_SIZE=value)
    assert "POLL_MAX_DOWNLOAD_SIZE" in message.msg


def test_e021_import_task_backend_must_be_a_configured_backend():
    from newsdesk.checks import check_task_backend

    assert check_task_backend(None) == []
    assert check_task_backend in checks.registry.registry.get_checks()
    with override_settings(NEWSDESK={"IMPORT_TASK_BACKEND": "workers"}):
        [message] = check_task_backend(None)
    assert message.id == "newsdesk.E021"
    assert "'workers'" in message.msg
    tasks = {"workers": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(NEWSDESK={"IMPORT_TASK_BACKEND": "workers"}, TASKS=tasks):
        assert check_task_backend(None) == []


@pytest.mark.parametrize("value", ["/srv/wire", ["srv/wire"], [1], None, {"/srv/wire": True}])
def test_e022_directory_roots_must_be_a_list_of_absolute_paths(value):
    message = _one("newsdesk.E024", SOURCE_DIRECTORY_ROOTS=value)
    assert "SOURCE_DIRECTORY_ROOTS" in message.msg and repr(value) in message.msg


def test_w005_a_directory_root_that_is_no_directory(tmp_path):
    assert _ids(SOURCE_DIRECTORY_ROOTS=[str(tmp_path), tmp_path]) == []  # a str or a Path
    message = _one("newsdesk.W005", SOURCE_DIRECTORY_ROOTS=[str(tmp_path), str(tmp_path / "missing")])
    assert message.level == checks.WARNING
    assert repr(str(tmp_path / "missing")) in message.msg


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_e023_allow_private_addresses_must_be_a_boolean(value):
    message = _one("newsdesk.E025", SOURCE_ALLOW_PRIVATE_ADDRESSES=value)
    assert "SOURCE_ALLOW_PRIVATE_ADDRESSES" in message.msg


@pytest.mark.parametrize("value", [0, -1, "600", None, float("inf"), True])
def test_e024_poll_time_limit_must_be_seconds_above_zero(value):
    message = _one("newsdesk.E026", POLL_TIME_LIMIT=value)
    assert "POLL_TIME_LIMIT" in message.msg
