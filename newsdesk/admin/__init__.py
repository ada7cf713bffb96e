"""newsdesk's admin: one module per area, all registered on import."""

from __future__ import annotations

from newsdesk.admin import (  # noqa: F401
    articles,
    batches,  # noqa: F401  (background import batches, read-only)
    credits,
    hijri,  # noqa: F401
    ingest_sources,  # noqa: F401  (sources polled by poll_sources)
    sources,  # noqa: F401
    updates,  # noqa: F401  (the read-only list of agency updates)
    weather,  # noqa: F401
)
