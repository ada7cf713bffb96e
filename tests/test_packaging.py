"""The wheel carries migrations, templates, static files and locale files.

Building the wheel takes a few seconds, so it is built once per session.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.utils import translation

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def wheel_members(tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("wheel")
    # Build from a copy so build/ and *.egg-info never land in the working tree.
    src = out / "src"
    shutil.copytree(
        ROOT, src,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "docs", "node_modules", "build", "dist", "*.egg-info",
            "__pycache__", "_media", "*.sqlite3",
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
         "-q", "-w", str(out / "dist")],
        check=True, capture_output=True, text=True,
    )
    (wheel,) = (out / "dist").glob("django_newsdesk-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_wheel_carries_migrations(wheel_members):
    assert "newsdesk/migrations/0001_initial.py" in wheel_members
    assert "newsdesk/migrations/__init__.py" in wheel_members


def test_wheel_carries_templates(wheel_members):
    assert any(
        m.startswith("newsdesk/templates/") and m.endswith(".html") for m in wheel_members
    )


def test_wheel_carries_static_files(wheel_members):
    assert "newsdesk/static/newsdesk/newsdesk.css" in wheel_members


def test_wheel_carries_arabic_locale(wheel_members):
    assert "newsdesk/locale/ar/LC_MESSAGES/django.po" in wheel_members
    assert "newsdesk/locale/ar/LC_MESSAGES/django.mo" in wheel_members


def test_wheel_leaves_tests_out(wheel_members):
    assert not any(m.startswith(("tests/", "example_project/")) for m in wheel_members)


def test_arabic_catalog_is_compiled_and_used():
    from newsdesk.models import Article, HijriMonthStart

    with translation.override("ar"):
        assert str(Article._meta.verbose_name) == "مقال"
        assert str(Article.Status.PUBLISHED.label) == "منشور"
        assert str(HijriMonthStart._meta.get_field("year").verbose_name) == "السنة الهجرية"
