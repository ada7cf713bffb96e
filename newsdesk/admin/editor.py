"""The rich-text editor for an article's body and standfirst in the admin.

django-prose-editor (ProseMirror/Tiptap, its JavaScript shipped in the
wheel) is used as a *widget* only: the model fields stay ``TextField``, so
no migration, and ``Article.save()`` still runs :func:`newsdesk.sanitize.clean_html`
on every save: the sanitiser keeps the last word whatever a browser posts.

The toolbar is derived from the sanitiser's policy (``ALLOWED_TAGS`` and
``ALLOWED_ATTRIBUTES``): a button is offered only when the markup it writes
survives cleaning, so an editor never formats text that vanishes on save.

The editor is used when ``NEWSDESK["RICH_TEXT_EDITOR"]`` is true (the
default) and ``"django_prose_editor"`` is in ``INSTALLED_APPS`` (it serves
the editor's static files); otherwise the fields are plain textareas of
HTML, as before (system check ``newsdesk.W004`` says when the package is
installed but not listed).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.apps import apps

from newsdesk.checks import EDITOR_APP
from newsdesk.conf import newsdesk_settings
from newsdesk.sanitize import Policy, current_policy

#: Heading levels the body's toolbar may offer (h1 is the page's headline).
BODY_HEADING_LEVELS = (2, 3)

#: ``"body"`` or ``"standfirst"``, set on the editor widgets this module makes.
KIND_ATTRIBUTE = "newsdesk_rich_text"


def editor_enabled() -> bool:
    """Whether the admin shows the rich-text editor (setting on, app installed)."""
    return newsdesk_settings.RICH_TEXT_EDITOR is True and apps.is_installed(EDITOR_APP)


def _allows(policy: Policy, *tags: str) -> bool:
    return all(tag in policy.tags for tag in tags)


def body_extensions(policy: Policy | None = None) -> dict[str, Any]:
    """The body's toolbar: paragraphs, h2/h3, bold, italic, links, lists,
    block quotes, line breaks, preformatted text and tables, each only if
    the policy keeps its markup (an imported agency table or ``<pre>``
    block must survive an edit in the browser)."""
    policy = policy or current_policy()
    extensions = _inline_extensions(policy)
    levels = [level for level in BODY_HEADING_LEVELS if _allows(policy, f"h{level}")]
    if levels:
        extensions["Heading"] = {"levels": levels}
    if _allows(policy, "ul", "li"):
        extensions["BulletList"] = True
    if _allows(policy, "ol", "li"):
        # The "list properties" dialog writes <ol start type>: offered only
        # when the policy keeps both attributes.
        attributes = policy.allows_attribute("ol", "start") and policy.allows_attribute("ol", "type")
        extensions["OrderedList"] = {"enableListAttributes": attributes}
    if "BulletList" in extensions or "OrderedList" in extensions:
        extensions["ListItem"] = True
    if _allows(policy, "blockquote"):
        extensions["Blockquote"] = True
    if _allows(policy, "br"):
        extensions["HardBreak"] = True
    if _allows(policy, "pre", "code"):
        extensions["CodeBlock"] = True
    if _allows(policy, "table", "tbody", "tr", "th", "td"):
        extensions.update(Table=True, TableRow=True, TableHeader=True, TableCell=True)
    return extensions


def standfirst_extensions(policy: Policy | None = None) -> dict[str, Any]:
    """The standfirst's smaller toolbar: bold, italic and links."""
    return _inline_extensions(policy or current_policy())


def _inline_extensions(policy: Policy) -> dict[str, Any]:
    # django-prose-editor turns the browser's spell checking off by default;
    # a newsroom wants it on.
    extensions: dict[str, Any] = {"NoSpellCheck": False}
    if _allows(policy, "strong"):
        extensions["Bold"] = True
    if _allows(policy, "em"):
        extensions["Italic"] = True
    if _allows(policy, "a") and policy.allows_attribute("a", "href"):
        # No "open in a new window": the policy keeps neither target nor rel.
        extensions["Link"] = {"enableTarget": False}
    return extensions


def rich_text_widget(kind: str) -> forms.Widget:
    """The admin's editor widget for ``"body"`` or ``"standfirst"``."""
    from django_prose_editor.widgets import AdminProseEditorWidget

    extensions = body_extensions() if kind == "body" else standfirst_extensions()
    widget = AdminProseEditorWidget(config={"extensions": extensions}, preset="configurable")
    setattr(widget, KIND_ATTRIBUTE, kind)
    return widget


# --- what the editor posts, made to fit what is stored ---------------------

# ProseMirror always holds at least one (empty) paragraph.
_EMPTY_DOCUMENT_RE = re.compile(r"(?:\s|<p>(?:\s|&nbsp;|\xa0|<br\s*/?>)*</p>)*")
_PARAGRAPH_RE = re.compile(r"<p>(.*?)</p>", re.DOTALL)


def editor_html(value: str, kind: str) -> str:
    """The editor's HTML as newsdesk stores it.

    An empty document (``<p></p>``) is an empty field.  The standfirst is
    stored as inline markup (imported standfirsts have no ``<p>``, and the
    reader templates print it inside their own ``newsdesk-…__standfirst``
    element), so its paragraphs are unwrapped and joined with a space.
    """
    if _EMPTY_DOCUMENT_RE.fullmatch(value):
        return ""
    if kind == "standfirst" and not _PARAGRAPH_RE.sub("", value).strip():
        return " ".join(part.strip() for part in _PARAGRAPH_RE.findall(value) if part.strip())
    return value


class ArticleAdminForm(forms.ModelForm):
    """Normalises what the rich-text editor posts; plain textareas are kept as typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An English headline reads left to right in the Arabic admin, and an
        # Arabic one right to left in the English admin.
        for name in ("headline", "body", "standfirst"):
            field = self.fields.get(name)
            if field is not None and not hasattr(field.widget, KIND_ATTRIBUTE):
                field.widget.attrs.setdefault("dir", "auto")

    def _clean_rich_text(self, name: str) -> str:
        value = self.cleaned_data.get(name) or ""
        kind = getattr(self.fields[name].widget, KIND_ATTRIBUTE, None)
        return editor_html(value, kind) if kind else value

    def clean_body(self) -> str:
        return self._clean_rich_text("body")

    def clean_standfirst(self) -> str:
        return self._clean_rich_text("standfirst")
