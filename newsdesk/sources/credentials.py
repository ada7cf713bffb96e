"""The password a source logs in with: typed in, or named in the environment.

``IngestSource.password`` holds either the password itself (stored in the
database as typed: anyone who can read the database can read it) or
``env:NAME``, the name of an environment variable of the process that
polls, read at each poll and never stored.  No Django imports here.
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote

#: How a password field names an environment variable.
ENV_PREFIX = "env:"

#: What a password is replaced with in a message.
REDACTED = "********"

_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class MissingSecret(Exception):
    """The environment variable a source's password names is not set."""


def env_variable(value: str) -> str | None:
    """The variable name in ``env:NAME`` (``None`` for a plain password)."""
    if value.startswith(ENV_PREFIX):
        return value[len(ENV_PREFIX):].strip()
    return None


def is_valid_variable_name(name: str) -> bool:
    return bool(_VARIABLE_NAME.match(name))


def resolve_password(value: str, environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """The password to log in with: ``value`` itself, or the value of the
    environment variable it names as ``env:NAME``."""
    name = env_variable(value)
    if name is None:
        return value
    found = (os.environ if environ is None else environ).get(name)
    if found is None:
        raise MissingSecret(f"the environment variable {name} named for the password is not set")
    return found


def redact(text: str, *secrets: str) -> str:
    """``text`` with each secret replaced by :data:`REDACTED`, in any
    letter case and percent-encoded too: a server's reply may echo the
    password, changed or not, and such replies end up in messages shown to
    editors, printed by commands and logged."""
    for secret in secrets:
        if not secret:
            continue
        for form in {secret, quote(secret, safe="")}:
            text = re.sub(re.escape(form), REDACTED, text, flags=re.IGNORECASE)
    return text
