"""newsdesk: a reusable Django app for Gulf and Arabic-region newsrooms."""

from __future__ import annotations

__version__ = "0.1.0.dev0"
