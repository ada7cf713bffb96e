"""Two imports recording the furniture of the same new source at once, for
real: each in a thread of its own, with its own database connection.

Only PostgreSQL and MariaDB: the suite's SQLite database lives in one
connection's memory, so a second connection cannot reach it (see
``tests/test_concurrent_imports.py``).
"""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connections, transaction

from newsdesk import furniture
from newsdesk.ingest import IMPORTED, import_many
from newsdesk.models import Article, FurnitureLine, NewsSource
from newsdesk.wire.furniture import furniture_key
from tests.db_locks import session_id, wait_until_waiting
from tests.test_learnt_furniture import FURNITURE, STORIES, page

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("NEWSDESK_TEST_DB", "sqlite") == "sqlite",
        reason="needs a database server that two connections share (PostgreSQL or MariaDB); "
        "the suite's SQLite database is in one connection's memory",
    ),
]

def _in_thread(target, errors: list) -> threading.Thread:
    def run() -> None:
        try:
            target()
        except BaseException as exc:  # reported to the test, which fails on it
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_two_recordings_of_the_same_new_source_and_lines_overlap_and_both_count():
    """The first holds its new source and lines uncommitted until the second
    waits for them; the second then finds the committed rows and adds to them."""
    seen = {furniture_key(line): 3 for line in FURNITURE}
    texts = {furniture_key(line): line for line in FURNITURE}
    holding, errors, results = threading.Event(), [], {}
    second_session: list[int] = []  # the second recording's session, once it runs

    def first() -> None:
        with transaction.atomic():
            source = furniture.get_or_create_source("Fresh Paper")
            results["first"] = furniture.record_furniture(source, seen, texts)
            holding.set()
            wait_until_waiting(
                lambda: second_session[0] if second_session else None,
                "the second recording never waited for the first",
            )

    def second() -> None:
        assert holding.wait(30)
        second_session.append(session_id())
        source = furniture.get_or_create_source("Fresh Paper")
        results["second"] = furniture.record_furniture(source, {**seen, "a line only the second saw": 2},
                                                       {**texts, "a line only the second saw": "A line"})

    threads = [_in_thread(first, errors), _in_thread(second, errors)]
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert results == {"first": None, "second": None}  # no warning: nothing failed

    source = NewsSource.objects.get()
    assert source.name == "Fresh Paper"
    counts = dict(source.furniture_lines.values_list("text", "stories_seen"))
    assert counts == {**{line: 6 for line in FURNITURE}, "A line": 2}


def test_two_recordings_of_the_same_new_lines_of_a_source_overlap_and_both_count():
    """The source exists; the first holds the new lines uncommitted, the
    second inserts the same lines, waits, loses on the unique constraint,
    reads the first's rows and adds its counts to them."""
    source = NewsSource.objects.create(name="Fresh Paper")
    seen = {furniture_key(line): 2 for line in FURNITURE}
    texts = {furniture_key(line): line for line in FURNITURE}
    holding, errors, results = threading.Event(), [], {}
    second_session: list[int] = []  # the second recording's session, once it runs

    def first() -> None:
        with transaction.atomic():
            results["first"] = furniture.record_furniture(source, seen, texts)
            holding.set()
            wait_until_waiting(
                lambda: second_session[0] if second_session else None,
                "the second recording never waited for the first",
            )

    def second() -> None:
        assert holding.wait(30)
        second_session.append(session_id())
        results["second"] = furniture.record_furniture(source, {key: 5 for key in seen}, texts)

    threads = [_in_thread(first, errors), _in_thread(second, errors)]
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert results == {"first": None, "second": None}
    assert dict(source.furniture_lines.values_list("text", "stories_seen")) == {line: 7 for line in FURNITURE}


@pytest.mark.usefixtures("no_update_recognition")
def test_two_imports_of_one_new_paper_at_once_store_one_source_with_every_story_counted():
    """Two importers, each with its own pages of the same paper and the same
    new source name, start together, many times over."""
    rounds = 5
    for round_number in range(rounds):
        halves = [
            [(f"{round_number}-{side}-{n}.txt", page((f"{h} ({round_number}{side})", d, p)))
             for n, (h, d, p) in enumerate(STORIES)]
            for side in "ab"
        ]
        start, errors, statuses = threading.Barrier(2), [], []

        def run(chosen, start=start, statuses=statuses) -> None:
            start.wait(30)
            statuses.extend(r.status for r in import_many(chosen, source="Fresh Paper"))

        threads = [_in_thread(lambda chosen=chosen: run(chosen), errors) for chosen in halves]
        for thread in threads:
            thread.join(120)
        assert not errors, errors
        assert statuses == [IMPORTED] * 2 * len(STORIES)

    source = NewsSource.objects.get()
    assert Article.objects.filter(news_source=source).count() == rounds * 2 * len(STORIES)
    assert dict(FurnitureLine.objects.values_list("text", "stories_seen")) == {
        line: rounds * 2 * len(STORIES) for line in FURNITURE
    }
