"""End to end in a real headless Chromium: an editor logs in, pastes the
seed page, reads the preview, confirms, and opens the new draft."""

from __future__ import annotations

import os
import re
from unittest import mock

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import chromium_page
from tests.wire_import_support import COURT_HEADLINE, COURT_KICKER, court_page, ensure_wire_credits, seed_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED_HEADLINE = "Russia, US diplomats discuss 'next steps' on Ukraine"
SEED_CAPTION = (
    "Firefighters work at the site of an apartment building hit by a Russian "
    "drone strike, in Chernihiv, Ukraine."
)


@pytest.fixture
def page():
    # Playwright's sync API runs an event loop in this thread; Django's ORM
    # calls made by the test itself must still be allowed.
    with mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}):
        with chromium_page() as page:
            page.set_default_timeout(15_000)
            yield page


@pytest.fixture
def editor():
    """The rows the test needs, made here rather than in the test body: code
    run while Playwright's sync API is active gets a database connection of
    its own that nobody closes, and PostgreSQL then cannot drop the test
    database at the end of the run."""
    ensure_wire_credits()
    return get_user_model().objects.create_superuser("editor", "editor@example.com", "correct horse")


def test_editor_imports_the_seed_through_the_admin(live_server, editor, page):

    page.goto(f"{live_server.url}/admin/login/?next=/admin/newsdesk/article/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse")
    page.click("input[type=submit]")

    page.click("text=Import wire text")
    page.fill("textarea[name=text]", seed_text())
    page.click("input[name=_preview]")

    story = page.locator("section.newsdesk-import-story")
    assert story.locator("h2.headline").inner_text() == SEED_HEADLINE
    assert story.locator("dd.credit").inner_text() == "AFP"
    assert story.locator("dd.dateline").inner_text() == "WASHINGTON"
    assert story.locator(".caption-text").inner_text() == SEED_CAPTION
    assert story.locator(".caption-credit").inner_text() == "Reuters"
    assert story.locator("dd.body p").count() == 8
    assert "SHARE ARTICLE" in story.locator("ul.dropped").inner_text()
    # The dropped lines stand beside the story (the admin stylesheet is
    # served and applied), open; their summary folds them away and back.
    dropped = story.locator(".newsdesk-import-dropped details")
    assert re.fullmatch(r"Lines dropped as page furniture \(\d+\)", dropped.locator("summary").inner_text())
    assert dropped.locator("ul.dropped").is_visible()
    body_box, dropped_box = story.locator("dd.body").bounding_box(), dropped.bounding_box()
    assert dropped_box["x"] >= body_box["x"] + body_box["width"]
    dropped.locator("summary").click()
    assert not dropped.locator("ul.dropped").is_visible()
    dropped.locator("summary").click()
    assert dropped.locator("ul.dropped").is_visible()

    page.click("input[name=_confirm]")
    assert page.locator("p.import-summary").inner_text() == "1 draft created."
    page.click(f"ul.imported-articles >> text={SEED_HEADLINE}")

    assert page.locator("#id_headline").input_value() == SEED_HEADLINE
    assert page.locator("#id_credit option:checked").inner_text() == "AFP"
    assert page.locator("#id_captions-0-text").input_value() == SEED_CAPTION
    assert page.locator("#id_captions-0-credit option:checked").inner_text() == "Reuters"
    assert page.locator("#id_status option:checked").inner_text() == "draft"


COURT_PAGE = court_page(COURT_KICKER)


def test_one_click_takes_the_headline_alternative_and_the_draft_is_saved_with_it(live_server, editor, page):
    page.goto(f"{live_server.url}/admin/login/?next=/admin/newsdesk/article/import/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse")
    page.click("input[type=submit]")
    page.fill("textarea[name=text]", COURT_PAGE)
    page.click("input[name=_preview]")

    story = page.locator("section.newsdesk-import-story")
    assert story.locator("h2.headline").inner_text() == COURT_KICKER
    assert story.locator("dd.standfirst").inner_text() == COURT_HEADLINE
    offer = story.locator(".newsdesk-import-alternative")
    assert offer.inner_text().strip() == f"headline could be: {COURT_HEADLINE} use it"

    offer.locator("text=use it").click()  # the one click
    assert offer.locator("input[name=alternative]").is_checked()
    assert story.locator("h2.headline").inner_text() == COURT_HEADLINE
    assert story.locator("dd.standfirst").inner_text() == "—"

    page.click("input[name=_confirm]")
    assert page.locator("p.import-summary").inner_text() == "1 draft created."
    page.click(f"ul.imported-articles >> text={COURT_HEADLINE}")
    assert page.locator("#id_headline").input_value() == COURT_HEADLINE
    assert page.locator("#id_standfirst").input_value() == ""
