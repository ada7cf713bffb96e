"""The wheel carries migrations, templates, static files and locale files.

Building the wheel takes a few seconds, so it is built once per session.
"""

from __future__ import annotations

import json
import re
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
def built_wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Build from a copy so build/ and *.egg-info never land in the working tree.
    src = out / "src"
    shutil.copytree(
        ROOT, src,
        ignore=shutil.ignore_patterns(
            ".git", ".venv*", "docs", "node_modules", "build", "dist", "*.egg-info",
            "__pycache__", "_media", "*.sqlite3",
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
         "-q", "-w", str(out / "dist")],
        check=True, capture_output=True, text=True,
    )
    (wheel,) = (out / "dist").glob("django_newsdesk-*.whl")
    return wheel


@pytest.fixture(scope="session")
def wheel_members(built_wheel) -> list[str]:
    with zipfile.ZipFile(built_wheel) as archive:
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


def test_wheel_carries_the_line_role_weights(wheel_members):
    assert "newsdesk/wire/data/line_roles.json" in wheel_members


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


# --- issue 13: the README's install commands work while newsdesk is unreleased ---


def _console_lines(text: str) -> list[str]:
    """Every line of the ``console`` code blocks of a Markdown or reST file."""
    blocks = re.findall(r"```console\n(.*?)```", text, re.S)
    blocks += re.findall(r"\.\. code-block:: console\n\n((?:   .*\n|\n)+)", text)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


@pytest.mark.parametrize("document", ["README.md", "docs/installation.rst"])
def test_no_bare_pip_install_while_unreleased(document):
    text = (ROOT / document).read_text(encoding="utf-8")
    commands = [line.split("#")[0].strip() for line in _console_lines(text)]
    assert "pip install django-newsdesk" not in commands
    assert "not on PyPI yet" in " ".join(text.split())
    assert "pip install dist/django_newsdesk-*.whl" in commands


def test_the_readme_wheel_commands_build_and_install_newsdesk(built_wheel):
    commands = [line.split("#")[0].strip() for line in _console_lines((ROOT / "README.md").read_text(encoding="utf-8"))]
    # What the README builds: the wheel of this checkout, into dist/ (the
    # fixture built it the same way, without build isolation, offline).
    assert "python -m pip wheel --no-deps -w dist ." in commands
    install = next(c for c in commands if c.startswith("pip install dist/"))
    pattern = install.removeprefix("pip install dist/")
    assert list(built_wheel.parent.glob(pattern)) == [built_wheel]
    report = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--no-deps", "--no-index", "--quiet",
         "--report", "-", str(built_wheel)],
        check=True, capture_output=True, text=True,
    )
    (installed,) = json.loads(report.stdout)["install"]
    assert installed["metadata"]["name"] == "django-newsdesk"
