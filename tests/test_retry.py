"""Which database errors mean "run the transaction again" (newsdesk.retry),
checked on errors the drivers really raise or the exact shapes Django wraps
them in."""

from __future__ import annotations

import sqlite3

import psycopg.errors
import pytest
from django.db import utils

from newsdesk import retry


def _django_wrapped(driver_error: BaseException, wrapper=utils.OperationalError) -> BaseException:
    """What Django raises: its own class, the driver's args, the driver's
    error as ``__cause__`` (django.db.utils.DatabaseErrorWrapper)."""
    wrapped = wrapper(*driver_error.args)
    wrapped.__cause__ = driver_error
    return wrapped


def test_sqlite_database_is_locked_is_retryable(tmp_path):
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        holder.execute("CREATE TABLE t (x)")
        holder.execute("BEGIN IMMEDIATE")  # holds the write lock
        with pytest.raises(sqlite3.OperationalError) as caught:
            other.execute("INSERT INTO t VALUES (1)")
    finally:
        holder.close()
        other.close()
    assert "database is locked" in str(caught.value)
    assert retry.is_retryable(caught.value)
    assert retry.is_retryable(_django_wrapped(caught.value))


def test_other_sqlite_errors_are_not_retryable():
    connection = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError) as caught:
        connection.execute("SELECT * FROM missing")
    assert not retry.is_retryable(caught.value)
    assert not retry.is_retryable(_django_wrapped(caught.value))


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (psycopg.errors.DeadlockDetected("deadlock detected"), True),  # 40P01
        (psycopg.errors.SerializationFailure("could not serialize access"), True),  # 40001
        (psycopg.errors.LockNotAvailable("could not obtain lock"), True),  # 55P03
        (psycopg.errors.UniqueViolation("duplicate key value"), False),  # 23505: a lost race, not a retry
        (psycopg.errors.StringDataRightTruncation("value too long"), False),
    ],
)
def test_postgresql_errors_by_sqlstate(error, expected):
    assert retry.is_retryable(_django_wrapped(error)) is expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((1213, "Deadlock found when trying to get lock; try restarting transaction"), True),
        ((1205, "Lock wait timeout exceeded; try restarting transaction"), True),
        ((1062, "Duplicate entry 'x' for key 'source_hash'"), False),
        ((1406, "Data too long for column 'headline' at row 1"), False),
    ],
)
def test_mariadb_errors_by_code(args, expected):
    # MySQLdb's OperationalError carries (code, message) as its args, and
    # Django's wrapper keeps them.
    assert retry.is_retryable(utils.OperationalError(*args)) is expected


def test_waits_grow_and_stay_bounded():
    for attempt in range(1, retry.ATTEMPTS):
        for _ in range(50):
            wait = retry.wait_before(attempt)
            assert retry.FIRST_WAIT <= wait <= retry.FIRST_WAIT * 2 ** attempt
