"""Background imports on real workers: several ``db_worker`` processes
(django-tasks-db) sharing one queue on PostgreSQL.

Generated stories are enqueued at once, a tenth of them sent twice and a
twentieth followed by an agency update; four workers import them: five
hundred in ``make test``, five thousand behind the ``slow`` mark (``make
test-slow``).  Then a worker is killed (SIGKILL) in the middle of a story:
the others finish, ``requeue_stalled`` gives its story to another worker,
and nothing is lost or written twice.

Every wait here is a guard against a hang, sized at ten times what the
work needs on a busy machine (a story takes a worker well under a tenth of
a second on this suite's 2-core machine, even with both cores held by other
processes), never a measure of speed: throughput is
``benchmarks/bench_workers.py``'s.

The workers are ``manage.py db_worker`` processes on this test's database
(:func:`tests.processes.command_process`), told by
``NEWSDESK_TEST_TASKS=database`` to use the database backend.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass

import pytest
from django.db import connections, transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from newsdesk import background, wire
from newsdesk.ingest import DUPLICATE, IMPORTED, UPDATED, import_many, import_story
from newsdesk.models import Article, ArticleUpdate, ImportBatch, ImportItem
from newsdesk.tasks import TaskResultStatus
from tests.conftest import unavailable
from tests.processes import command_process
from tests.wire_import_support import ensure_wire_credits

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

#: Stories for four workers in ``make test``: enough that every worker takes
#: hundreds of tasks from the shared queue at the same time as the others
#: (the races the test is about), few enough for a minute on a busy machine.
STORIES = int(os.environ.get("NEWSDESK_TEST_WORKER_STORIES", "500"))
#: The full measure, behind the ``slow`` mark.
MANY_STORIES = 5000
WORKERS = 4
#: Seconds per story that bound a whole run: ten times the 0.04 s a story
#: took four workers on a loaded 2-core machine, so only a hang trips it.
GUARD_PER_STORY = 0.4


def start_worker(worker_id: str) -> subprocess.Popen:
    """``db_worker --batch`` in a process of its own, on this test's database:
    it runs queued tasks until none is left, then exits."""
    return command_process(
        "db_worker", "--batch", "--interval", "0", "--no-startup-delay", "--worker-id", worker_id,
        "--verbosity", "0", env={"NEWSDESK_TEST_TASKS": "database"},
    )


def guard(stories: int) -> float:
    """The hang guard for ``stories`` tasks: never less than two minutes
    (starting Django in a process takes seconds on a busy machine)."""
    return max(120.0, stories * GUARD_PER_STORY)


def _finish(workers: list[subprocess.Popen], timeout: float) -> None:
    """Wait for every worker to drain the queue and exit 0; on a hang or a
    failure, kill the ones still running, so no worker outlives its test
    and takes the next test's tasks (or holds its tables)."""
    deadline = time.monotonic() + timeout
    try:
        for worker in workers:
            out, err = worker.communicate(timeout=max(1.0, deadline - time.monotonic()))
            assert worker.returncode == 0, err[-3000:]
    finally:
        stop(workers)


def stop(workers: list[subprocess.Popen]) -> None:
    """Kill any of ``workers`` still running and reap it."""
    for worker in workers:
        if worker.poll() is None:
            worker.kill()
            worker.communicate()


# --- stories that are never taken for versions of each other ------------------------

_SYLLABLES = [c + v for c in "bdfghklmnprstvz" for v in "aeiou"]


def _name(rng: random.Random) -> str:
    """A made-up word (75 syllables, 3 or 4 of them: over 30 million words),
    so two stories share no run of words and no headline."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(3, 4))).capitalize()


def _sentence(rng: random.Random) -> str:
    # A made-up word at least every third word: every four-word shingle
    # (newsdesk.wire.versions) holds one, and so belongs to this story alone.
    return (
        f"The {_name(rng)} council said on {_name(rng)} that {_name(rng)} and {_name(rng)} "
        f"would open a {_name(rng)} office in {_name(rng)} next {_name(rng)}."
    )


def _parts(number: int) -> tuple[str, list[str]]:
    rng = random.Random(number)
    headline = f"{_name(rng)} {_name(rng).lower()} opens {_name(rng).lower()} in {_name(rng)}"
    paragraphs = [f"MUSCAT: {_sentence(rng)} {_sentence(rng)}"] + [
        f"{_sentence(rng)} {_sentence(rng)}" for _ in range(3)
    ]
    return headline, paragraphs


def original(number: int) -> str:
    """Story ``number``: a made-up headline, a dateline, four paragraphs,
    credited to ONA (updates are looked for among one agency's stories)."""
    headline, paragraphs = _parts(number)
    return headline + "\n\n" + "\n\n".join(paragraphs) + " \u2014 ONA\n"


def update_of(number: int) -> tuple[str, str]:
    """The agency's "UPDATE 1-" of story ``number``, with one paragraph
    more before the last; and that paragraph, which the updated article
    must hold."""
    rng = random.Random(-1 - number)
    added = f"{_sentence(rng)} {_sentence(rng)}"
    headline, paragraphs = _parts(number)
    paragraphs.insert(-1, added)
    return f"UPDATE 1-{headline}\n\n" + "\n\n".join(paragraphs) + " \u2014 ONA\n", added


@dataclass
class Plan:
    """The inputs and what each must become."""

    inputs: list[tuple[str, str]]
    #: For each input's name: the status expected and the original it belongs to.
    expected: dict[str, tuple[str, int]]
    originals: int
    updated: dict[int, str]


def plan(total: int, *, first_update: tuple[int, str] | None = None) -> Plan:
    """``total`` inputs: 85 % distinct stories, then 10 % resent (exact
    copies) and 5 % updates, of stories from the first half, so each comes
    long after the story it repeats or updates (the queue is first in,
    first out, and an update imported before its first take is a story of
    its own)."""
    resends, updates = total // 10, total // 20
    originals = total - resends - updates
    rng = random.Random(20251207)
    inputs = [(f"story-{n:05d}.txt", original(n)) for n in range(originals)]
    expected = {name: (IMPORTED, n) for n, (name, _) in enumerate(inputs)}
    for n in rng.sample(range(originals // 2), resends):
        name = f"resent-{n:05d}.txt"
        inputs.append((name, original(n)))
        expected[name] = (DUPLICATE, n)
    updated: dict[int, str] = {}
    for n in rng.sample(range(originals // 2), updates):
        name = f"update-{n:05d}.txt"
        text, added = update_of(n)
        inputs.append((name, text))
        expected[name] = (UPDATED, n)
        updated[n] = added
    return Plan(inputs, expected, originals, updated)


def check(batch: ImportBatch, chosen: Plan) -> None:
    """Every story stored once, every repeat a duplicate of it, every update
    applied once to it, every item done with the status it should have."""
    by_hash = dict(Article.objects.values_list("source_hash", "pk"))
    fingerprints = [wire.fingerprint(original(n)) for n in range(chosen.originals)]
    assert len(by_hash) == chosen.originals  # none lost, none written twice
    assert set(by_hash) == set(fingerprints)
    article_of = [by_hash[fingerprint] for fingerprint in fingerprints]

    items = list(
        batch.items.filter(name__in=chosen.expected).values_list("name", "state", "status", "article_id", "error")
    )
    assert len(items) == len(chosen.inputs)
    wrong = [
        (name, state, status, article, error)
        for name, state, status, article, error in items
        if (state, status, article) != ("done", chosen.expected[name][0], article_of[chosen.expected[name][1]])
    ]
    assert not wrong, wrong[:10]
    assert Counter(status for _, _, status, _, _ in items) == Counter(status for status, _ in chosen.expected.values())

    applied = Counter(
        ArticleUpdate.objects.filter(status=ArticleUpdate.Status.APPLIED).values_list("article_id", flat=True)
    )
    assert applied == Counter({article_of[n]: 1 for n in chosen.updated})
    assert ArticleUpdate.objects.count() == len(chosen.updated)
    bodies = dict(Article.objects.filter(pk__in=applied).values_list("pk", "body"))
    for n, added in chosen.updated.items():
        assert added in bodies[article_of[n]]
    batch.refresh_from_db()
    assert batch.finished_at is not None


@pytest.fixture
def server_db(transactional_db):
    if os.environ.get("NEWSDESK_TEST_DB", "sqlite") != "postgres":
        unavailable("real workers need PostgreSQL (NEWSDESK_TEST_DB=postgres)", "NEWSDESK_REQUIRE_WORKERS")
    ensure_wire_credits()


@pytest.mark.django_db
def test_plan_makes_distinct_stories_and_updates_the_importer_recognises():
    """The generator, checked on its own (on every database): distinct texts
    and headlines; each update taken for a version of its own story and no
    other, and neighbouring stories never for versions of each other."""
    ensure_wire_credits()
    chosen = plan(400)
    assert (chosen.originals, len(chosen.updated), len(chosen.inputs)) == (340, 20, 400)
    texts = [original(n) for n in range(chosen.originals)]
    assert len({wire.fingerprint(text) for text in texts}) == 340
    assert len({text.split("\n", 1)[0] for text in texts}) == 340
    n = sorted(chosen.updated)[0]
    text, added = update_of(n)
    assert text.startswith("UPDATE 1-" + texts[n].split("\n", 1)[0] + "\n")
    # Forty stories or so, the updated one among them, then the update.
    numbers = sorted({*range(39), n})
    results = list(import_many([(f"{k}.txt", texts[k]) for k in numbers]))
    assert [r.status for r in results] == [IMPORTED] * len(numbers), [r.error for r in results]
    [result] = import_many([("update.txt", text)])
    assert result.status == UPDATED
    assert result.update_of == results[numbers.index(n)].article.pk
    assert added in Article.objects.get(pk=result.update_of).body
    assert Article.objects.count() == len(numbers)


@pytest.mark.parametrize(
    "stories", [STORIES, pytest.param(MANY_STORIES, marks=pytest.mark.slow, id="many")],
)
def test_four_workers_import_every_story_exactly_once(server_db, stories):
    assert stories >= 400, "too few stories to keep four workers busy together"
    chosen = plan(stories)
    with override_settings(TASKS=DATABASE_TASKS):
        batch = background.enqueue_import(chosen.inputs, label=f"{stories} stories")
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == stories

    started = time.monotonic()
    _finish([start_worker(f"worker-{n}") for n in range(WORKERS)], guard(stories))
    elapsed = time.monotonic() - started

    check(batch, chosen)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == stories
    print(f"\n{WORKERS} workers, {stories} stories: {elapsed:.1f} s, {stories / elapsed:.0f} stories/s")


def _hold_row(article_id: int, held: threading.Event, release: threading.Event, log: list) -> None:
    """In a connection of its own: lock the article's row until ``release``."""
    try:
        with transaction.atomic():
            Article.objects.select_for_update().get(pk=article_id)
            held.set()
            release.wait(120)
        log.append("released")
    except Exception as exc:  # reported to the test, which fails on it
        log.append(exc)
        held.set()
    finally:
        connections.close_all()


def test_a_worker_killed_mid_story_loses_and_duplicates_nothing(server_db):
    """The first item is an update of an article whose row another
    connection holds: the worker that takes it waits, inside the story's
    transaction, and is killed there."""
    first, first_update = original(900_000), update_of(900_000)
    article = import_story(first, source_name="first.txt").article
    assert article is not None
    chosen = plan(200)
    held, release, log = threading.Event(), threading.Event(), []
    holder = threading.Thread(target=_hold_row, args=(article.pk, held, release, log))
    holder.start()
    workers: dict[str, subprocess.Popen] = {}
    try:
        assert held.wait(30)
        with override_settings(TASKS=DATABASE_TASKS):
            batch = background.enqueue_import([("first-update.txt", first_update[0]), *chosen.inputs])
        stuck = batch.items.get(position=0)
        workers = {f"worker-{n}": start_worker(f"worker-{n}") for n in range(3)}

        # Wait for a worker to take the stuck item, then kill that worker
        # (the guard covers three Django start-ups on a busy machine).
        deadline = time.monotonic() + 300
        while not DBTaskResult.objects.filter(id=stuck.task_id, status=TaskResultStatus.RUNNING).exists():
            assert time.monotonic() < deadline, "no worker took the first task"
            time.sleep(0.05)
        taken_by = DBTaskResult.objects.get(id=stuck.task_id).worker_ids[-1]
        victim = workers.pop(taken_by)
        victim.send_signal(signal.SIGKILL)
        victim.communicate(timeout=30)
        assert victim.returncode == -signal.SIGKILL
    except BaseException:
        stop(list(workers.values()))
        raise
    finally:
        release.set()
        holder.join(60)
    assert log == ["released"], log

    # The others finish everything else; the killed worker's task stays "running".
    _finish(list(workers.values()), guard(len(chosen.inputs)))
    stuck.refresh_from_db()
    assert stuck.state == ImportItem.State.QUEUED
    assert DBTaskResult.objects.get(id=stuck.task_id).status == TaskResultStatus.RUNNING
    assert not ArticleUpdate.objects.filter(article=article).exists()  # its transaction died with it

    with override_settings(TASKS=DATABASE_TASKS):
        assert background.requeue_stalled(older_than=0) == 1
    _finish([start_worker("drain")], guard(1))

    stuck.refresh_from_db()
    assert (stuck.state, stuck.status, stuck.article_id, stuck.attempts) == ("done", UPDATED, article.pk, 2)
    article.refresh_from_db()
    assert first_update[1] in article.body
    assert ArticleUpdate.objects.filter(article=article, status=ArticleUpdate.Status.APPLIED).count() == 1
    Article.objects.filter(pk=article.pk).delete()  # leaves exactly the plan's stories for check()
    check(batch, chosen)
