"""Shared test helpers.

``unavailable(reason, require_env)``: tests that need a part the machine may
lack (a browser, Redis) skip with the reason on a developer's machine, but
fail in CI, where ``.ci/run`` sets the ``NEWSDESK_REQUIRE_*`` variable: a
green CI run can never hide a part that was silently skipped.
"""

from __future__ import annotations

import os

import pytest


def unavailable(reason: str, require_env: str) -> None:
    """Skip (or, when ``require_env`` is set, fail) the calling test."""
    if os.environ.get(require_env):
        pytest.fail(f"{reason} (required here because {require_env} is set)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fresh_hijri_calendar():
    """Drop the process-wide calendar before and after each test: a test's
    database rollback sends no ``post_delete``, so a calendar built from one
    test's rows must not leak into the next."""
    from newsdesk.hijri import reset_calendar_cache

    reset_calendar_cache()
    yield
    reset_calendar_cache()
