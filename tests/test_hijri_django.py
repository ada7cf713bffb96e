"""The Django layer: HijriMonthStart rows feeding templates, the admin, the
command and the importer hook.  Real database rows, real templates."""

from __future__ import annotations

import datetime
import io
import logging
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.template import Context, Template
from django.test import override_settings
from django.utils import timezone, translation

from newsdesk import hijri as hijri_layer
from newsdesk.calendars import HijriDate
from newsdesk.models import HijriMonthStart

D = datetime.date
SEED_LINE = "Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H"
UMM_AL_QURA_LINE = "Sunday, December 07, 2025 | Jumada al-akhirah 16, 1447 H"
# The seed day in Arabic: Sunday is الأحد, December ديسمبر, Jumada II جمادى الآخرة.
ARABIC_LINE = "الأحد 7 ديسمبر 2025 | 15 جمادى الآخرة 1447 هـ"
ARABIC_INDIC_LINE = "الأحد ٧ ديسمبر ٢٠٢٥ | ١٥ جمادى الآخرة ١٤٤٧ هـ"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_calendar():
    # Rows from other tests are rolled back without a post_delete signal;
    # start and end every test with no built calendar.
    hijri_layer.reset_calendar_cache()
    yield
    hijri_layer.reset_calendar_cache()


def render(source: str, **context) -> str:
    return Template("{% load newsdesk %}" + source).render(Context(context))


def seed_record(**kwargs) -> HijriMonthStart:
    return HijriMonthStart.objects.create(year=1447, month=6, starts_on=D(2025, 11, 23), **kwargs)


# --- template tags ---


def test_seed_line_from_a_date_and_one_record():
    seed_record()
    assert render("{% dual_date d %}", d=D(2025, 12, 7)) == SEED_LINE


def test_without_records_umm_al_qura():
    assert render("{% dual_date d %}", d=D(2025, 12, 7)) == UMM_AL_QURA_LINE


@pytest.mark.parametrize(
    "value",
    [
        D(2025, 12, 7),
        datetime.datetime(2025, 12, 7, 23, 30),  # naive: already local
        # aware, UTC: 21:00 on the 6th is 01:00 on the 7th in Muscat (UTC+4)
        datetime.datetime(2025, 12, 6, 21, 0, tzinfo=datetime.timezone.utc),
        "2025-12-07",
        "2025-12-07T10:00:00+04:00",
    ],
)
def test_accepted_values(value):
    seed_record()
    assert render("{% dual_date d %}", d=value) == SEED_LINE


def test_aware_datetime_before_local_midnight_is_the_previous_day():
    seed_record()
    # 19:59 UTC on the 7th is 23:59 in Muscat: still the 7th; 20:00 UTC is the 8th.
    late = datetime.datetime(2025, 12, 7, 19, 59, tzinfo=datetime.timezone.utc)
    next_day = datetime.datetime(2025, 12, 7, 20, 0, tzinfo=datetime.timezone.utc)
    assert render("{% dual_date d %}", d=late) == SEED_LINE
    assert render("{% dual_date d %}", d=next_day) == "Monday, December 08, 2025 | Jumada al-akhirah 16, 1447 H"


def test_hijri_filter():
    seed_record()
    assert render("{{ d|hijri }}", d=D(2025, 12, 7)) == "Jumada al-akhirah 15, 1447 H"
    assert render('{{ d|hijri:"F j, Y" }}', d=D(2025, 12, 7)) == "Jumada al-akhirah 15, 1447"


def test_arabic_form():
    seed_record()
    assert render('{% dual_date d lang="ar" %}', d=D(2025, 12, 7)) == ARABIC_LINE
    assert render('{% dual_date d lang="ar" digits="arabic-indic" %}', d=D(2025, 12, 7)) == ARABIC_INDIC_LINE


def test_explicit_formats():
    seed_record()
    assert render('{% dual_date d "j F Y" "j F Y E" separator=" - " %}', d=D(2025, 12, 7)) == (
        "7 December 2025 - 15 Jumada al-akhirah 1447 H"
    )


@pytest.mark.parametrize("language", ["ar", "ar-om", "ar-dz"])
def test_arabic_active_language_prints_arabic(language):
    seed_record()
    with translation.override(language):
        assert render("{% dual_date d %}", d=D(2025, 12, 7)) == ARABIC_LINE
        assert render("{{ d|hijri }}", d=D(2025, 12, 7)) == "15 جمادى الآخرة 1447 هـ"
        assert render('{{ d|hijri:"j F" }}', d=D(2025, 12, 7)) == "15 جمادى الآخرة"


@pytest.mark.parametrize("language", ["en", "en-gb", "fr", "arn"])  # arn: Mapudungun, not Arabic
def test_other_active_languages_print_the_seed_english(language):
    seed_record()
    with translation.override(language):
        assert render("{% dual_date d %}", d=D(2025, 12, 7)) == SEED_LINE
        assert render("{{ d|hijri }}", d=D(2025, 12, 7)) == "Jumada al-akhirah 15, 1447 H"


def test_language_block_in_a_template():
    seed_record()
    source = '{% load i18n %}{% language "ar" %}{% dual_date d %}{% endlanguage %} / {% dual_date d %}'
    with translation.override("en"):
        assert render(source, d=D(2025, 12, 7)) == f"{ARABIC_LINE} / {SEED_LINE}"


def test_explicit_lang_wins_over_the_active_language():
    seed_record()
    with translation.override("ar"):
        assert render('{% dual_date d lang="en" %}', d=D(2025, 12, 7)) == SEED_LINE
    with translation.override("en"):
        assert render('{% dual_date d lang="ar" %}', d=D(2025, 12, 7)) == ARABIC_LINE


def test_today_dual_date_follows_the_language():
    today = timezone.localdate()
    with translation.override("ar"):
        arabic = render("{% today_dual_date %}")
        assert arabic == render("{% dual_date d %}", d=today)
        assert render('{% today_dual_date digits="arabic-indic" %}') == render(
            '{% dual_date d digits="arabic-indic" %}', d=today
        )
        assert render('{% today_dual_date lang="en" %}') == render('{% dual_date d lang="en" %}', d=today)
    weekday = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"][today.weekday()]
    assert arabic.startswith(f"{weekday} {today.day} ")
    assert arabic.endswith(" هـ")


def test_date_digits_setting_changes_arabic_output():
    seed_record()
    with translation.override("ar"):
        with override_settings(NEWSDESK={"DATE_DIGITS": "arabic-indic"}):
            assert render("{% dual_date d %}", d=D(2025, 12, 7)) == ARABIC_INDIC_LINE
            assert render("{{ d|hijri }}", d=D(2025, 12, 7)) == "١٥ جمادى الآخرة ١٤٤٧ هـ"
            assert render("{% today_dual_date %}") == render("{% dual_date d %}", d=timezone.localdate())
        with override_settings(NEWSDESK={"DATE_DIGITS": "western"}):
            assert render("{% dual_date d %}", d=D(2025, 12, 7)) == ARABIC_LINE


def test_date_digits_setting_leaves_english_alone():
    seed_record()
    with override_settings(NEWSDESK={"DATE_DIGITS": "arabic-indic"}), translation.override("en"):
        assert render("{% dual_date d %}", d=D(2025, 12, 7)) == SEED_LINE
        assert render('{% dual_date d digits="arabic-indic" %}', d=D(2025, 12, 7)) == SEED_LINE
        assert render("{{ d|hijri }}", d=D(2025, 12, 7)) == "Jumada al-akhirah 15, 1447 H"


def test_per_call_digits_win_over_the_setting():
    seed_record()
    with translation.override("ar"):
        assert render('{% dual_date d digits="arabic-indic" %}', d=D(2025, 12, 7)) == ARABIC_INDIC_LINE
        with override_settings(NEWSDESK={"DATE_DIGITS": "arabic-indic"}):
            assert render('{% dual_date d digits="western" %}', d=D(2025, 12, 7)) == ARABIC_LINE


def test_bad_digits_are_logged_and_passed_over(caplog):
    seed_record()
    with translation.override("ar"), caplog.at_level(logging.WARNING, logger="newsdesk"):
        with override_settings(NEWSDESK={"DATE_DIGITS": "arabic-indic"}):
            # a bad per-call value falls back to the setting
            assert render('{% dual_date d digits="hindi" %}', d=D(2025, 12, 7)) == ARABIC_INDIC_LINE
        with override_settings(NEWSDESK={"DATE_DIGITS": "eastern"}):
            # a bad setting (newsdesk.E016) falls back to Western digits
            assert render("{% dual_date d %}", d=D(2025, 12, 7)) == ARABIC_LINE
    assert "'hindi'" in caplog.text and "'eastern'" in caplog.text


def test_arabic_output_honours_official_month_starts():
    # Without a record Umm al-Qura says 16 Jumada II; Oman's recorded start says 15.
    with translation.override("ar"):
        assert render("{% dual_date d %}", d=D(2025, 12, 7)) == "الأحد 7 ديسمبر 2025 | 16 جمادى الآخرة 1447 هـ"
        seed_record()
        assert render("{% dual_date d %}", d=D(2025, 12, 7)) == ARABIC_LINE
        assert render('{% dual_date d digits="arabic-indic" %}', d=D(2025, 12, 7)) == ARABIC_INDIC_LINE
        assert render("{{ d|hijri }}", d=D(2025, 12, 7)) == "15 جمادى الآخرة 1447 هـ"
        # 2025-11-23 is 1 Jumada II by the record (Umm al-Qura: the 22nd).
        assert render("{{ d|hijri }}", d=D(2025, 11, 23)) == "1 جمادى الآخرة 1447 هـ"


def test_memoised_texts_never_leak_between_languages_or_digits():
    seed_record()
    day = D(2025, 12, 7)
    # Same date, same (default) formats, one after another in one process.
    with translation.override("en"):
        assert hijri_layer.dual_date_text(day) == SEED_LINE
    with translation.override("ar"):
        assert hijri_layer.dual_date_text(day) == ARABIC_LINE
        assert hijri_layer.dual_date_text(day, digits="arabic-indic") == ARABIC_INDIC_LINE
        assert hijri_layer.dual_date_text(day) == ARABIC_LINE
        with override_settings(NEWSDESK={"DATE_DIGITS": "arabic-indic"}):
            assert hijri_layer.dual_date_text(day) == ARABIC_INDIC_LINE
    with translation.override("en"):
        assert hijri_layer.dual_date_text(day) == SEED_LINE
        assert hijri_layer.dual_date_text(day, digits="arabic-indic") == SEED_LINE


@pytest.mark.parametrize("value", ["junk", "2025-13-45", None, 42, ""])
def test_bad_input_prints_nothing_and_logs(value, caplog):
    with caplog.at_level(logging.WARNING, logger="newsdesk"):
        assert render("[{% dual_date d %}]", d=value) == "[]"
        assert render("[{{ d|hijri }}]", d=value) == "[]"
    assert any(record.name == "newsdesk" for record in caplog.records)


def test_out_of_range_prints_the_gregorian_part_and_logs(caplog):
    with caplog.at_level(logging.WARNING, logger="newsdesk"):
        assert render("{% dual_date d %}", d=D(2090, 1, 1)) == "Sunday, January 01, 2090"
    assert "outside" in caplog.text


def test_today_dual_date_uses_the_site_time_zone():
    seed_record()
    with override_settings(TIME_ZONE="Pacific/Kiritimati"):  # UTC+14
        today = timezone.localdate()
        assert render("{% today_dual_date %}") == render("{% dual_date d %}", d=today)
    assert render("{% today_dual_date %}").startswith(timezone.localdate().strftime("%A, %B %d, %Y"))


def test_site_month_names_and_format_settings():
    seed_record()
    names = ["Muharram", "Safar", "Rabi I", "Rabi II", "Jumada I", "Jumada II",
             "Rajab", "Shaban", "Ramadan", "Shawwal", "Dhul Qadah", "Dhul Hijjah"]
    with override_settings(NEWSDESK={"HIJRI_MONTH_NAMES": names, "HIJRI_FORMAT": r"j F Y \A\H",
                                     "DUAL_DATE_FORMAT": "j F Y", "DUAL_DATE_SEPARATOR": " / "}):
        assert render("{% dual_date d %}", d=D(2025, 12, 7)) == "7 December 2025 / 15 Jumada II 1447 AH"
    assert render("{% dual_date d %}", d=D(2025, 12, 7)) == SEED_LINE


def test_offset_and_tabular_settings():
    with override_settings(NEWSDESK={"HIJRI_OFFSET": 1}):
        assert render("{{ d|hijri }}", d=D(2025, 12, 7)) == "Jumada al-akhirah 15, 1447 H"
    with override_settings(NEWSDESK={"CALENDAR": "tabular"}):
        assert render("{{ d|hijri }}", d=D(2025, 12, 7)) == "Jumada al-akhirah 16, 1447 H"


# --- caching and invalidation ---


def test_cached_calendar_costs_no_queries(django_assert_num_queries):
    seed_record()
    render("{% dual_date d %}", d=D(2025, 12, 7))
    with django_assert_num_queries(0):
        assert render("{% dual_date d %}", d=D(2025, 12, 8)).endswith("16, 1447 H")


def test_saving_and_deleting_a_record_takes_effect_at_once(django_assert_num_queries):
    assert render("{% dual_date d %}", d=D(2025, 12, 7)) == UMM_AL_QURA_LINE
    row = seed_record()
    # one query: the rebuilt calendar reads HijriMonthStart
    with django_assert_num_queries(1):
        assert render("{% dual_date d %}", d=D(2025, 12, 7)) == SEED_LINE
    row.starts_on = D(2025, 11, 22)
    row.save()
    assert render("{% dual_date d %}", d=D(2025, 12, 7)) == UMM_AL_QURA_LINE
    row.delete()
    assert render("{{ d|hijri }}", d=D(2025, 11, 22)) == "Jumada al-akhirah 1, 1447 H"


def test_another_process_change_is_seen_after_the_version_bump():
    assert render("{{ d|hijri }}", d=D(2025, 12, 7)) == "Jumada al-akhirah 16, 1447 H"
    # Another worker saves a row: this process gets no signal, only the
    # shared version number in the cache.
    HijriMonthStart.objects.bulk_create([HijriMonthStart(year=1447, month=6, starts_on=D(2025, 11, 23))])
    cache.set(hijri_layer.VERSION_CACHE_KEY, "changed elsewhere", None)
    with mock.patch.object(hijri_layer._state, "check_after", 0.0):
        assert render("{{ d|hijri }}", d=D(2025, 12, 7)) == "Jumada al-akhirah 15, 1447 H"
    cache.delete(hijri_layer.VERSION_CACHE_KEY)


def test_contradictory_stored_rows_are_left_out_and_logged(caplog):
    # Rows written past validation (bulk_create): Rajab would last 28 days.
    HijriMonthStart.objects.bulk_create([
        HijriMonthStart(year=1447, month=7, starts_on=D(2025, 12, 22)),
        HijriMonthStart(year=1447, month=8, starts_on=D(2026, 1, 19)),
    ])
    with caplog.at_level(logging.ERROR, logger="newsdesk"):
        assert render("{{ d|hijri }}", d=D(2025, 12, 22)) == "Rajab 1, 1447 H"
    assert "Rajab 1447" in caplog.text


# --- hijri_for ---


def test_hijri_for():
    seed_record()
    assert hijri_layer.hijri_for(D(2025, 12, 7)) == HijriDate(1447, 6, 15)
    assert hijri_layer.hijri_for("2025-12-07") == HijriDate(1447, 6, 15)
    assert hijri_layer.hijri_for("nonsense") is None
    assert hijri_layer.hijri_for(D(1900, 1, 1)) is None


# --- learning from imports ---


def test_observation_is_recorded():
    warning = hijri_layer.record_observed_month_start(D(2025, 12, 7), HijriDate(1447, 6, 15), "seed.txt")
    assert warning is None
    row = HijriMonthStart.objects.get(year=1447, month=6)
    assert (row.starts_on, row.source, row.source_name) == (D(2025, 11, 23), "observed", "seed.txt")
    assert render("{% dual_date d %}", d=D(2025, 12, 7)) == SEED_LINE


def test_agreeing_observation_changes_nothing():
    row = seed_record(source_name="Oman Moon Sighting Committee")
    assert hijri_layer.record_observed_month_start(D(2025, 12, 7), HijriDate(1447, 6, 15), "x.txt") is None
    assert list(HijriMonthStart.objects.values_list("pk", "source")) == [(row.pk, "editor")]


def test_conflicting_observation_warns_and_keeps_the_editors_record():
    seed_record()
    warning = hijri_layer.record_observed_month_start(D(2025, 12, 7), HijriDate(1447, 6, 16), "page.txt")
    assert warning is not None
    assert "Jumada al-akhirah 1447" in warning and "2025-11-22" in warning and "2025-11-23" in warning
    assert "editor" in warning
    assert HijriMonthStart.objects.get().starts_on == D(2025, 11, 23)


def test_conflicting_observation_of_an_observation_warns():
    hijri_layer.record_observed_month_start(D(2025, 12, 7), HijriDate(1447, 6, 15), "first.txt")
    warning = hijri_layer.record_observed_month_start(D(2025, 12, 8), HijriDate(1447, 6, 17), "second.txt")
    assert warning is not None and "first.txt" in warning
    assert HijriMonthStart.objects.get().source_name == "first.txt"


def test_impossible_observation_is_rejected():
    HijriMonthStart.objects.create(year=1447, month=7, starts_on=D(2025, 12, 22))
    # A page saying 2026-01-19 is 1 Shaaban would make Rajab 28 days long.
    warning = hijri_layer.record_observed_month_start(D(2026, 1, 19), HijriDate(1447, 8, 1), "bad.txt")
    assert warning is not None and "Rajab 1447" in warning
    assert not HijriMonthStart.objects.filter(month=8).exists()


def test_nonexistent_hijri_day_is_rejected():
    warning = hijri_layer.record_observed_month_start(D(2025, 12, 7), HijriDate(1447, 6, 31), "bad.txt")
    assert warning is not None
    assert not HijriMonthStart.objects.exists()


# --- command ---


def test_hijri_calendar_command():
    seed_record(source_name="Oman Moon Sighting Committee")
    out = io.StringIO()
    call_command("hijri_calendar", "--year", "1447", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Hijri year 1447"
    assert lines[6].split() == [
        "6", "Jumada", "al-akhirah", "2025-11-23", "29", "days", "editor:", "Oman", "Moon", "Sighting",
        "Committee",
    ]
    assert lines[12].split()[:5] == ["12", "Dhu", "al-hijjah", "2026-05-18", "29"]
    assert lines[-1] == "1 of 12 starts recorded, 11 calculated."


def test_hijri_calendar_command_out_of_range():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="1600"):
        call_command("hijri_calendar", "--year", "1600", stdout=io.StringIO())


# --- admin ---


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(user)
    return client


def test_admin_change_takes_effect_without_restart(admin_client):
    assert render("{% dual_date d %}", d=D(2025, 12, 7)) == UMM_AL_QURA_LINE
    response = admin_client.post(
        "/admin/newsdesk/hijrimonthstart/add/",
        {"year": 1447, "month": 6, "starts_on": "2025-11-23", "source": "editor",
         "source_name": "Oman Moon Sighting Committee", "note": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert render("{% dual_date d %}", d=D(2025, 12, 7)) == SEED_LINE
    row = HijriMonthStart.objects.get()
    response = admin_client.post(f"/admin/newsdesk/hijrimonthstart/{row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert render("{% dual_date d %}", d=D(2025, 12, 7)) == UMM_AL_QURA_LINE


def test_admin_rejects_an_impossible_start(admin_client):
    HijriMonthStart.objects.create(year=1447, month=7, starts_on=D(2025, 12, 22))
    response = admin_client.post(
        "/admin/newsdesk/hijrimonthstart/add/",
        {"year": 1447, "month": 8, "starts_on": "2026-01-19", "source": "editor", "source_name": "", "note": ""},
    )
    assert response.status_code == 200
    assert "Rajab 1447 would last 28 days" in response.content.decode()
    assert HijriMonthStart.objects.count() == 1


def test_admin_list_by_year_with_lengths_and_flags(admin_client):
    HijriMonthStart.objects.bulk_create([
        HijriMonthStart(year=1447, month=7, starts_on=D(2025, 12, 22)),
        HijriMonthStart(year=1447, month=8, starts_on=D(2026, 1, 19)),  # Rajab: 28 days
        HijriMonthStart(year=1446, month=9, starts_on=D(2025, 3, 1)),
    ])
    response = admin_client.get("/admin/newsdesk/hijrimonthstart/", {"year": 1447})
    page = response.content.decode()
    assert response.status_code == 200
    assert "2026-01-19" in page or "Jan. 19, 2026" in page
    assert "Mar. 1, 2025" not in page  # filtered out: 1446
    assert "<td class=\"field-length\">28</td>" in page
    assert 'alt="False"' in page
