"""Agency updates on import: a new version of a story updates its article.

The stories are the hand-written fixtures of ``tests/fixtures/versions/``
(its README says what each one is).  Expected headlines and figures are read
off those texts, not off the importer's output.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from reversion.models import Version

from newsdesk import revisions, updates
from newsdesk.ingest import DRY_RUN, DUPLICATE, IMPORTED, UPDATE_PENDING, UPDATED, WireImporter, import_story
from newsdesk.models import Article, ArticleUpdate, Caption, VersionBand

from .factories import make_staff

pytestmark = pytest.mark.django_db

VERSIONS = Path(__file__).resolve().parent / "fixtures" / "versions"

HEADLINE = "Oman raises fuel prices as subsidy reform gathers pace"
AR_HEADLINE = "ارتفاع عدد المسافرين عبر مطار مسقط الدولي بنسبة 9 بالمائة"


def text(name: str) -> str:
    return (VERSIONS / name).read_text(encoding="utf-8")


def imported(name: str, **options):
    result = import_story(text(name), source_name=name, **options)
    assert result.ok, result.error
    return result


def revision_comments(article: Article) -> list[str]:
    """The article's revisions' reasons, oldest first."""
    versions = Version.objects.get_for_object(article).select_related("revision").order_by("revision__date_created")
    return [version.revision.comment for version in versions]


# --- an untouched draft takes the new version ---------------------------------


def test_an_update_of_an_untouched_draft_replaces_its_text_and_is_a_second_revision():
    first = imported("en_v1.txt")
    assert first.status == IMPORTED
    second = imported("en_update1.txt")

    assert second.status == UPDATED
    assert second.update_of == first.article.pk
    assert Article.objects.count() == 1
    article = Article.objects.get()
    # The marker is not part of the headline editors see.
    assert article.headline == HEADLINE
    # en_update1's lead adds "by up to 7 percent".
    assert "by up to 7 percent from Monday" in article.body
    assert "by up to 7 percent" not in first.article.body
    assert article.status == Article.Status.DRAFT
    # Still untouched: the next update replaces it too.
    assert updates.is_untouched(article)
    update = ArticleUpdate.objects.get()
    assert (update.status, update.automatic, update.version_marker) == (ArticleUpdate.Status.APPLIED, True, "UPDATE 1")
    assert revision_comments(article) == [
        "Import from en_v1.txt",
        "Agency update UPDATE 1 from en_update1.txt applied on import",
    ]


def test_the_same_update_again_is_a_duplicate_and_so_is_the_first_version():
    first = imported("en_v1.txt")
    imported("en_update1.txt")
    again = imported("en_update1.txt")
    assert (again.status, again.duplicate_of) == (DUPLICATE, first.article.pk)
    # The first version again must not "update" the article back to it.
    back = imported("en_v1.txt")
    assert (back.status, back.duplicate_of) == (DUPLICATE, first.article.pk)
    assert Article.objects.count() == 1
    assert ArticleUpdate.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "marker"),
    [("en_update1.txt", "UPDATE 1"), ("en_refile.txt", "REFILE"), ("en_corrected.txt", "CORRECTED"), ("en_longer.txt", "")],
)
def test_every_kind_of_resend_is_an_update_of_the_first_version(name, marker):
    first = imported("en_v1.txt")
    result = imported(name)
    assert (result.status, result.update_of) == (UPDATED, first.article.pk)
    assert ArticleUpdate.objects.get().version_marker == marker
    assert Article.objects.get().headline == HEADLINE


def test_the_longer_version_brings_its_extra_paragraphs():
    imported("en_v1.txt")
    imported("en_longer.txt")
    body = Article.objects.get().body
    # en_longer.txt's two added paragraphs (Gulf neighbours, growth forecast).
    assert "Neighbouring Gulf states have taken similar steps." in body
    assert "expected to grow by about 2.5 percent this year" in body


@pytest.mark.parametrize("name", ["ar_updated.txt", "ar_update2.txt"])
def test_arabic_updates_are_recognised(name):
    first = imported("ar_v1.txt")
    result = imported(name)
    assert (result.status, result.update_of) == (UPDATED, first.article.pk)
    article = Article.objects.get()
    assert article.headline == AR_HEADLINE
    assert article.language == "ar"


@pytest.mark.parametrize(
    "names",
    [
        ("en_v1.txt", "en_other_same_day_1.txt", "en_other_same_day_2.txt"),
        ("ar_v1.txt", "ar_other_same_day.txt"),
    ],
)
def test_different_stories_of_the_same_agency_and_day_stay_separate_articles(names):
    results = [imported(name) for name in names]
    assert [r.status for r in results] == [IMPORTED] * len(names)
    assert Article.objects.count() == len(names)
    assert not ArticleUpdate.objects.exists()


def test_a_story_of_another_agency_is_never_an_update():
    imported("en_v1.txt")
    result = imported("en_update1.txt", credit="Reuters")
    assert result.status == IMPORTED
    assert Article.objects.count() == 2


@pytest.mark.parametrize("hours", [0])
def test_update_window_zero_turns_recognition_off(settings, hours):
    settings.NEWSDESK = {"UPDATE_WINDOW_HOURS": hours}
    imported("en_v1.txt")
    assert imported("en_update1.txt").status == IMPORTED


def test_an_article_created_before_the_window_is_not_updated(settings):
    first = imported("en_v1.txt")
    Article.objects.filter(pk=first.article.pk).update(
        created_at=first.article.created_at - __import__("datetime").timedelta(hours=73)
    )
    assert imported("en_update1.txt").status == IMPORTED


# --- an edited or published article keeps its text ----------------------------


def test_an_update_of_a_published_article_waits_for_an_editor_who_applies_it():
    first = imported("en_v1.txt")
    article = first.article
    editor = make_staff("editor", "change_article", "publish_article")
    with revisions.revision("Published", user=editor):
        article.publish()
        article.save()
    body_before = Article.objects.get().body

    result = imported("en_update1.txt")

    assert (result.status, result.update_of) == (UPDATE_PENDING, article.pk)
    article.refresh_from_db()
    assert article.body == body_before
    [update] = updates.pending_updates(article)
    assert update.version_marker == "UPDATE 1"
    assert "by up to 7 percent" in update.body
    assert article.updated_for_readers is None

    updates.apply_update(update, user=editor)

    article.refresh_from_db()
    assert "by up to 7 percent from Monday" in article.body
    assert article.revised_at is not None and article.updated_for_readers == article.revised_at
    update.refresh_from_db()
    assert (update.status, update.decided_by, update.automatic) == (ArticleUpdate.Status.APPLIED, editor, False)
    assert revision_comments(article) == ["Import from en_v1.txt", "Published", "Agency update UPDATE 1 applied"]
    # The applied update's text again is still a duplicate.
    assert imported("en_update1.txt").status == DUPLICATE


def test_an_edited_draft_keeps_its_text_and_gets_a_pending_update():
    first = imported("en_v1.txt")
    article = first.article
    article.body = article.body.replace("goverment", "government")  # an editor fixes the typo
    article.save()
    assert not updates.is_untouched(article)
    result = imported("en_update1.txt")
    assert result.status == UPDATE_PENDING
    article.refresh_from_db()
    assert "government presses" in article.body


def test_a_refile_saying_what_the_edited_article_says_is_a_duplicate():
    first = imported("en_v1.txt")
    article = first.article
    article.body = article.body.replace("goverment", "government")  # the editor fixed what the refile fixes
    article.save()
    result = imported("en_refile.txt")
    assert (result.status, result.duplicate_of, result.update_of) == (DUPLICATE, article.pk, None)
    assert f"The same text as article #{article.pk} already has: nothing to update." in result.warnings
    assert not ArticleUpdate.objects.exists()


def test_a_caption_edit_also_counts_as_an_edit():
    first = imported("en_v1.txt")
    Caption.objects.create(article=first.article, text="Queue at a petrol station")
    assert imported("en_update1.txt").status == UPDATE_PENDING


def test_dismissing_keeps_the_text_and_applying_a_later_one_supersedes_older_ones():
    first = imported("en_v1.txt", status="published")
    imported("en_update1.txt")
    imported("en_corrected.txt")
    older, newer = ArticleUpdate.objects.order_by("received_at", "pk")
    updates.dismiss_update(older)
    older.refresh_from_db()
    assert older.status == ArticleUpdate.Status.DISMISSED
    assert Article.objects.get().body == first.article.body
    updates.apply_update(newer, may_publish=True)
    assert ArticleUpdate.objects.get(pk=older.pk).status == ArticleUpdate.Status.DISMISSED


def test_applying_supersedes_older_pending_updates():
    imported("en_v1.txt", status="published")
    imported("en_update1.txt")
    imported("en_corrected.txt")
    older, newer = ArticleUpdate.objects.order_by("received_at", "pk")
    updates.apply_update(newer, may_publish=True)
    assert ArticleUpdate.objects.get(pk=older.pk).status == ArticleUpdate.Status.SUPERSEDED


# --- what the interfaces report -----------------------------------------------


def test_a_dry_run_says_what_confirming_would_do_and_saves_nothing():
    first = imported("en_v1.txt")
    importer = WireImporter(dry_run=True)
    [result] = importer.import_many([("en_update1.txt", text("en_update1.txt"))])
    assert (result.status, result.update_of, result.update_outcome) == (DRY_RUN, first.article.pk, UPDATED)
    assert result.article.headline == HEADLINE
    assert not ArticleUpdate.objects.exists()
    assert Article.objects.get().body == first.article.body

    Article.objects.filter(pk=first.article.pk).update(status="published", published_at=first.article.created_at)
    [result] = WireImporter(dry_run=True).import_many([("en_update1.txt", text("en_update1.txt"))])
    assert (result.status, result.update_outcome) == (DRY_RUN, UPDATE_PENDING)


def json_import(path: Path) -> dict:
    out = StringIO()
    call_command("import_wire", str(path), "--json", stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def test_import_wire_json_reports_updated_and_update_pending_with_the_articles_id(tmp_path):
    for name in ("en_v1.txt", "en_update1.txt", "en_corrected.txt"):
        (tmp_path / name).write_text(text(name), encoding="utf-8")
    first, second = (json_import(tmp_path / name) for name in ("en_v1.txt", "en_update1.txt"))
    assert (first["status"], second["status"]) == ("imported", "updated")
    assert second["id"] == first["id"] == second["update_of"]
    assert second["version_marker"] == "UPDATE 1"
    assert second["headline"] == HEADLINE

    Article.objects.filter(pk=first["id"]).update(status="published", published_at=Article.objects.get().created_at)
    third = json_import(tmp_path / "en_corrected.txt")
    assert (third["status"], third["id"], third["update_outcome"]) == ("update-pending", first["id"], "update-pending")


def test_an_update_in_the_same_batch_as_its_first_version_is_recognised():
    results = list(
        WireImporter().import_many([(name, text(name)) for name in ("en_v1.txt", "ar_v1.txt")], batch_size=10)
    )
    assert [r.status for r in results] == [IMPORTED, IMPORTED]
    results = list(WireImporter().import_many([(n, text(n)) for n in ("en_update1.txt", "ar_updated.txt")]))
    assert [r.status for r in results] == [UPDATED, UPDATED]


def test_each_imported_article_stores_its_bands_and_headline_key():
    article = imported("en_v1.txt").article
    assert article.version_key == "oman raises fuel prices as subsidy reform gathers pace"
    assert VersionBand.objects.filter(article=article).count() > 0


def test_a_first_version_arriving_after_its_update_does_not_undo_it():
    """Files come in any order (and a batch is written in fingerprint
    order): the unmarked first version read after UPDATE 1 is kept on record
    as older and changes nothing."""
    later = imported("en_update1.txt")
    earlier = imported("en_v1.txt")
    assert (earlier.status, earlier.duplicate_of) == (DUPLICATE, later.article.pk)
    assert "older version" in " ".join(earlier.warnings)
    assert "by up to 7 percent" in Article.objects.get().body
    assert ArticleUpdate.objects.get().status == ArticleUpdate.Status.SUPERSEDED


def test_a_story_and_its_update_in_one_batch_end_as_one_article_with_the_update():
    results = list(WireImporter().import_many([(n, text(n)) for n in ("en_v1.txt", "en_update1.txt")]))
    # Which of the two is written first depends on their fingerprints;
    # either way the article ends with UPDATE 1's text.
    assert {r.status for r in results} in ({IMPORTED, UPDATED}, {IMPORTED, DUPLICATE})
    assert Article.objects.count() == 1
    assert "by up to 7 percent" in Article.objects.get().body


# --- query counts ----------------------------------------------------------------

_WORDS = (
    "ministry council port harbour desert rain budget school hospital festival airport road bridge "
    "museum market fishing dates tourism police court oil gas power water housing farm camel "
    "horse football cricket sailing science research university students teachers doctors nurses"
).split()


def other_story(number: int) -> str:
    """An AFP story of its own (words drawn at random, seeded by ``number``):
    shares no headline and almost no four-word run with any other."""
    import random

    rng = random.Random(number)

    def sentence() -> str:
        return " ".join(rng.choice(_WORDS) for _ in range(14)).capitalize() + "."

    paragraphs = [" ".join(sentence() for _ in range(3)) for _ in range(5)]
    paragraphs[0] = f"MUSCAT: {paragraphs[0]}"
    paragraphs[-1] = f"{paragraphs[-1]} — AFP"
    return f"Story number {number} about {rng.choice(_WORDS)}\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.mark.parametrize("others", [3, 30])
def test_recognising_an_update_costs_the_same_however_many_articles_are_recent(others, django_assert_num_queries):
    from django.contrib.contenttypes.models import ContentType

    for number in range(others):
        assert imported_text(other_story(number)).status == IMPORTED
    first = imported("en_v1.txt", status="published")
    ContentType.objects.get_for_model(Article)  # cached for the process, as on a running site
    importer = WireImporter()
    # The batch: 1 EXISTS any learnt furniture, 2 duplicate checks (articles,
    # updates), 1 SAVEPOINT + 1 RELEASE.
    # The story: 1 SAVEPOINT, 1 SELECT candidate articles (same agency, recent,
    # sharing the headline key or a band), 1 SELECT ... FOR UPDATE the
    # article, 1 INSERT the pending update (published, so not untouched:
    # no digest to read), 1 RELEASE.
    with django_assert_num_queries(5 + 5):
        [result] = importer.import_many([("en_update1.txt", text("en_update1.txt"))])
    assert (result.status, result.update_of) == (UPDATE_PENDING, first.article.pk)


def imported_text(story: str):
    return import_story(story, source_name="other.txt")
