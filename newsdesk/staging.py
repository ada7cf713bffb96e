"""Stories waiting between the admin import's preview and its confirmation.

The admin's import page previews stories as a dry run, then imports them
for real when the editor confirms.  The texts wait on the server, in
:class:`~newsdesk.models.StagedImport` rows, and the confirm form carries
only the staged import's id, signed and bound to the editor: a form that
carried the texts back would be refused by Django's request size limit
(``DATA_UPLOAD_MAX_MEMORY_SIZE``) for a few large uploads.

Staged imports live :data:`MAX_AGE` seconds.  Expired ones are deleted each
time a new preview is staged, so the table never grows with use; a
confirmed import deletes its own row.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

from django.core import signing
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils import timezone

from newsdesk.models import StagedImport, StagedStory
from newsdesk.wire import storable

#: How long a preview can be confirmed (seconds).
MAX_AGE = 6 * 60 * 60


def _salt(user) -> str:
    # Bound to the user: one editor's preview cannot be confirmed by another.
    return f"newsdesk.staging:{user.pk}"


@transaction.atomic
def stage(
    user, stories: list[tuple[str, str]], *, news_source: str = "", new_source_name: str = "",
    learnt_furniture: Iterable[str] = (),
) -> str:
    """Keep ``(name, text)`` pairs for ``user``; returns the signed token
    the confirm form carries.  Deletes every expired staged import.

    ``news_source`` (the source the editor named, if any),
    ``new_source_name`` (what a source made for pages of an unknown paper is
    called) and ``learnt_furniture`` (the line keys the preview learnt) are
    kept with the stories, so the confirm step reads them exactly as the
    preview did, even when fewer stories are left to import (see
    :func:`import_options`)."""
    StagedImport.objects.filter(created_at__lt=timezone.now() - datetime.timedelta(seconds=MAX_AGE)).delete()
    staged = StagedImport.objects.create(
        user=user, news_source=news_source[:200], new_source_name=new_source_name[:200],
        learnt_furniture="\n".join(sorted(learnt_furniture)),
    )
    # One INSERT per story: a batched INSERT of several megabytes could
    # exceed a MariaDB server's max_allowed_packet.
    for position, (name, text) in enumerate(stories):
        StagedStory.objects.create(staged_import=staged, position=position, name=name[:255], text=storable(text))
    return signing.dumps(str(staged.pk), salt=_salt(user))


def staged_stories(user, token: str) -> tuple[StagedImport, list[tuple[str, str]]] | None:
    """The staged import ``token`` names and its stories, or ``None`` when it
    expired or was confirmed already.  A token that was tampered with, or
    signed for another user, raises :class:`SuspiciousOperation` (HTTP 400)."""
    try:
        value = signing.loads(token, salt=_salt(user), max_age=MAX_AGE)
    except signing.SignatureExpired:
        return None
    except signing.BadSignature:
        raise SuspiciousOperation("Tampered wire import token") from None
    try:
        pk = uuid.UUID(str(value))
    except ValueError:
        raise SuspiciousOperation("Malformed wire import token") from None
    staged = StagedImport.objects.filter(pk=pk, user=user).first()
    if staged is None:
        return None
    return staged, [(story.name, story.text) for story in staged.stories.all()]


def import_options(staged: StagedImport) -> dict[str, Any]:
    """The importer options a staged import is confirmed with: the source
    the editor named, the new source's name and the preview's learnt lines
    (see :class:`newsdesk.ingest.WireImporter`)."""
    return {
        "source": staged.news_source or None,
        "new_source_name": staged.new_source_name,
        "learnt_furniture": [key for key in staged.learnt_furniture.split("\n") if key],
    }
