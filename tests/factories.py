"""Tiny helpers that build real rows for tests (no mocks)."""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from newsdesk.models import Article, ArticleUpdate, Caption, Correction, WireCredit


def make_article(headline: str = "A headline", **fields) -> Article:
    article = Article(headline=headline, **fields)
    article.full_clean()
    article.save()
    return article


_RECENTLY = object()


def make_published(headline: str = "A headline", published_at=_RECENTLY, **fields) -> Article:
    """A published article, published five minutes ago unless
    ``published_at`` says otherwise (``None``: published with no date)."""
    if published_at is _RECENTLY:
        published_at = timezone.now() - datetime.timedelta(minutes=5)
    return make_article(headline, status=Article.Status.PUBLISHED, published_at=published_at, **fields)


def make_published_stories(count: int, now: datetime.datetime | None = None) -> None:
    """``count`` published AFP stories a minute apart before ``now``, each
    with two tags and a credited caption: the rows query-count tests grow."""
    now = now or timezone.now()
    for n in range(count):
        article = make_published(f"Story {n}", now - datetime.timedelta(minutes=n + 1), credit=afp())
        article.tags.add("Oman", f"tag-{n}")
        make_caption(article, f"Photo {n}", credit=afp())


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


def make_correction(article: Article, text: str = "An earlier version misspelt a name.", **fields) -> Correction:
    """A correction (``kind="clarification"`` for a clarification) of
    ``article``, saved as the admin saves one: the article's ``revised_at``
    moves to its date."""
    correction = Correction(article=article, text=text, **fields)
    correction.full_clean()
    correction.save()
    return correction


def make_embargoed(headline: str, until: datetime.datetime, **fields) -> Article:
    """A published article under embargo until ``until``, published for that
    very moment (what the database's embargo constraint allows)."""
    return make_article(headline, status=Article.Status.PUBLISHED, embargo_until=until, published_at=until, **fields)


_update_numbers = itertools.count(1)


def make_update(article: Article, headline: str | None = None, **fields) -> ArticleUpdate:
    """A pending agency update of ``article`` (its headline unless given),
    with a fingerprint of its own."""
    fields.setdefault("source_hash", f"{next(_update_numbers):064x}")
    update = ArticleUpdate(article=article, headline=article.headline if headline is None else headline, **fields)
    update.full_clean()
    update.save()
    return update
