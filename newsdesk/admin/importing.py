"""The admin's "Import wire text" page: paste or upload, preview, confirm.

Step 1 (form): the editor pastes text and/or uploads ``.txt`` files, and
picks their encoding.
Step 2 (preview): every story is imported as a dry run (the real import,
rolled back), so the preview shows what will be written; a story the
importer refuses is shown with the reason and is not offered; an agency
item that is no text story (a picture, a video) is shown as skipped, counted
apart.  The texts of the importable stories wait on the server
(:mod:`newsdesk.staging`); the
confirm form carries only a signed token naming them, bound to the editor.
A tampered token is a :class:`~django.core.exceptions.SuspiciousOperation`
(HTTP 400).
Step 3 (confirm): the staged texts are imported for real; the new drafts
are listed with links to their change pages.

The import acts with the editor's authority: an agency's take-down of a
story readers see is applied at once for a user who may publish, and waits
as a pending update for one otherwise (:mod:`newsdesk.permissions`).

What one preview may hold is bounded (``IMPORT_MAX_PREVIEW_STORIES``
stories, counted once files holding several are split, and
``IMPORT_MAX_PREVIEW_SIZE`` bytes in all).  More than that is not refused,
nor imported while the editor waits: it is enqueued as a background import
batch (:func:`newsdesk.background.enqueue_import`, one task per story) and
the editor is sent to the batch's page, which follows it.  An upload over
``IMPORT_MAX_FILE_SIZE``, or pasted text over ``IMPORT_MAX_STORY_SIZE``,
is an error on the form either way; a file of several stories is split,
and a story of it over ``IMPORT_MAX_STORY_SIZE`` fails alone.
All the work is done by :mod:`newsdesk.ingest`, :mod:`newsdesk.background`
and :mod:`newsdesk.staging`; this module only handles forms, permissions
and templates.
"""

from __future__ import annotations

import os

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsdesk import background, furniture, ingest, inputs, permissions, staging
from newsdesk.conf import newsdesk_settings
from newsdesk.models import Article

URL_NAME = "newsdesk_article_import"
PASTED_NAME = "pasted text"

#: The encodings an editor can choose for uploads.  UTF-8 (the default) also
#: reads UTF-16 and UTF-32 files that start with a byte-order mark.
ENCODING_CHOICES = [
    ("utf-8", gettext_lazy("UTF-8 (or UTF-16 with a byte-order mark)")),
    ("cp1256", gettext_lazy("Arabic (Windows-1256)")),
    ("iso-8859-6", gettext_lazy("Arabic (ISO-8859-6)")),
    ("utf-16", gettext_lazy("UTF-16")),
    ("cp1252", gettext_lazy("Western European (Windows-1252)")),
]


def import_urls(model_admin) -> list[URLPattern]:
    """The URL ``ArticleAdmin.get_urls()`` adds: ``<changelist>/import/``.

    The importer commits each batch itself and reports a story as imported
    only once it is committed, so the view is exempt from
    ``ATOMIC_REQUESTS``: inside a request-wide transaction, a rollback at
    the end of the request would undo stories the page says were imported.
    """
    view = model_admin.admin_site.admin_view(lambda request: import_view(model_admin, request))
    return [path("import/", transaction.non_atomic_requests(view), name=URL_NAME)]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


#: What the upload's file picker offers: every format the importer reads by
#: content (plain text, NITF and NewsML XML, ninjs JSON, IPTC 7901 and ANPA
#: streams, saved web pages). Only a hint to the browser: the format is still
#: told by content, whatever a file is called.
UPLOAD_ACCEPT = ",".join((
    ".txt", ".text", ".xml", ".nitf", ".newsml", ".json", ".ninjs", ".html", ".htm", ".tst", ".anpa",
    ".ipt", ".dat", "text/plain", "text/xml", "application/xml", "application/json", "text/html",
))


class MultipleFileField(forms.FileField):
    """A file field that accepts several files (Django's documented recipe)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": UPLOAD_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _too_large(name: str, size: int, limit: int) -> forms.ValidationError:
    return forms.ValidationError(
        _("%(name)s is too large (%(size)s; the limit is %(limit)s).")
        % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
    )


class WireImportForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Paste wire text"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100, "dir": "auto"}),
        help_text=gettext_lazy("One story, as copied from the wire or a web page."),
    )
    uploads = MultipleFileField(
        label=gettext_lazy("Or upload .txt files"), required=False,
        help_text=gettext_lazy("One story per file."),
    )
    encoding = forms.ChoiceField(
        label=gettext_lazy("Encoding of the files"), choices=ENCODING_CHOICES, initial="utf-8", required=False,
        help_text=gettext_lazy(
            "Choose another encoding when a file is refused as not valid UTF-8: "
            "older Arabic files are often Windows-1256."
        ),
    )
    source = forms.CharField(
        label=gettext_lazy("Source (paper)"), required=False, max_length=200,
        help_text=gettext_lazy(
            "The newspaper or feed these stories come from: a known source (in any case) or a new one. "
            "Leave empty to have each page recognised by the furniture lines its paper prints."
        ),
    )

    def clean_source(self) -> str:
        return furniture.clean_source_name(self.cleaned_data.get("source") or "")

    def clean_text(self) -> str:
        text = self.cleaned_data.get("text") or ""
        size = inputs.size_of(text)
        if size > newsdesk_settings.IMPORT_MAX_STORY_SIZE:
            raise _too_large(_("The pasted text"), size, newsdesk_settings.IMPORT_MAX_STORY_SIZE)
        return text

    def clean_uploads(self) -> list:
        """The uploads, each checked against ``IMPORT_MAX_FILE_SIZE`` by its
        size before it is read (a file may hold many stories, each held to
        ``IMPORT_MAX_STORY_SIZE`` once split); decoding waits for the chosen
        encoding."""
        uploads = self.cleaned_data.get("uploads") or []
        limit = max(newsdesk_settings.IMPORT_MAX_FILE_SIZE, newsdesk_settings.IMPORT_MAX_STORY_SIZE)
        for upload in uploads:
            if upload.size > limit:
                raise _too_large(_upload_name(upload), upload.size, limit)
        return uploads

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        text = cleaned.get("text") or ""
        uploads = cleaned.get("uploads") or []
        if not text.strip() and not uploads:
            raise forms.ValidationError(_("Paste a story or choose at least one file."))
        count = bool(text.strip()) + len(uploads)
        total = inputs.size_of(text) + sum(upload.size for upload in uploads)
        # Too much for one preview: imported in the background instead, each
        # file decoded there (an undecodable one fails alone, named).  Files
        # of several stories count by their stories, once split.
        cleaned["enqueue"] = (
            count > newsdesk_settings.IMPORT_MAX_PREVIEW_STORIES or total > newsdesk_settings.IMPORT_MAX_PREVIEW_SIZE
        )
        if not cleaned["enqueue"]:
            cleaned["decoding_warnings"] = []
            cleaned["stories"] = self._decoded_stories(
                text, uploads, cleaned.get("encoding") or "utf-8", cleaned["decoding_warnings"]
            )
            cleaned["enqueue"] = len(cleaned["stories"]) > newsdesk_settings.IMPORT_MAX_PREVIEW_STORIES
        if cleaned["enqueue"]:
            cleaned["inputs"] = self._raw_inputs(text, uploads)
        return cleaned

    def _raw_inputs(self, text: str, uploads: list) -> list[tuple[str, bytes | str]]:
        """``(name, text or bytes)`` per input, for a background import."""
        raw: list[tuple[str, bytes | str]] = [(PASTED_NAME, text)] if text.strip() else []
        raw.extend((_upload_name(upload), b"".join(upload.chunks())) for upload in uploads)
        return raw

    def _decoded_stories(
        self, text: str, uploads: list, encoding: str, warnings: list[str]
    ) -> list[tuple[str, str]]:
        """``(name, text)`` per story: names reduced to their base name,
        uploads read in chunks, decoded strictly and split into their
        stories (``file.xml#2``...), as the importer splits them: the preview
        then has one result per story.  An upload that cannot be read whole
        (an undecodable file, one story over ``IMPORT_MAX_STORY_SIZE``) is an
        error on the form naming it and why; a story of a file that holds
        several goes to the preview even when too large, to be shown failed
        there.  The warnings of decoding are added to ``warnings``."""
        stories = []
        if text.strip():
            stories.extend(ingest.named_stories(PASTED_NAME, text))
        for upload in uploads:
            name = _upload_name(upload)
            try:
                pieces = ingest.input_stories(
                    name, b"".join(upload.chunks()), encoding=encoding,
                    max_size=newsdesk_settings.IMPORT_MAX_STORY_SIZE,
                    max_file_size=max(newsdesk_settings.IMPORT_MAX_FILE_SIZE, newsdesk_settings.IMPORT_MAX_STORY_SIZE),
                )
            except ingest.UnusableInput as exc:
                raise forms.ValidationError(str(exc)) from None
            if pieces:
                warnings.extend(pieces[0].warnings)  # the file's, shared by each of its stories
            stories.extend((piece.name, piece.text) for piece in pieces)
        return stories


def _upload_name(upload) -> str:
    return os.path.basename(upload.name or "") or "upload.txt"


def import_view(model_admin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": _("Import wire text"),
        "changelist_url_name": f"admin:{opts.app_label}_{opts.model_name}_changelist",
        "max_story_size": newsdesk_settings.IMPORT_MAX_STORY_SIZE,
        "max_preview_stories": newsdesk_settings.IMPORT_MAX_PREVIEW_STORIES,
    }
    form = WireImportForm()
    problem = ""

    if request.method == "POST" and "state" in request.POST:
        staged = staging.staged_stories(request.user, request.POST["state"])
        if staged is None:
            problem = _(
                "This preview is no longer available: it was imported already, or it expired. "
                "Please paste or upload the stories again."
            )
        else:
            staged_import, stories = staged
            results = list(
                ingest.import_many(
                    stories, status=Article.Status.DRAFT, may_publish=permissions.may_publish(request.user),
                    alternatives_taken=_alternatives_taken(request), **staging.import_options(staged_import),
                )
            )
            context["results"] = results
            context["imported"] = [r for r in results if r.status == ingest.IMPORTED]
            context["updated"] = [r for r in results if r.status in (ingest.UPDATED, ingest.UPDATE_PENDING)]
            if any(r.status == ingest.FAILED for r in results):
                # Keep the texts: confirming again retries the failed stories
                # (the imported ones come back as duplicates).
                context["state"] = request.POST["state"]
            else:
                staged_import.delete()
            return TemplateResponse(request, "admin/newsdesk/article/import_done.html", context)
    elif request.method == "POST":
        form = WireImportForm(request.POST, request.FILES)
        if form.is_valid() and form.cleaned_data["enqueue"]:
            return _enqueue(request, form)
        if form.is_valid():
            stories = form.cleaned_data["stories"]
            source = form.cleaned_data["source"]
            # Pages of a paper no source knows go to a new source named after this preview.
            new_source_name = _("Admin import %(when)s") % {"when": f"{timezone.localtime():%Y-%m-%d %H:%M}"}
            importer = ingest.WireImporter(
                status=Article.Status.DRAFT, dry_run=True, source=source or None, new_source_name=new_source_name,
                may_publish=permissions.may_publish(request.user),
            )
            results = list(importer.import_many(stories))
            context["results"] = results
            context["not_text"] = sum(r.status == ingest.NOT_TEXT for r in results)
            context["decoding_warnings"] = form.cleaned_data["decoding_warnings"]
            # Only the stories the preview offers to import are staged: one
            # the importer refused (not a story, too large, ...) or found to be
            # a duplicate cannot come back through a replayed confirm.
            importable = [story for story, r in zip(stories, results, strict=True) if r.status == ingest.DRY_RUN]
            context["importable"] = len(importable)
            context["state"] = staging.stage(
                request.user, importable, news_source=source, new_source_name=new_source_name,
                learnt_furniture=importer.furniture.learnt,
            ) if importable else ""
            return TemplateResponse(request, "admin/newsdesk/article/import_preview.html", context)

    context["form"] = form
    context["problem"] = problem
    return TemplateResponse(request, "admin/newsdesk/article/import_form.html", context)


def _alternatives_taken(request: HttpRequest) -> dict[str, list[str]]:
    """The fields whose alternative the editor took in the preview, by story name.

    Each ticked box sends ``field:story name``; only the parser's own
    alternative is ever taken (see :class:`newsdesk.ingest.WireImporter`).
    """
    taken: dict[str, list[str]] = {}
    for value in request.POST.getlist("alternative"):
        field, _, name = value.partition(":")
        if field and name:
            taken.setdefault(name, []).append(field)
    return taken


def _enqueue(request: HttpRequest, form: WireImportForm) -> HttpResponse:
    """Import the form's inputs in the background and send the editor to the batch's page."""
    inputs_ = form.cleaned_data["inputs"]
    batch = background.enqueue_import(
        inputs_,
        status=Article.Status.DRAFT,
        source=form.cleaned_data["source"] or None,
        user=request.user,
        encoding=form.cleaned_data.get("encoding") or "utf-8",
        label=_("Admin import %(when)s") % {"when": f"{timezone.localtime():%Y-%m-%d %H:%M}"},
        may_publish=permissions.may_publish(request.user),
    )
    messages.info(
        request,
        _(
            "%(count)d stories are too many for one preview: they are being imported in the background, "
            "without a preview. This page shows how far the import has come."
        )
        % {"count": batch.total},
    )
    return redirect("admin:newsdesk_importbatch_change", batch.pk)
