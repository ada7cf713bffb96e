"""Signal receivers, connected when the app is ready.

Kept in one module so that ``NewsdeskConfig.ready()`` has a single import to
make.  Receivers here only invalidate caches; they never do work a request is
waiting for.
"""

from __future__ import annotations
