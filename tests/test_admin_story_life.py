"""A story's life after import, in the admin: revisions (history, compare,
restore), pending agency updates (review, apply, dismiss), withdraw and
kill with a reason, embargoes, corrections inline.

Real client, real database, no mocks: rows are made through the models,
revisions through newsdesk.revisions (as the importer makes them) or
through the admin's own forms.
"""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from newsdesk import revisions
from newsdesk.models import Article, ArticleUpdate, Correction
from tests.factories import afp, make_article, make_caption, make_published, make_staff, make_update

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:newsdesk_article_changelist"
PUBLISHER_PERMS = ("view_article", "change_article", "publish_article")


@pytest.fixture
def boss(client):
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw", first_name="Bo", last_name="Ss")
    client.force_login(user)
    return user


def change_url(article: Article) -> str:
    return reverse("admin:newsdesk_article_change", args=[article.pk])


def history_url(article: Article) -> str:
    return reverse("admin:newsdesk_article_history", args=[article.pk])


def review_url(update: ArticleUpdate) -> str:
    return reverse("admin:newsdesk_article_update", args=[update.article_id, update.pk])


def imported(headline: str, source: str = "wire/oman.txt", captions: tuple[str, ...] = (), **fields) -> Article:
    """An article saved as the importer saves one: in a revision nobody
    signed, "Import from <source>"."""
    with revisions.revision(revisions.import_comment(source)):
        article = make_article(headline, source_name=source, **fields)
        for n, text in enumerate(captions):
            make_caption(article, text, order=n)
    return article


def versions_of(article: Article):
    return Version.objects.get_for_object(article).select_related("revision", "revision__user").order_by("pk")


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def text_of(response) -> str:
    return response.content.decode()


# --- reading and posting admin forms as a browser would ------------------------------------


class _FormReader(HTMLParser):
    """The values a browser would post from the page's form with id ``form_id``."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: str | None = None
        self._option_selected = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select:
            self._option = attrs.get("value", "")
            self._option_selected = "selected" in attrs

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "option" and self._select is not None and self._option is not None:
            if self._option_selected:
                self.data[self._select].append(self._option)
            self._option = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data
        elif self._option is not None and not self._option:
            pass


def form_data(html: str, form_id: str = "article_form") -> dict[str, list[str]]:
    reader = _FormReader(form_id)
    reader.feed(html)
    # A textarea's first newline is not part of its value.
    return {name: [v[1:] if v.startswith("\n") else v for v in values] for name, values in reader.data.items()}


def post_change_form(client, article: Article, **changes) -> object:
    """Load the article's change form, change some values, save it."""
    data = form_data(text_of(client.get(change_url(article))))
    for name, value in changes.items():
        data[name] = [value]
    return client.post(change_url(article), data)


# --- history ------------------------------------------------------------------------


def test_history_lists_the_import_and_the_editors_revisions_newest_first(client, boss):
    article = imported("Rain in Salalah", body="<p>It rained.</p>")
    response = post_change_form(client, article, headline="Heavy rain in Salalah")
    assert response.status_code == 302
    page = text_of(client.get(history_url(article)))
    rows = re.findall(r'<tr class="newsdesk-revision".*?</tr>', page, re.DOTALL)
    assert len(rows) == 2
    newest, oldest = rows
    # The editor's save: who (user name and full name) and why (the change message).
    assert "boss (Bo Ss)" in newest
    assert "Changed Headline" in newest or "Changed headline" in newest
    # The import: nobody signed it, its comment says what saved it.
    assert "<em>Import from wire/oman.txt</em>" in oldest
    # Restore links go to reversion's revision page; the compare form preselects the two newest.
    first, second = versions_of(article)
    assert reverse("admin:newsdesk_article_revision", args=[article.pk, first.pk]) in oldest
    assert f'name="from" value="{first.pk}" aria-label="Compare from this revision" checked' in oldest
    assert f'name="to" value="{second.pk}" aria-label="Compare to this revision" checked' in newest
    assert reverse("admin:newsdesk_article_compare", args=[article.pk]) in page


def test_history_is_for_users_who_may_view_articles(client):
    article = imported("Rain in Salalah")
    client.force_login(make_staff("viewer", "view_article"))
    page = text_of(client.get(history_url(article)))
    assert "Import from wire/oman.txt" in page
    assert "/history/" + str(versions_of(article)[0].pk) not in page  # no restore link without change permission
    client.force_login(make_staff("nobody", "view_wirecredit"))
    assert client.get(history_url(article)).status_code == 403


def test_compare_shows_the_changed_paragraph_and_field(client, boss):
    article = imported(
        "Rain in Salalah",
        body="<p>Rain fell on Salalah on Sunday.</p><p>Schools stayed open.</p>",
        dateline="SALALAH",
    )
    post_change_form(
        client,
        article,
        body="<p>Heavy rain fell on Salalah on Sunday night.</p><p>Schools stayed open.</p><p>Roads closed.</p>",
        dateline="SALALAH, Oman",
    )
    old, new = versions_of(article)
    response = client.get(reverse("admin:newsdesk_article_compare", args=[article.pk]), {"from": new.pk, "to": old.pk})
    assert response.status_code == 200
    page = text_of(response)
    body = page.split('id="newsdesk-diff-body"')[1].split("</table>")[0]
    rows = re.findall(r'<tr class="newsdesk-diff__row newsdesk-diff__row--(\w+)">(.*?)</tr>', body, re.DOTALL)
    assert [kind for kind, _ in rows] == ["changed", "same", "added"]
    changed = rows[0][1]
    assert "<ins>Heavy rain</ins>" in changed
    assert "<del>Rain</del>" in changed
    assert "<del>Sunday.</del>" in changed and "<ins>Sunday night.</ins>" in changed
    assert "<ins>Roads closed.</ins>" in rows[2][1]
    # The dateline changed, the headline did not: only changes are listed.
    fields = page.split("newsdesk-diff--fields")[1].split("</table>")[0]
    # Words are compared with their punctuation: "SALALAH" became "SALALAH,".
    assert "Dateline" in fields
    assert "<del>SALALAH</del>" in fields and "<ins>SALALAH, Oman</ins>" in fields
    assert "Headline" not in fields
    # Unchanged sections (standfirst, captions) are left out.
    assert 'id="newsdesk-diff-standfirst"' not in page
    assert 'id="newsdesk-diff-captions"' not in page


def test_compare_escapes_story_text(client, boss):
    article = imported("Tags", body="<p>Use &lt;b&gt; for bold.</p>")
    with revisions.revision("Edited", user=boss):
        article.body = "<p>Use &lt;script&gt; never.</p>"
        article.save()
    old, new = versions_of(article)
    page = text_of(
        client.get(reverse("admin:newsdesk_article_compare", args=[article.pk]), {"from": old.pk, "to": new.pk})
    )
    assert "<script>" not in page
    # Too different to pair: removed, then added.
    assert "<del>Use &lt;b&gt; for bold.</del>" in page
    assert "<ins>Use &lt;script&gt; never.</ins>" in page


def test_compare_refuses_versions_of_another_article(client, boss):
    article = imported("One")
    other = imported("Two")
    url = reverse("admin:newsdesk_article_compare", args=[article.pk])
    assert client.get(url, {"from": versions_of(article)[0].pk, "to": versions_of(other)[0].pk}).status_code == 404
    response = client.get(url, {"from": "x"})
    assert response.status_code == 302
    assert response["Location"] == history_url(article)


def test_compare_shows_caption_changes(client, boss):
    article = imported("Storm", captions=("Waves break at Sur harbour.", "Flooded road."), credit=afp())
    with revisions.revision("Captions edited", user=boss):
        caption = article.captions.get(text="Waves break at Sur harbour.")
        caption.text = "Waves break over Sur harbour."
        caption.credit = afp()
        caption.save()
        article.captions.get(text="Flooded road.").delete()
        article.save()
    old, new = versions_of(article)
    page = text_of(
        client.get(reverse("admin:newsdesk_article_compare", args=[article.pk]), {"from": old.pk, "to": new.pk})
    )
    captions = page.split('id="newsdesk-diff-captions"')[1].split("</table>")[0]
    assert "Waves break <del>at</del> Sur harbour." in captions
    assert "Waves break <ins>over</ins> Sur harbour. <ins>\u2014 AFP</ins>" in captions
    assert "<del>Flooded road.</del>" in captions


def test_restore_brings_back_headline_and_captions(client, boss):
    article = imported("Rain in Salalah", captions=("Clouds over Salalah.",))
    first = versions_of(article)[0]
    with revisions.revision("Rewritten", user=boss):
        article.headline = "Sun in Salalah"
        article.save()
        article.captions.all().delete()
        make_caption(article, "Sunshine on the beach.")
        article.save()
    revert_url = reverse("admin:newsdesk_article_revision", args=[article.pk, first.pk])
    page = client.get(revert_url)
    assert page.status_code == 200
    # Looking is not restoring: the GET is rolled back.
    article.refresh_from_db()
    assert article.headline == "Sun in Salalah"
    response = client.post(revert_url, form_data(text_of(page)))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Rain in Salalah"
    assert list(article.captions.values_list("text", flat=True)) == ["Clouds over Salalah."]
    latest = versions_of(article).last()
    assert latest.revision.user == boss
    assert "Reverted to previous version" in latest.revision.comment


def test_restoring_a_public_status_needs_the_publish_permission(client):
    article = imported("Rain in Salalah", status=Article.Status.READY)
    with revisions.revision("Published", user=None):
        article.publish()
        article.save()
    with revisions.revision("Withdrawn: wrong town"):
        article.withdraw("Wrong town.")
        article.save()
    published = versions_of(article)[1]
    client.force_login(make_staff("ed", "view_article", "change_article"))
    response = client.get(reverse("admin:newsdesk_article_revision", args=[article.pk, published.pk]))
    assert response.status_code == 302
    assert response["Location"] == history_url(article)
    assert "only users who may publish articles can do that" in messages_of(response)[0]
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    client.force_login(make_staff("pub", *PUBLISHER_PERMS))
    assert client.get(reverse("admin:newsdesk_article_revision", args=[article.pk, published.pk])).status_code == 200


def test_the_article_admin_is_reversions_version_admin():
    from django.contrib import admin
    from reversion.admin import VersionAdmin

    assert isinstance(admin.site._registry[Article], VersionAdmin)


def test_admin_saves_record_revisions_with_the_editor_and_change_message(client, boss):
    article = make_article("Plain")
    post_change_form(client, article, byline="By Staff")
    [version] = versions_of(article)
    assert version.revision.user == boss
    assert "Byline" in version.revision.get_comment() or "byline" in version.revision.get_comment()


# --- agency updates --------------------------------------------------------------------


def _published_with_update(**update_fields):
    article = make_published(
        "Oil price rises",
        body="<p>Oil rose 2% on Monday.</p><p>Traders were calm.</p>",
        dateline="DUBAI",
        byline="By A. Writer",
    )
    make_caption(article, "Tankers at Fujairah.")
    update = make_update(
        article,
        headline="UPDATE 1-Oil price rises for third day",
        body="<p>Oil rose 3% on Monday.</p><p>Traders were calm.</p><p>OPEC meets on Friday.</p>",
        dateline="DUBAI",
        byline="By A. Writer and B. Reporter",
        version_marker="UPDATE 1",
        similarity=0.82,
        match_reason="same agency, same headline once markers are removed",
        source_name="reuters/oil-2.txt",
        captions=[{"text": "Tankers off Fujairah.", "credit_id": afp().pk, "credit_text": ""}],
        **update_fields,
    )
    return article, update


def test_change_form_says_an_update_is_pending(client, boss):
    article, update = _published_with_update()
    page = text_of(client.get(change_url(article)))
    assert "The agency sent a new version (UPDATE 1) on" in page
    assert re.search(r"on [^<]+:\s*<a href=\"[^\"]+\">review it</a>", page)
    assert f'href="{review_url(update)}"' in page
    update.status = ArticleUpdate.Status.DISMISSED
    update.save()
    assert "The agency sent a new version" not in text_of(client.get(change_url(article)))


def test_review_page_shows_why_and_the_differences(client, boss):
    article, update = _published_with_update()
    response = client.get(review_url(update))
    assert response.status_code == 200
    page = text_of(response)
    assert "UPDATE 1" in page
    assert "same agency, same headline once markers are removed" in page
    assert '<dd class="newsdesk-update-similarity">82%</dd>' in page
    assert "This article is published" in page
    fields = page.split("newsdesk-diff--fields")[1].split("</table>")[0]
    assert "<ins>UPDATE 1-Oil</ins>" in fields and "<del>Oil</del>" in fields
    assert "<ins>for third day</ins>" in fields
    assert "<ins>and B. Reporter</ins>" in fields
    body = page.split('id="newsdesk-diff-body"')[1].split("</table>")[0]
    kinds = re.findall(r"newsdesk-diff__row--(\w+)", body)
    assert kinds == ["changed", "same", "added"]
    assert "<del>2%</del>" in body and "<ins>3%</ins>" in body
    captions = page.split('id="newsdesk-diff-captions"')[1].split("</table>")[0]
    assert "<del>at</del>" in captions and "<ins>off</ins>" in captions and "AFP" in captions
    assert 'name="_apply"' in page and 'name="_dismiss"' in page


def test_apply_gives_the_article_the_update_and_records_a_revision(client, boss):
    article, update = _published_with_update()
    assert article.revised_at is None
    response = client.post(review_url(update), {"_apply": "Apply"})
    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    assert messages_of(response) == ["The agency update UPDATE 1 was applied to the article."]
    article.refresh_from_db()
    update.refresh_from_db()
    assert article.headline == "UPDATE 1-Oil price rises for third day"
    assert "OPEC meets on Friday." in article.body
    assert article.byline == "By A. Writer and B. Reporter"
    assert list(article.captions.values_list("text", flat=True)) == ["Tankers off Fujairah."]
    assert article.revised_at is not None and article.revised_at > article.published_at
    assert update.status == ArticleUpdate.Status.APPLIED
    assert update.decided_by == boss
    [version] = versions_of(article)
    assert version.revision.user == boss
    assert version.revision.comment == "Agency update UPDATE 1 applied"
    # Applied once: a second POST changes nothing and says so.
    again = client.post(review_url(update), {"_apply": "Apply"})
    assert "was already decided (applied)" in messages_of(again)[-1]
    assert len(versions_of(article)) == 1


def test_dismiss_keeps_the_text(client, boss):
    article, update = _published_with_update()
    response = client.post(review_url(update), {"_dismiss": "Dismiss"})
    assert response.status_code == 302
    assert messages_of(response) == ["The agency update UPDATE 1 was dismissed: the article keeps its text."]
    article.refresh_from_db()
    update.refresh_from_db()
    assert article.headline == "Oil price rises"
    assert article.revised_at is None
    assert update.status == ArticleUpdate.Status.DISMISSED
    assert update.decided_by == boss
    page = text_of(client.get(review_url(update)))
    assert 'name="_apply"' not in page


def test_view_only_user_reads_the_review_but_cannot_apply(client):
    article, update = _published_with_update()
    client.force_login(make_staff("viewer", "view_article"))
    page = client.get(review_url(update))
    assert page.status_code == 200
    assert 'name="_apply"' not in text_of(page)
    assert client.post(review_url(update), {"_apply": "Apply"}).status_code == 403
    assert client.post(review_url(update), {"_dismiss": "Dismiss"}).status_code == 403
    article.refresh_from_db()
    update.refresh_from_db()
    assert article.headline == "Oil price rises"
    assert update.status == ArticleUpdate.Status.PENDING
    client.force_login(make_staff("stranger", "view_wirecredit"))
    assert client.get(review_url(update)).status_code == 403


def test_review_needs_csrf_and_the_right_article(boss):
    from django.test import Client

    article, update = _published_with_update()
    other = make_article("Another story")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(boss)
    assert strict.post(review_url(update), {"_apply": "Apply"}).status_code == 403
    update.refresh_from_db()
    assert update.status == ArticleUpdate.Status.PENDING
    wrong = reverse("admin:newsdesk_article_update", args=[other.pk, update.pk])
    assert strict.get(wrong).status_code == 404


def test_changelist_marks_and_filters_articles_with_a_pending_update(client, boss):
    waiting, _ = _published_with_update()
    quiet = make_article("Quiet story")
    decided = make_article("Decided story")
    make_update(decided, status=ArticleUpdate.Status.DISMISSED)
    page = text_of(client.get(reverse(CHANGELIST)))
    assert "agency update pending" in page.lower()
    rows = {
        headline: row
        for row in re.findall(r"<tr>.*?</tr>", page, re.DOTALL)
        for headline in ("Oil price rises", "Quiet story", "Decided story")
        if f">{headline}</a>" in row
    }
    waiting_update = waiting.updates.get()
    assert (
        f'<td class="field-pending_update"><a href="{review_url(waiting_update)}" class="newsdesk-pending-update"'
        in rows["Oil price rises"]
    )
    assert 'alt="An agency update is waiting for review"' in rows["Oil price rises"]
    assert "newsdesk-pending-update" not in rows["Quiet story"]
    assert "newsdesk-pending-update" not in rows["Decided story"]
    pending = text_of(client.get(reverse(CHANGELIST), {"update_pending": "yes"}))
    assert ">Oil price rises</a>" in pending and ">Quiet story</a>" not in pending
    others = text_of(client.get(reverse(CHANGELIST), {"update_pending": "no"}))
    assert ">Oil price rises</a>" not in others
    assert ">Quiet story</a>" in others and ">Decided story</a>" in others
    assert waiting.pk and quiet.pk


def _grow(count: int, editor) -> None:
    """``count`` articles, each with three revisions, two corrections, two
    pending updates, a dismissed one and a caption."""
    for n in range(count):
        with revisions.revision(revisions.import_comment(f"wire/{n}.txt")):
            article = make_published(f"Story {n}", credit=afp())
            make_caption(article, f"Photo {n}")
        for edit in range(2):
            with revisions.revision(f"Edit {edit}", user=editor):
                article.byline = f"By {edit}"
                article.save()
        Correction.objects.create(article=article, text="A name was misspelt.")
        Correction.objects.create(article=article, text="The date was wrong.", kind="clarification")
        make_update(article, f"UPDATE 1-Story {n}")
        make_update(article, f"UPDATE 2-Story {n}")
        make_update(article, f"REFILE-Story {n}", status=ArticleUpdate.Status.DISMISSED)
        article.tags.add(f"tag-{n}")


def test_changelist_query_count_stays_flat(client, boss, django_assert_num_queries):
    # Twelve queries with 3 articles as with 30, each with revisions,
    # corrections and updates: 1. the session, 2. the user; 3-5. the list
    # filters' choices (credits, news sources, tags); 6. the count of the
    # filtered list and 7. of all articles; 8. the page of articles with
    # their credit (a join) and whether an update is pending (an EXISTS
    # subquery); 9. their tags (one prefetch); 10-11. the date hierarchy's
    # range and days; 12. the language filter's values.  Revisions,
    # corrections and updates add none.
    _grow(3, boss)
    with django_assert_num_queries(12):
        assert client.get(reverse(CHANGELIST)).status_code == 200
    _grow(27, boss)
    with django_assert_num_queries(12):
        assert client.get(reverse(CHANGELIST)).status_code == 200
    with django_assert_num_queries(12):
        response = client.get(reverse(CHANGELIST), {"update_pending": "yes"})
    assert text_of(response).count('class="newsdesk-pending-update"') == 30


# --- withdraw, kill, publish, embargo ---------------------------------------------------------


def _action(client, action: str, *articles: Article, **extra):
    data = {"action": action, "_selected_action": [a.pk for a in articles], **extra}
    return client.post(reverse(CHANGELIST), data)


def test_withdraw_asks_why_then_withdraws_each_in_a_revision(client):
    publisher = make_staff("pub", *PUBLISHER_PERMS)
    client.force_login(publisher)
    one = make_published("First story")
    two = make_published("Second story")
    already = make_article("Killed story", status=Article.Status.KILLED, withdrawal_reason="Legal.")
    confirmation = _action(client, "withdraw_selected", one, two, already)
    assert confirmation.status_code == 200
    page = text_of(confirmation)
    assert "newsdesk-take-down" in page and 'name="reason"' in page
    assert 'name="apply" value="yes"' in page
    for article in (one, two, already):
        assert f'name="_selected_action" value="{article.pk}"' in page
    assert "Killed story" in page.split("Left as they are:")[1]
    # No reason: the page again, with the error; nothing withdrawn.
    refused = _action(client, "withdraw_selected", one, two, already, apply="yes", reason="   ")
    assert refused.status_code == 200
    assert "Say why the article is taken down: readers see it." in text_of(refused)
    one.refresh_from_db()
    assert one.status == Article.Status.PUBLISHED
    done = _action(client, "withdraw_selected", one, two, already, apply="yes", reason="The story was wrong.")
    assert done.status_code == 302
    assert messages_of(done) == ["2 articles withdrawn."]
    for article in (one, two):
        article.refresh_from_db()
        assert article.status == Article.Status.WITHDRAWN
        assert article.withdrawal_reason == "The story was wrong."
        assert article.withdrawn_at is not None
        [version] = versions_of(article)
        assert version.revision.user == publisher
        assert version.revision.comment == "Withdrawn: The story was wrong."
        # One revision per article: restoring one never reverts the other.
        assert version.revision.version_set.count() == 1
    already.refresh_from_db()
    assert already.status == Article.Status.KILLED


def test_kill_asks_why_with_a_stronger_warning(client):
    client.force_login(make_staff("pub", *PUBLISHER_PERMS))
    article = make_published("Defamatory story")
    page = text_of(_action(client, "kill_selected", article))
    assert "newsdesk-kill-warning" in page
    assert "not even its headline" in page
    assert "Say why" in text_of(_action(client, "kill_selected", article, apply="yes", reason=""))
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    done = _action(client, "kill_selected", article, apply="yes", reason="Removed on legal advice.")
    assert messages_of(done) == ["1 article killed."]
    article.refresh_from_db()
    assert article.status == Article.Status.KILLED
    assert article.withdrawal_reason == "Removed on legal advice."
    assert versions_of(article).get().revision.comment == "Killed: Removed on legal advice."


def test_withdraw_and_kill_need_the_publish_permission(client):
    client.force_login(make_staff("ed", "view_article", "change_article", "delete_article"))
    article = make_published("Public story")
    page = text_of(client.get(reverse(CHANGELIST)))
    assert "kill_selected" not in page and "withdraw_selected" not in page
    _action(client, "kill_selected", article, apply="yes", reason="x")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_publish_skips_embargoed_articles_by_name_and_publishes_the_rest(client):
    publisher = make_staff("pub", *PUBLISHER_PERMS)
    client.force_login(publisher)
    until = timezone.now() + datetime.timedelta(hours=6)
    embargoed = make_article("Budget figures", status=Article.Status.READY, embargo_until=until)
    free = make_article("Weather report", status=Article.Status.READY)
    response = _action(client, "publish_selected", embargoed, free)
    assert response.status_code == 302
    local = timezone.localtime(until)
    assert messages_of(response) == [
        f"\u201cBudget figures\u201d was not published: it is embargoed until {local:%Y-%m-%d %H:%M}.",
        "1 article published.",
    ]
    embargoed.refresh_from_db()
    free.refresh_from_db()
    assert embargoed.status == Article.Status.READY and embargoed.published_at is None
    assert free.status == Article.Status.PUBLISHED
    assert versions_of(free).get().revision.comment == "Published"
    assert versions_of(free).get().revision.user == publisher
    assert not versions_of(embargoed).exists()
    # Only embargoed articles selected: the warning, and no "0 articles published".
    client.get(reverse(CHANGELIST))  # shows, and so forgets, the messages above
    alone = _action(client, "publish_selected", embargoed)
    assert messages_of(alone) == [
        f"\u201cBudget figures\u201d was not published: it is embargoed until {local:%Y-%m-%d %H:%M}."
    ]


def test_publishing_before_the_embargo_is_an_error_on_the_status(client, boss):
    until = timezone.now() + datetime.timedelta(days=1)
    article = make_article("Budget figures", status=Article.Status.READY, embargo_until=until)
    response = post_change_form(client, article, status="published")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "embargoed until" in errors["status"][0]
    article.refresh_from_db()
    assert article.status == Article.Status.READY and article.published_at is None
    # Scheduled at the embargo's end, it may be published.
    local = timezone.localtime(until)
    response = post_change_form(
        client, article, status="published", publish_at_0=f"{local:%Y-%m-%d}", publish_at_1=f"{local:%H:%M:%S}"
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at >= article.embargo_until


def test_taking_down_in_the_form_needs_a_reason(client, boss):
    article = make_published("Public story")
    response = post_change_form(client, article, status="withdrawn", withdrawal_reason="")
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["withdrawal_reason"] == ["Say why the article is taken down: readers see it."]
    response = post_change_form(client, article, status="killed", withdrawal_reason="Legal advice.")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.KILLED
    assert article.withdrawal_reason == "Legal advice."
    assert article.withdrawn_at is not None


def test_publishing_fieldset_shows_the_story_life_fields(client, boss):
    article = make_published("Public story", revised_at=timezone.now())
    page = text_of(client.get(change_url(article)))
    assert 'name="embargo_until_0"' in page
    assert 'name="withdrawal_reason"' in page
    for read_only in ("revised_at", "withdrawn_at"):
        assert f"field-{read_only}" in page and f'name="{read_only}' not in page


def test_killed_is_a_publishers_status(client):
    client.force_login(make_staff("ed", "view_article", "change_article"))
    article = make_article("Killed story", status=Article.Status.KILLED, withdrawal_reason="Legal.")
    page = text_of(client.get(change_url(article)))
    assert 'name="status"' not in page
    assert 'name="withdrawal_reason"' not in page
    assert 'name="embargo_until_0"' not in page
    response = client.post(
        change_url(article),
        {
            "headline": "Killed story, edited",
            "slug": article.slug,
            "status": "draft",
            "language": "en",
            "withdrawal_reason": "",
            "captions-TOTAL_FORMS": "0",
            "captions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    # The text waits for a publisher (test_admin_proposed_changes); the
    # status and the notice are not even proposed.
    assert article.headline == "Killed story"
    assert ArticleUpdate.objects.get(article=article, proposal=True).headline == "Killed story, edited"
    assert article.status == Article.Status.KILLED
    assert article.withdrawal_reason == "Legal."


# --- corrections -----------------------------------------------------------------------


def test_corrections_are_edited_inline(client, boss):
    article = make_published("Public story")
    page = text_of(client.get(change_url(article)))
    assert "corrections-group" in page
    data = form_data(page)
    data.update(
        {
            "corrections-TOTAL_FORMS": ["1"],
            "corrections-0-kind": ["clarification"],
            "corrections-0-text": ["The minister spoke on Monday, not Sunday."],
            "corrections-0-published_at_0": [timezone.localdate().isoformat()],
            "corrections-0-published_at_1": ["10:00:00"],
        }
    )
    response = client.post(change_url(article), data)
    assert response.status_code == 302
    correction = article.corrections.get()
    assert correction.kind == Correction.Kind.CLARIFICATION
    assert correction.text == "The minister spoke on Monday, not Sunday."


def test_restoring_a_revision_keeps_the_corrections(client, boss):
    article = imported("Rain in Salalah")
    first = versions_of(article)[0]
    Correction.objects.create(article=article, text="The rain fell on Monday.")
    revert_url = reverse("admin:newsdesk_article_revision", args=[article.pk, first.pk])
    client.post(revert_url, form_data(text_of(client.get(revert_url))))
    assert article.corrections.count() == 1


# --- the list of agency updates -----------------------------------------------------------


def test_agency_updates_are_listed_read_only(client, boss):
    article, update = _published_with_update()
    page = text_of(client.get(reverse("admin:newsdesk_articleupdate_changelist")))
    assert "UPDATE 1" in page and ">Oil price rises</a>" in page
    assert f'href="{review_url(update)}"' in page
    assert client.get(reverse("admin:newsdesk_articleupdate_add")).status_code == 403
    assert 'name="headline"' not in text_of(
        client.get(reverse("admin:newsdesk_articleupdate_change", args=[update.pk]))
    )
