"""Throughput of the two sanitiser backends on a ~5 KB article body.

    .venv/bin/python benchmarks/bench_sanitize.py [--seconds 2]

Prints calls per second for nh3 and bleach through :func:`newsdesk.sanitize.clean_html`
(the path every model save takes, policy cached) and the ratio.  No database
queries are made: sanitising is pure CPU work (the query count printed says so).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from newsdesk.sanitize import clean_html  # noqa: E402

PARAGRAPH = (
    '<p dir="ltr">WASHINGTON: Russia and the United States discussed the <em>next steps</em> '
    'on Ukraine, <a href="https://www.reuters.com/world/">officials said</a> on Sunday &amp; '
    "Monday.</p>\n"
    '<p dir="rtl" lang="ar">مسقط: ناقش الدبلوماسيون <strong>الخطوات التالية</strong> '
    '<a href="javascript:alert(1)" onclick="x()">هنا</a>.</p>\n'
    '<figure><img src="https://cdn.example.com/p.jpg" alt="Firefighters" onerror="x()">'
    "<figcaption>Firefighters work — Reuters</figcaption></figure><script>alert(1)</script>\n"
)


def article_body(size: int = 5 * 1024) -> str:
    body = ""
    while len(body.encode()) < size:
        body += PARAGRAPH
    return body


def calls_per_second(backend: str, body: str, seconds: float) -> float:
    with override_settings(NEWSDESK={"SANITIZER": backend}):
        clean_html(body)  # build and cache the policy outside the timing
        calls = 0
        start = time.perf_counter()
        deadline = start + seconds
        while time.perf_counter() < deadline:
            clean_html(body)
            calls += 1
        return calls / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per backend")
    args = parser.parse_args()
    body = article_body()
    print(f"article body: {len(body.encode())} bytes")
    with CaptureQueriesContext(connection) as queries:
        results = {b: calls_per_second(b, body, args.seconds) for b in ("nh3", "bleach")}
    for backend, rate in results.items():
        print(f"{backend:>7}: {rate:10.1f} calls/s  ({1000 / rate:.3f} ms per call)")
    print(f"  ratio: nh3 is {results['nh3'] / results['bleach']:.1f}x faster than bleach")
    print(f"queries: {len(queries)}")


if __name__ == "__main__":
    main()
