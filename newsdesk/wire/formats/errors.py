"""The errors a structured agency document raises when it gives no story."""

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


class NotText(FormatError):
    """A well-formed item that is not a text story: a picture, a video, a
    graphic, audio, statistics.

    Not a fault of the document, nor of the import: agencies send their
    pictures and results tables down the same line as their stories, and a
    drop folder of pictures must not fail a run.  The importer skips such an
    item and counts it apart ("not text"), never as failed.  ``kind`` says
    what the item is ("picture", "video", "statistics", ...); the message
    says it in words ("not text: a NewsML-G2 picture item").  A subclass of
    :class:`FormatError`, so a caller that only asks whether a story came
    out still gets no story.
    """

    def __init__(self, message: str, *, format: str = "", kind: str = "") -> None:
        super().__init__(message, format=format)
        self.kind = kind
