"""The README's "add it to an existing site" templates, taken from the README
itself, put newsdesk's reader pages inside the site's own layout."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.test import override_settings

from newsdesk.models import Article

README = Path(__file__).resolve().parent.parent / "README.md"

pytestmark = pytest.mark.django_db


def readme_templates() -> dict[str, str]:
    """``{path: source}`` for each ``html+django`` block of the README whose
    first line is a comment naming the file (``{# templates/base.html #}``)."""
    files = {}
    for block in re.findall(r"```html\+django\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        first, _, rest = block.partition("\n")
        named = re.fullmatch(r"\{# (templates/\S+) #\}", first.strip())
        if named:
            files[named.group(1)] = rest
    return files


@pytest.fixture
def site_templates(tmp_path, settings):
    files = readme_templates()
    assert set(files) == {"templates/base.html", "templates/newsdesk/base.html"}
    for name, source in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source, encoding="utf-8")
    templates = [dict(settings.TEMPLATES[0])]
    templates[0]["DIRS"] = [tmp_path / "templates"]  # as the README's TEMPLATES["DIRS"]
    with override_settings(TEMPLATES=templates):
        yield


def test_the_readme_templates_put_the_reader_pages_in_the_sites_layout(client, site_templates):
    published = datetime.datetime(2025, 12, 7, 6, 0, tzinfo=datetime.timezone.utc)
    article = Article.objects.create(
        headline="Muscat port opens new terminal", body="<p>MUSCAT: It opened.</p>",
        status=Article.Status.PUBLISHED, published_at=published,
    )

    listing = client.get("/news/").content.decode()
    page = client.get(article.get_absolute_url()).content.decode()

    assert "<title>Latest news · Example Times</title>" in listing
    assert "<title>Muscat port opens new terminal · Example Times</title>" in page
    for html in (listing, page):
        assert '<link rel="stylesheet" href="/static/newsdesk/newsdesk.css">' in html
        assert re.search(r"<main>\s*<(section class=\"newsdesk-list\"|h1|article|p class=\"newsdesk-preview\")", html)  # newsdesk's content inside the site's <main>
    assert "<p>MUSCAT: It opened.</p>" in page
