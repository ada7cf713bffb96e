"""The provider interface, the reading it produces, and the errors it raises.

A provider has two halves on purpose: :meth:`WeatherProvider.parse` is pure
(JSON in, :class:`Reading` out, no network) so every documented payload
shape can be tested directly, and :meth:`WeatherProvider.fetch` is the only
place that talks HTTP, with one deadline per attempt covering the whole
exchange (:mod:`newsdesk.weather.deadline`) and one retry, so a slow or
broken provider can delay a cron job by seconds, never by minutes.  Values a
provider cannot mean (a time in year 9999, a UTC offset of eleven days) are
rejected with a :class:`WeatherDataError` naming the field, and ``fetch``
turns any other error raised while interpreting a payload into one too, so a
bad answer (or a provider's parsing bug) fails one widget, never the run.

No Django imports here: configuration arrives as constructor arguments.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from typing import Any, ClassVar

import httpx

from newsdesk.weather.deadline import Deadline, deadline_transport

logger = logging.getLogger(__name__)

#: Refuse bodies larger than this: a weather reading is a few kilobytes
#: (MET Norway's compact forecast, the largest, is well under 100 kB).
MAX_RESPONSE_BYTES = 2 * 1024 * 1024

#: Times a provider sends must fall in these years (inclusive).  A reading
#: is about now; the bounds only keep impossible values (year 1, year 9999,
#: Unix times of 10**20) from overflowing Python's datetime arithmetic.
EARLIEST_YEAR = 1970
LATEST_YEAR = 2100
#: Real time zones lie within UTC-12 and UTC+14; ISO 8601 offsets within ±18 h.
MAX_UTC_OFFSET_SECONDS = 18 * 60 * 60
_EARLIEST_UNIX_TIME = int(datetime(EARLIEST_YEAR, 1, 1, tzinfo=timezone.utc).timestamp())
_END_UNIX_TIME = int(datetime(LATEST_YEAR + 1, 1, 1, tzinfo=timezone.utc).timestamp())

#: Errors a parser may raise on a payload it did not expect; ``fetch`` turns
#: them into :class:`WeatherDataError` (see :meth:`WeatherProvider.fetch`).
PARSE_ERRORS: tuple[type[Exception], ...] = (
    ValueError, TypeError, OverflowError, ArithmeticError, RecursionError,
    KeyError, IndexError, AttributeError, OSError,
)


#: Kinds of failure (:attr:`WeatherError.kind`).  The widget stores the kind
#: beside the message, and the admin shows editors a sentence for the kind,
#: in their language; the message itself is for developers (the log, the
#: ``refresh_weather`` output and a "technical detail" line in the admin).
SETUP = "setup"  #: the site's configuration: no API key, a key refused, an unknown provider setting
LOCATION = "location"  #: the widget has no latitude/longitude (an editor can fix it)
PROVIDER = "provider"  #: the widget names a provider the site does not have (an editor can fix it)
UNAVAILABLE = "unavailable"  #: no answer in time, no connection, a 5xx or 429 answer: try later
ANSWER = "answer"  #: an answer that cannot be used: another HTTP error, a malformed body
KINDS = (SETUP, LOCATION, PROVIDER, UNAVAILABLE, ANSWER)


class WeatherError(Exception):
    """Anything that stops a provider producing a reading.  The refresh
    service records ``str(error)`` on the widget, so messages are short and
    name the cause; :attr:`kind` says what sort of failure it is."""

    kind: str = ANSWER


class WeatherConfigurationError(WeatherError):
    """The widget or settings cannot make a request (no coordinates, no key)."""

    kind = SETUP


class WeatherLocationMissing(WeatherConfigurationError):
    """The widget has no latitude/longitude."""

    kind = LOCATION


class UnknownWeatherProvider(WeatherConfigurationError):
    """No provider is registered under the name asked for."""

    kind = SETUP


class WeatherConnectionError(WeatherError):
    """The provider could not be reached (DNS, refused, reset)."""

    kind = UNAVAILABLE


class WeatherTimeout(WeatherError):
    """The provider did not answer within the configured timeout."""

    kind = UNAVAILABLE


class WeatherHTTPError(WeatherError):
    """The provider answered with a non-success status (including redirects,
    which are never followed).  401 and 403 are the site's key being
    refused (:data:`SETUP`); 429 and 5xx a busy or broken service
    (:data:`UNAVAILABLE`); anything else an unusable answer."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        if status_code in (401, 403):
            self.kind = SETUP
        elif status_code == 429 or status_code >= 500:
            self.kind = UNAVAILABLE


class WeatherDataError(WeatherError):
    """The provider answered 200 but the body is not the documented shape:
    malformed or truncated JSON, a missing field, a value of the wrong type."""

    kind = ANSWER


@dataclass(frozen=True)
class Reading:
    """One weather reading, whatever the provider.

    ``description`` uses OpenWeatherMap's vocabulary ("broken clouds") in
    English, or Arabic when the language asked for was Arabic.  ``low`` and
    ``high`` are in ``unit`` ("C" or "F"); either may be ``None`` when the
    provider had no figure.  ``observed_at`` is timezone-aware (UTC).
    """

    description: str
    low: Decimal | None
    high: Decimal | None
    unit: str
    observed_at: datetime | None
    provider: str = ""


class WeatherProvider:
    """Base class for providers.

    Subclasses set :attr:`name`, :attr:`attribution` (and the licence
    fields) and implement :meth:`request` (what to ask for) and
    :meth:`parse` (what the answer means).
    """

    #: The key used in ``WeatherWidget.provider`` and ``WEATHER_PROVIDERS``.
    name: ClassVar[str] = ""
    #: Human-readable provider name.
    label: ClassVar[str] = ""
    #: The credit line the provider's licence asks sites to show ("" = none).
    attribution: ClassVar[str] = ""
    #: Where the credit links to.
    attribution_url: ClassVar[str] = ""
    #: The licence's short name, shown after the credit ("CC BY 4.0").
    licence: ClassVar[str] = ""
    licence_url: ClassVar[str] = ""
    #: The public endpoint; ``WEATHER_PROVIDERS[name]["base_url"]`` overrides it.
    default_base_url: ClassVar[str] = ""

    def __init__(
        self,
        *,
        base_url: str | None = None,
        api_key: str = "",
        timeout: float = 5.0,
        user_agent: str = "newsdesk",
        units: str = "metric",
        language: str = "en",
        timezone: tzinfo | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = (base_url or self.default_base_url).rstrip("/")
        self.api_key = api_key
        self.timeout = float(timeout)
        self.user_agent = user_agent
        self.units = units
        self.language = language
        #: The zone whose calendar day "today" means (MET Norway's low/high).
        self.timezone = timezone
        self._transport = transport

    # --- the interface -------------------------------------------------

    def fetch(
        self,
        latitude: float | Decimal,
        longitude: float | Decimal,
        *,
        units: str | None = None,
        language: str | None = None,
    ) -> Reading:
        """Ask the provider about one place and return its reading.

        Raises a :class:`WeatherError` subclass for every way the provider
        can fail; never anything else for a provider's fault.  Parsers
        validate what they read and raise :class:`WeatherDataError`; as a
        safety net, any of :data:`PARSE_ERRORS` raised while interpreting
        the payload (a parser's own bug, or a value it did not foresee) is
        logged with its traceback and raised as :class:`WeatherDataError`,
        so one provider's bad answer never stops the other widgets'
        refresh.
        """
        if units not in (None, "metric", "imperial"):
            raise WeatherConfigurationError(f"units must be 'metric' or 'imperial', not {units!r}")
        if units is not None:
            self.units = units
        if language is not None:
            self.language = language
        url, params = self.request(latitude, longitude)
        payload = self.get_json(url, params)
        try:
            return self.parse(payload)
        except PARSE_ERRORS as error:
            logger.warning("%s: could not interpret the answer", self.name or type(self).__name__, exc_info=True)
            raise WeatherDataError(
                f"could not interpret the answer ({type(error).__name__}: {error})"
            ) from error

    def request(self, latitude: float | Decimal, longitude: float | Decimal) -> tuple[str, dict]:
        """The URL and query parameters for one place."""
        raise NotImplementedError

    def parse(self, payload: Any) -> Reading:
        """Turn the provider's decoded JSON into a :class:`Reading` (pure)."""
        raise NotImplementedError

    # --- helpers -------------------------------------------------------

    @property
    def unit(self) -> str:
        return "F" if self.units == "imperial" else "C"

    @property
    def is_arabic(self) -> bool:
        return (self.language or "").lower().startswith("ar")

    #: The key of the human-readable message in the provider's JSON error
    #: body, if it sends one (``{"reason": "..."}``, ``{"message": "..."}``).
    error_message_key: str | None = None

    def describe_http_error(self, response: httpx.Response) -> str:
        """A short reason for a non-success response, with the message from
        the provider's error body when it has one (providers may override
        to add advice)."""
        message = f"HTTP {response.status_code} {response.reason_phrase or 'error'}"
        if self.error_message_key is None:
            return message
        try:
            detail = response.json().get(self.error_message_key)
        except (ValueError, AttributeError):
            detail = None
        return f"{message}: {detail}" if isinstance(detail, str) and detail else message

    def get_json(self, url: str, params: dict) -> Any:
        """GET ``url`` and decode its JSON, with one retry on a connection
        error or a 5xx answer.  Each attempt has one deadline of
        ``timeout`` seconds for the whole exchange (connect, request,
        headers, body); a timeout is not retried, so the worst case is
        about twice ``timeout``: a 5xx or a dropped connection at the end
        of the first attempt, then a second attempt that times out."""
        attempts = 2
        for attempt in range(1, attempts + 1):
            try:
                return self._get_json_once(url, params)
            except (WeatherConnectionError, WeatherHTTPError) as error:
                retryable = isinstance(error, WeatherConnectionError) or (
                    error.status_code >= 500
                )
                if not retryable or attempt == attempts:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _get_json_once(self, url: str, params: dict) -> Any:
        headers = {"User-Agent": self.user_agent, "Accept": "application/json"}
        deadline = Deadline(self.timeout)
        # A transport given to the constructor (tests) is used as it is; the
        # body loop below still checks the deadline between chunks.
        transport = self._transport if self._transport is not None else deadline_transport(deadline, url)
        try:
            with httpx.Client(
                timeout=httpx.Timeout(self.timeout),
                follow_redirects=False,
                headers=headers,
                transport=transport,
            ) as client:
                with client.stream("GET", url, params=params) as response:
                    if not 200 <= response.status_code < 300:  # MET answers 203 for deprecated products
                        response.read()
                        raise WeatherHTTPError(
                            response.status_code, self.describe_http_error(response)
                        )
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > MAX_RESPONSE_BYTES:
                            raise WeatherDataError("response too large")
                        if deadline.passed:
                            raise WeatherTimeout(f"timed out after {self.timeout:g} s")
        except httpx.TimeoutException as error:
            raise WeatherTimeout(f"timed out after {self.timeout:g} s") from error
        except httpx.TransportError as error:
            raise WeatherConnectionError(f"could not connect: {error}") from error
        try:
            return json.loads(bytes(body))
        except (ValueError, UnicodeDecodeError) as error:
            raise WeatherDataError(f"malformed JSON: {error}") from error
        except RecursionError:  # "[[[[..." deeper than the interpreter's recursion limit
            raise WeatherDataError("malformed JSON: nested too deeply") from None


# --- small validating accessors shared by the parsers --------------------


def require(mapping: Any, *path: str | int) -> Any:
    """``payload["a"]["b"][0]`` that raises :class:`WeatherDataError` naming
    the missing path instead of ``KeyError``/``TypeError``."""
    value = mapping
    walked = []
    for key in path:
        walked.append(str(key))
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            raise WeatherDataError(f"missing field {'.'.join(walked)}") from None
    return value


def as_decimal(value: Any, field: str) -> Decimal:
    """A JSON number as a Decimal rounded to one place (the model's scale)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise WeatherDataError(f"{field} is not a number: {value!r}")
    number = Decimal(str(value))
    if not number.is_finite() or abs(number) >= 1000:
        # The model stores five digits, one after the point.
        raise WeatherDataError(f"{field} is not a plausible temperature: {value!r}")
    return number.quantize(Decimal("0.1"))


def as_text(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise WeatherDataError(f"{field} is not text: {value!r}")
    return value.strip()


def as_utc_offset(value: Any, field: str) -> tzinfo:
    """A JSON integer of seconds east of UTC as a fixed-offset zone."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise WeatherDataError(f"{field} is not an integer: {value!r}")
    if abs(value) > MAX_UTC_OFFSET_SECONDS:
        raise WeatherDataError(f"{field} is not a UTC offset (at most ±18 h): {value!r}")
    return timezone(timedelta(seconds=value))


def plausible_time(value: datetime, field: str) -> datetime:
    """``value`` unchanged if its year is within :data:`EARLIEST_YEAR` and
    :data:`LATEST_YEAR`; check before converting between zones, which
    overflows near year 1 and year 9999."""
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise WeatherDataError(
            f"{field} is not a plausible time (years {EARLIEST_YEAR}-{LATEST_YEAR}): {value.isoformat()!r}"
        )
    return value


def from_unix_time(value: Any, field: str) -> datetime:
    """A JSON integer of seconds since 1970 as an aware UTC datetime."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise WeatherDataError(f"{field} is not a Unix time: {value!r}")
    if not _EARLIEST_UNIX_TIME <= value < _END_UNIX_TIME:
        raise WeatherDataError(
            f"{field} is not a plausible Unix time (years {EARLIEST_YEAR}-{LATEST_YEAR}): {value!r}"
        )
    return datetime.fromtimestamp(value, tz=timezone.utc)


def format_coordinate(value: float | Decimal | str, places: int = 6) -> str:
    """A coordinate as a short decimal string ("23.588", not "23.588000"),
    rounded to ``places`` so the same place always makes the same URL
    (which is what providers' caches key on)."""
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places)).normalize()
    return f"{number:f}"


def celsius_to_fahrenheit(value: Decimal) -> Decimal:
    return (value * Decimal(9) / Decimal(5) + Decimal(32)).quantize(Decimal("0.1"))
