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
