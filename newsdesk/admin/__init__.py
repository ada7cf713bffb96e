"""newsdesk's admin: one module per area, all registered on import."""

from __future__ import annotations

from newsdesk.admin import articles, credits  # noqa: F401
