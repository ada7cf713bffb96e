"""Background imports (newsdesk.background): batches, one task per story.

Real databases throughout.  The immediate task backend (tests/settings.py)
runs each task as it is enqueued, once the batch has committed, so these
tests either let the commit happen (``django_capture_on_commit_callbacks``
runs what a commit would) or use a transactional database.  The database
backend (django-tasks-db) is driven by a real ``db_worker``: a process of
its own on PostgreSQL and MariaDB, the same command in this process on
SQLite, whose in-memory database no other process can reach.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from newsdesk import background, wire
from newsdesk.models import Article, ArticleUpdate, ImportBatch, ImportItem
from newsdesk.tasks import TaskResultStatus
from tests.factories import make_staff
from tests.processes import SERVER_DB
from tests.test_worker_processes import start_worker
from tests.wire_import_support import FALCON_STORY, PORT_STORY, WADI_STORY, ensure_wire_credits

VERSIONS = Path(__file__).resolve().parent / "fixtures" / "versions"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
try:  # Django 6 names the dummy backend's module differently
    import django.tasks  # noqa: F401

    DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
except ImportError:
    pass

# Two ZCZC … NNNN messages in one telex-style IPTC 7901 stream.
TELEX_STREAM = """ZCZC ONA0412 2 POL 120
OMAN-PORT/
   Muscat port opens new container terminal
   MUSCAT: The new terminal at Sultan Qaboos Port opened on Monday, the ministry said.
   It can handle two million containers a year, officials added.
NNNN
ZCZC ONA0413 3 ECO 110
OMAN-FALCONS/
   Falcon festival draws record crowd in Muscat
   MUSCAT: More than 40,000 visitors came to the falcon festival on Friday, organisers said.
   Prizes worth one million rials will be handed out on Saturday.
NNNN
"""


def _done(batch: ImportBatch) -> dict[str, tuple[str, str, int | None]]:
    """Each item by name: (state, status, article id)."""
    return {
        name: (state, status, article)
        for name, state, status, article in batch.items.values_list("name", "state", "status", "article_id")
    }


# --- the immediate backend: done when enqueue_import returns -------------------------


@pytest.mark.django_db
def test_every_story_is_imported_and_a_broken_input_fails_alone(django_capture_on_commit_callbacks):
    ensure_wire_credits()
    with django_capture_on_commit_callbacks(execute=True):
        batch = background.enqueue_import(
            [
                ("port.txt", PORT_STORY.encode("utf-8")),
                ("wadi.txt", WADI_STORY),
                ("port-again.txt", PORT_STORY.encode("utf-8")),
                ("broken.txt", "Muscat \u0645\u0633\u0642\u0637".encode("cp1256")),  # not UTF-8
                ("gone.txt", FileNotFoundError(2, "No such file or directory")),
            ],
            label="five inputs",
        )
    batch.refresh_from_db()
    port = Article.objects.get(headline="Muscat port opens new container terminal")
    wadi = Article.objects.get(headline="Heavy rain floods wadis across Dhofar")
    assert Article.objects.count() == 2
    assert _done(batch) == {
        "port.txt": ("done", "imported", port.pk),
        "wadi.txt": ("done", "imported", wadi.pk),
        "port-again.txt": ("done", "duplicate", port.pk),
        "broken.txt": ("done", "failed", None),
        "gone.txt": ("done", "failed", None),
    }
    errors = dict(batch.items.values_list("name", "error"))
    assert errors["broken.txt"].startswith("broken.txt: not valid utf-8 text: byte 0xe3 at offset 7")
    assert errors["gone.txt"] == "gone.txt: cannot read the file: No such file or directory"
    assert port.status == Article.Status.DRAFT
    assert batch.total == 5
    assert batch.finished_at is not None
    assert background.batch_progress(batch) == {
        "total": 5, "queued": 0, "done": 5, "enqueued": 3,
        "statuses": {"imported": 2, "updated": 0, "update-pending": 0, "withdrawn": 0, "duplicate": 1, "not-text": 0,
                     "failed": 2},
    }
    # Only the three readable inputs were given a task.
    assert sorted(batch.items.exclude(task_id="").values_list("name", flat=True)) == [
        "port-again.txt", "port.txt", "wadi.txt",
    ]


@pytest.mark.django_db
def test_a_new_version_updates_the_untouched_draft(django_capture_on_commit_callbacks):
    ensure_wire_credits()
    first = (VERSIONS / "en_v1.txt").read_text(encoding="utf-8")
    update = (VERSIONS / "en_update1.txt").read_text(encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        batch = background.enqueue_import([("en_v1.txt", first)], credit="Reuters", status="ready")
    with django_capture_on_commit_callbacks(execute=True):
        later = background.enqueue_import([("en_update1.txt", update)], credit="Reuters", status="ready")
    article = Article.objects.get()
    assert _done(batch) == {"en_v1.txt": ("done", "imported", article.pk)}
    assert _done(later) == {"en_update1.txt": ("done", "updated", article.pk)}
    assert article.status == Article.Status.READY
    assert article.credit.short_name == "Reuters"
    assert "by up to 7 percent" in article.body
    assert ArticleUpdate.objects.filter(article=article, status=ArticleUpdate.Status.APPLIED).count() == 1


@pytest.mark.django_db
def test_running_an_item_again_changes_nothing(django_capture_on_commit_callbacks):
    ensure_wire_credits()
    with django_capture_on_commit_callbacks(execute=True):
        batch = background.enqueue_import([("falcon.txt", FALCON_STORY)])
    item = batch.items.get()
    before = ImportItem.objects.filter(pk=item.pk).values().get()
    article = Article.objects.get()

    assert background.run_item(item.pk) == {"item": item.pk, "state": "done", "status": "imported", "article": article.pk}
    assert background.run_item(item.pk)["status"] == "imported"

    assert ImportItem.objects.filter(pk=item.pk).values().get() == before
    assert list(Article.objects.values_list("pk", flat=True)) == [article.pk]


@pytest.mark.django_db
def test_a_story_run_again_after_its_commit_is_a_duplicate_not_a_second_article(
    django_capture_on_commit_callbacks,
):
    """Should an item ever be queued again after its story committed, the
    story's fingerprint still settles it: a duplicate of the same article."""
    ensure_wire_credits()
    with override_settings(TASKS=DUMMY_TASKS), django_capture_on_commit_callbacks(execute=True):
        batch = background.enqueue_import([("port.txt", PORT_STORY)])
    item = batch.items.get()
    assert item.state == ImportItem.State.QUEUED  # the dummy backend runs nothing
    background.run_item(item.pk)
    article = Article.objects.get()
    # The item is made to look queued again, as if its first run had died
    # between the story's commit and here (it cannot: both commit together).
    ImportItem.objects.filter(pk=item.pk).update(state=ImportItem.State.QUEUED)
    assert background.run_item(item.pk)["status"] == "duplicate"
    assert Article.objects.count() == 1
    assert _done(batch) == {"port.txt": ("done", "duplicate", article.pk)}


@pytest.mark.django_db
def test_an_iptc_7901_stream_becomes_one_item_per_story(django_capture_on_commit_callbacks):
    ensure_wire_credits()
    with django_capture_on_commit_callbacks(execute=True):
        batch = background.enqueue_import([("ona.txt", TELEX_STREAM.encode("ascii"))])
    if getattr(wire, "split_documents", None) is None:
        # Before the formats land, a stream is one input.
        assert list(batch.items.values_list("name", flat=True)) == ["ona.txt"]
        return
    assert list(batch.items.order_by("position").values_list("name", "status")) == [
        ("ona.txt#1", "imported"), ("ona.txt#2", "imported"),
    ]
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "Falcon festival draws record crowd in Muscat", "Muscat port opens new container terminal",
    ]


@pytest.mark.django_db
def test_an_unknown_status_or_credit_stores_nothing():
    ensure_wire_credits()
    with pytest.raises(ValueError, match="status must be one of"):
        background.enqueue_import([("port.txt", PORT_STORY)], status="withdrawn")
    from newsdesk.models import WireCredit

    with pytest.raises(WireCredit.DoesNotExist, match="unknown agency 'NOPE'"):
        background.enqueue_import([("port.txt", PORT_STORY)], credit="NOPE")
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("stories", [3, 40])
def test_enqueuing_costs_the_same_queries_however_many_stories(
    stories, django_assert_num_queries, django_capture_on_commit_callbacks
):
    inputs = [(f"{n}.txt", f"Story number {n} of the batch\n\nMUSCAT: Paragraph {n}.") for n in range(stories)]
    with override_settings(TASKS=DUMMY_TASKS):
        # SAVEPOINT, INSERT the batch, INSERT its items (one statement),
        # RELEASE SAVEPOINT; after the commit: UPDATE the task ids (one
        # statement), SELECT the batch's finished_at.  The dummy backend
        # enqueues in memory.
        with django_assert_num_queries(6), django_capture_on_commit_callbacks(execute=True):
            batch = background.enqueue_import(inputs)
    assert batch.items.exclude(task_id="").count() == stories
    assert batch.items.filter(state="queued").count() == stories


# --- the database backend and real workers ---------------------------------------------


def _drain() -> None:
    """Run the queued tasks to the end: a ``db_worker --batch`` process on a
    database server, the same command in this process on SQLite."""
    if SERVER_DB:
        worker = start_worker("drain")
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err[-3000:]
    else:
        with override_settings(TASKS=DATABASE_TASKS):
            call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_import_wire_enqueue_returns_at_once_and_a_worker_imports(tmp_path):
    ensure_wire_credits()
    for name, text in [("port.txt", PORT_STORY), ("wadi.txt", WADI_STORY), ("falcon.txt", FALCON_STORY)]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes("Muscat \u0645\u0633\u0642\u0637".encode("cp1256"))  # not UTF-8

    out, err = io.StringIO(), io.StringIO()
    with override_settings(TASKS=DATABASE_TASKS), pytest.raises(CommandError) as failure:
        call_command("import_wire", str(tmp_path), "--enqueue", "--json", "--status", "ready", stdout=out, stderr=err)
    assert failure.value.returncode == 1  # one input failed, and the command says so
    batch = ImportBatch.objects.get()
    assert json.loads(out.getvalue()) == {"batch": batch.pk, "stories": 4, "enqueued": 3, "failed": 1,
                                             "not_text": 0}
    assert "FAILED bad.txt: bad.txt: not valid utf-8 text: byte 0xe3 at offset 7" in err.getvalue()
    # Nothing is imported until a worker runs.
    assert Article.objects.count() == 0
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 3

    _drain()

    assert sorted(Article.objects.values_list("source_name", "status")) == [
        ("falcon.txt", "ready"), ("port.txt", "ready"), ("wadi.txt", "ready"),
    ]
    batch.refresh_from_db()
    assert batch.finished_at is not None
    assert background.batch_progress(batch)["statuses"]["imported"] == 3
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 3


@pytest.mark.django_db(transaction=True)
def test_import_wire_enqueue_prints_the_batch_and_how_to_follow_it(tmp_path):
    ensure_wire_credits()
    (tmp_path / "port.txt").write_text(PORT_STORY, encoding="utf-8")
    out = io.StringIO()
    with override_settings(TASKS=DATABASE_TASKS):
        call_command("import_wire", str(tmp_path / "port.txt"), "--enqueue", stdout=out)
    batch = ImportBatch.objects.get()
    lines = out.getvalue().splitlines()
    assert lines[0] == f"batch #{batch.pk}: 1 stories, 1 enqueued, 0 done, 0 failed"
    assert f"/admin/newsdesk/importbatch/{batch.pk}/change/" in lines[1]
    assert "requeue_imports" in lines[1]
    assert batch.label == f"import_wire {tmp_path / 'port.txt'}"


@pytest.mark.django_db(transaction=True)
def test_an_item_whose_task_was_left_running_is_enqueued_again():
    ensure_wire_credits()
    with override_settings(TASKS=DATABASE_TASKS):
        batch = background.enqueue_import([("port.txt", PORT_STORY), ("wadi.txt", WADI_STORY)])
        port, wadi = batch.items.order_by("position")
        # A worker claimed port.txt's task and was killed: RUNNING for ever.
        DBTaskResult.objects.filter(id=port.task_id).update(status=TaskResultStatus.RUNNING)
        # wadi.txt's task ran, but the item is still queued (its worker died
        # after the task's own bookkeeping, say): a finished task, a queued item.
        DBTaskResult.objects.filter(id=wadi.task_id).update(status=TaskResultStatus.FAILED)

        # Not old enough: only the finished task's item is taken.
        assert background.requeue_stalled(older_than=3600) == 1
        wadi.refresh_from_db()
        assert wadi.attempts == 2
        # Now the running one too, by the command.  wadi.txt's new task is
        # waiting its turn in the queue (READY): however old, it is left
        # alone, or a long queue would grow with every run.
        out = io.StringIO()
        call_command("requeue_imports", "--older-than", "0", stdout=out)
        assert out.getvalue() == "1 stalled import items enqueued again\n"
        port.refresh_from_db()
        wadi.refresh_from_db()
        assert (port.attempts, wadi.attempts) == (2, 2)
        assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 2

    _drain()

    assert _done(batch) == {
        "port.txt": ("done", "imported", Article.objects.get(source_name="port.txt").pk),
        "wadi.txt": ("done", "imported", Article.objects.get(source_name="wadi.txt").pk),
    }
    # Nothing is queued any more, so nothing is enqueued again.
    with override_settings(TASKS=DATABASE_TASKS):
        assert background.requeue_stalled(older_than=0) == 0


def test_requeue_imports_refuses_a_negative_age():
    with pytest.raises(CommandError, match="--older-than cannot be negative") as failure:
        call_command("requeue_imports", "--older-than", "-5")
    assert failure.value.returncode == 2


# --- the admin ----------------------------------------------------------------------------


@pytest.fixture
def editor(client):
    user = make_staff("editor", "add_article", "change_article", "view_article")
    client.force_login(user)
    return user


@pytest.mark.django_db(transaction=True)
@override_settings(NEWSDESK={"IMPORT_MAX_PREVIEW_STORIES": 2})
def test_an_upload_over_the_preview_limit_is_imported_in_the_background(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ensure_wire_credits()
    files = [
        SimpleUploadedFile("port.txt", PORT_STORY.encode(), content_type="text/plain"),
        SimpleUploadedFile("wadi.txt", WADI_STORY.encode(), content_type="text/plain"),
        SimpleUploadedFile("falcon.txt", FALCON_STORY.encode(), content_type="text/plain"),
    ]
    response = client.post(reverse("admin:newsdesk_article_import"), {"uploads": files}, follow=True)
    batch = ImportBatch.objects.get()
    assert response.redirect_chain == [(reverse("admin:newsdesk_importbatch_change", args=[batch.pk]), 302)]
    page = response.content.decode()
    assert "3 stories are too many for one preview: they are being imported in the background" in page
    assert "3 of 3 stories done." in page
    assert 'http-equiv="refresh"' not in page  # finished: nothing to wait for
    for article in Article.objects.all():
        assert reverse("admin:newsdesk_article_change", args=[article.pk]) in page
    assert batch.created_by == editor
    assert sorted(Article.objects.values_list("source_name", flat=True)) == ["falcon.txt", "port.txt", "wadi.txt"]


def _batch_with_items(count: int, *, queued: int = 0) -> ImportBatch:
    article = Article.objects.create(
        headline="Muscat port opens new container terminal", source_hash=format(count, "064x")
    )
    batch = ImportBatch.objects.create(label="big", total=count)
    ImportItem.objects.bulk_create(
        ImportItem(
            batch=batch, position=n, name=f"{n:05d}.txt",
            state="queued" if n < queued else "done",
            status="" if n < queued else ("imported" if n % 2 else "failed"),
            article=article if n % 2 else None, error="" if n % 2 else f"{n:05d}.txt: not a story",
            warnings=["Credit \u201cXYZ\u201d is not a known agency; kept as text."] if n % 2 else [],
        )
        for n in range(count)
    )
    return batch


@pytest.mark.django_db
def test_the_batch_page_costs_the_same_queries_for_five_or_five_hundred_stories(client, editor):
    small = _batch_with_items(5)
    large = _batch_with_items(500, queued=10)
    client.get(reverse("admin:newsdesk_importbatch_change", args=[small.pk]))  # fills the content-type cache
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(reverse("admin:newsdesk_importbatch_change", args=[small.pk])).status_code == 200
    with CaptureQueriesContext(connection) as large_queries:
        response = client.get(reverse("admin:newsdesk_importbatch_change", args=[large.pk]))
    assert len(large_queries) == len(small_queries)
    page = response.content.decode()
    assert "490 of 500 stories done." in page
    assert '<meta http-equiv="refresh" content="5">' in page  # still running
    assert "00099.txt" in page
    assert "00100.txt" not in page  # a hundred a page
    assert "Page 1 of 5" in page
    assert "00099.txt: not a story" not in page  # odd items are the imported ones
    assert "00098.txt: not a story" in page
    second = client.get(reverse("admin:newsdesk_importbatch_change", args=[large.pk]), {"page": 2, "status": "failed"})
    assert "00298.txt" in second.content.decode()  # the failed ones only: even numbers 200..398
    assert "00201.txt" not in second.content.decode()

    client.get(reverse("admin:newsdesk_importbatch_changelist"))
    with CaptureQueriesContext(connection) as list_queries:
        listing = client.get(reverse("admin:newsdesk_importbatch_changelist"))
    _batch_with_items(50)
    with CaptureQueriesContext(connection) as longer_list_queries:
        listing = client.get(reverse("admin:newsdesk_importbatch_changelist"))
    assert len(longer_list_queries) == len(list_queries)
    assert "490 of 500" in listing.content.decode()
    assert "50 of 50" in listing.content.decode()


@pytest.mark.django_db
def test_only_those_who_may_import_see_batches(client):
    batch = _batch_with_items(2)
    url = reverse("admin:newsdesk_importbatch_change", args=[batch.pk])
    listing = reverse("admin:newsdesk_importbatch_changelist")

    user = make_staff("reader", "view_article")
    user.is_staff = False
    user.save()
    client.force_login(user)
    assert client.get(url).status_code == 302  # not staff: to the login page
    assert "/login/" in client.get(listing)["Location"]

    client.force_login(make_staff("viewer", "view_article"))
    assert client.get(url).status_code == 403
    assert client.get(listing).status_code == 403
    assert client.post(reverse("admin:newsdesk_importbatch_delete", args=[batch.pk]), {"post": "yes"}).status_code == 403
    assert ImportBatch.objects.filter(pk=batch.pk).exists()


@pytest.mark.django_db
def test_editors_may_delete_a_batch_but_not_add_or_change_one(client, editor):
    batch = _batch_with_items(2)
    assert client.get(reverse("admin:newsdesk_importbatch_add")).status_code == 403
    page = client.get(reverse("admin:newsdesk_importbatch_change", args=[batch.pk])).content.decode()
    assert 'name="_save"' not in page
    response = client.post(reverse("admin:newsdesk_importbatch_delete", args=[batch.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not ImportBatch.objects.exists()
    assert not ImportItem.objects.exists()
    assert Article.objects.count() == 1  # the articles stay
