"""Imports in the background: one task per story, on Django's Tasks framework.

``import_wire --enqueue``, an admin upload too large to import while the
editor waits, and each poll of an :class:`~newsdesk.models.IngestSource`
call :func:`enqueue_import`; the task (:mod:`newsdesk.tasks`) calls
:func:`run_item`.  The tasks run on the backend named by the
``IMPORT_TASK_BACKEND`` setting: in the web process itself (the immediate
backend), or on as many workers as the site starts (``db_worker``, RQ...).

The promises, each relied on by the interfaces and the tests:

* **Nothing is enqueued before it is stored.**  The batch and all its items
  are written in one transaction; the tasks are enqueued only once it has
  committed (``transaction.on_commit``), so a worker never looks for an item
  that is not there yet.
* **An item is done if and only if its story committed.**  The importer
  calls back *inside* the story's own transaction, right after its rows are
  written, and the item is marked done there: the two commit or roll back
  together.  A worker killed after the commit leaves a done item; one killed
  before leaves a queued item and no article.
* **Idempotent.**  A task run twice, or an item enqueued again by
  :func:`requeue_stalled`, finds the item done and changes nothing; two runs
  of one item at the same moment are settled by the item's row (only one
  run turns it from queued to done, and the other's story is rolled back).
* **No process-local memory for correctness.**  Workers on many machines
  share only the database: a text seen before is a duplicate by the unique
  fingerprint, and an update takes a row lock on the article it updates
  (both in :mod:`newsdesk.ingest`).
* **An item that is no text story** (a picture, a video; ``not-text``) is
  done with that status and what it is, never failed.
* **A story that cannot be imported fails its item, not its task**, with
  the reason; an item is given at most :data:`MAX_ATTEMPTS` tasks (a story
  that kills its worker each time is given up, marked failed), and a task
  whose database connection is lost reconnects and runs its item again.
* **Bounded and flat.**  Every input is read within
  ``IMPORT_MAX_FILE_SIZE`` and split into stories, each within
  ``IMPORT_MAX_STORY_SIZE``; writing a batch and enqueuing its tasks costs
  the same few queries per story however large the batch.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import time
from collections.abc import Iterable
from typing import Any

from django.db import Error, connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from newsdesk import furniture, ingest, inputs
from newsdesk.conf import newsdesk_settings
from newsdesk.models import ImportBatch, ImportItem, IngestSource, NewsSource, WireCredit
from newsdesk.tasks import TaskResultDoesNotExist, TaskResultStatus, import_item, task_backends

logger = logging.getLogger(__name__)

#: Every status a done item can have, in the order progress lists them.
ITEM_STATUSES = tuple(s for s in ingest.STATUSES if s != ingest.DRY_RUN)

#: Items written per INSERT.
_CREATE_BATCH = 500

#: How many times an item is given a task (enqueued, then enqueued again by
#: :func:`requeue_stalled`) before it is given up and marked failed: a story
#: whose every run fails, or kills its worker, is not run for ever.
MAX_ATTEMPTS = 5

#: How long a task waits for its database to come back when the connection
#: is lost, before it gives up (then its item waits for
#: :func:`requeue_stalled`), in seconds; and the longest wait between tries.
RECONNECT_WITHIN = 60.0
_RECONNECT_PAUSE = 2.0


class _AlreadyDone(Exception):
    """Another run of the same item committed first: roll this story back."""


# --- enqueuing ---------------------------------------------------------------------


def enqueue_import(
    inputs: Iterable[tuple[str, bytes | str | BaseException]],
    *,
    status: str = "draft",
    credit: WireCredit | str | None = None,
    source: NewsSource | str | None = None,
    ingest_source: IngestSource | None = None,
    user: Any = None,
    label: str = "",
    encoding: str = "utf-8",
    may_publish: bool = False,
) -> ImportBatch:
    """Store ``(name, bytes or text or error)`` inputs as a batch, one item
    per story, and enqueue one task per story once the batch has committed.

    Each input is read and decoded here (``encoding``), within
    ``IMPORT_MAX_FILE_SIZE``, and split into stories
    (:func:`newsdesk.ingest.input_stories`): a file holding several (an
    IPTC 7901 stream, a ninjs array, a NewsML-G2 newsMessage) gives one
    item per story, named ``file.xml#2`` for the second, each within
    ``IMPORT_MAX_STORY_SIZE``.  An input or a story that cannot be read (an
    error in place of its bytes, too large, undecodable) becomes an item
    that is already done, ``failed``, its error naming it, and the others
    go on.  ``status``, ``credit`` (an agency or its short name) and
    ``source`` (the paper: a news source or a name) are those of
    :class:`~newsdesk.ingest.WireImporter`; ``ingest_source`` the polled
    source the batch came from, ``user`` who asked for it, and
    ``may_publish`` the authority the batch's tasks import with (kept in
    its options: a task runs on behalf of whoever enqueued it, not of the
    worker).

    With an immediate task backend every story is imported before this
    returns.  Raises ``ValueError`` for an unknown status and
    ``WireCredit.DoesNotExist`` for an unknown credit name, before
    anything is stored (:func:`enqueue_stories` checks both).
    """
    stories = [story for name, data in inputs for story in _stories(name, data, encoding)]
    return enqueue_stories(
        stories, status=status, credit=credit, source=source, ingest_source=ingest_source, user=user, label=label,
        encoding=encoding, may_publish=may_publish,
    )


def enqueue_stories(
    stories: Iterable[ingest.InputStory],
    *,
    status: str = "draft",
    credit: WireCredit | str | None = None,
    source: NewsSource | str | None = None,
    ingest_source: IngestSource | None = None,
    user: Any = None,
    label: str = "",
    encoding: str = "utf-8",
    may_publish: bool = False,
) -> ImportBatch:
    """Store stories already read and split, ``(name, text, error, warnings)`` as
    :func:`newsdesk.ingest.input_stories` gives them, as a batch, and
    enqueue one task per story once it has committed; a story with an
    error is an item already done, ``failed``.  The options are those of
    :func:`enqueue_import`.  A poll reads its documents itself, to tell a
    document refused whole (an error of the source) from a failed story."""
    if status not in ingest.IMPORT_STATUSES:
        raise ValueError(f"status must be one of {', '.join(ingest.IMPORT_STATUSES)}, not {status!r}")
    if isinstance(credit, str):
        credit = ingest.resolve_credit(credit)
    now = timezone.now()
    items: list[ImportItem] = []
    for story_name, text, error, warnings in stories:
        position = len(items)
        if error:
            items.append(ImportItem(
                position=position, name=story_name[:500], state=ImportItem.State.DONE,
                status=ingest.FAILED, error=error, finished_at=now,
            ))
        else:
            items.append(ImportItem(
                position=position, name=story_name[:500], text=text, attempts=1, enqueued_at=now,
                warnings=list(warnings),
            ))
    options = _options(status, credit, source, encoding, [item.text for item in items if item.text])
    options["may_publish"] = bool(may_publish)
    # The issuer of the stories' guids, kept should the source be deleted before they are imported.
    options["ingest_source_id"] = ingest_source.pk if ingest_source is not None else None
    queued = [item for item in items if item.state == ImportItem.State.QUEUED]
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            label=label[:200], created_by=user if user is not None and user.pk else None,
            source=ingest_source, options=options, total=len(items),
            finished_at=None if queued else now,
        )
        for item in items:
            item.batch = batch
        ImportItem.objects.bulk_create(items, batch_size=_CREATE_BATCH)
        if queued and queued[0].pk is None:  # a database that cannot return the new ids
            ids = ImportItem.objects.filter(batch=batch).order_by("position").values_list("pk", flat=True)
            for item, pk in zip(items, ids, strict=True):
                item.pk = pk
        ids = [item.pk for item in queued]
        transaction.on_commit(lambda: _enqueue_tasks(batch, ids))
    return batch


def _stories(name: str, data: bytes | str | BaseException, encoding: str) -> list[ingest.InputStory]:
    """``(name, text, error, warnings)`` for each story of one input, read
    and named as the synchronous importer does: one entry with the error
    when it cannot be read; ``name#2``... when it holds several.  The
    warnings of its decoding (kept on the item, and reported with the
    story's own once it is imported) go with each story."""
    name = inputs.printable_name(name)
    try:
        return ingest.input_stories(
            name, data, encoding=encoding, max_size=newsdesk_settings.IMPORT_MAX_STORY_SIZE,
            max_file_size=newsdesk_settings.IMPORT_MAX_FILE_SIZE,
        )
    except ingest.UnusableInput as exc:
        return [ingest.InputStory(name, "", str(exc), ())]


def _options(
    status: str, credit: WireCredit | None, source: NewsSource | str | None, encoding: str, texts: list[str]
) -> dict[str, Any]:
    """The import's options as the batch keeps them (plain JSON).

    When the paper is named, the lines that recur on the batch's pages are
    learnt here, from all of them, and every task parses its page with
    them, as one synchronous import would.  Without a named paper nothing
    is learnt: each task alone would then make a new source for the pages
    of an unknown paper; the pages are matched to sources by the lines
    already recorded instead.
    """
    options: dict[str, Any] = {
        "status": str(status),
        "credit_id": credit.pk if credit is not None else None,
        "credit": credit.short_name if credit is not None else "",
        "source_id": source.pk if isinstance(source, NewsSource) else None,
        "source": (source.name if isinstance(source, NewsSource) else furniture.clean_source_name(source or "")),
        "encoding": encoding,
    }
    if options["source"] and len(texts) > 1:
        options["learnt_furniture"] = sorted(furniture.learn(texts))
    return options


def _enqueue_tasks(batch: ImportBatch, item_ids: list[int]) -> None:
    """One task per item; each task id stored on its item (one UPDATE per
    ``_CREATE_BATCH`` items).  Ids are saved even when the backend fails
    half-way, and items left without a task are found by
    :func:`requeue_stalled`."""
    backend = newsdesk_settings.IMPORT_TASK_BACKEND
    task_ids: list[ImportItem] = []
    try:
        for pk in item_ids:
            result = import_item.using(backend=backend).enqueue(pk)
            task_ids.append(ImportItem(pk=pk, task_id=str(result.id)[:64]))
    finally:
        if task_ids:
            # Only task_id is written: an immediate backend has already
            # marked the items done, and that must stay.
            ImportItem.objects.bulk_update(task_ids, ["task_id"], batch_size=_CREATE_BATCH)
    if item_ids:
        batch.refresh_from_db(fields=["finished_at"])


# --- running -------------------------------------------------------------------------


def run_item(item_id: int) -> dict[str, Any]:
    """Import the story of one item: the body of the task.

    Returns at once when the item is done already (or was deleted with its
    batch).  The item is marked done inside the story's transaction; a
    story that writes nothing (a failure, a plain duplicate) is marked done
    afterwards, in a short transaction of its own.  The last item of a
    batch to finish sets the batch's ``finished_at``.

    When the database connection is lost on the way (the server restarted,
    the network went away for a few seconds), the task reconnects, waiting
    up to :data:`RECONNECT_WITHIN` seconds for the database, and runs the
    item again: a story that committed is found done, one that did not is
    written afresh.  A worker (``db_worker``) would otherwise die trying to
    record the task's failure on the same dead connection, leaving its task
    ``RUNNING`` until :func:`requeue_stalled` came by.  Any other error
    (a bug, a batch whose options no importer accepts) can only happen
    again: the item is marked failed with it, and the error logged.
    """
    give_up_at = time.monotonic() + RECONNECT_WITHIN
    while True:
        try:
            return _run_item(item_id)
        except Error:
            if time.monotonic() >= give_up_at or not _reconnected(give_up_at):
                raise
            logger.warning("Lost the database connection while importing item %s; reconnected, running it again",
                           item_id)


def _reconnected(give_up_at: float) -> bool:
    """After a database error: ``False`` when the connection still works (the
    error was another) or cannot be replaced here (inside a caller's
    transaction); else ``True`` once a new connection is open, trying until
    ``give_up_at`` (``time.monotonic()``), ``False`` after it."""
    if not ingest.connection_lost():
        return False
    while True:
        with contextlib.suppress(Error):
            connection.close()
        try:
            connection.ensure_connection()
            return True
        except Error:
            left = give_up_at - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(_RECONNECT_PAUSE, left))


def _run_item(item_id: int) -> dict[str, Any]:
    item = ImportItem.objects.select_related("batch").filter(pk=item_id).first()
    if item is None:
        return {"item": item_id, "state": "missing"}
    if item.state == ImportItem.State.DONE:
        return _summary(item)
    options = item.batch.options
    marked: list[ingest.ImportResult] = []

    def mark(result: ingest.ImportResult) -> None:
        if not _mark_done(item, result):
            raise _AlreadyDone
        marked.append(result)

    try:
        importer = ingest.WireImporter(
            status=options.get("status", "draft"), credit=_credit(options), source=_source(options),
            learnt_furniture=options.get("learnt_furniture"), on_written=mark,
            may_publish=_may_publish(options),
            ingest_source_id=options.get("ingest_source_id", item.batch.source_id),
        )
        # The one result comes out once its story has committed.  An
        # iterator, not a list: a list would be read twice, to learn
        # furniture from one page (the batch's lines were learnt at
        # enqueue time, from all of its pages).
        [result] = importer.import_many(
            iter([(item.name, item.text)]), encoding=options.get("encoding", "utf-8"), batch_size=1
        )
    except WireCredit.DoesNotExist:
        result = ingest.ImportResult(
            source_name=item.name,
            error=f"{item.name}: the agency {options.get('credit')!r} chosen for this import no longer exists",
        )
    except _AlreadyDone:
        item.refresh_from_db()
        return _summary(item)
    except Error:
        raise  # the database's: run_item reconnects, or the task fails and is enqueued again
    except Exception as exc:
        result = ingest.ImportResult(source_name=item.name, error=ingest.unexpected_error(item.name, "importing", exc))
    # The callback marked the item inside the story's transaction; when the
    # database made the importer write the story again, only the result of
    # the attempt that committed is reported, so compare with that one.  A
    # story that wrote nothing (a failure, a plain duplicate) is marked now.
    if not (marked and marked[-1] is result):
        _mark_done(item, result)
    _finish_batch(item.batch_id)
    return {"item": item.pk, "state": ImportItem.State.DONE, "status": result.status, "article": _article_id(result)}


def _mark_done(item: ImportItem, result: ingest.ImportResult) -> bool:
    """Turn a queued item done with ``result``; ``False`` when it was not
    queued any more (another run finished it)."""
    return bool(
        ImportItem.objects.filter(pk=item.pk, state=ImportItem.State.QUEUED).update(
            state=ImportItem.State.DONE,
            status=result.status,
            article_id=_article_id(result),
            # What a not-text item is, in the column that says why a story was not imported.
            error=result.error or result.reason,
            # The decoding's warnings, kept when the item was enqueued, first.
            warnings=[*item.warnings, *(w for w in result.warnings if w not in item.warnings)],
            finished_at=timezone.now(),
        )
    )


def _article_id(result: ingest.ImportResult) -> int | None:
    """The article an item leads to: the new one, the one updated, or the
    earlier one a duplicate repeats."""
    if result.update_of is not None:
        return result.update_of
    if result.article is not None and result.article.pk is not None:
        return result.article.pk
    return result.duplicate_of


def _credit(options: dict[str, Any]) -> WireCredit | None:
    credit_id = options.get("credit_id")
    return WireCredit.objects.get(pk=credit_id) if credit_id is not None else None


def _may_publish(options: dict[str, Any]) -> bool:
    """The authority a batch's tasks import with.  A batch enqueued before
    the authority was recorded had its status chosen by an operator or a
    source: one imported published acts as a publisher, any other not."""
    if "may_publish" in options:
        return bool(options["may_publish"])
    return options.get("status") == "published"


def _source(options: dict[str, Any]) -> NewsSource | str | None:
    """The batch's paper: the one chosen (by name, should it be deleted
    meanwhile), or ``None`` to recognise each page's."""
    source_id = options.get("source_id")
    if source_id is not None:
        found = NewsSource.objects.filter(pk=source_id).first()
        if found is not None:
            return found
    return options.get("source") or None


def _finish_batch(batch_id: int) -> None:
    """Set the batch's ``finished_at`` once no item is queued.  Run after
    each item's commit, so whichever item commits last sees every other
    done; the condition makes two finishing at once harmless."""
    ImportBatch.objects.filter(pk=batch_id, finished_at__isnull=True).exclude(
        Exists(ImportItem.objects.filter(batch=OuterRef("pk"), state=ImportItem.State.QUEUED))
    ).update(finished_at=timezone.now())


def _summary(item: ImportItem) -> dict[str, Any]:
    """What the task returns (kept by backends that keep results)."""
    return {"item": item.pk, "state": item.state, "status": item.status, "article": item.article_id}


# --- stalled items ---------------------------------------------------------------------


def requeue_stalled(*, older_than: float | None = None) -> int:
    """Enqueue again the queued items whose task is gone or stuck; return how many.

    An item is stalled when it is still queued and its task has finished
    (``FAILED``, or ``SUCCESSFUL`` without marking it), no longer exists, or
    was never enqueued; or when its task started running more than
    ``older_than`` seconds ago (``IMPORT_STALLED_AFTER`` by default), as the
    task of a worker that was killed stays ``RUNNING`` for ever.  A task
    still waiting in the queue is left alone.  A backend that cannot report
    on its tasks is judged by the time the item was enqueued alone.
    Enqueuing an item that was not really stalled costs one task that finds
    it done.

    A stalled item that has had :data:`MAX_ATTEMPTS` tasks already is not
    enqueued again: it is marked failed, saying so (each of its runs failed
    or killed its worker, and another would too).
    """
    if older_than is None:
        older_than = newsdesk_settings.IMPORT_STALLED_AFTER
    now = timezone.now()
    cutoff = now - datetime.timedelta(seconds=older_than)
    backend = task_backends[newsdesk_settings.IMPORT_TASK_BACKEND]
    stalled = [
        (pk, attempts)
        for pk, task_id, enqueued_at, attempts in ImportItem.objects.filter(state=ImportItem.State.QUEUED)
        .order_by("pk")
        .values_list("pk", "task_id", "enqueued_at", "attempts")
        .iterator()
        if _is_stalled(backend, task_id, enqueued_at, cutoff)
    ]
    _give_up([pk for pk, attempts in stalled if attempts >= MAX_ATTEMPTS])
    requeued = 0
    for pk in (pk for pk, attempts in stalled if attempts < MAX_ATTEMPTS):
        claimed = ImportItem.objects.filter(pk=pk, state=ImportItem.State.QUEUED).update(
            attempts=F("attempts") + 1, enqueued_at=timezone.now(), task_id=""
        )
        if not claimed:
            continue
        result = import_item.using(backend=newsdesk_settings.IMPORT_TASK_BACKEND).enqueue(pk)
        ImportItem.objects.filter(pk=pk).update(task_id=str(result.id)[:64])
        requeued += 1
    if requeued:
        logger.info("Enqueued %d stalled import items again", requeued)
    return requeued


def _give_up(item_ids: list[int]) -> None:
    """Mark these stalled items failed: they have had every attempt."""
    for pk, name, batch_id, attempts in ImportItem.objects.filter(pk__in=item_ids).values_list(
        "pk", "name", "batch_id", "attempts"
    ):
        error = (
            f"{name}: given up after {attempts} attempts, each of which failed or was left unfinished; "
            "see the task backend's log"
        )
        if ImportItem.objects.filter(pk=pk, state=ImportItem.State.QUEUED).update(
            state=ImportItem.State.DONE, status=ingest.FAILED, error=error, finished_at=timezone.now()
        ):
            logger.warning("Import item %s given up after %d attempts: %s", pk, attempts, name)
            _finish_batch(batch_id)


def _is_stalled(backend: Any, task_id: str, enqueued_at: datetime.datetime | None, cutoff: datetime.datetime) -> bool:
    """Whether a queued item's task is gone or stuck.  A task still waiting
    its turn (``READY``) is not stuck, however long the queue: enqueuing it
    again would only lengthen the queue.  A ``RUNNING`` one is stuck when it
    started before ``cutoff`` (its worker died)."""
    if not task_id or not backend.supports_get_result:
        return enqueued_at is None or enqueued_at <= cutoff
    try:
        result = backend.get_result(task_id)
    except TaskResultDoesNotExist:
        return True
    if result.status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
        return True
    if result.status == TaskResultStatus.RUNNING:
        started = result.started_at or result.last_attempted_at or enqueued_at
        return started is None or started <= cutoff
    return False


# --- progress ----------------------------------------------------------------------------


def batch_progress(batch: ImportBatch) -> dict[str, Any]:
    """How far a batch has come, in one query: ``total``, ``queued``,
    ``done``, ``enqueued`` (items given a task, as against inputs that
    failed before) and ``statuses``, the done items per status (every
    status of :data:`ITEM_STATUSES`, zeros included)."""
    done = Q(state=ImportItem.State.DONE)
    counts = ImportItem.objects.filter(batch=batch).aggregate(
        total=Count("pk"),
        queued=Count("pk", filter=Q(state=ImportItem.State.QUEUED)),
        done=Count("pk", filter=done),
        enqueued=Count("pk", filter=Q(enqueued_at__isnull=False)),
        **{
            f"status_{index}": Count("pk", filter=done & Q(status=status))
            for index, status in enumerate(ITEM_STATUSES)
        },
    )
    return {
        "total": counts["total"],
        "queued": counts["queued"],
        "done": counts["done"],
        "enqueued": counts["enqueued"],
        "statuses": {status: counts[f"status_{index}"] for index, status in enumerate(ITEM_STATUSES)},
    }
