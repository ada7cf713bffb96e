"""Two ``poll_sources`` runs at once, for real (cron started the next run
before the last one ended, or someone forced one): a source is polled by
one of them only, for as long as that poll lasts, and the claim of a
poller that was killed is taken over once its lease runs out.

The long poll is made long on purpose: this test holds the row of the
agency every story is credited to, so the first poller waits at its first
story, mid-poll, for as long as the test needs.

Only PostgreSQL and MariaDB: the suite's SQLite database lives in one
process's memory, so no second process can reach it.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import random
import signal
import subprocess
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from newsdesk.models import Article, ArticleUpdate, FetchedItem, ImportBatch, ImportItem, IngestSource, WireCredit
from newsdesk.sources import polling
from tests.db_locks import waiting_for_a_lock
from tests.processes import command_process, needs_other_processes
from tests.sources_servers import fixture_bytes, http_server, put_old_file  # noqa: F401 (fixture)
from tests.wire_import_support import ensure_wire_credits

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_other_processes,
]


def run_poll() -> subprocess.Popen:
    return command_process("poll_sources", "--json")


def poller(tmp_path, *arguments: str) -> subprocess.Popen:
    """``poll_sources`` in a process of its own, allowed drop directories
    under ``tmp_path`` (SOURCE_DIRECTORY_ROOTS)."""
    return command_process("poll_sources", *arguments, env={"NEWSDESK_TEST_DROP_ROOTS": str(tmp_path)})


def test_two_runs_at_once_poll_a_due_source_once(http_server):
    ensure_wire_credits()
    # The endpoint answers after a second: the first run is still polling
    # when the second one looks at the source.
    http_server.publish("/latest", fixture_bytes("ninjs.json"), content_type="application/json", delay=1)
    IngestSource.objects.create(name="Gulf Wire", slug="gulf-wire", kind="documents",
                                location=http_server.url("/latest"), timeout=10)

    processes = [run_poll(), run_poll()]
    outputs = [process.communicate(timeout=120) for process in processes]
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err[-3000:]

    reports = [json.loads(out)[0] for out, _ in outputs]
    polled = [report for report in reports if report["polled"]]
    skipped = [report for report in reports if not report["polled"]]
    assert len(polled) == 1 and polled[0]["new"] == 1
    # The other run read the source either before the claim (and lost it)
    # or after (and found it polled a moment ago).
    assert len(skipped) == 1 and skipped[0]["skipped"] in (polling.BUSY, polling.NOT_DUE)
    assert len(http_server.asked("/latest")) == 1
    assert FetchedItem.objects.count() == 1
    assert Article.objects.filter(guid="urn:gulfwire:ninjs:2025:abu-dhabi-solar").count() == 1


# --- a poll that takes a while: the source is claimed for all of it ---------------------------

FILES = 300
WORDS = (
    "port cargo ministry council budget harbour tanker airline desert solar grid rainfall wadi festival "
    "dates market bourse shares tender metro bridge school hospital clinic vaccine fishermen dhow pearl "
    "museum library stadium league final striker coach refinery pipeline gas field drilling licence "
    "tourism hotel visa pilgrims airport runway cargo-hub customs tariff exports imports wheat barley "
    "water desalination reservoir dam flood storm heat record survey census housing rent loan bank"
).split()


def distinct_story(number: int) -> str:
    """A story of its own words (not a version of any other), dateline and all."""
    rng = random.Random(number)
    headline = " ".join(rng.sample(WORDS, 6)).capitalize() + f" ({number})"
    paragraphs = [" ".join(rng.sample(WORDS, 14)).capitalize() + "." for _ in range(3)]
    return f"{headline}\n\nMUSCAT: {paragraphs[0]}\n\n{paragraphs[1]}\n\n{paragraphs[2]} — ONA\n"


def drop_of_stories(tmp_path) -> str:
    drop = tmp_path / "drop"
    drop.mkdir()
    for number in range(FILES):
        put_old_file(drop / f"story-{number:04d}.txt", distinct_story(number).encode())
    return str(drop)


def other_sessions() -> list[int]:
    """The sessions on this test's database other than this one (the pollers')."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else frozen for the transaction
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        else:
            cursor.execute(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()"
            )
        return [row[0] for row in cursor.fetchall()]


def wait_until_a_poller_waits(timeout: float = 300) -> None:
    """Until one poller is held by the credit row this test locked: its
    first story cannot be written, so its poll is under way and stays so."""
    deadline = time.monotonic() + timeout
    while not any(waiting_for_a_lock(session) for session in other_sessions()):
        if time.monotonic() > deadline:
            raise AssertionError("the first poller never reached its first story")
        time.sleep(0.05)


@contextlib.contextmanager
def stories_held():
    """While inside, no story credited to WAM can be written: this
    connection holds WAM's row, which each new article's credit refers to."""
    with transaction.atomic():
        WireCredit.objects.select_for_update().get(short_name="WAM")
        yield


@pytest.fixture
def started():
    """``started(process)`` keeps a process to kill should the test fail
    before it ends (a poller held by this test's lock would wait for ever)."""
    processes: list[subprocess.Popen] = []
    yield lambda process: processes.append(process) or process
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.communicate()


def finish(process: subprocess.Popen, timeout: float = 300) -> list[dict]:
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        raise AssertionError(f"poll_sources did not end: {err[-3000:]}") from None
    assert process.returncode == 0, err[-3000:]
    return json.loads(out)


def assert_each_file_imported_once() -> list[tuple[str, str, int]]:
    """Every file fetched once, each story imported by exactly one item;
    returns the other done items as ``(name, status, batch)``."""
    assert FetchedItem.objects.count() == FILES
    assert Article.objects.count() == FILES
    assert ArticleUpdate.objects.count() == 0
    imported = ImportItem.objects.filter(state=ImportItem.State.DONE, status="imported")
    assert sorted(imported.values_list("name", flat=True)) == [f"story-{n:04d}.txt" for n in range(FILES)]
    others = ImportItem.objects.filter(state=ImportItem.State.DONE).exclude(status="imported")
    return list(others.values_list("name", "status", "batch_id"))


@pytest.mark.parametrize("force", [False, True], ids=["due", "forced"])
def test_a_second_run_leaves_a_source_being_polled_alone(tmp_path, force, started):
    ensure_wire_credits()
    wam = WireCredit.objects.get(short_name="WAM")
    # Due at every run (poll_every 0), so only the claim can keep the second off.
    IngestSource.objects.create(name="Drop", slug="drop", kind="directory", location=drop_of_stories(tmp_path),
                                poll_every=0, default_credit=wam)
    arguments = ("--json", *(("--force",) if force else ()))
    with stories_held():
        first = started(poller(tmp_path, *arguments))
        wait_until_a_poller_waits()
        second = finish(started(poller(tmp_path, *arguments)), timeout=300)
    [skipped] = second
    assert (skipped["polled"], skipped["skipped"]) == (False, polling.BUSY)
    [report] = finish(first)
    assert (report["ok"], report["new"], report["results"]) == (True, FILES, {"imported": FILES}), report
    assert assert_each_file_imported_once() == []
    assert IngestSource.objects.values_list("claimed_until", "claimed_by").get() == (None, "")


def test_the_claim_of_a_killed_poller_holds_until_it_expires_then_is_taken_over(tmp_path, started):
    ensure_wire_credits()
    wam = WireCredit.objects.get(short_name="WAM")
    source = IngestSource.objects.create(name="Drop", slug="drop", kind="directory",
                                         location=drop_of_stories(tmp_path), poll_every=0, default_credit=wam)
    with stories_held():
        first = started(poller(tmp_path, "--json"))
        wait_until_a_poller_waits()
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=60)
    source.refresh_from_db()
    assert source.claimed_by and source.claimed_until > timezone.now()

    [report] = finish(poller(tmp_path, "--json", "--force"))
    assert report["skipped"] == polling.BUSY  # the lease still runs

    # The lease runs out (POLL_LEASE_SECONDS after the dead poller last extended it).
    IngestSource.objects.filter(pk=source.pk).update(claimed_until=timezone.now() - datetime.timedelta(seconds=1))
    [report] = finish(poller(tmp_path, "--json"))
    assert (report["ok"], report["new"]) == (True, FILES), report
    # A story the killed poller had committed (on PostgreSQL its foreign keys
    # are checked, and waited for, at COMMIT) is a duplicate the second time;
    # the killed poller's other items never ran.
    dead_batch = ImportBatch.objects.exclude(pk__in=report["batches"]).get()
    committed_by_the_dead = set(
        ImportItem.objects.filter(batch=dead_batch, status="imported").values_list("name", flat=True)
    )
    repeats = assert_each_file_imported_once()
    assert all(status == "duplicate" and name in committed_by_the_dead for name, status, _ in repeats), repeats
    assert len(repeats) == len(committed_by_the_dead) <= 1
