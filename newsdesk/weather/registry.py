"""Provider names → classes.  The names are what ``WeatherWidget.provider``
and the ``WEATHER_PROVIDER`` / ``WEATHER_PROVIDERS`` settings use."""

from __future__ import annotations

from newsdesk.weather.base import UnknownWeatherProvider, WeatherProvider
from newsdesk.weather.met_norway import MetNorway
from newsdesk.weather.open_meteo import OpenMeteo
from newsdesk.weather.openweathermap import OpenWeatherMap

PROVIDERS: dict[str, type[WeatherProvider]] = {
    OpenMeteo.name: OpenMeteo,
    OpenWeatherMap.name: OpenWeatherMap,
    MetNorway.name: MetNorway,
}


def provider_class(name: str) -> type[WeatherProvider]:
    try:
        return PROVIDERS[name]
    except KeyError:
        known = ", ".join(sorted(PROVIDERS))
        raise UnknownWeatherProvider(f"unknown weather provider {name!r} (known: {known})") from None
