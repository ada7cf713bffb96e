"""Admin for news sources and the furniture lines learnt from their pages.

Editors correct the importer here: untick *is furniture* on a line that is
really story text (it is then kept in the body of that source's pages and
never learnt again), delete a line to have it learnt afresh, rename a
source the importer named after a folder or an admin import.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from newsdesk.models import Article, FurnitureLine, NewsSource


def _count_of(model, field: str) -> Coalesce:
    """How many ``model`` rows point at the source through ``field``, as a
    correlated subquery: two joined ``Count()`` annotations would multiply
    the lines by the articles."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


class FurnitureLineInline(admin.TabularInline):
    model = FurnitureLine
    extra = 0
    fields = ["text", "stories_seen", "is_furniture"]
    readonly_fields = ["text", "stories_seen"]
    ordering = ["-is_furniture", "-stories_seen", "text"]
    verbose_name = _("learnt furniture line")
    verbose_name_plural = _("learnt furniture lines")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        # Lines are learnt from pages, each under its key; none is typed in.
        return False


@admin.register(NewsSource)
class NewsSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "line_count", "article_count", "created_at", "updated_at"]
    search_fields = ["name", "furniture_lines__text"]
    fields = ["name", "notes", ("created_at", "updated_at")]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [FurnitureLineInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[NewsSource]:
        return super().get_queryset(request).annotate(
            _line_count=_count_of(FurnitureLine, "source"),
            _article_count=_count_of(Article, "news_source"),
        )

    @admin.display(description=_("furniture lines"), ordering="_line_count")
    def line_count(self, obj: NewsSource) -> int:
        return obj._line_count  # type: ignore[attr-defined]  # annotated in get_queryset

    @admin.display(description=_("articles"), ordering="_article_count")
    def article_count(self, obj: NewsSource) -> int:
        return obj._article_count  # type: ignore[attr-defined]  # annotated in get_queryset
