"""Admin for official Hijri month starts: a list by year with each month's
length, flagging any month that would not last 29 or 30 days.

The site's calendar is rebuilt as soon as a record is saved or deleted
(see :mod:`newsdesk.hijri`), so an editor's correction shows on the next
page view.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from newsdesk.calendars import HIJRI_MONTHS_EN, InvalidMonthStarts
from newsdesk.hijri import recorded_length, rejected_starts, validate_month_start
from newsdesk.models import HijriMonthStart


class HijriMonthStartForm(forms.ModelForm):
    class Meta:
        model = HijriMonthStart
        fields = ["year", "month", "starts_on", "source", "source_name", "note"]
        widgets = {"month": forms.Select(choices=[(i, f"{i} – {n}") for i, n in enumerate(HIJRI_MONTHS_EN, 1)])}

    def clean(self):
        cleaned = super().clean()
        year, month, starts_on = cleaned.get("year"), cleaned.get("month"), cleaned.get("starts_on")
        if year and month and starts_on:
            try:
                validate_month_start(year, month, starts_on, exclude_pk=self.instance.pk)
            except InvalidMonthStarts as exc:
                raise forms.ValidationError(str(exc)) from None
            except ValueError as exc:  # outside the calendar's range
                raise forms.ValidationError(str(exc)) from None
        return cleaned


@admin.register(HijriMonthStart)
class HijriMonthStartAdmin(admin.ModelAdmin):
    form = HijriMonthStartForm
    list_display = ["year", "month_name", "starts_on", "length", "length_ok", "source", "source_name"]
    list_display_links = ["year", "month_name"]
    list_filter = ["year", "source"]
    ordering = ["-year", "month"]
    search_fields = ["source_name", "note"]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description=_("month"), ordering="month")
    def month_name(self, obj: HijriMonthStart) -> str:
        return f"{obj.month} – {HIJRI_MONTHS_EN[obj.month - 1]}" if 1 <= obj.month <= 12 else str(obj.month)

    @admin.display(description=_("length (days)"))
    def length(self, obj: HijriMonthStart) -> int | None:
        return recorded_length(obj)

    @admin.display(description=_("29 or 30 days, and in use"), boolean=True)
    def length_ok(self, obj: HijriMonthStart) -> bool:
        ignored = {(start.year, start.month) for start, _reason in rejected_starts()}
        return recorded_length(obj) in (29, 30) and (obj.year, obj.month) not in ignored
