"""URLs for the reader-facing views; include them under any prefix."""

from __future__ import annotations

from django.urls import path

from newsdesk.views import ArticleDetailView, ArticleListView

urlpatterns = [
    path("", ArticleListView.as_view(), name="newsdesk_article_list"),
    path("<int:pk>/<str:slug>/", ArticleDetailView.as_view(), name="newsdesk_article"),
]
