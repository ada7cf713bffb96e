"""The admin's "Import wire text" page: permission, preview, signed
confirm, uploads, errors on the form.  Real database, Django test client."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from newsdesk.models import Article, Caption
from tests.factories import make_staff
from tests.wire_import_support import FALCON_STORY, PORT_STORY, WADI_STORY

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:newsdesk_article_import"
CHANGELIST = "admin:newsdesk_article_changelist"


@pytest.fixture
def editor(client):
    user = make_staff("editor", "add_article", "change_article", "view_article")
    client.force_login(user)
    return user


def state_of(response) -> str:
    match = re.search(r'name="state" value="([^"]+)"', response.content.decode())
    assert match, "the preview carries the stories in a signed hidden field"
    return match.group(1)


def test_changelist_has_the_import_button_for_editors(client, editor):
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert reverse(IMPORT_URL) in response.content.decode()
    assert "Import wire text" in response.content.decode()


def test_users_who_cannot_add_articles_see_no_button_and_get_403(client):
    client.force_login(make_staff("reader", "view_article"))
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert reverse(IMPORT_URL) not in response.content.decode()
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    assert client.post(reverse(IMPORT_URL), {"text": PORT_STORY}).status_code == 403
    assert Article.objects.count() == 0


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse(IMPORT_URL))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_preview_saves_nothing_then_confirm_creates_the_draft(client, editor):
    response = client.get(reverse(IMPORT_URL))
    assert response.status_code == 200
    assert 'name="text"' in response.content.decode()

    preview = client.post(reverse(IMPORT_URL), {"text": WADI_STORY})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Heavy rain floods wadis across Dhofar" in page
    assert "SALALAH" in page  # the dateline
    assert "ONA" in page  # the credit
    assert "Cars cross a flooded wadi near Salalah on Tuesday." in page  # the caption
    # Its unknown credit, with a warning about it.
    assert re.search(r'class="warnings">.*Dhofar Lens Studio', page, re.DOTALL)
    assert "Import 1 story as draft" in page
    assert Article.objects.count() == 0 and Caption.objects.count() == 0

    done = client.post(reverse(IMPORT_URL), {"state": state_of(preview)})
    assert done.status_code == 200
    article = Article.objects.get()
    assert article.headline == "Heavy rain floods wadis across Dhofar"
    assert article.status == Article.Status.DRAFT
    assert article.source_text == WADI_STORY.replace("\r\n", "\n")
    assert reverse("admin:newsdesk_article_change", args=[article.pk]) in done.content.decode()
    assert "1 draft created." in done.content.decode()


def test_confirming_twice_creates_nothing_more(client, editor):
    preview = client.post(reverse(IMPORT_URL), {"text": PORT_STORY})
    state = state_of(preview)
    client.post(reverse(IMPORT_URL), {"state": state})
    again = client.post(reverse(IMPORT_URL), {"state": state})
    assert again.status_code == 200
    assert Article.objects.count() == 1
    assert "0 drafts created." in again.content.decode()
    assert "duplicate" in again.content.decode()


def test_preview_of_a_known_story_says_duplicate_and_offers_no_import(client, editor):
    client.post(reverse(IMPORT_URL), {"state": state_of(client.post(reverse(IMPORT_URL), {"text": PORT_STORY}))})
    first = Article.objects.get()
    preview = client.post(reverse(IMPORT_URL), {"text": PORT_STORY.replace("\n", "\r\n")})
    page = preview.content.decode()
    assert "duplicate" in page
    assert reverse("admin:newsdesk_article_change", args=[first.pk]) in page
    assert 'name="_confirm"' not in page


def test_tampered_state_is_a_400_and_saves_nothing(client, editor):
    preview = client.post(reverse(IMPORT_URL), {"text": PORT_STORY})
    state = state_of(preview)
    tampered = state[:10] + ("A" if state[10] != "A" else "B") + state[11:]
    response = client.post(reverse(IMPORT_URL), {"state": tampered})
    assert response.status_code == 400
    assert Article.objects.count() == 0


def test_state_signed_for_another_user_is_refused(client, editor):
    state = state_of(client.post(reverse(IMPORT_URL), {"text": PORT_STORY}))
    other = Client()
    other.force_login(make_staff("other", "add_article", "view_article"))
    assert other.post(reverse(IMPORT_URL), {"state": state}).status_code == 400
    assert Article.objects.count() == 0


def test_several_uploads_are_previewed_and_imported_with_base_names(client, editor):
    files = [
        SimpleUploadedFile("../../etc/port.txt", PORT_STORY.encode(), content_type="text/plain"),
        SimpleUploadedFile("falcon.txt", FALCON_STORY.encode(), content_type="text/plain"),
    ]
    preview = client.post(reverse(IMPORT_URL), {"uploads": files})
    page = preview.content.decode()
    assert preview.status_code == 200, page
    assert "Muscat port opens new container terminal" in page
    assert "Falcon festival draws record crowd" in page
    assert "Import 2 stories as drafts" in page
    assert "../" not in page

    client.post(reverse(IMPORT_URL), {"state": state_of(preview)})
    assert sorted(Article.objects.values_list("source_name", flat=True)) == ["falcon.txt", "port.txt"]


@override_settings(NEWSDESK={"IMPORT_MAX_UPLOAD_SIZE": 100})
def test_oversized_upload_is_an_error_on_the_form(client, editor):
    upload = SimpleUploadedFile("big.txt", PORT_STORY.encode(), content_type="text/plain")
    assert len(PORT_STORY.encode()) > 100
    response = client.post(reverse(IMPORT_URL), {"uploads": [upload]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "big.txt is too large" in page
    assert 'name="state"' not in page


def test_undecodable_upload_is_an_error_on_the_form(client, editor):
    upload = SimpleUploadedFile("latin.txt", b"Caf\xe9 opens\n\nMUSCAT: A caf\xe9.\n", content_type="text/plain")
    response = client.post(reverse(IMPORT_URL), {"uploads": [upload]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "latin.txt" in page and "errorlist" in page
    assert Article.objects.count() == 0


def test_empty_submission_is_an_error_on_the_form(client, editor):
    response = client.post(reverse(IMPORT_URL), {"text": "   \n"})
    assert response.status_code == 200
    assert "Paste a story or choose at least one file." in response.content.decode()


def test_the_form_is_csrf_protected(editor):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(reverse(IMPORT_URL), {"text": PORT_STORY}).status_code == 403
    page = strict.get(reverse(IMPORT_URL)).content.decode()
    assert "csrfmiddlewaretoken" in page


def test_superuser_can_import(client):
    client.force_login(get_user_model().objects.create_superuser("boss", "b@example.com", "pw"))
    assert client.get(reverse(IMPORT_URL)).status_code == 200
