"""The example site's own parts without a browser: ``setup_demo`` run again
leaves editors' articles alone, the demo's admin names the demo, and the
Makefile's ``demo`` / ``clean-demo`` targets do what the README says.

``setup_demo`` runs in this process on the test database (the demo app is
imported from ``example_project/``); the admin is read in a subprocess with
the demo's own settings, so its site header never leaks into other tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from newsdesk.ingest import import_story
from newsdesk.models import Article
from tests.wire_import_support import PORT_STORY

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "example_project"
SAMPLES = sorted((EXAMPLE / "wire_samples").glob("*.txt"))


@pytest.fixture
def setup_demo(monkeypatch):
    """Run the demo's ``setup_demo`` command; returns what it printed."""
    monkeypatch.syspath_prepend(str(EXAMPLE))
    from demo.management.commands.setup_demo import Command

    def run() -> str:
        out = StringIO()
        call_command(Command(), stdout=out, stderr=StringIO())
        return out.getvalue()

    return run


@pytest.mark.django_db
def test_setup_demo_publishes_its_samples_and_nothing_else(setup_demo):
    setup_demo()
    assert len(SAMPLES) == 5
    assert Article.objects.filter(status=Article.Status.PUBLISHED).count() == len(SAMPLES)
    assert sorted(Article.objects.values_list("source_name", flat=True)) == [path.name for path in SAMPLES]

    # An editor imports a story by hand, as a draft, and keeps it unpublished;
    # an earlier sample is taken down.
    draft = import_story(PORT_STORY, source_name="port.txt").article
    assert draft is not None and draft.status == Article.Status.DRAFT
    withdrawn = Article.objects.filter(status=Article.Status.PUBLISHED).first()
    assert withdrawn is not None
    withdrawn.withdraw("Withdrawn by the agency.")
    withdrawn.save()

    output = setup_demo()  # the next `make demo`

    assert "0 imported, 5 duplicates, 0 failed" in output
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (Article.Status.DRAFT, None)
    withdrawn.refresh_from_db()
    assert withdrawn.status == Article.Status.WITHDRAWN
    assert Article.objects.filter(status=Article.Status.PUBLISHED).count() == len(SAMPLES) - 1


def _demo_python(code: str) -> str:
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "NEWSDESK_TEST_DB"}}
    # No tables are needed to read the login page: an empty in-memory database.
    env.update(DJANGO_SETTINGS_MODULE="demo.settings", DATABASE_URL="sqlite://:memory:", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=EXAMPLE, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_demo_admin_names_the_demo_not_django():
    page = _demo_python(
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "print(Client(HTTP_HOST='127.0.0.1').get('/admin/login/').content.decode())\n"
    )
    assert "<title>Log in | Newsdesk demo admin</title>" in page
    assert '<a href="/admin/">Newsdesk demo</a>' in page
    assert "Django administration" not in page and "Django site admin" not in page


def test_the_demo_admin_index_title():
    output = _demo_python(
        "import django; django.setup()\n"
        "from django.urls import resolve\n"
        "site = resolve('/admin/').func.admin_site\n"
        "print(site.site_header, site.site_title, site.index_title, sep='|')\n"
    )
    assert output.strip() == "Newsdesk demo|Newsdesk demo admin|Newsroom"


def _make_dry_run(*args: str) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    result = subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_demo_serves_on_the_host_and_port_given():
    assert "runserver 127.0.0.1:8000" in _make_dry_run("demo")
    assert "runserver 0.0.0.0:8765" in _make_dry_run("demo", "HOST=0.0.0.0", "PORT=8765")


def test_make_clean_demo_removes_the_demo_database_and_media():
    commands = _make_dry_run("clean-demo")
    assert "example_project/db.sqlite3" in commands
    assert "example_project/media" in commands
    assert "example_project/db.sqlite3" in _make_dry_run("clean")


def test_the_readme_documents_the_demo_targets():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "`make demo PORT=8765`" in readme and "`make demo HOST=0.0.0.0`" in readme
    assert "`make clean-demo` deletes the demo's SQLite database (`example_project/db.sqlite3`)" in readme
