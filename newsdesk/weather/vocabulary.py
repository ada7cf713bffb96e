"""Weather words: one vocabulary for every provider.

OpenWeatherMap describes conditions in words ("broken clouds", condition
803).  Open-Meteo returns WMO weather codes and MET Norway returns symbol
codes; both are mapped here to the closest OpenWeatherMap description so a
site's widget reads the same whichever provider feeds it.  Arabic renderings
are newsdesk's own table (OpenWeatherMap translates its own words when asked
with ``lang=ar``).
"""

from __future__ import annotations

#: WMO weather interpretation codes (WW) as Open-Meteo documents them, mapped
#: to OpenWeatherMap's descriptions.  WMO 96/99 (thunderstorm with hail) has
#: no OpenWeatherMap word of its own and reads "thunderstorm".
WMO_CODES: dict[int, str] = {
    0: "clear sky",
    1: "few clouds",  # mainly clear
    2: "scattered clouds",  # partly cloudy
    3: "overcast clouds",
    45: "fog",
    48: "fog",  # depositing rime fog
    51: "light intensity drizzle",
    53: "drizzle",
    55: "heavy intensity drizzle",
    56: "freezing rain",  # freezing drizzle, light
    57: "freezing rain",  # freezing drizzle, dense
    61: "light rain",
    63: "moderate rain",
    65: "heavy intensity rain",
    66: "freezing rain",
    67: "freezing rain",
    71: "light snow",
    73: "snow",
    75: "heavy snow",
    77: "snow",  # snow grains
    80: "light intensity shower rain",
    81: "shower rain",
    82: "heavy intensity shower rain",
    85: "light shower snow",
    86: "heavy shower snow",
    95: "thunderstorm",
    96: "thunderstorm",
    99: "thunderstorm",
}

#: MET Norway symbol codes (without the ``_day`` / ``_night`` /
#: ``_polartwilight`` suffix), mapped to OpenWeatherMap's descriptions.
#: MET's own list spells two codes "lightssleet…" and "lightssnow…"; both
#: spellings are accepted.
MET_SYMBOLS: dict[str, str] = {
    "clearsky": "clear sky",
    "fair": "few clouds",
    "partlycloudy": "scattered clouds",
    "cloudy": "overcast clouds",
    "fog": "fog",
    "lightrain": "light rain",
    "rain": "moderate rain",
    "heavyrain": "heavy intensity rain",
    "lightrainshowers": "light intensity shower rain",
    "rainshowers": "shower rain",
    "heavyrainshowers": "heavy intensity shower rain",
    "lightsleet": "light shower sleet",
    "sleet": "sleet",
    "heavysleet": "sleet",
    "lightsleetshowers": "light shower sleet",
    "sleetshowers": "shower sleet",
    "heavysleetshowers": "shower sleet",
    "lightsnow": "light snow",
    "snow": "snow",
    "heavysnow": "heavy snow",
    "lightsnowshowers": "light shower snow",
    "snowshowers": "shower snow",
    "heavysnowshowers": "heavy shower snow",
    "lightrainandthunder": "thunderstorm with light rain",
    "rainandthunder": "thunderstorm with rain",
    "heavyrainandthunder": "thunderstorm with heavy rain",
    "lightrainshowersandthunder": "thunderstorm with light rain",
    "rainshowersandthunder": "thunderstorm with rain",
    "heavyrainshowersandthunder": "thunderstorm with heavy rain",
    "lightsleetandthunder": "thunderstorm",
    "sleetandthunder": "thunderstorm",
    "heavysleetandthunder": "thunderstorm",
    "lightsleetshowersandthunder": "thunderstorm",
    "lightssleetshowersandthunder": "thunderstorm",
    "sleetshowersandthunder": "thunderstorm",
    "heavysleetshowersandthunder": "thunderstorm",
    "lightsnowandthunder": "thunderstorm",
    "snowandthunder": "thunderstorm",
    "heavysnowandthunder": "thunderstorm",
    "lightsnowshowersandthunder": "thunderstorm",
    "lightssnowshowersandthunder": "thunderstorm",
    "snowshowersandthunder": "thunderstorm",
    "heavysnowshowersandthunder": "thunderstorm",
}

#: Arabic for every word above (Modern Standard Arabic, as Gulf weather
#: pages print it).
ARABIC: dict[str, str] = {
    "clear sky": "سماء صافية",
    "few clouds": "غيوم قليلة",
    "scattered clouds": "غيوم متفرقة",
    "broken clouds": "غيوم متقطعة",
    "overcast clouds": "غائم كلياً",
    "fog": "ضباب",
    "mist": "ضباب خفيف",
    "haze": "غبار خفيف",
    "dust": "غبار",
    "sand": "رمال",
    "light intensity drizzle": "رذاذ خفيف",
    "drizzle": "رذاذ",
    "heavy intensity drizzle": "رذاذ كثيف",
    "freezing rain": "مطر متجمد",
    "light rain": "مطر خفيف",
    "moderate rain": "مطر معتدل",
    "heavy intensity rain": "مطر غزير",
    "light intensity shower rain": "زخات مطر خفيفة",
    "shower rain": "زخات مطر",
    "heavy intensity shower rain": "زخات مطر غزيرة",
    "light snow": "ثلوج خفيفة",
    "snow": "ثلوج",
    "heavy snow": "ثلوج كثيفة",
    "light shower snow": "زخات ثلج خفيفة",
    "shower snow": "زخات ثلج",
    "heavy shower snow": "زخات ثلج كثيفة",
    "sleet": "مطر ثلجي",
    "light shower sleet": "زخات مطر ثلجي خفيفة",
    "shower sleet": "زخات مطر ثلجي",
    "thunderstorm": "عاصفة رعدية",
    "thunderstorm with light rain": "عاصفة رعدية مع مطر خفيف",
    "thunderstorm with rain": "عاصفة رعدية مع مطر",
    "thunderstorm with heavy rain": "عاصفة رعدية مع مطر غزير",
}


def translate(description: str, *, arabic: bool) -> str:
    """The description in Arabic when asked and known, else as given."""
    if arabic:
        return ARABIC.get(description, description)
    return description


def wmo_description(code: int) -> str | None:
    return WMO_CODES.get(code)


def met_description(symbol_code: str) -> str | None:
    base = symbol_code.split("_", 1)[0]
    return MET_SYMBOLS.get(base)
