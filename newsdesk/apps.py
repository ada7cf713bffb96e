from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsdeskConfig(AppConfig):
    name = "newsdesk"
    verbose_name = _("Newsdesk")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from newsdesk import checks, signals  # noqa: F401  (registers checks and receivers)
        from newsdesk.revisions import register_models

        register_models()
