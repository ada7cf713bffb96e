"""``manage.py poll_sources [--source SLUG ...] [--force] [--json]``: poll
the ingest sources that are due, from cron (every minute is fine: each
source is polled only once its ``poll_every`` minutes have passed).

A thin shell over :func:`newsdesk.sources.polling.poll_due_sources`.
Prints one line per polled source (skipped ones too at ``-v 2``, or when
named with ``--source``) and a count; ``--json`` prints one JSON list of
the reports instead.  Exit status 0 when every polled source succeeded, 1
when any failed (after every other source was polled), 2 for an unknown
slug (nothing is polled then).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from newsdesk.models import IngestSource
from newsdesk.sources.polling import poll_due_sources


class Command(BaseCommand):
    help = "Poll the ingest sources that are due and import what is new in the background."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--source", action="append", dest="slugs", metavar="SLUG",
            help="Poll only this source (repeat for several).",
        )
        parser.add_argument(
            "--force", action="store_true",
            help="Poll even if not due yet or disabled.",
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print the reports as a JSON list.")

    def handle(self, *args, slugs: list[str] | None, force: bool, as_json: bool, verbosity: int = 1, **options) -> None:
        if slugs:
            found = set(IngestSource.objects.filter(slug__in=slugs).values_list("slug", flat=True))
            unknown = sorted(set(slugs) - found)
            if unknown:
                raise CommandError(f"unknown ingest source: {', '.join(unknown)}", returncode=2)
        reports = poll_due_sources(slugs=slugs, force=force)
        polled = [report for report in reports if report.polled]
        failed = [report for report in polled if not report.ok]
        if as_json:
            self.stdout.write(json.dumps([report.as_dict() for report in reports], ensure_ascii=False, indent=2))
        else:
            for report in reports:
                if not report.ok:
                    self.stderr.write(report.summary())
                elif verbosity and (report.polled or slugs or verbosity > 1):
                    self.stdout.write(report.summary())
            if verbosity:
                new = sum(report.new for report in polled)
                self.stdout.write(
                    f"Polled {len(polled)} of {len(reports)} sources: {new} new items, {len(failed)} sources failed."
                )
        if failed:
            raise CommandError(f"{len(failed)} sources failed: {', '.join(report.slug for report in failed)}")
