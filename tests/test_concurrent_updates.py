"""Agency updates imported by several processes at once, for real.

Four ``import_wire`` processes get the same five agency updates (English and
Arabic) of two articles at the same moment: each update must be stored once,
reported as an update by exactly one process and as a duplicate of the same
article by the others, and the articles must stay two.

Only PostgreSQL and MariaDB: the suite's SQLite database lives in one
process's memory, so no second process can reach it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from newsdesk import wire
from newsdesk.ingest import DUPLICATE, IMPORTED, UPDATE_PENDING, UPDATED, import_story
from newsdesk.models import Article, ArticleUpdate
from tests.processes import needs_other_processes
from tests.test_concurrent_imports import reports_by_file, run_import
from tests.wire_import_support import ensure_wire_credits

VERSIONS = Path(__file__).resolve().parent / "fixtures" / "versions"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_other_processes,
]

PROCESSES = 4
#: Updates whose markers say nothing of their order among themselves (so
#: none is "older" than another, whichever is applied first).
UPDATES = ["en_update1.txt", "en_refile.txt", "en_corrected.txt", "ar_updated.txt", "ar_update2.txt"]


@pytest.mark.parametrize("published", [False, True], ids=["untouched-drafts", "published"])
def test_four_processes_importing_the_same_updates_store_each_once(published):
    ensure_wire_credits()
    firsts = {}
    for name in ("en_v1.txt", "ar_v1.txt"):
        result = import_story((VERSIONS / name).read_text(encoding="utf-8"), source_name=name)
        assert result.status == IMPORTED, result.error
        firsts[name[:2]] = result.article.pk
    if published:
        for article in Article.objects.all():
            article.publish()
            article.save()
    paths = [str(VERSIONS / name) for name in UPDATES]

    processes = [
        run_import(paths if n % 2 else list(reversed(paths)), recognise_updates=True) for n in range(PROCESSES)
    ]
    reports = reports_by_file(processes)
    expected_update = UPDATE_PENDING if published else UPDATED
    for name in UPDATES:
        statuses = Counter(report["status"] for report in reports[name])
        # One process stored the update; the others found it stored.
        assert statuses == {expected_update: 1, DUPLICATE: PROCESSES - 1}, (name, statuses)
        # Every report names the article the update belongs to.
        assert {report["id"] for report in reports[name]} == {firsts[name[:2]]}

    assert Article.objects.count() == 2
    stored = ArticleUpdate.objects.values_list("source_hash", flat=True)
    assert sorted(stored) == sorted(wire.fingerprint((VERSIONS / n).read_text(encoding="utf-8")) for n in UPDATES)
    if published:
        assert ArticleUpdate.objects.filter(status=ArticleUpdate.Status.PENDING).count() == len(UPDATES)
    else:
        # Applied one after another under the article's row lock: each
        # article ends with the text of one of its updates, all on record.
        assert not ArticleUpdate.objects.filter(status=ArticleUpdate.Status.PENDING).exists()
        for article in Article.objects.all():
            texts = set(article.updates.filter(status=ArticleUpdate.Status.APPLIED).values_list("body", flat=True))
            assert article.body in texts
