from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

# The demo's admin names the demo, not "Django administration".
admin.site.site_header = "Newsdesk demo"
admin.site.site_title = "Newsdesk demo admin"
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("newsdesk.urls")),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
