"""``manage.py import_wire PATH [PATH ...]``: import raw wire text files as
draft articles.

A thin shell over :mod:`newsdesk.ingest`: it finds the files (with
:mod:`newsdesk.inputs`, which reads only regular files and never past
``IMPORT_MAX_FILE_SIZE``), streams them to the importer (which splits a
file of several stories, each within ``IMPORT_MAX_STORY_SIZE``), and
reports.
Exit status (DESIGN.md): 0 when every input was imported, was a known
duplicate or was skipped as not text (a picture, a video, statistics: an
agency item that is no story, counted apart, ``"status": "not-text"`` with
``--json``), 1 when any input failed (each named on stderr, and with
``--json`` also as an object with ``"status": "failed"``; the others are
still imported), 2 on bad usage (unknown option value, unknown ``--credit``,
a path that does not exist; nothing is imported then).

With ``--enqueue`` the stories are not imported here: they are stored as an
import batch (:func:`newsdesk.background.enqueue_import`), one background
task per story, and the command returns at once with the batch's number.
Inputs that could not be read are named on stderr and make the exit status
1, as they do without it.
"""

from __future__ import annotations

import codecs
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError
from django.urls import NoReverseMatch, reverse

from newsdesk import background, ingest, inputs
from newsdesk.conf import newsdesk_settings
from newsdesk.models import ImportBatch, ImportItem, WireCredit

STDIN = "-"
#: Show a progress bar only when there are more files than this.
PROGRESS_MIN_FILES = 5
PROGRESS_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Import raw wire text as draft articles. PATH is a file, a directory "
        "(searched recursively for --glob), or - for standard input."
    )
    # Lets tests (and callers) hand in standard input: call_command(..., stdin=BytesIO(...)).
    stealth_options = ("stdin",)

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files, directories, or - for stdin.")
        parser.add_argument(
            "--glob", default="*.txt",
            help="Which files to import from directories (recursively). Default: *.txt.",
        )
        parser.add_argument(
            "--dry-run", action="store_true",
            help="Parse and validate everything, save nothing.",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json",
            help="Print one JSON object per story, one per line.",
        )
        parser.add_argument(
            "--status", default="draft", choices=[str(s) for s in ingest.IMPORT_STATUSES],
            help="Status of the new articles. Default: draft.",
        )
        parser.add_argument(
            "--encoding", default="utf-8",
            help="Encoding of the files: utf-8 (default), cp1256 (Arabic Windows), latin-1, ...",
        )
        parser.add_argument(
            "--credit", metavar="SHORTNAME",
            help="Credit every story to this agency (a WireCredit short name or alias).",
        )
        parser.add_argument(
            "--source", metavar="NAME",
            help="The paper or feed the pages come from: a news source's name (any case), or a new "
            "one, created. Without it each page is matched to a known source by its furniture lines.",
        )
        parser.add_argument(
            "--enqueue", action="store_true",
            help="Do not import here: store the stories as an import batch, one background task per "
            "story, and return at once (workers import them; see the admin's import batches).",
        )

    def handle(self, *args, **options) -> None:
        self.verbosity = options["verbosity"]
        try:
            encoding = codecs.lookup(options["encoding"]).name
        except LookupError:
            raise CommandError(f"unknown encoding {options['encoding']!r}", returncode=2) from None
        credit = None
        if options["credit"]:
            try:
                credit = ingest.resolve_credit(options["credit"])
            except WireCredit.DoesNotExist as exc:
                raise CommandError(str(exc), returncode=2) from None
        source = options["source"]
        if source is not None and not source.strip():
            raise CommandError("--source needs a name", returncode=2)
        self._check_paths(options["paths"])
        stdin = _ReadOnce(options.get("stdin") or sys.stdin.buffer)
        if options["enqueue"]:
            if options["dry_run"]:
                raise CommandError("--dry-run and --enqueue cannot be used together", returncode=2)
            self._enqueue(options, encoding, credit, source, stdin)
            return

        # The operator who runs the command holds every authority: an
        # agency's take-down of a published story applies at once.
        importer = ingest.WireImporter(
            status=options["status"], credit=credit, dry_run=options["dry_run"],
            source=source, new_source_name=_folder_name(options["paths"][0]), may_publish=True,
        )
        # Read twice (the files again, standard input from memory): once to
        # learn the run's page furniture, once to import.
        results = importer.import_many(
            ingest.Rereadable(
                lambda: self._sources(self._inputs(options["paths"], options["glob"]), stdin, importer.max_file_size)
            ),
            encoding=encoding,
        )
        counts = dict.fromkeys(ingest.STATUSES, 0)
        warnings = 0
        progress = self._progress_bar(options["paths"], options["glob"], options["as_json"])
        done = 0
        try:
            for done, result in enumerate(results, start=1):
                counts[result.status] += 1
                warnings += len(result.warnings)
                self._report(result, options["as_json"])
                progress(done)
        except DatabaseError as exc:
            # The importer raises only when the connection itself is gone:
            # every story after would fail alike, and none is at fault.
            self._summary(counts, warnings, options["dry_run"], options["as_json"])
            raise CommandError(
                f"the database connection was lost after {done} inputs ({exc}): the stories reported above "
                "are stored; run the same import again for the rest (those already stored come back as "
                "duplicates)",
                returncode=1,
            ) from None

        self._summary(counts, warnings, options["dry_run"], options["as_json"])
        if counts[ingest.FAILED]:
            raise CommandError(
                f"{counts[ingest.FAILED]} of {done} inputs failed (named above)", returncode=1
            )

    def _enqueue(self, options: dict, encoding: str, credit: WireCredit | None, source: str | None, stdin) -> None:
        """Store the inputs as a batch, one task per story, and say how to follow it."""
        sources = self._sources(
            self._inputs(options["paths"], options["glob"]), stdin, newsdesk_settings.IMPORT_MAX_FILE_SIZE
        )
        batch = background.enqueue_import(
            sources, status=options["status"], credit=credit, source=source, encoding=encoding,
            label=_batch_label(options["paths"]), may_publish=True,
        )
        progress = background.batch_progress(batch)
        failed = progress["statuses"][ingest.FAILED]
        not_text = progress["statuses"][ingest.NOT_TEXT]
        for item in self._failed_items(batch):
            self.stderr.write(f"FAILED {item.name}: {item.error}")
        if options["as_json"]:
            self.stdout.write(json.dumps(
                {"batch": batch.pk, "stories": batch.total, "enqueued": progress["enqueued"], "failed": failed,
                 "not_text": not_text}
            ))
        elif self.verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(
                f"batch #{batch.pk}: {batch.total} stories, {progress['enqueued']} enqueued, "
                f"{progress['done']} done, {failed} failed"
                + (f", {not_text} skipped as not text" if not_text else "")
            ))
            self.stdout.write(
                f"Follow it on the admin's import batch page{_admin_path(batch)}; the site's task workers "
                "import the stories (manage.py db_worker with the database backend). Items whose worker "
                "died: manage.py requeue_imports."
            )
        if failed:
            raise CommandError(f"{failed} of {batch.total} stories failed (named above)", returncode=1)

    @staticmethod
    def _failed_items(batch: ImportBatch):
        """The batch's failures so far, for stderr (a bounded few: names and errors only)."""
        return (
            ImportItem.objects.filter(batch=batch, state=ImportItem.State.DONE, status=ingest.FAILED)
            .only("name", "error")
            .order_by("position")[:100]
        )

    # --- inputs ---------------------------------------------------------

    def _check_paths(self, raw_paths: list[str]) -> None:
        """A missing path is a usage error before anything is imported (a
        typo in a cron line should not half-run)."""
        if raw_paths.count(STDIN) > 1:
            raise CommandError("- (standard input) can be given only once", returncode=2)
        for raw in raw_paths:
            if raw != STDIN and not Path(raw).exists():
                raise CommandError(f"{raw}: no such file or directory", returncode=2)

    def _inputs(
        self, raw_paths: list[str], pattern: str
    ) -> Iterator[tuple[str, str, inputs.UnreadableInput | None]]:
        """``(name, path, problem)`` for every file to import, found lazily:
        no list of names is built, so memory stays flat for directories of
        any size.  Files come in name order within each directory; a
        directory that cannot be listed comes with its ``UnreadableInput``
        and the walk goes on.  The name, which the article and any observed
        Hijri month start store, is relative to the argument the file was
        found through (:func:`newsdesk.inputs.source_name`)."""
        for raw in raw_paths:
            if raw == STDIN:
                yield "<stdin>", raw, None
            elif Path(raw).is_dir():
                found = False
                for path, problem in inputs.walk(raw, pattern):
                    found = True
                    yield inputs.source_name(path, raw), path, problem
                if not found and self.verbosity >= 1:
                    self.stderr.write(f"{raw}: no files matching {pattern}")
            else:
                yield inputs.source_name(raw, raw), raw, None

    def _sources(
        self, paths: Iterable[tuple[str, str, inputs.UnreadableInput | None]], stdin, max_size: int
    ) -> Iterator[tuple[str, bytes | inputs.UnreadableInput]]:
        for name, path, problem in paths:
            if problem is not None:
                yield name, problem
            elif path == STDIN:
                yield name, inputs.read_stream(stdin, max_size)
            else:
                yield name, inputs.read_file(path, max_size)

    # --- output ---------------------------------------------------------

    def _report(self, result: ingest.ImportResult, as_json: bool) -> None:
        if result.status == ingest.FAILED:
            self.stderr.write(f"FAILED {result.source_name}: {result.error}")
        if as_json:
            # One object per input, failures included (DESIGN.md).
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        if result.status == ingest.FAILED:
            return
        if result.status == ingest.NOT_TEXT:
            if self.verbosity >= 2:
                self.stdout.write(f"skipped (not text): {result.reason}")
            return
        if self.verbosity >= 2:
            headline = result.story.headline if result.story else ""
            if result.status == ingest.IMPORTED and result.article is not None:
                line = f"imported #{result.article.pk} \u201c{headline}\u201d from {result.source_name}"
            elif result.status == ingest.UPDATED:
                line = f"updated #{result.update_of} (an untouched draft) with {result.source_name}"
            elif result.status == ingest.UPDATE_PENDING:
                line = f"new version of #{result.update_of} kept for review: {result.source_name}"
            elif result.status == ingest.DRY_RUN and result.update_of is not None:
                line = f"would update #{result.update_of} ({result.update_outcome}) from {result.source_name}"
            elif result.status == ingest.DUPLICATE:
                earlier = f"#{result.duplicate_of}" if result.duplicate_of else "an earlier input"
                line = f"duplicate of {earlier}: {result.source_name}"
            else:
                line = f"would import \u201c{headline}\u201d from {result.source_name}"
            self.stdout.write(line)
            for warning in result.warnings:
                self.stdout.write(f"  warning: {warning}")

    def _progress_bar(self, raw_paths: list[str], pattern: str, as_json: bool):
        """A plain one-line bar, redrawn in place; only on a terminal, with
        more than a handful of files, and never mixed into JSON or -v2 lines.
        The files are counted first (names only, not kept)."""
        isatty = getattr(self.stdout, "isatty", None)
        if as_json or self.verbosity != 1 or not callable(isatty) or not isatty():
            return lambda done: None
        total = sum(1 for _ in self._inputs(raw_paths, pattern))
        if total <= PROGRESS_MIN_FILES:
            return lambda done: None

        def draw(done: int) -> None:
            filled = PROGRESS_WIDTH * done // total
            bar = "#" * filled + "-" * (PROGRESS_WIDTH - filled)
            self.stdout.write(f"\r[{bar}] {done}/{total}", ending="\n" if done >= total else "")
            self.stdout.flush()

        return draw

    def _summary(self, counts: dict[str, int], warnings: int, dry_run: bool, as_json: bool) -> None:
        if self.verbosity < 1:
            return
        # With --json, stdout carries only JSON lines; the summary goes to stderr.
        out = self.stderr if as_json else self.stdout
        if dry_run:
            out.write("dry run: nothing saved")
            line = f"{counts[ingest.DRY_RUN]} would be imported"
        else:
            line = f"{counts[ingest.IMPORTED]} imported"
            if counts[ingest.UPDATED] or counts[ingest.UPDATE_PENDING]:
                line += (
                    f", {counts[ingest.UPDATED]} updated, "
                    f"{counts[ingest.UPDATE_PENDING]} updates waiting for review"
                )
        line += f", {counts[ingest.DUPLICATE]} duplicates"
        if counts[ingest.NOT_TEXT]:
            line += f", {counts[ingest.NOT_TEXT]} skipped as not text (pictures, video, statistics)"
        line += f", {counts[ingest.FAILED]} failed, {warnings} warnings"
        style = self.style.ERROR if counts[ingest.FAILED] else self.style.SUCCESS
        out.write(style(line) if not as_json else line)


def _folder_name(path: str) -> str:
    """What a source made for pages of an unknown paper is called: the
    folder of the first PATH (the directory itself, or a file's folder);
    nothing for standard input (the importer then says "Import <date time>")."""
    if path == STDIN:
        return ""
    resolved = Path(path).resolve()
    return (resolved if resolved.is_dir() else resolved.parent).name


def _admin_path(batch: ImportBatch) -> str:
    """`` (/admin/newsdesk/importbatch/12/change/)``, or nothing when the
    site has no admin."""
    try:
        return f" ({reverse('admin:newsdesk_importbatch_change', args=[batch.pk])})"
    except NoReverseMatch:
        return ""


def _batch_label(paths: list[str]) -> str:
    """The batch's label in the admin: what was given on the command line."""
    label = "import_wire " + " ".join(paths)
    return label if len(label) <= 200 else label[:199] + "\u2026"


class _ReadOnce:
    """Standard input, read once and kept: the importer reads its inputs
    twice (to learn the run's furniture, then to import)."""

    def __init__(self, stream) -> None:
        self._stream = stream
        self._data: bytes | None = None

    def read(self, size: int = -1) -> bytes:
        if self._data is None:
            self._data = self._stream.read(size)
        return self._data
