"""Polling ingest sources: fetch what is new, import it in the background.

:func:`poll_due_sources` (``manage.py poll_sources``, from cron) polls each
source that is due; :func:`poll_source` polls one (the admin's "Poll now"
too).  A poll:

1. claims the source for the length of the poll (:class:`Claim`): one
   conditional UPDATE sets ``claimed_until`` (a lease of
   ``POLL_LEASE_SECONDS``, extended while the poll works) and
   ``claimed_by``, only when no live lease holds the source, so two
   overlapping runs, forced or not, never poll the same source at once
   (the second reports it skipped), and a poller that died frees the
   source once its lease runs out;
2. lists the source's items (:mod:`newsdesk.sources.fetchers`) and asks
   the database which keys it already has, :data:`CHUNK` at a time;
3. downloads only the new items, at most ``POLL_MAX_ITEMS`` of them in
   the listing's order (a feed's oldest entry first, files by name), reads
   each whole (within ``POLL_MAX_DOWNLOAD_SIZE``) and splits it into its
   stories (:func:`newsdesk.ingest.input_stories`: a newsMessage of ten
   thousand items is ten thousand stories, each within
   ``IMPORT_MAX_STORY_SIZE``), hands them to
   :func:`newsdesk.background.enqueue_stories` as one import batch per
   chunk, with the source's status, credit and paper, then records the
   items as :class:`~newsdesk.models.FetchedItem` rows;
4. stores the outcome on the source: ``last_error`` ("" after a clean
   poll), ``last_counts``, ``last_success_at`` and the HTTP validators,
   and releases the claim in the same UPDATE (also after a failure).

An item is remembered once it is in an import batch, whatever the import
makes of its stories (a story the importer cannot read is a failed item of
the batch, not something to download again); an item that could not be
*downloaded*, or was refused whole (undecodable, or one story over the
limit with nothing to split it into), is not remembered: it is an error of
the source, and is tried again at the next poll.  The
source's HTTP validators are kept only after a poll with no such failure
and no new item left for the next poll, so a ``304`` never hides an entry
that was not imported.  Were the process
killed between steps 3 and 4, the next poll fetches the chunk again and the
importer finds its stories already there (duplicates by content).
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import secrets
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from newsdesk import ingest
from newsdesk.background import batch_progress, enqueue_stories
from newsdesk.conf import newsdesk_settings
from newsdesk.models import FetchedItem, ImportBatch, IngestSource
from newsdesk.sources import fetchers
from newsdesk.sources.credentials import MissingSecret, redact, resolve_password

logger = logging.getLogger(__name__)

#: New items downloaded, imported and remembered together: one import batch
#: each, so memory stays bounded however many files wait in a directory.
CHUNK = 100

#: ``last_error`` keeps this many characters.
MAX_ERROR_LENGTH = 2000

#: Why a source was not polled (:attr:`PollReport.skipped`).
DISABLED = "disabled"
NOT_DUE = "not due"
BUSY = "being polled by another run"


class ClaimLost(Exception):
    """The poll's lease ran out and another run took the source over: this
    poll stops, leaving the source to that run."""


@dataclass
class PollReport:
    """What one poll of one source did, for the command, the admin and
    ``last_counts``."""

    slug: str
    name: str
    kind: str
    #: Why the source was not polled ("" when it was).
    skipped: str = ""
    error: str = ""
    #: Items downloaded and handed to the importer.
    new: int = 0
    #: Items fetched by an earlier poll (not downloaded again).
    seen: int = 0
    #: Items that could not be downloaded, or were refused whole (tried
    #: again next time).
    failed: int = 0
    #: New items left for the next poll (past ``POLL_MAX_ITEMS``).
    waiting: int = 0
    #: The server answered 304 Not Modified.
    not_modified: bool = False
    batch_ids: list[int] = field(default_factory=list)
    #: Done import items per status ("imported": 2, ...), for the batches
    #: made; items still queued for a worker are counted in ``queued``.
    results: dict[str, int] = field(default_factory=dict)
    queued: int = 0

    @property
    def polled(self) -> bool:
        return not self.skipped

    @property
    def ok(self) -> bool:
        return not self.error

    def counts(self) -> dict[str, Any]:
        """What ``IngestSource.last_counts`` keeps."""
        counts: dict[str, Any] = {"new": self.new, "seen": self.seen, "failed": self.failed}
        if self.waiting:
            counts["waiting"] = self.waiting
        if self.not_modified:
            counts["not_modified"] = True
        if self.batch_ids:
            counts["batches"] = list(self.batch_ids)
        if self.results:
            counts["results"] = dict(self.results)
        if self.queued:
            counts["queued"] = self.queued
        return counts

    def as_dict(self) -> dict[str, Any]:
        """The report as plain JSON (``poll_sources --json``)."""
        return {
            "source": self.slug,
            "name": self.name,
            "kind": self.kind,
            "polled": self.polled,
            "skipped": self.skipped,
            "ok": self.ok,
            "error": self.error,
            **self.counts(),
            "not_modified": self.not_modified,
            "batches": list(self.batch_ids),
        }

    def summary(self) -> str:
        """One line for people: ``slug: 2 new, 3 seen before ...``."""
        if self.skipped:
            return f"{self.slug}: skipped ({self.skipped})"
        parts = [f"{self.new} new", f"{self.seen} seen before"]
        if self.failed:
            parts.append(f"{self.failed} not downloaded")
        if self.not_modified:
            parts.append("not modified")
        if self.results:
            parts.append(", ".join(f"{count} {status}" for status, count in self.results.items() if count))
        if self.queued:
            parts.append(f"{self.queued} queued")
        if self.waiting:
            parts.append(f"{self.waiting} left for the next poll")
        line = f"{self.slug}: " + ", ".join(part for part in parts if part)
        return f"{line}; FAILED: {self.error}" if self.error else line


def is_due(source: IngestSource, now: datetime.datetime) -> bool:
    """Enabled, and never polled or last polled ``poll_every`` minutes ago."""
    if not source.enabled:
        return False
    if source.last_polled_at is None:
        return True
    return source.last_polled_at + datetime.timedelta(minutes=source.poll_every) <= now


def poll_due_sources(
    *, now: datetime.datetime | None = None, slugs: Iterable[str] | None = None, force: bool = False
) -> list[PollReport]:
    """Poll every source that is due (only those named by ``slugs``, if
    given; every one of them, due or not, enabled or not, with ``force``).

    One source's failure never stops the others: it is logged, stored on
    the source and reported.  Returns one report per source considered,
    skipped ones included (with :attr:`PollReport.skipped` saying why).
    """
    now = now or timezone.now()
    sources = IngestSource.objects.select_related("default_credit", "news_source").order_by("name", "pk")
    if slugs is not None:
        sources = sources.filter(slug__in=list(slugs))
    return [poll_source(source, now=now, force=force) for source in sources]


def poll_source(source: IngestSource, *, now: datetime.datetime | None = None, force: bool = False) -> PollReport:
    """Poll one source (if due, or whatever its schedule with ``force``)
    and return what happened.  Never raises for the source's own failure
    (an unreachable server, a timeout, garbage, a bug met while polling
    it): that is logged with its traceback and reported in the result and
    in ``source.last_error``."""
    now = now or timezone.now()
    report = PollReport(slug=source.slug, name=source.name, kind=source.kind)
    if not force and not is_due(source, now):
        report.skipped = NOT_DUE if source.enabled else DISABLED
        return report
    claim = Claim.take(source, now=now, force=force)
    if claim is None:
        report.skipped = BUSY
        return report
    validators: tuple[str, str] | None = None
    # Whatever a server put in its answers (a file name, a status), the
    # password is never stored, printed, logged or shown.
    hidden = _secrets(source)
    try:
        try:
            validators = _poll(source, report, now, claim)
        except (fetchers.FetchError, MissingSecret, ClaimLost) as error:
            # Expected: the message says it all.  No traceback, whose chained
            # exceptions could show a server's raw reply or a resolved path.
            report.error = describe(error)
            logger.error("Polling the ingest source %r (%s) failed: %s", source.slug, source.kind,
                         redact(report.error, *hidden))
        except Exception as error:  # noqa: BLE001 (one source must never stop the others; logged in full)
            logger.exception("Polling the ingest source %r (%s) failed", source.slug, source.kind)
            report.error = describe(error)
        report.error = redact(report.error, *hidden)
        _record(source, report, now, validators, claim)
    except BaseException:
        # Stopped (^C, the database gone while recording): free the source
        # now if the database still answers; else the lease runs out.
        with contextlib.suppress(Exception):
            claim.release()
        raise
    return report


def describe(error: BaseException) -> str:
    """The sentence stored in ``last_error``: the fetchers' own messages
    as they are; anything unexpected (a bug) by its type only, as its
    message may hold anything (a path of this server, a server's reply),
    and the log has it with its traceback."""
    if isinstance(error, (fetchers.FetchError, MissingSecret, ClaimLost)):
        return str(error)
    return f"unexpected error ({type(error).__name__}); the server's log has the details"


def _secrets(source: IngestSource) -> list[str]:
    """What an error must never show: the password the source logs in
    with (typed, or read from the environment)."""
    try:
        return [resolve_password(source.password)] if source.password else []
    except MissingSecret:
        return []


def source_settings(source: IngestSource) -> fetchers.SourceSettings:
    """The fetcher's view of ``source``, with its password resolved."""
    return fetchers.SourceSettings(
        kind=source.kind,
        location=source.location.strip(),
        username=source.username,
        password=resolve_password(source.password) if source.username else "",
        file_pattern=source.file_pattern or "*",
        timeout=float(source.timeout or 1),
        max_download_size=newsdesk_settings.POLL_MAX_DOWNLOAD_SIZE,
        etag=source.http_etag,
        last_modified=source.http_last_modified,
        time_limit=float(newsdesk_settings.POLL_TIME_LIMIT),
        allow_private_addresses=bool(newsdesk_settings.SOURCE_ALLOW_PRIVATE_ADDRESSES),
        directory_roots=tuple(os.fspath(root) for root in newsdesk_settings.SOURCE_DIRECTORY_ROOTS),
    )


class Claim:
    """One poll's hold on its source: a lease in ``claimed_until``, and the
    poll's own token in ``claimed_by``.

    Taken with one conditional UPDATE (atomic on every database: of two
    runs, only one changes the row), extended while the poll works, and
    released when it ends.  The lease is what makes a dead poller
    harmless: a process killed mid-poll frees nothing, but its lease runs
    out ``POLL_LEASE_SECONDS`` after it last extended it, and the next run
    takes the source over.  Times are the poller's clock (``timezone.now``),
    not the ``now`` a caller passes for the poll's records.
    """

    def __init__(self, source_pk: int, token: str, lease: float) -> None:
        self.source_pk = source_pk
        self.token = token
        self.lease = lease
        self._extended_at = time.monotonic()

    @classmethod
    def take(cls, source: IngestSource, *, now: datetime.datetime, force: bool) -> Claim | None:
        """Claim ``source`` and set its ``last_polled_at`` to ``now``;
        ``None`` when another run holds a live lease on it, or (unless
        ``force``) polled it since ``source`` was read, so the source is
        not due any more.  ``force`` skips the schedule, never a live claim."""
        lease = float(newsdesk_settings.POLL_LEASE_SECONDS)
        token = new_token()
        clock = timezone.now()
        free = Q(claimed_until__isnull=True) | Q(claimed_until__lte=clock)
        conditions = Q(pk=source.pk) & free
        if not force:
            conditions &= Q(last_polled_at__isnull=True) if source.last_polled_at is None else Q(
                last_polled_at=source.last_polled_at
            )
        until = clock + datetime.timedelta(seconds=lease)
        claims = {"last_polled_at": now, "claimed_until": until, "claimed_by": token}
        taken = IngestSource.objects.filter(conditions).update(**claims)
        if not taken:
            return None
        source.last_polled_at, source.claimed_until, source.claimed_by = now, until, token
        return cls(source.pk, token, lease)

    def keep(self) -> None:
        """Extend the lease once a quarter of it has gone by: called after
        every step of a poll, it costs one UPDATE now and then, not one per
        item.  :class:`ClaimLost` when another run holds the source now."""
        if time.monotonic() - self._extended_at >= self.lease / 4:
            self.extend()

    def extend(self) -> None:
        """Run the lease from now again; :class:`ClaimLost` if it is gone."""
        until = timezone.now() + datetime.timedelta(seconds=self.lease)
        if not IngestSource.objects.filter(pk=self.source_pk, claimed_by=self.token).update(claimed_until=until):
            raise ClaimLost(
                f"this poll went {self.lease:g} s (POLL_LEASE_SECONDS) without extending its claim on the "
                "source, and another run took the source over; this one stopped"
            )
        self._extended_at = time.monotonic()

    def release(self, **changes: Any) -> bool:
        """Give the source up, writing ``changes`` (the poll's outcome) in
        the same UPDATE.  Does nothing, and returns ``False``, when another
        run holds the source now: its own outcome is the one to keep."""
        return bool(
            IngestSource.objects.filter(pk=self.source_pk, claimed_by=self.token).update(
                claimed_until=None, claimed_by="", **changes
            )
        )


def new_token() -> str:
    """``host:pid:random``: unique to one poll, and tells an operator
    looking at ``claimed_by`` which process holds the source."""
    return f"{socket.gethostname()[:36]}:{os.getpid()}:{secrets.token_hex(6)}"[:64]


def _poll(
    source: IngestSource, report: PollReport, now: datetime.datetime, claim: Claim
) -> tuple[str, str] | None:
    """List, download and enqueue; returns the HTTP validators to keep
    (``None``: keep the old ones)."""
    settings = source_settings(source)
    item_errors: list[str] = []
    refused: list[str] = []
    room = newsdesk_settings.POLL_MAX_ITEMS
    out_of_time = False
    with fetchers.fetcher_for(settings) as fetcher:
        listing = fetcher.scan()
        claim.keep()
        report.not_modified = listing.not_modified
        items = list({item.key: item for item in listing.items}.values())
        for start in range(0, len(items), CHUNK):
            if out_of_time:
                break
            chunk = items[start:start + CHUNK]
            known = set(
                FetchedItem.objects.filter(source=source, key__in=[item.key for item in chunk]).values_list(
                    "key", flat=True
                )
            )
            report.seen += len(known)
            stories: list[ingest.InputStory] = []
            fetched: list[FetchedItem] = []
            for item in chunk:
                if item.key in known:
                    continue
                if room <= 0:
                    report.waiting += 1
                    continue
                room -= 1
                try:
                    data = fetcher.download(item)
                except fetchers.PollTimeLimit as error:
                    item_errors.append(str(error))  # what is not downloaded waits for the next poll
                    out_of_time = True
                    break
                except fetchers.FetchError as error:
                    item_errors.append(str(error))
                    continue
                finally:
                    claim.keep()
                try:
                    stories.extend(_stories(source, item, data))
                except ingest.UnusableInput as error:
                    refused.append(str(error))
                    continue
                fetched.append(FetchedItem(source=source, key=item.key, remote_name=item.name[:500], fetched_at=now))
            if fetched:
                batch = _enqueue(source, stories, now, number=len(report.batch_ids) + 1)
                FetchedItem.objects.bulk_create(fetched, ignore_conflicts=True)
                report.batch_ids.append(batch.pk)
                report.new += len(fetched)
                _add_progress(report, batch)
            # After the chunk is remembered: were the lease lost while it was
            # imported, the run that took over finds it fetched.
            claim.keep()
    report.failed = len(item_errors) + len(refused)
    if report.failed:
        report.error = "; ".join(
            _failures(errors, doing) for errors, doing in ((item_errors, "downloaded"), (refused, "imported")) if errors
        )
        return None
    if report.waiting:
        return None
    return listing.etag, listing.last_modified


def _failures(errors: list[str], doing: str) -> str:
    """``2 of the new items could not be downloaded: a; b`` (five named at most)."""
    shown = "; ".join(errors[:5])
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return f"{len(errors)} of the new items could not be {doing}: {shown}{more}"


def _encoding(source: IngestSource) -> str:
    """Feed entries are ninjs JSON the fetcher wrote, in UTF-8 whatever the
    feed's own encoding was; the other kinds' bytes are the source's."""
    return "utf-8" if source.kind == IngestSource.Kind.FEED else (source.encoding or "utf-8")


def _stories(source: IngestSource, item: fetchers.RemoteItem, data: bytes) -> list[ingest.InputStory]:
    """The stories of one downloaded item, split within the download's own
    bound; :class:`~newsdesk.ingest.UnusableInput` when the item is refused
    whole (it stays an error of the source, and is fetched again)."""
    return ingest.input_stories(
        item.name, data, encoding=_encoding(source), max_size=newsdesk_settings.IMPORT_MAX_STORY_SIZE,
        max_file_size=newsdesk_settings.POLL_MAX_DOWNLOAD_SIZE, file_setting="POLL_MAX_DOWNLOAD_SIZE",
    )


def _enqueue(
    source: IngestSource, stories: list[ingest.InputStory], now: datetime.datetime, number: int
) -> ImportBatch:
    label = f"{source.name} {timezone.localtime(now):%Y-%m-%d %H:%M}"
    if number > 1:
        label += f" ({number})"
    return enqueue_stories(
        stories,
        status=source.default_status,
        credit=source.default_credit,
        source=source.news_source,
        ingest_source=source,
        label=label,
        encoding=_encoding(source),
        # Only a source a publisher set up to publish or to apply the
        # agency's take-downs changes stories readers see (IngestSource.may_publish).
        may_publish=source.may_publish,
    )


def _add_progress(report: PollReport, batch: ImportBatch) -> None:
    progress = batch_progress(batch)
    report.queued += progress["queued"]
    for status, count in progress["statuses"].items():
        if count:
            report.results[status] = report.results.get(status, 0) + count


def _record(
    source: IngestSource,
    report: PollReport,
    now: datetime.datetime,
    validators: tuple[str, str] | None,
    claim: Claim,
) -> None:
    """Store the poll's outcome on the source (its row and the instance)
    and release the claim, in one UPDATE."""
    changes: dict[str, Any] = {
        "last_error": report.error[:MAX_ERROR_LENGTH],
        "last_counts": report.counts(),
    }
    if report.ok:
        changes["last_success_at"] = now
    if validators is not None:
        changes["http_etag"] = validators[0][:255]
        changes["http_last_modified"] = validators[1][:100]
    claim.release(**changes)
    for name, value in {**changes, "claimed_until": None, "claimed_by": ""}.items():
        setattr(source, name, value)
