"""Prepare the demo site: a demo login, sample wire stories, a weather widget.

Safe to run again: the user is reset to the demo password, re-imported
stories are recognised as duplicates and left as they are, the widget is
updated in place.  The samples are imported straight as published stories,
so no other article is ever touched: a story an editor imported by hand as a
draft stays a draft however often ``make demo`` runs.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from newsdesk.models import Article, WeatherWidget
from newsdesk.weather.service import refresh_widget

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "newsdesk-demo"
SAMPLES = Path(__file__).resolve().parents[3] / "wire_samples"


class Command(BaseCommand):
    help = "Create the demo login, import the sample wire texts and seed the weather widget."

    def handle(self, *args, **options) -> None:
        user, _ = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"email": "demo@example.com"}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(DEMO_PASSWORD)
        user.save()

        # The demo front page lists published stories: the samples are
        # imported as published.  A sample already stored (a re-run) is a
        # duplicate and left alone, and so is every other article.
        call_command(
            "import_wire", str(SAMPLES), "--status", Article.Status.PUBLISHED,
            stdout=self.stdout, stderr=self.stderr,
        )

        widget, _ = WeatherWidget.objects.update_or_create(
            slug="oman",
            defaults={
                "location": "OMAN",
                "latitude": Decimal("23.588"),
                "longitude": Decimal("58.3829"),
                "provider": "openweathermap",
                "description": "broken clouds",
                "low": Decimal("19"),
                "high": Decimal("19"),
                "unit": WeatherWidget.Unit.CELSIUS,
                "observed_at": timezone.now(),
                "active": True,
            },
        )
        # The demo has no OpenWeatherMap key (and no network): refreshing
        # fails, which shows editors what a failed refresh looks like in the
        # admin, while the page keeps the reading entered above.
        result = refresh_widget(widget)
        self.stdout.write(f"Weather refresh (expected to fail offline): {result.summary()}")
        self.stdout.write(self.style.SUCCESS("Demo ready."))
        self.stdout.write(f"Demo login: username {DEMO_USERNAME!r}, password {DEMO_PASSWORD!r}")
