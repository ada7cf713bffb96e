"""In a real headless Chromium: an editor sees the notice of a pending agency
update on a published article, opens the review, reads the side-by-side
differences and applies the update; the history then compares the two
revisions.

As in tests/test_browser_admin_editor.py, nothing here touches the database
while Playwright runs: rows are made in fixtures and read back after the
browser closed.  On failure a full-page screenshot is saved.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model

from newsdesk.models import ArticleUpdate
from tests.conftest import chromium_page, save_screenshot
from tests.factories import make_caption, make_published, make_update

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@contextmanager
def browser(name: str) -> Iterator:
    with chromium_page() as page:
        page.set_default_timeout(15_000)
        page.set_viewport_size({"width": 1366, "height": 768})
        try:
            yield page
        except BaseException:
            save_screenshot(page, f"story-life-{name}")
            raise


@pytest.fixture
def desk():
    return get_user_model().objects.create_superuser("desk", "desk@example.com", "correct horse")


@pytest.fixture
def pending(desk):
    article = make_published(
        "Oil price rises",
        body="<p>Oil rose 2% on Monday.</p><p>Traders were calm.</p>",
        dateline="DUBAI",
    )
    make_caption(article, "Tankers at Fujairah.")
    update = make_update(
        article,
        headline="UPDATE 1-Oil price rises for third day",
        body="<p>Oil rose 3% on Monday.</p><p>Traders were calm.</p><p>OPEC meets on Friday.</p>",
        dateline="DUBAI",
        version_marker="UPDATE 1",
        similarity=0.82,
        match_reason="same agency, same headline once markers are removed",
    )
    return article, update


def test_an_editor_reviews_and_applies_an_agency_update(live_server, pending):
    article, update = pending
    with browser("apply-update") as page:
        page.goto(f"{live_server.url}/admin/login/?next=/admin/newsdesk/article/{article.pk}/change/")
        page.fill("#id_username", "desk")
        page.fill("#id_password", "correct horse")
        with page.expect_navigation():
            page.click("input[type=submit]")

        notice = page.locator(".newsdesk-pending-updates li")
        assert "The agency sent a new version (UPDATE 1)" in notice.inner_text()
        with page.expect_navigation():
            notice.get_by_role("link", name="review it").click()

        assert page.locator(".newsdesk-update-similarity").inner_text() == "82%"
        body = page.locator("#newsdesk-diff-body")
        assert body.locator("del").first.inner_text() == "2%"
        assert body.locator("ins").first.inner_text() == "3%"
        assert body.locator(".newsdesk-diff__row--added").inner_text().strip() == "OPEC meets on Friday."
        # Side by side: the new column starts to the right of the old one.
        old_cell, new_cell = body.locator(".newsdesk-diff__row--changed td").all()
        assert new_cell.bounding_box()["x"] > old_cell.bounding_box()["x"] + old_cell.bounding_box()["width"] - 1

        with page.expect_navigation():
            page.get_by_role("button", name="Apply the update").click()
        assert page.url.endswith(f"/admin/newsdesk/article/{article.pk}/change/")
        assert "was applied to the article" in page.locator("ul.messagelist li.success").inner_text()
        assert page.locator(".newsdesk-pending-updates").count() == 0
        assert page.locator("#id_headline").input_value() == "UPDATE 1-Oil price rises for third day"

        # The history has the revision, and comparing needs no extra choice
        # when there is only one: none is offered.
        page.goto(f"{live_server.url}/admin/newsdesk/article/{article.pk}/history/")
        rows = page.locator("tr.newsdesk-revision")
        assert rows.count() == 1
        assert "Agency update UPDATE 1 applied" in rows.first.inner_text()

    article.refresh_from_db()
    update.refresh_from_db()
    assert article.headline == "UPDATE 1-Oil price rises for third day"
    assert article.revised_at is not None
    assert update.status == ArticleUpdate.Status.APPLIED
