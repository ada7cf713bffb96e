"""Weather providers: each turns one provider's documented JSON into a
:class:`~newsdesk.weather.base.Reading`.

Everything in this package except :mod:`newsdesk.weather.service` is free of
Django, so parsing can be tested (and reused) without settings or a
database.  The service module is the Django layer: it picks a provider from
``NEWSDESK`` settings, stores readings on :class:`~newsdesk.models.WeatherWidget`
rows and in Django's cache.
"""

from __future__ import annotations

from newsdesk.weather.base import (
    Reading,
    UnknownWeatherProvider,
    WeatherConfigurationError,
    WeatherConnectionError,
    WeatherDataError,
    WeatherError,
    WeatherHTTPError,
    WeatherLocationMissing,
    WeatherProvider,
    WeatherTimeout,
)
from newsdesk.weather.registry import PROVIDERS, provider_class

__all__ = [
    "PROVIDERS",
    "Reading",
    "UnknownWeatherProvider",
    "WeatherConfigurationError",
    "WeatherConnectionError",
    "WeatherDataError",
    "WeatherError",
    "WeatherHTTPError",
    "WeatherLocationMissing",
    "WeatherProvider",
    "WeatherTimeout",
    "provider_class",
]
