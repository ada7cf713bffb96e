"""Is a source's location the right sort of address for its kind?

Called by the admin's form (and usable from any other form or a model's
``clean``): a directory of this server for a drop directory,
``ftp://host[:port]/directory`` for FTP, ``http(s)://`` for a feed or a
documents endpoint.  Credentials never go in the address: an address is
shown in lists and logs, the password field is not.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from newsdesk.sources import fetchers
from newsdesk.sources.credentials import env_variable, is_valid_variable_name


def validate_location(kind: str, location: str) -> None:
    """Raise :class:`ValidationError` (code ``location``) if ``location``
    does not suit ``kind``."""
    location = location.strip()
    if kind == fetchers.DIRECTORY:
        _validate_directory(location)
    elif kind == fetchers.FTP:
        _validate_url(location, ("ftp",), _("Enter an ftp://host/directory address."))
    elif kind in (fetchers.FEED, fetchers.DOCUMENTS):
        _validate_url(location, ("http", "https"), _("Enter an http:// or https:// address."))


def _validate_directory(location: str) -> None:
    if "://" in location or not os.path.isabs(location):
        raise ValidationError(_("Enter the full path of a directory on this server, e.g. /srv/wire/incoming."),
                              code="location")
    if not os.path.isdir(location):
        raise ValidationError(_("There is no directory %(path)s on this server."), code="location",
                              params={"path": location})


def _validate_url(location: str, schemes: tuple[str, ...], message: str) -> None:
    parts = urlsplit(location)
    if parts.scheme.lower() not in schemes or not parts.hostname:
        raise ValidationError(message, code="location")
    try:
        parts.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError:
        raise ValidationError(message, code="location") from None
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            _("Put the user name and password in their own fields, not in the address."), code="location"
        )


def validate_password_reference(value: str) -> None:
    """``env:NAME`` must name a possible environment variable."""
    name = env_variable(value)
    if name is not None and not is_valid_variable_name(name):
        raise ValidationError(
            _("After env: write the name of an environment variable, e.g. env:AGENCY_FTP_PASSWORD."),
            code="password",
        )
