"""Background imports on 1, 2 and 4 ``db_worker`` processes, against one
``import_wire`` process over the same stories; and what a task costs.

    .venv/bin/python benchmarks/bench_workers.py
    .venv/bin/python benchmarks/bench_workers.py --stories 2000 --workers 1 2 4 --overhead 300

PostgreSQL only (127.0.0.1 as in the test settings; ``NEWSDESK_TEST_DB_*``
override), each run on a fresh throw-away database ``newsdesk_bench_<pid>``.
The stories are those of ``tests/test_worker_processes.py``: made-up
headlines and paragraphs that share no run of words, so none is taken for
a version of another.

* **import_wire**: one process over N files, the synchronous import.
* **W workers**: the N stories enqueued as one batch (``enqueue_import``,
  the database backend; its time is printed apart), then W ``db_worker
  --batch`` processes started together; timed until the last exits.
* **per-story overhead**: M stories in this process through the immediate
  backend (``enqueue_import``: one task per story, each its own importer
  and transaction), against M other stories imported directly
  (``import_many``, 200 per commit): milliseconds and queries per story.

Every run checks that each story was stored exactly once.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: ``--synchronous-commit-off``: commits do not wait for the disk (as the worker test's database).
SYNCHRONOUS_COMMIT_OFF = False


def configure() -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ["NEWSDESK_TEST_DB"] = "postgres"
    os.environ["NEWSDESK_TEST_TASKS"] = "database"
    os.environ["NEWSDESK_TEST_DB_NAME"] = f"newsdesk_bench_{os.getpid()}"
    import django

    django.setup()


def recreate_database() -> None:
    from django.core.management import call_command
    from django.db import connection

    connection.close()
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(connection.settings_dict['NAME'])}")
        cursor.execute(f"CREATE DATABASE {quote(connection.settings_dict['NAME'])}")
    call_command("migrate", verbosity=0)
    if SYNCHRONOUS_COMMIT_OFF:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER DATABASE {quote(connection.settings_dict['NAME'])} SET synchronous_commit = off")
    connection.close()


def drop_database() -> None:
    from django.db import connection

    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(connection.settings_dict['NAME'])}")


def stories(first: int, count: int) -> list[tuple[str, str]]:
    from tests.test_worker_processes import original

    return [(f"story-{n:06d}.txt", original(n)) for n in range(first, first + count)]


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def check_stored(expected: int) -> None:
    from newsdesk.models import Article

    stored = Article.objects.count()
    if stored != expected:
        raise SystemExit(f"expected {expected} articles, found {stored}")


def bench_import_wire(inputs: list[tuple[str, str]]) -> float:
    recreate_database()
    with tempfile.TemporaryDirectory() as directory:
        for name, text in inputs:
            (Path(directory) / name).write_text(text, encoding="utf-8")
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "django", "import_wire", "--verbosity", "0", directory],
            cwd=REPO, env=child_env(), check=True,
        )
        elapsed = time.perf_counter() - started
    check_stored(len(inputs))
    return elapsed


def bench_workers(inputs: list[tuple[str, str]], workers: int) -> tuple[float, float]:
    from newsdesk import background

    recreate_database()
    started = time.perf_counter()
    batch = background.enqueue_import(inputs, label=f"bench {workers}")
    enqueued = time.perf_counter() - started
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "django", "db_worker", "--batch", "--interval", "0", "--no-startup-delay",
             "--worker-id", f"bench-{n}", "--verbosity", "0"],
            cwd=REPO, env=child_env(),
        )
        for n in range(workers)
    ]
    for process in processes:
        if process.wait() != 0:
            raise SystemExit(f"a worker exited with {process.returncode}")
    elapsed = time.perf_counter() - started
    check_stored(len(inputs))
    progress = background.batch_progress(batch)
    if progress["statuses"]["imported"] != len(inputs):
        raise SystemExit(f"not every story was imported: {progress}")
    return enqueued, elapsed


def bench_overhead(count: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """(ms, queries) per story through immediate tasks, then imported directly."""
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    from newsdesk import background, ingest
    from tests.test_worker_processes import DATABASE_TASKS  # noqa: F401  (the workers' backend, for contrast)

    recreate_database()
    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    try:
        import django.tasks  # noqa: F401

        immediate = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    except ImportError:
        pass
    with override_settings(TASKS=immediate), CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        background.enqueue_import(stories(0, count))
        as_tasks = time.perf_counter() - started
    task_queries = len(queries)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        results = list(ingest.import_many(stories(count, count)))
        direct = time.perf_counter() - started
    assert all(result.status == ingest.IMPORTED for result in results)
    check_stored(2 * count)
    return (1000 * as_tasks / count, task_queries / count), (1000 * direct / count, len(queries) / count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--overhead", type=int, default=300, help="stories for the per-story overhead")
    parser.add_argument(
        "--synchronous-commit-off", action="store_true",
        help="commits do not wait for the disk (PostgreSQL's synchronous_commit = off), as in the worker test",
    )
    args = parser.parse_args()
    global SYNCHRONOUS_COMMIT_OFF
    SYNCHRONOUS_COMMIT_OFF = args.synchronous_commit_off
    configure()
    inputs = stories(0, args.stories)
    print(f"{args.stories} stories, PostgreSQL, {os.cpu_count()} CPUs")
    try:
        elapsed = bench_import_wire(inputs)
        print(f"  import_wire, one process: {elapsed:6.1f} s  {args.stories / elapsed:6.0f} stories/s")
        for workers in args.workers:
            enqueued, elapsed = bench_workers(inputs, workers)
            print(
                f"  {workers} db_worker{'s' if workers > 1 else ' '}:             {elapsed:6.1f} s  "
                f"{args.stories / elapsed:6.0f} stories/s  (enqueuing took {enqueued:.1f} s)"
            )
        (task_ms, task_queries), (direct_ms, direct_queries) = bench_overhead(args.overhead)
        print(f"per story, {args.overhead} stories in this process:")
        print(f"  immediate tasks: {task_ms:6.1f} ms  {task_queries:5.1f} queries")
        print(f"  direct import:   {direct_ms:6.1f} ms  {direct_queries:5.1f} queries")
    finally:
        drop_database()


if __name__ == "__main__":
    main()
