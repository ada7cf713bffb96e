"""``manage.py hijri_calendar [--year 1447]``: the month table the site will use.

One line per month: number, name, first day, length, and where the start
came from (an editor's record, an imported page, or calculated).  A thin
shell over :func:`newsdesk.hijri.month_table`.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from newsdesk.calendars import HIJRI_MONTHS_EN
from newsdesk.hijri import current_hijri_year, month_table, rejected_starts


class Command(BaseCommand):
    help = "Print the Hijri month table the site will use, and where each month's start came from."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, help="Hijri year (default: the current one).")

    def handle(self, *args, year: int | None = None, verbosity: int = 1, **options) -> None:
        try:
            year = year if year is not None else current_hijri_year()
            months = month_table(year)
        except ValueError as exc:
            raise CommandError(f"cannot show Hijri year {year}: {exc}") from None
        self.stdout.write(f"Hijri year {year}")
        for info in months:
            self.stdout.write(
                f"{info.month:>2}  {HIJRI_MONTHS_EN[info.month - 1]:<18} "
                f"{info.starts_on.isoformat()}  {info.length} days  {info.origin}"
            )
        recorded = sum(info.recorded for info in months)
        if verbosity:
            self.stdout.write(f"{recorded} of 12 starts recorded, {12 - recorded} calculated.")
        for start, reason in rejected_starts():
            self.stderr.write(f"ignored record {start.year}-{start.month:02d}: {reason}")
