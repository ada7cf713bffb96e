"""Only users who may publish change what readers see (issue 19, item 1).

An editor holding every newsdesk permission except ``publish_article``
(the account the issue's attacker had) and a publisher holding them all
work through the real admin (Django's test client): importing an agency's
withdrawal of a published story, applying an agency update to a killed
one, restoring a revision of a published one, recovering a deleted one,
deleting one, and setting up an ingest source that would publish.  The
importer and the update service are also called with no authority, as
code would call them.
"""

from __future__ import annotations

import datetime
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from newsdesk import revisions, updates
from newsdesk.ingest import UPDATE_PENDING, WITHDRAWN, WireImporter, import_story
from newsdesk.models import Article, ArticleUpdate, ImportBatch, IngestSource
from newsdesk.sources import polling
from tests.factories import make_article, make_published, make_update
from tests.sources_servers import http_server  # noqa: F401 (fixture)
from tests.test_admin_story_life import form_data
from tests.wire_import_support import PORT_STORY

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:newsdesk_article_import"
GUID = "urn:x:target1"
#: The item the issue's editor pasted, verbatim.
FORGED_WITHDRAWAL = '{"uri":"urn:x:target1","version":2,"pubstatus":"withdrawn","ednote":"forged"}'
FIVE_MINUTES_AGO = datetime.timedelta(minutes=5)


def make_user(username: str, *, publisher: bool):
    """A staff user with every newsdesk permission, ``publish_article``
    included only for a publisher."""
    user = get_user_model().objects.create_user(username=username, password="pw", is_staff=True)
    perms = Permission.objects.filter(content_type__app_label="newsdesk")
    if not publisher:
        perms = perms.exclude(codename="publish_article")
    user.user_permissions.set(perms)
    return user


@pytest.fixture
def editor():
    return make_user("editor", publisher=False)


@pytest.fixture
def publisher():
    return make_user("publisher", publisher=True)


def target(**fields) -> Article:
    """The published article the forged withdrawal names, saved as an import saves it."""
    with revisions.revision("Import from wire/duqm.json"):
        return make_published(
            "Duqm port opens its third berth", guid=GUID, guid_version=1,
            body="<p>The berth takes ships of up to 18,000 containers.</p>", **fields,
        )


def review_url(update: ArticleUpdate) -> str:
    return reverse("admin:newsdesk_article_update", args=[update.article_id, update.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def state_of(response) -> str:
    match = re.search(r'name="state" value="([^"]+)"', response.content.decode())
    assert match, response.content.decode()
    return match.group(1)


# --- take-down by guid -------------------------------------------------------------------------


def test_an_editor_importing_a_withdrawal_leaves_the_story_up_until_a_publisher_applies_it(
    client, editor, publisher
):
    article = target()
    assert client.get(article.get_absolute_url()).status_code == 200
    client.force_login(editor)

    preview = client.post(reverse(IMPORT_URL), {"text": FORGED_WITHDRAWAL})
    assert preview.status_code == 200
    assert "will wait for a user who may publish" in preview.content.decode()
    done = client.post(reverse(IMPORT_URL), {"state": state_of(preview)})
    assert done.status_code == 200
    assert "waiting for a user who may publish" in done.content.decode()

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert client.get(article.get_absolute_url()).status_code == 200
    update = ArticleUpdate.objects.get(article=article)
    assert (update.status, update.takes_down, update.withdrawal_reason) == (
        ArticleUpdate.Status.PENDING, True, "forged"
    )

    # The editor sees it waiting but may neither apply nor dismiss it.
    page = client.get(review_url(update)).content.decode()
    assert "forged" in page
    assert 'name="_apply"' not in page and 'name="_dismiss"' not in page
    assert client.post(review_url(update), {"_apply": "Apply"}).status_code == 403
    assert client.post(review_url(update), {"_dismiss": "Dismiss"}).status_code == 403
    article.refresh_from_db()
    update.refresh_from_db()
    assert (article.status, update.status) == (Article.Status.PUBLISHED, ArticleUpdate.Status.PENDING)

    # A publisher applies it: withdrawn, with the agency's note for readers.
    client.force_login(publisher)
    assert 'name="_apply"' in client.get(review_url(update)).content.decode()
    response = client.post(review_url(update), {"_apply": "Apply"})
    assert response.status_code == 302
    article.refresh_from_db()
    update.refresh_from_db()
    assert (article.status, article.withdrawal_reason) == (Article.Status.WITHDRAWN, "forged")
    assert (update.status, update.decided_by) == (ArticleUpdate.Status.APPLIED, publisher)
    gone = client.get(article.get_absolute_url())
    assert gone.status_code == 410
    assert "forged" in gone.content.decode()
    latest = Version.objects.get_for_object(article).order_by("-pk").first()
    assert latest.revision.user == publisher


def test_a_publisher_importing_a_withdrawal_takes_the_story_down_at_once(client, publisher):
    article = target()
    client.force_login(publisher)
    preview = client.post(reverse(IMPORT_URL), {"text": FORGED_WITHDRAWAL})
    client.post(reverse(IMPORT_URL), {"state": state_of(preview)})
    article.refresh_from_db()
    assert (article.status, article.withdrawal_reason) == (Article.Status.WITHDRAWN, "forged")
    assert not ArticleUpdate.objects.exists()


@override_settings(NEWSDESK={"IMPORT_MAX_PREVIEW_STORIES": 1})
def test_an_editors_import_too_large_to_preview_keeps_the_take_down_pending_too(
    client, editor, django_capture_on_commit_callbacks
):
    """Imported in the background (by the immediate task backend here), the
    stories keep the authority of the editor who uploaded them."""
    article = target()
    client.force_login(editor)
    files = [
        SimpleUploadedFile("withdrawal.json", FORGED_WITHDRAWAL.encode(), content_type="application/json"),
        SimpleUploadedFile("port.txt", PORT_STORY.encode(), content_type="text/plain"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(IMPORT_URL), {"uploads": files})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.options["may_publish"] is False
    assert dict(batch.items.values_list("name", "status")) == {"withdrawal.json": UPDATE_PENDING, "port.txt": "imported"}
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert ArticleUpdate.objects.get().takes_down


def test_the_importer_without_authority_keeps_a_withdrawal_pending(client):
    """The data layer itself: code that does not say it may publish gets
    a pending take-down, and the update service refuses to apply it."""
    article = target()
    result = import_story(FORGED_WITHDRAWAL, source_name="item.json")
    assert (result.status, result.update_of) == (UPDATE_PENDING, article.pk)
    assert result.as_dict()["id"] == article.pk
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    update = ArticleUpdate.objects.get()
    assert update.takes_down and update.withdrawal_reason == "forged"

    # The same text again is a duplicate, not a second pending take-down.
    assert import_story(FORGED_WITHDRAWAL, source_name="again.json").duplicate_of == article.pk
    assert ArticleUpdate.objects.count() == 1

    with pytest.raises(PermissionDenied):
        updates.apply_update(update)
    with pytest.raises(PermissionDenied):
        updates.apply_update(update, user=make_user("ed", publisher=False))
    with pytest.raises(PermissionDenied):
        updates.dismiss_update(update, user=make_user("ed2", publisher=False))
    article.refresh_from_db()
    update.refresh_from_db()
    assert (article.status, update.status) == (Article.Status.PUBLISHED, ArticleUpdate.Status.PENDING)

    updates.apply_update(update, user=make_user("pub", publisher=True))
    article.refresh_from_db()
    assert (article.status, article.withdrawal_reason) == (Article.Status.WITHDRAWN, "forged")
    assert client.get(article.get_absolute_url()).status_code == 410


def test_the_importer_with_authority_withdraws_at_once_and_a_draft_is_withdrawn_by_anyone():
    article = target()
    assert import_story(FORGED_WITHDRAWAL, source_name="item.json", may_publish=True).status == WITHDRAWN
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN

    # Readers never saw a draft: the agency's withdrawal needs no publisher.
    draft = make_article("A draft the agency cancels", guid="urn:x:draft1", guid_version=1)
    results = WireImporter().import_many([("cancel.json", FORGED_WITHDRAWAL.replace(GUID, "urn:x:draft1"))])
    assert [r.status for r in results] == [WITHDRAWN]
    draft.refresh_from_db()
    assert draft.status == Article.Status.WITHDRAWN


def test_import_wire_is_the_operators_and_withdraws_at_once(tmp_path):
    article = target()
    path = tmp_path / "withdrawal.json"
    path.write_text(FORGED_WITHDRAWAL, encoding="utf-8")
    call_command("import_wire", str(path), "--glob", "*.json", stdout=StringIO())
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN


# --- agency updates of killed stories -------------------------------------------------------


def test_an_agency_update_of_a_killed_story_is_a_publishers_to_apply(client, editor, publisher):
    article = make_article(
        "Minister resigns over port contract", status=Article.Status.KILLED, withdrawal_reason="Removed on legal advice.",
        published_at=timezone.now() - FIVE_MINUTES_AGO, withdrawn_at=timezone.now(),
        body="<p>The minister resigned on Sunday.</p>",
    )
    update = make_update(
        article, headline="UPDATE 1-Minister resigns over port contract", version_marker="UPDATE 1",
        body="<p>The minister resigned on Sunday, his office said.</p>",
    )
    client.force_login(editor)
    page = client.get(review_url(update)).content.decode()
    assert 'name="_apply"' not in page
    assert "only users who may publish articles can apply it" in page
    assert client.post(review_url(update), {"_apply": "Apply"}).status_code == 403
    article.refresh_from_db()
    assert article.body == "<p>The minister resigned on Sunday.</p>"
    # Keeping the article as it is changes nothing readers see: an editor may dismiss.
    assert 'name="_dismiss"' in page

    client.force_login(publisher)
    assert client.post(review_url(update), {"_apply": "Apply"}).status_code == 302
    article.refresh_from_db()
    assert "his office said" in article.body
    # Applied, it never brings the story back.
    assert (article.status, article.withdrawal_reason) == (Article.Status.KILLED, "Removed on legal advice.")
    gone = client.get(article.get_absolute_url())
    assert gone.status_code == 410
    assert "Minister resigns" not in gone.content.decode()


def test_an_agency_update_of_a_published_story_is_a_publishers_to_apply(client, editor):
    article = target()
    update = make_update(article, headline="Duqm port opens its third and fourth berths")
    client.force_login(editor)
    assert client.post(review_url(update), {"_apply": "Apply"}).status_code == 403
    article.refresh_from_db()
    assert article.headline == "Duqm port opens its third berth"
    with pytest.raises(PermissionDenied):
        updates.apply_update(update, user=editor)


# --- revisions: restore and recover ----------------------------------------------------------


def test_restoring_a_revision_of_a_published_story_needs_the_publish_permission(client, editor, publisher):
    article = target()
    with revisions.revision("Rewritten", user=publisher):
        article.headline = "Duqm port opens its third berth, ahead of time"
        article.save()
    first = Version.objects.get_for_object(article).order_by("pk").first()
    url = reverse("admin:newsdesk_article_revision", args=[article.pk, first.pk])

    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 302
    assert "only users who may publish articles can do that" in messages_of(response)[0]
    assert client.post(url, {"headline": "Duqm port opens its third berth"}).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Duqm port opens its third berth, ahead of time"

    client.force_login(publisher)
    page = client.get(url)
    assert page.status_code == 200
    assert client.post(url, form_data(page.content.decode())).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Duqm port opens its third berth"


def test_recovering_a_deleted_published_story_needs_the_publish_permission(client, editor, publisher):
    article = target()
    address = article.get_absolute_url()
    article.delete()
    assert client.get(address).status_code == 404
    with revisions.revision("An editor's draft"):
        draft = make_article("A draft deleted by mistake")
    draft.delete()
    deleted = {v.field_dict["headline"]: v for v in Version.objects.get_deleted(Article)}
    url = reverse("admin:newsdesk_article_recover", args=[deleted["Duqm port opens its third berth"].pk])

    client.force_login(editor)
    listing = client.get(reverse("admin:newsdesk_article_recoverlist")).content.decode()
    assert "A draft deleted by mistake" in listing
    assert "Duqm port opens its third berth" not in listing
    response = client.get(url)
    assert response.status_code == 302
    assert "only users who may publish articles can" in messages_of(response)[0]
    assert client.post(url, {"headline": "Duqm port opens its third berth"}).status_code == 302
    assert not Article.objects.exists()
    assert client.get(address).status_code == 404
    # A deleted draft is an editor's to recover.
    assert client.get(reverse("admin:newsdesk_article_recover", args=[deleted["A draft deleted by mistake"].pk])
                      ).status_code == 200

    client.force_login(publisher)
    assert "Duqm port opens its third berth" in client.get(reverse("admin:newsdesk_article_recoverlist")
                                                           ).content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert client.post(url, form_data(page.content.decode())).status_code == 302
    assert Article.objects.get().status == Article.Status.PUBLISHED
    assert client.get(address).status_code == 200


def test_deleting_a_published_story_needs_the_publish_permission(client, editor):
    article = target()
    draft = make_article("A draft")
    client.force_login(editor)
    delete_url = reverse("admin:newsdesk_article_delete", args=[article.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    response = client.post(
        reverse("admin:newsdesk_article_changelist"),
        {"action": "delete_selected", "_selected_action": [article.pk, draft.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Article.objects.count() == 2
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.post(reverse("admin:newsdesk_article_delete", args=[draft.pk]), {"post": "yes"}).status_code == 302


# --- ingest sources ---------------------------------------------------------------------------


def source_form(**changes) -> dict:
    data = {
        "name": "Gulf wire", "slug": "gulf-wire", "kind": "feed", "location": "https://feeds.example.com/wire.xml",
        "file_pattern": "*", "encoding": "utf-8", "enabled": "on", "username": "", "password": "",
        "poll_every": "5", "timeout": "30", "default_status": "draft", "default_credit": "", "news_source": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("status", ["ready", "published"])
def test_a_source_above_draft_is_a_publishers_to_set(client, editor, publisher, status):
    add_url = reverse("admin:newsdesk_ingestsource_add")
    client.force_login(editor)
    form = client.get(add_url).content.decode()
    assert f'value="{status}"' not in form
    assert 'name="apply_take_downs"' not in form
    # A forged POST is refused with the form's error, and nothing is saved.
    response = client.post(add_url, source_form(default_status=status))
    assert response.status_code == 200
    assert "default_status" in response.context["adminform"].form.errors
    assert not IngestSource.objects.exists()
    # A forged take-down box is ignored.
    assert client.post(add_url, source_form(apply_take_downs="on")).status_code == 302
    source = IngestSource.objects.get()
    assert (source.default_status, source.apply_take_downs) == ("draft", False)

    client.force_login(publisher)
    change_url = reverse("admin:newsdesk_ingestsource_change", args=[source.pk])
    response = client.post(change_url, source_form(default_status=status, apply_take_downs="on"))
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.default_status, source.apply_take_downs) == (status, True)


def test_a_source_a_publisher_trusted_is_read_only_for_an_editor(client, editor):
    source = IngestSource.objects.create(
        name="Gulf wire", slug="gulf-wire", kind="feed", location="https://feeds.example.com/wire.xml",
        default_status="published",
    )
    change_url = reverse("admin:newsdesk_ingestsource_change", args=[source.pk])
    client.force_login(editor)
    page = client.get(change_url)
    assert page.status_code == 200
    assert 'name="location"' not in page.content.decode()
    forged = source_form(location="https://attacker.example.net/feed.xml", default_status="published")
    assert client.post(change_url, forged).status_code == 403
    source.refresh_from_db()
    assert source.location == "https://feeds.example.com/wire.xml"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("settings", "trusted"),
    [
        ({}, False),
        ({"default_status": "ready"}, False),
        ({"apply_take_downs": True}, True),
        ({"default_status": "published"}, True),
    ],
)
def test_a_polled_withdrawal_takes_a_story_down_only_from_a_source_a_publisher_trusted(
    http_server, settings, trusted
):
    http_server.publish("/ninjs", FORGED_WITHDRAWAL.encode(), content_type="application/json")
    source = IngestSource.objects.create(
        name="Agency", slug="agency", kind="documents", location=http_server.url("/ninjs"), timeout=5, **settings
    )
    # The story came from this very source: only its own items are versions
    # of it (a guid belongs to its issuer, tests/test_guid_scopes.py).
    article = target(guid_scope=updates.guid_scope(ingest_source_id=source.pk))
    report = polling.poll_source(source, force=True)
    assert report.ok, report.error
    assert ImportBatch.objects.get().options["may_publish"] is trusted
    article.refresh_from_db()
    if trusted:
        assert report.results == {WITHDRAWN: 1}
        assert article.status == Article.Status.WITHDRAWN
    else:
        assert report.results == {UPDATE_PENDING: 1}
        assert article.status == Article.Status.PUBLISHED
        assert ArticleUpdate.objects.get().withdrawal_reason == "forged"
