"""newsdesk.ingest: a parsed story becomes a draft article, once.

Expected values are read off the story texts by hand (the seed: DESIGN.md's
table).  Real database, no mocks.
"""

from __future__ import annotations

import datetime

import pytest
from taggit.models import Tag

from newsdesk.ingest import DRY_RUN, DUPLICATE, FAILED, IMPORTED, import_many, import_story
from newsdesk.models import Article, Caption, HijriMonthStart, WireCredit
from tests.wire_import_support import FALCON_STORY, PORT_STORY, WADI_STORY, seed_text

pytestmark = pytest.mark.django_db

SEED_HEADLINE = "Russia, US diplomats discuss 'next steps' on Ukraine"
SEED_CAPTION = (
    "Firefighters work at the site of an apartment building hit by a Russian "
    "drone strike, in Chernihiv, Ukraine."
)


def test_seed_becomes_a_draft_with_credit_caption_and_provenance():
    text = seed_text()
    result = import_story(text, source_name="seed_000.txt")

    assert result.status == IMPORTED, result.error
    article = Article.objects.get(pk=result.article.pk)
    assert article.headline == SEED_HEADLINE
    assert article.dateline == "WASHINGTON"
    assert article.credit == WireCredit.objects.get(short_name="AFP")
    assert article.credit_text == ""
    assert article.status == Article.Status.DRAFT
    assert article.page_date == datetime.date(2025, 12, 7)
    assert article.language == "en"
    assert article.source_text == text
    assert article.source_name == "seed_000.txt"
    assert len(article.source_hash) == 64

    # Eight paragraphs, the first without its dateline, the last without "— AFP".
    assert article.body.count("<p>") == 8
    assert article.body.startswith("<p>Russia and the United States have discussed")
    assert "WASHINGTON" not in article.body
    assert article.body.rstrip().endswith("previously held by Ukraine.</p>")
    for chrome in ("SHARE ARTICLE", "arrow up", "home icon", "EDITOR IN CHIEF", "broken clouds", "19°C"):
        assert chrome not in article.body

    # The caption printed twice is stored once, credited to Reuters (a known agency).
    captions = list(article.captions.all())
    assert [c.text for c in captions] == [SEED_CAPTION]
    assert captions[0].credit == WireCredit.objects.get(short_name="Reuters")
    assert captions[0].credit_text == ""
    assert SEED_CAPTION not in article.body


def test_seed_records_the_observed_hijri_month_start():
    # 15 Jumada II 1447 printed on 2025-12-07: the month began on 2025-11-23.
    import_story(seed_text(), source_name="seed_000.txt")
    start = HijriMonthStart.objects.get(year=1447, month=6)
    assert start.starts_on == datetime.date(2025, 11, 23)


def test_body_is_built_by_escaping_the_text():
    text = PORT_STORY.replace("the ministry said", "the <script>alert(1)</script> ministry & port said")
    result = import_story(text)
    assert result.status == IMPORTED, result.error
    body = Article.objects.get(pk=result.article.pk).body
    assert "<script>" not in body
    assert "&lt;script&gt;" in body
    assert "&amp; port" in body


def test_same_story_twice_is_a_duplicate_of_the_first():
    first = import_story(PORT_STORY, source_name="a.txt")
    second = import_story(PORT_STORY, source_name="b.txt")
    assert first.status == IMPORTED
    assert second.status == DUPLICATE
    assert second.duplicate_of == first.article.pk
    assert second.article is None
    assert Article.objects.count() == 1
    assert Caption.objects.count() == 0


def test_crlf_and_whitespace_variant_is_a_duplicate():
    first = import_story(PORT_STORY)
    variant = "\ufeff" + PORT_STORY.replace("\n", "\r\n").replace("MUSCAT: The", "MUSCAT:  The") + "\r\n\r\n"
    second = import_story(variant)
    assert second.status == DUPLICATE
    assert second.duplicate_of == first.article.pk
    assert Article.objects.count() == 1


def test_unknown_caption_credit_is_kept_as_text_with_a_warning():
    result = import_story(WADI_STORY)
    assert result.status == IMPORTED, result.error
    caption = Caption.objects.get(article=result.article)
    assert caption.text == "Cars cross a flooded wadi near Salalah on Tuesday."
    assert caption.credit is None
    assert caption.credit_text == "Dhofar Lens Studio"
    assert any("Dhofar Lens Studio" in warning for warning in result.warnings)
    # The story's own credit is a known agency.
    assert result.article.credit == WireCredit.objects.get(short_name="ONA")


def test_unknown_story_credit_is_kept_as_text_with_a_warning():
    text = PORT_STORY.replace("— ONA", "— Muscat Daily Wire")
    result = import_story(text)
    assert result.status == IMPORTED, result.error
    article = Article.objects.get(pk=result.article.pk)
    assert article.credit is None
    assert article.credit_text == "Muscat Daily Wire"
    assert any("Muscat Daily Wire" in warning for warning in result.warnings)


def test_forced_credit_wins_and_says_so():
    result = import_story(PORT_STORY, credit="Reuters")
    assert result.article.credit.short_name == "Reuters"
    assert any("ONA" in warning for warning in result.warnings)


def test_tags_come_only_from_the_existing_vocabulary():
    for name in ("Ukraine", "Kursk", "ceasefire", "Rus", "Oman"):
        Tag.objects.create(name=name)
    tags_before = Tag.objects.count()

    result = import_story(seed_text())

    article = Article.objects.get(pk=result.article.pk)
    # "Rus" is only part of "Russia"; "Oman" appears only in the page chrome
    # ("OMAN" in the weather block), not in the story.
    assert sorted(t.name for t in article.tags.all()) == ["Kursk", "Ukraine", "ceasefire"]
    assert Tag.objects.count() == tags_before


def test_dry_run_saves_nothing_and_shows_what_would_be_saved():
    Tag.objects.create(name="Ukraine")
    counts_before = (Article.objects.count(), Caption.objects.count(), HijriMonthStart.objects.count())

    result = import_story(seed_text(), dry_run=True)

    assert result.status == DRY_RUN
    assert (Article.objects.count(), Caption.objects.count(), HijriMonthStart.objects.count()) == counts_before
    assert result.article.pk is None
    assert result.article.headline == SEED_HEADLINE
    assert result.credit_label == "AFP"
    assert [(c.text, c.credit_label) for c in result.captions] == [(SEED_CAPTION, "Reuters")]
    assert result.tags == ["Ukraine"]
    # A dry run leaves no trace, so the real import afterwards is not a duplicate.
    assert import_story(seed_text()).status == IMPORTED


def test_a_story_without_headline_fails_alone_in_a_batch():
    results = list(
        import_many([("port.txt", PORT_STORY), ("empty.txt", "\n\n   \n"), ("falcon.txt", FALCON_STORY)])
    )
    assert [r.status for r in results] == [IMPORTED, FAILED, IMPORTED]
    assert "headline" in results[1].error
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "Falcon festival draws record crowd",
        "Muscat port opens new container terminal",
    ]


def test_undecodable_bytes_fail_with_the_name_and_the_rest_import():
    results = list(
        import_many(
            [("good.txt", PORT_STORY.encode()), ("bad.txt", b"Headline\n\nCaf\xe9 society\n")],
            encoding="utf-8",
        )
    )
    assert [r.status for r in results] == [IMPORTED, FAILED]
    assert "bad.txt" in results[1].error
    assert results[1].story is None
    assert Article.objects.count() == 1


def test_windows_1256_arabic_bytes_are_decoded():
    text = "افتتاح مهرجان مسقط\n\nمسقط: افتتح مهرجان مسقط مساء الخميس بحضور آلاف الزوار.\n"
    [result] = import_many([("ar.txt", text.encode("cp1256"))], encoding="cp1256")
    assert result.status == IMPORTED, result.error
    assert result.article.headline == "افتتاح مهرجان مسقط"
    assert result.article.source_text == text


def test_status_must_be_an_import_status():
    with pytest.raises(ValueError):
        import_story(PORT_STORY, status="withdrawn")
    assert Article.objects.count() == 0


def test_json_shape_after_a_real_import():
    result = import_story(seed_text(), source_name="seed_000.txt")
    data = result.as_dict()
    for key in ("headline", "dateline", "byline", "credit", "captions", "paragraphs",
                "page_date", "page_hijri", "weather", "warnings", "id", "status", "source"):
        assert key in data
    assert data["id"] == result.article.pk
    assert data["status"] == "imported"
    assert data["credit"] == "AFP"
    assert data["page_date"] == "2025-12-07"
    assert data["page_hijri"] == {"year": 1447, "month": 6, "day": 15}
    assert data["weather"] == {"location": "OMAN", "description": "broken clouds", "low": 19, "high": 19, "unit": "C"}
    assert data["captions"] == [{"text": SEED_CAPTION, "credit": "Reuters"}]
    assert len(data["paragraphs"]) == 8


def test_queries_per_story_stay_flat_as_the_batch_grows(django_assert_num_queries, settings):
    from newsdesk.ingest import WireImporter

    # The variants differ in one figure, so they would be versions of one
    # story (tests/test_story_updates.py counts that path's queries).
    settings.NEWSDESK = {"UPDATE_WINDOW_HOURS": 0}

    def variant(i: int) -> str:
        return seed_text().replace("371 people", f"{i} people")

    def run(importer, names):
        results = list(importer.import_many([(f"{i}.txt", variant(i)) for i in names], batch_size=100))
        assert [r.status for r in results] == [IMPORTED] * len(names), [r.error for r in results]

    importer = WireImporter()
    # The first page also records the Hijri month start its date bar
    # implies; the importer remembers that for the rest of the run.
    run(importer, [0])
    # Per batch: 2 duplicate checks for all its fingerprints (source_hash IN,
    # of articles and of agency updates), 1 SAVEPOINT + 1 RELEASE for the
    # batch (a savepoint only because the test runs inside a transaction;
    # outside one it is BEGIN/COMMIT).
    # Per story: 1 SAVEPOINT, 1 INSERT article, 1 INSERT caption, 1 RELEASE;
    # its revision (django-reversion): 1 SELECT the article's captions (the
    # revision follows them), 2 SELECTs checking the article and caption
    # still exist, 1 INSERT revision, 1 INSERT versions (one statement);
    # 1 INSERT its version bands (one statement).
    # No tag vocabulary, so no tag queries.
    with django_assert_num_queries(4 + 10):
        run(importer, [1])
    with django_assert_num_queries(4 + 10 * 10):
        run(importer, range(2, 12))
    assert HijriMonthStart.objects.filter(year=1447, month=6).count() == 1
