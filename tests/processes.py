"""Management commands in processes of their own, on the running test's database.

The concurrency tests start real processes (``import_wire``, ``db_worker``,
``poll_sources``): each gets the suite's settings and connects straight to
the test database the test runs on (``NEWSDESK_TEST_DB_NAME``, read by
``tests/settings.py``).  Only a database server other processes can reach
(PostgreSQL, MariaDB) makes sense here; the suite's SQLite database lives
in one process's memory.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[1]

#: Whether the suite runs on a database server other processes can reach.
SERVER_DB = os.environ.get("NEWSDESK_TEST_DB", "sqlite") in ("postgres", "mariadb")

#: The mark of a test module whose test starts other processes on its database.
needs_other_processes = pytest.mark.skipif(
    not SERVER_DB,
    reason="needs a database server that other processes and connections share "
    "(PostgreSQL or MariaDB); the suite's SQLite database is in one process's memory",
)


def command_process(*arguments: str, env: Mapping[str, str] | None = None) -> subprocess.Popen:
    """``python -m django <arguments>`` with the suite's settings on this
    test's database, output captured as text; ``env`` adds variables (the
    task backend, the update window...)."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "NEWSDESK_TEST_DB_NAME": connection.settings_dict["NAME"],
        "PYTHONPATH": str(REPO),
        **(env or {}),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "django", *arguments],
        cwd=REPO, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
