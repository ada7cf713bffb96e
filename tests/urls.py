from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # Django's set_language view, which the example site's language switcher posts to.
    path("i18n/", include("django.conf.urls.i18n")),
    path("news/", include("newsdesk.urls")),
    path("news/feeds/", include("newsdesk.feed_urls")),
    path("", include("newsdesk.sitemap_urls")),
]
