"""Values made to fit the columns that store them, before an imported story is saved.

Agency copy does not know our columns: a ninjs ``copyrightholder`` of 150
characters, a byline listing ten reporters, a guid of 400.  Refusing the
whole story for one such value loses the story; so each text value longer
than its model field's ``max_length`` is cut to it, and the warning says
which field and by how much.  NUL characters, which PostgreSQL refuses in
text and which print as nothing, are dropped from every text value.

The rule is read from the model's own fields (``max_length``), never from
a list kept here, so a field added or widened later is handled as it is.
"""

from __future__ import annotations

from django.db import models

NUL = "\x00"


def fit(instance: models.Model) -> list[str]:
    """Make ``instance``'s text values storable, in place; one warning per change.

    Every ``CharField`` and ``TextField`` holding a string: NUL characters
    dropped, then the value cut to ``max_length`` (when the field has one).
    """
    opts = instance._meta
    warnings: list[str] = []
    had_nul: list[str] = []
    for field in opts.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)):
            continue
        value = getattr(instance, field.attname)
        if not isinstance(value, str):
            continue
        if NUL in value:
            value = value.replace(NUL, "")
            had_nul.append(str(field.verbose_name))
        limit = field.max_length
        if limit is not None and len(value) > limit:
            warnings.append(
                f"The {opts.verbose_name}'s {field.verbose_name} was {len(value)} characters, more than the "
                f"{limit} it can hold: only its first {limit} were kept."
            )
            value = value[:limit]
        setattr(instance, field.attname, value)
    if had_nul:
        warnings.append(
            f"NUL characters, which print as nothing and which databases refuse, were dropped from the "
            f"{opts.verbose_name}'s {', '.join(had_nul)}."
        )
    return warnings
