"""The fast path: compiled YAML parsing and schema validation, identical in result to the reference path.

The reference path (PyYAML node tree + ``jsonschema``) builds every object in
Python; for a central reviewer's hundreds of plans that is most of the time.
Here ``yaml_rs`` (Rust) parses and ``jsonschema_rs`` (Rust) says valid or
invalid. Both are optional: without them, or with ``SNCHECK_FAST=0`` in the
environment, everything goes the reference way.

Identical findings are the contract, so the fast path only answers when it is
sure the reference path would produce the very same data, and otherwise
returns ``None`` and the caller takes the reference path:

* YAML 1.1 (PyYAML) and YAML 1.2 (yaml_rs) read some plain scalars
  differently (``yes``, ``010``, ``1e3``, ``1:30``, ``.inf``, timestamps with a
  time). A one-pass regex over the text refuses numbers of the risky shapes,
  tags, anchors, aliases, merge keys, complex keys and extra documents; every
  string the parser returns is checked against PyYAML's own implicit
  resolvers (a string PyYAML would have read as a bool, number or null if it
  was unquoted is ambiguous, so: reference path). Plain ISO dates are fine:
  both paths give the same ``YYYY-MM-DD`` text.
* Any parse error, duplicate key, non-text key, nesting or size beyond the
  limits: reference path, which owns all PARSE001 messages.
* Schema: a valid plan needs no messages; an invalid one is validated again
  by ``jsonschema``, which writes the detailed SCHEMA001 messages.

Positions are looked up only for items with findings (``Document.position``),
by scanning the text's block structure (``BlockLocator``); a file written in a
style the scanner does not follow (multi-line flow collections, quoted keys...)
is composed by PyYAML once, on the first lookup, exactly as the reference path.
"""

from __future__ import annotations

import os
import re
from datetime import date
from functools import lru_cache
from typing import Any, Callable

from .limits import Limits

ENABLED = os.environ.get("SNCHECK_FAST", "1") != "0"

Position = tuple[int | None, int | None]

# Plain-scalar shapes that YAML 1.1 and 1.2 read differently (leading zeros, 0o/0b/0x, underscores,
# exponents, .inf/.nan), and syntax the reference path must judge. Cheap `in` tests guard the rarer ones.
_RISKY_NUMBER = re.compile(r"[ \t\[{,\n][-+]?(?:0[0-9_oObBxX]|[0-9][0-9_.]*[eE_]|\.[iInN])")
_RISKY_CHARS = ("!", "&", "*", "<<", "?", "=", "%", "\t", "\x85", "\u2028", "\u2029", "\ufeff", "\n---", "\n...")
_RISKY_SYNTAX = re.compile(  # tags, anchors, aliases, merge and complex keys, '=', directives, document markers
    r"(?:^|[\s\[\{,])(?:[!&*]|<<|\?(?:\s|$)|=(?:[\s,\]\}]|$))|^(?:%|---|\.\.\.)|[\t\x85\u2028\u2029\ufeff]", re.M)
_LEADING_DOC_START = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\r?\n)*---[ \t]*(?:#[^\n]*)?\r?\n")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


@lru_cache(maxsize=1)
def _libraries() -> tuple[Any, Any] | None:
    if not ENABLED:
        return None
    try:
        import yaml_rs
    except ImportError:
        return None
    return yaml_rs, yaml_rs.DuplicateKeyPolicy.Error


@lru_cache(maxsize=1)
def _pyyaml_resolvers() -> dict[str, list[Any]]:
    """PyYAML's own implicit resolvers (first character → [(tag, regex)]), minus plain strings."""
    from yaml.resolver import Resolver

    return {ch: [(tag, rx) for tag, rx in items] for ch, items in Resolver.yaml_implicit_resolvers.items()}


@lru_cache(maxsize=65536)
def _ambiguous_string(value: str) -> bool:
    """Would PyYAML have read this text as something other than this string, had it been unquoted?"""
    if not value:
        return False
    for tag, regex in _pyyaml_resolvers().get(value[0], ()):
        if regex.match(value):
            if tag == "tag:yaml.org,2002:timestamp" and _ISO_DATE.match(value):
                try:
                    date.fromisoformat(value)
                    return False  # the reference path turns the date back into this very text
                except ValueError:
                    return True
            return True
    return False


def read_yaml(text: str, limits: Limits) -> Any | None:
    """The plan data, or ``None`` when the reference path must read this text."""
    libs = _libraries()
    if libs is None:
        return None
    yaml_rs, error_policy = libs
    start = _LEADING_DOC_START.match(text)
    begin = start.end() if start else 0
    if _RISKY_NUMBER.search(text, begin) or (
            any(mark in text for mark in _RISKY_CHARS) and _RISKY_SYNTAX.search(text, begin)):
        return None
    try:
        data = yaml_rs.loads(text, parse_datetime=False, duplicate_key_policy=error_policy)
    except Exception:  # any parse problem: the reference path writes the PARSE001
        return None
    if not isinstance(data, dict) or not _plain_json(data, limits):
        return None
    return data


def _plain_json(data: dict[str, Any], limits: Limits) -> bool:
    """Text keys, no ambiguous strings, no NaN/inf, within the node and depth limits."""
    count = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    ambiguous = _ambiguous_string
    max_depth, max_nodes = limits.max_depth, limits.max_nodes
    while stack:
        container, depth = stack.pop()
        if depth > max_depth:
            return False
        if type(container) is dict:
            for key in container:
                if type(key) is not str or ambiguous(key):
                    return False
            values = container.values()
        else:
            values = container
        count += len(container)
        if count > max_nodes:
            return False
        for value in values:
            kind = type(value)
            if kind is str:
                if ambiguous(value):
                    return False
            elif kind is dict or kind is list:
                stack.append((value, depth + 1))
            elif kind is float:
                if value != value or value in (_INF, -_INF):
                    return False
            elif kind is not int and kind is not bool and value is not None:
                return False
    return True


_INF = float("inf")


# --------------------------------------------------------------------------- schema


@lru_cache(maxsize=1)
def _schema_validator() -> Any | None:
    if not ENABLED:
        return None
    try:
        import jsonschema_rs
    except ImportError:
        return None
    from .schema import plan_schema

    return jsonschema_rs.Draft202012Validator(plan_schema())


def schema_valid(data: Any) -> bool | None:
    """True/False from the compiled validator, or None when it is not available."""
    validator = _schema_validator()
    if validator is None:
        return None
    try:
        return bool(validator.is_valid(data))
    except Exception:
        return None


# --------------------------------------------------------------------------- positions


class _Unsupported(Exception):
    """The text uses a style the scanner does not follow: compose with PyYAML instead."""


_KEY_END = re.compile(r":(?=[ \t]|\r?$)")


class BlockLocator:
    """Pointer → (line, column) by scanning block-style YAML, as PyYAML's node marks would say.

    Built lazily on the first lookup: each line's indentation once, then each
    container's children once (cached), so a lookup costs its pointer's depth.
    Any construct it does not follow makes lookups go to ``fallback`` (a
    PyYAML compose of the same text, done once).
    """

    def __init__(self, text: str, fallback: Callable[[str], Position]) -> None:
        self.text = text
        self.fallback = fallback
        self.lines: list[str] = []
        self.indent: list[int] = []  # -1: blank or comment-only line
        self.usable: bool | None = None
        self.children: dict[tuple[int, int], dict[str, tuple[int, int, bool]] | None] = {}

    def _prepare(self) -> bool:
        if self.usable is None:
            self.usable = True
            for line in self.text.split("\n"):
                if line.endswith("\r"):
                    line = line[:-1]
                if "\r" in line or line.count('"') % 2 or line.count("'") % 2 or (
                        line.count("[") + line.count("{") != line.count("]") + line.count("}")):
                    self.usable = False
                    break
                stripped = line.lstrip(" ")
                self.lines.append(line)
                self.indent.append(len(line) - len(stripped) if stripped and stripped[0] != "#" else -1)
        return self.usable

    def locate(self, pointer: str) -> Position:
        if self._prepare():
            try:
                return self._scan(pointer)
            except _Unsupported:
                self.usable = False
        return self.fallback(pointer)

    def _next_content(self, i: int) -> int | None:
        indent = self.indent
        while i < len(indent):
            if indent[i] >= 0:
                return i
            i += 1
        return None

    def _scan(self, pointer: str) -> Position:
        from .source import pointer_tokens

        i = self._next_content(0)
        if i is not None and self.lines[i].startswith("---"):
            i = self._next_content(i + 1)
        if i is None:
            raise _Unsupported
        node = (i, self.indent[i])
        for token in pointer_tokens(pointer):
            if node not in self.children:
                self.children[node] = self._list_children(node)
            kids = self.children[node]
            child = kids.get(token) if kids is not None else None
            if child is None:
                break
            node = self._value_start(*child, node[1])
        return node[0] + 1, node[1] + 1

    def _is_dash(self, row: int, col: int) -> bool:
        line = self.lines[row]
        return line[col:col + 1] == "-" and line[col + 1:col + 2] in ("", " ")

    def _list_children(self, node: tuple[int, int]) -> dict[str, tuple[int, int, bool]] | None:
        """Token → (row, column after its dash or colon, in a mapping) per child (None for a scalar)."""
        row, col = node
        first = self.lines[row][col:col + 1]
        if first in ("[", "{", '"', "'"):
            raise _Unsupported
        sequence = self._is_dash(row, col)
        out: dict[str, tuple[int, int, bool]] = {}
        indent = self.indent
        for i in range(row, len(indent)):
            ind = col if i == row else indent[i]
            if ind < 0 or ind > col:
                continue
            if ind < col:
                break
            if sequence:
                if not self._is_dash(i, col):
                    break
                out[str(len(out))] = (i, col + 1, False)
                continue
            if self._is_dash(i, col):
                continue  # a sequence written at its key's indentation
            line = self.lines[i]
            match = _KEY_END.search(line, col)
            if match is None:
                if i == row:
                    return None  # a scalar: no children
                raise _Unsupported
            key = line[col:match.start()].rstrip()
            if not key or key[0] in ('"', "'", "?"):
                raise _Unsupported
            out[key] = (i, match.end(), True)
        return out

    def _value_start(self, row: int, after: int, in_mapping: bool, parent_col: int) -> tuple[int, int]:
        line = self.lines[row]
        j = after
        while j < len(line) and line[j] == " ":
            j += 1
        if j < len(line) and line[j] != "#":
            return row, j
        nxt = self._next_content(row + 1)
        if nxt is None:
            raise _Unsupported
        indent = self.indent[nxt]
        if indent > parent_col or (in_mapping and indent == parent_col and self._is_dash(nxt, indent)):
            return nxt, indent
        raise _Unsupported  # an empty (null) value: let PyYAML say where it is


def fast_document(path: str, text: str, limits: Limits) -> Any | None:
    """A ``Document`` read the fast way, or ``None``: then the caller reads it the reference way."""
    data = read_yaml(text, limits)
    if data is None:
        return None
    from .source import Document, _yaml_loader, _yaml_locate

    composed: list[Any] = []

    def compose_locate(pointer: str) -> Position:
        if not composed:
            import yaml

            composed.append(yaml.compose(text, Loader=_yaml_loader()))
        return _yaml_locate(composed[0], pointer)

    return Document(path, text, data, "yaml", BlockLocator(text, compose_locate).locate)
