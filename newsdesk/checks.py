"""System checks with stable ids (newsdesk.E001 ...), filled in below."""

from __future__ import annotations
