"""Several ``import_wire`` processes at once, against one of them alone.

    .venv/bin/python benchmarks/bench_concurrent_import.py --database postgres
    .venv/bin/python benchmarks/bench_concurrent_import.py --database mariadb --stories 3000 --processes 4

What it measures, each on a fresh throw-away database (``newsdesk_bench_<pid>``
on 127.0.0.1 as in the test settings; ``NEWSDESK_TEST_DB_*`` override):

* **one process**: ``import_wire`` over all N stories (seed pages, each with
  its own figures, so each has its own fingerprint).
* **P processes**: started together over overlapping sets in different
  orders (ascending, descending, shuffled, ...), every story given to two
  of them, so 2N inputs in all: half must come back as duplicates.

It then checks what issue 8 asks: every story stored exactly once, every
process exited 0, every id reported as imported exists and was reported by
one process only.  It prints the wall time of both runs and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "tests" / "fixtures" / "wire" / "seed_000.txt"


def configure(database: str) -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ["NEWSDESK_TEST_DB"] = database
    os.environ["NEWSDESK_TEST_DB_NAME"] = f"newsdesk_bench_{os.getpid()}"
    import django

    django.setup()


def recreate_database() -> None:
    from django.core.management import call_command
    from django.db import connection

    connection.close()
    name = connection.settings_dict["NAME"]
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
        suffix = " CHARACTER SET utf8mb4" if connection.vendor == "mysql" else ""
        cursor.execute(f"CREATE DATABASE {quote(name)}{suffix}")
    call_command("migrate", verbosity=0)
    connection.close()


def drop_database() -> None:
    from django.db import connection

    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(connection.settings_dict['NAME'])}")


def write_stories(directory: Path, count: int) -> list[str]:
    seed = SEED.read_text(encoding="utf-8")
    paths = []
    for i in range(count):
        path = directory / f"story_{i:06d}.txt"
        path.write_text(seed.replace("371 people", f"{i} people").replace("90 drones", f"{i % 500} drones"))
        paths.append(str(path))
    return paths


def overlapping_sets(paths: list[str], processes: int) -> list[list[str]]:
    """``processes`` sets, each story in exactly two of them, each in its own order."""
    sets: list[list[str]] = [[] for _ in range(processes)]
    for index, path in enumerate(paths):
        first = index % processes
        sets[first].append(path)
        sets[(first + 1) % processes].append(path)
    orders = []
    for number, chosen in enumerate(sets):
        if number % 3 == 1:
            chosen = list(reversed(chosen))
        elif number % 3 == 2:
            chosen = list(chosen)
            random.Random(number).shuffle(chosen)
        orders.append(chosen)
    return orders


def run(sets: list[list[str]]) -> tuple[float, list[tuple[int, list[dict], str]]]:
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "django", "import_wire", "--json", *chosen],
            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for chosen in sets
    ]
    outputs = [process.communicate() for process in processes]
    seconds = time.perf_counter() - started
    return seconds, [
        (process.returncode, [json.loads(line) for line in out.splitlines()], err)
        for process, (out, err) in zip(processes, outputs, strict=True)
    ]


def check(results: list[tuple[int, list[dict], str]], stories: int) -> list[str]:
    from newsdesk.models import Article

    problems = []
    imported: list[int] = []
    for number, (code, lines, err) in enumerate(results):
        if code != 0:
            problems.append(f"process {number} exited {code}: {err.strip().splitlines()[-1:]}")
        imported += [line["id"] for line in lines if line["status"] == "imported"]
        failed = [line for line in lines if line["status"] == "failed"]
        if failed:
            problems.append(f"process {number}: {len(failed)} failed, e.g. {failed[0]['error']}")
    stored = set(Article.objects.values_list("pk", flat=True))
    hashes = Article.objects.values("source_hash").distinct().count()
    if len(stored) != stories or hashes != stories:
        problems.append(f"{len(stored)} articles ({hashes} distinct texts) stored, expected {stories}")
    if len(imported) != len(set(imported)):
        problems.append("an article was reported as imported by two processes")
    if set(imported) != stored:
        problems.append(f"{len(set(imported) - stored)} ids reported as imported do not exist")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["postgres", "mariadb"], default="postgres")
    parser.add_argument("--stories", type=int, default=1500)
    parser.add_argument("--processes", type=int, default=3)
    args = parser.parse_args()
    configure(args.database)
    ok = True
    try:
        with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
            paths = write_stories(Path(tmp), args.stories)
            print(f"database: {args.database}; {args.stories} stories")

            recreate_database()
            alone, results = run([paths])
            problems = check(results, args.stories)
            print(f"1 process, {args.stories} inputs: {alone:.2f}s = {args.stories / alone:,.0f} stories/s"
                  + ("" if not problems else f"  !! {problems}"))
            ok = ok and not problems

            recreate_database()
            sets = overlapping_sets(paths, args.processes)
            together, results = run(sets)
            problems = check(results, args.stories)
            inputs = sum(len(chosen) for chosen in sets)
            print(
                f"{args.processes} processes, {inputs} inputs ({args.stories} stories, each given to two): "
                f"{together:.2f}s = {args.stories / together:,.0f} stories/s stored"
            )
            for problem in problems:
                print(f"  !! {problem}")
            print("every story stored once, every process exited 0, every reported id exists: "
                  + ("yes" if not problems else "NO"))
            print(f"time against one process: {together / alone:.2f}x")
            ok = ok and not problems
    finally:
        drop_database()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
