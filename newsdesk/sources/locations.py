"""Is a source's location the right sort of address for its kind?

Called by the admin's form (and usable from any other form or a model's
``clean``): a directory of this server for a drop directory,
``ftp://host[:port]/directory`` for FTP, ``http(s)://`` for a feed or a
documents endpoint.  Credentials never go in the address: an address is
shown in lists and logs, the password field is not.

What the site allows is checked here too, so an editor hears it when
saving: a drop directory only inside ``SOURCE_DIRECTORY_ROOTS``, a host
only at public addresses unless ``SOURCE_ALLOW_PRIVATE_ADDRESSES``.  The
poller checks both again at each poll (the settings may have changed since,
and a name may resolve elsewhere by then).  Messages name what the editor
typed and nothing else of this server: not the allowed folders, not
whether a directory outside them exists, not the address a name resolves
to.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from newsdesk.conf import newsdesk_settings
from newsdesk.sources import addresses, fetchers
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
    roots = [os.fspath(root) for root in newsdesk_settings.SOURCE_DIRECTORY_ROOTS]
    if not roots:
        raise ValidationError(
            _("This site allows no drop directories: its administrator lists the folders they may be in "
              "in the SOURCE_DIRECTORY_ROOTS setting."),
            code="location",
        )
    # Before the existence check: whether a directory outside the allowed
    # folders exists is none of the editor's business.
    if not fetchers.inside_roots(location, roots):
        raise ValidationError(
            _("%(path)s is not in a folder this site allows for drop directories; ask its administrator "
              "which folders the SOURCE_DIRECTORY_ROOTS setting lists."),
            code="location", params={"path": location},
        )
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
    default_port = {"ftp": 21, "http": 80, "https": 443}[parts.scheme.lower()]
    try:
        addresses.check_host(
            parts.hostname, parts.port or default_port,
            allow_private=bool(newsdesk_settings.SOURCE_ALLOW_PRIVATE_ADDRESSES),
        )
    except addresses.AddressRefused:
        raise ValidationError(
            _("%(host)s is a loopback, private or otherwise non-public address: sources may only reach "
              "public addresses on this site (SOURCE_ALLOW_PRIVATE_ADDRESSES)."),
            code="location", params={"host": parts.hostname},
        ) from None
    except UnicodeError:
        raise ValidationError(message, code="location") from None


def validate_password_reference(value: str) -> None:
    """``env:NAME`` must name a possible environment variable."""
    name = env_variable(value)
    if name is not None and not is_valid_variable_name(name):
        raise ValidationError(
            _("After env: write the name of an environment variable, e.g. env:AGENCY_FTP_PASSWORD."),
            code="password",
        )
