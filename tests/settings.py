"""Settings for newsdesk's own test suite.

The database comes from ``NEWSDESK_TEST_DB``: ``sqlite`` (default),
``postgres`` or ``mariadb``; host, port and user from the usual
``NEWSDESK_TEST_DB_*`` variables so the same suite runs on each.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "newsdesk-tests-not-secret"
DEBUG = False
USE_TZ = True
TIME_ZONE = "Asia/Muscat"
LANGUAGE_CODE = "en"
ALLOWED_HOSTS = ["*"]

_DB = os.environ.get("NEWSDESK_TEST_DB", "sqlite")
# One test database per run, so that two runs on one server (a developer's
# and CI's, or two Django versions) never drop each other's tables.
_TEST_NAME = {"NAME": f"test_newsdesk_{os.getpid()}"}
if _DB == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "newsdesk",
            "USER": os.environ.get("NEWSDESK_TEST_DB_USER", "postgres"),
            "PASSWORD": os.environ.get("NEWSDESK_TEST_DB_PASSWORD", ""),
            "HOST": os.environ.get("NEWSDESK_TEST_DB_HOST", "127.0.0.1"),
            "PORT": os.environ.get("NEWSDESK_TEST_DB_PORT", "5432"),
            "TEST": _TEST_NAME,
        }
    }
elif _DB == "mariadb":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.mysql",
            "NAME": "newsdesk",
            "USER": os.environ.get("NEWSDESK_TEST_DB_USER", "root"),
            "PASSWORD": os.environ.get("NEWSDESK_TEST_DB_PASSWORD", ""),
            "HOST": os.environ.get("NEWSDESK_TEST_DB_HOST", "127.0.0.1"),
            "PORT": os.environ.get("NEWSDESK_TEST_DB_PORT", "3306"),
            "OPTIONS": {"charset": "utf8mb4"},
            "TEST": {**_TEST_NAME, "CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"},
        }
    }
elif _DB == "sqlite":
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
else:
    raise RuntimeError(f"NEWSDESK_TEST_DB must be sqlite, postgres or mariadb, not {_DB!r}")

# The concurrency tests start management commands in other processes; those
# connect straight to the test database the test runs on, named here.
if os.environ.get("NEWSDESK_TEST_DB_NAME"):
    DATABASES["default"]["NAME"] = os.environ["NEWSDESK_TEST_DB_NAME"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "reversion",  # every article's revisions (newsdesk.revisions)
    "newsdesk",
    # The database task backend's tables, for the tests that run real workers.
    "django_tasks_db",
    # The admin's rich-text editor (the "editor" extra; newsdesk.admin.editor).
    "django_prose_editor",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Reader pages follow Accept-Language, as a real Arabic/English site's do.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "tests.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "_media"
MEDIA_URL = "/media/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TAGGIT_CASE_INSENSITIVE = True

# The polling tests' FTP and HTTP servers listen on 127.0.0.1, an address
# sources may not reach on a real site (tests/test_sources_addresses.py
# turns this off to see them refused).
NEWSDESK: dict[str, object] = {"SOURCE_ALLOW_PRIVATE_ADDRESSES": True}

# Subprocesses the concurrency tests start (import_wire) cannot take a
# pytest settings fixture: this variable turns the recognition of agency
# updates off for tests whose stories are variants of one page on purpose.
if os.environ.get("NEWSDESK_TEST_UPDATE_WINDOW_HOURS"):
    NEWSDESK["UPDATE_WINDOW_HOURS"] = float(os.environ["NEWSDESK_TEST_UPDATE_WINDOW_HOURS"])
# And the folders their drop directories may be in (SOURCE_DIRECTORY_ROOTS,
# none by default), as the allowed_drop_root fixture sets them in-process.
if os.environ.get("NEWSDESK_TEST_DROP_ROOTS"):
    NEWSDESK["SOURCE_DIRECTORY_ROOTS"] = os.environ["NEWSDESK_TEST_DROP_ROOTS"].split(os.pathsep)

# Background imports (newsdesk.background) run in-process by default, so a
# test that enqueues has its stories imported when enqueue_import returns.
# The db_worker processes the worker tests start get NEWSDESK_TEST_TASKS=database
# (the tests themselves switch with override_settings) and share the queue table.
try:  # Django 6
    import django.tasks  # noqa: F401

    _IMMEDIATE = "django.tasks.backends.immediate.ImmediateBackend"
except ImportError:  # Django 5.2 and the django-tasks backport
    _IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"
if os.environ.get("NEWSDESK_TEST_TASKS", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # A worker checks its connection after every task; kept open, as a
    # site's workers should keep theirs, instead of one connect per story.
    DATABASES["default"]["CONN_MAX_AGE"] = None  # type: ignore[assignment]
else:
    TASKS = {"default": {"BACKEND": _IMMEDIATE}}
