"""Admin for weather widgets: the reading, its age, the last error, and a
*Refresh now* action that runs the same refresh as ``refresh_weather``."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from newsdesk.models import WeatherWidget
from newsdesk.weather.service import format_temperatures, is_stale, refresh_widgets


@admin.register(WeatherWidget)
class WeatherWidgetAdmin(admin.ModelAdmin):
    list_display = [
        "location", "slug", "provider", "reading", "observed_at", "fetched_at",
        "status", "active", "order",
    ]
    list_filter = ["active", "provider"]
    list_editable = ["active", "order"]
    search_fields = ["slug", "location"]
    prepopulated_fields = {"slug": ["location"]}
    readonly_fields = ["fetched_at", "last_error", "last_error_at"]
    fieldsets = [
        (None, {"fields": ["slug", "location", "active", "order"]}),
        (_("Where and from whom"), {"fields": ["latitude", "longitude", "provider"]}),
        (
            _("Reading"),
            {
                "fields": ["description", "low", "high", "unit", "observed_at", "fetched_at"],
                "description": _(
                    "Filled in by each refresh; you may also type a reading in by hand."
                ),
            },
        ),
        (_("Last refresh error"), {"fields": ["last_error", "last_error_at"]}),
    ]
    actions = ["refresh_now"]

    @admin.display(description=_("reading"))
    def reading(self, obj: WeatherWidget) -> str:
        if not obj.has_reading:
            return "—"
        temps = format_temperatures(obj.low, obj.high, obj.unit)
        return f"{obj.description}, {temps}" if temps else obj.description

    @admin.display(description=_("status"))
    def status(self, obj: WeatherWidget) -> str:
        """What an editor needs at a glance: failing, stale, or fine."""
        parts = []
        if obj.last_error:
            parts.append(str(_("refresh failed: %(error)s")) % {"error": obj.last_error})
        if not obj.has_reading:
            parts.append(str(_("no reading yet")))
        elif is_stale(obj):
            parts.append(str(_("stale")))
        return "; ".join(parts) or str(_("ok"))

    @admin.action(description=_("Refresh now"), permissions=["change"])
    def refresh_now(self, request, queryset) -> None:
        for result in refresh_widgets(queryset):
            level = messages.SUCCESS if result.ok else messages.ERROR
            self.message_user(request, result.summary(), level)
