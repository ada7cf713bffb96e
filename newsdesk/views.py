"""Reader-facing views: a list of published articles and an article page.

Sites include them with ``path("news/", include("newsdesk.urls"))`` or write
their own; both only read through ``Article.objects.published()``.  The
preview page is the one exception: it shows any article, to staff who may
change articles, and is a 404 for everyone else.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from newsdesk.models import Article


class ArticleListView(ListView):
    template_name = "newsdesk/article_list.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_listing()


class ArticleDetailView(DetailView):
    template_name = "newsdesk/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs.get("slug") != self.object.slug:
            # Old or mistyped slugs redirect to the canonical address.
            return redirect(self.object, permanent=True)
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)


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
