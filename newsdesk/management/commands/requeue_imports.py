"""``manage.py requeue_imports``: enqueue again the background import items
whose task is gone or stuck.

A thin shell over :func:`newsdesk.background.requeue_stalled`.  A worker
killed in the middle of a story leaves its task "running" for ever and the
item queued; run this from cron (every ten minutes, say) and such items are
picked up by another worker.  Enqueuing an item that was not really stuck
is harmless: its task finds it done and changes nothing.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from newsdesk import background
from newsdesk.conf import newsdesk_settings


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise CommandError(f"--older-than takes a number of seconds, not {value!r}", returncode=2) from None
    if seconds < 0:
        raise CommandError("--older-than cannot be negative", returncode=2)
    return seconds


class Command(BaseCommand):
    help = "Enqueue again the background import items whose task failed, vanished or has been stuck too long."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--older-than", metavar="SECONDS", default=None,
            help="Count an item waiting or running for this long as stuck. "
            "Default: the IMPORT_STALLED_AFTER setting (600).",
        )

    def handle(self, *args, **options) -> None:
        older_than = (
            _seconds(options["older_than"]) if options["older_than"] is not None
            else newsdesk_settings.IMPORT_STALLED_AFTER
        )
        count = background.requeue_stalled(older_than=older_than)
        if options["verbosity"] >= 1:
            self.stdout.write(f"{count} stalled import items enqueued again")
