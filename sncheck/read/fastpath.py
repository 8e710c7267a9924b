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
  resolvers: a string PyYAML would have read as a bool, number or null had it
  been unquoted must never stand alone unquoted in the text (``"003"`` is
  fine), otherwise: reference path. Plain ISO dates are fine: both paths give the same
  ``YYYY-MM-DD`` text.
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
from bisect import bisect_right
from datetime import date
from functools import lru_cache
from typing import Any, Callable

from sncheck.read.limit_screen import LIBYAML_KEY_CHARS, Screen, screen
from sncheck.model.pointers import pointer_tokens
from sncheck.read.limits import Limits
from sncheck.read.plan_schema import plan_schema
from sncheck.read.source import YAML_NON_PRINTABLE, Document, YamlPositions, yaml_loader, yaml_prescan

ENABLED = os.environ.get("SNCHECK_FAST", "1") != "0"

Position = tuple[int | None, int | None]

# Plain-scalar shapes that YAML 1.1 and 1.2 read differently (leading zeros, 0o/0b/0x, underscores,
# exponents, .inf/.nan), and syntax the reference path must judge. Cheap `in` tests guard the rarer ones.
_END = r"(?=[ \t]*(?:\r?$|[,\]}#]|:(?:[\s,\]}]|$)))"  # where a plain scalar may end (block or flow)
_RISKY_BODY = r"(?:0[0-9a-zA-Z_][0-9a-zA-Z_.]*|[0-9][0-9_.]*[eE][-+]?[0-9]*|[0-9][0-9.]*_[0-9_.]*|\.(?:inf|Inf|INF|nan|NaN|NAN))"
# A whole plain scalar: 010 0o7 0x1F 0b1, 1e3 1.5e3, 1_000, .inf .nan, where a scalar starts (line start or
# after whitespace, '[', '{', ','). Written to begin with one character class so that the regex engine skips
# to candidate characters in C (4x faster than a leading lookbehind on a 100 kB plan): the first character
# is consumed, then a lookbehind checks what stood before it and which body it starts. It matches exactly
# where "(?:^|(?<=[\s\[{,]))[-+]?" + _RISKY_BODY + _END does (tests/test_read_fastpath.py compares them).
_RISKY_NUMBER = re.compile(
    r"[-+0-9.](?<![^\s\[{,].)(?:(?<=[-+])" + _RISKY_BODY + r"|(?<=0)[0-9a-zA-Z_][0-9a-zA-Z_.]*"
    r"|(?<=[0-9])(?:[0-9_.]*[eE][-+]?[0-9]*|[0-9.]*_[0-9_.]*)|(?<=\.)(?:inf|Inf|INF|nan|NaN|NAN))" + _END, re.M)
_RISKY_CHARS = ("!", "&", "*", "<<", "?", "=", "%", "\t", "\x85", "\u2028", "\u2029", "\ufeff", "\n---", "\n...")
# Tags, anchors, aliases, merge keys, '?' starting a token (a complex key in YAML 1.1, text in 1.2), a lone
# '=', directives, document markers. Its plain form, (?:^|[\s\[\{,])(?:[!&*]|<<|\?)|(?:^|(?<=[\s\[{,]))=_END
# |^(?:%|---|\.\.\.)|[\t\x85\u2028\u2029\ufeff], tries its alternatives at every character: ~750 machine
# instructions a character of a zh-TW text, 70 M for the shipped rule files read at every start. Like
# _RISKY_NUMBER it is written to begin with one character class (the character each token holds), so the
# regex engine skips to candidates in C, and lookbehinds check what stood before (12x fewer instructions).
# tests/test_read_fastpath.py checks that both forms match the same texts searched from any line start.
_RISKY_SYNTAX = re.compile(
    r"[!&*?<=%.\-\t\x85\u2028\u2029\ufeff]"
    r"(?:(?<=[\t\x85\u2028\u2029\ufeff])"  # anywhere
    r"|(?<![^\s\[{,].)(?:(?<=[!&*?])|(?<=<)<|(?<==)" + _END + r")"  # at a line start or after [\s\[{,]
    r"|(?<![^\n].)(?:(?<=%)|(?<=-)--|(?<=\.)\.\.))", re.M)  # at a line start
# PyYAML's Reader.NON_PRINTABLE: a character it refuses outright (a control character), where yaml-rs
# would read on; such a text goes to the reference path, which reports it (tests compare the patterns).
# Also what the importer must never write raw (tabular/yaml_writer.py).
_LEADING_DOC_START = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\r?\n)*---[ \t]*(?:#[^\n]*)?\r?\n")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


@lru_cache(maxsize=1)
def _libraries() -> tuple[Any, Any, Any] | None:
    if not ENABLED:
        return None
    try:
        import yaml_rs
        from yaml._yaml import CParser  # libyaml, which the reference path (CSafeLoader) reads with
    except ImportError:  # without libyaml the reference path is pure Python: its syntax is the same,
        return None      # but checking it that way would cost more than the fast path saves
    return yaml_rs, yaml_rs.DuplicateKeyPolicy.Error, CParser


# PyYAML's implicit resolvers (YAML 1.1), copied so the fast path need not import PyYAML;
# tests/test_read_fastpath.py checks this table against the installed PyYAML.
_YAML11_RESOLVERS: tuple[tuple[str, str, int, str], ...] = (
    ('tag:yaml.org,2002:bool', '^(?:yes|Yes|YES|no|No|NO\n                    |true|True|TRUE|false|False|FALSE\n                    |on|On|ON|off|Off|OFF)$',
     96, 'yYnNtTfFoO'),
    ('tag:yaml.org,2002:null', '^(?: ~\n                    |null|Null|NULL\n                    | )$',
     96, 'nN~'),
    ('tag:yaml.org,2002:float', '^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?\n                    |\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?\n                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*\n                    |[-+]?\\.(?:inf|Inf|INF)\n                    |\\.(?:nan|NaN|NAN))$',
     96, '-+0123456789.'),
    ('tag:yaml.org,2002:int', '^(?:[-+]?0b[0-1_]+\n                    |[-+]?0[0-7_]+\n                    |[-+]?(?:0|[1-9][0-9_]*)\n                    |[-+]?0x[0-9a-fA-F_]+\n                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$',
     96, '-+0123456789'),
    ('tag:yaml.org,2002:timestamp', '^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]\n                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?\n                     (?:[Tt]|[ \\t]+)[0-9][0-9]?\n                     :[0-9][0-9] :[0-9][0-9] (?:\\.[0-9]*)?\n                     (?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$',
     96, '0123456789'),
    ('tag:yaml.org,2002:merge', '^(?:<<)$',
     32, '<'),
    ('tag:yaml.org,2002:value', '^(?:=)$',
     32, '='),
    ('tag:yaml.org,2002:yaml', '^(?:!|&|\\*)$',
     32, '!&*'),
)


@lru_cache(maxsize=1)
def _pyyaml_resolvers() -> dict[str, list[tuple[str, Any]]]:
    """First character → [(tag, compiled regex)], as PyYAML's ``Resolver.yaml_implicit_resolvers``."""
    table: dict[str, list[tuple[str, Any]]] = {}
    for tag, pattern, flags, first in _YAML11_RESOLVERS:
        # PyYAML compiles these with re.X alone (re.U is implied for text, and shows in .flags): asked the
        # same way, re's cache returns the patterns PyYAML compiled when the fast path imported it,
        # instead of compiling them again (~40,000 lines of the re compiler at each start).
        regex = re.compile(pattern, flags & ~re.UNICODE)
        for ch in first:
            table.setdefault(ch, []).append((tag, regex))
    return table


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
    """The plan data, or ``None`` when the reference path must read this text.

    The limits come before the compiled parser builds anything: ``limit_screen`` bounds the text's items
    and depth from its bytes, and when it cannot vouch for them libyaml's event stream (the reference
    path's own pre-scan, ``source.yaml_prescan``) runs first and raises the very ``ProblemError`` the
    reference path would raise (PARSE001 at the line where a limit is crossed).
    """
    libs = _libraries()
    if libs is None:
        return None
    yaml_rs, error_policy, libyaml_parser = libs
    try:
        raw = text.encode("utf-8")  # (libyaml reads these bytes; from a str it would encode them itself)
    except UnicodeEncodeError:  # a lone surrogate: never from a decoded file
        return None
    size = screen(raw, limits)
    if size is Screen.SCAN and _prescan(text, limits):
        return None
    start = _LEADING_DOC_START.match(text)
    begin = start.end() if start else 0
    if (any(mark in text for mark in _RISKY_CHARS) and _RISKY_SYNTAX.search(text, begin)) or (
            _RISKY_NUMBER.search(text, begin) or YAML_NON_PRINTABLE.search(text)):  # (syntax first: it often
        return None  # stops at the first line, where the other two read the whole text to find nothing)
    try:
        # YAML 1.2 (yaml-rs) accepts some texts YAML 1.1 (libyaml) refuses, e.g. a flow mapping continued
        # on a line indented less than its block, or `{a:, b: 1}`: libyaml's own parser, run in C
        # without building anything (~1.5 ms for a 300-staff plan), must accept the text too. It also
        # refuses implicit keys over 1,024 characters, and counts the events: a node is one, so is the
        # end of each collection, and a one-document stream has four more.
        events = libyaml_parser(raw).raw_parse()
    except Exception:
        return None
    if size is Screen.COUNT and events - 4 > limits.max_nodes and _prescan(text, limits):
        return None
    try:
        data = yaml_rs.loads(text, parse_datetime=False, duplicate_key_policy=error_policy)
    except Exception:  # any parse problem: the reference path writes the PARSE001
        return None
    suspects: set[str] = set()
    if not isinstance(data, dict) or not _plain_json(data, limits, suspects):
        return None
    for value in suspects:  # e.g. document: "003" — fine when the text never has it as a plain scalar
        if " " in value or "\t" in value or _plain_occurrence(value).search(text):
            return None
    return data


def _prescan(text: str, limits: Limits) -> bool:
    """The reference path's pre-scan (raises its PARSE001); True when a key is over a limit libyaml does not
    enforce by itself (then the reference path reads the text and says so)."""

    return yaml_prescan(text, limits, long_keys=limits.max_key_chars < LIBYAML_KEY_CHARS)


def _plain_occurrence(value: str) -> Any:
    """Where ``value`` could stand as a whole plain scalar (key or value, block or flow); comments and
    longer texts may match too, which only sends the file to the reference path.

    Its plain form, ``(?:^|(?<=[\\s\\[{,]))VALUE`` then ``_END``, has no literal to skip to: it was tried
    at every character (~750 machine instructions each on a zh-TW text), once per suspect of a file, so the
    shipped rule files' seed numbers ("001") cost ~50 M instructions at every start. Written value first,
    the regex engine finds the value's occurrences in C and the lookbehind checks what stood before
    (tests/test_read_fastpath.py compares the two forms)."""
    literal = re.escape(value)
    return re.compile(literal + r"(?<![^\s\[{,]" + literal + ")" + _END, re.M)


def _plain_json(data: dict[str, Any], limits: Limits, suspects: set[str]) -> bool:
    """Text keys, no NaN/inf, within the limits, counted as the reference path counts them (every
    key, value and collection is a node; nesting counts collections); strings PyYAML would read
    otherwise if unquoted are collected in ``suspects``."""
    count = 1
    stack: list[tuple[Any, int]] = [(data, 1)]
    ambiguous = _ambiguous_string
    max_depth, max_nodes, max_key = limits.max_depth, limits.max_nodes, limits.max_key_chars
    plain_keys: set[tuple[Any, ...]] = set()  # key tuples already found fine: 300 staff share one
    while stack:
        container, depth = stack.pop()
        if depth > max_depth:
            return False
        if type(container) is dict:
            keys = tuple(container)
            if keys not in plain_keys:
                for key in keys:
                    if type(key) is not str or len(key) > max_key:
                        return False
                    if ambiguous(key):
                        suspects.add(key)
                plain_keys.add(keys)  # (suspects are kept in the set; seeing them again adds nothing)
            values = container.values()
            count += 2 * len(container)
        else:
            values = container
            count += len(container)
        if count > max_nodes:
            return False
        for value in values:
            kind = type(value)
            if kind is str:
                if ambiguous(value):
                    suspects.add(value)
            elif kind is dict or kind is list:
                stack.append((value, depth + 1))
            elif kind is int:
                if value.bit_length() > 60:  # huge numbers: Python's int() may refuse them on the reference path
                    return False
            elif kind is float:
                if value != value or value in (_INF, -_INF):
                    return False
            elif kind is not bool and value is not None:
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

    return jsonschema_rs.Draft202012Validator(plan_schema())


_VALIDATORS: dict[str, Any] = {}


def valid_against(schema: Any, data: Any) -> bool:
    """True only when the compiled validator is installed and says ``data`` is valid (rule files, params)."""
    if not ENABLED:
        return False
    try:
        import jsonschema_rs
    except ImportError:
        return False
    import json

    key = json.dumps(schema, sort_keys=True)
    try:
        if key not in _VALIDATORS:
            _VALIDATORS[key] = jsonschema_rs.Draft202012Validator(schema)
        return bool(_VALIDATORS[key].is_valid(data))
    except Exception:
        return False


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


# A single quote opens a scalar only where a scalar starts, and closes one only where a scalar ends
# (an apostrophe inside words, as in "county's", is neither).
_SQ_OPEN = re.compile(r"(?:^|(?<=[\s\[{,]))'", re.M)
_SQ_CLOSE = re.compile(r"'" + _END, re.M)
_KEY_END = re.compile(r":(?=[ \t]|\r?$)")


class BlockLocator:
    """Pointer → (line, column) by scanning block-style YAML, as PyYAML's node marks would say.

    Works on text offsets with compiled regexes (no per-line Python loop): a
    container's children are found once (cached) by jumping from one line of
    its indentation to the next, so a lookup costs about its pointer's depth.
    Any construct it does not follow makes lookups go to ``fallback`` (a
    PyYAML compose of the same text, done once).
    """

    def __init__(self, text: str, fallback: Callable[[str], Position]) -> None:
        self.text = text
        self.fallback = fallback
        self.usable: bool | None = None
        self.children: dict[int, dict[str, tuple[int, bool]] | None] = {}
        # (offset, line) pairs already known, sorted: a line number is counted from the nearest one
        # before it instead of from the top of a 100 kB text for every finding.
        self.line_offsets: list[int] = [0]
        self.line_numbers: list[int] = [1]

    def _prepare(self) -> bool:
        if self.usable is None:
            text = self.text  # only \n and \r\n line breaks (PyYAML knows more: then it decides)
            self.usable = text.count("\r") == text.count("\r\n") and not any(
                ch in text for ch in "\x85\u2028\u2029\t")
        return self.usable

    def _check_closed(self, start: int, end: int) -> None:
        """Between two lines the scanner relies on, quotes and brackets must close (no multi-line flow)."""
        part = self.text[start:end]
        quotes_open = "'" in part and len(_SQ_OPEN.findall(part)) != len(_SQ_CLOSE.findall(part))
        if quotes_open or part.count('"') % 2 or (
                part.count("[") + part.count("{") != part.count("]") + part.count("}")):
            raise _Unsupported

    def locate(self, pointer: str) -> Position:
        if self._prepare():
            try:
                return self._scan(pointer)
            except _Unsupported:
                self.usable = False
        return self.fallback(pointer)

    def _column(self, offset: int) -> int:
        return offset - (self.text.rfind("\n", 0, offset) + 1)

    def _scan(self, pointer: str) -> Position:

        text = self.text
        first = _CONTENT_LINE.search(text)
        if first is not None and text.startswith("---", first.end()):
            first = _CONTENT_LINE.search(text, text.find("\n", first.end()) + 1 or len(text))
        if first is None:
            raise _Unsupported
        node = first.end()
        for token in pointer_tokens(pointer):
            if node not in self.children:
                self.children[node] = self._list_children(node)
            kids = self.children[node]
            child = kids.get(token) if kids is not None else None
            if child is None:
                break
            node = self._value_start(child[0], child[1], self._column(node))
        return self._line(node), self._column(node) + 1

    def _line(self, offset: int) -> int:
        """1-based line of ``offset`` (``text.count("\\n", 0, offset) + 1``, counted from a known line)."""
        i = bisect_right(self.line_offsets, offset) - 1
        line = self.line_numbers[i] + self.text.count("\n", self.line_offsets[i], offset)
        if len(self.line_offsets) < 1024:  # bounded: 30,000 findings must not make this quadratic
            self.line_offsets.insert(i + 1, offset)
            self.line_numbers.insert(i + 1, line)
        return line

    def _is_dash(self, offset: int) -> bool:
        return self.text.startswith("-", offset) and self.text[offset + 1:offset + 2] in ("", " ", "\n", "\r")

    def _line_end(self, offset: int) -> int:
        end = self.text.find("\n", offset)
        return len(self.text) if end < 0 else end

    def _list_children(self, node: int) -> dict[str, tuple[int, bool]] | None:
        """Token → (offset after its dash or colon, in a mapping) per child (None for a scalar)."""
        text = self.text
        col = self._column(node)
        if text[node:node + 1] in ("[", "{", '"', "'"):
            raise _Unsupported
        sequence = self._is_dash(node)
        line_at_most = _line_at_most(col)
        out: dict[str, tuple[int, bool]] = {}
        offset: int | None = node
        while offset is not None:
            if sequence:
                if not self._is_dash(offset):
                    break
                out[str(len(out))] = (offset + 1, False)
            elif not self._is_dash(offset):  # (a dash here is a sequence written at its key's indentation)
                end = self._line_end(offset)
                match = _KEY_END.search(text, offset, end)
                if match is None:
                    if offset == node:
                        return None  # a scalar: no children
                    raise _Unsupported
                key = text[offset:match.start()].rstrip(" ")  # not rstrip(): U+3000 can end a YAML key
                if not key or key[0] in ('"', "'", "?"):
                    raise _Unsupported
                out[key] = (match.end(), True)
            nxt = line_at_most.search(text, self._line_end(offset))
            if nxt is None or nxt.end() - nxt.start() < col:
                break
            self._check_closed(offset, nxt.start())
            offset = nxt.end()
        return out

    def _value_start(self, after: int, in_mapping: bool, parent_col: int) -> int:
        text = self.text
        end = self._line_end(after)
        j = after
        while j < end and text[j] == " ":
            j += 1
        if j < end and text[j] not in "#\r":
            return j
        nxt = _CONTENT_LINE.search(text, end)
        if nxt is None:
            raise _Unsupported
        self._check_closed(after, nxt.start())
        indent = nxt.end() - nxt.start()
        if indent > parent_col or (in_mapping and indent == parent_col and self._is_dash(nxt.end())):
            return nxt.end()
        raise _Unsupported  # an empty (null) value: let PyYAML say where it is


_CONTENT_LINE = re.compile(r"^ *(?=[^ \r\n#])", re.M)  # a line with content: its indentation


@lru_cache(maxsize=64)
def _line_at_most(col: int) -> Any:
    """The next line with content indented by at most ``col`` spaces."""
    return re.compile(r"^ {0,%d}(?=[^ \r\n#])" % col, re.M)


def fast_document(path: str, text: str, limits: Limits) -> Any | None:
    """A ``Document`` read the fast way, or ``None``: then the caller reads it the reference way."""
    data = read_yaml(text, limits)
    if data is None:
        return None

    composed: list[Any] = []

    def compose_locate(pointer: str) -> Position:
        if not composed:
            import yaml

            composed.append(YamlPositions(yaml.compose(text, Loader=yaml_loader())))
        return composed[0].locate(pointer)

    return Document(path, text, data, "yaml", BlockLocator(text, compose_locate).locate)
