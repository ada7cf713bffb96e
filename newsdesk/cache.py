"""Every newsdesk use of Django's cache goes through here, and fails soft.

newsdesk uses the cache only to save work: the weather widget's snapshot
(else one query) and the Hijri calendar's version number (else the
process's own calendar, rebuilt from the database).  So a cache server that
is down, refuses connections or hangs must never turn into an error page, a
failed admin save or a crashed command.  Here:

* A failing backend call is logged once, as a warning with its traceback;
  further failures in the same outage are not logged again, and the first
  call that works afterwards logs an info line.
* After a failure newsdesk stops asking the cache for
  ``NEWSDESK["CACHE_RETRY_AFTER"]`` seconds (a circuit breaker), so a hung
  cache server costs one socket timeout per process per period, not one per
  page.  When the period is over, the next call tries the cache again while
  other threads keep skipping it until that call has answered or failed.
  ``0`` means "ask every time".
* Meanwhile :func:`get` returns :data:`UNAVAILABLE` (callers then read the
  database), and :func:`set` and :func:`delete` do nothing.

The state is per process and covers the ``default`` cache, the only one
newsdesk uses.  :func:`reset` forgets it (tests call it between tests).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, TypeVar

from django.core.cache import DEFAULT_CACHE_ALIAS, BaseCache, caches

from newsdesk.conf import newsdesk_settings

logger = logging.getLogger("newsdesk")

T = TypeVar("T")


class _Unavailable:
    """The type of :data:`UNAVAILABLE`."""

    def __repr__(self) -> str:
        return "newsdesk.cache.UNAVAILABLE"


#: What :func:`get` returns when the cache failed or is being skipped.
#: Distinct from any stored value and from the ``default`` of a miss.
UNAVAILABLE: Final = _Unavailable()


@dataclass
class _Breaker:
    #: An outage is in progress (its warning has been logged).
    failing: bool = False
    #: While failing, the cache is not asked before this ``time.monotonic()``.
    skip_until: float = 0.0


_breaker = _Breaker()
_lock = threading.Lock()


def get(key: str, default: Any = None) -> Any:
    """``cache.get(key, default)``, or :data:`UNAVAILABLE` if the cache failed
    or is being skipped after a failure."""
    return _call("get", key, lambda backend: backend.get(key, default))


def set(key: str, value: Any, timeout: float | None) -> bool:
    """``cache.set(key, value, timeout)``; ``False`` if it was skipped or failed."""
    result = _call("set", key, lambda backend: backend.set(key, value, timeout))
    return result is not UNAVAILABLE


def delete(key: str) -> bool:
    """``cache.delete(key)``; ``False`` if it was skipped or failed (or the key
    was not there)."""
    result = _call("delete", key, lambda backend: backend.delete(key))
    return result is not UNAVAILABLE and bool(result)


def reset() -> None:
    """Forget any outage: the next call asks the cache (and logs a new
    failure as the first of a new outage)."""
    with _lock:
        _breaker.failing = False
        _breaker.skip_until = 0.0


def _call(operation: str, key: str, call: Callable[[BaseCache], T]) -> T | _Unavailable:
    if not _may_ask():
        return UNAVAILABLE
    # Outside the try: a CACHES setting naming a missing backend is a
    # configuration error and raises here, loudly, as it would without us.
    backend = caches[DEFAULT_CACHE_ALIAS]
    try:
        result = call(backend)
    # Cache backends share no exception base class (redis-py raises
    # redis.exceptions.*, pymemcache and pylibmc their own, the database cache
    # DatabaseError), and for newsdesk the cache only ever saves work, so any
    # exception from this single backend call means "no cache now".  Nothing
    # else is inside this try.
    except Exception:
        _failed(operation, key, backend)
        return UNAVAILABLE
    _worked()
    return result


def _retry_after() -> float:
    return float(newsdesk_settings.CACHE_RETRY_AFTER)


def _may_ask() -> bool:
    if not _breaker.failing:  # the usual case: no lock taken
        return True
    with _lock:
        if not _breaker.failing:
            return True
        now = time.monotonic()
        if now < _breaker.skip_until:
            return False
        # The period is over: this caller tries the cache; other threads
        # keep skipping it until this one has answered or failed.
        _breaker.skip_until = now + _retry_after()
        return True


def _failed(operation: str, key: str, backend: BaseCache) -> None:
    """Called inside the ``except`` clause, so the traceback is logged."""
    retry_after = _retry_after()
    with _lock:
        first = not _breaker.failing
        _breaker.failing = True
        _breaker.skip_until = time.monotonic() + retry_after
    if first:
        logger.warning(
            "The cache failed (%s, %s %s); newsdesk reads from the database and skips cache "
            "writes until it works again, and asks it again in %g s.",
            type(backend).__name__, operation, key, retry_after, exc_info=True,
        )


def _worked() -> None:
    if not _breaker.failing:
        return
    with _lock:
        was_failing = _breaker.failing
        _breaker.failing = False
        _breaker.skip_until = 0.0
    if was_failing:
        logger.info("The cache works again; newsdesk uses it again.")
