"""Open-Meteo (https://open-meteo.com/en/docs): the default provider.

No key for the free tier, which is for non-commercial use only; a commercial
site sets ``api_key`` and is then sent to ``customer-api.open-meteo.com``.
Data is CC BY 4.0.

Request: ``/v1/forecast?latitude=..&longitude=..&current=temperature_2m,
weather_code&daily=temperature_2m_max,temperature_2m_min&timezone=auto
&forecast_days=1``.  Answer (the fields we read)::

    {"utc_offset_seconds": 14400,
     "current": {"time": "2025-12-07T09:00", "temperature_2m": 21.4, "weather_code": 3},
     "daily_units": {"temperature_2m_max": "°C", "temperature_2m_min": "°C"},
     "daily": {"time": ["2025-12-07"],
               "temperature_2m_max": [24.9], "temperature_2m_min": [19.0]}}

Low and high are **today's forecast** minimum and maximum (``daily``, day 0,
in the location's own time zone because of ``timezone=auto``); the
description is the current WMO weather code in OpenWeatherMap's words.
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
    as_utc_offset,
    format_coordinate,
    plausible_time,
    require,
)
from newsdesk.weather.vocabulary import translate, wmo_description

CUSTOMER_BASE_URL = "https://customer-api.open-meteo.com"


class OpenMeteo(WeatherProvider):
    name = "open-meteo"
    label = "Open-Meteo"
    attribution = "Weather data by Open-Meteo.com"
    attribution_url = "https://open-meteo.com/"
    licence = "CC BY 4.0"
    licence_url = "https://creativecommons.org/licenses/by/4.0/"
    default_base_url = "https://api.open-meteo.com"
    # Errors come as {"error": true, "reason": "..."}.
    error_message_key = "reason"

    def __init__(self, *, base_url: str | None = None, api_key: str = "", **kwargs: Any) -> None:
        # With a key and no explicit URL, use the commercial endpoint: the
        # free one rejects commercial use by its terms, not by a status code.
        if api_key and not base_url:
            base_url = CUSTOMER_BASE_URL
        super().__init__(base_url=base_url, api_key=api_key, **kwargs)

    def request(self, latitude, longitude) -> tuple[str, dict]:
        params = {
            "latitude": format_coordinate(latitude),
            "longitude": format_coordinate(longitude),
            "current": "temperature_2m,weather_code",
            "daily": "temperature_2m_max,temperature_2m_min",
            "timezone": "auto",
            "forecast_days": "1",
        }
        if self.units == "imperial":
            params["temperature_unit"] = "fahrenheit"
        if self.api_key:
            params["apikey"] = self.api_key
        return f"{self.base_url}/v1/forecast", params

    def parse(self, payload: Any) -> Reading:
        code = require(payload, "current", "weather_code")
        if isinstance(code, bool) or not isinstance(code, (int, float)) or code != int(code):
            raise WeatherDataError(f"current.weather_code is not a WMO code: {code!r}")
        description = wmo_description(int(code))
        if description is None:
            raise WeatherDataError(f"unknown WMO weather code {int(code)}")
        low = as_decimal(require(payload, "daily", "temperature_2m_min", 0), "daily.temperature_2m_min")
        high = as_decimal(require(payload, "daily", "temperature_2m_max", 0), "daily.temperature_2m_max")
        daily_units = payload.get("daily_units")
        unit_label = daily_units.get("temperature_2m_max", "") if isinstance(daily_units, dict) else ""
        unit = "F" if "F" in unit_label else ("C" if "C" in unit_label else self.unit)
        return Reading(
            description=translate(description, arabic=self.is_arabic),
            low=low,
            high=high,
            unit=unit,
            observed_at=_local_time(payload),
            provider=self.name,
        )


def _local_time(payload: dict) -> datetime:
    """``current.time`` is local wall time ("2025-12-07T09:00") in the zone
    ``utc_offset_seconds`` names; return it as an aware UTC datetime."""
    text = as_text(require(payload, "current", "time"), "current.time")
    offset = as_utc_offset(require(payload, "utc_offset_seconds"), "utc_offset_seconds")
    try:
        local = datetime.fromisoformat(text)
    except ValueError:
        raise WeatherDataError(f"current.time is not an ISO time: {text!r}") from None
    plausible_time(local, "current.time")
    if local.tzinfo is None:
        local = local.replace(tzinfo=offset)
    return local.astimezone(timezone.utc)


__all__ = ["OpenMeteo"]
