"""``{% load newsdesk %}``: thin tags that delegate to newsdesk's layers.

Calendar maths lives in :mod:`newsdesk.calendars` / :mod:`newsdesk.hijri`,
weather in :mod:`newsdesk.weather`; this module only adapts them to
templates.
"""

from __future__ import annotations

from django import template

register = template.Library()
