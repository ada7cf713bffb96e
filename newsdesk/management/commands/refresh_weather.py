"""``manage.py refresh_weather [SLUG ...]``: fetch new readings for weather
widgets.  Safe to run from cron every few minutes.

A thin shell over :func:`newsdesk.weather.service.refresh_widgets`.  Prints
one line per widget (the new reading, or why not).  Exit status: 0 when at
least one widget refreshed (or there was nothing to do), 1 when every widget
failed, 2 for an unknown slug (nothing is refreshed then).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from newsdesk.models import WeatherWidget
from newsdesk.weather.service import refresh_widgets


class Command(BaseCommand):
    help = (
        "Refresh weather widgets from their providers: every active widget, "
        "or only the SLUGs given (even if inactive)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="Widgets to refresh (default: all active).")

    def handle(self, *args, slugs: list[str], verbosity: int = 1, **options) -> None:
        if slugs:
            widgets = list(WeatherWidget.objects.filter(slug__in=slugs))
            unknown = sorted(set(slugs) - {w.slug for w in widgets})
            if unknown:
                raise CommandError(f"unknown weather widget: {', '.join(unknown)}", returncode=2)
        else:
            widgets = list(WeatherWidget.objects.filter(active=True))
        if not widgets:
            if verbosity:
                self.stdout.write("No active weather widgets.")
            return

        results = refresh_widgets(widgets)
        for result in results:
            if result.ok:
                if verbosity:
                    self.stdout.write(result.summary())
            else:
                self.stderr.write(result.summary())
        refreshed = sum(result.ok for result in results)
        if verbosity:
            self.stdout.write(f"Refreshed {refreshed} of {len(results)} weather widgets.")
        if refreshed == 0:
            raise CommandError(f"every weather widget failed to refresh ({len(results)})")
