"""MET Norway Locationforecast 2.0, compact
(https://api.met.no/weatherapi/locationforecast/2.0/documentation).

Free, including commercial use, under CC BY 4.0 with credit to MET Norway;
the terms require an identifying User-Agent (application and contact), at
most 4 decimals in coordinates, and modest request rates.
Request: ``/weatherapi/locationforecast/2.0/compact?lat=..&lon=..``.
Answer (GeoJSON; the fields we read)::

    {"type": "Feature",
     "properties": {
       "meta": {"updated_at": "...", "units": {"air_temperature": "celsius", ...}},
       "timeseries": [
         {"time": "2025-12-07T05:00:00Z",
          "data": {"instant": {"details": {"air_temperature": 19.0, ...}},
                   "next_1_hours": {"summary": {"symbol_code": "partlycloudy_day"}, ...},
                   "next_6_hours": {...}, "next_12_hours": {...}}},
         ...]}}

The description is the first entry's ``next_1_hours`` symbol (else
``next_6_hours``, ``next_12_hours``) mapped to OpenWeatherMap's words.  Low
and high are the **forecast for the rest of today**: the lowest and highest
``air_temperature`` among the hourly entries falling on the first entry's
calendar day in the site's time zone.  Temperatures are always Celsius;
they are converted when ``units`` is ``imperial``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from newsdesk.weather.base import (
    Reading,
    WeatherDataError,
    WeatherProvider,
    as_decimal,
    as_text,
    celsius_to_fahrenheit,
    format_coordinate,
    plausible_time,
    require,
)
from newsdesk.weather.vocabulary import met_description, translate


class MetNorway(WeatherProvider):
    name = "met-norway"
    label = "MET Norway"
    attribution = "Weather data from MET Norway"
    attribution_url = "https://api.met.no/"
    licence = "CC BY 4.0"
    licence_url = "https://creativecommons.org/licenses/by/4.0/"
    default_base_url = "https://api.met.no"

    def request(self, latitude, longitude) -> tuple[str, dict]:
        # MET's terms: no more than four decimals (more defeats their cache).
        params = {
            "lat": format_coordinate(latitude, 4),
            "lon": format_coordinate(longitude, 4),
        }
        return f"{self.base_url}/weatherapi/locationforecast/2.0/compact", params

    def parse(self, payload: Any) -> Reading:
        series = require(payload, "properties", "timeseries")
        if not isinstance(series, list) or not series:
            raise WeatherDataError("properties.timeseries is empty")
        first = series[0]
        observed_at = _utc(require(first, "time"), "timeseries[0].time")
        symbol = _symbol(first)
        description = met_description(symbol) or symbol.split("_", 1)[0]

        unit_name = require(payload, "properties", "meta", "units", "air_temperature")
        if unit_name != "celsius":
            raise WeatherDataError(f"unexpected temperature unit {unit_name!r}")

        zone = self.timezone or timezone.utc
        today = observed_at.astimezone(zone).date()
        temperatures = []
        for index, entry in enumerate(series):
            when = _utc(require(entry, "time"), f"timeseries[{index}].time")
            if when.astimezone(zone).date() != today:
                continue
            value = require(entry, "data", "instant", "details", "air_temperature")
            temperatures.append(as_decimal(value, f"timeseries[{index}].air_temperature"))
        low, high = min(temperatures), max(temperatures)  # the first entry is always today
        if self.units == "imperial":
            low, high = celsius_to_fahrenheit(low), celsius_to_fahrenheit(high)
        return Reading(
            description=translate(description, arabic=self.is_arabic),
            low=low,
            high=high,
            unit=self.unit,
            observed_at=observed_at,
            provider=self.name,
        )

    def describe_http_error(self, response) -> str:
        message = super().describe_http_error(response)
        if response.status_code == 403:
            return f"{message} (MET Norway refuses requests without an identifying User-Agent)"
        if response.status_code == 429:
            return f"{message} (throttled: refresh less often)"
        return message


def _symbol(entry: dict) -> str:
    data = require(entry, "data")
    for period in ("next_1_hours", "next_6_hours", "next_12_hours"):
        if isinstance(data, dict) and isinstance(data.get(period), dict):
            return as_text(
                require(data[period], "summary", "symbol_code"), f"{period}.summary.symbol_code"
            )
    raise WeatherDataError("missing field timeseries[0].data.next_1_hours.summary.symbol_code")


def _utc(value: Any, field: str) -> datetime:
    text = as_text(value, field)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise WeatherDataError(f"{field} is not an ISO time: {text!r}") from None
    if parsed.tzinfo is None:
        raise WeatherDataError(f"{field} has no time zone: {text!r}")
    return plausible_time(parsed, field).astimezone(timezone.utc)
