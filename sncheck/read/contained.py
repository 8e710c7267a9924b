"""Reading a file that a folder of data names (a rule pack's rule files and data tables) as a regular file
inside that folder, of a bounded size.

A rule pack can come with a pull request (``.sncheck.yaml`` adding ``--rules`` folders): its file names
are untrusted. A data table that is a symbolic link to ``~/.netrc`` or an SSH key would be read and its
contents quoted in an error message in the CI log; a link to ``/dev/zero`` exhausts memory; a FIFO hangs
the run. So a pack's file is read only when, links resolved, it lies inside the pack's folder, is a
regular file (opened without blocking, then checked on the open descriptor, so a FIFO or device is never
read), and holds at most ``max_bytes`` (read at most one byte past it). Links inside the folder to files
inside it stay fine (a pack that shares a table between two names).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_PACK_FILE_BYTES = 2 * 1024 * 1024  # the biggest shipped rule file is 16 kB


class UnsafeFile(Exception):
    """The file is not read; the message (English, for the pack's author) says why, never what it holds."""


def read_inside(folder: Path, path: Path, max_bytes: int = MAX_PACK_FILE_BYTES) -> bytes:
    """The bytes of ``path``, a regular file inside ``folder`` once links are resolved; else ``UnsafeFile``
    (``OSError`` for a file that is simply missing or unreadable)."""
    try:
        root = folder.resolve(strict=True)
        real = path.resolve(strict=True)
    except RuntimeError:  # a loop of links (Python < 3.13)
        raise UnsafeFile("a loop of symbolic links") from None
    if real != root and root not in real.parents:
        raise UnsafeFile("outside the rule pack's folder (a symbolic link or '..' leading out of it); "
                         "a pack reads only its own files")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(real, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile("not a regular file (a FIFO, a device or a folder); a pack reads only regular files")
        if info.st_size > max_bytes:
            raise UnsafeFile(f"{info.st_size:,} bytes, over the limit of {max_bytes:,} bytes for a rule-pack file")
        with os.fdopen(fd, "rb", closefd=False) as stream:
            raw = stream.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(raw) > max_bytes:  # grew since fstat
        raise UnsafeFile(f"over the limit of {max_bytes:,} bytes for a rule-pack file")
    return raw
