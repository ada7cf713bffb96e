"""The article admin: list, search, publish permission, query counts."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsdesk.models import Article, ArticleUpdate
from tests.factories import afp, make_article, make_caption, make_staff

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:newsdesk_article_changelist"


@pytest.fixture
def superuser(client):
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(user)
    return user


def _changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add_articles(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        article = make_article(f"Story number {i}", credit=afp(), dateline="MUSCAT")
        article.tags.add("Oman", f"topic-{i}")
        make_caption(article, f"Caption {i}")


def test_changelist_runs_the_same_queries_for_10_and_100_articles(client, superuser):
    _add_articles(10)
    with_10 = _changelist_queries(client)
    _add_articles(90, start=10)
    with_100 = _changelist_queries(client)
    assert with_10 == with_100


def test_changelist_shows_columns_and_searches(client, superuser):
    make_article("Muscat port opens", credit=afp(), dateline="MUSCAT").tags.add("Ports")
    make_article("Rain in Salalah", dateline="SALALAH")
    response = client.get(reverse(CHANGELIST), {"q": "port"})
    content = response.content.decode()
    assert "Muscat port opens" in content
    assert "Rain in Salalah" not in content
    assert ">AFP<" in content
    assert "Ports" in content


def test_change_form_prefills_slug_and_autocompletes_credit(client, superuser):
    response = client.get(reverse("admin:newsdesk_article_add"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "prepopulated_fields" in content or "data-prepopulated-fields" in content
    assert 'class="admin-autocomplete' in content
    assert "captions-group" in content


def test_provenance_fields_are_read_only(client, superuser):
    article = make_article("x", source_text="raw text", source_name="wire/a.txt")
    response = client.get(reverse("admin:newsdesk_article_change", args=[article.pk]))
    content = response.content.decode()
    assert 'name="source_text"' not in content
    assert "raw text" in content


def _post_action(client, action: str, *articles: Article):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [a.pk for a in articles]},
        follow=True,
    )


def test_publisher_can_publish_and_withdraw(client):
    user = make_staff("pub", "view_article", "change_article", "publish_article")
    client.force_login(user)
    article = make_article("Ready story", status=Article.Status.READY)
    _post_action(client, "publish_selected", article)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at is not None
    # Withdrawing asks why first (a confirmation page), then withdraws.
    confirmation = _post_action(client, "withdraw_selected", article)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert 'name="reason"' in confirmation.content.decode()
    client.post(
        reverse(CHANGELIST),
        {"action": "withdraw_selected", "_selected_action": [article.pk], "apply": "yes", "reason": "Legal advice."},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    assert article.withdrawal_reason == "Legal advice."


def test_editor_without_publish_permission_neither_sees_nor_runs_publish(client):
    # delete_article gives the editor one action, so the action form exists
    # and a forged "publish" POST reaches the admin's action handling.
    user = make_staff("ed", "view_article", "change_article", "delete_article")
    client.force_login(user)
    article = make_article("Ready story", status=Article.Status.READY)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert "delete_selected" in page
    assert "publish_selected" not in page
    assert "withdraw_selected" not in page
    response = _post_action(client, "publish_selected", article)
    article.refresh_from_db()
    assert article.status == Article.Status.READY
    assert "No action selected." in response.content.decode()


def test_editor_without_publish_permission_cannot_publish_through_the_form(client):
    user = make_staff("ed", "view_article", "change_article")
    client.force_login(user)
    article = make_article("Ready story", status=Article.Status.READY)
    url = reverse("admin:newsdesk_article_change", args=[article.pk])
    form = client.get(url).content.decode()
    assert 'value="published"' not in form
    response = client.post(url, {
        "headline": "Ready story", "slug": "ready-story", "status": "published", "language": "en",
        "captions-TOTAL_FORMS": "0", "captions-INITIAL_FORMS": "0",
    })
    article.refresh_from_db()
    assert response.status_code == 200  # the form is shown again with an error
    assert article.status == Article.Status.READY


def _change_form_data(article, **changes) -> dict:
    data = {
        "headline": article.headline, "slug": article.slug, "status": article.status, "language": "en",
        "captions-TOTAL_FORMS": "0", "captions-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("status", "forged"),
    [("published", "draft"), ("published", "ready"), ("withdrawn", "ready"), ("withdrawn", "draft")],
)
def test_editor_without_publish_permission_cannot_take_down_or_revive_a_story(client, status, forged):
    client.force_login(make_staff("ed", "view_article", "change_article"))
    article = make_article("Public story", status=status)
    url = reverse("admin:newsdesk_article_change", args=[article.pk])
    form = client.get(url).content.decode()
    assert 'name="status"' not in form  # shown, not editable
    response = client.post(url, _change_form_data(article, status=forged, headline="Public story, edited"))
    article.refresh_from_db()
    assert response.status_code == 302  # the text waits for a publisher ...
    assert article.headline == "Public story"
    assert ArticleUpdate.objects.get(article=article, proposal=True).headline == "Public story, edited"
    assert article.status == status  # ... the status is not even proposed


def test_editor_without_publish_permission_is_offered_draft_and_ready_only(client):
    client.force_login(make_staff("ed", "view_article", "change_article", "add_article"))
    article = make_article("Ready story", status=Article.Status.READY)
    for url in (reverse("admin:newsdesk_article_change", args=[article.pk]), reverse("admin:newsdesk_article_add")):
        form = client.get(url).content.decode()
        options = re.findall(r'<option value="(\w+)"[^>]*>', form.split('name="status"')[1].split("</select>")[0])
        assert options == ["draft", "ready"]


def test_editor_without_publish_permission_still_moves_between_draft_and_ready(client):
    client.force_login(make_staff("ed", "view_article", "change_article"))
    article = make_article("Draft story", status=Article.Status.DRAFT)
    url = reverse("admin:newsdesk_article_change", args=[article.pk])
    assert client.post(url, _change_form_data(article, status="ready")).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.READY


def test_publisher_can_take_a_story_down_in_the_form(client):
    client.force_login(make_staff("pub", "view_article", "change_article", "publish_article"))
    article = make_article("Public story", status=Article.Status.PUBLISHED)
    url = reverse("admin:newsdesk_article_change", args=[article.pk])
    assert client.post(url, _change_form_data(article, status="draft")).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
