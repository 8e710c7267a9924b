"""``read_document``: bytes → ``Document``, by the fast path when it can vouch, else the reference readers.

The dispatcher sits above both readers (``read.fastpath``, the compiled parser, and ``read.source``,
the reference PyYAML/json path) so that neither imports the other's caller: the fast path builds on the
reference path's loader, positions and pre-scan, never the other way round.
"""

from __future__ import annotations

from sncheck.read.fastpath import fast_document
from sncheck.read.limits import Limits
from sncheck.read.source import Document, InputProblem, ProblemError, decode, read_json, read_yaml


def read_document(path: str, raw: bytes, limits: Limits | None = None) -> Document:
    """Decode and parse ``raw``; raises ``ProblemError`` for anything unreadable."""
    limits = limits or Limits()
    text = decode(raw, limits)
    if not text.strip():
        raise ProblemError(InputProblem("empty", "檔案是空的", "file is empty", 1, 1))
    if path.lower().endswith(".json"):
        return read_json(path, text, limits)
    # the compiled parser when installed (fast_document returns None when it cannot vouch) → the reference path
    return fast_document(path, text, limits) or read_yaml(path, text, limits)
