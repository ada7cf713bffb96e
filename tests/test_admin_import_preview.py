"""What the admin import preview shows of each story (issue "importer reads
any paper", item 5): the fields the parser doubts, the lines it dropped as
page furniture, the printed publication date; and text that is not a story
refused before anything is staged.

The story template is rendered for stories built by hand, so the marks are
checked for every field whatever the parser decides; the page-level tests
go through the real parser, the real importer and the Django test client.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from newsdesk import staging
from newsdesk.admin.importing import PASTED_NAME
from newsdesk.ingest import DRY_RUN, ImportResult
from newsdesk.models import Article, StagedImport, StagedStory
from newsdesk.wire.story import DOUBT_BELOW, WireStory
from tests.factories import make_article, make_staff
from tests.wire_import_support import COURT_HEADLINE, COURT_KICKER, PORT_STORY, court_page, seed_text

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:newsdesk_article_import"
STORY_TEMPLATE = "admin/newsdesk/article/import_story.html"
ALL_FIELDS = ("headline", "standfirst", "byline", "dateline", "body_start", "body_end", "published")

PARAGRAPHS = (
    "The new park in Al Khuwair opened on Sunday, officials said.",
    "It has playgrounds, a running track and shaded seating.",
    "Entry is free until the end of the year.",
)


@pytest.fixture
def editor(client):
    user = make_staff("editor", "add_article", "change_article", "view_article")
    client.force_login(user)
    return user


def render_story(**fields) -> str:
    story = WireStory(**fields)
    result = ImportResult(source_name=PASTED_NAME, story=story, status=DRY_RUN, warnings=list(story.warnings))
    return render_to_string(STORY_TEMPLATE, {"result": result})


def story_fields(**overrides) -> dict:
    fields = {
        "headline": "New park opens in Al Khuwair",
        "standfirst": "Families welcome the city's largest green space",
        "byline": "Jane Doe",
        "dateline": "MUSCAT",
        "paragraphs": PARAGRAPHS,
        "published": datetime.date(2025, 10, 12),
    }
    return {**fields, **overrides}


def labels(html: str) -> list[str]:
    """The fields marked with a "check" label, in page order."""
    return re.findall(r'class="newsdesk-import-doubt" data-field="([a-z_]+)"', html)


def paragraphs(html: str) -> list[str]:
    return re.findall(r"<p dir=\"auto\"[^>]*>.*?</p>", html, re.DOTALL)


def submit(client, text: str = "", **uploads: str):
    files = [SimpleUploadedFile(name, data.encode(), content_type="text/plain") for name, data in uploads.items()]
    response = client.post(reverse(IMPORT_URL), {"text": text, "uploads": files})
    assert response.status_code == 200
    return response.content.decode()


def section_of(page: str, source_name: str) -> str:
    """The preview's section for one input, found by its source name."""
    for section in re.findall(r"<section .*?</section>", page, re.DOTALL):
        if f'<p class="source">{source_name} —' in section:
            return section
    raise AssertionError(f"no story from {source_name} in the preview")


# --- doubtful fields ---------------------------------------------------------


def test_a_story_without_confidence_has_no_marks():
    html = render_story(**story_fields())
    assert "newsdesk-import-doubt" not in html
    assert "check this" not in html


def test_every_doubtful_field_is_marked_with_a_label():
    html = render_story(**story_fields(confidence=dict.fromkeys(ALL_FIELDS, 0.3)))
    assert labels(html) == ["headline", "standfirst", "dateline", "byline", "published", "body_start", "body_end"]
    assert re.search(r'<h2 class="headline newsdesk-import-doubtful" dir="auto">New park opens', html)
    for field in ("standfirst", "dateline", "byline", "published"):
        assert f'<dd class="{field} newsdesk-import-doubtful"' in html
    first, middle, last = paragraphs(html)
    assert 'class="newsdesk-import-doubtful"' in first and "check where the story starts" in first
    assert "newsdesk-import-doubt" not in middle
    assert 'class="newsdesk-import-doubtful"' in last and "check where the story ends" in last
    # The label comes before the first paragraph's text and after the last's.
    assert first.index("check where") < first.index(PARAGRAPHS[0])
    assert last.index("check where") > last.index(PARAGRAPHS[2])
    assert html.count("check this") == 5


def test_only_fields_below_the_threshold_are_marked():
    confidence = {"dateline": DOUBT_BELOW - 0.01, "byline": DOUBT_BELOW, "headline": 0.95, "credit": 0.1}
    html = render_story(**story_fields(confidence=confidence))
    assert labels(html) == ["dateline"]
    assert '<dd class="byline"><bdi>Jane Doe</bdi></dd>' in html
    assert '<h2 class="headline" dir="auto">' in html


def test_a_doubtful_body_start_with_no_paragraphs_is_marked_on_the_body():
    html = render_story(**story_fields(paragraphs=(), confidence={"body_start": 0.2, "body_end": 0.2}))
    assert labels(html) == ["body_start"]
    assert re.search(r"<dt>Body <span [^>]*>check where the story starts</span>", html)


def test_a_doubtful_standfirst_is_shown_even_when_empty():
    html = render_story(**story_fields(standfirst="", confidence={"standfirst": 0.4}))
    assert labels(html) == ["standfirst"]
    assert '<dd class="standfirst newsdesk-import-doubtful">—</dd>' in html
    assert "<dt>Standfirst" not in render_story(**story_fields(standfirst=""))


def test_a_one_paragraph_body_carries_both_labels():
    html = render_story(**story_fields(paragraphs=PARAGRAPHS[:1], confidence={"body_start": 0.5, "body_end": 0.5}))
    [only] = paragraphs(html)
    assert labels(only) == ["body_start", "body_end"]


def test_the_label_keeps_the_admin_direction_inside_a_story_paragraph():
    """Each paragraph takes its direction from its own text (dir="auto"); the
    label has its own dir, so an English label does not turn an Arabic
    paragraph left to right, nor an Arabic label an English one."""
    fields = story_fields(confidence={"body_start": 0.1})
    assert 'data-field="body_start" dir="ltr"' in render_story(**fields)
    with translation.override("ar"):
        assert 'data-field="body_start" dir="rtl"' in render_story(**fields)


# --- the printed publication date ---------------------------------------------


@pytest.mark.parametrize(
    "published, shown",
    [
        (datetime.date(2025, 10, 12), '<time datetime="2025-10-12">2025-10-12</time>'),
        (datetime.datetime(2025, 10, 12, 10, 5), '<time datetime="2025-10-12T10:05:00">2025-10-12 10:05</time>'),
        (datetime.datetime(2025, 10, 12, 0, 0), '<time datetime="2025-10-12T00:00:00">2025-10-12 00:00</time>'),
        (None, "—"),
    ],
)
def test_the_printed_publication_date_is_shown(published, shown):
    html = render_story(**story_fields(published=published))
    assert re.search(r"<dt>Published \(as printed\)\s*</dt>", html)
    assert f'<dd class="published">{shown}</dd>' in html


# --- dropped lines -------------------------------------------------------------


def test_dropped_lines_are_listed_beside_the_story_with_their_count():
    html = render_story(**story_fields(dropped=("SHARE ARTICLE", "<b>home icon</b>")))
    assert 'class="newsdesk-import-story newsdesk-import-story--with-dropped"' in html
    assert re.search(
        r'<aside class="newsdesk-import-dropped">\s*<details open>\s*'
        r"<summary>Lines dropped as page furniture \(2\)</summary>",
        html,
    )
    assert "<li><bdi>SHARE ARTICLE</bdi></li><li><bdi>&lt;b&gt;home icon&lt;/b&gt;</bdi></li>" in html
    assert "Line dropped as page furniture (1)" in render_story(**story_fields(dropped=("minus",)))
    assert "newsdesk-import-dropped" not in render_story(**story_fields())


def test_the_seed_preview_shows_what_was_dropped(client, editor):
    page = submit(client, seed_text())
    assert 'href="/static/newsdesk/admin/import.css"' in page
    [summary] = re.findall(r"<summary>Lines dropped as page furniture \((\d+)\)</summary>", page)
    dropped = re.findall(r"<li><bdi>(.*?)</bdi></li>", page.split('<ul class="dropped">', 1)[1].split("</ul>", 1)[0])
    assert int(summary) == len(dropped)
    # Read off the seed page: its masthead, font-size buttons and share bar.
    for line in ("EDITOR IN CHIEF- ABDULLAH BIN SALIM AL SHUEILI", "minus", "plus", "SHARE ARTICLE", "home icon"):
        assert line in dropped


# --- through the real parser (these depend on it filling confidence/published) --


NO_HEADLINE_PAGE = """MUSCAT: The municipality opened a new park in Al Khuwair on Sunday, and hundreds of families came to see it in the evening, officials said.

The park has playgrounds, a running track and shaded seating for families. — ONA
"""

PUBLISHED_PAGE = """Muscat municipality opens new park in Al Khuwair
October 12, 2025 | 10:05 AM
by Times News Service

Muscat: The municipality opened a new park in Al Khuwair on Sunday, officials said.

The park has playgrounds, a running track and shaded seating for families.
"""


def test_a_page_without_a_headline_line_has_its_headline_marked(client, editor):
    page = submit(client, NO_HEADLINE_PAGE)
    assert re.search(r'<h2 class="headline newsdesk-import-doubtful" dir="auto">', page)
    assert 'data-field="headline"' in page
    assert re.search(r'<ul class="warnings"><li><bdi>No headline found', page)


def test_the_printed_publication_date_of_a_page_is_shown(client, editor):
    page = submit(client, PUBLISHED_PAGE)
    assert re.search(r'<dd class="published[^"]*"><time datetime="2025-10-12[^"]*">2025-10-12', page)


# --- the Arabic admin ------------------------------------------------------------


ARABIC_PAGE = """افتتاح حديقة جديدة في الخوير
شارك
طباعة

مسقط: افتتحت بلدية مسقط يوم الأحد حديقة جديدة في الخوير، وقال المسؤولون إن الحديقة تضم ملاعب ومسارا للجري.

وتضم الحديقة أيضا مقاعد مظللة للعائلات. - العمانية
"""


@override_settings(LANGUAGE_CODE="ar")
def test_the_preview_in_the_arabic_admin_is_right_to_left(client, editor):
    with translation.override("ar"):
        page = submit(client, ARABIC_PAGE)
    assert '<html lang="ar" dir="rtl">' in page
    assert 'href="/static/newsdesk/admin/import.css"' in page
    assert '<h2 class="headline" dir="auto">افتتاح حديقة جديدة في الخوير</h2>' in page
    assert '<p dir="auto">وتضم الحديقة أيضا مقاعد مظللة للعائلات.</p>' in page
    dropped = page.split('<ul class="dropped">', 1)[1].split("</ul>", 1)[0]
    assert "<li><bdi>شارك</bdi></li><li><bdi>طباعة</bdi></li>" in dropped
    assert 'name="_confirm"' in page


# --- text that is not a story is refused (depends on ingest's rule) ------------


@pytest.mark.parametrize("text", ["hello", "Oman opens new port at Duqm\n"])
def test_text_that_is_not_a_story_is_refused_in_the_preview(client, editor, text):
    page = submit(client, text)
    assert 'data-status="failed"' in page
    assert re.search(r'<strong class="errornote">cannot be imported: [^<]*not a story', page)
    assert 'name="_confirm"' not in page and 'name="state"' not in page
    assert "Nothing to import: see the reason given with each story above." in page
    assert StagedImport.objects.count() == 0


def test_only_the_stories_offered_are_staged_and_imported(client, editor):
    preview = submit(client, PORT_STORY, **{"hello.txt": "hello\n"})
    assert "Import 1 story as draft" in preview
    assert 'data-status="failed"' in section_of(preview, "hello.txt")
    assert list(StagedStory.objects.values_list("name", flat=True)) == [PASTED_NAME]
    state = re.search(r'name="state" value="([^"]+)"', preview).group(1)

    done = client.post(reverse(IMPORT_URL), {"state": state}).content.decode()
    assert "1 draft created." in done
    assert "Try the failed stories again" not in done
    assert list(Article.objects.values_list("headline", flat=True)) == ["Muscat port opens new container terminal"]
    # Replayed: the staged import is gone, and nothing more is written.
    again = client.post(reverse(IMPORT_URL), {"state": state}).content.decode()
    assert "This preview is no longer available" in again
    assert Article.objects.count() == 1


def test_a_staged_text_that_is_not_a_story_is_refused_at_the_confirm_step(client, editor):
    """The confirm step applies the importer's rule again: a text staged
    before the rule existed (or by any other path) still makes no draft."""
    state = staging.stage(editor, [(PASTED_NAME, "hello")])
    done = client.post(reverse(IMPORT_URL), {"state": state}).content.decode()
    assert "0 drafts created." in done
    assert re.search(r"cannot be imported: [^<]*not a story", done)
    assert Article.objects.count() == 0


def test_a_refused_empty_file_is_not_staged(client, editor):
    preview = submit(client, PORT_STORY, **{"empty.txt": "  \n\n \n"})
    assert "Import 1 story as draft" in preview
    assert 'data-status="failed"' in section_of(preview, "empty.txt")
    assert list(StagedStory.objects.values_list("name", flat=True)) == [PASTED_NAME]


# --- the article's change form -------------------------------------------------


def test_the_change_form_shows_the_printed_publication_date(admin_client):
    printed = timezone.make_aware(datetime.datetime(2025, 10, 12, 10, 5))
    article = make_article(
        "New park opens in Al Khuwair", source_published=printed, page_date=datetime.date(2025, 10, 13)
    )
    page = admin_client.get(reverse("admin:newsdesk_article_change", args=[article.pk])).content.decode()
    # One form row holds both fields (Django 6 adds layout classes to the row).
    row = re.search(
        r'<div class="form-row[^"]*\bfield-page_date field-source_published">.*?</fieldset>', page, re.DOTALL
    )
    assert row, "the printed publication date sits beside the page date, in Provenance"
    assert "Published (as printed)" in row.group(0)
    assert "Oct. 12, 2025, 10:05 a.m." in row.group(0)
    assert 'name="source_published"' not in page  # kept as received


def test_preformatted_text_and_tables_are_shown_line_for_line():
    html = render_story(
        headline="Lofoten catch",
        paragraphs=("Figures for the week:", "Port   Tonnes\nReine  205", "Week\tTonnes\n49\t1 120"),
        preformatted=(1,),
        tables=(2,),
    )
    assert '<p dir="auto">Figures for the week:</p>' in html
    assert '<span class="newsdesk-import-preformatted">Port   Tonnes\nReine  205</span>' in html
    assert '<span class="newsdesk-import-preformatted">Week\tTonnes\n49\t1 120</span>' in html


# --- the alternative the parser considered -----------------------------------

COURT_PAGE = court_page(COURT_KICKER)


def test_the_preview_offers_the_headline_alternative_and_confirming_with_it_saves_it(client, editor):
    page = submit(client, COURT_PAGE)
    section = section_of(page, PASTED_NAME)
    assert re.search(r'<h2 class="headline[^"]*" dir="auto">Court ruling ends years of waiting</h2>', section)
    offer = re.search(r'<p class="newsdesk-import-alternative" data-field="headline".*?</p>', section, re.DOTALL)
    assert offer is not None
    assert "headline could be:" in offer.group()
    assert f'<bdi class="newsdesk-import-alternative-text">{COURT_HEADLINE}</bdi>' in offer.group()
    box = re.search(r"<input [^>]*>", offer.group()).group()
    assert 'form="wire-import-confirm"' in box and 'name="alternative"' in box
    assert f'value="headline:{PASTED_NAME}"' in box
    assert "newsdesk/admin/import.js" in page

    state = re.search(r'name="state" value="([^"]+)"', page).group(1)
    done = client.post(reverse(IMPORT_URL), {"state": state, "alternative": f"headline:{PASTED_NAME}"})
    assert done.status_code == 200
    article = Article.objects.get()
    assert (article.headline, article.standfirst) == (COURT_HEADLINE, "")


def test_confirming_without_the_box_keeps_what_the_parser_chose(client, editor):
    page = submit(client, COURT_PAGE)
    assert 'name="alternative"' in page
    state = re.search(r'name="state" value="([^"]+)"', page).group(1)
    client.post(reverse(IMPORT_URL), {"state": state})
    article = Article.objects.get()
    assert (article.headline, article.standfirst) == (COURT_KICKER, COURT_HEADLINE)


def test_an_alternative_taken_for_one_uploaded_file_changes_that_story_only(client, editor):
    page = submit(client, **{"court.txt": COURT_PAGE, "port.txt": PORT_STORY})
    assert 'value="headline:court.txt"' in section_of(page, "court.txt")
    assert 'name="alternative"' not in section_of(page, "port.txt")  # a sure headline: nothing offered
    state = re.search(r'name="state" value="([^"]+)"', page).group(1)
    client.post(reverse(IMPORT_URL), {"state": state, "alternative": "headline:court.txt"})
    assert Article.objects.count() == 2
    assert Article.objects.filter(headline=COURT_HEADLINE, standfirst="").exists()
    assert not Article.objects.filter(headline=COURT_KICKER).exists()
