"""OpenWeatherMap current weather (https://openweathermap.org/current).

Needs an API key (``WEATHER_PROVIDERS["openweathermap"]["api_key"]``).
Request: ``/data/2.5/weather?lat=..&lon=..&appid=..&units=metric&lang=..``.
Answer (the fields we read)::

    {"weather": [{"id": 803, "main": "Clouds", "description": "broken clouds", "icon": "04d"}],
     "main": {"temp": 19.0, "temp_min": 19.0, "temp_max": 19.0, ...},
     "dt": 1765083600, ...}

Low and high are ``main.temp_min`` / ``main.temp_max``: **not a forecast**
but the spread of temperatures observed across a large city right now, which
is why a small town often shows the same figure twice ("19°C / 19°C").  The
description is OpenWeatherMap's own, translated by them with ``lang=ar``.
Errors come as ``{"cod": 401, "message": "Invalid API key. ..."}``.
"""

from __future__ import annotations

from typing import Any

from newsdesk.weather.base import (
    Reading,
    WeatherConfigurationError,
    WeatherProvider,
    as_decimal,
    as_text,
    format_coordinate,
    from_unix_time,
    require,
)


class OpenWeatherMap(WeatherProvider):
    name = "openweathermap"
    label = "OpenWeatherMap"
    attribution = "Weather data by OpenWeather"
    attribution_url = "https://openweathermap.org/"
    licence = "CC BY-SA 4.0"
    licence_url = "https://creativecommons.org/licenses/by-sa/4.0/"
    default_base_url = "https://api.openweathermap.org"
    # Errors come as {"cod": 401, "message": "..."}.
    error_message_key = "message"

    def request(self, latitude, longitude) -> tuple[str, dict]:
        if not self.api_key:
            raise WeatherConfigurationError(
                "OpenWeatherMap needs an API key: set NEWSDESK['WEATHER_PROVIDERS']"
                "['openweathermap']['api_key']"
            )
        params = {
            "lat": format_coordinate(latitude),
            "lon": format_coordinate(longitude),
            "appid": self.api_key,
            "units": self.units,
            "lang": "ar" if self.is_arabic else "en",
        }
        return f"{self.base_url}/data/2.5/weather", params

    def parse(self, payload: Any) -> Reading:
        description = as_text(require(payload, "weather", 0, "description"), "weather[0].description")
        low = as_decimal(require(payload, "main", "temp_min"), "main.temp_min")
        high = as_decimal(require(payload, "main", "temp_max"), "main.temp_max")
        observed_at = from_unix_time(require(payload, "dt"), "dt")
        return Reading(
            description=description,
            low=low,
            high=high,
            unit=self.unit,
            observed_at=observed_at,
            provider=self.name,
        )
