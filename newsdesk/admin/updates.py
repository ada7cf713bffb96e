"""Agency updates waiting for an editor, in the admin.

When the agency resends a story the article already has and the importer
may not replace its text (the article was edited, published, withdrawn),
the new version waits as a pending :class:`~newsdesk.models.ArticleUpdate`
(:mod:`newsdesk.updates`).  Here:

* the article's change form says so at the top and links to the update's
  **review page** (``<id>/updates/<update id>/``, URL name
  ``newsdesk_article_update``): the agency's marker, why the importer took
  it for a version of this story, and the article as it is beside the
  article as the update would leave it; *Apply* and *Dismiss* call
  :func:`newsdesk.updates.apply_update` and :func:`~newsdesk.updates.dismiss_update`
  (change permission; a user who may only view articles reads the page).
  Applying an update to an article readers see or saw (published,
  withdrawn, killed), and deciding an agency's take-down either way, also
  need the publish permission, here and in the services;
* the article list has an *agency update pending* column (a warning icon
  linking to the newest pending update's review) and filter, both
  subqueries of the list's own query;
* :class:`ArticleUpdateAdmin` lists every update received, read-only.

An editor's *proposal* (the text an editor without the publish permission
wrote for a story readers see or saw, :func:`newsdesk.updates.propose_change`)
is reviewed, applied and dismissed here the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsdesk import permissions, updates
from newsdesk.admin import comparison
from newsdesk.models import Article, ArticleUpdate

URL_NAME = "newsdesk_article_update"


def pending_update_exists() -> Exists:
    """``EXISTS`` (a pending agency update of the outer article)."""
    return Exists(ArticleUpdate.objects.filter(article=OuterRef("pk"), status=ArticleUpdate.Status.PENDING))


def newest_pending_update() -> Subquery:
    """The id of the outer article's newest pending agency update, or ``NULL``."""
    pending = ArticleUpdate.objects.filter(article=OuterRef("pk"), status=ArticleUpdate.Status.PENDING)
    return Subquery(pending.order_by("-received_at", "-pk").values("pk")[:1])


class PendingUpdateFilter(admin.SimpleListFilter):
    title = gettext_lazy("agency update pending")
    parameter_name = "update_pending"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]

    def queryset(self, request, queryset: QuerySet[Article]) -> QuerySet[Article]:
        if self.value() == "yes":
            return queryset.filter(pending_update_exists())
        if self.value() == "no":
            return queryset.filter(~pending_update_exists())
        return queryset


def update_label(update: ArticleUpdate) -> str:
    """How an update is named to editors: its marker ("UPDATE 1"), or
    "update" ("take-down" for an agency's take-down, "proposed change" for
    an editor's proposal)."""
    if update.proposal:
        return _("proposed change")
    return update.version_marker or (_("take-down") if update.takes_down else _("update"))


if TYPE_CHECKING:
    _MixinBase = admin.ModelAdmin
else:
    _MixinBase = object


class UpdateReviewMixin(_MixinBase):
    """The review page and the change form's notice, for :class:`ArticleAdmin`."""

    def update_urls(self) -> list[URLPattern]:
        return [
            path(
                "<path:object_id>/updates/<int:update_id>/",
                self.admin_site.admin_view(self.update_review_view),
                name=URL_NAME,
            ),
        ]

    def pending_updates_context(self, request: HttpRequest, article: Article) -> list[dict]:
        """The pending updates of ``article``, newest first, with their review URLs."""
        return [
            {
                "update": update,
                "label": update_label(update),
                "url": reverse(f"{self.admin_site.name}:{URL_NAME}", args=[quote(article.pk), update.pk]),
            }
            for update in updates.pending_updates(article).order_by("-received_at", "-pk")
        ]

    def update_review_view(self, request: HttpRequest, object_id: str, update_id: int) -> HttpResponse:
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("No article with this id."))
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        update = get_object_or_404(
            ArticleUpdate.objects.select_related("decided_by", "proposed_by"), pk=update_id, article=article
        )
        change_url = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change", args=[quote(article.pk)]
        )
        may_change = self.has_change_permission(request, article)
        may_publish = permissions.may_publish(request.user)
        # Applying to a story readers see or saw, and deciding a take-down
        # either way, are a publisher's decisions (the services check too).
        may_apply = may_change and (may_publish or not updates.needs_publisher(article, update))
        may_dismiss = may_change and (may_publish or not update.takes_down)
        if request.method == "POST":
            if not may_change:
                raise PermissionDenied
            if ("_apply" in request.POST and not may_apply) or ("_dismiss" in request.POST and not may_dismiss):
                raise PermissionDenied
            return self._decide(request, update, change_url)
        captions = list(article.captions.select_related("credit"))
        current = comparison.article_snapshot(article, captions)
        proposed = comparison.update_snapshot(update, article, captions)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": article,
            "update": update,
            "label": update_label(update),
            "similarity_percent": round(update.similarity * 100),
            "title": (
                _("Change proposed to “%(headline)s”")
                if update.proposal
                else _("Agency update %(marker)s of “%(headline)s”")
            )
            % {"marker": update_label(update), "headline": article.headline},
            "comparison": comparison.compare(current, proposed, comparison.UPDATE_FIELDS),
            "change_url": change_url,
            "is_pending": update.status == ArticleUpdate.Status.PENDING,
            "may_decide": may_apply or may_dismiss,
            "may_apply": may_apply,
            "may_dismiss": may_dismiss,
            "publisher_only": may_change and not may_apply,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/newsdesk/article/update_review.html", context)

    def _decide(self, request: HttpRequest, update: ArticleUpdate, change_url: str) -> HttpResponse:
        if "_apply" not in request.POST and "_dismiss" not in request.POST:
            return HttpResponseBadRequest(_("Apply or dismiss the update."))
        label = update_label(update)
        if update.status != ArticleUpdate.Status.PENDING:
            messages.warning(
                request,
                _("The agency update %(marker)s was already decided (%(status)s); nothing was changed.")
                % {"marker": label, "status": update.get_status_display()},
            )
        elif "_apply" in request.POST and update.takes_down:
            updates.apply_update(update, user=request.user)
            update.refresh_from_db(fields=["status"])
            if update.status == ArticleUpdate.Status.SUPERSEDED:
                messages.warning(request, _("The article was already taken down; nothing was changed."))
            else:
                messages.success(request, _("The agency's take-down was applied: the article is withdrawn."))
        elif "_apply" in request.POST and update.proposal:
            updates.apply_update(update, user=request.user)
            messages.success(request, _("The proposed change was applied to the article."))
        elif "_apply" in request.POST:
            updates.apply_update(update, user=request.user)
            messages.success(request, _("The agency update %(marker)s was applied to the article.") % {"marker": label})
        elif update.takes_down:
            updates.dismiss_update(update, user=request.user)
            messages.success(request, _("The agency's take-down was dismissed: the article stays as it is."))
        elif update.proposal:
            updates.dismiss_update(update, user=request.user)
            messages.success(request, _("The proposed change was dismissed: the article keeps its text."))
        else:
            updates.dismiss_update(update, user=request.user)
            messages.success(
                request,
                _("The agency update %(marker)s was dismissed: the article keeps its text.") % {"marker": label},
            )
        return redirect(change_url)


@admin.register(ArticleUpdate)
class ArticleUpdateAdmin(admin.ModelAdmin):
    """Every agency update received, read-only: decided on the article's review page."""

    list_display = ["article_link", "marker", "status", "received_at", "decided_by", "decided_at", "review_link"]
    list_display_links = None
    list_filter = ["status", "takes_down", "proposal", "automatic", "received_at"]
    list_select_related = ["article", "decided_by"]
    search_fields = ["headline", "version_marker", "article__headline", "source_name"]
    date_hierarchy = "received_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("article"), ordering="article__headline")
    def article_link(self, obj: ArticleUpdate) -> str:
        url = reverse(f"{self.admin_site.name}:newsdesk_article_change", args=[quote(obj.article_id)])
        return format_html('<a href="{}">{}</a>', url, obj.article.headline)

    @admin.display(description=gettext_lazy("marker"), ordering="version_marker")
    def marker(self, obj: ArticleUpdate) -> str:
        return update_label(obj)

    @admin.display(description=gettext_lazy("review"))
    def review_link(self, obj: ArticleUpdate) -> str:
        url = reverse(f"{self.admin_site.name}:{URL_NAME}", args=[quote(obj.article_id), obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Review"))
