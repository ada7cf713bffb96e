"""Reader-facing views: a list of published articles, an article page and
the corrections page.

Sites include them with ``path("news/", include("newsdesk.urls"))`` or write
their own; all only read through ``Article.objects.published()``, except
that the address of an article taken down (withdrawn or killed) after
readers saw it answers "410 Gone" with a short notice.  The preview page is
the other exception: it shows any article, to staff who may change
articles, and is a 404 for everyone else.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from newsdesk.models import Article, Correction


class ArticleListView(ListView):
    template_name = "newsdesk/article_list.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_listing()


class ArticleDetailView(DetailView):
    """A published article; "410 Gone" with a notice for one taken down.

    An article readers once saw and that was then withdrawn or killed
    answers 410 with ``withdrawn_template_name``, whatever the slug (a wrong
    slug is not redirected: the canonical one would spell out a killed
    article's headline).  Any other article readers cannot see is a 404,
    the same as for one that never existed.
    """

    template_name = "newsdesk/article_detail.html"
    withdrawn_template_name = "newsdesk/article_withdrawn.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            gone = taken_down_article(self.kwargs.get(self.pk_url_kwarg))
            if gone is None:
                raise
            return self.render_taken_down(gone)
        if kwargs.get("slug") != self.object.slug:
            # Old or mistyped slugs redirect to the canonical address.
            return redirect(self.object, permanent=True)
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)

    def render_taken_down(self, article: Article) -> TemplateResponse:
        """The 410 notice: never indexed, and no structured data."""
        context = {
            "article": article,
            "killed": article.status == Article.Status.KILLED,
            "view": self,
        }
        response = TemplateResponse(self.request, self.withdrawn_template_name, context, status=410)
        response["X-Robots-Tag"] = "noindex"
        return response


def taken_down_article(pk) -> Article | None:
    """The article with ``pk`` if readers once saw it and it was taken down
    since (:meth:`~newsdesk.models.ArticleQuerySet.taken_down`), else None.

    Its publication time must have passed: an article scheduled for later
    and withdrawn before then was never seen, and stays a 404.
    """
    if pk is None:
        return None
    return Article.objects.taken_down().filter(pk=pk, published_at__lte=timezone.now()).first()


class CorrectionListView(ListView):
    """Every correction and clarification of the published articles, newest
    first, 50 a page, each with its article's headline and address.

    Two queries a page whatever its length: the count, then the
    corrections with their articles (a join; only the fields printed).
    """

    template_name = "newsdesk/correction_list.html"
    context_object_name = "corrections"
    paginate_by = 50

    def get_queryset(self):
        return (
            Correction.objects.filter(article__in=Article.objects.published().values("pk"))
            .select_related("article")
            .only(
                "kind",
                "text",
                "published_at",
                "article",
                "article__headline",
                "article__slug",
                "article__language",
            )
            .order_by("-published_at", "-pk")
        )


def can_preview(user) -> bool:
    """Whether ``user`` may see articles readers cannot: active staff with
    the change permission on articles (what the admin's change page needs)."""
    return bool(user.is_staff and user.has_perm("newsdesk.change_article"))


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(DetailView):
    """Any article (draft, ready, scheduled, published, withdrawn) on the
    reader's template, with ``preview`` in the context for a banner.

    Everyone who may not preview gets the same 404 as for a missing article,
    before the article is even looked up: a draft's existence is not revealed.
    The response is private, never stored and never indexed.
    """

    template_name = "newsdesk/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.for_listing()

    def dispatch(self, request, *args, **kwargs):
        if not can_preview(request.user):
            raise Http404
        response = super().dispatch(request, *args, **kwargs)
        patch_cache_control(response, private=True)
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)
