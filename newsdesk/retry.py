"""Transactions the database asks us to run again.

A deadlock or a serialization failure is not an error in the data: the
database chose this transaction to give way to another one, rolled it back
(MariaDB rolls back the *whole* transaction, savepoints included), and
running it again is the documented answer.  These are recognised here by the
codes the databases give them, never by guessing from the message:

* PostgreSQL: SQLSTATE ``40P01`` (deadlock detected), ``40001``
  (serialization failure), ``55P03`` (lock not available);
* MariaDB / MySQL: error ``1213`` (deadlock found) and ``1205`` (lock wait
  timeout exceeded);
* SQLite: ``database is locked`` (another process holds the write lock
  longer than the connection's busy timeout).

No Django import: it reads the driver's exception, which Django keeps as the
``__cause__`` of its own wrapper.
"""

from __future__ import annotations

import random
import sqlite3

RETRYABLE_SQLSTATES = frozenset({"40P01", "40001", "55P03"})
RETRYABLE_MYSQL_CODES = frozenset({1205, 1213})

#: How many times a story is tried in all before it is reported as failed.
ATTEMPTS = 5
#: The first wait between attempts, in seconds; it doubles each time, with
#: random jitter so that processes that collided do not collide again.
FIRST_WAIT = 0.05


def is_retryable(error: BaseException) -> bool:
    """Whether ``error`` (or the driver error behind it) says "try again"."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        sqlstate = getattr(current, "sqlstate", None) or getattr(current, "pgcode", None)
        if sqlstate in RETRYABLE_SQLSTATES:
            return True
        args = getattr(current, "args", ())
        if args and isinstance(args[0], int) and not isinstance(args[0], bool) and args[0] in RETRYABLE_MYSQL_CODES:
            return True
        if isinstance(current, sqlite3.OperationalError) and "database is locked" in str(current):
            return True
        current = current.__cause__
    return False


def wait_before(attempt: int) -> float:
    """Seconds to wait before attempt ``attempt`` + 1 (attempt counts from 1)."""
    return random.uniform(FIRST_WAIT, FIRST_WAIT * 2 ** attempt)
