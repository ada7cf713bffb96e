"""Admin for articles and their captions: what editors work in all day."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsdesk.admin.editor import ArticleAdminForm, editor_enabled, rich_text_widget
from newsdesk.models import Article, Caption
from newsdesk.views import can_preview

PUBLISH_PERMISSION = "publish_article"
#: Statuses only users with the publish permission may set or leave.
PUBLIC_STATUSES = (Article.Status.PUBLISHED, Article.Status.WITHDRAWN)


class CaptionInline(admin.StackedInline):
    model = Caption
    extra = 0
    autocomplete_fields = ["credit"]
    fields = [("text", "order"), ("credit", "credit_text"), ("image", "alt_text")]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "status", "credit_display", "dateline", "tag_list", "published_at", "created_at"]
    list_display_links = ["headline"]
    list_filter = ["status", "credit", "news_source", "tags", "language", "published_at", "created_at", "page_date"]
    list_select_related = ["credit"]
    search_fields = ["headline", "standfirst", "body", "dateline", "byline", "source_name"]
    date_hierarchy = "created_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["credit", "news_source"]
    inlines = [CaptionInline]
    actions = ["publish_selected", "withdraw_selected"]
    readonly_fields = [
        "published_at", "created_at", "updated_at", "source_name", "source_hash", "page_date", "source_published",
        "source_text",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (
            _("Credits"),
            {"fields": [("dateline", "byline"), ("credit", "credit_text"), "news_source", "tags", "language"]},
        ),
        (_("Publishing"), {"fields": [("status", "publish_at"), "published_at", ("created_at", "updated_at")]}),
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
        """"View on site": the reader's page once readers can see the
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
        # The wire import page (newsdesk.admin.importing), before the
        # catch-all "<path:object_id>/" URL.
        from newsdesk.admin.importing import import_urls

        return import_urls(self) + super().get_urls()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        # Tags are shown in the list: prefetch them so the changelist runs the
        # same number of queries for 10 articles as for 100.
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description=_("credit"), ordering="credit__short_name")
    def credit_display(self, obj: Article) -> str:
        return obj.credit_label

    @admin.display(description=_("tags"))
    def tag_list(self, obj: Article) -> str:
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))

    # --- publishing -----------------------------------------------------

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.{PUBLISH_PERMISSION}")

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status in PUBLIC_STATUSES and not self.has_publish_permission(request):
            # Taking a story down, or bringing a withdrawn one back towards
            # publication, is a publisher's decision: the editor sees the
            # status but cannot change it (a forged POST value is ignored).
            fields.append("status")
        return fields

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
            # a subclass or a forged request did to the form.
            before = Article.objects.filter(pk=obj.pk).values_list("status", flat=True).first() if change else None
            if obj.status != before and (obj.status in PUBLIC_STATUSES or before in PUBLIC_STATUSES):
                raise PermissionDenied
        if "status" in form.changed_data and obj.status == Article.Status.PUBLISHED and obj.published_at is None:
            obj.published_at = obj.publish_at or timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = self._apply_to_each(queryset.exclude(status=Article.Status.PUBLISHED), Article.publish)
        self.message_user(
            request, ngettext("%d article published.", "%d articles published.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Withdraw selected articles"), permissions=["publish"])
    def withdraw_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = self._apply_to_each(queryset.exclude(status=Article.Status.WITHDRAWN), Article.withdraw)
        self.message_user(
            request, ngettext("%d article withdrawn.", "%d articles withdrawn.", count) % count, messages.SUCCESS
        )

    @staticmethod
    def _apply_to_each(queryset: QuerySet[Article], change) -> int:
        """Apply ``change`` to each article and save it validated, one by one
        so that the model's ``save()`` (sanitising, slug) runs for every row."""
        count = 0
        for article in queryset:
            change(article)
            article.full_clean()
            article.save()
            count += 1
        return count
