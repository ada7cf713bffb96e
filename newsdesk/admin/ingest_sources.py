"""Admin for ingest sources: where stories are polled from.

The password is write-only: the form never renders it (not even masked),
an empty field keeps the stored one, and a checkbox clears it; the list,
the history and the change messages name the field at most, never its
value.  *Poll now* runs the same poll as ``poll_sources --force``, and each
source links to the import batches its polls made.

What a source may do to stories readers see is a publisher's decision
(:attr:`IngestSource.may_publish`): only users with the publish permission
choose a status above draft or tick *apply the agency's take-downs at
once*; other users get draft and no box (a forged value is refused or
ignored), and may only look at a source a publisher set up that way,
since changing where it reads from would let them publish through it.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from newsdesk import permissions
from newsdesk.models import Article, IngestSource
from newsdesk.sources.locations import validate_location, validate_password_reference
from newsdesk.sources.polling import PollReport, poll_source

#: Characters of ``last_error`` shown in the list.
ERROR_PREVIEW = 80


class IngestSourceForm(forms.ModelForm):
    password = forms.CharField(
        label=capfirst(IngestSource._meta.get_field("password").verbose_name), required=False, strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Kept for polling and never shown again; leave empty to keep the one stored. "
            "env:NAME reads it from the environment variable NAME of the process that polls."
        ),
    )
    clear_password = forms.BooleanField(label=_("Clear the stored password"), required=False)

    class Meta:
        model = IngestSource
        fields = "__all__"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The stored value is never an initial value: the field is empty on
        # the page, and "left empty" is not a change.
        self.initial["password"] = ""
        if not (self.instance.pk and self.instance.password):
            del self.fields["clear_password"]

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password", "")
        validate_password_reference(password)
        return password

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        kind, location = cleaned.get("kind"), cleaned.get("location")
        if kind and location:
            try:
                validate_location(kind, location)
            except forms.ValidationError as error:
                self.add_error("location", error)
        if cleaned.get("clear_password"):
            cleaned["password"] = ""
        elif not cleaned.get("password") and self.instance.pk:
            cleaned["password"] = self.instance.password  # not yet changed by this form
        return cleaned


@admin.register(IngestSource)
class IngestSourceAdmin(admin.ModelAdmin):
    form = IngestSourceForm
    list_display = ["name", "kind", "enabled", "last_polled_at", "counts", "error_preview", "batches_link"]
    list_filter = ["kind", "enabled", "default_status"]
    search_fields = ["name", "slug", "location"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["poll_now"]
    readonly_fields = (
        "last_polled_at", "last_success_at", "last_error", "last_counts", "http_etag", "http_last_modified",
        "claimed_until", "claimed_by", "created_at",
    )
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "location", "file_pattern", "encoding", "enabled"]}),
        (_("Logging in"), {"fields": ["username", "password", "clear_password"]}),
        (_("Schedule"), {"fields": ["poll_every", "timeout"]}),
        (_("Imported stories"), {"fields": ["default_status", "apply_take_downs", "default_credit", "news_source"]}),
        (_("Last poll"), {"fields": readonly_fields}),
    ]

    def get_fieldsets(self, request: HttpRequest, obj: IngestSource | None = None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.password:  # nothing stored: nothing to clear
            fieldsets = [
                (title, {**options, "fields": [f for f in options["fields"] if f != "clear_password"]})
                for title, options in fieldsets
            ]
        return fieldsets

    # --- what a source may do to stories readers see: a publisher's decision ---

    def has_change_permission(self, request: HttpRequest, obj: IngestSource | None = None) -> bool:
        # A source a publisher let publish or take stories down is theirs:
        # another user changing where it reads from would publish through it.
        if obj is not None and obj.may_publish and not permissions.may_publish(request.user):
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: IngestSource | None = None):
        fields = list(super().get_readonly_fields(request, obj))
        if not permissions.may_publish(request.user):
            fields.append("apply_take_downs")
            if obj is not None and obj.default_status != Article.Status.DRAFT:
                fields.append("default_status")  # a publisher's choice, shown, kept
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not permissions.may_publish(request.user) and "default_status" in form.base_fields:
            field = form.base_fields["default_status"]
            field.choices = [c for c in field.choices if c[0] == Article.Status.DRAFT]
        return form

    def save_model(self, request, obj: IngestSource, form, change: bool) -> None:
        if not permissions.may_publish(request.user):
            # The form already prevents it; this is the last word, against
            # the values stored in the database.
            before = IngestSource.objects.filter(pk=obj.pk).first() if change else None
            status_before = before.default_status if before is not None else Article.Status.DRAFT
            if (
                (before is not None and before.may_publish)
                or obj.default_status not in (Article.Status.DRAFT, status_before)
                or obj.apply_take_downs != (before is not None and before.apply_take_downs)
            ):
                raise PermissionDenied
        super().save_model(request, obj, form, change)

    @admin.display(description=_("last poll"))
    def counts(self, obj: IngestSource) -> str:
        counts = obj.last_counts or {}
        if not counts:
            return "—"
        return gettext("%(new)s new, %(seen)s seen, %(failed)s failed") % {
            "new": counts.get("new", 0), "seen": counts.get("seen", 0), "failed": counts.get("failed", 0),
        }

    @admin.display(description=_("last error"))
    def error_preview(self, obj: IngestSource) -> str:
        return Truncator(obj.last_error).chars(ERROR_PREVIEW) if obj.last_error else ""

    @admin.display(description=_("import batches"))
    def batches_link(self, obj: IngestSource) -> str:
        try:
            url = reverse("admin:newsdesk_importbatch_changelist")
        except NoReverseMatch:  # the batches' admin is not registered on this site
            return ""
        return format_html('<a href="{}?source__id__exact={}">{}</a>', url, obj.pk, gettext("Import batches"))

    @admin.action(description=_("Poll now"), permissions=["change"])
    def poll_now(self, request: HttpRequest, queryset: QuerySet[IngestSource]) -> None:
        for source in queryset.select_related("default_credit", "news_source"):
            report = poll_source(source, force=True)
            level, message = poll_message(report)
            self.message_user(request, message, level)


def poll_message(report: PollReport) -> tuple[int, str]:
    """The admin message for one poll: its level and its sentence."""
    if report.skipped:
        return messages.WARNING, gettext("%(name)s was not polled: another poll of it is running.") % {
            "name": report.name
        }
    if not report.ok:
        return messages.ERROR, gettext("Polling %(name)s failed: %(error)s") % {
            "name": report.name, "error": report.error,
        }
    if report.not_modified:
        return messages.SUCCESS, gettext("%(name)s: nothing new since the last poll.") % {"name": report.name}
    return messages.SUCCESS, ngettext(
        "%(name)s: %(new)d new item imported or queued, %(seen)d seen before.",
        "%(name)s: %(new)d new items imported or queued, %(seen)d seen before.",
        report.new,
    ) % {"name": report.name, "new": report.new, "seen": report.seen}
