"""Saved web pages through the importer: a page becomes a draft article,
told by its content (not its file name), with its headline, byline,
dateline, credit, caption and publication time, and nothing of its scripts.

The page is ``tests/fixtures/formats/html_article_en.html`` (an invented
story); the expected values were read off it by hand.
"""

from __future__ import annotations

import datetime
import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from newsdesk.ingest import IMPORTED, import_files
from newsdesk.models import Article, FurnitureLine

pytestmark = pytest.mark.django_db

PAGE = Path(__file__).resolve().parent / "fixtures" / "formats" / "html_article_en.html"
GST = datetime.timezone(datetime.timedelta(hours=4))


def test_a_saved_page_becomes_a_draft_article(tmp_path):
    # Saved under a name that says nothing of HTML: the content tells.
    path = tmp_path / "scraped-0412.dat"
    shutil.copy(PAGE, path)
    [result] = list(import_files([path], source="The Gulf Ledger"))
    assert result.status == IMPORTED, result.error
    article = Article.objects.get(pk=result.article.pk)
    assert article.status == Article.Status.DRAFT
    assert article.headline == "Sur fishermen get a cold store that runs on sunlight"
    assert article.byline == "Salma Al-Harthi and Tom Reed"
    assert article.dateline == "SUR"
    assert article.credit is not None and article.credit.short_name == "ONA"
    assert article.source_published == datetime.datetime(2025, 12, 7, 6, 30, tzinfo=GST)
    assert article.body.startswith("<p>A cold store powered by solar panels opened at Sur harbour on Saturday,")
    assert "<h2>Prices no longer set at dawn</h2>" in article.body
    assert "<p>ice no longer has to be trucked in from Ibra;</p>" in article.body
    assert article.body.endswith("if the first pays its way.</p>")
    [caption] = article.captions.all()
    assert caption.text == "Fishermen unload the first catch at the new cold store in Sur harbour."
    assert caption.credit is not None and caption.credit.short_name == "ONA"
    shown = article.body + caption.text + article.headline + article.byline
    for leak in ("SCRIPT-LEAK", "STYLE-LEAK", "ONERROR-LEAK", "onerror", "<script", "<style", "COMMENT-LEAK"):
        assert leak not in shown, leak
    # A page is no scraped text: none of its lines is learnt as a site's furniture.
    assert not FurnitureLine.objects.exists()


def test_import_wire_reports_the_page_as_html(tmp_path):
    path = tmp_path / "coldstore.html"
    shutil.copy(PAGE, path)
    out = StringIO()
    call_command("import_wire", str(path), "--json", stdout=out)
    [story] = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    assert story["status"] == IMPORTED
    assert story["format"] == "html"
    assert story["headline"] == "Sur fishermen get a cold store that runs on sunlight"
