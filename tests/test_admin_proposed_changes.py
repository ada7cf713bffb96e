"""An editor's change to a story readers see or saw waits for a publisher
(issue 19: what readers see changes only with the publish permission).

An editor holding every newsdesk permission except ``publish_article`` and a
publisher holding them all work through the real admin (Django's test
client, the change form read and posted as a browser would): the editor's
save of a published, withdrawn or killed article becomes a pending proposed
change (an :class:`~newsdesk.models.ArticleUpdate` marked ``proposal``)
that only a publisher applies, on the same review page as an agency update;
captions, corrections and tags of such an article are read-only for the
editor, forged requests included.  Drafts stay the editor's to change.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from newsdesk import revisions, updates
from newsdesk.models import Article, ArticleUpdate, Caption, Correction
from tests.factories import afp, make_article, make_caption, make_correction, make_published, make_update
from tests.test_admin_story_life import change_url, form_data, messages_of, review_url, text_of
from tests.test_publish_permission import FIVE_MINUTES_AGO, make_user

pytestmark = pytest.mark.django_db

WAITS = "Your changes to this published story wait for a publisher's review"
PHOTO = "newsdesk/captions/2026/12/berth.jpg"


@pytest.fixture
def editor():
    return make_user("editor", publisher=False)


@pytest.fixture
def publisher():
    return make_user("publisher", publisher=True)


def published_story() -> Article:
    """A published story with a photo and its caption, a correction and a
    tag, saved as an import saves it."""
    with revisions.revision("Import from wire/duqm.txt"):
        article = make_published(
            "Duqm port opens its third berth", slug="duqm-port-opens-its-third-berth",
            standfirst="The berth was finished ahead of time.",
            body="<p>The berth takes ships of up to 18,000 containers.</p>",
            dateline="DUQM", byline="By Salim Al-Harthy", credit=afp(),
        )
        make_caption(article, "Cranes at the new berth", image=PHOTO, credit=afp())
        make_caption(article, "A caption without a photo", order=1)
    make_correction(article, "An earlier version gave the wrong capacity.")
    article.tags.add("Duqm")
    return article


def taken_down(status: str) -> Article:
    return make_article(
        "Minister resigns over port contract", status=status, withdrawal_reason="Removed on legal advice.",
        published_at=timezone.now() - FIVE_MINUTES_AGO, withdrawn_at=timezone.now(),
        body="<p>The minister resigned on Sunday.</p>",
    )


def edited_form(client, article: Article, **changes) -> dict[str, list[str]]:
    """The change form as the logged-in user's browser would post it, with ``changes``."""
    data = form_data(text_of(client.get(change_url(article))))
    for name, value in changes.items():
        data[name] = [value]
    return data


def text_state(article: Article) -> tuple:
    """Everything of ``article`` readers could see, as stored."""
    article.refresh_from_db()
    return (
        article.headline, article.slug, article.standfirst, article.body, article.dateline, article.byline,
        article.credit_id, article.language, article.status, article.revised_at,
        sorted(Caption.objects.filter(article=article).values_list("pk", "text", "image", "credit_id")),
        sorted(Correction.objects.filter(article=article).values_list("pk", "text")),
        sorted(article.tags.names()),
    )


# --- a published story -------------------------------------------------------------------------


def test_an_editors_save_of_a_published_story_waits_for_a_publisher(client, editor, publisher):
    article = published_story()
    address = article.get_absolute_url()
    before = text_state(article)
    client.force_login(editor)

    form = text_of(client.get(change_url(article)))
    assert "wait for a publisher's review" in form
    data = edited_form(
        client, article,
        headline="Duqm port opens its third and fourth berths",
        body="<p>The berths take ships of up to 24,000 containers.</p>",
    )
    response = client.post(change_url(article), data)

    assert response.status_code == 302
    proposal = ArticleUpdate.objects.get()
    assert response["Location"] == review_url(proposal)
    assert WAITS in messages_of(response)[0]
    assert text_state(article) == before
    page = text_of(client.get(address))
    assert "Duqm port opens its third berth" in page and "18,000 containers" in page
    assert "fourth berths" not in page and "24,000" not in page
    assert (proposal.status, proposal.proposal, proposal.proposed_by) == (ArticleUpdate.Status.PENDING, True, editor)
    assert (proposal.headline, proposal.body) == (
        "Duqm port opens its third and fourth berths", "<p>The berths take ships of up to 24,000 containers.</p>"
    )
    # Unchanged fields are proposed as they are.
    assert (proposal.standfirst, proposal.dateline, proposal.byline) == (
        "The berth was finished ahead of time.", "DUQM", "By Salim Al-Harthy"
    )

    # The editor reads the comparison but may not apply it.
    review = text_of(client.get(review_url(proposal)))
    assert "fourth berths" in review and "Proposed by" in review
    assert 'name="_apply"' not in review
    assert "only users who may publish articles can apply it" in review
    assert client.post(review_url(proposal), {"_apply": "Apply"}).status_code == 403
    with pytest.raises(updates.permissions.PublishPermissionRequired):
        updates.apply_update(proposal, user=editor)
    assert text_state(article) == before

    # The publisher applies it: readers see the editor's text, at the same address.
    client.force_login(publisher)
    assert 'name="_apply"' in text_of(client.get(review_url(proposal)))
    assert client.post(review_url(proposal), {"_apply": "Apply"}).status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == (ArticleUpdate.Status.APPLIED, publisher)
    after = text_state(article)
    assert after[0] == "Duqm port opens its third and fourth berths"
    assert after[3] == "<p>The berths take ships of up to 24,000 containers.</p>"
    # Only the text changed: address, status, captions (the one without a
    # photo too), correction and tags are as they were.
    assert (after[1], *after[4:]) == (before[1], *before[4:])
    page = text_of(client.get(address))
    assert "Duqm port opens its third and fourth berths" in page and "24,000 containers" in page
    latest = Version.objects.get_for_object(article).order_by("-pk").first()
    assert latest.revision.user == publisher


def test_the_editor_cannot_change_anything_else_of_a_published_story_by_a_forged_post(client, editor, publisher):
    """The publisher's form (every field, captions, corrections, tags
    editable), changed and posted by the editor: nothing readers see moves,
    and the proposal holds the text alone."""
    article = published_story()
    before = text_state(article)
    photo, plain = Caption.objects.filter(article=article).order_by("order")
    correction = Correction.objects.get()
    client.force_login(publisher)
    data = form_data(text_of(client.get(change_url(article))))
    assert "captions-0-text" in data and "corrections-0-text" in data  # the publisher's form has them
    index = {data[f"captions-{n}-id"][0]: n for n in range(2)}
    data.update({
        "headline": ["Duqm port opens its third berth, officials say"],
        "slug": ["forged-address"], "language": ["ar"], "credit_text": ["Forged agency"], "credit": [""],
        "status": ["draft"], "tags": ["Forged, Duqm"],
        f"captions-{index[str(photo.pk)]}-text": ["Forged caption under the photo"],
        f"captions-{index[str(plain.pk)]}-DELETE": ["on"],
        "captions-TOTAL_FORMS": ["3"],
        "captions-2-text": ["A forged new caption"], "captions-2-order": ["5"], "captions-2-credit_text": [""],
        "captions-2-alt_text": [""], "captions-2-id": [""], "captions-2-article": [str(article.pk)],
        "corrections-0-text": ["A forged correction text"],
        "corrections-TOTAL_FORMS": ["2"],
        "corrections-1-kind": ["correction"], "corrections-1-text": ["A forged new correction"],
        "corrections-1-published_at_0": ["2026-12-07"], "corrections-1-published_at_1": ["10:00:00"],
        "corrections-1-id": [""], "corrections-1-article": [str(article.pk)],
    })
    client.force_login(editor)
    response = client.post(change_url(article), data)

    assert response.status_code == 302
    assert text_state(article) == before
    assert Correction.objects.get().text == correction.text
    page = text_of(client.get(article.get_absolute_url()))
    assert "Cranes at the new berth" in page and "wrong capacity" in page
    assert "Forged" not in page and "forged" not in page
    proposal = ArticleUpdate.objects.get()
    assert proposal.headline == "Duqm port opens its third berth, officials say"
    assert proposal.captions == []

    client.force_login(publisher)
    client.post(review_url(proposal), {"_apply": "Apply"})
    after = text_state(article)
    assert after[0] == "Duqm port opens its third berth, officials say"
    assert (after[1], *after[2:]) == (before[1], *before[2:])


def test_a_forged_save_as_new_leaves_the_published_story_as_it_is(client, editor):
    """Django's view treats "Save as new" as an add even when the admin does
    not offer it: at most a new draft, never a change to the story."""
    article = published_story()
    before = text_state(article)
    client.force_login(editor)
    data = edited_form(client, article, headline="A forged copy")
    data.update({"_saveasnew": ["Save as new"], "status": ["draft"], "slug": ["a-forged-copy"], "language": ["en"]})
    client.post(change_url(article), data)
    assert text_state(article) == before
    assert not ArticleUpdate.objects.exists()
    assert set(Article.objects.exclude(pk=article.pk).values_list("status", flat=True)) <= {Article.Status.DRAFT}


def test_captions_corrections_and_tags_of_a_published_story_are_read_only_for_an_editor(client, editor, publisher):
    article = published_story()
    client.force_login(editor)
    form = text_of(client.get(change_url(article)))
    for name in ("headline", "standfirst", "body", "dateline", "byline"):
        assert f'name="{name}"' in form
    for name in ("slug", "tags", "credit", "language", "status", "captions-0-text", "corrections-0-text"):
        assert f'name="{name}"' not in form
    assert "Cranes at the new berth" in form  # shown, not editable
    assert "captions-0-DELETE" not in form
    client.force_login(publisher)
    form = text_of(client.get(change_url(article)))
    for name in ("slug", "tags", "credit", "language", "status", "captions-0-text", "corrections-0-text"):
        assert f'name="{name}"' in form


def test_an_editors_save_without_a_text_change_proposes_nothing(client, editor):
    article = published_story()
    client.force_login(editor)
    response = client.post(change_url(article), edited_form(client, article))
    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    assert "nothing to review" in messages_of(response)[0]
    assert not ArticleUpdate.objects.exists()


def test_the_same_proposal_saved_twice_waits_once(client, editor):
    article = published_story()
    client.force_login(editor)
    data = edited_form(client, article, headline="Duqm port opens its third berth early")
    first = client.post(change_url(article), data)
    second = client.post(change_url(article), data)
    assert first["Location"] == second["Location"]
    assert ArticleUpdate.objects.count() == 1
    # A different text is a proposal of its own.
    client.post(change_url(article), {**data, "headline": ["Duqm port's third berth opens early"]})
    assert ArticleUpdate.objects.filter(status=ArticleUpdate.Status.PENDING).count() == 2


def test_an_invalid_proposal_is_shown_again_with_its_error(client, editor):
    article = published_story()
    before = text_state(article)
    client.force_login(editor)
    response = client.post(change_url(article), edited_form(client, article, headline=""))
    assert response.status_code == 200
    assert "headline" in response.context["adminform"].form.errors
    assert text_state(article) == before
    assert not ArticleUpdate.objects.exists()


def test_a_publishers_own_save_of_a_published_story_changes_it_at_once(client, publisher):
    article = published_story()
    client.force_login(publisher)
    response = client.post(change_url(article), edited_form(client, article, headline="Duqm's third berth opens"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Duqm's third berth opens"
    assert not ArticleUpdate.objects.exists()
    assert "Duqm&#x27;s third berth opens" in text_of(client.get(article.get_absolute_url()))


# --- withdrawn and killed stories ------------------------------------------------------------


@pytest.mark.parametrize("status", [Article.Status.WITHDRAWN, Article.Status.KILLED])
def test_an_editors_save_of_a_taken_down_story_waits_for_a_publisher(client, editor, publisher, status):
    article = taken_down(status)
    make_correction(article, "An earlier version named the wrong ministry.")
    before = text_state(article)
    notice = text_of(client.get(article.get_absolute_url()))
    client.force_login(editor)
    data = edited_form(client, article, headline="Minister resigns over port deal", body="<p>Changed.</p>")
    data.update({"corrections-0-text": ["A forged correction"]})
    response = client.post(change_url(article), data)

    assert response.status_code == 302
    proposal = ArticleUpdate.objects.get()
    assert response["Location"] == review_url(proposal)
    assert text_state(article) == before
    gone = client.get(article.get_absolute_url())
    assert gone.status_code == 410
    assert text_of(gone) == notice
    assert client.post(review_url(proposal), {"_apply": "Apply"}).status_code == 403
    assert text_state(article) == before

    client.force_login(publisher)
    assert client.post(review_url(proposal), {"_apply": "Apply"}).status_code == 302
    article.refresh_from_db()
    # Applied, it changes the text on record and never the status.
    assert (article.headline, article.body, article.status) == ("Minister resigns over port deal", "<p>Changed.</p>",
                                                                 status)


# --- drafts and the changelist --------------------------------------------------------------


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.READY])
def test_an_editor_still_changes_a_draft_or_ready_story_at_once(client, editor, status):
    with revisions.revision("Import from wire/duqm.txt"):
        article = make_article("Duqm port opens its third berth", status=status, body="<p>Draft text.</p>")
        caption = make_caption(article, "Cranes at the new berth", image=PHOTO)
    client.force_login(editor)
    data = edited_form(client, article, headline="Duqm port opens a third berth", body="<p>Edited.</p>")
    assert "captions-0-text" in data and "slug" in data
    data["captions-0-text"] = ["Cranes at the third berth"]
    data["tags"] = ["Duqm"]
    response = client.post(change_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    caption.refresh_from_db()
    assert (article.headline, article.body, article.status) == ("Duqm port opens a third berth", "<p>Edited.</p>",
                                                                 status)
    assert caption.text == "Cranes at the third berth"
    assert list(article.tags.names()) == ["Duqm"]
    assert not ArticleUpdate.objects.exists()


def test_the_changelist_offers_an_editor_no_action_that_changes_a_public_story(client, editor):
    published_story()
    client.force_login(editor)
    page = text_of(client.get(reverse("admin:newsdesk_article_changelist")))
    actions = re.findall(r'<option value="(\w*)"', page.split('name="action"')[1].split("</select>")[0])
    # Deleting is offered, and refused for a public story (test_publish_permission).
    assert actions == ["", "delete_selected"]
    assert 'name="form-0-' not in page  # no list_editable


# --- the data layer --------------------------------------------------------------------------


def test_applying_an_agency_update_leaves_an_editors_proposal_waiting_and_the_other_way_round(editor, publisher):
    """Each was written against another text: applying one must not silently
    drop the other (a later agency update still supersedes an earlier one)."""
    article = published_story()
    agency = make_update(article, headline="UPDATE 1-Duqm port opens its third berth", version_marker="UPDATE 1")
    proposal = updates.propose_change(article, user=editor, headline="Duqm port opens its third berth early")
    updates.apply_update(agency, user=publisher)
    proposal.refresh_from_db()
    assert proposal.status == ArticleUpdate.Status.PENDING
    later = make_update(article, headline="UPDATE 2-Duqm port opens its third berth", version_marker="UPDATE 2")
    updates.apply_update(proposal, user=publisher)
    later.refresh_from_db()
    assert later.status == ArticleUpdate.Status.PENDING
    article.refresh_from_db()
    assert article.headline == "Duqm port opens its third berth early"
    # Applying the proposal kept the agency's version on the article.
    assert article.version_marker == "UPDATE 1"
