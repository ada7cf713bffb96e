"""An article's revisions in the admin: history, comparison, restore.

Built on django-reversion's :class:`~reversion.admin.VersionAdmin` (see
:mod:`newsdesk.revisions` for why reversion):

* the **history** page lists every revision, newest first: when, who (the
  editor, or the import or process that saved it), why (the change
  message or the reason given), and a *Restore* link to reversion's
  revision page, which shows the form as it was and restores it on save;
  two radio buttons per row pick the revisions to compare;
* the **comparison** page (``<id>/history/compare/?from=<version>&to=<version>``,
  URL name ``newsdesk_article_compare``) shows the short fields that
  changed and the standfirst, body and captions side by side, paragraph by
  paragraph (:mod:`newsdesk.admin.comparison`);
* **restoring** a revision of a published, withdrawn or killed article
  (its text, its notice or its status), or one that would give an article
  such a status, needs the publish permission: it changes what readers see
  or saw, all at once;
* **recovering** a deleted article whose last revision was published,
  withdrawn or killed needs it too, and the list of deleted articles shows
  other users only those they may recover.

Without ``"reversion"`` in ``INSTALLED_APPS`` (system check
``newsdesk.E018``) the article admin is a plain ``ModelAdmin``
(:func:`model_admin_base`): Django's own history, and saves still work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from newsdesk import revisions
from newsdesk.admin import comparison
from newsdesk.models import Article

COMPARE_URL_NAME = "newsdesk_article_compare"


def model_admin_base() -> type[admin.ModelAdmin]:
    """django-reversion's ``VersionAdmin`` when reversion is installed, else
    Django's ``ModelAdmin`` (whose every save would fail on reversion's
    missing tables)."""
    if revisions.enabled():
        from reversion.admin import VersionAdmin

        return VersionAdmin
    return admin.ModelAdmin


def article_versions(object_id: str):
    """The reversion ``Version`` rows of the article ``object_id``, newest
    first, with their revision and its author."""
    from reversion.models import Version

    return (
        Version.objects.get_for_object_reference(Article, object_id)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def author(revision) -> str:
    """Who saved ``revision``: the editor's user name (and full name), or,
    for a revision nobody signed (an import, an update applied on import),
    its comment: "Import from wire/a.txt"."""
    user = revision.user
    if user is None:
        return revision.get_comment()
    full_name = user.get_full_name()
    return f"{user.get_username()} ({full_name})" if full_name else user.get_username()


def revision_title(revision) -> str:
    """A revision as a comparison's column heading: "<date>, <author>"."""
    return f"{date_format(timezone.localtime(revision.date_created), 'DATETIME_FORMAT')}, {author(revision)}"


def saved_status(version) -> str | None:
    """The status a stored revision of an article holds, or ``None`` when
    the revision can no longer be read (made by an older version of the
    model): such a revision is treated as public, to be safe."""
    from reversion.errors import RevertError

    try:
        return version.field_dict.get("status")
    except RevertError:
        return None


def _status_label(value: str | None) -> str:
    return str(Article.Status(value).label) if value in Article.Status.values else str(value or "")


if TYPE_CHECKING:
    _MixinBase = admin.ModelAdmin
else:
    _MixinBase = object


class HistoryMixin(_MixinBase):
    """Revision history, comparison and guarded restore for :class:`ArticleAdmin`.

    Mixed in before the base from :func:`model_admin_base`; does nothing of
    its own when reversion is not installed.
    """

    #: Statuses only publishers may set or leave (ArticleAdmin's PUBLIC_STATUSES).
    public_statuses: tuple[str, ...] = ()

    object_history_template = "admin/newsdesk/article/object_history.html"
    history_latest_first = True

    def __init__(self, *args, **kwargs):
        # Register articles (following captions, not corrections) before
        # VersionAdmin registers them its own way from the admin's inlines:
        # the admin is loaded before newsdesk's AppConfig.ready() runs.
        if revisions.enabled():
            revisions.register_models()
        super().__init__(*args, **kwargs)

    def history_urls(self) -> list[URLPattern]:
        if not revisions.enabled():
            return []
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=COMPARE_URL_NAME,
            ),
        ]

    # --- history ---------------------------------------------------------

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        if not revisions.enabled():
            return super().history_view(request, object_id, extra_context)
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        object_id = unquote(object_id)
        may_restore = self.has_change_permission(request)
        rows = [
            {
                "version": version,
                "revision": version.revision,
                "author": author(version.revision),
                "signed": version.revision.user_id is not None,
                "reason": version.revision.get_comment(),
                "restore_url": reverse(
                    f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_revision",
                    args=[quote(version.object_id), version.pk],
                )
                if may_restore
                else "",
            }
            for version in article_versions(object_id)
        ]
        context = {
            "revision_rows": rows,
            "compare_url": reverse(f"{self.admin_site.name}:{COMPARE_URL_NAME}", args=[quote(object_id)]),
            **(extra_context or {}),
        }
        # Django's own history page (object, permission on it, breadcrumbs),
        # not reversion's, whose list of revisions this replaces.
        return admin.ModelAdmin.history_view(self, request, quote(object_id), context)

    def compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        object_id = unquote(object_id)
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404(_("No article with this id."))
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        try:
            wanted = {int(request.GET["from"]), int(request.GET["to"])}
        except (KeyError, ValueError):
            messages.error(request, _("Choose two revisions to compare."))
            return redirect(self._history_url(object_id))
        versions = sorted(article_versions(object_id).filter(pk__in=wanted), key=lambda v: v.pk)
        if len(versions) != len(wanted):
            raise Http404(_("No such revision of this article."))
        older, newer = versions[0], versions[-1]
        old, new = comparison.version_snapshots([older, newer], article.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": article,
            "title": _("Compare revisions of “%(headline)s”") % {"headline": article.headline},
            "older": older,
            "newer": newer,
            "old_title": revision_title(older.revision),
            "new_title": revision_title(newer.revision),
            "comparison": comparison.compare(old, new, comparison.REVISION_FIELDS, only_changed=True),
            "history_url": self._history_url(object_id),
            "may_restore": self.has_change_permission(request, article),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/newsdesk/article/compare.html", context)

    def _history_url(self, object_id: str) -> str:
        return reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_history", args=[quote(object_id)]
        )

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return False  # ArticleAdmin says who may

    # --- restore -----------------------------------------------------------

    def revision_view(self, request: HttpRequest, object_id: str, version_id: str, extra_context=None):
        """Reversion's restore page, for this article's own versions only,
        and refused without the publish permission when the article or the
        revision has a public status: restoring would change what readers
        see or saw (the status, or the text and notice of a story that is
        out or was)."""
        version = article_versions(unquote(object_id)).filter(pk=version_id).first()
        if version is None:
            raise Http404(_("No such revision of this article."))
        if not self.has_publish_permission(request):
            current = Article.objects.filter(pk=unquote(object_id)).values_list("status", flat=True).first()
            restored = version.field_dict.get("status")
            if restored != current and (restored in self.public_statuses or current in self.public_statuses):
                messages.error(
                    request,
                    _(
                        "Restoring this revision would change the article's status from “%(current)s” "
                        "to “%(restored)s”: only users who may publish articles can do that."
                    )
                    % {"current": _status_label(current), "restored": _status_label(restored)},
                )
                return redirect(self._history_url(object_id))
            if current in self.public_statuses:
                messages.error(
                    request,
                    _(
                        "This article is %(current)s: restoring a revision of it changes what readers see or saw, "
                        "and only users who may publish articles can do that."
                    )
                    % {"current": _status_label(current)},
                )
                return redirect(self._history_url(object_id))
        return super().revision_view(request, object_id, version_id, extra_context)  # type: ignore[misc]  # VersionAdmin's

    def recover_view(self, request: HttpRequest, version_id: str, extra_context=None):
        """Reversion's page recovering a deleted article, refused without the
        publish permission when the article was published, withdrawn or
        killed: recovering it puts it back before readers (or its notice)."""
        from reversion.models import Version

        version = Version.objects.get_deleted(Article).filter(pk=version_id).first()
        if version is None:
            raise Http404(_("No such deleted article."))
        saved = saved_status(version)
        if (saved is None or saved in self.public_statuses) and not self.has_publish_permission(request):
            messages.error(
                request,
                _(
                    "This article was %(status)s when it was deleted: recovering it changes what readers see, "
                    "and only users who may publish articles can do that."
                )
                % {"status": _status_label(saved)},
            )
            return redirect(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_recoverlist")
        return super().recover_view(request, version_id, extra_context)  # type: ignore[misc]  # VersionAdmin's

    def recoverlist_view(self, request: HttpRequest, extra_context=None):
        """Reversion's list of deleted articles; a user without the publish
        permission sees only those they may recover (not published,
        withdrawn or killed when deleted)."""
        if not self.has_publish_permission(request):
            from reversion.models import Version

            deleted = Version.objects.get_deleted(Article).select_related("revision").order_by("-pk")
            extra_context = {
                **(extra_context or {}),
                "deleted": [v for v in deleted if saved_status(v) not in (None, *self.public_statuses)],
            }
        return super().recoverlist_view(request, extra_context)  # type: ignore[misc]  # VersionAdmin's

    # --- changelist ----------------------------------------------------------

    def changelist_view(self, request: HttpRequest, extra_context=None):
        if not revisions.enabled() or self.list_editable:
            return super().changelist_view(request, extra_context)
        # VersionAdmin would open one revision around the whole changelist,
        # so an action changing ten articles would save one revision of all
        # ten, and restoring it for one article would revert the other nine.
        # The actions open one revision per article themselves.
        context = {"has_change_permission": self.has_change_permission(request), **(extra_context or {})}
        return admin.ModelAdmin.changelist_view(self, request, context)
