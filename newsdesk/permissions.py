"""Who may change what readers see: the publish permission, for the data layer.

Publishing, taking a story down and changing a story readers see or saw
are a publisher's decisions (``newsdesk.publish_article``, "Can publish and
withdraw articles").  The admin hides what a user may not do; the services
(:mod:`newsdesk.ingest`, :mod:`newsdesk.updates`) check again, so no other
path (an import, a background task, a script) gets round it.  A service is
told who acts as a ``user`` or, for code acting on nobody's behalf, as an
explicit ``may_publish``: an operator's command says ``True``; a caller that
says nothing has no authority.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from newsdesk.models import Article

#: The permission, as ``User.has_perm()`` reads it.
PUBLISH_PERMISSION = "newsdesk.publish_article"

#: Statuses of an article readers see or saw (its page, or its 410 notice).
PUBLIC_STATUSES = (Article.Status.PUBLISHED, Article.Status.WITHDRAWN, Article.Status.KILLED)


class PublishPermissionRequired(PermissionDenied):
    """Raised by a service asked to change what readers see without the authority to."""


def may_publish(user: Any) -> bool:
    """Whether ``user`` (or ``None``: nobody) holds the publish permission."""
    return user is not None and bool(user.has_perm(PUBLISH_PERMISSION))


def authorised(user: Any = None, may_publish_: bool | None = None) -> bool:
    """The authority a service acts with: ``may_publish_`` when the caller
    says, else the permission of ``user``."""
    return may_publish(user) if may_publish_ is None else may_publish_


def is_public(status: str | None) -> bool:
    """Whether an article with ``status`` is one readers see or saw."""
    return status in PUBLIC_STATUSES
