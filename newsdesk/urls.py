"""URLs for the reader-facing views; include them under any prefix."""

from __future__ import annotations

from django.urls import path

from newsdesk.views import ArticleDetailView, ArticleListView, ArticlePreviewView, CorrectionListView

urlpatterns = [
    path("", ArticleListView.as_view(), name="newsdesk_article_list"),
    path("<int:pk>/<str:slug>/", ArticleDetailView.as_view(), name="newsdesk_article"),
    # Every correction and clarification of the published articles, newest first.
    path("corrections/", CorrectionListView.as_view(), name="newsdesk_corrections"),
    # Staff only (a 404 for everyone else): any article, drafts included.
    path("preview/<int:pk>/", ArticlePreviewView.as_view(), name="newsdesk_article_preview"),
]
