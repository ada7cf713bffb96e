"""In a real headless Chromium at 1366x768: an editor formats an article's
body and standfirst with the rich-text editor and saves it; the headline
input is wide; the article changelist fits the screen.

Nothing here touches the database while Playwright runs (its sync API keeps
an event loop in this thread, and an ORM call there would open a connection
nobody closes): rows are made in fixtures, read back after the browser closed.
On failure a full-page screenshot is saved (tests/conftest.py,
``save_screenshot``) and its path printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model

from newsdesk.conf import DEFAULTS
from tests.conftest import chromium_page, save_screenshot
from tests.factories import afp, make_article
from tests.wire_import_support import ensure_wire_credits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 1366, 768
LONG_HEADLINE = (
    "Government announces sweeping new measures to support fishermen along the Batinah coast "
    "after the storm damaged harbours from Sohar to Barka"
)


@contextmanager
def browser(name: str) -> Iterator:
    with chromium_page() as page:
        page.set_default_timeout(15_000)
        page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
        try:
            yield page
        except BaseException:
            save_screenshot(page, f"editor-{name}")
            raise


def _log_in(page, live_server, next_url: str) -> None:
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", "desk")
    page.fill("#id_password", "correct horse")
    with page.expect_navigation():
        page.click("input[type=submit]")


@pytest.fixture
def desk():
    return get_user_model().objects.create_superuser("desk", "desk@example.com", "correct horse")


@pytest.fixture
def article(desk):
    return make_article("Rain in Salalah", body="<p>It rained in Salalah.</p>", dateline="SALALAH")


@pytest.fixture
def long_articles(desk):
    """A changelist's worth of what overflows: long headlines, one with a web
    address and no spaces, long datelines, credits and tags."""
    ensure_wire_credits()  # a transactional test starts with empty tables
    for i in range(4):
        article = make_article(f"{LONG_HEADLINE} ({i})", credit=afp(), dateline="MUSCAT")
        article.tags.add("Oman", "Fisheries", "Batinah", "Weather")
    article = make_article(
        "https://www.example.com/news/2025/12/07/fishermen-compensation-scheme-announced-by-the-ministry",
        dateline="RAS AL KHAIMAH, UNITED ARAB EMIRATES", credit_text="Oman News Agency and Staff Photographers",
    )
    article.tags.add("Supercalifragilisticexpialidocious-fisheries-committee", "Ministry")


def _overflow(page, selector: str = "") -> dict:
    return page.evaluate(
        """(selector) => {
            const doc = document.documentElement;
            const box = selector ? document.querySelector(selector) : null;
            return {page: doc.scrollWidth, box: box && [box.scrollWidth, box.clientWidth]};
        }""",
        selector,
    )


def test_editor_writes_bold_and_italic_that_the_sanitiser_keeps(live_server, article):
    change_url = f"/admin/newsdesk/article/{article.pk}/change/"
    with browser("editor-change-form") as page:
        _log_in(page, live_server, change_url)
        body = page.locator(".field-body .prose-editor")
        standfirst = page.locator(".field-standfirst .prose-editor")
        body_text = body.locator(".ProseMirror[contenteditable=true]")
        body_text.wait_for()
        # The body's toolbar offers headings, lists, quotes, bold, italic and
        # links; the standfirst's only bold, italic and links.
        body_buttons = body.locator(".prose-menubar [data-name]").evaluate_all("els => els.map(e => e.dataset.name)")
        assert {"heading2", "heading3", "bulletList", "orderedList", "blockquote", "bold", "italic", "link"} <= set(
            body_buttons
        )
        assert "orderedListProperties" not in body_buttons  # <ol start type> would not survive
        standfirst_buttons = standfirst.locator(".prose-menubar [data-name]").evaluate_all(
            "els => els.map(e => e.dataset.name)"
        )
        assert {"bold", "italic", "link"} <= set(standfirst_buttons)
        assert not {"heading2", "bulletList", "orderedList", "blockquote"} & set(standfirst_buttons)
        assert body_text.get_attribute("spellcheck") != "false"

        # A new paragraph with two words in bold, through the toolbar.
        body_text.locator("p").first.click()
        page.keyboard.press("End")
        page.keyboard.press("Enter")
        body.locator('.prose-menubar [data-name="bold"]').click()
        page.keyboard.type("Roads closed")
        body.locator('.prose-menubar [data-name="bold"]').click()
        page.keyboard.type(" in Dhofar.")
        assert body_text.locator("strong").inner_text() == "Roads closed"
        # The standfirst in italic, with the keyboard shortcut.
        standfirst.locator(".ProseMirror[contenteditable=true]").click()
        page.keyboard.press("Control+i")
        page.keyboard.type("Heavy rain")

        with page.expect_navigation():
            page.click("input[name=_continue]")
        assert page.locator("ul.messagelist li.success").count() == 1
        assert page.locator(".field-body .ProseMirror[contenteditable=true] strong").inner_text() == "Roads closed"

    article.refresh_from_db()
    assert article.body == "<p>It rained in Salalah.</p><p><strong>Roads closed</strong> in Dhofar.</p>"
    assert article.standfirst == "<em>Heavy rain</em>"
    allowed = set(DEFAULTS["ALLOWED_TAGS"])
    for value in (article.body, article.standfirst):
        assert set(re.findall(r"</?([a-z0-9]+)", value)) <= allowed
        assert not re.search(r"<[a-z0-9]+ ", value)  # no attributes at all


def test_the_headline_input_is_wide_and_the_change_form_fits(live_server, article):
    with browser("editor-headline-width") as page:
        _log_in(page, live_server, f"/admin/newsdesk/article/{article.pk}/change/")
        headline = page.locator("#id_headline").bounding_box()
        assert headline["width"] >= 600
        assert _overflow(page)["page"] <= WIDTH


def test_the_changelist_fits_1366_pixels(live_server, long_articles):
    with browser("editor-changelist") as page:
        _log_in(page, live_server, "/admin/newsdesk/article/")
        assert page.locator("#result_list tbody tr").count() == 5
        overflow = _overflow(page, "#changelist .results")
        assert overflow["page"] <= WIDTH
        # The admin wraps the table in a scrolling box: the page never grows,
        # so measure the box too. It must not need its scroll bar either.
        scroll_width, client_width = overflow["box"]
        assert scroll_width <= client_width
        # ... and the headlines are not squeezed to a word per line.
        for box in page.locator("#result_list td.field-headline, #result_list th.field-headline").all():
            assert box.bounding_box()["width"] >= 150
