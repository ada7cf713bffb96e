"""The site's official Hijri calendar: ``HijriMonthStart`` rows plus settings.

Templates, the admin, the ``hijri_calendar`` command and the importer all go
through this module; the arithmetic itself lives in :mod:`newsdesk.calendars`.

Caching: building the calendar costs one query, so the built calendar is
kept in this process.  Saving or deleting a ``HijriMonthStart`` (admin,
importer, shell) drops it at once in the process that saved, and bumps a
version number in Django's cache so that other worker processes rebuild
within :data:`VERSION_CHECK_SECONDS`.  ``setting_changed`` drops it too, so
``override_settings(NEWSDESK=...)`` works in tests.

The cache is reached through :mod:`newsdesk.cache`, which fails soft.  While
the cache cannot be asked, the version is unknown: the process keeps its own
calendar and rebuilds it from the database every
:data:`VERSION_CHECK_SECONDS` (one query), so other processes' changes still
show within that time; a bump that cannot be written is skipped.
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime

from newsdesk import cache
from newsdesk.calendars import (
    HijriDate,
    InvalidMonthStarts,
    MonthInfo,
    MonthStart,
    OfficialCalendar,
    format_dual,
    format_hijri,
)
from newsdesk.calendars.formatting import (
    ARABIC_HIJRI_FORMAT,
    DIGIT_STYLES,
    WESTERN_DIGITS,
)
from newsdesk.calendars.official import month_label
from newsdesk.conf import newsdesk_settings
from newsdesk.models import HijriMonthStart

logger = logging.getLogger("newsdesk")

#: How often (seconds) a process asks the shared cache whether another
#: process changed the month starts.
VERSION_CHECK_SECONDS = 2.0
VERSION_CACHE_KEY = "newsdesk:hijri:version"
_FORMAT_CACHE_SIZE = 2048


@dataclass
class _State:
    calendar: OfficialCalendar | None = None
    version: object = None
    check_after: float = 0.0
    rejected: tuple[tuple[MonthStart, str], ...] = ()


_state = _State()
_formatted: dict[tuple, str] = {}
_lock = threading.Lock()


# --- the calendar ------------------------------------------------------------


def get_calendar() -> OfficialCalendar:
    """The calendar the site uses: recorded starts over the configured base.

    Stored starts that contradict each other are left out (and logged as
    errors) rather than breaking every page; the admin shows them flagged.
    """
    state = _state
    calendar = state.calendar
    if calendar is not None:
        now = time.monotonic()
        if now < state.check_after:
            return calendar
        version = cache.get(VERSION_CACHE_KEY)
        # An unknown version (cache down) never matches: rebuild, and look
        # again after VERSION_CHECK_SECONDS as usual.
        if version is not cache.UNAVAILABLE and version == state.version:
            state.check_after = now + VERSION_CHECK_SECONDS
            return calendar
        return _rebuild(version)
    return _rebuild(cache.get(VERSION_CACHE_KEY))


def _rebuild(version: object) -> OfficialCalendar:
    """Build the calendar from the rows; ``version`` was read from the cache
    before the rows, so a bump made meanwhile is seen at the next check."""
    with _lock:
        starts = [_as_month_start(row) for row in HijriMonthStart.objects.order_by("year", "month")]
        calendar, rejected = OfficialCalendar.lenient(
            starts, newsdesk_settings.CALENDAR, newsdesk_settings.HIJRI_OFFSET
        )
        for start, reason in rejected:
            logger.error("Hijri month start %s-%02d left out: %s", start.year, start.month, reason)
        _formatted.clear()
        _state.calendar = calendar
        _state.version = version
        _state.rejected = tuple(rejected)
        _state.check_after = time.monotonic() + VERSION_CHECK_SECONDS
        return calendar


def _as_month_start(row: HijriMonthStart) -> MonthStart:
    return MonthStart(row.year, row.month, row.starts_on, source=describe_source(row))


def describe_source(row: HijriMonthStart) -> str:
    """``"editor: Oman Moon Sighting Committee"`` / ``"observed, from muscat.txt"``."""
    if row.source == HijriMonthStart.Source.OBSERVED:
        return f"observed, from {row.source_name}" if row.source_name else "observed"
    return f"editor: {row.source_name}" if row.source_name else "editor"


def reset_calendar_cache(**kwargs) -> None:
    """Forget the built calendar in this process (``setting_changed`` receiver)."""
    _state.calendar = None
    _state.check_after = 0.0
    _formatted.clear()


def _month_starts_changed(**kwargs) -> None:
    """A ``HijriMonthStart`` was saved or deleted: rebuild here now, elsewhere soon."""
    reset_calendar_cache()

    def bump() -> None:
        reset_calendar_cache()
        cache.set(VERSION_CACHE_KEY, time.time_ns(), None)

    transaction.on_commit(bump)


def connect_signals() -> None:
    """Called from :mod:`newsdesk.signals` when the app is ready."""
    from django.core.signals import setting_changed
    from django.db.models.signals import post_delete, post_save

    setting_changed.connect(reset_calendar_cache, dispatch_uid="newsdesk.hijri.settings")
    post_save.connect(_month_starts_changed, sender=HijriMonthStart, dispatch_uid="newsdesk.hijri.saved")
    post_delete.connect(
        _month_starts_changed, sender=HijriMonthStart, dispatch_uid="newsdesk.hijri.deleted"
    )


# --- values from templates and callers ------------------------------------------


def local_date(value: object) -> datetime.date | None:
    """The site's civil date for ``value``, or ``None`` if it is not a date.

    Aware datetimes are converted to the current time zone
    (``timezone.localdate``: the date changes at local midnight, not at
    sunset); naive ones are taken as already local.  Strings may be ISO
    dates or datetimes.
    """
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = parse_datetime(text) if len(text) > 10 else parse_date(text)
        except ValueError:
            return None
        value = parsed
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            return timezone.localdate(value)
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return None


def hijri_for(value: object) -> HijriDate | None:
    """The official Hijri date for a date, datetime or ISO string; ``None``
    for bad input or a date outside the calendar's range."""
    day = local_date(value)
    if day is None:
        return None
    try:
        return get_calendar().to_hijri(day)
    except ValueError:
        return None


def month_names() -> list[str] | None:
    names = newsdesk_settings.HIJRI_MONTH_NAMES
    if names is None:
        return None
    if len(names) != 12:
        logger.error("NEWSDESK['HIJRI_MONTH_NAMES'] must list 12 names; using the default table")
        return None
    return list(names)


def output_language(lang: str | None = None) -> str:
    """``"ar"`` or ``"en"``: the language dates are printed in.

    ``lang`` (a tag's ``lang=`` argument) wins; without it, Django's active
    language.  ``"ar"`` and its regional forms (``"ar-om"``, ``"ar_SA"``)
    mean Arabic, any other language English.
    """
    if lang is None:
        lang = translation.get_language() or ""
    code = str(lang).lower().replace("_", "-")
    return "ar" if code == "ar" or code.startswith("ar-") else "en"


def output_digits(digits: str | None = None) -> str:
    """``"western"`` or ``"arabic-indic"``: ``digits`` (a tag's ``digits=``
    argument) if given and valid, else ``NEWSDESK["DATE_DIGITS"]``.

    Bad values are logged and passed over (``newsdesk.E016`` reports a bad
    setting at ``manage.py check``); tags never raise.
    """
    if digits is not None:
        if digits in DIGIT_STYLES:
            return digits
        logger.warning("digits=%r is not 'western' or 'arabic-indic'; using NEWSDESK['DATE_DIGITS']", digits)
    setting = newsdesk_settings.DATE_DIGITS
    if setting in DIGIT_STYLES:
        return setting
    logger.error("NEWSDESK['DATE_DIGITS'] is %r, not 'western' or 'arabic-indic'; using 'western'", setting)
    return WESTERN_DIGITS


def format_hijri_value(
    value: object, fmt: str | None = None, *, lang: str | None = None, digits: str | None = None
) -> str:
    """``value`` as a Hijri date; ``""`` (logged) if impossible.

    In English the format defaults to ``HIJRI_FORMAT``; in Arabic to
    ``"j F Y E"`` (``15 جمادى الآخرة 1447 هـ``).  ``lang`` and ``digits`` as
    for :func:`dual_date_text`.
    """
    hd = hijri_for(value)
    if hd is None:
        logger.warning("No Hijri date for %r", value)
        return ""
    lang = output_language(lang)
    if not fmt:
        fmt = ARABIC_HIJRI_FORMAT if lang == "ar" else newsdesk_settings.HIJRI_FORMAT
    return format_hijri(hd, fmt, month_names=month_names(), lang=lang, digits=output_digits(digits))


def dual_date_text(
    value: object,
    gregorian_format: str | None = None,
    hijri_format: str | None = None,
    *,
    lang: str | None = None,
    separator: str | None = None,
    digits: str | None = None,
) -> str:
    """The date bar for ``value``: ``"Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H"``,
    or in Arabic ``"الأحد 7 ديسمبر 2025 | 15 جمادى الآخرة 1447 هـ"``.

    ``lang`` defaults to the active language (see :func:`output_language`);
    ``digits`` to ``DATE_DIGITS`` and only changes Arabic output.  The
    format settings apply to English output; Arabic output uses
    ``"l j F Y"`` and ``"j F Y E"`` unless formats are passed.

    Never raises: bad input gives ``""``, a date outside the calendar gives
    the Gregorian part alone; both are logged.  Results are memoised per
    calendar, language and digits, since a page shows the same few dates
    many times.
    """
    day = local_date(value)
    if day is None:
        logger.warning("dual_date: %r is not a date", value)
        return ""
    calendar = get_calendar()
    lang = output_language(lang)
    digits = output_digits(digits)
    arabic = lang == "ar"
    if gregorian_format is None and not arabic:
        gregorian_format = newsdesk_settings.DUAL_DATE_FORMAT
    if hijri_format is None and not arabic:
        hijri_format = newsdesk_settings.HIJRI_FORMAT
    if separator is None:
        separator = newsdesk_settings.DUAL_DATE_SEPARATOR
    # Language and digits are in the key: a text cached for one must never
    # be served for another.
    key = (day, gregorian_format, hijri_format, lang, digits, separator)
    text = _formatted.get(key)
    if text is not None and _state.calendar is calendar:
        return text
    try:
        hd: HijriDate | None = calendar.to_hijri(day)
    except ValueError:
        logger.warning("dual_date: %s is outside the Hijri calendar's range", day.isoformat())
        hd = None
    text = format_dual(
        day, hd, gregorian_format, hijri_format,
        separator=separator, month_names=month_names(), lang=lang, digits=digits,
    )
    if len(_formatted) >= _FORMAT_CACHE_SIZE:
        _formatted.clear()
    _formatted[key] = text
    return text


def today_dual_date_text(*args, **kwargs) -> str:
    """The date bar for today in the site's time zone."""
    return dual_date_text(timezone.localdate(), *args, **kwargs)


# --- the month table (command and admin) ---------------------------------------------


def month_table(year: int) -> list[MonthInfo]:
    """Each month of Hijri ``year`` as the site will use it (``ValueError`` if out of range)."""
    return get_calendar().months(year)


def current_hijri_year() -> int:
    return get_calendar().to_hijri(timezone.localdate()).year


def rejected_starts() -> list[tuple[MonthStart, str]]:
    """Stored starts the site is ignoring because they contradict the others."""
    get_calendar()
    return list(_state.rejected)


def recorded_length(row: HijriMonthStart) -> int | None:
    """How long the month a row starts lasts, by the stored rows alone.

    Up to the next recorded month if that is recorded, else as the site's
    calendar has it.  Unlike the calendar, this shows impossible lengths
    (28, 31 days) left by bad rows, so the admin can flag them.
    """
    year, month = (row.year + 1, 1) if row.month == 12 else (row.year, row.month + 1)
    following = HijriMonthStart.objects.filter(year=year, month=month).values_list("starts_on", flat=True).first()
    if following is not None:
        return (following - row.starts_on).days
    try:
        return get_calendar().month_length(row.year, row.month)
    except ValueError:
        return None


def validate_month_start(year: int, month: int, starts_on: datetime.date, *, exclude_pk=None) -> None:
    """Raise :class:`InvalidMonthStarts` if this start cannot join the stored ones."""
    others = HijriMonthStart.objects.exclude(year=year, month=month)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    accepted, _ = OfficialCalendar.lenient(
        [_as_month_start(row) for row in others], newsdesk_settings.CALENDAR, newsdesk_settings.HIJRI_OFFSET
    )
    OfficialCalendar(
        [*accepted.records.values(), MonthStart(year, month, starts_on)],
        newsdesk_settings.CALENDAR, newsdesk_settings.HIJRI_OFFSET,
    )


# --- learning from imported pages -------------------------------------------------------


def record_observed_month_start(
    page_date: datetime.date, page_hijri: HijriDate, source_name: str
) -> str | None:
    """Record the month start an imported page's date bar implies.

    A page dated 2025-12-07 that prints 15 Jumada II 1447 says Jumada II
    began on 2025-11-23.  That is saved as ``source="observed"`` unless the
    month already has a record.  Returns ``None`` when nothing needs saying
    (saved, or an existing record agrees); otherwise a sentence for the
    import's warnings, and nothing is changed: an observation never
    overwrites a record, and one that would make a month shorter than 29 or
    longer than 30 days is not saved.
    """
    if not 1 <= page_hijri.month <= 12 or not 1 <= page_hijri.day <= 30:
        return f"The page's Hijri date {page_hijri.isoformat()} does not exist; no month start was recorded."
    label = month_label(page_hijri.year, page_hijri.month)
    starts_on = page_date - datetime.timedelta(days=page_hijri.day - 1)
    existing = HijriMonthStart.objects.filter(year=page_hijri.year, month=page_hijri.month).first()
    if existing is None:
        try:
            validate_month_start(page_hijri.year, page_hijri.month, starts_on)
        except InvalidMonthStarts as exc:
            return (
                f"The page says {label} began on {starts_on.isoformat()}, which does not fit the "
                f"recorded month starts ({exc}); it was not recorded."
            )
        try:
            observed = HijriMonthStart(
                year=page_hijri.year, month=page_hijri.month, starts_on=starts_on,
                source=HijriMonthStart.Source.OBSERVED, source_name=source_name[:255],
            )
            # Field validation here; the one-per-month rule is the database's
            # (a concurrent import loses with IntegrityError, below).
            observed.full_clean(validate_unique=False, validate_constraints=False)
            with transaction.atomic():
                observed.save()
            return None
        except IntegrityError:  # another import recorded it meanwhile
            existing = HijriMonthStart.objects.get(year=page_hijri.year, month=page_hijri.month)
    if existing.starts_on == starts_on:
        return None
    whose = (
        "an editor's record" if existing.source == HijriMonthStart.Source.EDITOR
        else f"a start observed on {existing.source_name or 'another page'}"
    )
    return (
        f"The page says {label} began on {starts_on.isoformat()}, but {whose} says "
        f"{existing.starts_on.isoformat()}; the record was kept. Check it under Hijri month starts."
    )
