"""The one error a structured agency document raises when it cannot be read."""

from __future__ import annotations


class FormatError(ValueError):
    """A structured agency document (NITF, NewsML-G2, ninjs) that cannot be read.

    The message names the format and the problem in an editor's words ("not
    a well-formed NITF document: line 3, column 8: mismatched tag");
    ``format`` is the format's name as :func:`~newsdesk.wire.detect_format`
    gives it.  The importer fails that one story with the message and goes
    on with the rest.
    """

    def __init__(self, message: str, *, format: str = "") -> None:
        super().__init__(message)
        self.format = format
