"""Signal receivers, connected when the app is ready.

Kept in one module so that ``NewsdeskConfig.ready()`` has a single import to
make.  Receivers here only invalidate caches; they never do work a request is
waiting for.
"""

from __future__ import annotations

from django.core.signals import setting_changed

from newsdesk.sanitize import reset_policy_cache

# The sanitiser caches its built policy; override_settings(NEWSDESK=...) must drop it.
setting_changed.connect(reset_policy_cache, dispatch_uid="newsdesk.sanitize.reset_policy_cache")

# The Hijri calendar is built from HijriMonthStart rows and cached; see newsdesk.hijri.
from newsdesk.hijri import connect_signals as _connect_hijri_signals  # noqa: E402

_connect_hijri_signals()


# --- weather widget: drop the cached reading when an editor changes a widget ---
from django.db.models.signals import post_delete, post_save  # noqa: E402

from newsdesk.models import WeatherWidget  # noqa: E402


def _forget_weather_widget(sender, instance: WeatherWidget, **kwargs) -> None:
    from newsdesk.weather.service import forget

    forget(instance.slug)


post_save.connect(_forget_weather_widget, sender=WeatherWidget, dispatch_uid="newsdesk_weather_saved")
post_delete.connect(_forget_weather_widget, sender=WeatherWidget, dispatch_uid="newsdesk_weather_deleted")
