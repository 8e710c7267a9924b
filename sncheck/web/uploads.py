"""What an officer uploaded, sorted into plans, rosters, a mapping file and a CSV set's side files.

One form takes everything (drag a folder's files onto it): plans (``.yaml/.yml/.json``), roster
workbooks and CSV (``.xlsx/.xlsm/.csv/.tsv``; ``.xls`` gets its PARSE001), a mapping file
(``mapping.yaml``, docs/import.md) and the files its ``files:`` names (``teams.csv``). A YAML file is
the mapping when it has only mapping keys and no ``sncheck/plan@`` marker; it is read with the plan
reader first (``read.document.read_document``), so a hostile "mapping" (100,000-deep, billion laughs) is a
plan with its PARSE001, never a crash. Files named by the mapping's ``files:`` are read with the
roster, not checked on their own (as ``sncheck check roster.csv --mapping m.yaml`` does).

Names: the file's own base name, as the officer's PC named it (``臺中市-111.xlsx`` gives county and
year, ``tabular/file_name.py``); path parts and control characters are dropped, and a name given twice
gets `` (2)``, so a name is a file name of the private temporary folder (``disk_name``) and unique on
the page. Anything else in it (``<script>``) stays, and the page shows it as text.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from sncheck.read.plan_files import PLAN_MARKER
from sncheck.read.limits import Limits
from sncheck.read.source import ProblemError
from sncheck.read.document import read_document
from sncheck.tabular.mapping import MAPPING_KEYS, ImportMapping, MappingError, parse_mapping

MAX_NAME_CHARS = 120
MAX_NAME_BYTES = 240  # a Linux folder takes 255 bytes per name (a Chinese character is 3); room for " (50)"
_UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # control characters; path parts are cut off before
_UNSAFE_ON_WINDOWS = re.compile(r'[<>:"|?*]')


@dataclass(frozen=True)
class Upload:
    """One uploaded file. ``data`` is None when it was over the size limit (not kept; its PARSE001 says so)."""

    name: str
    data: bytes | None
    size: int

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()


@dataclass
class Sorted:
    plans: list[Upload] = field(default_factory=list)  # plans and rosters, in upload order
    mapping: Upload | None = None
    parsed_mapping: ImportMapping | None = None  # ``mapping`` as read here, once for all the rosters
    mapping_error: str = ""  # a mapping file that is wrong: shown on the form, nothing is checked
    side: list[Upload] = field(default_factory=list)  # named by the mapping's files:
    extra_mappings: list[str] = field(default_factory=list)  # a second mapping file is not used: say so


def clean_name(raw: str, index: int) -> str:
    """The base name of an uploaded file, safe on disk and on the page (``file-3`` if nothing is left); at most
    ``MAX_NAME_CHARS`` characters and ``MAX_NAME_BYTES`` UTF-8 bytes, the start (county, year) and suffix kept."""
    base = re.split(r"[\\/]", raw or "")[-1]
    base = _UNSAFE_IN_NAME.sub("_", base).strip(" .")
    if len(base) > MAX_NAME_CHARS or len(base.encode("utf-8")) > MAX_NAME_BYTES:
        stem, suffix = Path(base).stem, Path(base).suffix[:10]
        stem = stem[:MAX_NAME_CHARS - len(suffix)]
        while len((stem + suffix).encode("utf-8")) > MAX_NAME_BYTES:
            stem = stem[:-1]
        base = stem + suffix
    return base or f"file-{index + 1}"


def disk_name(name: str) -> str:
    """The name in the private folder: the upload's own (``<b>.yaml`` is a fine POSIX file name and is shown
    as text on the page), with the characters Windows refuses replaced when the server runs there."""
    import os

    return _UNSAFE_ON_WINDOWS.sub("_", name) if os.name == "nt" else name


def unique_names(names: Iterable[str]) -> Iterator[str]:
    """``a.yaml, a.yaml`` → ``a.yaml, a (2).yaml`` (case-insensitively, as Windows folders are)."""
    seen: set[str] = set()
    for name in names:
        candidate, n = name, 1
        while candidate.lower() in seen:
            n += 1
            candidate = f"{Path(name).stem} ({n}){Path(name).suffix}"
        seen.add(candidate.lower())
        yield candidate


def read_mapping(upload: Upload, limits: Limits) -> ImportMapping | None:
    """The mapping in ``upload`` (``files:`` as bare names: the check puts them in its private folder), or
    None when it is no mapping file.

    Raises ``MappingError`` for a file with only mapping keys that is still wrong (a bad value)."""
    if upload.suffix not in (".yaml", ".yml") or upload.data is None or PLAN_MARKER.encode() in upload.data[:65536]:
        return None
    try:
        data = read_document(upload.name, upload.data, limits).data
    except ProblemError:
        return None  # not readable: checked as a plan, so its PARSE001 is shown
    if not isinstance(data, dict) or not data or not set(data) <= MAPPING_KEYS:
        return None
    return parse_mapping(data, upload.name)


def sort_uploads(uploads: list[Upload], limits: Limits) -> Sorted:
    """Plans and rosters to check, the mapping file and the side files it names."""
    out = Sorted()
    candidates: list[Upload] = []
    named: set[str] = set()
    for upload in uploads:
        try:
            mapping = read_mapping(upload, limits)
        except MappingError as exc:
            out.mapping_error = out.mapping_error or str(exc)
            continue
        if mapping is None:
            candidates.append(upload)
        elif out.mapping is None:
            out.mapping, out.parsed_mapping = upload, mapping
            named = {Path(str(path).replace("\\", "/")).name.lower() for path in mapping.files.values()}
        else:
            out.extra_mappings.append(upload.name)
    for upload in candidates:
        (out.side if upload.name.lower() in named else out.plans).append(upload)
    return out


FOLDER_PREFIX = "sncheck-serve-"


def remove_stale_folders(parent: Path | None = None) -> int:
    """Remove the private folders of servers that were killed mid-check (their rosters, personal data,
    stayed in the temporary folder: a killed process cannot clean up). A folder is stale when the process
    its name carries is gone; only this user's folders are touched. Returns how many were removed."""
    parent = parent or Path(tempfile.gettempdir())
    removed = 0
    for folder in parent.glob(FOLDER_PREFIX + "*-*"):
        pid = folder.name[len(FOLDER_PREFIX):].split("-", 1)[0]
        try:
            if not pid.isdecimal() or folder.is_symlink() or folder.stat().st_uid != os.getuid() \
                    or _alive(int(pid)):
                continue
        except (OSError, AttributeError):  # gone meanwhile; no getuid on Windows
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: another user's live process
        return True
    return True


class PrivateFolder:
    """A temporary folder only this process can read (mode 0700), removed with everything in it on exit.

    Rosters are read from files (openpyxl, the CSV reader, the mapping's ``files:``); they live here
    only while one request reads them."""

    def __init__(self, uploads: Iterable[Upload]) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix=f"{FOLDER_PREFIX}{os.getpid()}-")
        self.path = Path(self._dir.name)
        for upload in uploads:
            if upload.data is not None:
                (self.path / disk_name(upload.name)).write_bytes(upload.data)

    def __enter__(self) -> "PrivateFolder":
        return self

    def __exit__(self, *exc: object) -> None:
        self._dir.cleanup()

    def path_of(self, name: str) -> Path:
        return self.path / disk_name(name)

    def hide(self, text: str) -> str:
        """Text with this folder's path taken out (``/tmp/sncheck-serve-x1/roster.csv`` → ``roster.csv``)."""
        return text.replace(str(self.path) + "/", "").replace(str(self.path), "")
