"""Learnt furniture through the interfaces: ``import_wire --source``, the
admin import form's "Source (paper)" field and its signed confirm step, and
the news source admin.  Real database, Django test client, the command as
``manage.py`` runs it."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from newsdesk.ingest import import_many
from newsdesk.models import Article, FurnitureLine, NewsSource, StagedImport
from tests.factories import make_staff
from tests.test_import_wire_command import run_cli
from tests.test_learnt_furniture import BOTTOM, FURNITURE, LATER, MIDDLE, STORIES, page, paragraphs_in

pytestmark = pytest.mark.django_db(transaction=True)

IMPORT_URL = "admin:newsdesk_article_import"


def write_pages(directory, stories=STORIES) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for number, story in enumerate(stories, start=1):
        (directory / f"{number:02d}.txt").write_text(page(story), encoding="utf-8")


def assert_clean(articles) -> None:
    """Each article's body is exactly the paragraphs written for its story."""
    by_headline = {headline: paragraphs for headline, _dateline, paragraphs in [*STORIES, LATER]}
    for article in articles:
        assert paragraphs_in(article) == by_headline[article.headline]


# --- the command -----------------------------------------------------------------------------


def test_source_option_names_the_paper_of_every_page(tmp_path):
    write_pages(tmp_path / "incoming")
    code, out, err = run_cli(str(tmp_path / "incoming"), "--source", "The Dhofar Ledger", "--json")

    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["news_source"] for line in lines] == ["The Dhofar Ledger"] * len(STORIES)
    # "source" stays the input's name (DESIGN.md).
    assert [line["source"] for line in lines] == [f"{n:02d}.txt" for n in range(1, len(STORIES) + 1)]
    source = NewsSource.objects.get()
    assert source.name == "The Dhofar Ledger"
    assert Article.objects.filter(news_source=source).count() == len(STORIES)
    assert_clean(Article.objects.all())
    assert set(source.furniture_lines.values_list("text", flat=True)) == set(FURNITURE)


def test_without_source_the_pages_of_an_unknown_paper_go_to_a_source_named_after_the_folder(tmp_path):
    write_pages(tmp_path / "dhofar-ledger")
    code, _out, err = run_cli(str(tmp_path / "dhofar-ledger"))
    assert code == 0, err
    assert list(NewsSource.objects.values_list("name", flat=True)) == ["dhofar-ledger"]
    assert_clean(Article.objects.all())

    # A later page on standard input, no source named: matched by its lines.
    code, out, err = run_cli("-", "--json", stdin=page(LATER).encode())
    assert code == 0, err
    assert json.loads(out)["news_source"] == "dhofar-ledger"
    later = Article.objects.get(headline=LATER[0])
    assert later.news_source.name == "dhofar-ledger"
    assert_clean([later])


def test_a_file_named_directly_names_the_source_after_its_folder(tmp_path):
    write_pages(tmp_path / "ledger-pages")
    files = sorted(str(path) for path in (tmp_path / "ledger-pages").iterdir())
    code, _out, err = run_cli(*files)
    assert code == 0, err
    assert list(NewsSource.objects.values_list("name", flat=True)) == ["ledger-pages"]


def test_a_dry_run_with_a_new_source_stores_nothing_but_shows_the_name(tmp_path):
    write_pages(tmp_path / "incoming")
    code, out, err = run_cli(str(tmp_path / "incoming"), "--source", "Dhofar Ledger", "--dry-run", "--json")
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert {line["news_source"] for line in lines} == {"Dhofar Ledger"}
    assert {line["status"] for line in lines} == {"dry-run"}
    for line, (_headline, _dateline, paragraphs) in zip(lines, STORIES, strict=True):
        assert line["paragraphs"] == paragraphs
    assert not NewsSource.objects.exists() and not FurnitureLine.objects.exists()


def test_an_existing_source_is_found_in_any_case_from_standard_input():
    existing = NewsSource.objects.create(name="The Dhofar Ledger")
    code, out, err = run_cli("-", "--source", "THE DHOFAR LEDGER", "--json", stdin=page(LATER).encode())
    assert code == 0, err
    assert json.loads(out)["news_source"] == "The Dhofar Ledger"
    assert Article.objects.get().news_source == existing
    assert NewsSource.objects.count() == 1


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_source_is_bad_usage(tmp_path, name):
    write_pages(tmp_path)
    code, _out, err = run_cli(str(tmp_path), "--source", name)
    assert code == 2
    assert "--source needs a name" in err
    assert not Article.objects.exists()


# --- the admin import form -------------------------------------------------------------------


@pytest.fixture
def editor(client):
    user = make_staff("editor", "add_article", "change_article", "view_article")
    client.force_login(user)
    return user


def uploads(stories=STORIES) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(f"{number:02d}.txt", page(story).encode(), content_type="text/plain")
        for number, story in enumerate(stories, start=1)
    ]


def state_of(response) -> str:
    match = re.search(r'name="state" value="([^"]+)"', response.content.decode())
    assert match, response.content.decode()[-3000:]
    return match.group(1)


def test_the_form_offers_the_source_field(client, editor):
    page_html = client.get(reverse(IMPORT_URL)).content.decode()
    assert 'name="source"' in page_html
    assert "Source (paper)" in page_html


def test_the_source_named_in_the_form_is_carried_to_the_confirm_step(client, editor):
    preview = client.post(reverse(IMPORT_URL), {"uploads": uploads(), "source": "  The Dhofar  Ledger "})
    assert preview.status_code == 200
    assert not NewsSource.objects.exists()  # the preview stores nothing
    staged = StagedImport.objects.get()
    assert staged.news_source == "The Dhofar Ledger"

    done = client.post(reverse(IMPORT_URL), {"state": state_of(preview)})
    assert done.status_code == 200
    source = NewsSource.objects.get()
    assert source.name == "The Dhofar Ledger"
    assert Article.objects.filter(news_source=source).count() == len(STORIES)
    assert_clean(Article.objects.all())


def test_without_a_source_an_unknown_paper_becomes_an_admin_import_source(client, editor):
    preview = client.post(reverse(IMPORT_URL), {"uploads": uploads()})
    client.post(reverse(IMPORT_URL), {"state": state_of(preview)})
    source = NewsSource.objects.get()
    staged_name = re.fullmatch(r"Admin import (\d{4}-\d\d-\d\d \d\d:\d\d)", source.name)
    assert staged_name, source.name
    assert abs(timezone.localtime() - timezone.make_aware(
        timezone.datetime.strptime(staged_name.group(1), "%Y-%m-%d %H:%M")
    )).total_seconds() < 120
    assert_clean(Article.objects.all())


def test_the_confirm_step_reads_the_pages_as_the_preview_did_when_fewer_are_left(client, editor):
    # Two of the four pages were imported before (no lines learnt from two):
    # the preview learns from all four, only two are left to confirm, and
    # two pages alone would teach nothing.
    list(import_many([(f"{n}.txt", page(story)) for n, story in enumerate(STORIES[:2])]))
    assert not FurnitureLine.objects.exists()
    preview = client.post(reverse(IMPORT_URL), {"uploads": uploads(STORIES[:4]), "source": "Ledger"})
    assert StagedImport.objects.get().stories.count() == 2

    client.post(reverse(IMPORT_URL), {"state": state_of(preview)})
    confirmed = Article.objects.filter(news_source__name="Ledger")
    assert sorted(confirmed.values_list("headline", flat=True)) == sorted(h for h, _d, _p in STORIES[2:4])
    assert_clean(confirmed)
    assert FurnitureLine.objects.get(text=MIDDLE).stories_seen == 2


def test_a_source_name_too_long_is_an_error_on_the_form(client, editor):
    response = client.post(reverse(IMPORT_URL), {"uploads": uploads(), "source": "x" * 201})
    assert response.status_code == 200
    assert 'name="source"' in response.content.decode()
    assert not StagedImport.objects.exists()


# --- the news source admin -------------------------------------------------------------------


@pytest.fixture
def sources_editor(client):
    user = make_staff(
        "desk", "view_newssource", "change_newssource", "view_furnitureline", "change_furnitureline",
        "delete_furnitureline", "view_article",
    )
    client.force_login(user)
    return user


def test_the_source_list_counts_lines_and_articles_and_searches_line_text(client, sources_editor):
    list(import_many([(f"{n}.txt", page(story)) for n, story in enumerate(STORIES)], source="The Dhofar Ledger"))
    NewsSource.objects.create(name="Another paper")
    changelist = reverse("admin:newsdesk_newssource_changelist")

    page_html = client.get(changelist).content.decode()
    row = re.search(r"The Dhofar Ledger.*?</tr>", page_html, re.DOTALL).group(0)
    assert re.findall(r'<td class="field-(?:line|article)_count">(\d+)</td>', row) == [
        str(len(FURNITURE)), str(len(STORIES))
    ]
    found = client.get(changelist, {"q": "tip us"}).content.decode()
    assert "The Dhofar Ledger" in found and "Another paper" not in found
    found = client.get(changelist, {"q": "another"}).content.decode()
    assert "Another paper" in found and "The Dhofar Ledger" not in found


def test_an_editor_unticks_a_line_in_the_source_admin_and_it_stays_in_the_next_body(client, sources_editor):
    list(import_many([(f"{n}.txt", page(story)) for n, story in enumerate(STORIES)], source="The Dhofar Ledger"))
    source = NewsSource.objects.get()
    change = reverse("admin:newsdesk_newssource_change", args=[source.pk])
    form = client.get(change).content.decode()
    assert BOTTOM[0] in form

    lines = list(source.furniture_lines.order_by("-is_furniture", "-stories_seen", "text"))
    data = {
        "name": source.name, "notes": "",
        "furniture_lines-TOTAL_FORMS": str(len(lines)), "furniture_lines-INITIAL_FORMS": str(len(lines)),
        "furniture_lines-MIN_NUM_FORMS": "0", "furniture_lines-MAX_NUM_FORMS": "1000",
    }
    for index, line in enumerate(lines):
        data[f"furniture_lines-{index}-id"] = str(line.pk)
        data[f"furniture_lines-{index}-source"] = str(source.pk)
        if line.text != BOTTOM[0]:
            data[f"furniture_lines-{index}-is_furniture"] = "on"
    response = client.post(change, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert list(FurnitureLine.objects.filter(is_furniture=False).values_list("text", flat=True)) == [BOTTOM[0]]

    [result] = import_many([("later.txt", page(LATER))])
    assert paragraphs_in(result.article) == [*LATER[2], BOTTOM[0]]


def test_a_rename_that_differs_only_in_case_from_another_source_is_refused(client, sources_editor):
    NewsSource.objects.create(name="The Dhofar Ledger")
    other = NewsSource.objects.create(name="Import 2026-11-30 10:00")
    data = {
        "name": "the dhofar ledger", "notes": "",
        "furniture_lines-TOTAL_FORMS": "0", "furniture_lines-INITIAL_FORMS": "0",
        "furniture_lines-MIN_NUM_FORMS": "0", "furniture_lines-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("admin:newsdesk_newssource_change", args=[other.pk]), data)
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    other.refresh_from_db()
    assert other.name == "Import 2026-11-30 10:00"


def test_articles_can_be_filtered_by_news_source(client):
    client.force_login(make_staff("reader", "view_article"))
    list(import_many([(f"{n}.txt", page(story)) for n, story in enumerate(STORIES[:3])], source="The Dhofar Ledger"))
    list(import_many([("other.txt", page(LATER))], source="Another paper"))
    source = NewsSource.objects.get(name="Another paper")
    response = client.get(reverse("admin:newsdesk_article_changelist"), {"news_source__id__exact": source.pk})
    assert response.status_code == 200
    assert [article.pk for article in response.context["cl"].result_list] == [
        Article.objects.get(news_source=source).pk
    ]
