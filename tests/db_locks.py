"""Row-lock waits seen from another connection: how the concurrency tests
know the other side is really blocked before they go on."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Sequence

from django.db import connection


def session_id() -> int:
    """This connection's session id on the server (PostgreSQL pid, MariaDB thread id)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()" if connection.vendor == "postgresql" else "SELECT CONNECTION_ID()")
        return int(cursor.fetchone()[0])


def waiting_for_a_lock(session: int) -> bool:
    """Whether the session ``session`` (the importer's) waits for a row lock.

    Only that session counts: a connection another test left behind waiting
    for some lock must not start the deadlock before the importer holds its row.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = %s AND wait_event_type = 'Lock'",
                [session],
            )
            return cursor.fetchone()[0] > 0
        # MariaDB: information_schema.INNODB_TRX lags behind (it is a cache
        # refreshed now and then); the engine's own status report does not.
        cursor.execute("SHOW ENGINE INNODB STATUS")
        report = cursor.fetchone()[2]
        for block in report.split("---TRANSACTION")[1:]:
            if f"thread id {session}," in block and "TRX HAS BEEN WAITING" in block:
                return True
        return False


def wait_until_waiting(session: Callable[[], int | None], failure: str, timeout: float = 30) -> None:
    """Poll until the session ``session()`` names (``None``: not known yet)
    waits for a row lock; after ``timeout`` seconds fail with ``failure``."""
    deadline = time.monotonic() + timeout
    while True:
        known = session()
        if known is not None and waiting_for_a_lock(known):
            return
        if time.monotonic() > deadline:
            raise AssertionError(failure)
        time.sleep(0.02)


def sessions_waiting_on(table: str) -> int:
    """How many other sessions of this test's database wait for a lock while
    writing ``table`` (import processes held at a gate): other runs' sessions
    on the same server, and this connection, never count."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE %s",
                [f"%{table}%"],
            )
            return int(cursor.fetchone()[0])
        cursor.execute("SHOW ENGINE INNODB STATUS")
        report = cursor.fetchone()[2]
        locked = f"`{connection.settings_dict['NAME']}`.`{table}`"
        return sum(
            1 for block in report.split("---TRANSACTION")[1:]
            if "TRX HAS BEEN WAITING" in block and locked in block
        )


def wait_until_sessions_wait(
    count: int, table: str, failure: str, *, timeout: float = 30, alive: Sequence[subprocess.Popen] = ()
) -> None:
    """Poll until ``count`` other sessions wait for a lock on ``table``;
    fail with ``failure`` after ``timeout`` seconds, or at once when one of
    the ``alive`` processes has ended (it will never wait)."""
    deadline = time.monotonic() + timeout
    while sessions_waiting_on(table) < count:
        ended = [process for process in alive if process.poll() is not None]
        if ended:
            raise AssertionError(f"{failure}: a process ended first ({ended[0].stderr.read()[-3000:]})")
        if time.monotonic() > deadline:
            raise AssertionError(failure)
        time.sleep(0.05)
