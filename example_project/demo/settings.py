"""Settings for newsdesk's example site.

SQLite next to this file by default; set ``DATABASE_URL`` (for example
``postgres://postgres@127.0.0.1:5432/newsdesk_demo``) to use another database.
"""

from __future__ import annotations

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
