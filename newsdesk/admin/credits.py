"""Admin for wire credits (agencies); searchable so article forms can autocomplete them."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count

from newsdesk.models import WireCredit


@admin.register(WireCredit)
class WireCreditAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "kind", "active", "article_count"]
    list_filter = ["kind", "active"]
    search_fields = ["short_name", "name", "aliases"]
    fields = ["short_name", "name", "aliases", "kind", "website", "active"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_article_count=Count("articles"))

    @admin.display(description="articles", ordering="_article_count")
    def article_count(self, obj: WireCredit) -> int:
        return obj._article_count  # type: ignore[attr-defined]  # annotated in get_queryset
