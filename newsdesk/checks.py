"""System checks with stable ids (``newsdesk.E001`` ...).

Each check names the setting, what is wrong with it and, in ``hint=``, what
to change, so a misconfigured site gets a message at ``manage.py check`` (and
``runserver``/``migrate``) instead of a traceback on the first save.  The ids
are public: ``docs/settings.rst`` lists them and ``SILENCED_SYSTEM_CHECKS``
may name them.

Known keys come from :data:`newsdesk.conf.DEFAULTS` itself, never from a copy,
so keys other parts of newsdesk add are known here at once.
"""

from __future__ import annotations

import difflib
import importlib.util
import numbers
import os
from collections.abc import Iterable
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.urls import NoReverseMatch, reverse

from newsdesk.calendars.base import BASES
from newsdesk.calendars.formatting import DIGIT_STYLES
from newsdesk.conf import DEFAULTS, RENAMED
from newsdesk.sanitize import (
    BACKENDS,
    FORBIDDEN_TAGS,
    is_forbidden_attribute,
    policy_problems,
)
from newsdesk.weather.registry import PROVIDERS

# The names the settings may use come from the registries themselves, so a
# new calendar or provider never needs a second list kept in step here.
CALENDARS = tuple(BASES)
WEATHER_PROVIDERS = tuple(PROVIDERS)


#: The app that serves the rich-text editor's files (newsdesk.admin.editor).
EDITOR_APP = "django_prose_editor"


def _setting(name: str) -> str:
    return f'NEWSDESK["{name}"]'


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


@register()
def check_installed_apps(app_configs: Iterable[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """newsdesk.E001: ``Article.tags`` is a django-taggit manager."""
    if "taggit" in settings.INSTALLED_APPS:
        return []
    return [
        Error(
            "newsdesk needs django-taggit, but 'taggit' is not in INSTALLED_APPS.",
            hint='Add "taggit" to INSTALLED_APPS, before "newsdesk".',
            id="newsdesk.E001",
        )
    ]


@register()
def check_revisions_app(app_configs: Iterable[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """newsdesk.E018: every article's revisions are kept with django-reversion (newsdesk.revisions)."""
    if apps.is_installed("reversion"):
        return []
    return [
        Error(
            "newsdesk keeps every article's revisions with django-reversion, but 'reversion' is not in "
            "INSTALLED_APPS: articles are saved with no history and the admin's history cannot restore them.",
            hint='Add "reversion" to INSTALLED_APPS (it comes with django-newsdesk), then run migrate.',
            id="newsdesk.E018",
        )
    ]


@register()
def check_rich_text_editor(app_configs: Iterable[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """newsdesk.E017 and W004: the admin's rich-text editor (newsdesk.admin.editor)."""
    user = getattr(settings, "NEWSDESK", None)
    default = DEFAULTS["RICH_TEXT_EDITOR"]
    value = user.get("RICH_TEXT_EDITOR", default) if isinstance(user, dict) else default
    if not isinstance(value, bool):
        return [
            Error(
                f"{_setting('RICH_TEXT_EDITOR')} is {value!r}; it must be True or False.",
                hint='Set NEWSDESK["RICH_TEXT_EDITOR"] = True (the default: the editor when '
                "django-prose-editor is installed) or False (plain HTML textareas).",
                id="newsdesk.E017",
            )
        ]
    if value and importlib.util.find_spec(EDITOR_APP) is not None and not apps.is_installed(EDITOR_APP):
        return [
            Warning(
                f"django-prose-editor is installed but {EDITOR_APP!r} is not in INSTALLED_APPS: "
                "the article admin shows plain HTML textareas instead of the rich-text editor.",
                hint=f'Add "{EDITOR_APP}" to INSTALLED_APPS (it serves the editor\'s files), or set '
                'NEWSDESK["RICH_TEXT_EDITOR"] = False to keep the textareas.',
                id="newsdesk.W004",
            )
        ]
    return []


@register()
def check_settings(app_configs: Iterable[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """newsdesk.E002-E016, E019, E022-E026 and W001-W002, W005: the ``NEWSDESK`` dict and its values."""
    user = getattr(settings, "NEWSDESK", None)
    if user is None:
        return []
    if not isinstance(user, dict):
        return [
            Error(
                f"The NEWSDESK setting must be a dict, not {type(user).__name__}.",
                hint='Write NEWSDESK = {"SANITIZER": "nh3", ...} in your settings, or remove it '
                "to use the defaults.",
                id="newsdesk.E002",
            )
        ]
    messages: list[CheckMessage] = []
    messages += _unknown_keys(user)
    merged = {**DEFAULTS, **{key: value for key, value in user.items() if key in DEFAULTS}}
    messages += _sanitiser_checks(merged, user)
    messages += _calendar_checks(merged)
    messages += _weather_checks(merged)
    messages += _import_checks(merged)
    messages += _cache_checks(merged)
    messages += _feed_checks(merged)
    messages += _source_checks(merged)
    return messages


def _unknown_keys(user: dict[str, Any]) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    known = sorted(DEFAULTS)
    for key in user:
        if key in DEFAULTS:
            continue
        close = difflib.get_close_matches(str(key), known, n=1)
        if key in RENAMED:
            hint = f'It was renamed to "{RENAMED[key]}": rename the key.'
        elif close:
            hint = f'Did you mean "{close[0]}"? Rename the key, or remove it.'
        else:
            hint = "Remove the key. Known keys: " + ", ".join(known) + "."
        messages.append(
            Error(f"Unknown key {key!r} in the NEWSDESK setting.", hint=hint, id="newsdesk.E003")
        )
    return messages


def _sanitiser_checks(merged: dict[str, Any], user: dict[str, Any]) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    backend = merged["SANITIZER"]
    if backend not in BACKENDS:
        messages.append(
            Error(
                f"{_setting('SANITIZER')} is {backend!r}; it must be \"nh3\" or \"bleach\".",
                hint='Set NEWSDESK["SANITIZER"] = "nh3" (the default and recommended) or '
                '"bleach".',
                id="newsdesk.E004",
            )
        )
    elif backend == "bleach" and importlib.util.find_spec("bleach") is None:
        messages.append(
            Error(
                f"{_setting('SANITIZER')} is \"bleach\" but bleach is not installed.",
                hint='pip install "django-newsdesk[bleach]", or set NEWSDESK["SANITIZER"] = "nh3".',
                id="newsdesk.E005",
            )
        )
    tags = merged["ALLOWED_TAGS"]
    attributes = merged["ALLOWED_ATTRIBUTES"]
    problems = policy_problems(tags, attributes, merged["ALLOWED_URL_SCHEMES"])
    for problem in problems:
        messages.append(
            Error(
                f"Bad sanitiser setting: {problem}.",
                hint='For example NEWSDESK["ALLOWED_TAGS"] = ["p", "a"], '
                'NEWSDESK["ALLOWED_ATTRIBUTES"] = {"a": ["href"], "*": ["dir", "lang"]}, '
                'NEWSDESK["ALLOWED_URL_SCHEMES"] = ["http", "https", "mailto"].',
                id="newsdesk.E006",
            )
        )
    if problems:
        return messages
    listed = sorted({tag.lower() for tag in tags} & FORBIDDEN_TAGS)
    if listed:
        messages.append(
            Warning(
                f"{_setting('ALLOWED_TAGS')} lists {', '.join(listed)}; newsdesk never allows "
                "these and removes them with their content.",
                hint=f"Remove {', '.join(repr(t) for t in listed)} from NEWSDESK[\"ALLOWED_TAGS\"].",
                id="newsdesk.W001",
            )
        )
    forbidden = sorted(
        {name for names in attributes.values() for name in names if is_forbidden_attribute(name)}
    )
    if forbidden:
        messages.append(
            Warning(
                f"{_setting('ALLOWED_ATTRIBUTES')} lists {', '.join(forbidden)}; newsdesk never "
                "allows event handlers (on*), action, formaction, style or srcdoc.",
                hint="Remove them from NEWSDESK[\"ALLOWED_ATTRIBUTES\"]; they are dropped anyway.",
                id="newsdesk.W002",
            )
        )
    return messages


def _calendar_checks(merged: dict[str, Any]) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    calendar = merged["CALENDAR"]
    if calendar not in CALENDARS:
        messages.append(
            Error(
                f"{_setting('CALENDAR')} is {calendar!r}; it must be \"ummalqura\" or \"tabular\".",
                hint='Set NEWSDESK["CALENDAR"] = "ummalqura" (the default) or "tabular".',
                id="newsdesk.E007",
            )
        )
    offset = merged["HIJRI_OFFSET"]
    if not _is_int(offset) or not -2 <= offset <= 2:
        messages.append(
            Error(
                f"{_setting('HIJRI_OFFSET')} is {offset!r}; it must be a whole number of days "
                "from -2 to 2.",
                hint='Set NEWSDESK["HIJRI_OFFSET"] to -2, -1, 0, 1 or 2; record official month '
                "starts in the admin (Hijri month starts) for anything finer.",
                id="newsdesk.E008",
            )
        )
    names = merged["HIJRI_MONTH_NAMES"]
    if names is not None and not (
        isinstance(names, (list, tuple))
        and len(names) == 12
        and all(isinstance(name, str) and name.strip() for name in names)
    ):
        messages.append(
            Error(
                f"{_setting('HIJRI_MONTH_NAMES')} must be None or a list of 12 non-empty "
                "month names.",
                hint='Set NEWSDESK["HIJRI_MONTH_NAMES"] = None for the built-in names, or list '
                'all twelve in order: ["Muharram", "Safar", ..., "Dhu al-Hijjah"].',
                id="newsdesk.E009",
            )
        )
    digits = merged["DATE_DIGITS"]
    if digits not in DIGIT_STYLES:
        messages.append(
            Error(
                f"{_setting('DATE_DIGITS')} is {digits!r}; it must be \"western\" or \"arabic-indic\".",
                hint='Set NEWSDESK["DATE_DIGITS"] = "western" (7 ديسمبر 2025, the default) or '
                '"arabic-indic" (٧ ديسمبر ٢٠٢٥); it changes Arabic dates only.',
                id="newsdesk.E016",
            )
        )
    return messages


def _weather_checks(merged: dict[str, Any]) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    provider = merged["WEATHER_PROVIDER"]
    if provider not in WEATHER_PROVIDERS:
        messages.append(
            Error(
                f"{_setting('WEATHER_PROVIDER')} is {provider!r}; it must be one of "
                + ", ".join(f'"{p}"' for p in WEATHER_PROVIDERS) + ".",
                hint='Set NEWSDESK["WEATHER_PROVIDER"] = "open-meteo" (the default, no API key '
                'needed), "openweathermap" or "met-norway".',
                id="newsdesk.E010",
            )
        )
    timeout = merged["WEATHER_TIMEOUT"]
    if not _is_number(timeout) or timeout <= 0:
        messages.append(
            Error(
                f"{_setting('WEATHER_TIMEOUT')} is {timeout!r}; it must be a number of seconds "
                "greater than 0.",
                hint='Set NEWSDESK["WEATHER_TIMEOUT"] to e.g. 5.0.',
                id="newsdesk.E011",
            )
        )
    for key, example in (("WEATHER_STALE_AFTER", 10800), ("WEATHER_CACHE_TIMEOUT", 600)):
        value = merged[key]
        if key == "WEATHER_STALE_AFTER" and value is None:
            continue  # None: readings never count as stale
        if not _is_number(value) or value < 0:
            messages.append(
                Error(
                    f"{_setting(key)} is {value!r}; it must be a number of seconds, 0 or more.",
                    hint=f'Set NEWSDESK["{key}"] to e.g. {example}.',
                    id="newsdesk.E011",
                )
            )
    return messages


def _import_checks(merged: dict[str, Any]) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for key, example in (
        ("IMPORT_MAX_STORY_SIZE", "2 * 1024 * 1024 (2 MB)"),
        ("IMPORT_MAX_FILE_SIZE", "50 * 1024 * 1024 (50 MB)"),
        ("IMPORT_MAX_PREVIEW_STORIES", "20"),
        ("IMPORT_MAX_PREVIEW_SIZE", "10 * 1024 * 1024 (10 MB)"),
        ("POLL_MAX_DOWNLOAD_SIZE", "50 * 1024 * 1024 (50 MB)"),
        ("POLL_MAX_ITEMS", "1000"),
    ):
        value = merged[key]
        if not _is_int(value) or value <= 0:
            unit = {"IMPORT_MAX_PREVIEW_STORIES": "number of stories", "POLL_MAX_ITEMS": "number of items"}.get(
                key, "number of bytes"
            )
            messages.append(
                Error(
                    f"{_setting(key)} is {value!r}; it must be a positive whole {unit}.",
                    hint=f'Set NEWSDESK["{key}"] to e.g. {example}.',
                    id="newsdesk.E012",
                )
            )
    story, whole = merged["IMPORT_MAX_STORY_SIZE"], merged["IMPORT_MAX_FILE_SIZE"]
    if _is_int(story) and _is_int(whole) and 0 < whole < story:
        messages.append(
            Error(
                f"{_setting('IMPORT_MAX_FILE_SIZE')} is {whole!r}, smaller than "
                f"{_setting('IMPORT_MAX_STORY_SIZE')} ({story!r}): a file could not hold the story it is allowed.",
                hint='Set NEWSDESK["IMPORT_MAX_FILE_SIZE"] to e.g. 50 * 1024 * 1024 (50 MB): the largest file '
                "read whole and split into its stories, each held to IMPORT_MAX_STORY_SIZE.",
                id="newsdesk.E023",
            )
        )
    phrases = merged["CHROME_PHRASES"]
    if not isinstance(phrases, (list, tuple)) or not all(isinstance(p, str) for p in phrases):
        messages.append(
            Error(
                f"{_setting('CHROME_PHRASES')} must be a list of strings.",
                hint='Set NEWSDESK["CHROME_PHRASES"] = ["SHARE ARTICLE", "arrow up"] (lines the '
                "importer drops as page chrome).",
                id="newsdesk.E013",
            )
        )
    window = merged["UPDATE_WINDOW_HOURS"]
    if not _is_number(window) or not 0 <= window < float("inf"):
        messages.append(
            Error(
                f"{_setting('UPDATE_WINDOW_HOURS')} is {window!r}; it must be a number of hours, 0 or more.",
                hint='Set NEWSDESK["UPDATE_WINDOW_HOURS"] to e.g. 72 (how far back an imported story looks '
                "for the article it updates), or 0 to treat every story as new.",
                id="newsdesk.E019",
            )
        )
    stalled = merged["IMPORT_STALLED_AFTER"]
    if not _is_number(stalled) or not 0 < stalled < float("inf"):
        messages.append(
            Error(
                f"{_setting('IMPORT_STALLED_AFTER')} is {stalled!r}; it must be a number of seconds above 0.",
                hint='Set NEWSDESK["IMPORT_STALLED_AFTER"] to e.g. 600: a background import still not done '
                "this long after it was enqueued is enqueued again by requeue_imports.",
                id="newsdesk.E020",
            )
        )
    lease = merged["POLL_LEASE_SECONDS"]
    if not _is_number(lease) or not 0 < lease < float("inf"):
        messages.append(
            Error(
                f"{_setting('POLL_LEASE_SECONDS')} is {lease!r}; it must be a number of seconds above 0.",
                hint='Set NEWSDESK["POLL_LEASE_SECONDS"] to e.g. 600: how long a poll holds its source '
                "without a sign of life before another run may take it over.",
                id="newsdesk.E022",
            )
        )
    return messages


@register()
def check_task_backend(app_configs: Iterable[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """newsdesk.E021: background imports (newsdesk.background) name a configured task backend."""
    user = getattr(settings, "NEWSDESK", None)
    alias = (user if isinstance(user, dict) else {}).get("IMPORT_TASK_BACKEND", DEFAULTS["IMPORT_TASK_BACKEND"])
    configured = getattr(settings, "TASKS", None)
    # Without a TASKS setting the Tasks framework provides "default" itself.
    known = set(configured) if isinstance(configured, dict) else {"default"}
    if isinstance(alias, str) and alias in known:
        return []
    return [
        Error(
            f"{_setting('IMPORT_TASK_BACKEND')} is {alias!r}, which is not a backend in the TASKS setting "
            f"({', '.join(sorted(known)) or 'none'}).",
            hint='Name one of the TASKS backends, e.g. NEWSDESK["IMPORT_TASK_BACKEND"] = "default".',
            id="newsdesk.E021",
        )
    ]


def _cache_checks(merged: dict[str, Any]) -> list[CheckMessage]:
    retry_after = merged["CACHE_RETRY_AFTER"]
    if _is_number(retry_after) and 0 <= retry_after < float("inf"):
        return []
    return [
        Error(
            f"{_setting('CACHE_RETRY_AFTER')} is {retry_after!r}; it must be a number of seconds, "
            "0 or more.",
            hint='Set NEWSDESK["CACHE_RETRY_AFTER"] to e.g. 30 (after a cache failure newsdesk '
            "skips the cache for that long), or 0 to try the cache on every call.",
            id="newsdesk.E014",
        )
    ]


def _feed_checks(merged: dict[str, Any]) -> list[CheckMessage]:
    items = merged["FEED_ITEMS"]
    if _is_int(items) and items > 0:
        return []
    return [
        Error(
            f"{_setting('FEED_ITEMS')} is {items!r}; it must be a positive whole number of articles.",
            hint='Set NEWSDESK["FEED_ITEMS"] to e.g. 30 (how many of the newest articles each feed lists).',
            id="newsdesk.E015",
        )
    ]


def _source_checks(merged: dict[str, Any]) -> list[CheckMessage]:
    """newsdesk.E024-E026 and W005: what polled sources may reach (newsdesk.sources)."""
    messages: list[CheckMessage] = []
    roots = merged["SOURCE_DIRECTORY_ROOTS"]
    if not isinstance(roots, (list, tuple)) or not all(
        isinstance(root, (str, os.PathLike)) and os.path.isabs(os.fspath(root)) for root in roots
    ):
        messages.append(
            Error(
                f"{_setting('SOURCE_DIRECTORY_ROOTS')} is {roots!r}; it must be a list of absolute paths.",
                hint='Set NEWSDESK["SOURCE_DIRECTORY_ROOTS"] = ["/srv/wire"] (drop directories may only be '
                "in these folders), or [] to allow none.",
                id="newsdesk.E024",
            )
        )
    else:
        for root in roots:
            if not os.path.isdir(root):
                messages.append(
                    Warning(
                        f"{_setting('SOURCE_DIRECTORY_ROOTS')} lists {os.fspath(root)!r}, which is not a "
                        "directory on this server.",
                        hint="Create it, or remove it from the list: no drop directory can be in it.",
                        id="newsdesk.W005",
                    )
                )
    allow = merged["SOURCE_ALLOW_PRIVATE_ADDRESSES"]
    if not isinstance(allow, bool):
        messages.append(
            Error(
                f"{_setting('SOURCE_ALLOW_PRIVATE_ADDRESSES')} is {allow!r}; it must be True or False.",
                hint="Leave it False unless sources must reach loopback or private addresses (an intranet "
                "feed, tests).",
                id="newsdesk.E025",
            )
        )
    limit = merged["POLL_TIME_LIMIT"]
    if not _is_number(limit) or not 0 < limit < float("inf"):
        messages.append(
            Error(
                f"{_setting('POLL_TIME_LIMIT')} is {limit!r}; it must be a number of seconds above 0.",
                hint='Set NEWSDESK["POLL_TIME_LIMIT"] to e.g. 600: one poll of one source stops after this '
                "long, and what it did not download waits for the next poll.",
                id="newsdesk.E026",
            )
        )
    return messages


@register(Tags.urls)
def check_sitemaps_app(app_configs: Iterable[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """newsdesk.W003: ``newsdesk.sitemap_urls`` is included without ``django.contrib.sitemaps``."""
    if apps.is_installed("django.contrib.sitemaps"):
        return []
    try:
        reverse("newsdesk_sitemap_index")
    except NoReverseMatch:
        return []  # the site does not serve newsdesk's sitemaps
    return [
        Warning(
            "The URLconf includes newsdesk.sitemap_urls, but \"django.contrib.sitemaps\" is not in "
            "INSTALLED_APPS: sitemap.xml and sitemap-articles.xml fail for want of its templates.",
            hint='Add "django.contrib.sitemaps" to INSTALLED_APPS.',
            id="newsdesk.W003",
        )
    ]
