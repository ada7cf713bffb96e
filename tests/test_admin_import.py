"""The admin's "Import wire text" page: permission, preview, signed
confirm, uploads, errors on the form.  Real database, Django test client."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from newsdesk.models import Article, Caption, ImportBatch, StagedImport
from tests.factories import make_staff
from tests.news_messages import news_message
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


def test_the_file_picker_offers_every_format_the_importer_reads(client, editor):
    page = client.get(reverse(IMPORT_URL)).content.decode()
    accept = re.search(r'type="file"[^>]*accept="([^"]+)"', page) or re.search(r'accept="([^"]+)"[^>]*type="file"', page)
    assert accept, "the upload field names the files it takes"
    offered = accept.group(1).split(",")
    for kind in (".txt", ".xml", ".json", ".html", ".tst", "text/plain", "application/xml", "text/html"):
        assert kind in offered, kind


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
    assert StagedImport.objects.count() == 0  # a confirmed import is forgotten at once
    again = client.post(reverse(IMPORT_URL), {"state": state})
    assert again.status_code == 200
    assert Article.objects.count() == 1
    assert "This preview is no longer available: it was imported already, or it expired." in again.content.decode()
    assert 'name="text"' in again.content.decode()  # the form, to start again


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


@override_settings(NEWSDESK={"IMPORT_MAX_FILE_SIZE": 100, "IMPORT_MAX_STORY_SIZE": 100})
def test_upload_over_the_file_limit_is_an_error_on_the_form(client, editor):
    upload = SimpleUploadedFile("big.txt", PORT_STORY.encode(), content_type="text/plain")
    assert len(PORT_STORY.encode()) > 100
    response = client.post(reverse(IMPORT_URL), {"uploads": [upload]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "big.txt is too large" in page
    assert 'name="state"' not in page


@override_settings(NEWSDESK={"IMPORT_MAX_STORY_SIZE": 100})
def test_upload_of_one_story_over_the_story_limit_is_an_error_on_the_form(client, editor):
    upload = SimpleUploadedFile("big.txt", PORT_STORY.encode(), content_type="text/plain")
    response = client.post(reverse(IMPORT_URL), {"uploads": [upload]})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"big.txt: too large to be one story: {len(PORT_STORY.encode())} bytes" in page
    assert "set by IMPORT_MAX_STORY_SIZE" in page
    assert 'name="state"' not in page


@override_settings(NEWSDESK={"IMPORT_MAX_STORY_SIZE": 2000})
def test_an_uploaded_message_larger_than_a_story_is_split_previewed_and_imported(client, editor):
    message = news_message(12).encode()
    assert len(message) > 3 * 2000
    upload = SimpleUploadedFile("wire.xml", message, content_type="application/xml")
    preview = client.post(reverse(IMPORT_URL), {"uploads": [upload]})
    page = preview.content.decode()
    assert "Import 12 stories as drafts" in page
    client.post(reverse(IMPORT_URL), {"state": state_of(preview)})
    assert sorted(Article.objects.values_list("source_name", "guid")) == sorted(
        (f"wire.xml#{n + 1}", f"urn:gulfwire:bulk:{n}") for n in range(12)
    )


@override_settings(NEWSDESK={"IMPORT_MAX_STORY_SIZE": 2000, "IMPORT_MAX_PREVIEW_STORIES": 5})
def test_an_uploaded_message_of_more_stories_than_a_preview_holds_is_imported_in_the_background(client, editor):
    upload = SimpleUploadedFile("wire.xml", news_message(12).encode(), content_type="application/xml")
    response = client.post(reverse(IMPORT_URL), {"uploads": [upload]})
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("admin:newsdesk_importbatch_change", args=[batch.pk])
    assert list(batch.items.order_by("position").values_list("name", "status")) == [
        (f"wire.xml#{n}", "") for n in range(1, 13)
    ]


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


# --- issue 8: staged stories on the server, expiry, bounds, encodings ---


def test_an_expired_preview_asks_to_start_again_not_a_500(client, editor):
    # The preview is made seven hours ago by the clock the signer reads
    # (django.core.signing's time.time); staged imports live six hours.
    import time
    from unittest import mock

    from django.core import signing

    with mock.patch.object(signing.time, "time", return_value=time.time() - 7 * 60 * 60):
        preview = client.post(reverse(IMPORT_URL), {"text": PORT_STORY})
    response = client.post(reverse(IMPORT_URL), {"state": state_of(preview)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This preview is no longer available: it was imported already, or it expired." in page
    assert 'name="text"' in page
    assert Article.objects.count() == 0


def test_expired_staged_imports_are_deleted_by_the_next_preview(client, editor):
    import datetime

    from django.utils import timezone

    client.post(reverse(IMPORT_URL), {"text": PORT_STORY})
    old = StagedImport.objects.get()
    StagedImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=7))
    client.post(reverse(IMPORT_URL), {"text": FALCON_STORY})
    assert list(StagedImport.objects.values_list("pk", flat=True)) != [old.pk]
    assert StagedImport.objects.count() == 1


def _long_story(number: int, size: int) -> bytes:
    """A story of about ``size`` bytes: a headline, a dateline paragraph and
    numbered paragraphs, each distinct so the parser keeps them all."""
    lines = [f"Long report number {number} on the council budget", "",
             f"MUSCAT: The council published report {number} on Monday."]
    length = sum(len(line) + 1 for line in lines)
    paragraph = 0
    while length < size:
        paragraph += 1
        line = f"Paragraph {paragraph} of report {number} lists the spending of the council in detail."
        lines += ["", line]
        length += len(line) + 2
    return "\n".join(lines).encode()


@override_settings(NEWSDESK={"IMPORT_MAX_PREVIEW_SIZE": 10 * 1024 * 1024}, DATA_UPLOAD_MAX_MEMORY_SIZE=100_000)
def test_four_large_uploads_preview_and_confirm(client, editor):
    """Four files that together are well over Django's request size limit
    (100 kB here, 2.5 MB by default; uploaded files do not count towards
    it, the confirm request's fields do): the confirm request carries a
    token, not the stories' text, so the limit never refuses it."""
    files = [
        SimpleUploadedFile(f"report{i}.txt", _long_story(i, 90_000), content_type="text/plain")
        for i in range(4)
    ]
    preview = client.post(reverse(IMPORT_URL), {"uploads": files})
    assert preview.status_code == 200
    assert "Import 4 stories as drafts" in preview.content.decode()
    state = state_of(preview)
    assert len(state) < 200
    done = client.post(reverse(IMPORT_URL), {"state": state})
    assert done.status_code == 200
    assert "4 drafts created." in done.content.decode()
    assert sorted(Article.objects.values_list("source_name", flat=True)) == [f"report{i}.txt" for i in range(4)]
    assert all(len(a.source_text) > 89_000 for a in Article.objects.all())


@override_settings(NEWSDESK={"IMPORT_MAX_PREVIEW_STORIES": 2})
def test_more_stories_than_a_preview_holds_are_imported_in_the_background(client, editor):
    """Over the limit: no preview, a background batch (tests/test_background_imports.py
    follows one to the end)."""
    files = [SimpleUploadedFile(f"{i}.txt", story.encode(), content_type="text/plain")
             for i, story in enumerate([PORT_STORY, FALCON_STORY])]
    response = client.post(reverse(IMPORT_URL), {"uploads": files, "text": WADI_STORY})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:newsdesk_importbatch_change", args=[batch.pk])
    assert sorted(batch.items.values_list("name", flat=True)) == ["0.txt", "1.txt", "pasted text"]
    assert StagedImport.objects.count() == 0


@override_settings(NEWSDESK={"IMPORT_MAX_PREVIEW_SIZE": 500})
def test_more_text_than_a_preview_holds_is_imported_in_the_background(client, editor):
    files = [SimpleUploadedFile(f"{i}.txt", story.encode(), content_type="text/plain")
             for i, story in enumerate([PORT_STORY, FALCON_STORY, WADI_STORY])]
    assert sum(len(s.encode()) for s in (PORT_STORY, FALCON_STORY, WADI_STORY)) > 500
    response = client.post(reverse(IMPORT_URL), {"uploads": files})
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("admin:newsdesk_importbatch_change", args=[batch.pk])
    assert batch.total == 3
    assert StagedImport.objects.count() == 0


@override_settings(NEWSDESK={"IMPORT_MAX_STORY_SIZE": 100})
def test_pasted_text_over_the_story_limit_is_an_error_on_the_form(client, editor):
    response = client.post(reverse(IMPORT_URL), {"text": PORT_STORY})
    page = response.content.decode()
    assert "The pasted text is too large" in page
    assert 'name="state"' not in page


ARABIC_STORY = "افتتاح مهرجان مسقط\n\nمسقط: افتتح مهرجان مسقط مساء الخميس بحضور آلاف الزوار.\n"


def test_an_arabic_windows_file_imports_with_the_chosen_encoding(client, editor):
    data = ARABIC_STORY.encode("cp1256")
    refused = client.post(reverse(IMPORT_URL), {
        "uploads": [SimpleUploadedFile("ar.txt", data, content_type="text/plain")],
    })
    page = refused.content.decode()
    assert "ar.txt: not valid utf-8 text" in page
    assert "--encoding" not in page  # no advice only the command line can follow
    assert "Arabic (Windows-1256)" in page  # the choice is offered on the form

    preview = client.post(reverse(IMPORT_URL), {
        "uploads": [SimpleUploadedFile("ar.txt", data, content_type="text/plain")], "encoding": "cp1256",
    })
    assert "افتتاح مهرجان مسقط" in preview.content.decode()
    client.post(reverse(IMPORT_URL), {"state": state_of(preview)})
    article = Article.objects.get()
    assert article.headline == "افتتاح مهرجان مسقط"
    assert article.source_text == ARABIC_STORY


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_files_with_a_byte_order_mark_need_no_choice(client, editor, codec):
    import codecs

    bom = {"utf-16": b"", "utf-16-be": codecs.BOM_UTF16_BE, "utf-32": b""}[codec]
    data = bom + ARABIC_STORY.encode(codec)  # Python's utf-16/utf-32 write their own BOM
    assert data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    preview = client.post(reverse(IMPORT_URL), {
        "uploads": [SimpleUploadedFile("ar16.txt", data, content_type="text/plain")],
    })
    assert "افتتاح مهرجان مسقط" in preview.content.decode()


def test_failed_stories_keep_their_texts_for_another_try(client, editor):
    # A story can fail at the confirm step only: here the size limit is
    # lowered between preview and confirm (PORT_STORY is 197 bytes,
    # WADI_STORY 319).  A story refused in the preview is not staged at all
    # (tests/test_admin_import_preview.py).
    wadi = SimpleUploadedFile("wadi.txt", WADI_STORY.encode(), content_type="text/plain")
    preview = client.post(reverse(IMPORT_URL), {"text": PORT_STORY, "uploads": [wadi]})
    assert "Import 2 stories as drafts" in preview.content.decode()
    with override_settings(NEWSDESK={"IMPORT_MAX_STORY_SIZE": 250}):
        done = client.post(reverse(IMPORT_URL), {"state": state_of(preview)})
    page = done.content.decode()
    assert "1 draft created." in page
    assert "wadi.txt: too large" in page
    assert "Try the failed stories again" in page
    assert StagedImport.objects.count() == 1  # kept: nothing is lost
    again = client.post(reverse(IMPORT_URL), {"state": state_of(done)})
    assert "1 draft created." in again.content.decode()
    assert "duplicate" in again.content.decode()
    assert Article.objects.count() == 2
    assert StagedImport.objects.count() == 0


def test_the_import_page_manages_its_own_transactions():
    """Under ATOMIC_REQUESTS a request-wide transaction would hold the
    importer's commits until the response, and undo them on a late error:
    the page says a story is imported only once it is committed."""
    from django.urls import resolve

    view = resolve(reverse(IMPORT_URL)).func
    assert "default" in getattr(view, "_non_atomic_requests", set())
