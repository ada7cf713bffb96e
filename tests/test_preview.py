"""The staff preview of any article, and the admin's "View on site" link.

Preview is for active staff holding ``newsdesk.change_article``; everyone
else gets the same 404 as for an article that does not exist, so a draft's
existence is never revealed.  The page is private, never stored, never indexed.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from newsdesk.models import Article
from tests.factories import make_article, make_staff

pytestmark = pytest.mark.django_db

Status = Article.Status


def _preview_url(article: Article) -> str:
    return f"/news/preview/{article.pk}/"


def _article(status: str = Status.DRAFT, **fields) -> Article:
    return make_article("Cabinet approves the new budget", body="<p>Draft text.</p>", status=status, **fields)


def _login(client, user):
    client.force_login(user)
    return client


# --- who may preview ------------------------------------------------------


def test_the_preview_url_is_named():
    assert reverse("newsdesk_article_preview", kwargs={"pk": 7}) == "/news/preview/7/"


@pytest.mark.parametrize("status", [Status.DRAFT, Status.READY, Status.PUBLISHED, Status.WITHDRAWN])
def test_staff_with_the_change_permission_preview_every_status(client, status):
    article = _article(status, published_at=timezone.now() if status == Status.PUBLISHED else None)
    _login(client, make_staff("desk", "change_article"))
    response = client.get(_preview_url(article))
    assert response.status_code == 200
    assert response.context["preview"] is True
    assert response.context["article"] == article
    assert [t.name for t in response.templates][0] == "newsdesk/article_detail.html"
    assert "<p>Draft text.</p>" in response.content.decode()


def test_a_scheduled_article_is_previewed_before_it_goes_live(client):
    article = _article(Status.PUBLISHED, published_at=timezone.now() + datetime.timedelta(days=1))
    assert client.get(article.get_absolute_url()).status_code == 404  # readers: not yet
    _login(client, make_staff("desk", "change_article"))
    assert client.get(_preview_url(article)).status_code == 200


def test_a_superuser_previews(client):
    article = _article()
    _login(client, get_user_model().objects.create_superuser("boss", "boss@example.com", "pw"))
    assert client.get(_preview_url(article)).status_code == 200


def _non_staff_with_permission():
    user = make_staff("reader", "change_article")
    user.is_staff = False
    user.save()
    return user


def _inactive_staff_with_permission():
    user = make_staff("gone", "change_article")
    user.is_active = False
    user.save()
    return user


@pytest.mark.parametrize(
    "make_user",
    [
        pytest.param(lambda: None, id="anonymous"),
        pytest.param(_non_staff_with_permission, id="not-staff-with-change-permission"),
        pytest.param(lambda: make_staff("clerk"), id="staff-without-permissions"),
        pytest.param(lambda: make_staff("viewer", "view_article"), id="staff-with-view-permission-only"),
        pytest.param(lambda: make_staff("adder", "add_article"), id="staff-with-add-permission-only"),
        pytest.param(_inactive_staff_with_permission, id="inactive-staff-with-change-permission"),
    ],
)
def test_everyone_else_gets_404_for_every_status(client, make_user):
    user = make_user()
    if user is not None:
        _login(client, user)
    for status in Status.values:
        article = _article(status, published_at=timezone.now() if status == Status.PUBLISHED else None)
        response = client.get(_preview_url(article))
        assert response.status_code == 404, status


def test_the_404_is_the_same_as_for_an_article_that_does_not_exist(client):
    draft = _article()
    existing = client.get(_preview_url(draft))
    missing = client.get(f"/news/preview/{draft.pk + 1000}/")
    assert existing.status_code == missing.status_code == 404
    assert existing.content == missing.content
    assert existing.get("Location") is None  # not a redirect to a login page


def test_staff_get_404_for_an_article_that_does_not_exist(client):
    _login(client, make_staff("desk", "change_article"))
    assert client.get("/news/preview/999999/").status_code == 404


def test_readers_still_get_404_on_the_public_address_of_a_draft(client):
    draft = _article()
    assert client.get(draft.get_absolute_url()).status_code == 404
    # Signed in staff too: the public page is for readers, the preview for staff.
    _login(client, make_staff("desk", "change_article"))
    assert client.get(draft.get_absolute_url()).status_code == 404


# --- never cached, never indexed --------------------------------------------


def _cache_control(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response["Cache-Control"].split(",")}


def test_the_preview_is_private_never_stored_and_not_indexed(client):
    article = _article()
    _login(client, make_staff("desk", "change_article"))
    response = client.get(_preview_url(article))
    directives = _cache_control(response)
    assert "private" in directives
    assert {"no-store", "no-cache"} <= directives
    assert "public" not in directives
    assert re.search(r"\bmax-age=0\b", response["Cache-Control"])
    assert response["X-Robots-Tag"] == "noindex"


def test_the_public_article_page_carries_no_preview_headers(client):
    article = _article(Status.PUBLISHED, published_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "X-Robots-Tag" not in response
    assert "preview" not in response.context


# --- "View on site" in the admin --------------------------------------------


def _view_on_site_href(content: str) -> str | None:
    match = re.search(r'<a href="([^"]*)" class="viewsitelink">', content)
    return match.group(1) if match else None


def _change_page(client, article: Article) -> str:
    response = client.get(reverse("admin:newsdesk_article_change", args=[article.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.READY, Status.WITHDRAWN])
def test_view_on_site_of_an_unpublished_article_opens_its_preview(client, status):
    article = _article(status)
    _login(client, make_staff("desk", "change_article"))
    href = _view_on_site_href(_change_page(client, article))
    assert href == f"/news/preview/{article.pk}/"
    response = client.get(href)
    assert response.status_code == 200
    assert response.context["preview"] is True
    assert response.context["article"] == article


def test_view_on_site_of_a_scheduled_article_opens_its_preview(client):
    article = _article(Status.PUBLISHED, published_at=timezone.now() + datetime.timedelta(hours=3))
    _login(client, make_staff("desk", "change_article"))
    assert _view_on_site_href(_change_page(client, article)) == f"/news/preview/{article.pk}/"


def test_view_on_site_of_a_published_article_opens_the_readers_page(client):
    article = _article(Status.PUBLISHED, published_at=timezone.now() - datetime.timedelta(minutes=1))
    _login(client, make_staff("desk", "change_article"))
    href = _view_on_site_href(_change_page(client, article))
    assert href == f"/news/{article.pk}/cabinet-approves-the-new-budget/"
    response = client.get(href)
    assert response.status_code == 200
    assert "preview" not in response.context


def test_a_view_only_user_sees_no_link_to_a_preview_they_cannot_open(client):
    draft = _article()
    published = _article(Status.PUBLISHED, published_at=timezone.now() - datetime.timedelta(minutes=1))
    _login(client, make_staff("viewer", "view_article"))
    assert _view_on_site_href(_change_page(client, draft)) is None
    assert _view_on_site_href(_change_page(client, published)) == published.get_absolute_url()
