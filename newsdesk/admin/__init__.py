"""newsdesk's admin: one module per area, all registered on import."""

from __future__ import annotations
