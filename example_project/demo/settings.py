"""Settings for newsdesk's example site.

SQLite next to this file by default; set ``DATABASE_URL`` (for example
``postgres://postgres@127.0.0.1:5432/newsdesk_demo``) to use another database.

Background imports (``import_wire --enqueue``, large admin uploads, polled
sources) run on the task backend chosen by ``NEWSDESK_TASKS``:

* ``immediate`` (the default): in the web process itself, as soon as they
  are enqueued, so nothing else needs to run;
* ``database``: stored in the database by django-tasks-db (``pip install
  "django-newsdesk[worker]"``) and run by workers, ``python manage.py
  db_worker``, as many as you like, on any machine that reaches the
  database;
* ``rq``: Redis Queue through django-tasks-rq, when installed (``pip install
  django-tasks-rq``; ``REDIS_URL``, default ``redis://127.0.0.1:6379/0``;
  workers: ``python manage.py rqworker --job-class django_tasks_rq.Job default``).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "newsdesk-demo-only-not-secret")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
# `make demo HOST=0.0.0.0` listens on every interface; name the host you
# browse to in DJANGO_ALLOWED_HOSTS (space-separated) to reach it from elsewhere.
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", *os.environ.get("DJANGO_ALLOWED_HOSTS", "").split()]

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
    # The rich-text editor for articles' body and standfirst in the admin
    # (pip install "django-newsdesk[editor]").
    "django_prose_editor",
    "demo",
]

NEWSDESK_TASKS = os.environ.get("NEWSDESK_TASKS", "immediate")
if NEWSDESK_TASKS == "database":
    INSTALLED_APPS.append("django_tasks_db")
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif NEWSDESK_TASKS == "rq":
    if importlib.util.find_spec("django_tasks_rq") is None:
        raise RuntimeError("NEWSDESK_TASKS=rq needs django-tasks-rq: pip install django-tasks-rq")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}}
elif NEWSDESK_TASKS == "immediate":
    # django.tasks on Django 6, the django-tasks backport on Django 5.2.
    _TASKS_PACKAGE = "django.tasks" if importlib.util.find_spec("django.tasks") else "django_tasks"
    TASKS = {"default": {"BACKEND": f"{_TASKS_PACKAGE}.backends.immediate.ImmediateBackend"}}
else:
    raise RuntimeError(f"NEWSDESK_TASKS must be immediate, database or rq, not {NEWSDESK_TASKS!r}")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "demo.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
WSGI_APPLICATION = "demo.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ar", "العربية")]
TIME_ZONE = "Asia/Muscat"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
TAGGIT_CASE_INSENSITIVE = True

NEWSDESK = {
    # The name feeds and the Google News sitemap print.
    "PUBLICATION_NAME": "The Newsdesk Demo",
    # Oman declares its own month starts; record them in the admin
    # (Hijri month starts) or let imported pages teach them.
    "CALENDAR": "ummalqura",
}
