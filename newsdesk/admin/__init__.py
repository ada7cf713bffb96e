"""newsdesk's admin: one module per area, all registered on import."""

from __future__ import annotations

from newsdesk.admin import articles, credits  # noqa: F401
from newsdesk.admin import hijri  # noqa: F401
from newsdesk.admin import weather  # noqa: F401
