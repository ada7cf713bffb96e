"""newsdesk's background task, on Django's Tasks framework.

``django.tasks`` on Django 6; the ``django-tasks`` backport (``import
django_tasks``) on Django 5.2.  Everything version-specific is imported
here, once, so the rest of newsdesk never asks which Django it runs on.

The task itself is a thin shell: the work, and every promise about it
(exactly once, idempotent, safe to enqueue again), lives in
:func:`newsdesk.background.run_item`.  Its one argument is an item's id, a
plain integer, so it travels through any backend's JSON.
"""

from __future__ import annotations

from typing import Any

try:  # Django 6
    from django.tasks import TaskResultStatus, task, task_backends
    from django.tasks.exceptions import TaskResultDoesNotExist
except ImportError:  # Django 5.2 with the django-tasks backport
    from django_tasks import TaskResultStatus, task, task_backends  # type: ignore[no-redef,assignment]
    from django_tasks.exceptions import TaskResultDoesNotExist  # type: ignore[assignment]

__all__ = ["TaskResultDoesNotExist", "TaskResultStatus", "import_item", "task_backends"]


@task
def import_item(item_id: int) -> dict[str, Any]:
    """Import one story of an :class:`~newsdesk.models.ImportBatch`."""
    from newsdesk.background import run_item  # background enqueues this task: import it late

    return run_item(item_id)
