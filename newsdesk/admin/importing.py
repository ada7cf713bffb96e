"""The admin's "Import wire text" page: paste or upload, preview, confirm.

Step 1 (form): the editor pastes text and/or uploads ``.txt`` files.
Step 2 (preview): every story is imported as a dry run (the real import,
rolled back), so the preview shows what will be written.  The texts travel
to step 3 in one signed hidden field (as Wagtail's redirect import does):
nothing is kept on the server between the steps, and a tampered value is a
:class:`~django.core.exceptions.SuspiciousOperation` (HTTP 400).
Step 3 (confirm): the same texts are imported for real; the new drafts are
listed with links to their change pages.

All the work is done by :mod:`newsdesk.ingest`; this module only handles
forms, permissions and templates.
"""

from __future__ import annotations

import os

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsdesk import ingest, wire
from newsdesk.conf import newsdesk_settings
from newsdesk.models import Article

URL_NAME = "newsdesk_article_import"
PASTED_NAME = "pasted text"
#: Signed state older than this is refused politely (start again), not as tampering.
STATE_MAX_AGE = 6 * 60 * 60


def import_urls(model_admin) -> list[URLPattern]:
    """The URL ``ArticleAdmin.get_urls()`` adds: ``<changelist>/import/``."""
    view = model_admin.admin_site.admin_view(lambda request: import_view(model_admin, request))
    return [path("import/", view, name=URL_NAME)]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files (Django's documented recipe)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,text/plain"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class WireImportForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Paste wire text"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100, "dir": "auto"}),
        help_text=gettext_lazy("One story, as copied from the wire or a web page."),
    )
    uploads = MultipleFileField(
        label=gettext_lazy("Or upload .txt files"), required=False,
        help_text=gettext_lazy("One story per file, UTF-8."),
    )

    def clean_uploads(self) -> list[tuple[str, str]]:
        """``(name, text)`` per upload: names reduced to their base name,
        size capped by ``IMPORT_MAX_UPLOAD_SIZE``, read in chunks, decoded
        strictly (an undecodable file is an error on the form)."""
        limit = newsdesk_settings.IMPORT_MAX_UPLOAD_SIZE
        stories = []
        for upload in self.cleaned_data.get("uploads") or []:
            name = os.path.basename(upload.name or "") or "upload.txt"
            if upload.size > limit:
                raise forms.ValidationError(
                    _("%(name)s is too large (%(size)d bytes; the limit is %(limit)d).")
                    % {"name": name, "size": upload.size, "limit": limit}
                )
            data = b"".join(upload.chunks())
            try:
                stories.append((name, wire.decode(data, name=name)))
            except wire.WireDecodeError as exc:
                raise forms.ValidationError(str(exc)) from None
        return stories

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("text") or "").strip() and not cleaned.get("uploads"):
            raise forms.ValidationError(_("Paste a story or choose at least one file."))
        return cleaned

    def stories(self) -> list[tuple[str, str]]:
        stories = []
        if self.cleaned_data["text"].strip():
            stories.append((PASTED_NAME, self.cleaned_data["text"]))
        stories.extend(self.cleaned_data["uploads"])
        return stories


def _signer_salt(request: HttpRequest) -> str:
    # Bound to the user: one editor's preview cannot be replayed by another.
    return f"newsdesk.admin.import:{request.user.pk}"


def sign_stories(request: HttpRequest, stories: list[tuple[str, str]]) -> str:
    return signing.dumps([list(s) for s in stories], salt=_signer_salt(request), compress=True)


def unsign_stories(request: HttpRequest, value: str) -> list[tuple[str, str]] | None:
    """The signed stories, or ``None`` when the preview has expired.
    Raises ``SuspiciousOperation`` for a value that was tampered with."""
    try:
        data = signing.loads(value, salt=_signer_salt(request), max_age=STATE_MAX_AGE)
    except signing.SignatureExpired:
        return None
    except signing.BadSignature:
        raise SuspiciousOperation("Tampered wire import state") from None
    if not isinstance(data, list) or not all(
        isinstance(item, list) and len(item) == 2 and all(isinstance(v, str) for v in item) for item in data
    ):
        raise SuspiciousOperation("Malformed wire import state")
    return [(name, text) for name, text in data]


def import_view(model_admin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": _("Import wire text"),
        "changelist_url_name": f"admin:{opts.app_label}_{opts.model_name}_changelist",
        "max_upload_size": newsdesk_settings.IMPORT_MAX_UPLOAD_SIZE,
    }
    form = WireImportForm()

    if request.method == "POST" and "state" in request.POST:
        stories = unsign_stories(request, request.POST["state"])
        if stories is None:
            form.add_error(None, _("This preview has expired. Please paste or upload the stories again."))
        else:
            results = list(ingest.import_many(stories, status=Article.Status.DRAFT))
            context["results"] = results
            context["imported"] = [r for r in results if r.status == ingest.IMPORTED]
            return TemplateResponse(request, "admin/newsdesk/article/import_done.html", context)
    elif request.method == "POST":
        form = WireImportForm(request.POST, request.FILES)
        if form.is_valid():
            stories = form.stories()
            results = list(ingest.import_many(stories, status=Article.Status.DRAFT, dry_run=True))
            context["results"] = results
            context["importable"] = sum(r.status == ingest.DRY_RUN for r in results)
            context["state"] = sign_stories(request, stories)
            return TemplateResponse(request, "admin/newsdesk/article/import_preview.html", context)

    context["form"] = form
    return TemplateResponse(request, "admin/newsdesk/article/import_form.html", context)
