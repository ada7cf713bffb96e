"""The admin's rich-text editor: a toolbar that offers only what the sanitiser
keeps, a plain textarea when it is switched off or not installed, what the
editor posts made to fit what is stored, and system check newsdesk.W004.

The editor itself is driven in a real browser in test_browser_admin_editor.py.
"""

from __future__ import annotations

import importlib.util
import json
import re
from unittest import mock

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions

from newsdesk.admin.editor import body_extensions, editor_html, standfirst_extensions
from newsdesk.checks import check_rich_text_editor
from newsdesk.conf import DEFAULTS
from newsdesk.models import Article
from newsdesk.sanitize import current_policy
from tests.factories import make_article, make_staff

# --- the toolbar follows the policy ------------------------------------------


def test_body_toolbar_with_the_default_policy():
    assert body_extensions() == {
        "NoSpellCheck": False,
        "Bold": True,
        "Italic": True,
        "Link": {"enableTarget": False},
        "Heading": {"levels": [2, 3]},
        "BulletList": True,
        "OrderedList": {"enableListAttributes": False},
        "ListItem": True,
        "Blockquote": True,
        "HardBreak": True,
        "CodeBlock": True,
        "Table": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
    }


def test_the_list_properties_dialog_is_offered_when_the_policy_keeps_its_attributes():
    policy = {"ALLOWED_TAGS": ["p", "ol", "li"], "ALLOWED_ATTRIBUTES": {"ol": ["start", "type"]}}
    with override_settings(NEWSDESK=policy):
        assert body_extensions()["OrderedList"] == {"enableListAttributes": True}


def test_standfirst_toolbar_is_bold_italic_and_link():
    assert standfirst_extensions() == {
        "NoSpellCheck": False,
        "Bold": True,
        "Italic": True,
        "Link": {"enableTarget": False},
    }


def test_a_narrower_policy_narrows_the_toolbar():
    with override_settings(NEWSDESK={"ALLOWED_TAGS": ["p", "strong", "h3", "ul", "li", "a"], "ALLOWED_ATTRIBUTES": {}}):
        body = body_extensions()
        standfirst = standfirst_extensions()
    # No <em>, <h2>, <ol>, <blockquote> or <br>; <a> without href is no link.
    assert body == {
        "NoSpellCheck": False, "Bold": True, "Heading": {"levels": [3]}, "BulletList": True, "ListItem": True,
    }
    assert standfirst == {"NoSpellCheck": False, "Bold": True}


@pytest.mark.parametrize(
    "newsdesk",
    [
        {},
        {"ALLOWED_TAGS": ["p", "em", "ol", "li", "h2", "br", "a"]},
        {"ALLOWED_TAGS": ["p"]},
    ],
)
def test_every_tag_the_editor_can_write_is_kept_by_the_sanitiser(newsdesk):
    # django-prose-editor's own account of the markup its extensions write.
    with override_settings(NEWSDESK=newsdesk):
        policy = current_policy()
        for extensions in (body_extensions(), standfirst_extensions()):
            written = allowlist_from_extensions(extensions)["tags"]
            assert written <= policy.tags, written - policy.tags


# --- in the admin -------------------------------------------------------------


@pytest.fixture
def editor(client, db):
    client.force_login(make_staff("desk", "view_article", "change_article", "add_article"))
    return client


def _editor_config(content: str, field: str) -> dict | None:
    match = re.search(rf'<textarea name="{field}"[^>]*data-django-prose-editor-configurable="([^"]*)"', content)
    if not match:
        return None
    return json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def test_the_change_form_shows_the_editor_with_the_policys_toolbar(editor):
    article = make_article("Rain in Salalah", body="<p>It rained.</p>")
    content = editor.get(reverse("admin:newsdesk_article_change", args=[article.pk])).content.decode()
    body, standfirst = _editor_config(content, "body"), _editor_config(content, "standfirst")
    assert body is not None and standfirst is not None
    assert {k for k, v in body["extensions"].items() if v is not False} >= {
        "Bold", "Italic", "Link", "Heading", "BulletList", "OrderedList", "ListItem", "Blockquote", "HardBreak",
    }
    assert body["extensions"]["Heading"] == {"levels": [2, 3]}
    assert "Heading" not in standfirst["extensions"]
    assert "BulletList" not in standfirst["extensions"]
    assert "NoSpellCheck" not in body["extensions"]  # the browser's spell checker stays on
    assert "/static/django_prose_editor/editor.js" in content
    assert "/static/django_prose_editor/configurable.js" in content
    assert "/static/newsdesk/admin/article.css" in content
    # The headline takes the direction of its own text (Arabic or English).
    assert re.search(r'<input type="text" name="headline"[^>]* dir="auto"', content)


def test_the_add_form_shows_the_editor_too(editor):
    content = editor.get(reverse("admin:newsdesk_article_add")).content.decode()
    assert _editor_config(content, "body") is not None


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"NEWSDESK": {"RICH_TEXT_EDITOR": False}}, id="switched-off"),
        pytest.param(
            {"INSTALLED_APPS": [app for app in settings.INSTALLED_APPS if app != "django_prose_editor"]},
            id="not-in-installed-apps",
        ),
    ],
)
def test_without_the_editor_body_and_standfirst_are_plain_textareas(editor, overrides):
    article = make_article("Rain in Salalah", body="<p>It rained.</p>")
    with override_settings(**overrides):
        content = editor.get(reverse("admin:newsdesk_article_change", args=[article.pk])).content.decode()
    assert _editor_config(content, "body") is None
    assert _editor_config(content, "standfirst") is None
    assert re.search(r'<textarea name="body"[^>]*class="vLargeTextField"', content)
    assert "&lt;p&gt;It rained.&lt;/p&gt;</textarea>" in content
    assert re.search(r'<textarea name="body"[^>]* dir="auto"', content)
    assert "django_prose_editor/editor.js" not in content


def _post(client, article: Article, **fields):
    data = {
        "headline": article.headline, "slug": article.slug, "status": article.status, "language": "en",
        "captions-TOTAL_FORMS": "0", "captions-INITIAL_FORMS": "0", **fields,
    }
    response = client.post(reverse("admin:newsdesk_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    return article


def test_an_empty_editor_saves_empty_fields(editor):
    article = make_article("Rain in Salalah", body="<p>It rained.</p>", standfirst="Heavy rain.")
    article = _post(editor, article, body="<p></p>", standfirst="<p><br></p>")
    assert article.body == ""
    assert article.standfirst == ""


def test_the_standfirst_is_stored_without_its_paragraph(editor):
    article = make_article("Rain in Salalah")
    article = _post(editor, article, standfirst="<p>Heavy <strong>rain</strong> in <em>Dhofar</em>.</p>")
    assert article.standfirst == "Heavy <strong>rain</strong> in <em>Dhofar</em>."


def test_the_body_keeps_its_paragraphs(editor):
    article = make_article("Rain in Salalah")
    article = _post(editor, article, body="<h2>Roads</h2><p>Closed.</p><ul><li>Salalah</li></ul>")
    assert article.body == "<h2>Roads</h2><p>Closed.</p><ul><li>Salalah</li></ul>"


def test_the_sanitiser_has_the_last_word_whatever_the_browser_posts(editor):
    article = make_article("Rain in Salalah")
    article = _post(
        editor, article,
        body='<p onclick="steal()">Closed.</p><script>alert(1)</script><p style="color:red">Open.</p>',
        standfirst='<p><a href="javascript:alert(1)" target="_blank">Rain</a></p>',
    )
    assert article.body == "<p>Closed.</p><p>Open.</p>"
    assert article.standfirst == "<a>Rain</a>"


def test_with_the_editor_off_the_textarea_is_kept_as_typed(editor):
    article = make_article("Rain in Salalah")
    with override_settings(NEWSDESK={"RICH_TEXT_EDITOR": False}):
        article = _post(editor, article, standfirst="<p>Heavy rain.</p>")
    assert article.standfirst == "<p>Heavy rain.</p>"


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("<p></p>", "body", ""),
        ("<p></p>", "standfirst", ""),
        ("<p><br></p>\n<p> </p>", "body", ""),
        ("<p>One.</p><p>Two.</p>", "body", "<p>One.</p><p>Two.</p>"),
        ("<p>One.</p><p>Two.</p>", "standfirst", "One. Two."),
        ("<p>One.</p><p></p>", "standfirst", "One."),
        ("Already inline.", "standfirst", "Already inline."),
        ("<p>One.</p><ul><li>x</li></ul>", "standfirst", "<p>One.</p><ul><li>x</li></ul>"),
    ],
)
def test_editor_html(value, kind, expected):
    assert editor_html(value, kind) == expected


# --- newsdesk.W004 and E017 --------------------------------------------------


def _ids():
    return [message.id for message in check_rich_text_editor(None)]


def test_no_message_when_the_editor_is_installed_and_listed():
    assert "django_prose_editor" in settings.INSTALLED_APPS
    assert _ids() == []


def test_w004_when_the_package_is_installed_but_not_listed():
    apps = [app for app in settings.INSTALLED_APPS if app != "django_prose_editor"]
    with override_settings(INSTALLED_APPS=apps):
        messages = check_rich_text_editor(None)
        assert [m.id for m in messages] == ["newsdesk.W004"]
        assert "plain HTML textareas" in messages[0].msg
        assert messages[0].hint == (
            'Add "django_prose_editor" to INSTALLED_APPS (it serves the editor\'s files), '
            'or set NEWSDESK["RICH_TEXT_EDITOR"] = False to keep the textareas.'
        )
        with override_settings(NEWSDESK={"RICH_TEXT_EDITOR": False}):
            assert _ids() == []  # switched off on purpose


def test_no_w004_when_the_package_is_not_installed():
    # The "editor" extra was not installed: the textareas are what the site chose.
    real_find_spec = importlib.util.find_spec

    def find_spec(name, *args, **kwargs):
        return None if name == "django_prose_editor" else real_find_spec(name, *args, **kwargs)

    apps = [app for app in settings.INSTALLED_APPS if app != "django_prose_editor"]
    with override_settings(INSTALLED_APPS=apps), mock.patch("importlib.util.find_spec", find_spec):
        assert _ids() == []


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_e017_rich_text_editor_must_be_a_boolean(value):
    with override_settings(NEWSDESK={"RICH_TEXT_EDITOR": value}):
        messages = check_rich_text_editor(None)
    assert [m.id for m in messages] == ["newsdesk.E017"]
    assert messages[0].msg == f'NEWSDESK["RICH_TEXT_EDITOR"] is {value!r}; it must be True or False.'


def test_the_default_is_documented_and_passes():
    assert DEFAULTS["RICH_TEXT_EDITOR"] is True
    with override_settings(NEWSDESK={"RICH_TEXT_EDITOR": True}):
        assert _ids() == []
