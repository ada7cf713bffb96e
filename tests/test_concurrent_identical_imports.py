"""Several processes importing the very same texts at the very same moment.

Three ``import_wire`` processes get the same stories (scraped pages and
agency ninjs items with guids) with agency updates recognised, as on a
real site.  They are held at a gate until all three have decided that every
story is new, then let go together, so each story is raced for by all
three: one process imports it, and the others must find it stored and
report it as a **duplicate** of that article, never as an "update" of it
(the article's own text again), and store no update.

The gate is the Hijri month start the pages' date bar implies, which every
import records before it writes its batch: the test inserts that row
itself in a transaction it keeps open until the three processes wait for
it, then commits.

Only PostgreSQL and MariaDB: the suite's SQLite database lives in one
process's memory, so no second process can reach it.
"""

from __future__ import annotations

import datetime
import json
import random
from collections import Counter

import pytest
from django.db import transaction

from newsdesk import wire
from newsdesk.ingest import DUPLICATE, IMPORTED
from newsdesk.models import Article, ArticleUpdate, HijriMonthStart
from tests.db_locks import wait_until_sessions_wait
from tests.processes import needs_other_processes
from tests.test_concurrent_imports import reports_by_file, run_import
from tests.wire_import_support import ensure_wire_credits

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_other_processes,
]

PROCESSES = 3
PAGES = 12
ITEMS = 12

#: The seed page's date bar: 15 Jumada II 1447 on 2025-12-07, so Jumada II
#: began on 2025-11-23.
DATE_BAR = "Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H"

#: Words the stories are made of, drawn at random (with a fixed seed): no two
#: stories share enough of their text or headline to be versions of each other.
WORDS = """
harbour council farmers desert rainfall ministry tender school bridge market fishermen
camel festival license tariff cargo airline hospital clinic vaccine stadium league
coach referee court appeal verdict budget deficit surplus export import refinery pipeline
wells aquifer dam wadi flood drought heat monsoon frankincense dates honey textile
museum library archive poet novel theatre cinema concert orchestra choir painter
sculptor ferry port tanker crane container warehouse railway tunnel highway roundabout
taxi bus metro parking mosque minaret fort castle village oasis mountain valley island
reef turtle dolphin whale falcon oryx gazelle leopard nursery kindergarten university
student teacher exam scholarship engineer nurse doctor pharmacist surgeon patient
investor bank loan mortgage insurance pension salary bonus strike union employer
""".split()


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def page(rng: random.Random) -> str:
    """A scraped page: the date bar, a headline, a dateline and three
    paragraphs, credited to AFP."""
    headline = words(rng, 7).capitalize()
    paragraphs = [f"{words(rng, 24).capitalize()}." for _ in range(3)]
    return f"{DATE_BAR}\n\n{headline}\n\nMUSCAT: {paragraphs[0]}\n\n{paragraphs[1]}\n\n{paragraphs[2]} — AFP\n"


def item(rng: random.Random, number: int) -> str:
    """An AFP ninjs item with a guid of its own."""
    body = "".join(f"<p>{words(rng, 24).capitalize()}.</p>" for _ in range(3))
    return json.dumps({
        "uri": f"urn:newsml:afp.com:20251207:race-{number}",
        "version": "1",
        "type": "text",
        "language": "en",
        "copyrightholder": "AFP",
        "headlines": [{"role": "main", "value": words(rng, 7).capitalize()}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": body}],
    })


def test_processes_racing_on_the_same_texts_store_each_once_and_report_the_rest_as_duplicates(tmp_path):
    ensure_wire_credits()
    rng = random.Random(19)
    paths = []
    for number in range(PAGES):
        path = tmp_path / f"page{number:02d}.txt"
        path.write_text(page(rng), encoding="utf-8")
        paths.append(path)
    for number in range(ITEMS):
        path = tmp_path / f"item{number:02d}.json"
        path.write_text(item(rng, number), encoding="utf-8")
        paths.append(path)
    names = [path.name for path in paths]
    HijriMonthStart.objects.filter(year=1447, month=6).delete()

    with transaction.atomic():
        # The gate: every process waits to record this month start.
        HijriMonthStart.objects.create(
            year=1447, month=6, starts_on=datetime.date(2025, 11, 23), source=HijriMonthStart.Source.OBSERVED,
            source_name="the test's gate",
        )
        orders = [names, list(reversed(names)), random.Random(9).sample(names, len(names))]
        processes = [run_import([str(tmp_path / name) for name in order], recognise_updates=True) for order in orders]
        wait_until_sessions_wait(
            PROCESSES, "newsdesk_hijrimonthstart", "the import processes never all reached the gate",
            timeout=300, alive=processes,
        )
    reports = reports_by_file(processes)
    assert sorted(reports) == sorted(names)

    stored = dict(Article.objects.values_list("source_hash", "pk"))
    assert len(stored) == PAGES + ITEMS
    for path in paths:
        statuses = Counter(report["status"] for report in reports[path.name])
        # One process imported the story; the others found it there.
        assert statuses == {IMPORTED: 1, DUPLICATE: PROCESSES - 1}, (path.name, statuses, reports[path.name])
        # Every report names the one article that holds the text.
        article = stored[wire.fingerprint(path.read_text(encoding="utf-8"))]
        assert {report["id"] for report in reports[path.name]} == {article}, path.name
        assert not any("update_of" in report for report in reports[path.name]), reports[path.name]
    assert ArticleUpdate.objects.count() == 0
