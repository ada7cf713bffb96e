"""Weather widget renders per second, cached and uncached.

Run: ``.venv/bin/python benchmarks/bench_weather.py [--renders N]``.
Uses the test settings (SQLite in memory, local-memory cache); prints
throughput and the queries each render ran.  No network: the renders read
the stored reading only, which is the point being measured.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from newsdesk.models import WeatherWidget  # noqa: E402
from newsdesk.weather.service import cache_key  # noqa: E402

TEMPLATE = Template('{% load newsdesk %}{% weather_widget "oman" %}')


def bench(renders: int, *, cached: bool) -> tuple[float, int]:
    cache.clear()
    TEMPLATE.render(Context())  # warm template loading (and the cache, if cached)
    key = cache_key("oman")
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        for _ in range(renders):
            if not cached:
                cache.delete(key)
            TEMPLATE.render(Context())
        elapsed = time.perf_counter() - started
    return renders / elapsed, len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=5000)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    WeatherWidget.objects.update_or_create(
        slug="oman",
        defaults={"location": "OMAN", "description": "broken clouds", "low": Decimal("19"), "high": Decimal("19")},
    )
    for label, cached in (("cached", True), ("uncached", False)):
        rate, queries = bench(args.renders, cached=cached)
        print(
            f"{label:>8}: {rate:10,.0f} renders/s  {queries / args.renders:.2f} queries/render"
            f"  ({args.renders} renders)"
        )


if __name__ == "__main__":
    main()
