"""End-to-end ``import_wire`` throughput, against the floor of bare inserts.

    .venv/bin/python benchmarks/bench_import.py                  # SQLite file DB, 2,000 stories
    .venv/bin/python benchmarks/bench_import.py --database postgres
    .venv/bin/python benchmarks/bench_import.py --memory-check   # 1,000 vs 10,000 files

What it measures, each on a fresh database:

* **import**: ``manage.py import_wire DIR`` over N generated files (the seed
  page with its numbers varied, so every text has its own fingerprint):
  stories/s, queries per story, peak memory (``ru_maxrss``).
* **floor**: as many bare ~4 KB ``Article`` rows inserted with
  ``bulk_create`` (no ``save()`` hooks), one transaction each: what the
  database alone costs per story.  Target: import within 4x the floor.
* **--memory-check**: peak traced memory (``tracemalloc``) importing 1,000
  and then 10,000 files.  Target: 10,000 within 1.5x of 1,000 (streaming).

Targets (issue 4): ≥ 500 stories/s on SQLite; ≤ 4x the floor; flat memory.
PostgreSQL: 127.0.0.1:5432, user postgres (``NEWSDESK_TEST_DB_*`` variables
override); a throw-away database ``newsdesk_bench_<pid>`` is created and
dropped.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "tests" / "fixtures" / "wire" / "seed_000.txt"


def configure(database: str, workdir: Path) -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ["NEWSDESK_TEST_DB"] = "postgres" if database == "postgres" else "sqlite"
    from django.conf import settings

    # The generated pages are the seed with its figures varied: versions of
    # one story, which the importer would take for agency updates of the
    # first.  This benchmark measures new stories; bench_story_updates.py
    # measures the recognition of updates.
    settings.NEWSDESK = {**getattr(settings, "NEWSDESK", {}), "UPDATE_WINDOW_HOURS": 0}
    db = settings.DATABASES["default"]
    if database == "postgres":
        db["NAME"] = f"newsdesk_bench_{os.getpid()}"
    else:
        db["NAME"] = str(workdir / "bench.sqlite3")
    import django

    django.setup()


def fresh_database(database: str) -> None:
    """An empty, migrated database (PostgreSQL: created from scratch)."""
    from django.core.management import call_command
    from django.db import connection

    connection.close()  # PostgreSQL refuses to drop a database still in use
    if database == "postgres":
        name = connection.settings_dict["NAME"]
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    else:
        Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)


def drop_database(database: str) -> None:
    from django.db import connection

    connection.close()
    if database == "postgres":
        name = connection.settings_dict["NAME"]
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def write_stories(directory: Path, count: int, offset: int = 0) -> int:
    """``count`` seed-like files, each different; returns total bytes."""
    directory.mkdir(parents=True, exist_ok=True)
    seed = SEED.read_text(encoding="utf-8")
    total = 0
    for i in range(offset, offset + count):
        text = (
            seed.replace("discuss 'next steps'", f"discuss 'next steps' (round {i})")
            .replace("371 people", f"{i} people")
            .replace("90 drones", f"{i % 500} drones")
        )
        data = text.encode("utf-8")
        (directory / f"story_{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def run_import(directory: Path) -> tuple[float, int]:
    """Seconds and queries for ``import_wire DIRECTORY``."""
    from django.core.management import call_command
    from django.db import connection

    counter = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        call_command("import_wire", str(directory), verbosity=0, stdout=io.StringIO(), stderr=io.StringIO())
    return time.perf_counter() - started, counter.count


def run_floor(count: int) -> float:
    """Seconds to insert ``count`` bare 4 KB articles, one transaction each."""
    from django.db import transaction

    from newsdesk.models import Article

    body = "<p>" + "x" * 4089 + "</p>"
    started = time.perf_counter()
    for i in range(count):
        with transaction.atomic():
            Article.objects.bulk_create(
                [Article(headline=f"Floor {i}", slug=f"floor-{i}", body=body, source_hash=f"{i:064x}")]
            )
    return time.perf_counter() - started


def peak_memory_importing(directory: Path) -> int:
    tracemalloc.start()
    try:
        run_import(directory)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--memory-check", action="store_true", help="Compare peak memory at 1,000 and 10,000 files.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        workdir = Path(tmp)
        configure(args.database, workdir)
        try:
            return bench(args, workdir)
        finally:
            drop_database(args.database)


def bench(args, workdir: Path) -> int:
    from newsdesk.models import Article

    ok = True
    stories = workdir / "stories"
    size = write_stories(stories, args.stories)
    print(f"database: {args.database}; {args.stories} stories, {size / 1e6:.1f} MB")

    fresh_database(args.database)
    seconds, queries = run_import(stories)
    imported = Article.objects.count()
    rate = args.stories / seconds
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"import_wire: {imported} imported in {seconds:.2f}s = {rate:,.0f} stories/s, "
        f"{queries / args.stories:.1f} queries/story, peak RSS {maxrss_mb:.0f} MB"
    )
    if imported != args.stories:
        print(f"  !! expected {args.stories} articles, found {imported}")
        ok = False

    fresh_database(args.database)
    floor = run_floor(args.stories)
    print(f"floor (bare 4 KB bulk_create, one transaction each): {floor:.2f}s = {args.stories / floor:,.0f} rows/s")
    ratio = seconds / floor
    print(f"import / floor: {ratio:.2f}x (target <= 4x)")
    if args.database == "sqlite":
        print(f"target >= 500 stories/s on SQLite: {'met' if rate >= 500 else 'MISSED'}")
        ok = ok and rate >= 500
    ok = ok and ratio <= 4

    if args.memory_check:
        small, large = workdir / "mem_1k", workdir / "mem_10k"
        write_stories(small, 1_000, offset=100_000)
        write_stories(large, 10_000, offset=200_000)
        fresh_database(args.database)
        peak_small = peak_memory_importing(small)
        fresh_database(args.database)
        peak_large = peak_memory_importing(large)
        growth = peak_large / peak_small
        print(
            f"peak traced memory: 1,000 files {peak_small / 1e6:.1f} MB, "
            f"10,000 files {peak_large / 1e6:.1f} MB = {growth:.2f}x (target <= 1.5x)"
        )
        ok = ok and growth <= 1.5
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
