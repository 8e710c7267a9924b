"""Replacing a file's contents without ever losing them.

The new bytes go to a temporary file in the same folder (same file system, so
the final rename is atomic), are flushed to disk, get the original's
permission bits, owner and group (when the process may set them: ``fix`` run as root must not hand a
county's file to root) and extended attributes (Linux), and only then replace the original with
``os.replace``. Just
before the rename the file is read again: if it no longer holds the bytes the
fix was computed from (someone saved it meanwhile), it is left alone and
``ChangedOnDisk`` is raised. A symlink is followed: its target is rewritten,
the link stays a link. A read-only file is not replaced (``PermissionError``).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


class ChangedOnDisk(Exception):
    """The file changed after it was read; it was not overwritten."""


def current_bytes(path: Path) -> bytes:
    """What the file holds now (a seam for tests that simulate a concurrent save)."""
    return path.read_bytes()


def replace_if_unchanged(path: Path | str, original: bytes, new: bytes) -> None:
    """Atomically write ``new`` to ``path`` if it still holds ``original``; else raise ``ChangedOnDisk``."""
    target = Path(os.path.realpath(path))
    info = target.stat()
    mode = stat.S_IMODE(info.st_mode)
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        # a rename would bypass the protection; honour it even when running as root
        raise PermissionError(13, "the file is read-only", str(path))
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".sncheck-tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(new)
            handle.flush()
            os.fsync(handle.fileno())
        _keep_owner_and_attributes(target, info, tmp)
        os.chmod(tmp, mode)
        if current_bytes(target) != original:
            raise ChangedOnDisk(str(path))
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _keep_owner_and_attributes(target: Path, info: os.stat_result, tmp: Path) -> None:
    """The new file gets the original's owner and group and its extended attributes, as far as this
    process may set them (an ordinary user cannot give a file away: the temporary file is already theirs)."""
    if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.stat(tmp).st_uid, os.stat(tmp).st_gid):
        try:
            os.chown(tmp, info.st_uid, info.st_gid)
        except OSError:
            pass
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(target)
    except OSError:  # a file system without extended attributes
        return
    for name in names:
        try:
            os.setxattr(tmp, name, os.getxattr(target, name))
        except OSError:  # e.g. a security.* attribute this process may not set
            pass
