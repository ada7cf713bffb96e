"""Where wire texts come from: files, directories and standard input.

Pure Python (no Django): the importer (:mod:`newsdesk.ingest`) and the
``import_wire`` command use these functions, and every bound an import
applies to its inputs lives here, in one place:

* only **regular files** are read.  A FIFO would block for ever and a
  device such as ``/dev/zero`` never ends; both are refused without being
  read (the file is opened non-blocking and checked with ``fstat``, so a
  path swapped between the check and the read cannot slip through);
* at most ``max_size`` bytes are read from any input (the importer passes
  ``IMPORT_MAX_FILE_SIZE``: a file may hold many stories, each then held
  to ``IMPORT_MAX_STORY_SIZE``).  A larger input is refused with its size
  and the setting named, without reading the rest of it, so a 200 MB file
  costs nothing more than its ``stat``;
* a directory that cannot be listed is reported as one failed input named
  by its path, and the rest of the tree is still walked.

Every problem comes back as an :class:`UnreadableInput` *value* in place of
the bytes, never as an exception: one bad input must not stop a run of
thousands.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterable, Iterator
from typing import BinaryIO

#: Read files in pieces this big, so an input that grows while it is read
#: is still cut off at ``max_size``.
_CHUNK = 64 * 1024

#: The settings a refusal names: the bound of one story, and of one input
#: read whole to be split into stories.
STORY_LIMIT = "IMPORT_MAX_STORY_SIZE"
FILE_LIMIT = "IMPORT_MAX_FILE_SIZE"


class UnreadableInput(Exception):
    """An input that was not read: what was wrong, in a sentence an operator
    can act on ("not a regular file (a FIFO)", "3,145,728 bytes, over the
    limit of 2,097,152")."""


def size_of(data: bytes | str) -> int:
    """The size in bytes that the limits count: the bytes themselves, or a
    text's UTF-8 length (lone surrogates counted, not refused)."""
    return len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))


def describe_size(size: int) -> str:
    """``2,097,152 bytes (2.0 MB)``: exact for the log, rounded for people."""
    return f"{size:,} bytes ({size / (1024 * 1024):.1f} MB)"


def too_large(size: int | None, max_size: int, setting: str = STORY_LIMIT) -> UnreadableInput:
    """The refusal for an input over the size limit ``setting`` sets
    (``size`` None when only "more than the limit" is known, as for a stream)."""
    what = describe_size(size) if size is not None else f"more than {describe_size(max_size)}"
    kind = "to be one story" if setting == STORY_LIMIT else "to import"
    return UnreadableInput(f"too large {kind}: {what}, over the limit of {describe_size(max_size)} set by {setting}")


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "something other than a file"


def read_file(path: str, max_size: int, setting: str = FILE_LIMIT) -> bytes | UnreadableInput:
    """The bytes of one regular file of at most ``max_size`` bytes (the
    limit ``setting`` sets), else why not."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return UnreadableInput(f"cannot read the file: {exc.strerror or exc}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return UnreadableInput(f"not a regular file but {_kind(info.st_mode)}; only regular files are imported")
        if info.st_size > max_size:
            return too_large(info.st_size, max_size, setting)
        # Plain os.read(), not Path.read_bytes(): pathlib interns every path
        # part, and the interpreter's table of interned strings only grows,
        # so memory would grow with the number of files.
        chunks: list[bytes] = []
        total = 0
        while total <= max_size:
            chunk = os.read(fd, min(_CHUNK, max_size + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_size:  # it grew while we read it
            return too_large(None, max_size, setting)
        return b"".join(chunks)
    except OSError as exc:
        return UnreadableInput(f"cannot read the file: {exc.strerror or exc}")
    finally:
        os.close(fd)


def read_stream(stream: BinaryIO, max_size: int, setting: str = FILE_LIMIT) -> bytes | UnreadableInput:
    """At most ``max_size`` bytes of a stream (standard input); a longer
    stream is refused after reading one byte past the limit, not to its end."""
    try:
        data = stream.read(max_size + 1)
    except OSError as exc:
        return UnreadableInput(f"cannot read the file: {exc.strerror or exc}")
    if len(data) > max_size:
        return too_large(None, max_size, setting)
    return data


def source_name(path: str, given: str) -> str:
    """The name an input is stored and shown under: ``path`` relative to
    ``given``, the file or directory it was found through, with ``/``
    between its parts.  ``import_wire /data/wires`` names a file
    ``2025/12/story.txt``; a file given itself is named by its file name
    (``/data/wires/story.txt`` → ``story.txt``).  Editors read these names
    in the admin (an article's source, an observed Hijri month start's), so
    they never hold the server's own directories."""
    if path == given:
        name = os.path.basename(os.path.normpath(given)) or given
    else:
        name = os.path.relpath(path, given).replace(os.sep, "/")
    return printable_name(name)


def printable_name(name: str) -> str:
    """``name`` as text every database and terminal takes: the bytes of a
    file name that is not UTF-8 (which Python keeps as surrogates, and which
    nothing can store or print) each become U+FFFD, the replacement character."""
    if name.isascii():
        return name
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return name.encode("utf-8", "replace").decode("utf-8")


def read_files(paths: Iterable[str], max_size: int) -> Iterator[tuple[str, bytes | UnreadableInput]]:
    """``(name, bytes or UnreadableInput)`` for each path, one at a time; the
    name is the file's name (:func:`source_name`), not its path."""
    for path in paths:
        yield source_name(str(path), str(path)), read_file(str(path), max_size)


def walk(directory: str, pattern: str) -> Iterator[tuple[str, UnreadableInput | None]]:
    """Files under ``directory`` (recursively) whose name matches ``pattern``.

    Yields ``(path, None)`` for each file, in name order so that a run is
    repeatable, and ``(path, UnreadableInput)`` for a directory that cannot
    be listed; the walk goes on past it.  Only the names (plain strings) of
    the directories on the current path are held, so memory stays flat
    however many files there are.  Symbolic links to directories are not
    followed (a link loop would never end).
    """
    try:
        names = sorted(os.listdir(directory))
    except OSError as exc:
        yield directory, UnreadableInput(f"cannot list the directory: {exc.strerror or exc}")
        return
    for name in names:
        path = os.path.join(directory, name)
        if os.path.isdir(path) and not os.path.islink(path):
            yield from walk(path, pattern)
        elif fnmatch.fnmatch(name, pattern) and os.path.isfile(path):
            yield path, None
