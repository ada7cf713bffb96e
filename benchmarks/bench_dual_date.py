"""Renders per second of ``{% dual_date %}`` beside ``{{ value|date:"l, F d, Y" }}``.

Run: ``.venv/bin/python benchmarks/bench_dual_date.py [--seconds 2]``.
Both templates are compiled once and rendered over the same 365 dates in the
same run; the ratio is printed (target: dual_date costs at most 2x).  Uses an
in-memory SQLite database with one recorded month start, so the first render
builds the calendar (one query) and the rest are served from the cache.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def rate(template: Template, values: list, seconds: float) -> float:
    renders, start = 0, time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for value in values:
            template.render(Context({"value": value}))
        renders += len(values)
    return renders / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per template (default 2)")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    from newsdesk.models import HijriMonthStart

    HijriMonthStart.objects.create(year=1447, month=6, starts_on=datetime.date(2025, 11, 23))
    values = [datetime.date(2025, 6, 1) + datetime.timedelta(days=i) for i in range(365)]
    plain = Template('{{ value|date:"l, F d, Y" }}')
    dual = Template("{% load newsdesk %}{% dual_date value %}")
    print("sample:", dual.render(Context({"value": datetime.date(2025, 12, 7)})))

    with CaptureQueriesContext(connection) as queries:
        plain_rate = rate(plain, values, args.seconds)
        dual_rate = rate(dual, values, args.seconds)
    print(f'{{{{ value|date:"l, F d, Y" }}}}: {plain_rate:12,.0f} renders/s')
    print(f"{{% dual_date value %}}:          {dual_rate:12,.0f} renders/s")
    print(f"ratio (time per dual_date / time per date filter): {plain_rate / dual_rate:.2f}x (target <= 2x)")
    print(f"queries during the timed renders: {len(queries)}")


if __name__ == "__main__":
    main()
