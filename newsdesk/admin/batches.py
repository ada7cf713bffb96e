"""Background import batches in the admin, read-only.

A batch (:class:`~newsdesk.models.ImportBatch`) is made by ``import_wire
--enqueue``, by an admin upload too large to preview, and by each poll of
an ingest source; its stories are imported by background tasks
(:mod:`newsdesk.background`).  Here an editor follows one:

* the list shows each batch's progress ("412 of 500"), counted by the
  list's own query;
* the batch's page shows the counts per result (one aggregate query) and
  its stories a page at a time (name, result, article, error, warnings),
  so a batch of 5,000 stories costs the same few queries as one of five;
  while the batch runs, the page reloads itself every few seconds.

Nothing here can be added or changed by hand; a batch may be deleted (its
articles stay).  Who may import may follow imports: the permission is the
import page's, adding articles.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsdesk import background
from newsdesk.models import ImportBatch, ImportItem

#: Stories shown per page of a batch.
ITEMS_PER_PAGE = 100
#: Seconds between reloads of a running batch's page.
REFRESH_SECONDS = 5
#: The permission the import page asks for (it adds articles).
IMPORT_PERMISSION = "newsdesk.add_article"


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at", "created_by", "source", "progress", "finished_at"]
    list_select_related = ["created_by", "source"]
    list_filter = ["created_at", "source"]
    search_fields = ["label"]
    date_hierarchy = "created_at"
    fields = ["label", "created_at", "created_by", "source", "total", "finished_at", "options"]
    readonly_fields = ["label", "created_at", "created_by", "source", "total", "finished_at", "options"]
    change_form_template = "admin/newsdesk/importbatch/change_form.html"

    # --- permissions: those of importing ------------------------------------

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(IMPORT_PERMISSION)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(IMPORT_PERMISSION)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(IMPORT_PERMISSION)

    # --- the list --------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[ImportBatch]:
        return (
            super()
            .get_queryset(request)
            .annotate(done_count=Count("items", filter=Q(items__state=ImportItem.State.DONE)))
        )

    @admin.display(description=gettext_lazy("progress"))
    def progress(self, obj: ImportBatch) -> str:
        return _("%(done)s of %(total)s") % {"done": obj.done_count, "total": obj.total}  # type: ignore[attr-defined]

    # --- one batch ---------------------------------------------------------------

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict | None = None
    ):
        extra_context = dict(extra_context or {})
        batch = self.get_object(request, object_id)
        if batch is not None and self.has_view_permission(request, batch):
            extra_context.update(batch_context(request, batch))
        return super().change_view(request, object_id, form_url, extra_context)


def batch_context(request: HttpRequest, batch: ImportBatch) -> dict[str, Any]:
    """The batch page's progress, one page of its stories and the refresh
    interval while it runs.  ``?status=failed`` (any result) shows only the
    stories with that result; ``?page=`` picks the page."""
    progress = background.batch_progress(batch)
    items = (
        ImportItem.objects.filter(batch=batch)
        .select_related("article")
        .defer("text", "article__body", "article__source_text", "article__standfirst")
        .order_by("position")
    )
    status = request.GET.get("status", "")
    if status in background.ITEM_STATUSES:
        items = items.filter(state=ImportItem.State.DONE, status=status)
    elif status == ImportItem.State.QUEUED:
        items = items.filter(state=ImportItem.State.QUEUED)
    else:
        status = ""
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "progress": progress,
        "status_counts": [(name, count) for name, count in progress["statuses"].items() if count],
        "status_filter": status,
        "items_page": page,
        "refresh_seconds": REFRESH_SECONDS if batch.finished_at is None else None,
    }
