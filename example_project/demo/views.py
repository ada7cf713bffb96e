"""The demo's own small views."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """``/robots.txt``: crawl everything but the admin; the sitemap index by
    its absolute address, as the robots.txt standard asks."""
    sitemap = request.build_absolute_uri(reverse("newsdesk_sitemap_index"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
