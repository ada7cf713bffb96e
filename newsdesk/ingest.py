"""Turn raw wire text into draft articles: the Django side of the importer.

The parsing itself is pure and lives in :mod:`newsdesk.wire`; reading files
and their bounds in :mod:`newsdesk.inputs`; this module stores what the
parser found.  The command (``import_wire``) and the admin import page only
call the functions here, so both behave the same way.

The promises, each relied on by the interfaces:

* **One story, one unit.**  Every story is written inside its own
  ``atomic`` block (a savepoint when several stories share a commit), so a
  story that fails validation or hits a database error rolls back alone and
  never leaves half an article behind.  Whatever else one story raises,
  read or written (half a surrogate pair, a bug), fails that story alone,
  named; NUL characters are dropped and values longer than their column
  cut to it, with a warning (:mod:`newsdesk.columns`).
* **Reported only once committed.**  Stories are committed a batch at a
  time and their results come out only after that commit.  When the
  database rolls a batch back on its own (a deadlock or serialization
  failure: MariaDB then drops the *whole* transaction, savepoints and all),
  nothing of the batch is reported; its stories are written again one
  transaction each, each retried a few times (:mod:`newsdesk.retry`), and a
  story is reported as imported only when its own transaction committed.
* **Idempotent, also under concurrency.**  The story's
  :func:`newsdesk.wire.fingerprint` (whitespace and line endings normalised)
  is stored as ``Article.source_hash``.  A text seen before is reported as a
  duplicate of the first article and creates nothing.  Two imports racing on
  the same text are settled by the unique constraint, and the loser is
  reported as a duplicate too.  Within a batch, stories are written in
  one order every process shares (:func:`_write_order`: versions of a
  story in the agency's order, cancellations last, then by fingerprint),
  so concurrent imports holding overlapping stories take their locks in
  one order and do not deadlock over them; the Hijri month
  start a page implies (one row every page of the day wants to write) is
  recorded *before* the batch in a short transaction of its own, so no
  import holds that row's lock while it writes two hundred stories.
* **Nothing readers see changes without authority.**  An agency's
  cancellation of a published story takes it down only when the import
  acts with the publish authority (``may_publish``: the operator's
  command, a publisher in the admin, a source a publisher trusted);
  otherwise it is kept as a pending take-down for a publisher
  (:mod:`newsdesk.permissions`, :mod:`newsdesk.updates`).
* **Bounded.**  An input (a file, an upload, standard input) is read
  whole only up to ``IMPORT_MAX_FILE_SIZE`` bytes, with the bounds of
  :mod:`newsdesk.inputs` (regular files only, never past the limit); one
  holding several stories (a NewsML-G2 newsMessage, a ninjs list, an IPTC
  7901 stream) is split, and each story must fit
  ``IMPORT_MAX_STORY_SIZE``: a larger story fails alone, with its size
  named.  Stories are imported a batch at a time, whatever the inputs
  they come from.
* **A dry run is the real import, rolled back** (as django-import-export
  does), so the admin preview shows exactly what confirming will write:
  the same credit matching, captions, tags and warnings.
* **A paper's furniture is learnt from its own pages** (:mod:`newsdesk.furniture`).
  Before the first story is parsed, the whole run is read once to learn
  the lines that recur on many of its stories, when the inputs can be read
  twice (a list, a :class:`Rereadable`: the command and the admin pass
  one); only the line keys of :data:`~newsdesk.furniture.LEARN_WINDOW`
  pages are held at a time, never the texts.  Inputs that can be read only
  once (an iterator) are learnt from batch by batch instead, each batch
  with what the batches before it taught.  Each page is parsed with its
  source's stored lines and the run's learnt lines; what a batch's new
  stories carried is recorded before the batch is written, in a short
  transaction of its own.  A dry run reads every page the same way and
  stores nothing.
"""

from __future__ import annotations

import dataclasses
import datetime
import gc
import itertools
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from newsdesk import columns, inputs, permissions, retry, revisions, updates, wire
from newsdesk.calendars.types import HijriDate
from newsdesk.conf import newsdesk_settings
from newsdesk.furniture import ImportFurniture, PageFurniture
from newsdesk.hijri import record_observed_month_start
from newsdesk.models import Article, ArticleUpdate, Caption, NewsSource, WireCredit
from newsdesk.sanitize import clean_html, current_policy
from newsdesk.wire import versions
from newsdesk.wire.formats.blocks import CELL
from newsdesk.wire.story import WireStory

logger = logging.getLogger(__name__)

#: What an import can come to, per story.
IMPORTED = "imported"
DUPLICATE = "duplicate"
FAILED = "failed"
DRY_RUN = "dry-run"
#: A new version of an article already here (:mod:`newsdesk.updates`):
#: applied at once to an untouched draft, or kept for an editor to review.
UPDATED = "updated"
UPDATE_PENDING = "update-pending"
#: An agency item canceled or withdrawn (NewsML-G2 ``pubStatus``, ninjs
#: ``pubstatus``): the article with its guid is withdrawn.
WITHDRAWN = "withdrawn"
#: An agency item that is no text story (a picture, a video, statistics;
#: :class:`newsdesk.wire.NotText`): skipped, counted apart, never a failure.
NOT_TEXT = "not-text"

#: Every status a result can have, in the order summaries list them.
STATUSES = (IMPORTED, UPDATED, UPDATE_PENDING, WITHDRAWN, DUPLICATE, NOT_TEXT, FAILED, DRY_RUN)

#: ``WireStory.pubstatus`` values that take the agency's story down.
TAKEN_DOWN_BY_AGENCY = ("canceled", "withdrawn")

#: Statuses a story may be imported with.  "withdrawn" makes no sense for a
#: story that was never out; "published" is for trusted command-line use.
IMPORT_STATUSES = (Article.Status.DRAFT, Article.Status.READY, Article.Status.PUBLISHED)

#: Stories per commit in a batch.  Each story still has its own savepoint;
#: grouping commits only saves the per-commit cost (an fsync on SQLite).
DEFAULT_BATCH_SIZE = 200

#: Fields whose validation ``full_clean()`` leaves to the database (see _write).
_CHECKED_BY_DATABASE = ["source_hash", "credit", "article", "news_source"]


@dataclass
class ImportResult:
    """What happened to one input.

    ``story`` is ``None`` only when the input could not even be read or
    decoded.  ``article`` is the saved article for ``imported``; for
    ``dry-run`` it is the article as it *would* be saved (unsaved, no
    primary key), with ``captions`` and ``tags`` as they would be attached.

    A new version of an article already here is ``updated`` (the untouched
    draft took its text) or ``update-pending`` (kept for an editor);
    ``update_of`` is that article's id and ``article`` the article.  In a
    dry run the status stays ``dry-run`` and ``update_of`` with
    ``update_outcome`` say what confirming would do.

    An item that is no text story (a picture, a video) is ``not-text``,
    with ``reason`` saying what it is; it is skipped, not failed.
    """

    source_name: str
    story: WireStory | None = None
    article: Article | None = None
    status: str = FAILED
    duplicate_of: int | None = None
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    #: Why a ``not-text`` item was skipped: what it is ("not text: a NewsML-G2 picture item").
    reason: str = ""
    captions: list[Caption] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    #: The paper the page was read as coming from (unsaved in a dry run when
    #: the import would create it), or ``None``.
    news_source: NewsSource | None = None
    #: The article this story is a new version of, and what became of it
    #: (``updated`` or ``update-pending``); why it was taken for one.
    update_of: int | None = None
    update_outcome: str = ""
    update_reason: str = ""

    @property
    def is_update(self) -> bool:
        return self.update_of is not None

    @property
    def is_take_down(self) -> bool:
        """The agency canceled or withdrew the story (``withdrawn``, or
        ``update-pending`` when the take-down waits for a publisher)."""
        return self.story is not None and self.story.pubstatus in TAKEN_DOWN_BY_AGENCY

    @property
    def ok(self) -> bool:
        return self.status != FAILED

    @property
    def credit_label(self) -> str:
        """The article's credit as it is (or would be) stored."""
        if self.article is not None:
            return self.article.credit_label
        return self.story.credit if self.story else ""

    def as_dict(self) -> dict:
        """DESIGN.md's ``--json`` object: the parsed story's keys, the
        effective credit, plus ``source`` (the input's name), ``news_source``
        (the paper's name, or null), ``status`` and ``id`` (the new
        article, or the earlier one for a duplicate; null otherwise), and
        ``error`` for a failure.  An input that could not even be read has
        the same keys, empty: every input gives one object of one shape.
        A ``not-text`` item has ``reason`` (what it is) instead of ``error``."""
        data = (self.story or _NO_STORY).as_dict()
        data["warnings"] = list(self.warnings)
        if self.story is not None:
            data["credit"] = self.credit_label
        data["tags"] = list(self.tags)
        data["source"] = self.source_name
        data["news_source"] = self.news_source.name if self.news_source is not None else None
        data["status"] = self.status
        if self.status in (UPDATED, UPDATE_PENDING):
            data["id"] = self.update_of
        elif self.status in (IMPORTED, WITHDRAWN) and self.article is not None:
            data["id"] = self.article.pk
        elif self.status == DUPLICATE:
            data["id"] = self.duplicate_of
        else:
            data["id"] = None
        if self.update_of is not None:
            data["update_of"] = self.update_of
            data["update_outcome"] = self.update_outcome
        if self.error:
            data["error"] = self.error
        if self.reason:
            data["reason"] = self.reason
        return data


#: What ``as_dict`` shows for an input that was never parsed.
_NO_STORY = WireStory()


class _TryAgain(Exception):
    """The database rolled the transaction back for us (deadlock,
    serialization failure) or left it unusable: write the story again, in a
    transaction of its own.  ``__cause__`` is the database's error."""


@dataclass
class _PendingStory:
    """One decoded and parsed story of a batch, on its way to the database.
    ``result`` is replaced by each attempt to write it."""

    name: str
    text: str
    story: WireStory
    fingerprint: str
    result: ImportResult
    #: A story with the same text earlier in this batch: settled after it.
    same_as: _PendingStory | None = None
    #: Its source and the furniture it was parsed with.
    page: PageFurniture = field(default_factory=PageFurniture)


def agency_names(credits: Iterable[WireCredit]) -> dict[str, str]:
    """Every known spelling, lower-cased, mapped to the agency's short name:
    the ``agencies`` mapping :func:`newsdesk.wire.parse` expects."""
    names: dict[str, str] = {}
    for credit in credits:
        for name in credit.all_names():
            names.setdefault(name.strip().lower(), credit.short_name)
    return names


def resolve_credit(short_name: str) -> WireCredit:
    """The active agency called ``short_name`` (or one of its spellings).

    Raises :class:`WireCredit.DoesNotExist` with the known names in the
    message, for a command-line ``--credit`` typo.
    """
    credits = list(WireCredit.objects.filter(active=True))
    short = agency_names(credits).get(short_name.strip().lower())
    for credit in credits:
        if credit.short_name == short:
            return credit
    known = ", ".join(c.short_name for c in credits)
    raise WireCredit.DoesNotExist(f"unknown agency {short_name!r}; known: {known}")


class TagVocabulary:
    """The site's existing tags, found as whole words in a story.

    Only tags that already exist are suggested: an importer that invents
    tags from wire copy would flood the vocabulary.  One regular expression
    (longest names first) scans the text once, however many tags there are.
    """

    def __init__(self, tags: Iterable[Tag]) -> None:
        self.by_lower: dict[str, Tag] = {}
        for tag in tags:
            if tag.name.strip():
                self.by_lower.setdefault(tag.name.lower(), tag)
        alternatives = sorted(self.by_lower, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)", re.IGNORECASE)
            if alternatives
            else None
        )

    @classmethod
    def from_database(cls) -> TagVocabulary:
        return cls(Tag.objects.all())

    def find(self, *texts: str) -> list[Tag]:
        """Tags found in ``texts``, in order of first appearance."""
        if self.pattern is None:
            return []
        found: dict[int, Tag] = {}
        for text in texts:
            for match in self.pattern.finditer(text):
                tag = self.by_lower[match.group(0).lower()]
                found.setdefault(tag.pk, tag)
        return list(found.values())


def not_a_story(story: WireStory) -> str:
    """Why ``story`` cannot become an article, or ``""`` when it can.

    The one rule the command, :func:`import_many` and the admin preview
    share: a text with no headline (empty, or nothing but page furniture)
    or with nothing under its headline ("hello", a headline pasted alone)
    is not a story, and importing it would only make an empty draft.
    """
    if not story.headline.strip():
        return "not a story: no headline and no story text found"
    if not story.paragraphs:
        return "not a story: only a headline, with no story paragraphs under it"
    return ""


def body_html(story: WireStory) -> str:
    """The article body from the parsed paragraphs: every paragraph escaped
    into ``<p>``, subheadings into ``<h2>``, preformatted text into
    ``<pre>`` and tables into ``<table>`` (rows of ``<td>`` cells).  Nothing
    from the source is interpreted as HTML.

    A site whose ``ALLOWED_TAGS`` leave out ``table`` (or ``pre``) still
    gets its lines: a table falls back to preformatted text with aligned
    columns, preformatted text to lines broken with ``<br>`` (or one
    paragraph a line), so the sanitiser never runs cells together."""
    tags = current_policy().tags
    subheadings, preformatted, tables = set(story.subheadings), set(story.preformatted), set(story.tables)
    parts = []
    for index, paragraph in enumerate(story.paragraphs):
        if index in tables:
            parts.append(_table_html(paragraph, tags))
        elif index in preformatted:
            parts.append(_preformatted_html(paragraph, tags))
        else:
            tag = "h2" if index in subheadings else "p"
            parts.append(f"<{tag}>{escape(paragraph)}</{tag}>")
    return "\n".join(parts)


_TABLE_TAGS = frozenset({"table", "tbody", "tr", "td"})


def _table_html(table: str, tags: frozenset[str]) -> str:
    rows = [row.split(CELL) for row in table.split("\n")]
    if _TABLE_TAGS <= tags:
        body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
        return f"<table><tbody>{body}</tbody></table>"
    widths = [max(len(row[n]) for row in rows if n < len(row)) for n in range(max(len(row) for row in rows))]
    lines = ["  ".join(cell.ljust(widths[n]) for n, cell in enumerate(row)).rstrip() for row in rows]
    return _preformatted_html("\n".join(lines), tags)


def _preformatted_html(text: str, tags: frozenset[str]) -> str:
    if "pre" in tags:
        return f"<pre>{escape(text)}</pre>"
    lines = [escape(line) for line in text.split("\n") if line.strip()]
    if "br" in tags:
        return "<p>" + "<br>".join(lines) + "</p>"
    return "\n".join(f"<p>{line}</p>" for line in lines)


class WireImporter:
    """Imports stories with settings shared by a whole batch.

    Everything that is the same for every story (the agencies and their
    spellings, the tag vocabulary, the chrome phrases) is read once here,
    not once per story.

    ``on_written(result)`` is called inside the story's own transaction
    right after its rows were written, with ``result.status`` final, so
    what it writes (an import batch marking its item done, say) commits or
    rolls back with the story; see :mod:`newsdesk.background`.

    ``source`` is the paper the pages come from: a :class:`NewsSource`, a
    name (an existing source, matched without regard to case, or a new one,
    created when its first story is written), or ``None`` to recognise each
    page's source by its furniture lines.  ``new_source_name`` names the
    source made for pages of a paper no source matches ("Import <date
    time>" by default); ``learnt_furniture`` (line keys) replaces what the
    run would learn from its pages; see :mod:`newsdesk.furniture`.

    ``may_publish`` is the authority of whoever triggers the import
    (:mod:`newsdesk.permissions`): with it, an agency's cancellation takes
    down a story readers can see at once; without it (the default) the
    take-down waits as a pending update for a publisher.  Readers never
    saw a draft, so its cancellation is applied either way.

    ``ingest_source_id`` is the polled :class:`IngestSource` the stories
    came from: the issuer of their guids (:func:`newsdesk.updates.guid_scope`),
    so that only its own items are versions of its stories.

    ``alternatives_taken`` maps a story's input name to the fields whose
    alternative (:attr:`WireStory.alternatives`) an editor chose in the
    admin preview: the story is parsed again as always, then each such
    field takes its alternative (:meth:`WireStory.with_alternative`).  Only
    the parser's own runner-up can be taken, never text sent by a browser.
    """

    def __init__(
        self,
        *,
        status: str = Article.Status.DRAFT,
        credit: WireCredit | str | None = None,
        dry_run: bool = False,
        agencies: Mapping[str, str] | None = None,
        chrome_phrases: Sequence[str] | None = None,
        max_size: int | None = None,
        max_file_size: int | None = None,
        source: NewsSource | str | None = None,
        new_source_name: str = "",
        learnt_furniture: Iterable[str] | None = None,
        on_written: Callable[[ImportResult], None] | None = None,
        may_publish: bool = False,
        ingest_source_id: int | None = None,
        alternatives_taken: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        if status not in IMPORT_STATUSES:
            raise ValueError(f"status must be one of {', '.join(IMPORT_STATUSES)}, not {status!r}")
        self.status = status
        self.dry_run = dry_run
        self.may_publish = may_publish
        #: Called inside each story's transaction once its rows are written
        #: (never in a dry run), so what it records commits with the story.
        self.on_written = on_written
        self.ingest_source_id = ingest_source_id
        self.alternatives_taken = {name: tuple(fields) for name, fields in (alternatives_taken or {}).items()}
        self.credits = {c.short_name: c for c in WireCredit.objects.filter(active=True)}
        self.agencies = dict(agencies) if agencies is not None else agency_names(self.credits.values())
        self.forced_credit = resolve_credit(credit) if isinstance(credit, str) else credit
        self.chrome_phrases = tuple(
            chrome_phrases if chrome_phrases is not None else newsdesk_settings.CHROME_PHRASES
        )
        #: The largest story accepted, in bytes (``IMPORT_MAX_STORY_SIZE``).
        self.max_size = max_size if max_size is not None else newsdesk_settings.IMPORT_MAX_STORY_SIZE
        #: The largest input read whole, to be split into stories (``IMPORT_MAX_FILE_SIZE``).
        self.max_file_size = max(
            self.max_size, max_file_size if max_file_size is not None else newsdesk_settings.IMPORT_MAX_FILE_SIZE
        )
        self.tags = TagVocabulary.from_database()
        # Fingerprints seen in this dry run: rolled-back rows cannot be found
        # by the duplicate check, so repeats within one preview are caught here.
        self._dry_run_seen: dict[str, str] = {}
        # Month starts already recorded (or found to conflict): a folder of
        # pages read on the same day implies the same start, and asking the
        # database once is enough.  A dry run forgets them after each batch,
        # whose rows are rolled back.
        self._observed_starts: dict[tuple[int, int, datetime.date], str | None] = {}
        self._since_collection = 0
        #: The run's news sources and learnt furniture.
        self.furniture = ImportFurniture(
            source=source, new_source_name=new_source_name, dry_run=dry_run, agencies=self.agencies,
            learnt=learnt_furniture,
        )

    # --- many stories -----------------------------------------------------

    def import_many(
        self,
        sources: Iterable[tuple[str, bytes | str | BaseException]],
        *,
        encoding: str = "utf-8",
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> Iterator[ImportResult]:
        """Import ``(name, data)`` pairs: ``data`` as bytes (decoded with
        ``encoding``), already-decoded text, or the error met reading it (an
        :class:`~newsdesk.inputs.UnreadableInput` or ``OSError``).

        Stories are committed ``batch_size`` at a time and results come out
        in input order, one per story, only *after* their batch's commit: a
        story reported as imported is really stored.  One batch of stories,
        and the input being split, at most are held in memory, however many
        inputs there are and however many stories each holds.

        ``sources`` that can be iterated twice (a list, a tuple, a
        :class:`Rereadable`) are read once more first, to learn the run's
        furniture from all of its pages; an iterator is learnt from batch by
        batch as the import goes (see the module's promises).
        """
        learn_as_we_go = iter(sources) is sources
        if not learn_as_we_go and self.furniture.learning:
            self.furniture.learn(self._texts_to_learn_from(sources, encoding))
        stories = (story for name, data in sources for story in self._read(name, data, encoding))
        while True:
            chunk = list(itertools.islice(stories, max(1, batch_size)))
            if not chunk:
                return
            results = self._import_batch(chunk, learn=learn_as_we_go)
            self._since_collection += len(chunk)
            del chunk
            yield from results
            del results
            # Saved captions sit in reference cycles (Django's ImageFieldFile
            # points back at its instance), which only a full collection
            # frees; left to chance, they pile up with the file count.  One
            # collection per DEFAULT_BATCH_SIZE stories keeps memory flat for
            # a small cost (a collection per story, as a background task's
            # one-story run would make, would cost more than the story).
            if self._since_collection >= DEFAULT_BATCH_SIZE:
                gc.collect()
                self._since_collection = 0

    def _import_batch(
        self, decoded: list[tuple[str, str, tuple[str, ...]] | ImportResult], *, learn: bool = False
    ) -> list[ImportResult]:
        texts = [item for item in decoded if isinstance(item, tuple)]
        if learn:
            self.furniture.learn((text for _, text, _ in texts if _is_page(text)), window=len(texts) or 1)
        pages = iter(self.furniture.assign([text for _, text, _ in texts]))
        prepared = [
            item if isinstance(item, ImportResult) else self._parse(*item, next(pages)) for item in decoded
        ]
        pending = [item for item in prepared if isinstance(item, _PendingStory)]
        fresh = self._set_aside_duplicates(pending)
        if self.dry_run:
            self._observed_starts.clear()
        self._observe_month_starts(fresh)
        self.furniture.before_write([item.page for item in fresh])
        self._write_batch(fresh)
        for item in pending:
            if item.same_as is not None:
                self._settle_repeat(item, item.same_as)
            source = item.page.source
            # A source this run would have made but never did (a dry run, or
            # only duplicates of its pages) is named only for stories it writes.
            if source is not None and (source.pk is not None or item.result.status == DRY_RUN):
                item.result.news_source = source
        return [item.result if isinstance(item, _PendingStory) else item for item in prepared]

    # --- before the database: read, bound, decode, parse ------------------

    def _read(
        self, name: str, data: bytes | str | BaseException, encoding: str
    ) -> list[tuple[str, str, tuple[str, ...]] | ImportResult]:
        """``(name, text, warnings of its decoding)`` for each story of one
        input (:func:`input_stories`), and the ``failed`` result of each that
        cannot be one: the whole input (unreadable, too large, undecodable)
        or one story of it (too large)."""
        try:
            stories = input_stories(
                name, data, encoding=encoding, max_size=self.max_size, max_file_size=self.max_file_size
            )
        except UnusableInput as exc:
            return [ImportResult(source_name=name, error=str(exc))]
        return [
            ImportResult(source_name=story_name, error=error) if error else (story_name, text, warnings)
            for story_name, text, error, warnings in stories
        ]

    def _decode(
        self, name: str, data: bytes | str | BaseException, encoding: str
    ) -> tuple[str, wire.DecodedText] | ImportResult:
        """``(name, decoded text)`` of a whole input, or the ``failed`` result
        of one that cannot be read (unreadable, too large, undecodable)."""
        try:
            return name, decode_input(name, data, encoding=encoding, max_size=self.max_file_size)
        except UnusableInput as exc:
            return ImportResult(source_name=name, error=str(exc))

    def _texts_to_learn_from(
        self, sources: Iterable[tuple[str, bytes | str | BaseException]], encoding: str
    ) -> Iterator[str]:
        """The decodable pages of ``sources``, one at a time (the learning
        pre-pass).  Structured agency documents have no page furniture: their
        markup lines would only be learnt as noise."""
        for name, data in sources:
            decoded = self._decode(name, data, encoding)
            if isinstance(decoded, tuple) and _is_page(decoded[1].text):
                yield decoded[1].text

    def _parse(
        self, name: str, text: str, notes: tuple[str, ...], page: PageFurniture
    ) -> _PendingStory | ImportResult:
        """The parsed story on its way to the database, or the ``failed``
        result of a text that is not a story (:func:`not_a_story`) or cannot
        be read, or the ``not-text`` result of an agency item that is a
        picture, a video or the like (skipped, not failed).  ``notes`` are the warnings of the input's decoding; they
        come first among the story's.

        Whatever goes wrong reading one story fails that story alone, named:
        an error no parser should raise is logged with its traceback (it is
        a bug to fix) and reported as unexpected, and the batch goes on."""
        try:
            story = wire.parse(
                text, agencies=self.agencies, chrome_phrases=self.chrome_phrases, furniture=page.furniture,
                source_name=name, max_size=self.max_size,
            )
            fingerprint = wire.fingerprint(text)
        except wire.NotText as exc:  # a picture, a video: no story to import, and no failure
            return ImportResult(
                source_name=name, status=NOT_TEXT, warnings=list(notes), reason=f"{name}: {exc}" if name else str(exc)
            )
        except wire.FormatError as exc:  # a structured document that cannot be read
            return ImportResult(source_name=name, warnings=list(notes), error=f"{name}: {exc}" if name else str(exc))
        except Exception as exc:
            return ImportResult(source_name=name, warnings=list(notes), error=unexpected_error(name, "reading", exc))
        if notes:
            story = dataclasses.replace(story, warnings=(*notes, *story.warnings))
        for taken in self.alternatives_taken.get(name, ()):
            story = story.with_alternative(taken)
        # An agency's cancellation needs no story text: it takes one down.
        problem = not_a_story(story) if story.pubstatus not in TAKEN_DOWN_BY_AGENCY else ""
        if problem:
            return ImportResult(source_name=name, story=story, warnings=list(story.warnings), error=problem)
        return _PendingStory(
            name=name, text=text, story=story, fingerprint=fingerprint,
            result=self._new_result(name, story), page=page,
        )

    @staticmethod
    def _new_result(name: str, story: WireStory) -> ImportResult:
        return ImportResult(source_name=name, story=story, warnings=list(story.warnings))

    def _set_aside_duplicates(self, pending: list[_PendingStory]) -> list[_PendingStory]:
        """The stories still to write: texts already stored (one query for
        the whole batch), seen earlier in this dry run, or repeated within
        the batch are set aside."""
        stored: dict[str | None, int] = {}
        if pending:
            fingerprints = {p.fingerprint for p in pending}
            stored = dict(
                ArticleUpdate.objects.filter(source_hash__in=fingerprints)
                .order_by()
                .values_list("source_hash", "article_id")
            )
            stored.update(
                Article.objects.filter(source_hash__in=fingerprints).order_by().values_list("source_hash", "pk")
            )
        fresh: list[_PendingStory] = []
        first_with: dict[str, _PendingStory] = {}
        for item in pending:
            if item.fingerprint in stored:
                _mark_duplicate(item.result, stored[item.fingerprint])
            elif item.fingerprint in self._dry_run_seen:
                _mark_duplicate(item.result, None, earlier_input=self._dry_run_seen[item.fingerprint])
            elif item.fingerprint in first_with:
                item.same_as = first_with[item.fingerprint]
            else:
                first_with[item.fingerprint] = item
                fresh.append(item)
        return fresh

    def _settle_repeat(self, item: _PendingStory, first: _PendingStory) -> None:
        """A story whose text came earlier in the same batch ends as that one did."""
        done = first.result
        if done.status in (UPDATED, UPDATE_PENDING):
            _mark_duplicate(item.result, done.update_of)
        elif done.status == IMPORTED and done.article is not None:
            _mark_duplicate(item.result, done.article.pk)
        elif done.status == DUPLICATE:
            _mark_duplicate(item.result, done.duplicate_of)
        elif done.status == DRY_RUN:
            _mark_duplicate(item.result, None, earlier_input=first.name or "another story")
        else:
            item.result.status = FAILED
            item.result.error = done.error

    # --- the Hijri month start a page implies ----------------------------

    def _observe_month_starts(self, stories: list[_PendingStory]) -> None:
        """Record the month start each page's date bar implies, once per
        distinct start, before the batch's transaction opens (see the
        module's promises); :meth:`_write` adds a conflict to the warnings."""
        for item in stories:
            implied = _implied_month_start(item.story)
            if implied is not None and implied not in self._observed_starts:
                assert item.story.page_date is not None and item.story.page_hijri is not None
                self._observed_starts[implied] = self._record_month_start(
                    item.story.page_date, item.story.page_hijri, item.name
                )

    def _record_month_start(self, page_date: datetime.date, hijri: HijriDate, source_name: str) -> str | None:
        if self.dry_run:
            with transaction.atomic():
                conflict = record_observed_month_start(page_date, hijri, source_name)
                transaction.set_rollback(True)
            return conflict
        for attempt in range(1, retry.ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    return record_observed_month_start(page_date, hijri, source_name)
            except DatabaseError as exc:
                if retry.is_retryable(exc) and attempt < retry.ATTEMPTS:
                    time.sleep(retry.wait_before(attempt))
                    continue
                logger.warning("Could not record the Hijri month start implied by %s", source_name, exc_info=True)
                return (
                    f"The Hijri month start this page implies could not be recorded (database error: {exc}); "
                    "the story itself is not affected."
                )
        raise AssertionError("unreachable")  # pragma: no cover

    # --- writing ------------------------------------------------------------

    def _write_batch(self, stories: list[_PendingStory]) -> None:
        """Write the batch in one transaction, a savepoint per story, in
        the order of :func:`_write_order`.  If the database gives the batch up, write each
        story again in a transaction of its own, with retries."""
        if not stories:
            return
        ordered = sorted(stories, key=_write_order)
        try:
            with transaction.atomic():
                for item in ordered:
                    self._write_story(item)
            return
        except _TryAgain as exc:
            cause: BaseException | None = exc.__cause__
        except DatabaseError as exc:  # the commit itself failed
            cause = exc
        logger.warning(
            "Import batch of %d stories rolled back by the database (%s); writing them one by one",
            len(ordered), cause,
        )
        for item in ordered:
            self._write_alone(item)

    def _write_alone(self, item: _PendingStory) -> None:
        """Write one story in its own transaction, trying again (after a
        short, growing, random wait) while the database asks for it."""
        error: BaseException | None = None
        for attempt in range(1, retry.ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    self._write_story(item)
                return
            except _TryAgain as exc:
                error = exc.__cause__
            except DatabaseError as exc:  # the commit itself failed
                if connection_lost():
                    raise  # not this story's fault: see connection_lost
                if not retry.is_retryable(exc):
                    item.result = self._failed(item, f"database error: {exc}")
                    return
                error = exc
            if attempt < retry.ATTEMPTS:
                logger.info("Retrying %s after the database gave way (%s)", item.name, error)
                time.sleep(retry.wait_before(attempt))
        item.result = self._failed(
            item,
            f"the database rolled this story back {retry.ATTEMPTS} times to let other imports through "
            f"({error}); nothing was saved, run the import again",
        )

    def _write_story(self, item: _PendingStory) -> None:
        """One story in its own savepoint; sets ``item.result``.  Raises
        :class:`_TryAgain` when the surrounding transaction is lost."""
        item.result = result = self._new_result(item.name, item.story)
        try:
            with transaction.atomic():
                self._write_or_explain(result, item)
                if self.dry_run:
                    transaction.set_rollback(True)
                elif self.on_written is not None:
                    result.status = _written_status(result)
                    self.on_written(result)
        except ValidationError as exc:
            item.result = self._failed(item, _validation_message(exc), result.warnings)
            return
        except _Unwritable as exc:
            item.result = self._failed(item, str(exc), result.warnings)
            return
        except IntegrityError as exc:
            _give_way_if_needed(exc)
            # Lost a race with another import of the same text: the unique
            # constraint on source_hash is the final word on duplicates.
            earlier = _article_with_hash(item.fingerprint)
            if earlier is None:
                item.result = self._failed(item, f"database error: {exc}", result.warnings)
            else:
                item.result = self._new_result(item.name, item.story)
                _mark_duplicate(item.result, earlier)
            return
        except DatabaseError as exc:
            _give_way_if_needed(exc)
            item.result = self._failed(item, f"database error: {exc}", result.warnings)
            return

        if result.status == DUPLICATE:  # an older version of an article, kept on record
            return
        if self.dry_run:
            self._dry_run_seen[item.fingerprint] = item.name or "another story"
            result.status = DRY_RUN
            # The rows are gone; keep the objects to show, not their keys.
            if result.article is not None and not result.is_update and result.update_outcome != WITHDRAWN:
                result.article.pk = None
            for caption in result.captions:
                caption.pk = None
        else:
            result.status = _written_status(result)

    def _failed(self, item: _PendingStory, error: str, warnings: list[str] | None = None) -> ImportResult:
        """A ``failed`` result that still shows what was parsed."""
        result = self._new_result(item.name, item.story)
        if warnings is not None:
            result.warnings = list(warnings)
        result.error = error
        return result

    def _write_or_explain(self, result: ImportResult, item: _PendingStory) -> None:
        """:meth:`_write`, with an error no story should raise (a bug, a
        value the database driver cannot send) turned into :class:`_Unwritable`,
        which fails this story alone: its savepoint is rolled back and the
        batch goes on.  Validation and database errors pass as they are."""
        try:
            self._write(result, item)
        except (ValidationError, DatabaseError):
            raise
        except Exception as exc:
            raise _Unwritable(unexpected_error(item.name, "storing", exc)) from exc

    def _write(self, result: ImportResult, item: _PendingStory) -> None:
        story = item.story
        if story.pubstatus in TAKEN_DOWN_BY_AGENCY:
            self._withdraw_by_guid(result, item)
            return
        # Sanitised now (as save() would) so the digest below is of the
        # stored text: an article whose text still gives it is untouched.
        article = Article(
            headline=story.headline,
            standfirst=clean_html(escape(story.standfirst)),
            body=clean_html(body_html(story)),
            dateline=story.dateline,
            byline=story.byline,
            status=self.status,
            language=story.language or "en",
            source_text=wire.storable(item.text),
            source_hash=item.fingerprint,
            source_name=result.source_name,
            page_date=story.page_date,
            source_published=printed_publication_time(story.published),
            news_source=item.page.source if item.page.source is not None and item.page.source.pk else None,
            embargo_until=_aware(story.embargo),
            version_key=versions.headline_key(story.headline),
            version_marker=story.version_marker,
            guid=story.guid,
            guid_version=story.version,
        )
        _warn_of_assumed_zone(result, story, article.embargo_until)
        self._set_credit(article, result, story)
        result.warnings.extend(columns.fit(article))
        captions = self._captions(article, result, story)
        signature = updates.Signature.of_story(story)
        # An agency guid says which story this is, among its issuer's items;
        # only stories without one are recognised by their text.
        if story.guid:
            scope = self._guid_scope(article.credit, article.credit_text)
            article.guid_scope = scope or ""
            earlier = updates.find_by_guid(story, scope=scope, signature=signature)
        else:
            earlier = updates.find_earlier_version(
                story, credit=article.credit, credit_text=article.credit_text, news_source=article.news_source,
                signature=signature,
            )
        if earlier is not None:
            self._write_update(result, item, article, captions, earlier)
            return
        article.status = self._status_for(story, result)
        if article.status == Article.Status.PUBLISHED:
            now = timezone.now()
            if article.is_embargoed(now):
                assert article.embargo_until is not None
                result.warnings.append(
                    f"Embargoed until {timezone.localtime(article.embargo_until):%Y-%m-%d %H:%M}: "
                    "scheduled to appear then, not now."
                )
            article.publish(when=max(now, article.embargo_until or now))
        article.import_digest = updates.article_digest(article, captions)
        # Two checks are left to the database on purpose, both re-done there
        # anyway: source_hash uniqueness (checked above; the constraint turns
        # a lost race into IntegrityError → duplicate) and the existence of
        # the credit and news source rows, read from the database in this same batch (each
        # ForeignKey check would cost one query per story and per caption).
        # The embargo constraint is checked by publish() above in words, and
        # by the database again; validating it here would cost a query per story.
        article.full_clean(exclude=_CHECKED_BY_DATABASE, validate_constraints=False)
        with revisions.revision(revisions.import_comment(result.source_name), atomic=False):
            article.save()
            result.article = article
            for caption in captions:
                caption.article = article
                caption.save()
                result.captions.append(caption)
        updates.store_version_bands(article, signature)

        tags = self.tags.find(story.headline, story.standfirst, *story.paragraphs)
        if tags:
            article.tags.add(*tags)
        result.tags = [tag.name for tag in tags]

        implied = _implied_month_start(story)
        conflict = self._observed_starts.get(implied) if implied is not None else None
        if conflict:
            result.warnings.append(conflict)
        not_recorded = self.furniture.warning_for(item.page.source)
        if not_recorded:
            result.warnings.append(not_recorded)

    def _status_for(self, story: WireStory, result: ImportResult) -> str:
        """A new article's status: the one asked for, except that a story
        whose embargo is there but could not be read stays a draft, whatever
        was asked (``--status published``, a source's default): publishing
        it could break the embargo, so an editor sets the embargo first.
        (An update never changes its article's status.)"""
        if self.status == Article.Status.DRAFT or not story.embargo_unreadable:
            return self.status
        result.warnings.append(
            f"Held as a draft, not {self.status}: its embargo “{story.embargo_unreadable}” could not be read. "
            "Set “embargoed until” by hand, then publish."
        )
        return Article.Status.DRAFT

    def _captions(self, article: Article, result: ImportResult, story: WireStory) -> list[Caption]:
        """The story's captions, validated and unsaved (text sanitised as saving would)."""
        captions = []
        for order, caption_data in enumerate(story.captions):
            caption = Caption(article=article, text=clean_html(escape(caption_data.text)), order=order)
            if caption_data.credit:
                known = self._known_credit(caption_data.credit)
                if known is not None:
                    caption.credit = known
                else:
                    caption.credit_text = caption_data.credit
                    _warn_once(
                        result, caption_data.credit,
                        f"Photo credit \u201c{caption_data.credit}\u201d is not a known agency; kept as text.",
                    )
            result.warnings.extend(columns.fit(caption))
            caption.full_clean(exclude=_CHECKED_BY_DATABASE)
            captions.append(caption)
        return captions

    def _write_update(
        self,
        result: ImportResult,
        item: _PendingStory,
        new: Article,
        captions: list[Caption],
        earlier: updates.EarlierVersion,
    ) -> None:
        """Store ``new`` as an update of the earlier article, under a row
        lock on it: applied at once when the article is an untouched draft,
        else pending.  Its fingerprint's uniqueness settles a race with
        another import of the same text (the loser is a duplicate).

        A "version" that holds what the article holds already is a
        duplicate of it, not an update: the article's own text (an import
        that lost a race to write it, and found the winner's fresh article
        as an earlier version) or the same words sent again."""
        article = Article.objects.select_for_update().get(pk=earlier.article_id)
        if item.fingerprint == article.source_hash or updates.same_content(article, new, captions):
            _mark_duplicate(result, article.pk)
            if item.fingerprint != article.source_hash:
                result.warnings.append(f"The same text as article #{article.pk} already has: nothing to update.")
            return
        new.full_clean(exclude=[*_CHECKED_BY_DATABASE, "slug"], validate_constraints=False)
        update = ArticleUpdate(
            article=article,
            version_marker=item.story.version_marker[:50],
            similarity=earlier.verdict.score,
            match_reason=earlier.verdict.reason[:200],
            headline=new.headline,
            standfirst=new.standfirst,
            body=new.body,
            dateline=new.dateline,
            byline=new.byline,
            captions=[
                {"text": c.text, "credit_id": c.credit_id, "credit_text": c.credit_text} for c in captions
            ],
            embargo_until=new.embargo_until,
            guid_version=item.story.version,
            source_text=new.source_text,
            source_hash=item.fingerprint,
            source_name=result.source_name[:255],
        )
        columns.fit(update)  # what it holds was fitted as the new article, warnings and all
        older = earlier.not_newer or versions.is_older_version(item.story.version_marker, article.version_marker)
        if older:
            # Files come in any order: a version before the one the article
            # has is kept on record and changes nothing.
            update.status = ArticleUpdate.Status.SUPERSEDED
            update.decided_at = timezone.now()
        update.save()
        result.update_reason = earlier.verdict.reason
        if older:
            _mark_duplicate(result, article.pk)
            if earlier.not_newer:
                result.warnings.append(
                    f"Version {item.story.version} of the agency's story {item.story.guid}; article #{article.pk} "
                    f"already has version {article.guid_version}: kept on record, not applied."
                )
            else:
                result.warnings.append(
                    f"An older version ({item.story.version_marker or 'the first'}) of article #{article.pk}, "
                    f"which already has {article.version_marker}: kept on record, not applied."
                )
            result.article = None
            return
        result.update_of = article.pk
        untouched = updates.is_untouched(article)
        if untouched:
            article = updates.apply_update(update, automatic=True)
            tags = self.tags.find(item.story.headline, item.story.standfirst, *item.story.paragraphs)
            if tags:
                article.tags.add(*tags)
            result.tags = [tag.name for tag in tags]
            result.update_outcome = UPDATED
            result.warnings.append(
                f"A new version ({earlier.verdict.reason}) of article #{article.pk}, an untouched draft: "
                "its text is replaced."
            )
        else:
            result.update_outcome = UPDATE_PENDING
            result.warnings.append(
                f"A new version ({earlier.verdict.reason}) of article #{article.pk}, which was edited or "
                "published: kept for an editor to apply or dismiss."
            )
        result.article = new if self.dry_run else article
        if self.dry_run:
            result.captions = captions

    def _withdraw_by_guid(self, result: ImportResult, item: _PendingStory) -> None:
        """A canceled or withdrawn agency item: withdraw the article holding
        its guid (under a row lock), with the agency's note as the reason
        readers see, or the default notice in the article's language.  A
        story readers see is taken down only with the publish authority;
        without it the take-down waits for a publisher (:meth:`_hold_take_down`)."""
        story = item.story
        result.update_outcome = WITHDRAWN
        if not story.guid:
            raise ValidationError(
                f"The agency marks this item {story.pubstatus}, but it names no guid: nothing to withdraw."
            )
        scope = self._guid_scope(*self._credit_of(story))
        article = updates.with_guid_of_issuer(story.guid, scope).select_for_update().order_by("pk").first()
        if article is None:
            result.warnings.append(
                f"The agency {story.pubstatus} its story {story.guid}, which was never imported here from "
                "this source or agency: nothing to withdraw."
            )
            return
        result.article = article
        if article.is_taken_down:
            result.warnings.append(f"Article #{article.pk} was already taken down.")
            return
        note = story.note or " ".join(story.paragraphs).strip()
        if not note:
            with translation.override(article.language or None):
                note = str(_("The agency withdrew this story."))
        if permissions.is_public(article.status) and not self.may_publish:
            self._hold_take_down(result, item, article, note[:2000])
            return
        with revisions.revision(f"Withdrawn by the agency ({story.pubstatus}) from {result.source_name or 'the wire'}",
                                atomic=False):
            article.withdraw(note[:2000])
            result.warnings.extend(columns.fit(article))
            article.save()
        result.warnings.append(f"The agency {story.pubstatus} its story: article #{article.pk} is withdrawn.")

    def _hold_take_down(self, result: ImportResult, item: _PendingStory, article: Article, note: str) -> None:
        """Keep the agency's take-down of a story readers see as a pending
        update for a publisher (:func:`newsdesk.updates.apply_update`
        withdraws the article when one applies it); its fingerprint makes
        the same item imported again a duplicate."""
        story = item.story
        update = ArticleUpdate(
            article=article,
            version_marker=story.version_marker[:50],
            similarity=0.0,
            match_reason=f"the agency marks its story {story.guid} {story.pubstatus}"[:200],
            headline=(story.headline or article.headline)[:300],
            guid_version=story.version,
            source_text=wire.storable(item.text),
            source_hash=item.fingerprint,
            source_name=result.source_name[:255],
            takes_down=True,
            withdrawal_reason=note,
        )
        update.save()
        result.update_of = article.pk
        result.update_outcome = UPDATE_PENDING
        result.update_reason = update.match_reason
        result.warnings.append(
            f"The agency marks its story {story.pubstatus}: article #{article.pk} is {article.status}, and taking "
            "it down needs the publish permission; the take-down waits for a user who may publish."
        )

    def _set_credit(self, article: Article, result: ImportResult, story: WireStory) -> None:
        article.credit, article.credit_text = self._credit_of(story)
        if self.forced_credit is not None:
            if story.credit and self._known_credit(story.credit) != self.forced_credit:
                result.warnings.append(
                    f"The text is credited to \u201c{story.credit}\u201d; "
                    f"credited to {self.forced_credit.short_name} as asked."
                )
        elif article.credit_text:
            _warn_once(result, story.credit, f"Credit \u201c{story.credit}\u201d is not a known agency; kept as text.")

    def _credit_of(self, story: WireStory) -> tuple[WireCredit | None, str]:
        """The agency ``story`` is credited to, or its credit as text: the
        credit asked for, else the story's own, matched to a known agency."""
        if self.forced_credit is not None:
            return self.forced_credit, ""
        known = self._known_credit(story.credit) if story.credit else None
        return known, ("" if known is not None else story.credit)

    def _guid_scope(self, credit: WireCredit | None, credit_text: str) -> str | None:
        """The issuer of this run's guids (:func:`newsdesk.updates.guid_scope`)
        for a story with this credit: the polled source, else the news
        source the import names, else the agency."""
        return updates.guid_scope(
            ingest_source_id=self.ingest_source_id, news_source=self.furniture.source,
            credit=credit, credit_text=credit_text,
        )

    def _known_credit(self, name: str) -> WireCredit | None:
        if name in self.credits:
            return self.credits[name]
        short = self.agencies.get(name.strip().lower())
        return self.credits.get(short) if short else None


def _write_order(item: _PendingStory) -> tuple:
    """The order a batch is written in, the same in every process (so
    concurrent imports take their locks in one order and never deadlock
    over them): an agency's cancellations last, after the stories they
    take down; the versions of one story in the agency's order (its
    version number, then its marker's); then the fingerprint."""
    story = item.story
    return (
        story.pubstatus in TAKEN_DOWN_BY_AGENCY,
        story.guid,
        story.version or 0,
        versions.version_number(story.version_marker) or 0,
        item.fingerprint,
    )


class UnusableInput(Exception):
    """An input that cannot become text: unreadable, too large or
    undecodable; the message names it and says why."""


class _Unwritable(Exception):
    """A story that raised an error no story should while it was written;
    the message (:func:`unexpected_error`) names it."""


def unexpected_error(name: str, doing: str, error: BaseException) -> str:
    """The message of a story that failed with an error none should raise
    (a bug to fix): logged with its traceback, named in words for the
    editor, who sees that this story failed and the others did not."""
    logger.exception("Unexpected error %s %s", doing, name or "a story", exc_info=error)
    detail = str(error)
    if len(detail) > 300:
        detail = detail[:299] + "\u2026"
    return f"{name}: unexpected error {doing} this story ({type(error).__name__}: {detail}); the details are in the log"


def decode_input(
    name: str, data: bytes | str | BaseException, *, encoding: str, max_size: int, setting: str = inputs.STORY_LIMIT
) -> wire.DecodedText:
    """The text of one input (``data``: its bytes, its text, or the error met
    reading it), within ``max_size`` bytes (the limit ``setting`` sets), with the warnings of its
    decoding; :class:`UnusableInput` otherwise (a text holding a surrogate,
    which nothing can store, included).  The synchronous importer and the
    background queue read inputs alike."""
    if isinstance(data, BaseException):
        raise UnusableInput(_unreadable_message(name, data))
    size = inputs.size_of(data)
    if size > max_size:
        raise UnusableInput(f"{name}: {inputs.too_large(size, max_size, setting)}")
    try:
        if isinstance(data, str):
            wire.check_characters(data, name=name)
            return wire.DecodedText(data)
        return wire.decode_text(data, encoding=encoding, name=name)
    except wire.WireDecodeError as exc:
        raise UnusableInput(str(exc)) from None


def named_stories(name: str, text: str, *, max_size: int | None = None) -> list[tuple[str, str]]:
    """The stories of one input as ``(name, text)``: several for a file that
    holds several (an IPTC 7901 stream, a ninjs list, a NewsML-G2
    newsMessage), named ``file#1``, ``file#2``...; the input itself otherwise,
    also when splitting it fails unexpectedly (logged): parsing it then says
    what is wrong with it, as one story.  ``max_size``: the largest text
    split (the wire layer's own bound by default)."""
    try:
        pieces = wire.split_documents(text) if max_size is None else wire.split_documents(text, max_size=max_size)
    except Exception:
        logger.exception("Unexpected error splitting %s into stories; read as one", name)
        return [(name, text)]
    if len(pieces) == 1:
        return [(name, pieces[0][1])]
    return [(f"{name}{suffix}", piece) for suffix, piece in pieces]


class InputStory(NamedTuple):
    """One story of an input, as :func:`input_stories` reads it."""

    name: str
    text: str
    #: Why this story alone cannot be imported ("" when it can).
    error: str
    #: The warnings of decoding its input (UTF-8 read under another label...).
    warnings: tuple[str, ...]


def input_stories(
    name: str,
    data: bytes | str | BaseException,
    *,
    encoding: str,
    max_size: int,
    max_file_size: int,
    file_setting: str = inputs.FILE_LIMIT,
) -> list[InputStory]:
    """Each story of one input: the input is read whole within
    ``max_file_size`` bytes (the limit ``file_setting`` sets), split
    (:func:`named_stories`), and each story must fit ``max_size`` bytes
    (``IMPORT_MAX_STORY_SIZE``); a story that does not comes with its error
    ("" for the others), which the importer reports for it alone.  The
    warnings of decoding the input go with each of its stories.

    Raises :class:`UnusableInput` when the input *as a whole* is refused:
    unreadable, over ``max_file_size``, undecodable, or one story (nothing
    to split it into) over ``max_size``.  A poll uses the difference: such
    a document is an error of the source, fetched again next time, where a
    story of a message is only a failed item.  NUL characters, which no
    database keeps, are dropped first.
    """
    decoded = decode_input(name, data, encoding=encoding, max_size=max_file_size, setting=file_setting)
    text = wire.storable(decoded.text)
    stories = named_stories(name, text, max_size=max_file_size)
    if len(stories) == 1:
        size = inputs.size_of(stories[0][1])
        if size > max_size:
            raise UnusableInput(f"{name}: {inputs.too_large(size, max_size)}")
        return [InputStory(stories[0][0], stories[0][1], "", decoded.warnings)]
    found = []
    for story_name, story in stories:
        size = inputs.size_of(story)
        error = f"{story_name}: {inputs.too_large(size, max_size)}" if size > max_size else ""
        found.append(InputStory(story_name, story, error, decoded.warnings))
    return found


def _is_page(text: str) -> bool:
    """Whether ``text`` is plain or scraped text (a page with furniture to learn)."""
    return wire.detect_format(text) == "text"


def _written_status(result: ImportResult) -> str:
    """The status of a story whose rows were written: an older version kept
    on record is a duplicate; otherwise withdrawn, updated, update-pending
    or imported."""
    if result.status == DUPLICATE:
        return DUPLICATE
    return result.update_outcome or IMPORTED


def connection_lost() -> bool:
    """Whether the database connection is gone (the server closed it, or it
    could not be opened again), outside any transaction of the caller's.

    Then no story is at fault, and failing each in turn would turn an outage
    into failed stories: the error is raised instead, for the caller to wait
    for the database and run the import again (a background task does so,
    :func:`newsdesk.background.run_item`; a story committed before is then a
    duplicate).  Inside a caller's transaction nothing can be run again
    here, and the story fails as before."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        return False
    return connection.connection is None or not connection.is_usable()


def _give_way_if_needed(error: DatabaseError) -> None:
    """Raise :class:`_TryAgain` when ``error`` means the whole transaction
    is lost (a deadlock, a serialization failure) or Django could not roll
    back to the story's savepoint: carrying on would write into a
    transaction the database has already thrown away."""
    if retry.is_retryable(error) or transaction.get_connection().needs_rollback:
        raise _TryAgain from error


def _implied_month_start(story: WireStory) -> tuple[int, int, datetime.date] | None:
    """``(year, month, first day)`` of the Hijri month the page's date bar implies."""
    if story.page_date is None or story.page_hijri is None:
        return None
    hijri = story.page_hijri
    return (hijri.year, hijri.month, story.page_date - datetime.timedelta(days=hijri.day - 1))


def _mark_duplicate(result: ImportResult, earlier: int | None, *, earlier_input: str = "") -> None:
    result.status = DUPLICATE
    result.duplicate_of = earlier
    if earlier is None and earlier_input:
        result.warnings.append(f"Same text as {earlier_input} earlier in this import.")


def _unreadable_message(name: str, error: BaseException) -> str:
    if isinstance(error, OSError):
        return f"{name}: cannot read the file: {error.strerror or error}"
    return f"{name}: {error}"


def _article_with_hash(fingerprint: str) -> int | None:
    """The article whose text, or one of whose updates, has this fingerprint."""
    pks = Article.objects.filter(source_hash=fingerprint).order_by().values_list("pk", flat=True)[:1]
    found = next(iter(pks), None)
    if found is None:
        updated = ArticleUpdate.objects.filter(source_hash=fingerprint).values_list("article_id", flat=True)[:1]
        found = next(iter(updated), None)
    return found


def _aware(value: datetime.datetime | None) -> datetime.datetime | None:
    """A printed time that names no zone is taken in the site's time zone."""
    if value is not None and timezone.is_naive(value) and timezone.is_aware(timezone.now()):
        return timezone.make_aware(value)
    return value


def _warn_of_assumed_zone(result: ImportResult, story: WireStory, embargo: datetime.datetime | None) -> None:
    """Say which zone an embargo that names none was read in (the site's):
    an agency abroad may have meant its own."""
    if story.embargo is None or story.embargo.tzinfo is not None or embargo is None:
        return
    result.warnings.append(
        f"The embargo names no time zone; it was read in the site's time zone "
        f"({timezone.get_current_timezone_name()}): {timezone.localtime(embargo):%Y-%m-%d %H:%M}. "
        "Check it before publishing."
        if timezone.is_aware(embargo)
        else f"The embargo names no time zone; it was read as {embargo:%Y-%m-%d %H:%M} in the site's time. "
        "Check it before publishing."
    )


def _warn_once(result: ImportResult, name: str, message: str) -> None:
    """Add ``message`` unless a warning (the parser's, usually) already
    speaks of ``name``: an editor should read about an unknown agency once."""
    if not any(name in warning for warning in result.warnings):
        result.warnings.append(message)


def printed_publication_time(value: datetime.date | datetime.datetime | None) -> datetime.datetime | None:
    """The story's printed publication date as ``Article.source_published`` stores it.

    A date alone becomes midnight; a printed time (which names no zone) is
    taken in the site's current time zone, as an editor reading the page would.
    """
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time())
    if timezone.is_naive(value) and timezone.is_aware(timezone.now()):
        value = timezone.make_aware(value)
    return value


def _validation_message(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
    return " ".join(exc.messages)


def import_story(
    text: str,
    *,
    source_name: str = "",
    status: str = Article.Status.DRAFT,
    credit: WireCredit | str | None = None,
    dry_run: bool = False,
    agencies: Mapping[str, str] | None = None,
    chrome_phrases: Sequence[str] | None = None,
    source: NewsSource | str | None = None,
    may_publish: bool = False,
) -> ImportResult:
    """Import one decoded story in its own transaction.

    Validation and database errors come back as a ``failed`` result with
    ``error`` set; for many stories use :func:`import_many`, which reads the
    agencies and tags once for the whole batch.  ``source`` is the paper (a
    :class:`NewsSource` or a name); without one the page is matched to a
    known source by its furniture lines.  ``may_publish`` as for
    :class:`WireImporter`.
    """
    importer = WireImporter(
        status=status, credit=credit, dry_run=dry_run, agencies=agencies, chrome_phrases=chrome_phrases,
        source=source, may_publish=may_publish,
    )
    [result] = importer.import_many([(source_name, text)])
    return result


def import_many(
    sources: Iterable[tuple[str, bytes | str | BaseException]],
    *,
    encoding: str = "utf-8",
    batch_size: int = DEFAULT_BATCH_SIZE,
    **options,
) -> Iterator[ImportResult]:
    """Import many ``(name, bytes or text)`` pairs; yields one
    :class:`ImportResult` per input.  ``options`` are those of
    :class:`WireImporter` (``status``, ``credit``, ``dry_run``, ``source``,
    ``new_source_name``, ...)."""
    return WireImporter(**options).import_many(sources, encoding=encoding, batch_size=batch_size)


def import_files(
    paths: Iterable[Path | str],
    *,
    encoding: str = "utf-8",
    batch_size: int = DEFAULT_BATCH_SIZE,
    **options,
) -> Iterator[ImportResult]:
    """Import files, streamed one by one; a file that cannot be read (or is
    not a regular file, or is over ``IMPORT_MAX_FILE_SIZE``) or decoded is
    a ``failed`` result naming it, and the others still import; a story
    over ``IMPORT_MAX_STORY_SIZE`` fails alone.  The files
    are read twice: once to learn the run's furniture, once to import."""
    importer = WireImporter(**options)
    names = [str(path) for path in paths]
    sources = Rereadable(lambda: inputs.read_files(names, importer.max_file_size))
    return importer.import_many(sources, encoding=encoding, batch_size=batch_size)


class Rereadable(Iterable[tuple[str, bytes | str | BaseException]]):
    """Import inputs that can be read more than once: each pass calls ``opener()``
    for a fresh iterator (the files read again, say).  :meth:`WireImporter.import_many`
    reads such inputs twice, learning the run's furniture from all of them
    before it imports the first."""

    def __init__(self, opener: Callable[[], Iterable[tuple[str, bytes | str | BaseException]]]) -> None:
        self._open = opener

    def __iter__(self) -> Iterator[tuple[str, bytes | str | BaseException]]:
        return iter(self._open())
