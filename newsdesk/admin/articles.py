"""Admin for articles, their captions and corrections: what editors work in all day.

Revisions (history, comparison, restore) are in :mod:`newsdesk.admin.history`,
the review of agency updates in :mod:`newsdesk.admin.updates`; this module
holds the form, the list and the publishing actions.

A user without the publish permission does not change a story readers see
or saw (published, withdrawn, killed) through its form: its headline,
standfirst, body, dateline and byline are theirs to edit, and saving keeps
them as a pending proposal (:func:`newsdesk.updates.propose_change`) that
a publisher applies on the update's review page; every other field, the
captions, corrections and tags are shown read-only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from newsdesk import permissions, revisions, updates
from newsdesk.admin.comparison import display_datetime
from newsdesk.admin.editor import ArticleAdminForm, editor_enabled, rich_text_widget
from newsdesk.admin.history import HistoryMixin, model_admin_base
from newsdesk.admin.updates import URL_NAME as UPDATE_URL_NAME
from newsdesk.admin.updates import (
    PendingUpdateFilter,
    UpdateReviewMixin,
    newest_pending_update,
    pending_update_exists,
)
from newsdesk.models import Article, Caption, Correction
from newsdesk.permissions import PUBLIC_STATUSES
from newsdesk.views import can_preview

#: Fields only users with the publish permission may change on an article
#: with a public status (and the notice readers see on a withdrawn one, always).
PUBLISHER_FIELDS = ("status", "embargo_until")

TAKE_DOWN_REASON_REQUIRED = _("Say why the article is taken down: readers see it.")


if TYPE_CHECKING:
    _InlineBase = admin.options.InlineModelAdmin
else:
    _InlineBase = object


class PublicArticleInlineMixin(_InlineBase):
    """An inline that is read-only on a story readers see or saw for a user
    without the publish permission: captions and corrections are printed
    with the story.  Django then ignores the inline's posted rows, forged
    ones included."""

    def _read_only_for(self, request: HttpRequest, obj: Article | None) -> bool:
        return obj is not None and permissions.is_public(obj.status) and not permissions.may_publish(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Article | None) -> bool:  # type: ignore[override]  # as in django-stubs
        return not self._read_only_for(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return not self._read_only_for(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return not self._read_only_for(request, obj) and super().has_delete_permission(request, obj)


class CaptionInline(PublicArticleInlineMixin, admin.StackedInline):
    model = Caption
    extra = 0
    autocomplete_fields = ["credit"]
    fields = [("text", "order"), ("credit", "credit_text"), ("image", "alt_text")]


class CorrectionInline(PublicArticleInlineMixin, admin.TabularInline):
    """Corrections and clarifications printed under the article.  Not part
    of its revisions: restoring an older revision keeps them."""

    model = Correction
    extra = 0
    fields = ["kind", "text", "published_at"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60, "dir": "auto"})},
    }


class ArticleForm(ArticleAdminForm):
    """The article form: a taken-down article needs the notice readers see."""

    def clean(self):
        cleaned_data = super().clean()
        status = cleaned_data.get("status", self.instance.status)
        deciding = "status" in self.changed_data or "withdrawal_reason" in self.changed_data
        if status in Article.TAKEN_DOWN and deciding and "withdrawal_reason" in self.fields:
            if not (cleaned_data.get("withdrawal_reason") or "").strip():
                self.add_error("withdrawal_reason", TAKE_DOWN_REASON_REQUIRED)
        return cleaned_data


class TakeDownForm(forms.Form):
    """The reason asked for by the withdraw and kill actions."""

    reason = forms.CharField(
        label=capfirst(_("withdrawal notice")),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60, "dir": "auto"}),
        help_text=_("Why the article was withdrawn or killed; readers see it at the article's address."),
        error_messages={"required": TAKE_DOWN_REASON_REQUIRED},
    )


if TYPE_CHECKING:
    _ArticleAdminBase = admin.ModelAdmin
else:
    # django-reversion's VersionAdmin, or Django's ModelAdmin without reversion.
    _ArticleAdminBase = model_admin_base()


@admin.register(Article)
class ArticleAdmin(HistoryMixin, UpdateReviewMixin, _ArticleAdminBase):
    form = ArticleForm
    list_display = [
        "headline",
        "status",
        "pending_update",
        "credit_display",
        "dateline",
        "tag_list",
        "published_at",
        "created_at",
    ]
    list_display_links = ["headline"]
    list_filter = [
        "status",
        PendingUpdateFilter,
        "credit",
        "news_source",
        "tags",
        "language",
        "published_at",
        "created_at",
        "page_date",
    ]
    list_select_related = ["credit"]
    search_fields = ["headline", "standfirst", "body", "dateline", "byline", "source_name"]
    date_hierarchy = "created_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["credit", "news_source"]
    inlines = [CaptionInline, CorrectionInline]
    actions = ["publish_selected", "withdraw_selected", "kill_selected"]
    readonly_fields = [
        "published_at",
        "revised_at",
        "withdrawn_at",
        "created_at",
        "updated_at",
        "source_name",
        "source_hash",
        "page_date",
        "source_published",
        "source_text",
    ]
    public_statuses = PUBLIC_STATUSES
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (
            _("Credits"),
            {"fields": [("dateline", "byline"), ("credit", "credit_text"), "news_source", "tags", "language"]},
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    ("status", "publish_at"),
                    "embargo_until",
                    ("published_at", "revised_at"),
                    ("withdrawal_reason", "withdrawn_at"),
                    ("created_at", "updated_at"),
                ]
            },
        ),
        (
            _("Provenance"),
            {
                "classes": ["collapse"],
                "fields": ["source_name", ("page_date", "source_published"), "source_hash", "source_text"],
                "description": _("Where an imported story came from. Kept as received; not editable."),
            },
        ),
    ]

    # Adds the "Import wire text" button (for users who may add articles).
    change_list_template = "admin/newsdesk/article/change_list.html"
    # Adds the notice of a pending agency update.
    change_form_template = "admin/newsdesk/article/change_form.html"

    class Media:
        # A wide headline input; a changelist that fits a 1366 px screen.
        css = {"all": ["newsdesk/admin/article.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The rich-text editor for the body and the standfirst, chosen per
        # request so NEWSDESK["RICH_TEXT_EDITOR"] is read live
        # (newsdesk.admin.editor); plain textareas of HTML otherwise.
        if db_field.name in ("body", "standfirst") and editor_enabled():
            kwargs["widget"] = rich_text_widget(db_field.name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def view_on_site(self, obj: Article) -> str | None:
        """ "View on site": the reader's page once readers can see the
        article, the staff-only preview before (draft, ready, scheduled) and
        after (withdrawn); no link when the site has no newsdesk URLs."""
        if Article.objects.published().filter(pk=obj.pk).exists():
            return obj.get_absolute_url() or None
        return self._preview_url(obj)

    @staticmethod
    def _preview_url(obj: Article) -> str | None:
        try:
            return reverse("newsdesk_article_preview", kwargs={"pk": obj.pk})
        except NoReverseMatch:
            return None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and change:
            # The notice at the top: "The agency sent a new version ...".
            context["newsdesk_pending_updates"] = self.pending_updates_context(request, obj)
            # ... and "Your changes wait for a publisher's review".
            context["newsdesk_changes_are_proposals"] = self.changes_are_proposals(request, obj)
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if (
            isinstance(response, TemplateResponse)
            and isinstance(response.context_data, dict)
            and obj is not None
            and response.context_data.get("absolute_url") == self._preview_url(obj)
            and not can_preview(request.user)
        ):
            # A user who may only view articles would follow the link to the
            # preview's 404: show no link rather than a broken one.
            response.context_data["has_absolute_url"] = False
        return response

    def get_urls(self):
        # The wire import page (newsdesk.admin.importing), the revision
        # comparison (newsdesk.admin.history) and the review of agency
        # updates (newsdesk.admin.updates), before the catch-all
        # "<path:object_id>/" URL.
        from newsdesk.admin.importing import import_urls

        return import_urls(self) + self.history_urls() + self.update_urls() + super().get_urls()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        # Tags are shown in the list: prefetch them so the changelist runs the
        # same number of queries for 10 articles as for 100; whether an
        # agency update is pending is a subquery of the list's own query.
        queryset = super().get_queryset(request).prefetch_related("tags")
        return queryset.annotate(
            has_pending_update=pending_update_exists(), newest_pending_update=newest_pending_update()
        )

    @admin.display(description=_("agency update pending"), ordering="has_pending_update")
    def pending_update(self, obj: Article) -> str:
        """A warning icon linking to the review of the newest pending agency
        update, or nothing: a narrow column (its heading is an icon too)."""
        update_id = getattr(obj, "newest_pending_update", None)
        if update_id is None:
            return ""
        label = gettext("An agency update is waiting for review")
        return format_html(
            '<a href="{}" class="newsdesk-pending-update" title="{}"><img src="{}" alt="{}"></a>',
            reverse(f"{self.admin_site.name}:{UPDATE_URL_NAME}", args=[quote(obj.pk), update_id]),
            label,
            static("admin/img/icon-alert.svg"),
            label,
        )

    @admin.display(description=_("credit"), ordering="credit__short_name")
    def credit_display(self, obj: Article) -> str:
        return obj.credit_label

    @admin.display(description=_("tags"))
    def tag_list(self, obj: Article) -> str:
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))

    # --- publishing -----------------------------------------------------

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return permissions.may_publish(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        # Deleting a story readers see (or whose notice they see) takes it
        # down too: a publisher's decision, for the delete page and for
        # "Delete selected", which asks this of every article selected.
        if obj is not None and obj.status in PUBLIC_STATUSES and not self.has_publish_permission(request):
            return False
        return super().has_delete_permission(request, obj)

    def changes_are_proposals(self, request: HttpRequest, obj: Article) -> bool:
        """Whether ``request.user``'s save of ``obj``'s form is a proposal
        for a publisher rather than a change: a story readers see or saw,
        and a user without the publish permission."""
        return permissions.is_public(obj.status) and not self.has_publish_permission(request)

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and self.changes_are_proposals(request, obj):
            # The text a proposal carries stays editable; all else readers
            # see (the address, credit, language, tags, status...) is shown.
            editable = [
                f.name for f in self.opts.get_fields() if getattr(f, "editable", False) and not f.auto_created
            ]
            return [*fields, *(name for name in editable if name not in updates.PROPOSED_FIELDS + tuple(fields))]
        if not self.has_publish_permission(request):
            # The notice readers see on a withdrawn or killed article is
            # written by whoever takes it down.
            fields.append("withdrawal_reason")
            if obj is not None and obj.status in PUBLIC_STATUSES:
                # Taking a story down, bringing a withdrawn one back towards
                # publication or moving its embargo is a publisher's
                # decision: the editor sees the status and the embargo but
                # cannot change them (a forged POST value is ignored).
                fields.extend(PUBLISHER_FIELDS)
        return fields

    def get_prepopulated_fields(self, request: HttpRequest, obj: Article | None = None):
        if obj is not None and self.changes_are_proposals(request, obj):
            return {}  # the slug is read-only
        return super().get_prepopulated_fields(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # "Save as new" is an add, as Django's own view treats it.
        if request.method == "POST" and object_id is not None and "_saveasnew" not in request.POST:
            article = self.get_object(request, unquote(object_id))
            if article is not None and self.changes_are_proposals(request, article):
                response = self._propose_change(request, article)
                if response is not None:
                    return response
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _propose_change(self, request: HttpRequest, article: Article) -> HttpResponse | None:
        """The save of a public story's form by a user without the publish
        permission: its text kept as a pending proposal, the article
        unchanged, the user taken to the proposal's review page.  ``None``
        when the form has errors: Django's own view shows them (and could
        save nothing: :meth:`save_model` refuses)."""
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        form = self.get_form(request, article, change=True)(request.POST, request.FILES, instance=article)
        if not form.is_valid():
            return None
        text = {name: form.cleaned_data[name] for name in updates.PROPOSED_FIELDS if name in form.cleaned_data}
        proposal = updates.propose_change(article, user=request.user, **text)
        if proposal is None:
            self.message_user(
                request, gettext("The text is unchanged: there is nothing to review."), messages.INFO
            )
            return redirect(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change", quote(article.pk)
            )
        self.message_user(
            request,
            gettext("Your changes to this %(status)s story wait for a publisher's review.")
            % {"status": article.get_status_display()},
            messages.SUCCESS,
        )
        return redirect(f"{self.admin_site.name}:{UPDATE_URL_NAME}", quote(article.pk), proposal.pk)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not self.has_publish_permission(request) and "status" in form.base_fields:
            # Editors without the publish permission move a story between
            # draft and ready, and nothing else.
            field = form.base_fields["status"]
            field.choices = [c for c in field.choices if c[0] in (Article.Status.DRAFT, Article.Status.READY)]
        return form

    def save_model(self, request, obj: Article, form, change: bool) -> None:
        if not self.has_publish_permission(request):
            # The form already prevents it; this is the last word, whatever
            # a subclass or a forged request did to the form: a story readers
            # see or saw changes through a proposal (changeform_view), and
            # no save gives a story such a status.  The row stays locked to
            # the end of the save, so a publisher publishing it meanwhile waits.
            stored = Article.objects.select_for_update().filter(pk=obj.pk)
            before = stored.values_list("status", flat=True).first() if change else None
            if obj.status in PUBLIC_STATUSES or before in PUBLIC_STATUSES:
                raise PermissionDenied
        if "status" in form.changed_data:
            if obj.status == Article.Status.PUBLISHED:
                # Keeps a first publication time; checks the embargo again
                # (the form's validation already said it in words).
                obj.publish(when=obj.publish_at)
            elif obj.status in Article.TAKEN_DOWN:
                obj.withdraw(obj.withdrawal_reason, kill=obj.status == Article.Status.KILLED)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count, embargoed = 0, 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            try:
                article.publish()
            except ValidationError:
                # Under embargo: said by name; the others are still published.
                embargoed += 1
                self.message_user(
                    request,
                    gettext("“%(headline)s” was not published: it is embargoed until %(until)s.")
                    % {"headline": article.headline, "until": display_datetime(article.embargo_until)},
                    messages.WARNING,
                )
                continue
            self._save_in_revision(request, article, "Published")
            count += 1
        if count or not embargoed:
            self.message_user(
                request, ngettext("%d article published.", "%d articles published.", count) % count, messages.SUCCESS
            )

    @admin.action(description=_("Withdraw selected articles"), permissions=["publish"])
    def withdraw_selected(self, request: HttpRequest, queryset: QuerySet[Article]):
        return self._take_down(request, queryset, kill=False)

    @admin.action(description=_("Kill selected articles"), permissions=["publish"])
    def kill_selected(self, request: HttpRequest, queryset: QuerySet[Article]):
        return self._take_down(request, queryset, kill=True)

    def _take_down(self, request: HttpRequest, queryset: QuerySet[Article], *, kill: bool):
        """Withdraw or kill the selected articles after asking why, on a
        confirmation page like Django's "Delete selected" (the reason is
        posted back with the selection and ``apply``).  Withdrawing leaves
        killed articles killed: their headline must not come back."""
        action = "kill_selected" if kill else "withdraw_selected"
        skipped = (Article.Status.KILLED,) if kill else Article.TAKEN_DOWN
        articles = list(queryset.exclude(status__in=skipped))
        if not articles:
            self.message_user(
                request,
                gettext("The selected articles are already killed.")
                if kill
                else gettext("The selected articles are already withdrawn or killed."),
                messages.WARNING,
            )
            return None
        form = TakeDownForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            for article in articles:
                article.withdraw(reason, kill=kill)
                self._save_in_revision(request, article, f"{'Killed' if kill else 'Withdrawn'}: {reason}")
            count = len(articles)
            message = (
                ngettext("%d article killed.", "%d articles killed.", count)
                if kill
                else ngettext("%d article withdrawn.", "%d articles withdrawn.", count)
            )
            self.message_user(request, message % count, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Kill articles") if kill else gettext("Withdraw articles"),
            "kill": kill,
            "action": action,
            "form": form,
            "articles": articles,
            "selected": queryset.values_list("pk", flat=True),
            "skipped": queryset.filter(status__in=skipped),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/newsdesk/article/take_down_confirmation.html", context)

    @staticmethod
    def _save_in_revision(request: HttpRequest, article: Article, comment: str) -> None:
        """Save ``article`` validated, through its ``save()`` (sanitising,
        slug), as a revision of its own by the editor with ``comment``."""
        with revisions.revision(comment, user=request.user):
            article.full_clean()
            article.save()
