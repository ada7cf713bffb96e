"""Admin for weather widgets: the reading, its age, the last error, and a
*Refresh now* action that runs the same refresh as ``refresh_weather``.

Editors read a failed refresh as a sentence in their language that says
what to do (:data:`EDITOR_MESSAGES`, one per kind of failure); the
technical message, which names settings and HTTP statuses, follows in a
collapsed "Technical detail" line, isolated left-to-right (``<bdi
dir="ltr">``) so its brackets and colons keep their order in the Arabic
admin.  It is also logged by the refresh (:mod:`newsdesk.weather.service`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsdesk.models import WeatherWidget
from newsdesk.weather import base
from newsdesk.weather.registry import PROVIDERS
from newsdesk.weather.service import format_temperatures, is_stale, refresh_widgets

#: What an editor reads for each kind of failure (``WeatherWidget.last_error_kind``).
EDITOR_MESSAGES = {
    base.SETUP: _(
        "The weather could not be refreshed: the weather service is not set up on this site. "
        "Ask your site developer."
    ),
    base.LOCATION: _(
        "The weather could not be refreshed: this widget has no latitude and longitude. "
        "Enter both, then refresh again."
    ),
    base.PROVIDER: _(
        "The weather could not be refreshed: this widget's provider is not available on this site. "
        "Choose another provider, or leave it empty for the site's default."
    ),
    base.UNAVAILABLE: _(
        "The weather could not be refreshed: the weather service did not answer or is busy. "
        "Try again later."
    ),
    base.ANSWER: _(
        "The weather could not be refreshed: the weather service sent an answer that could not be used. "
        "If this goes on, tell your site developer."
    ),
}
#: For an error stored before kinds were recorded, or of a kind not listed.
GENERAL_MESSAGE = _("The weather could not be refreshed. If this goes on, tell your site developer.")


def editor_message(kind: str) -> str:
    return str(EDITOR_MESSAGES.get(kind, GENERAL_MESSAGE))


def technical_detail(error: str) -> SafeString:
    """The developer's message, collapsed, and isolated left-to-right."""
    return format_html(
        '<details class="newsdesk-technical-detail"><summary>{}</summary><bdi dir="ltr">{}</bdi></details>',
        gettext("Technical detail"), error,
    )


def refresh_problem(kind: str, error: str) -> SafeString:
    """The editor's sentence, then the technical detail."""
    return format_html("{} {}", editor_message(kind), technical_detail(error))


class WeatherWidgetForm(forms.ModelForm):
    """Offers the registered providers (``WeatherWidget.provider``'s
    choices); a widget saved earlier with a name no provider has keeps it
    shown, marked unknown, and cannot be saved until one is chosen."""

    class Meta:
        model = WeatherWidget
        fields = "__all__"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("provider")
        current = self.instance.provider
        if isinstance(field, forms.ChoiceField) and current and current not in PROVIDERS:
            label = gettext("%(provider)s (unknown)") % {"provider": current}
            offered = cast(Iterable[tuple[str, str]], field.choices)
            field.choices = [*offered, (current, label)]

    def clean_provider(self) -> str:
        provider = self.cleaned_data.get("provider") or ""
        if provider and provider not in PROVIDERS:
            raise forms.ValidationError(
                gettext(
                    "“%(provider)s” is not a weather provider this site has. "
                    "Choose one from the list, or leave it empty for the site's default."
                ),
                code="unknown_provider",
                params={"provider": provider},
            )
        return provider


@admin.register(WeatherWidget)
class WeatherWidgetAdmin(admin.ModelAdmin):
    form = WeatherWidgetForm
    list_display = [
        "location", "slug", "provider_name", "reading", "observed_at", "fetched_at",
        "status", "active", "order",
    ]
    list_filter = ["active", "provider"]
    list_editable = ["active", "order"]
    search_fields = ["slug", "location"]
    prepopulated_fields = {"slug": ["location"]}
    readonly_fields = ["fetched_at", "last_error_message", "last_error_at"]
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
        (_("Last refresh error"), {"fields": ["last_error_message", "last_error_at"]}),
    ]
    actions = ["refresh_now"]

    @admin.display(description=_("provider"), ordering="provider")
    def provider_name(self, obj: WeatherWidget) -> str:
        """The provider's name; one no provider has is marked unknown."""
        if obj.provider and obj.provider not in PROVIDERS:
            return format_html(
                '<bdi dir="ltr">{}</bdi> <strong>({})</strong>', obj.provider, gettext("unknown")
            )
        return obj.get_provider_display()

    @admin.display(description=_("reading"))
    def reading(self, obj: WeatherWidget) -> str:
        if not obj.has_reading:
            return "—"
        temps = format_temperatures(obj.low, obj.high, obj.unit)
        return f"{obj.description}, {temps}" if temps else obj.description

    @admin.display(description=_("status"))
    def status(self, obj: WeatherWidget) -> str:
        """What an editor needs at a glance: failing, stale, or fine."""
        notes = []
        if not obj.has_reading:
            notes.append(gettext("no reading yet"))
        elif is_stale(obj):
            notes.append(gettext("stale"))
        if obj.last_error:
            return format_html(
                "{} {}", "; ".join([editor_message(obj.last_error_kind), *notes]), technical_detail(obj.last_error)
            )
        return "; ".join(notes) or gettext("ok")

    @admin.display(description=_("last error"))
    def last_error_message(self, obj: WeatherWidget) -> str:
        if not obj.last_error:
            return "—"
        return refresh_problem(obj.last_error_kind, obj.last_error)

    @admin.action(description=_("Refresh now"), permissions=["change"])
    def refresh_now(self, request, queryset) -> None:
        for result in refresh_widgets(queryset):
            if result.ok:
                self.message_user(request, result.summary(), messages.SUCCESS)
            else:
                message = format_html(
                    "<bdi>{}</bdi>: {}", result.widget.slug, refresh_problem(result.kind, result.error)
                )
                self.message_user(request, message, messages.ERROR)
