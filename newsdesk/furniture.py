"""Learnt page furniture, per news source: the Django side of :mod:`newsdesk.wire.furniture`.

A line that recurs on many different stories of one paper ("Short Url",
"Follow", the paper's name under every headline) is furniture on all of its
pages.  The pure learner (:func:`newsdesk.wire.furniture.learn_furniture`)
finds such lines in a run of pages; this module keeps them per
:class:`~newsdesk.models.NewsSource` as :class:`~newsdesk.models.FurnitureLine`
rows, recognises the source of a page from them, and records what each
import learnt.  It holds no parsing logic: line splitting, keys and the
question "is this line the page's data?" belong to :mod:`newsdesk.wire`.

The rules, each relied on by :mod:`newsdesk.ingest`:

* **What a page is parsed with**: its source's enabled lines, plus every
  line learnt in the run, minus the lines an editor marked "not furniture"
  for that source, minus lines that carry the page's data (a date bar, a
  byline, a credit alone: :func:`newsdesk.wire.furniture.carries_data`).
* **A page's source**, when the import names none: the source sharing the
  most enabled furniture lines with the page, at least
  :data:`MIN_SHARED_LINES` of them (ties go to the older source); one query
  for all sources, however many there are.  Pages are matched against the
  lines stored *before* the run began, so that a dry run, which stores
  nothing, reads every page exactly as the real run does.
* **Pages of an unknown paper** (matched to no source) that share at least
  :data:`MIN_SHARED_LINES` lines learnt in the run belong to one new source
  named after the run (a folder's name, "Admin import …"), made unique with
  " (2)", " (3)"...; the editor can rename it.
* **Recording** happens before a batch's stories are written, in a short
  transaction of its own (as the Hijri month starts are), retried when the
  database asks for it.  ``stories_seen`` grows by the number of new
  stories (not duplicates) of the batch that carried the line, with
  ``UPDATE … SET stories_seen = stories_seen + n``; a line new to the source
  is created under the ``(source, key)`` unique constraint, so two imports
  recording it at once both succeed and both counts are kept.  A line an
  editor unticked is never counted, dropped or learnt again.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Count, F
from django.utils import timezone

from newsdesk import retry
from newsdesk.models import FurnitureLine, NewsSource
from newsdesk.wire.furniture import carries_data, learn_furniture, page_lines

logger = logging.getLogger(__name__)

#: A page belongs to a known source when it shares at least this many of
#: the source's enabled furniture lines.  One shared line ("Follow") says
#: little; two lines of one paper's furniture on one page rarely happen by
#: chance.
MIN_SHARED_LINES = 2

#: The pre-pass learns from windows of this many pages, one after the
#: other, and keeps what any window learnt: memory stays that of one window
#: (the lines of a thousand pages, a few megabytes) however long the run.
LEARN_WINDOW = 1000

_NAME_LENGTH = NewsSource._meta.get_field("name").max_length or 200
_TEXT_LENGTH = FurnitureLine._meta.get_field("text").max_length or 200

_NO_KEYS: frozenset[str] = frozenset()


# --- sources ---------------------------------------------------------------------


def clean_source_name(name: str) -> str:
    """``name`` as stored: single spaces, no ends, cut to the field's length."""
    return " ".join(name.split())[:_NAME_LENGTH]


def find_source(name: str) -> NewsSource | None:
    """The source called ``name``, whatever its case; ``None`` when there is none."""
    name = clean_source_name(name)
    if not name:
        return None
    return NewsSource.objects.filter(name__iexact=name).order_by("pk").first()


def get_or_create_source(name: str) -> NewsSource:
    """The source called ``name`` (any case), created when there is none.

    Safe when two imports create the same source at once: the unique name
    settles it, and the loser reads the winner's row.  Runs in a short
    transaction of its own.
    """
    name = clean_source_name(name)
    if not name:
        raise ValueError("a news source needs a name")
    for _attempt in range(3):
        existing = find_source(name)
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                return NewsSource.objects.create(name=name)
        except IntegrityError:
            continue  # created meanwhile by another import: read it
    raise NewsSource.DoesNotExist(f"could neither find nor create the news source {name!r}")


def create_source_named(name: str) -> NewsSource:
    """A *new* source called ``name``, or ``name (2)``, ``name (3)``... when taken.

    For the pages of an unknown paper: they matched no source, so a source
    that already has this name is another paper.
    """
    base = clean_source_name(name)[: _NAME_LENGTH - 6] or "Import"
    for number in itertools.count(1):
        candidate = base if number == 1 else f"{base} ({number})"
        if find_source(candidate) is not None:
            continue
        try:
            with transaction.atomic():
                return NewsSource.objects.create(name=candidate)
        except IntegrityError:
            continue  # taken meanwhile: try the next number
    raise AssertionError("unreachable")  # pragma: no cover


# --- stored lines ------------------------------------------------------------------


@dataclass(frozen=True)
class SourceLines:
    """A source's stored lines by key: those to drop, and those an editor marked as story text."""

    enabled: frozenset[str] = _NO_KEYS
    disabled: frozenset[str] = _NO_KEYS


NO_LINES = SourceLines()


def source_lines(source: NewsSource, *, before: object = None) -> SourceLines:
    """Every stored line of ``source`` (created before ``before``, a date-time, when given). One query."""
    if source.pk is None:
        return NO_LINES
    lines = FurnitureLine.objects.filter(source=source)
    if before is not None:
        lines = lines.filter(created_at__lt=before)
    enabled: set[str] = set()
    disabled: set[str] = set()
    for key, is_furniture in lines.order_by().values_list("key", "is_furniture"):
        (enabled if is_furniture else disabled).add(key)
    return SourceLines(frozenset(enabled), frozenset(disabled))


def enabled_keys(source: NewsSource) -> frozenset[str]:
    """The keys of the lines dropped from ``source``'s pages. One query."""
    if source.pk is None:
        return _NO_KEYS
    return frozenset(
        FurnitureLine.objects.filter(source=source, is_furniture=True).order_by().values_list("key", flat=True)
    )


def has_furniture(*, before: object = None) -> bool:
    """Whether any source has an enabled line (created before ``before``). One query."""
    lines = FurnitureLine.objects.filter(is_furniture=True)
    if before is not None:
        lines = lines.filter(created_at__lt=before)
    return lines.exists()


def _keys_per_query() -> int:
    # SQLite refuses more than 999 parameters in one statement; the others
    # take any number, but a statement of many thousand is slow to plan.
    limit = connection.features.max_query_params
    return min(limit - 10, 2000) if limit else 2000


def _chunks(keys: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(keys)
    size = _keys_per_query()
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


def lines_with_keys(keys: Collection[str], *, before: object = None) -> list[tuple[int, str, bool]]:
    """``(source id, key, is_furniture)`` for every stored line of any source
    whose key is in ``keys``: one query per 2,000 keys (900 on SQLite),
    however many sources and lines are stored."""
    rows: list[tuple[int, str, bool]] = []
    for chunk in _chunks(keys):
        lines = FurnitureLine.objects.filter(key__in=chunk)
        if before is not None:
            lines = lines.filter(created_at__lt=before)
        rows.extend(lines.order_by().values_list("source_id", "key", "is_furniture"))
    return rows


def best_source(page_keys: Collection[str], enabled_by_key: Mapping[str, Collection[int]]) -> int | None:
    """The id of the source sharing the most enabled lines with a page, at
    least :data:`MIN_SHARED_LINES`; on a tie the oldest (smallest id)."""
    shared: Counter[int] = Counter()
    for key in page_keys:
        shared.update(enabled_by_key.get(key, ()))
    best = min(shared.items(), key=lambda item: (-item[1], item[0]), default=None)
    return best[0] if best is not None and best[1] >= MIN_SHARED_LINES else None


def match_source(page_keys: Collection[str], *, before: object = None) -> NewsSource | None:
    """The source of a page whose short-line keys are ``page_keys``
    (:func:`newsdesk.wire.furniture.count_page_lines`), or ``None``.

    One query for all sources: the stored enabled lines among the page's
    keys, counted per source in the database.
    """
    keys = set(page_keys)
    if not keys:
        return None
    if len(keys) > _keys_per_query():  # a page of thousands of short lines: count here
        enabled: dict[str, list[int]] = defaultdict(list)
        for source_id, key, is_furniture in lines_with_keys(keys, before=before):
            if is_furniture:
                enabled[key].append(source_id)
        found = best_source(keys, enabled)
        return NewsSource.objects.filter(pk=found).first() if found is not None else None
    lines = {"furniture_lines__key__in": keys, "furniture_lines__is_furniture": True}
    if before is not None:
        lines["furniture_lines__created_at__lt"] = before
    return (
        NewsSource.objects.filter(**lines)
        .annotate(shared=Count("furniture_lines"))
        .filter(shared__gte=MIN_SHARED_LINES)
        .order_by("-shared", "pk")
        .first()
    )


# --- learning ----------------------------------------------------------------------


def learn(texts: Iterable[str], *, window: int = LEARN_WINDOW) -> Counter[str]:
    """Lines learnt from ``texts``, read once, a window of pages at a time.

    Each window of ``window`` pages is given to
    :func:`~newsdesk.wire.furniture.learn_furniture`; a line learnt in any
    window is learnt, with its counts summed.  Only one window's line keys
    are held at a time, never the texts.
    """
    learnt: Counter[str] = Counter()
    iterator = iter(texts)
    while True:
        taken = 0

        def counted() -> Iterator[str]:
            nonlocal taken
            for text in itertools.islice(iterator, max(1, window)):
                taken += 1
                yield text

        learnt.update(learn_furniture(counted()))
        if taken < max(1, window):
            return learnt


# --- recording ---------------------------------------------------------------------


def record_furniture(source: NewsSource, seen: Mapping[str, int], texts: Mapping[str, str]) -> str | None:
    """Add ``seen`` (key → new stories that carried the line) to ``source``'s lines.

    A key new to the source becomes a line with ``texts[key]`` as its text.
    Lines an editor unticked are left alone.  Runs in a transaction of its
    own, retried while the database asks for it (a deadlock between two
    imports updating the same lines); returns ``None``, or a sentence for
    the import's warnings when the lines could not be recorded (the stories
    themselves are not affected).
    """
    if not seen or source.pk is None:
        return None
    for attempt in range(1, retry.ATTEMPTS + 1):
        try:
            with transaction.atomic():
                _record(source, seen, texts)
            return None
        except DatabaseError as exc:
            if retry.is_retryable(exc) and attempt < retry.ATTEMPTS:
                time.sleep(retry.wait_before(attempt))
                continue
            logger.warning("Could not record the furniture lines learnt for %s", source.name, exc_info=True)
            return (
                f"The page furniture learnt for {source.name} could not be recorded (database error: {exc}); "
                "the story itself is not affected."
            )
    raise AssertionError("unreachable")  # pragma: no cover


def _record(source: NewsSource, seen: Mapping[str, int], texts: Mapping[str, str]) -> None:
    existing: dict[str, bool] = {}
    for chunk in _chunks(seen):
        existing.update(
            FurnitureLine.objects.filter(source=source, key__in=chunk).order_by().values_list("key", "is_furniture")
        )
    by_count: dict[int, list[str]] = defaultdict(list)
    for key in sorted(seen):  # one order for every import: fewer lock waits between them
        if key in existing:
            if existing[key]:
                by_count[seen[key]].append(key)
            continue
        line, created = FurnitureLine.objects.get_or_create(
            source=source, key=key,
            defaults={"text": texts.get(key, key)[:_TEXT_LENGTH], "stories_seen": seen[key]},
        )
        if not created and line.is_furniture:  # created by another import meanwhile
            by_count[seen[key]].append(key)
    now = timezone.now()
    for count, keys in sorted(by_count.items()):
        for chunk in _chunks(keys):
            FurnitureLine.objects.filter(source=source, key__in=chunk, is_furniture=True).update(
                stories_seen=F("stories_seen") + count, updated_at=now
            )


# --- one import run ----------------------------------------------------------------


@dataclass
class PageFurniture:
    """What one page of an import is read with: its source (``None`` when
    unknown; unsaved while a dry run or a not yet written batch has not
    created it), the furniture keys to drop, and the page's short lines by
    key (empty when nothing needed them)."""

    source: NewsSource | None = None
    furniture: frozenset[str] = _NO_KEYS
    lines: dict[str, str] = field(default_factory=dict)


class ImportFurniture:
    """The furniture side of one import run (one :class:`~newsdesk.ingest.WireImporter`).

    ``source`` is the source the run's pages come from (a
    :class:`~newsdesk.models.NewsSource`, a name, matched without regard to
    case and created when new, or ``None`` to recognise each page's source);
    ``new_source_name`` names the source created for pages of an unknown
    paper.  The importer calls :meth:`learn` (before the run, or batch by
    batch), :meth:`assign` for each batch before parsing it, and
    :meth:`before_write` with the batch's new stories before writing them.
    A dry run stores nothing but reads every page the same way.

    ``learnt`` fixes the run's learnt lines (keys) instead: the admin's
    confirm step passes those its preview learnt, so that it reads the
    pages exactly as the preview did even when fewer are left to import.
    """

    def __init__(
        self,
        *,
        source: NewsSource | str | None = None,
        new_source_name: str = "",
        dry_run: bool = False,
        agencies: Mapping[str, str] | None = None,
        learnt: Iterable[str] | None = None,
    ) -> None:
        self.started = timezone.now()
        self.dry_run = dry_run
        self.agencies = agencies
        self.new_source_name = clean_source_name(new_source_name) or (
            f"Import {timezone.localtime(self.started):%Y-%m-%d %H:%M}"
        )
        if isinstance(source, str):
            name = clean_source_name(source)
            source = (find_source(name) or NewsSource(name=name)) if name else None
        #: The source every page comes from, when the import names one.
        self.source: NewsSource | None = source
        #: The source made for pages of an unknown paper (unsaved until needed).
        self.run_source: NewsSource | None = None
        #: Lines learnt in this run, with the stories they were seen on.
        self.learnt: Counter[str] = Counter(learnt or ())
        #: Whether :meth:`learn` may add to them (not when ``learnt`` was given).
        self.learning = learnt is None
        self._given_lines: SourceLines | None = None
        self._known: dict[int, NewsSource] = {}
        self._any_stored: bool | None = None
        self._data: set[str] = set()
        self._checked: set[str] = set()
        self._warnings: dict[int, str] = {}
        self._created: dict[int, tuple[NewsSource, NewsSource]] = {}

    def learn(self, texts: Iterable[str], *, window: int = LEARN_WINDOW) -> None:
        """Learn from more of the run's pages (see :func:`learn`); nothing
        when the run's learnt lines were given."""
        if self.learning:
            self.learnt.update(learn(texts, window=window))

    # --- reading a batch ---------------------------------------------------

    def assign(self, texts: Sequence[str]) -> list[PageFurniture]:
        """Each page's source and furniture, in order; matching the pages of
        the batch to sources takes one query, whatever is stored."""
        given = self.source
        if given is None and not self.learnt and not self._stored_before():
            return [PageFurniture() for _ in texts]
        pages = [PageFurniture(lines=page_lines(text)) for text in texts]
        if given is not None:
            if self._given_lines is None:
                self._given_lines = source_lines(given, before=self.started)
            lines = self._given_lines
            for page in pages:
                page.source = given
            self._set_furniture(pages, {id(given): lines})
            return pages

        enabled_by_key: dict[str, list[int]] = defaultdict(list)
        disabled: dict[int, set[str]] = defaultdict(set)
        if self._stored_before():
            keys = set().union(*(page.lines for page in pages))
            for source_id, key, is_furniture in lines_with_keys(keys, before=self.started):
                if is_furniture:
                    enabled_by_key[key].append(source_id)
                else:
                    disabled[source_id].add(key)
        matched = [best_source(page.lines, enabled_by_key) for page in pages]
        self._load_sources({source_id for source_id in matched if source_id is not None})
        # A source deleted since its lines were read is no source.
        matched = [found if found in self._known else None for found in matched]
        learnt = set(self.learnt)
        self._check_data(pages, learnt)
        for page, found in zip(pages, matched, strict=True):
            if found is not None:
                page.source = self._known[found]
            elif len(page.lines.keys() & (learnt - self._data)) >= MIN_SHARED_LINES:
                page.source = self._run_source()
        by_source: dict[int, SourceLines] = {}
        for page, found in zip(pages, matched, strict=True):
            if found is not None and id(page.source) not in by_source:
                enabled = {key for key, ids in enabled_by_key.items() if found in ids}
                by_source[id(page.source)] = SourceLines(frozenset(enabled), frozenset(disabled[found]))
        self._set_furniture(pages, by_source)
        return pages

    def _stored_before(self) -> bool:
        if self._any_stored is None:
            self._any_stored = has_furniture(before=self.started)
        return self._any_stored

    def _load_sources(self, ids: set[int]) -> None:
        missing = ids - self._known.keys()
        if missing:
            self._known.update(NewsSource.objects.in_bulk(missing))

    def _run_source(self) -> NewsSource:
        if self.run_source is None:
            self.run_source = NewsSource(name=self.new_source_name)
        return self.run_source

    def _check_data(self, pages: list[PageFurniture], candidates: set[str]) -> None:
        """Remember which candidate lines on these pages are the page's data."""
        for page in pages:
            for key in page.lines.keys() & candidates - self._checked:
                self._checked.add(key)
                if carries_data(page.lines[key], self.agencies):
                    self._data.add(key)

    def _set_furniture(self, pages: list[PageFurniture], stored: Mapping[int, SourceLines]) -> None:
        """Each page's furniture: its source's enabled lines and the run's
        learnt lines, less the source's disabled lines and the page's data.
        Pages of one source share one set, so the parser builds its line
        matcher once per source, not once per page."""
        learnt = frozenset(self.learnt)
        for lines in stored.values():
            self._check_data(pages, set(lines.enabled))
        self._check_data(pages, set(learnt))
        sets: dict[int, frozenset[str]] = {}
        for page in pages:
            lines = stored.get(id(page.source), NO_LINES)
            marker = id(page.source)
            if marker not in sets:
                sets[marker] = frozenset((lines.enabled | learnt) - lines.disabled - self._data)
            page.furniture = sets[marker]

    # --- before writing a batch -----------------------------------------------

    def before_write(self, pages: Sequence[PageFurniture]) -> None:
        """Create the sources the batch's new stories need and record the
        furniture lines they carried; nothing in a dry run.  ``pages`` are
        those of the stories about to be written (not the duplicates)."""
        if self.dry_run:
            return
        seen: dict[int, Counter[str]] = defaultdict(Counter)
        texts: dict[int, dict[str, str]] = defaultdict(dict)
        sources: dict[int, NewsSource] = {}
        for page in pages:
            if page.source is None:
                continue
            page.source = self._saved(page.source)
            if page.source.pk is None:
                continue
            sources[page.source.pk] = page.source
            carried = page.furniture & page.lines.keys()
            seen[page.source.pk].update(carried)
            for key in carried:
                texts[page.source.pk].setdefault(key, page.lines[key])
        for pk, source in sources.items():
            warning = record_furniture(source, seen[pk], texts[pk])
            if warning:
                self._warnings[pk] = warning

    def _saved(self, source: NewsSource) -> NewsSource:
        """The stored row for a source this run named or made, created the
        first time a story of it is about to be written."""
        if source.pk is not None:
            return source
        if id(source) in self._created:
            return self._created[id(source)][1]
        try:
            if source is self.run_source:
                saved = create_source_named(source.name)
                self.run_source = saved
            else:
                saved = get_or_create_source(source.name)
                if source is self.source:
                    self.source = saved
        except DatabaseError:
            logger.warning("Could not create the news source %s", source.name, exc_info=True)
            return source
        # Keep the unsaved one too: its id must not be reused while the batch's pages refer to it.
        self._created[id(source)] = (source, saved)
        return saved

    def warning_for(self, source: NewsSource | None) -> str | None:
        """The warning for stories of ``source`` when its lines could not be recorded."""
        return self._warnings.get(source.pk) if source is not None and source.pk is not None else None
