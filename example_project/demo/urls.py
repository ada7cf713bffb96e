from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from demo.views import robots_txt

# The demo's admin names the demo, not "Django administration".
admin.site.site_header = "Newsdesk demo"
admin.site.site_title = "Newsdesk demo admin"
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("admin/", admin.site.urls),
    # The language switcher in the page header posts here.
    path("i18n/", include("django.conf.urls.i18n")),
    # Discovery: RSS/Atom feeds, sitemap.xml (with the Google News sitemap)
    # and robots.txt naming it, before the reader pages served at the root.
    path("feeds/", include("newsdesk.feed_urls")),
    path("", include("newsdesk.sitemap_urls")),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("", include("newsdesk.urls")),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
