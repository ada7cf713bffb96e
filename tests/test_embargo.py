"""Embargoes in the data layer: read on import, enforced on every code path,
lifted by the clock alone (``published()`` checks when the query runs)."""

from __future__ import annotations

import datetime
import io
import json
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from newsdesk import background
from newsdesk.ingest import IMPORTED, import_story
from newsdesk.models import Article

from .embargo_documents import EPOCH_2031_12_08_0600, newsml_with, ninjs_with, nitf_with
from .factories import make_article

pytestmark = pytest.mark.django_db

VERSIONS = Path(__file__).resolve().parent / "fixtures" / "versions"
UTC = datetime.timezone.utc


def text(name: str) -> str:
    return (VERSIONS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["en_embargoed.txt", "ar_embargoed.txt"])
def test_the_embargo_line_becomes_embargo_until_and_leaves_the_body(name):
    result = import_story(text(name), source_name=name)
    assert result.status == IMPORTED, result.error
    article = result.article
    # en: "EMBARGOED UNTIL 0600 GMT 7 December 2025";
    # ar: "... الساعة 10:00 بتوقيت مسقط يوم ٧ ديسمبر ٢٠٢٥" (Muscat is UTC+4).
    assert article.embargo_until == datetime.datetime(2025, 12, 7, 6, 0, tzinfo=UTC)
    assert "EMBARGO" not in article.body and "محظور" not in article.body


def future_embargo_text(minutes: int = 90) -> tuple[str, datetime.datetime]:
    """en_embargoed.txt with its embargo moved to ``minutes`` from now (whole minutes, UTC)."""
    until = (timezone.now() + datetime.timedelta(minutes=minutes)).astimezone(UTC).replace(second=0, microsecond=0)
    line = f"EMBARGOED UNTIL {until:%H%M} GMT {until.day} {until:%B %Y}"
    return text("en_embargoed.txt").replace("EMBARGOED UNTIL 0600 GMT 7 December 2025", line), until


def test_publishing_before_the_embargo_is_refused_with_a_clear_message():
    story, until = future_embargo_text()
    article = import_story(story, source_name="embargoed.txt").article
    assert article.embargo_until == until
    with pytest.raises(ValidationError) as refused:
        article.publish()
    message = " ".join(refused.value.messages)
    assert "embargoed until" in message
    assert f"{timezone.localtime(until):%Y-%m-%d %H:%M}" in message
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_every_code_path_refuses_a_publication_time_before_the_embargo():
    until = timezone.now() + datetime.timedelta(hours=1)
    article = make_article("Embargoed", embargo_until=until)
    article.status = Article.Status.PUBLISHED
    # full_clean() (the admin's form): an error on the status field.
    with pytest.raises(ValidationError) as refused:
        article.full_clean()
    assert "status" in refused.value.message_dict
    # save() with a publication time before the embargo.
    article.published_at = timezone.now()
    with pytest.raises(ValidationError):
        article.save()
    # A queryset update() skips save(): the database's constraint refuses it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status="published", published_at=timezone.now())
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_publishing_at_the_embargo_or_later_is_allowed():
    until = timezone.now() + datetime.timedelta(hours=1)
    article = make_article("Embargoed", embargo_until=until)
    article.publish(when=until)
    article.full_clean()
    article.save()
    assert article.status == Article.Status.PUBLISHED and article.published_at == until


def test_an_embargoed_article_appears_at_its_time_with_no_job_running():
    until = timezone.now() + datetime.timedelta(seconds=2)
    article = make_article("Embargoed", embargo_until=until, status="published", published_at=until)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    time.sleep(max(0.0, (until - timezone.now()).total_seconds()) + 0.2)
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_importing_an_embargoed_story_as_published_schedules_it_for_the_embargo():
    story, until = future_embargo_text()
    result = import_story(story, source_name="embargoed.txt", status="published")
    assert result.status == IMPORTED, result.error
    assert (result.article.status, result.article.published_at) == (Article.Status.PUBLISHED, until)
    assert any("Embargoed until" in warning for warning in result.warnings)
    assert not Article.objects.published().exists()


# --- issue 19: an embargo read wrong must never publish the story -------------------------------

STORY = text("en_embargoed.txt")
EN_LINE = "EMBARGOED UNTIL 0600 GMT 7 December 2025"


def import_published(tmp_path, name: str, content: str, *, status: str = "published") -> tuple[dict, Article]:
    """``import_wire --status published --json`` on one file, as an editor runs it; its one result and article."""
    (tmp_path / name).write_text(content, encoding="utf-8")
    out = io.StringIO()
    call_command(
        "import_wire", str(tmp_path), "--glob", "*", "--status", status, "--json", stdout=out, stderr=io.StringIO()
    )
    [line] = out.getvalue().splitlines()
    result = json.loads(line)
    assert result["status"] == "imported", result
    return result, Article.objects.get(pk=result["id"])


@pytest.mark.parametrize(
    ("name", "content", "printed"),
    [
        ("notice.txt", STORY.replace(EN_LINE, "EMBARGOED UNTIL FURTHER NOTICE"), "EMBARGOED UNTIL FURTHER NOTICE"),
        ("hst.txt", STORY.replace(EN_LINE, "EMBARGOED UNTIL 0600 HST 8 Dec 2031"), "0600 HST 8 Dec 2031"),
        ("midnight.txt", STORY.replace(EN_LINE, "EMBARGOED UNTIL MIDNIGHT GMT 8 Dec 2031"), "MIDNIGHT GMT"),
        ("no_year.txt", STORY.replace(EN_LINE, "Embargoed until 6 a.m. ET Dec 8"), "6 a.m. ET Dec 8"),
        ("word.json", ninjs_with("soon"), "soon"),
        ("true.json", ninjs_with(True), "true"),
        ("object.json", ninjs_with({"when": "tomorrow"}), "tomorrow"),
        ("list.json", ninjs_with(["2031-12-08T06:00:00Z"]), "2031-12-08T06:00:00Z"),
        ("negative.json", ninjs_with(-5), "-5"),
        ("g2.xml", newsml_with("08 Dec 06:00 XYZ"), "08 Dec 06:00 XYZ"),
        ("nitf.xml", nitf_with("whenever"), "whenever"),
        (
            "nitf_status.xml",
            nitf_with("").replace('management-status="usable"', 'management-status="embargoed"'),
            "embargoed",
        ),
    ],
)
def test_an_embargo_that_cannot_be_read_holds_the_story_as_a_draft(tmp_path, name, content, printed):
    result, article = import_published(tmp_path, name, content)
    assert (article.status, article.published_at, article.embargo_until) == (Article.Status.DRAFT, None, None)
    held = [w for w in result["warnings"] if "held as a draft" in w.lower()]
    assert len(held) == 1 and printed in held[0], result["warnings"]
    assert not Article.objects.published().exists()


def test_an_unreadable_embargo_holds_a_ready_story_as_a_draft_too(tmp_path):
    _, article = import_published(tmp_path, "ready.json", ninjs_with("soon"), status="ready")
    assert article.status == Article.Status.DRAFT


def test_an_unreadable_embargo_line_beside_a_readable_one_still_holds_the_story(tmp_path):
    content = STORY.replace(EN_LINE, "EMBARGOED UNTIL 0600 GMT 8 December 2031\n\nEMBARGOED UNTIL FURTHER NOTICE")
    result, article = import_published(tmp_path, "two.txt", content)
    assert article.status == Article.Status.DRAFT
    assert article.embargo_until == datetime.datetime(2031, 12, 8, 6, 0, tzinfo=UTC)
    assert any("held as a draft" in w.lower() for w in result["warnings"])


# Each expected instant in UTC, by hand: CET is UTC+1, GST UTC+4; see test_wire_embargo.py.
@pytest.mark.parametrize(
    ("name", "content", "until"),
    [
        ("cet.txt", STORY.replace(EN_LINE, "EMBARGOED UNTIL 0600 CET, 8 Dec 2031"), datetime.datetime(2031, 12, 8, 5)),
        ("rfc.json", ninjs_with("Mon, 08 Dec 2031 06:00:00 GMT"), datetime.datetime(2031, 12, 8, 6, 0)),
        ("iso_gmt.json", ninjs_with("2031-12-08T06:00:00 GMT"), datetime.datetime(2031, 12, 8, 6, 0)),
        ("epoch.json", ninjs_with(EPOCH_2031_12_08_0600), datetime.datetime(2031, 12, 8, 6, 0)),
        ("object.json", ninjs_with({"date": "2031-12-08T06:00:00Z"}), datetime.datetime(2031, 12, 8, 6, 0)),
        ("g2.xml", newsml_with("08 Dec 2031 06:00 GMT"), datetime.datetime(2031, 12, 8, 6, 0)),
        ("nitf.xml", nitf_with("2031-12-08 06:00 GST"), datetime.datetime(2031, 12, 8, 2, 0)),
    ],
)
def test_readable_embargo_forms_schedule_the_story_for_the_embargo(tmp_path, name, content, until):
    until = until.replace(tzinfo=UTC)
    result, article = import_published(tmp_path, name, content)
    assert (article.status, article.embargo_until, article.published_at) == (Article.Status.PUBLISHED, until, until)
    assert any("Embargoed until" in w for w in result["warnings"])
    assert not any("held as a draft" in w.lower() for w in result["warnings"])
    assert not Article.objects.published().exists()


def test_an_est_embargo_three_hours_ahead_is_not_read_in_the_sites_zone(tmp_path):
    # The site is in Muscat (UTC+4), nine hours ahead of EST (UTC−5): read as
    # Muscat time, an EST embargo three hours ahead was six hours past.
    est = datetime.timezone(datetime.timedelta(hours=-5))
    until = (timezone.now() + datetime.timedelta(hours=3)).astimezone(est).replace(second=0, microsecond=0)
    line = f"EMBARGOED UNTIL {until:%H:%M} EST {until.day} {until:%B %Y}"
    result, article = import_published(tmp_path, "est.txt", STORY.replace(EN_LINE, line))
    assert (article.status, article.published_at) == (Article.Status.PUBLISHED, until)
    assert article.embargo_until == until
    assert not Article.objects.published().exists()


def test_an_embargo_with_no_zone_says_which_zone_was_assumed(tmp_path):
    content = STORY.replace(EN_LINE, "EMBARGOED UNTIL 06:00 8 December 2031")
    result, article = import_published(tmp_path, "naive.txt", content)
    # 06:00 in the site's zone (tests.settings: Asia/Muscat, UTC+4) → 02:00 UTC.
    assert article.embargo_until == datetime.datetime(2031, 12, 8, 2, 0, tzinfo=UTC)
    assumed = [w for w in result["warnings"] if "Asia/Muscat" in w]
    assert len(assumed) == 1 and "no time zone" in assumed[0], result["warnings"]


def test_a_background_batch_asked_to_publish_holds_an_unreadable_embargo_too(django_capture_on_commit_callbacks):
    # The path a polled source whose default status is "published" takes.
    with django_capture_on_commit_callbacks(execute=True):
        batch = background.enqueue_import([("soon.json", ninjs_with("soon"))], status="published")
    item = batch.items.get()
    article = Article.objects.get(pk=item.article_id)
    assert (item.status, article.status, article.published_at) == ("imported", Article.Status.DRAFT, None)
    assert any("held as a draft" in w.lower() and "soon" in w for w in item.warnings), item.warnings


def test_a_new_version_with_an_unreadable_embargo_leaves_its_articles_status_alone(tmp_path):
    # A new version never changes its article's status, so it says nothing of
    # holding one; the parser's warning still names the embargo.
    _, article = import_published(tmp_path, "v1.json", ninjs_with("2025-12-12T09:00:00Z"))
    later = json.loads(ninjs_with("soon"))
    later["version"] = "2"
    (tmp_path / "v1.json").unlink()
    (tmp_path / "v2.json").write_text(json.dumps(later), encoding="utf-8")
    out = io.StringIO()
    call_command(
        "import_wire", str(tmp_path), "--glob", "*", "--status", "published", "--json", stdout=out, stderr=io.StringIO()
    )
    [result] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (result["status"], result["update_of"]) == ("update-pending", article.pk)
    assert not any("held as a draft" in w.lower() for w in result["warnings"])
    assert any("“soon”" in w for w in result["warnings"])
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
