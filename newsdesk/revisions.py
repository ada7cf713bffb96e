"""Every save of an article is a revision: django-reversion, set up once.

Why django-reversion rather than django-simple-history: a revision groups an
article *with its inline captions* in one unit (``follow=["captions"]``), so
the history shows, compares and restores the story as the editor saw it,
captions included; simple-history keeps one history table per model and
leaves the grouping to us.  Reversion also brings the admin's history and
restore views (:class:`reversion.admin.VersionAdmin`).

The admin records revisions itself (author: the editor, reason: the
change message).  Code paths outside the admin (the importer, applying an
agency update, withdrawing) open a revision with :func:`revision`, naming the
author or, for an import, "Import from <source>".  Corrections are not
followed: they are a public record, and restoring an older revision must
never delete one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import reversion
from django.apps import apps

#: The reversion app; newsdesk.checks reports it missing from INSTALLED_APPS (E018).
APP = "reversion"


def register_models() -> None:
    """Register articles (following their captions) and captions, once."""
    from newsdesk.models import Article, Caption

    if not reversion.is_registered(Caption):
        reversion.register(Caption)
    if not reversion.is_registered(Article):
        reversion.register(Article, follow=["captions"])


def enabled() -> bool:
    return apps.is_installed(APP)


@contextmanager
def revision(comment: str, *, user=None, atomic: bool = True) -> Iterator[None]:
    """Record the saves inside the block as one revision by ``user`` (or
    nobody: an import), with ``comment`` as its reason.

    Nested in a revision already open (the admin's, say), the comment is
    added to that one instead of opening a second.  Without reversion
    installed this does nothing, so a misconfigured site still saves (the
    system check says what is missing).  ``atomic=False`` is for callers
    already inside their own transaction or savepoint (the importer's
    per-story savepoint), which saves one savepoint per story.
    """
    if not enabled():
        yield
        return
    if reversion.is_active():
        yield
        if comment:
            existing = reversion.get_comment()
            reversion.set_comment(f"{existing}; {comment}" if existing else comment)
        if user is not None and reversion.get_user() is None:
            reversion.set_user(user)
        return
    with reversion.create_revision(atomic=atomic):
        yield
        reversion.set_comment(comment[:1000])
        if user is not None and getattr(user, "pk", None) is not None:
            reversion.set_user(user)


def import_comment(source_name: str) -> str:
    """The reason an import's revision carries: "Import from <source>"."""
    return f"Import from {source_name}" if source_name else "Import"
