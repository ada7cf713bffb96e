"""Turn raw wire text into draft articles: the Django side of the importer.

The parsing itself is pure and lives in :mod:`newsdesk.wire`; this module
stores what the parser found.  The command (``import_wire``) and the admin
import page only call the functions here, so both behave the same way.

Three promises, each relied on by the interfaces:

* **One story, one unit.**  Every story is written inside its own
  ``atomic`` block (a savepoint when several stories share a commit), so a
  story that fails validation or hits a database error rolls back alone and
  never leaves half an article behind.
* **Idempotent.**  The story's :func:`newsdesk.wire.fingerprint` (whitespace
  and line endings normalised) is stored as ``Article.source_hash``.  A text
  seen before is reported as a duplicate of the first article and creates
  nothing; two imports racing on the same text are resolved by the unique
  constraint, and the loser is reported as a duplicate too.
* **A dry run is the real import, rolled back** (as django-import-export
  does), so the admin preview shows exactly what confirming will write:
  the same credit matching, captions, tags and warnings.
"""

from __future__ import annotations

import datetime
import gc
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.html import escape
from taggit.models import Tag

from newsdesk import wire
from newsdesk.calendars.types import HijriDate
from newsdesk.conf import newsdesk_settings
from newsdesk.hijri import record_observed_month_start
from newsdesk.models import Article, Caption, WireCredit
from newsdesk.wire.story import WireStory

#: What an import can come to, per story.
IMPORTED = "imported"
DUPLICATE = "duplicate"
FAILED = "failed"
DRY_RUN = "dry-run"

#: Statuses a story may be imported with.  "withdrawn" makes no sense for a
#: story that was never out; "published" is for trusted command-line use.
IMPORT_STATUSES = (Article.Status.DRAFT, Article.Status.READY, Article.Status.PUBLISHED)

#: Stories per commit in a batch.  Each story still has its own savepoint;
#: grouping commits only saves the per-commit cost (an fsync on SQLite).
DEFAULT_BATCH_SIZE = 200

#: Fields whose validation ``full_clean()`` leaves to the database (see _write).
_CHECKED_BY_DATABASE = ["source_hash", "credit", "article"]


@dataclass
class ImportResult:
    """What happened to one input.

    ``story`` is ``None`` only when the input could not even be read or
    decoded.  ``article`` is the saved article for ``imported``; for
    ``dry-run`` it is the article as it *would* be saved (unsaved, no
    primary key), with ``captions`` and ``tags`` as they would be attached.
    """

    source_name: str
    story: WireStory | None = None
    article: Article | None = None
    status: str = FAILED
    duplicate_of: int | None = None
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    captions: list[Caption] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

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
        effective credit, plus ``source``, ``status`` and ``id`` (the new
        article, or the earlier one for a duplicate; null otherwise)."""
        data = self.story.as_dict() if self.story else {}
        data["warnings"] = list(self.warnings)
        if self.story is not None:
            data["credit"] = self.credit_label
        data["tags"] = list(self.tags)
        data["source"] = self.source_name
        data["status"] = self.status
        if self.status == IMPORTED and self.article is not None:
            data["id"] = self.article.pk
        elif self.status == DUPLICATE:
            data["id"] = self.duplicate_of
        else:
            data["id"] = None
        if self.error:
            data["error"] = self.error
        return data


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


def body_html(story: WireStory) -> str:
    """The article body from the parsed paragraphs: every paragraph escaped
    into ``<p>``, subheadings into ``<h2>``.  Nothing from the source is
    interpreted as HTML, so no sanitiser pass is needed for it."""
    subheadings = set(story.subheadings)
    parts = []
    for index, paragraph in enumerate(story.paragraphs):
        tag = "h2" if index in subheadings else "p"
        parts.append(f"<{tag}>{escape(paragraph)}</{tag}>")
    return "\n".join(parts)


class WireImporter:
    """Imports stories with settings shared by a whole batch.

    Everything that is the same for every story (the agencies and their
    spellings, the tag vocabulary, the chrome phrases) is read once here,
    not once per story.
    """

    def __init__(
        self,
        *,
        status: str = Article.Status.DRAFT,
        credit: WireCredit | str | None = None,
        dry_run: bool = False,
        agencies: Mapping[str, str] | None = None,
        chrome_phrases: Sequence[str] | None = None,
    ) -> None:
        if status not in IMPORT_STATUSES:
            raise ValueError(f"status must be one of {', '.join(IMPORT_STATUSES)}, not {status!r}")
        self.status = status
        self.dry_run = dry_run
        self.credits = {c.short_name: c for c in WireCredit.objects.filter(active=True)}
        self.agencies = dict(agencies) if agencies is not None else agency_names(self.credits.values())
        self.forced_credit = resolve_credit(credit) if isinstance(credit, str) else credit
        self.chrome_phrases = tuple(
            chrome_phrases if chrome_phrases is not None else newsdesk_settings.CHROME_PHRASES
        )
        self.tags = TagVocabulary.from_database()
        # Fingerprints seen in this dry run: rolled-back rows cannot be found
        # by the duplicate check, so repeats within one preview are caught here.
        self._dry_run_seen: dict[str, str] = {}
        # Month starts already recorded (or found to conflict) in this batch:
        # a folder of pages read on the same day implies the same start, and
        # asking the database once is enough.  Not kept in a dry run, whose
        # rows are rolled back after every story.
        self._observed_starts: dict[tuple[int, int, datetime.date], str | None] = {}

    # --- one story ------------------------------------------------------

    def import_text(self, text: str, source_name: str = "") -> ImportResult:
        """Parse and store one decoded story; never raises for a bad story
        (validation or database errors come back as a ``failed`` result)."""
        story = wire.parse(
            text, agencies=self.agencies, chrome_phrases=self.chrome_phrases, source_name=source_name
        )
        result = ImportResult(source_name=source_name, story=story, warnings=list(story.warnings))
        fingerprint = wire.fingerprint(text)

        earlier = _article_with_hash(fingerprint)
        if earlier is not None:
            return self._duplicate(result, earlier)
        if self.dry_run and fingerprint in self._dry_run_seen:
            result.status = DUPLICATE
            result.warnings.append(f"Same text as {self._dry_run_seen[fingerprint]} earlier in this import.")
            return result

        try:
            with transaction.atomic():
                self._write(result, story, text, fingerprint)
                if self.dry_run:
                    transaction.set_rollback(True)
        except IntegrityError:
            # Lost a race with another import of the same text: the unique
            # constraint on source_hash is the final word on duplicates.
            earlier = _article_with_hash(fingerprint)
            if earlier is None:
                raise
            return self._duplicate(result, earlier)

        if self.dry_run:
            self._dry_run_seen[fingerprint] = source_name or "another story"
            result.status = DRY_RUN
            # The rows are gone; keep the objects to show, not their keys.
            if result.article is not None:
                result.article.pk = None
            for caption in result.captions:
                caption.pk = None
        else:
            result.status = IMPORTED
        return result

    def _duplicate(self, result: ImportResult, earlier: int) -> ImportResult:
        result.status = DUPLICATE
        result.duplicate_of = earlier
        return result

    def _write(self, result: ImportResult, story: WireStory, text: str, fingerprint: str) -> None:
        article = Article(
            headline=story.headline,
            standfirst=escape(story.standfirst),
            body=body_html(story),
            dateline=story.dateline,
            byline=story.byline,
            status=self.status,
            language=story.language or "en",
            source_text=text,
            source_hash=fingerprint,
            source_name=result.source_name[:255],
            page_date=story.page_date,
        )
        self._set_credit(article, result, story)
        if self.status == Article.Status.PUBLISHED:
            article.publish(when=timezone.now())
        # Two checks are left to the database on purpose, both re-done there
        # anyway: source_hash uniqueness (checked above; the constraint turns
        # a lost race into IntegrityError → duplicate) and the existence of
        # the credit rows, read from the database in this same batch (each
        # ForeignKey check would cost one query per story and per caption).
        article.full_clean(exclude=_CHECKED_BY_DATABASE)
        article.save()
        result.article = article

        for order, caption_data in enumerate(story.captions):
            caption = Caption(article=article, text=escape(caption_data.text), order=order)
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
            caption.full_clean(exclude=_CHECKED_BY_DATABASE)
            caption.save()
            result.captions.append(caption)

        tags = self.tags.find(story.headline, story.standfirst, *story.paragraphs)
        if tags:
            article.tags.add(*tags)
        result.tags = [tag.name for tag in tags]

        if story.page_date is not None and story.page_hijri is not None:
            conflict = self._observe_month_start(story.page_date, story.page_hijri, result.source_name)
            if conflict:
                result.warnings.append(conflict)

    def _observe_month_start(self, page_date: datetime.date, hijri: HijriDate, source_name: str) -> str | None:
        """Record the Hijri month start the page's date bar implies (once per
        implied start in a batch); returns the conflict warning, if any."""
        implied = (hijri.year, hijri.month, page_date - datetime.timedelta(days=hijri.day - 1))
        if implied in self._observed_starts:
            return self._observed_starts[implied]
        conflict = record_observed_month_start(page_date, hijri, source_name)
        if not self.dry_run:
            self._observed_starts[implied] = conflict
        return conflict

    def _set_credit(self, article: Article, result: ImportResult, story: WireStory) -> None:
        if self.forced_credit is not None:
            article.credit = self.forced_credit
            if story.credit and self._known_credit(story.credit) != self.forced_credit:
                result.warnings.append(
                    f"The text is credited to \u201c{story.credit}\u201d; "
                    f"credited to {self.forced_credit.short_name} as asked."
                )
            return
        if not story.credit:
            return
        known = self._known_credit(story.credit)
        if known is not None:
            article.credit = known
        else:
            article.credit_text = story.credit
            _warn_once(result, story.credit, f"Credit \u201c{story.credit}\u201d is not a known agency; kept as text.")

    def _known_credit(self, name: str) -> WireCredit | None:
        if name in self.credits:
            return self.credits[name]
        short = self.agencies.get(name.strip().lower())
        return self.credits.get(short) if short else None

    # --- many stories -----------------------------------------------------

    def import_many(
        self,
        sources: Iterable[tuple[str, bytes | str | OSError]],
        *,
        encoding: str = "utf-8",
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> Iterator[ImportResult]:
        """Import ``(name, data)`` pairs: ``data`` as bytes (decoded with
        ``encoding``), already-decoded text, or the ``OSError`` met reading it.

        Stories are committed ``batch_size`` at a time, each in its own
        savepoint, and results come out only *after* their batch's commit:
        a story reported as imported is really stored.  One batch of texts
        at most is held in memory, however many inputs there are.
        """
        iterator = iter(sources)
        while True:
            with transaction.atomic():
                results = [
                    self._import_one(name, data, encoding)
                    for name, data in itertools.islice(iterator, max(1, batch_size))
                ]
            if not results:
                return
            yield from results
            del results
            # Saved captions sit in reference cycles (Django's ImageFieldFile
            # points back at its instance), which only a full collection
            # frees; left to chance, they pile up with the file count.  One
            # collection per batch keeps memory flat for a small cost.
            gc.collect()

    def _import_one(self, name: str, data: bytes | str | OSError, encoding: str) -> ImportResult:
        if isinstance(data, OSError):
            return ImportResult(source_name=name, error=f"cannot read {name}: {data.strerror or data}")
        try:
            text = data if isinstance(data, str) else wire.decode(data, encoding=encoding, name=name)
            return self.import_text(text, name)
        except wire.WireDecodeError as exc:
            return ImportResult(source_name=name, error=str(exc))
        except ValidationError as exc:
            return ImportResult(source_name=name, error=_validation_message(exc))
        except DatabaseError as exc:
            return ImportResult(source_name=name, error=f"database error: {exc}")


def _article_with_hash(fingerprint: str) -> int | None:
    pks = Article.objects.filter(source_hash=fingerprint).order_by().values_list("pk", flat=True)[:1]
    return next(iter(pks), None)


def _warn_once(result: ImportResult, name: str, message: str) -> None:
    """Add ``message`` unless a warning (the parser's, usually) already
    speaks of ``name``: an editor should read about an unknown agency once."""
    if not any(name in warning for warning in result.warnings):
        result.warnings.append(message)


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
) -> ImportResult:
    """Import one decoded story in its own transaction.

    Validation and database errors come back as a ``failed`` result with
    ``error`` set; for many stories use :func:`import_many`, which reads the
    agencies and tags once for the whole batch.
    """
    importer = WireImporter(
        status=status, credit=credit, dry_run=dry_run, agencies=agencies, chrome_phrases=chrome_phrases
    )
    return importer._import_one(source_name, text, "utf-8")


def import_many(
    sources: Iterable[tuple[str, bytes | str | OSError]],
    *,
    encoding: str = "utf-8",
    batch_size: int = DEFAULT_BATCH_SIZE,
    **options,
) -> Iterator[ImportResult]:
    """Import many ``(name, bytes or text)`` pairs; yields one
    :class:`ImportResult` per input.  ``options`` are those of
    :class:`WireImporter` (``status``, ``credit``, ``dry_run``, ...)."""
    return WireImporter(**options).import_many(sources, encoding=encoding, batch_size=batch_size)


def read_files(paths: Iterable[Path | str]) -> Iterator[tuple[str, bytes | OSError]]:
    """``(name, bytes)`` for each path, read one at a time (never all at
    once); an unreadable file yields its ``OSError`` instead of bytes."""
    for path in paths:
        # Plain open(), not Path.read_bytes(): pathlib interns every path
        # part, and the interpreter's table of interned strings only grows,
        # so memory would grow with the number of files.
        try:
            with open(path, "rb") as file:
                data = file.read()
        except OSError as exc:
            yield str(path), exc
        else:
            yield str(path), data


def import_files(
    paths: Iterable[Path | str],
    *,
    encoding: str = "utf-8",
    batch_size: int = DEFAULT_BATCH_SIZE,
    **options,
) -> Iterator[ImportResult]:
    """Import files, streamed one by one; a file that cannot be read or
    decoded is a ``failed`` result naming it, and the others still import."""
    return import_many(read_files(paths), encoding=encoding, batch_size=batch_size, **options)
