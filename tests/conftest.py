"""Shared test helpers.

``unavailable(reason, require_env)``: tests that need a part the machine may
lack (a browser, Redis) skip with the reason on a developer's machine, but
fail in CI, where ``.ci/run`` sets the ``NEWSDESK_REQUIRE_*`` variable: a
green CI run can never hide a part that was silently skipped.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

#: Flags for Debian's Chromium as root on a machine with no outside network.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]


def unavailable(reason: str, require_env: str) -> None:
    """Skip (or, when ``require_env`` is set, fail) the calling test."""
    if os.environ.get(require_env):
        pytest.fail(f"{reason} (required here because {require_env} is set)")
    pytest.skip(reason)


def chromium_executable() -> str:
    """Debian's Chromium (or ``NEWSDESK_CHROMIUM``); skip or fail without it."""
    path = os.environ.get("NEWSDESK_CHROMIUM", "/usr/bin/chromium")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)) and not shutil.which(path):
        unavailable(f"no Chromium at {path} (apt-get install chromium, or set NEWSDESK_CHROMIUM)",
                    "NEWSDESK_REQUIRE_BROWSER")
    return path


@contextmanager
def chromium_page() -> Iterator:
    """A page in a fresh headless Chromium, driven by Playwright's sync API."""
    executable = chromium_executable()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed", "NEWSDESK_REQUIRE_BROWSER")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


@pytest.fixture(autouse=True)
def _fresh_hijri_calendar():
    """Drop the process-wide calendar before and after each test: a test's
    database rollback sends no ``post_delete``, so a calendar built from one
    test's rows must not leak into the next."""
    from newsdesk.hijri import reset_calendar_cache

    reset_calendar_cache()
    yield
    reset_calendar_cache()


@pytest.fixture(autouse=True)
def _fresh_cache_breaker():
    """Forget any cache outage before and after each test: the circuit
    breaker in ``newsdesk.cache`` is per process, so a test that broke the
    cache must not leave the next one skipping it."""
    from newsdesk import cache

    cache.reset()
    yield
    cache.reset()


# --- screenshots of failed browser tests ---------------------------------------------

#: Where failed browser tests leave a screenshot (CI keeps the folder).
SCREENSHOT_DIR = os.environ.get("NEWSDESK_SCREENSHOTS", "test-screenshots")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so a fixture can tell in
    its teardown whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def save_screenshot_if_failed(request, page) -> None:
    """Save ``page`` when the test that used it failed; called from browser
    fixtures' teardown."""
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        save_screenshot(page, request.node.name)


def save_screenshot(page, name: str) -> None:
    """Save ``page`` as ``<SCREENSHOT_DIR>/<name>.png`` and print the path;
    never raises (the browser may be the thing that broke)."""
    os.makedirs(SCREENSHOT_DIR, exist_ok=True)
    safe = "".join(char if char.isalnum() or char in "-_." else "_" for char in name)
    path = os.path.join(SCREENSHOT_DIR, f"{safe}.png")
    try:
        page.screenshot(path=path, full_page=True)
    except Exception as exc:
        print(f"could not save a screenshot of the failed test: {exc}")
    else:
        print(f"screenshot of the failed test: {path}")


@pytest.fixture
def no_update_recognition(settings):
    """For tests that import near-identical variants of one story on
    purpose (to test furniture, batching, progress...): with recognition on
    they would be agency updates of one article (tests/test_story_updates.py)."""
    settings.NEWSDESK = {**getattr(settings, "NEWSDESK", {}), "UPDATE_WINDOW_HOURS": 0}


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """Put the active language back after each test.

    ``LocaleMiddleware`` activates the request's language in the calling
    thread and nothing deactivates it when the test client's request ends,
    so one test reading an Arabic page would otherwise leave the next test
    (in pytest-randomly's order) rendering Arabic labels."""
    from django.utils import translation

    yield
    translation.deactivate()


# --- tests that never touch a database run once ---------------------------------------


def uses_database(item: pytest.Item) -> bool:
    """Whether ``item`` can reach the test database: a ``django_db`` mark,
    a fixture that opens it (``db``, ``transactional_db``, ``live_server``,
    ``admin_client``... all go through pytest-django's ``_django_db_helper``)
    or a Django ``TransactionTestCase``.  Any other test is refused the
    database by pytest-django, so its answer cannot depend on which one the
    suite runs on."""
    if item.get_closest_marker("django_db") is not None:
        return True
    if "_django_db_helper" in getattr(item, "fixturenames", ()):
        return True
    from django.test import TransactionTestCase

    cls = getattr(item, "cls", None)
    return cls is not None and issubclass(cls, TransactionTestCase)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In ``make test``'s PostgreSQL and MariaDB runs (``scripts/test-matrix``
    sets ``NEWSDESK_TEST_DATABASE_TESTS_ONLY``), leave out the tests that
    never touch a database: the SQLite run beside them runs each of them,
    and a third of the suite (the parser, the calendars, the property tests)
    would otherwise run three times to the same answer.  Run by hand, the
    suite runs everything on any database."""
    if not os.environ.get("NEWSDESK_TEST_DATABASE_TESTS_ONLY"):
        return
    kept = [item for item in items if uses_database(item)]
    left_out = [item for item in items if not uses_database(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
        config._newsdesk_left_out = len(left_out)  # type: ignore[attr-defined]


def pytest_report_header(config: pytest.Config) -> str | None:
    if os.environ.get("NEWSDESK_TEST_DATABASE_TESTS_ONLY"):
        return ("newsdesk: only the tests that use a database run here; "
                "the others run in make test's SQLite run (NEWSDESK_TEST_DATABASE_TESTS_ONLY)")
    return None
