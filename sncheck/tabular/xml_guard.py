"""Refuse document type declarations and entities in a workbook's XML parts before openpyxl parses them.

An .xlsx is a zip of XML parts. An XML part may declare entities in a ``<!DOCTYPE …>`` and use them
(``&a;`` expanding to ``&b;&b;…``): an 18.8 KB workbook expanded to a 1 GB cell (41.8 s, 5.9 GB), and an
external entity can name a local file. Excel never writes a DTD, so any part holding ``<!DOCTYPE`` or
``<!ENTITY`` is refused with a finding, whatever the parser would do with it. This is the first line;
the second is defusedxml (a dependency, which openpyxl uses when it is installed: it forbids entity
declarations in everything openpyxl parses). The parts are streamed in chunks, so the scan costs at most
what the workbook unpacks to, which ``reader.check_unpacked_size`` already bounds.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import BinaryIO

_CHUNK = 1 << 20
# An XML part may be UTF-8 (Excel's) or, legally, UTF-16: look for each spelling of each marker.
_MARKERS = tuple(text.encode(codec) for text in ("<!DOCTYPE", "<!ENTITY")
                 for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_OVERLAP = max(len(m) for m in _MARKERS) - 1


class XmlDeclarationRefused(Exception):
    """A part of the workbook declares a DTD or entities (``part`` names it)."""

    def __init__(self, part: str) -> None:
        super().__init__(part)
        self.part = part


def refuse_xml_declarations(path: Path | BinaryIO) -> None:
    """Raise ``XmlDeclarationRefused`` naming the first part that holds ``<!DOCTYPE`` or ``<!ENTITY``.
    A file that is not a readable zip passes: openpyxl then says what is wrong with it."""
    try:
        archive = zipfile.ZipFile(path)
    except Exception:  # BadZipFile, OSError...: openpyxl reports it in its own words
        return
    with archive:
        for info in archive.infolist():
            if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            try:
                declares = _declares(archive, info)
            except Exception:  # noqa: BLE001 - BadZipFile, zlib.error, EOFError, a bad CRC...: any unreadable part
                continue  # a part that cannot be unpacked cannot be parsed either: openpyxl says so
            if declares:
                raise XmlDeclarationRefused(info.filename)


def _declares(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    tail = b""
    with archive.open(info) as part:
        while True:
            chunk = part.read(_CHUNK)
            if not chunk:
                return False
            window = tail + chunk
            if any(marker in window for marker in _MARKERS):
                return True
            tail = window[-_OVERLAP:]
