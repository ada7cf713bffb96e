"""Tiny helpers that build real rows for tests (no mocks)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from newsdesk.models import Article, Caption, WireCredit


def make_article(headline: str = "A headline", **fields) -> Article:
    article = Article(headline=headline, **fields)
    article.full_clean()
    article.save()
    return article


def make_staff(username: str, *perms: str):
    """A staff user holding the given ``newsdesk`` permissions (codenames)."""
    user = get_user_model().objects.create_user(username=username, password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="newsdesk", codename__in=perms)
    )
    return user


def afp() -> WireCredit:
    return WireCredit.objects.get(short_name="AFP")


def make_caption(article: Article, text: str, **fields) -> Caption:
    caption = Caption(article=article, text=text, **fields)
    caption.full_clean()
    caption.save()
    return caption
