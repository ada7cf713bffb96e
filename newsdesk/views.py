"""Reader-facing views: a list of published articles and an article page.

Sites include them with ``path("news/", include("newsdesk.urls"))`` or write
their own; both only read through ``Article.objects.published()``.
"""

from __future__ import annotations

from django.shortcuts import redirect
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
