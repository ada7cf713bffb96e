"""Weather widgets (issue 13): the provider is a choice, empty by default.

* ``provider`` defaults to ``""`` (the site's ``WEATHER_PROVIDER``) instead
  of ``"open-meteo"``, and its choices come from
  :func:`newsdesk.models.weather_provider_choices`: the migration names the
  function, never the providers, so registering a provider needs no new
  migration.  No database change; existing rows are left as they are (a row
  reading ``"open-meteo"`` keeps that provider; a name no provider has is
  flagged in the admin and refused when the widget is next saved there).
* ``last_error_kind``: what sort of failure ``last_error`` records, from
  which the admin shows editors a translated sentence.  Existing errors get
  ``""`` and a general sentence until the next refresh.

Written by hand (as ``makemigrations`` would) after ``0005_news_sources``.
"""

import newsdesk.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("newsdesk", "0005_news_sources"),
    ]

    operations = [
        migrations.AlterField(
            model_name="weatherwidget",
            name="provider",
            field=models.CharField(
                blank=True,
                choices=newsdesk.models.weather_provider_choices,
                default="",
                help_text="Leave empty to use the site's default provider.",
                max_length=50,
                verbose_name="provider",
            ),
        ),
        migrations.AddField(
            model_name="weatherwidget",
            name="last_error_kind",
            field=models.CharField(blank=True, editable=False, max_length=20, verbose_name="kind of last error"),
        ),
    ]
