"""Rollback behaviour of the importer with real commits (transactional
tests: no wrapping test transaction hides what the database really kept)."""

from __future__ import annotations

import pytest
from django.db import transaction

from newsdesk.ingest import FAILED, IMPORTED, import_many
from newsdesk.models import Article, Caption
from tests.wire_import_support import FALCON_STORY, PORT_STORY, WADI_STORY, ensure_wire_credits

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _credits(transactional_db):
    ensure_wire_credits()


def test_failing_story_in_a_batch_rolls_back_alone_and_the_batch_commits():
    bad = "\n\n   \n"  # no headline: Article.full_clean() refuses it
    results = list(
        import_many(
            [("port.txt", PORT_STORY), ("bad.txt", bad), ("falcon.txt", FALCON_STORY)],
            batch_size=10,
        )
    )
    assert [r.status for r in results] == [IMPORTED, FAILED, IMPORTED], [r.error for r in results]
    assert transaction.get_autocommit()  # the batch's transaction was closed
    headlines = sorted(Article.objects.values_list("headline", flat=True))
    assert headlines == ["Falcon festival draws record crowd", "Muscat port opens new container terminal"]


@pytest.mark.usefixtures("no_update_recognition")
def test_stories_across_several_batches_are_all_committed():
    stories = [(f"{i}.txt", PORT_STORY.replace("Monday", f"day {i}")) for i in range(7)]
    results = list(import_many(stories, batch_size=3))
    assert [r.status for r in results] == [IMPORTED] * 7
    assert Article.objects.count() == 7


def test_a_dry_run_batch_leaves_nothing_behind():
    results = list(import_many([("port.txt", PORT_STORY), ("wadi.txt", WADI_STORY)], dry_run=True))
    assert [r.status for r in results] == ["dry-run", "dry-run"]
    assert Article.objects.count() == 0
    assert Caption.objects.count() == 0
