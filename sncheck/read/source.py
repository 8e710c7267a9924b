"""Reading a plan file: bytes → text → data, keeping where every item was written.

Parsing is one small interface (``read_document``) so that a faster parser
can stand behind it later. Positions are looked up lazily, from the YAML node
tree or by scanning the JSON text, only for items that have findings.

Every way a file can fail to be a document becomes an ``InputProblem`` (a
PARSE001 finding later) with a line, never an exception: syntax errors,
encodings other than UTF-8, empty files, duplicate keys, too-large files,
alias bombs, nesting too deep.
"""

from __future__ import annotations

import bisect
import codecs
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable

from sncheck.model.personal_data import ID_SHAPE
from sncheck.model.pointers import pointer_tokens
from sncheck.read.jsontext import JsonScanner
from sncheck.read.limits import Limits


@dataclass(frozen=True)
class InputProblem:
    """Why (part of) a file cannot be read; becomes a PARSE001 finding."""

    code: str  # short machine-readable reason: syntax, encoding, empty, size, alias, depth, duplicate_key, items
    message_zh: str
    message_en: str
    line: int | None = None
    column: int | None = None
    pointer: str = ""


class ProblemError(Exception):
    def __init__(self, problem: InputProblem) -> None:
        super().__init__(problem.message_en)
        self.problem = problem


Position = tuple[int | None, int | None]


@dataclass
class Document:
    """A parsed file: its data (JSON model) and a lazy pointer → position lookup."""

    path: str
    text: str
    data: Any
    kind: str  # "yaml" or "json"
    _locate: Callable[[str], Position] = field(repr=False, default=lambda p: (None, None))
    _cache: dict[str, Position] = field(default_factory=dict, repr=False)
    # (plan data, lang) -> how messages name its places (sncheck.read.places.PlanPlaces or a subclass);
    # None: a plan file's. A workbook's names rows, cells and the headers the county wrote.
    places: Callable[[Any, str], Any] | None = field(default=None, repr=False)

    def position(self, pointer: str) -> Position:
        """1-based (line, column) of the item at ``pointer``, or of its nearest written ancestor."""
        if pointer not in self._cache:
            self._cache[pointer] = self._locate(pointer)
        return self._cache[pointer]


# --------------------------------------------------------------------------- decoding


def _text_position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset in text."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _line_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    col = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def decode(raw: bytes, limits: Limits) -> str:
    """UTF-8 text (a BOM is fine); other encodings get a problem naming them."""
    if len(raw) > limits.max_bytes:
        raise ProblemError(InputProblem(
            "size",
            f"檔案大小 {len(raw):,} 位元組，超過上限 {limits.max_bytes:,} 位元組",
            f"file is {len(raw):,} bytes, over the limit of {limits.max_bytes:,} bytes",
            1, 1))
    utf16 = _utf16_kind(raw)
    if utf16:
        raise ProblemError(InputProblem(
            "encoding",
            f"檔案編碼為 {utf16}，請轉存為 UTF-8：記事本「另存新檔」編碼選 UTF-8，"
            f"或執行 `iconv -f {utf16} -t UTF-8 原檔 > 新檔`",
            f"file is {utf16} encoded; save it as UTF-8 (Notepad: Save As, encoding UTF-8; "
            f"or `iconv -f {utf16} -t UTF-8 old > new`)",
            1, 1))
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_of_offset(raw, exc.start)
        try:
            raw.decode("cp950")
        except UnicodeDecodeError:
            raise ProblemError(InputProblem(
                "encoding",
                f"檔案不是 UTF-8 編碼（第 {line} 行有無法解讀的位元組），請另存為 UTF-8",
                f"file is not UTF-8 (undecodable byte at line {line}); save it as UTF-8",
                line, col)) from None
        raise ProblemError(InputProblem(
            "encoding",
            f"檔案看來是 Big5/CP950 編碼（第 {line} 行起），請轉存為 UTF-8：記事本「另存新檔」編碼選 UTF-8，"
            "或執行 `iconv -f CP950 -t UTF-8 原檔 > 新檔`",
            f"file looks Big5/CP950 encoded (from line {line}); convert it to UTF-8 (Notepad: Save As, encoding UTF-8; "
            "or `iconv -f CP950 -t UTF-8 old > new`)",
            line, col)) from None


def _utf16_kind(raw: bytes) -> str | None:
    """Name the UTF-16/32 flavour when ``raw`` looks like it (a BOM, or ASCII text with every other byte zero).

    Windows tools (Notepad's "Unicode", Excel's "Unicode text") write UTF-16LE.
    """
    if raw.startswith(codecs.BOM_UTF32_LE):
        return "UTF-32LE"
    if raw.startswith(codecs.BOM_UTF32_BE):
        return "UTF-32BE"
    if raw.startswith(codecs.BOM_UTF16_LE):
        return "UTF-16LE"
    if raw.startswith(codecs.BOM_UTF16_BE):
        return "UTF-16BE"
    head = raw[:4096]
    if len(head) < 4 or head.count(b"\0") <= len(head) // 4:
        return None
    even_zeros = head[0::2].count(b"\0")
    odd_zeros = head[1::2].count(b"\0")
    return "UTF-16BE" if even_zeros > odd_zeros else "UTF-16LE"


# --------------------------------------------------------------------------- entry point


def empty_check(data: Any) -> None:
    if data is None:
        raise ProblemError(InputProblem("empty", "檔案沒有內容（只有註解或空白）",
                                        "file has no content (only comments or blanks)", 1, 1))


# --------------------------------------------------------------------------- JSON


def read_json(path: str, text: str, limits: Limits) -> Document:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if len(key) > limits.max_key_chars:
                raise _LongKey(key)
            if key in out:
                raise _DuplicateKey(key)
            out[key] = value
        return out

    def no_constant(name: str) -> Any:
        raise _JsonConstant(name)

    _json_prescan(text, limits)
    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise ProblemError(InputProblem(
            "syntax", f"JSON 語法錯誤：{exc.msg}", f"JSON syntax error: {exc.msg}", exc.lineno, exc.colno)) from None
    except _DuplicateKey as exc:
        line, col = _json_find_key(text, exc.key)
        raise _duplicate_key_problem(exc.key, line, col) from None
    except _LongKey as exc:
        line, col = _json_find_key(text, exc.key)
        raise _long_key_problem(len(exc.key), limits, line, col) from None
    except RecursionError:
        _json_prescan(text, limits, exact=True)
        raise _depth_problem(limits, 1, 1) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        longest = max(re.finditer(r"[0-9]+", text), key=lambda m: m.end() - m.start(), default=None)
        where = _text_position(text, longest.start()) if longest is not None and "digits" in str(exc) else (1, 1)
        raise ProblemError(InputProblem(
            "syntax", f"無法解讀的值：{_clip(str(exc))}", f"cannot read a value: {_clip(str(exc))}", *where)) from None
    except _JsonConstant as exc:  # NaN / Infinity: Python accepts them, JSON does not
        line, col = _text_position(text, max(text.find(exc.name), 0))
        raise ProblemError(InputProblem(
            "syntax", f"JSON 語法錯誤：{exc.name} 不是 JSON 的數值", f"JSON syntax error: {exc.name} is not a JSON number",
            line, col)) from None
    _refuse_lone_surrogates(text)
    empty_check(data)
    try:
        _check_shape(data, limits)
    except ProblemError:
        _json_prescan(text, limits, exact=True)  # raises with the line where the limit is crossed
        raise
    scanner = _JsonPositions(text)
    return Document(path, text, data, "json", scanner.locate)


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},:]')
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _refuse_lone_surrogates(text: str) -> None:
    """``"\\ud800"`` without its pair is accepted by ``json.loads`` but is no text: every output would
    crash writing it as UTF-8. PARSE001 at the string, not quoted (it may be a name); the search runs
    only when such an escape appears."""
    if not _SURROGATE_ESCAPE.search(text):
        return
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token[0] == '"' and _SURROGATE_ESCAPE.search(token):
            try:
                json.loads(token).encode("utf-8")
            except UnicodeEncodeError:
                raise ProblemError(InputProblem(
                    "encoding", "字串含有不成對的 Unicode 代理字元跳脫（\\ud800–\\udfff），不是有效的文字",
                    "a string holds an unpaired Unicode surrogate escape (\\ud800–\\udfff), which is not text",
                    *_text_position(text, match.start()))) from None


def _json_prescan(text: str, limits: Limits, exact: bool = False) -> None:
    """Refuse too many items or too deep nesting before ``json.loads`` builds anything.

    Counting commas, colons and brackets bounds the number of keys and values
    from above, so an ordinary plan costs four ``str.count`` calls; only when the
    bound is over the limit (or ``exact``) is the text scanned token by token,
    stopping at the first token past a limit, so the cost is bounded by the limits.
    """
    bound = text.count(",") + text.count(":") + text.count("[") + text.count("{") + 1
    if bound <= limits.max_nodes and not exact:
        return
    nodes = 1
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            nodes += 1
            if depth > limits.max_depth:
                raise _depth_problem(limits, *_text_position(text, match.start()))
        elif token in "]}":
            depth -= 1
        elif token in ",:":
            nodes += 1
        if nodes > limits.max_nodes:
            raise _items_problem(limits, *_text_position(text, match.start()))


def _clip(text: str, width: int = 60) -> str:
    """Hostile keys and values can be megabytes long; messages show the start."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _depth_problem(limits: Limits, line: int | None, column: int | None) -> ProblemError:
    return ProblemError(InputProblem(
        "depth", f"巢狀層數超過上限 {limits.max_depth}（設定 limits.max_depth）",
        f"nesting deeper than the limit of {limits.max_depth} (config limits.max_depth)", line, column))


_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,39}")


def _duplicate_key_problem(key: str, line: int | None, column: int | None) -> ProblemError:
    """A plan's own keys are field names (``role``, ``staff``): said. Any other key may be personal data
    (a staff list keyed by names: ``王小明:`` twice) and the file did not parse, so no name is known to
    mask: the message then gives the line only."""
    if _FIELD_NAME.fullmatch(key) and not ID_SHAPE.search(key):
        return ProblemError(InputProblem(
            "duplicate_key", f"鍵「{key}」重複出現（後者會蓋掉前者）",
            f"duplicate key {key!r} (the later one would silently replace the earlier)", line, column))
    return ProblemError(InputProblem(
        "duplicate_key", "同一個鍵重複出現（後者會蓋掉前者；鍵的內容不顯示，可能是個資）",
        "a key is written twice (the later one would silently replace the earlier; the key is not shown: it "
        "may be personal data)", line, column))


def _alias_items_problem(limits: Limits, line: int | None, column: int | None) -> ProblemError:
    return ProblemError(InputProblem(
        "alias", f"YAML 別名（&/*）展開後超過 {limits.max_nodes:,} 個項目，疑似「十億笑聲」攻擊，拒絕處理",
        f"YAML aliases (&/*) expand to over {limits.max_nodes:,} items (an alias bomb); refused", line, column))


def _alias_text_problem(limits: Limits, line: int | None, column: int | None) -> ProblemError:
    return ProblemError(InputProblem(
        "alias", f"YAML 別名（&/*）展開後的文字超過 {limits.max_bytes:,} 字元（設定 limits.max_bytes），拒絕處理",
        f"YAML aliases (&/*) expand to over {limits.max_bytes:,} characters of text (config limits.max_bytes); "
        "refused", line, column))


def _items_problem(limits: Limits, line: int | None, column: int | None) -> ProblemError:
    return ProblemError(InputProblem(
        "items", f"項目（鍵與值）數超過上限 {limits.max_nodes:,}（設定 limits.max_nodes）",
        f"more than {limits.max_nodes:,} items (keys and values; config limits.max_nodes)", line, column))


def _long_key_problem(length: int, limits: Limits, line: int | None, column: int | None) -> ProblemError:
    return ProblemError(InputProblem(
        "key_length", f"鍵長 {length:,} 字元，超過上限 {limits.max_key_chars:,}（設定 limits.max_key_chars）",
        f"a key of {length:,} characters is over the limit of {limits.max_key_chars:,} (config limits.max_key_chars)",
        line, column))


class _LongKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


class _JsonConstant(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _json_find_key(text: str, key: str) -> tuple[int, int]:
    needle = json.dumps(key, ensure_ascii=False)
    first = text.find(needle)
    second = text.find(needle, first + 1) if first >= 0 else -1
    return _text_position(text, second if second >= 0 else max(first, 0))


class _JsonPositions:
    """Finds where a JSON Pointer's value starts in JSON text (offsets from ``jsontext.JsonScanner``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.scanner = JsonScanner(text)
        self._newlines: list[int] | None = None  # offsets of "\n", for line numbers by bisection

    def locate(self, pointer: str) -> Position:
        i = self.scanner.ws(0)
        for token in pointer_tokens(pointer):
            nxt = self.scanner.child(i, token)
            if nxt is None:
                break
            i = nxt
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_left(self._newlines, i)  # newlines before offset i
        start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, i - start + 1


# --------------------------------------------------------------------------- YAML

# PyYAML's own pattern of the characters YAML forbids (a test keeps them equal); the fast path uses it too.
YAML_NON_PRINTABLE = re.compile("[^\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]")


def yaml_loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# PyYAML's "while ..." contexts, said in words a county officer knows (others are shown as PyYAML says them).
_YAML_CONTEXTS = {
    "while scanning a quoted scalar": ("引號括住的值", "a quoted value"),
    "while parsing a flow sequence": ("[ ] 清單", "a [ ] list"),
    "while parsing a flow mapping": ("{ } 物件", "a { } mapping"),
    "while parsing a block mapping": ("欄位區塊", "a block of fields"),
    "while parsing a block collection": ("清單區塊", "a block list"),
    "while scanning a simple key": ("欄位名稱", "a field name"),
    "while parsing a flow node": ("[ ] 或 { } 內的值", "a value inside [ ] or { }"),
    "while parsing a block node": ("值", "a value"),
}


def _yaml_syntax_problem(exc: Any, limits: Limits, text: str = "") -> ProblemError:
    import yaml

    forbidden = YAML_NON_PRINTABLE.search(text) if isinstance(exc, yaml.reader.ReaderError) else None
    if forbidden is not None:
        # a character YAML forbids (a control character pasted from a spreadsheet, say): PyYAML gives
        # only an offset (in bytes for libyaml, characters otherwise); the reader's own pattern finds it
        code = f"U+{ord(forbidden.group()):04X}"
        return ProblemError(InputProblem(
            "syntax", f"YAML 不接受控制字元 {code}（請刪除，或在雙引號字串中寫成 \\u{code[2:]}）",
            f"YAML does not accept the control character {code} (delete it, or write \\u{code[2:]} inside a "
            "double-quoted string)", *_text_position(text, forbidden.start())))
    context, start = "", None
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or str(exc)).strip()
        context, start = (exc.context or "").strip(), exc.context_mark
        if start is not None and "end of stream" in problem:
            mark = start  # the end of the file says nothing: point at what was left open (a quote, a bracket)
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
    else:
        line, col, problem = 1, 1, str(exc).strip()
    if "maximum nesting depth" in problem:  # libyaml's own limit (1000)
        return _depth_problem(limits, line, col)
    if context and start is not None:
        zh_context, en_context = _YAML_CONTEXTS.get(context, (context, context))
        if start is mark:
            return ProblemError(InputProblem(
                "syntax", f"YAML 語法錯誤：從這裡開始的{zh_context}沒有結束（{problem}）",
                f"YAML syntax error: {en_context} that starts here never ends ({problem})", line, col))
        return ProblemError(InputProblem(
            "syntax", f"YAML 語法錯誤：{problem}（在第 {start.line + 1} 行第 {start.column + 1} 欄開始的{zh_context}內）",
            f"YAML syntax error: {problem} (in {en_context} that starts at line {start.line + 1}, "
            f"column {start.column + 1})", line, col))
    return ProblemError(InputProblem(
        "syntax", f"YAML 語法錯誤：{problem}", f"YAML syntax error: {problem}", line, col))


# Explicit tags a plan or rule file may use: the YAML core schema. Anything else
# (``!!python/object``, ``!!binary``, ``!custom``) is refused, never constructed.
_CORE_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in
                       ("str", "int", "float", "bool", "null", "map", "seq", "timestamp"))


def yaml_prescan(text: str, limits: Limits, long_keys: bool = False) -> bool:
    """The reference path's first step, also run by the fast path before its compiled parser on a text
    whose size ``limit_screen`` cannot vouch for: the same ``ProblemError`` (limit or syntax) either way.

    With ``long_keys``, returns True at the first key longer than ``limits.max_key_chars``: the
    reference path then reads the text and reports it (after any syntax or duplicate-key problem
    that comes first, as it always does).
    """
    import yaml

    try:
        return _yaml_prescan(text, limits, long_keys)
    except yaml.YAMLError as exc:
        raise _yaml_syntax_problem(exc, limits, text) from None


def _yaml_prescan(text: str, limits: Limits, long_keys: bool = False) -> bool:
    """Stream libyaml's events once, before any node tree exists.

    Refuses, at the event's line: more than ``max_nodes`` nodes as written,
    nesting deeper than ``max_depth`` and explicit tags outside the core
    schema. Events are dropped as they come, so memory stays flat and a
    1,000,000-item list costs only the scan up to the limit. Alias expansion is
    checked later on the (then bounded) node graph, except the text aliases bring in: counted here (the
    characters of every scalar, an alias adding its anchor's), so one long scalar used 2,000 times is
    refused at the alias that crosses ``max_bytes``, before the composer reads it. The loop calls the parser's
    ``get_event`` directly and tells events apart by their exact type (about a
    third quicker than ``yaml.parse`` with ``isinstance``).
    """
    import yaml

    kinds = {yaml.ScalarEvent: _SCALAR, yaml.AliasEvent: _ALIAS, yaml.SequenceStartEvent: _SEQUENCE,
             yaml.MappingStartEvent: _MAPPING, yaml.SequenceEndEvent: _END, yaml.MappingEndEvent: _END}
    max_nodes, max_depth, max_key = limits.max_nodes, limits.max_depth, limits.max_key_chars
    tags = "!" in text  # every explicit tag (and %TAG directive) is written with a '!'
    nodes = 0
    depth = 0
    entries: list[int] = []  # with long_keys: per open collection, the entries met so far (-1: a sequence)
    aliases = "*" in text  # then: the items and characters of the text, aliases expanded, and each anchor's
    expanded = expanded_nodes = 0
    anchored: dict[str, tuple[int, int]] = {}  # anchor: (items, characters)
    opened: list[tuple[str | None, int, int]] = []  # per open collection: its anchor, the counts at its start
    parser = yaml_loader()(text)
    try:
        get_event = parser.get_event
        event = get_event()
        while event is not None:
            kind = kinds.get(type(event))
            if kind is None:
                pass
            elif kind is _END:
                depth -= 1
                if long_keys:
                    entries.pop()
                if aliases:
                    anchor, start_nodes, start = opened.pop()
                    if anchor is not None:
                        anchored[anchor] = (expanded_nodes - start_nodes, expanded - start)
            else:
                nodes += 1
                if kind is _SEQUENCE or kind is _MAPPING:
                    depth += 1
                    if depth > max_depth:
                        raise _depth_problem(limits, *_event_position(event))
                if nodes > max_nodes:
                    raise _items_problem(limits, *_event_position(event))
                if tags:
                    _refuse_tag(event)
                if aliases:
                    if kind is _ALIAS:
                        items, chars = anchored.get(event.anchor, (1, 0))
                        expanded_nodes += items
                        expanded += chars
                        if expanded_nodes > max_nodes:
                            raise _alias_items_problem(limits, *_event_position(event))
                        if expanded > limits.max_bytes:
                            raise _alias_text_problem(limits, *_event_position(event))
                    else:
                        expanded_nodes += 1
                        if kind is _SCALAR:
                            expanded += len(event.value)
                            if event.anchor is not None:
                                anchored[event.anchor] = (1, len(event.value))
                        else:
                            opened.append((event.anchor, expanded_nodes - 1, expanded))
                if long_keys:
                    if entries and entries[-1] >= 0:
                        if entries[-1] % 2 == 0 and kind is _SCALAR and len(event.value) > max_key:
                            return True
                        entries[-1] += 1
                    if kind is _SEQUENCE or kind is _MAPPING:
                        entries.append(0 if kind is _MAPPING else -1)
            event = get_event()
    finally:
        parser.dispose()
    return False


_SCALAR, _ALIAS, _SEQUENCE, _MAPPING, _END = "scalar", "alias", "sequence", "mapping", "end"


def _event_position(event: Any) -> tuple[int, int]:
    mark = event.start_mark  # (PyYAML's parser always sets it; the stubs allow None)
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _refuse_tag(event: Any) -> None:
    tag = getattr(event, "tag", None)
    if tag is not None and tag != "!" and tag not in _CORE_TAGS:
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        raise ProblemError(InputProblem(
            "syntax", f"不接受 YAML 標籤 {_clip(shown)}（檔案內容不會被執行；請移除標籤）",
            f"YAML tag {_clip(shown)} is not accepted (nothing in a file is executed; remove the tag)",
            *_event_position(event)))


def read_yaml(path: str, text: str, limits: Limits) -> Document:
    import yaml

    try:
        _yaml_prescan(text, limits)
        nodes = list(yaml.compose_all(text, Loader=yaml_loader()))
    except yaml.YAMLError as exc:
        raise _yaml_syntax_problem(exc, limits, text) from None
    except RecursionError:
        raise _depth_problem(limits, 1, 1) from None
    if len(nodes) > 1:
        mark = nodes[1].start_mark
        raise ProblemError(InputProblem(
            "syntax", "一個檔案只能有一份計畫（發現多個 YAML 文件 `---`）",
            "a file holds one plan (found several YAML documents `---`)", mark.line + 1, mark.column + 1))
    if not nodes or nodes[0] is None:
        empty_check(None)
    root = nodes[0]
    _check_node_budget(root, limits)
    data = _NodeBuilder(limits).build(root)
    empty_check(data)
    return Document(path, text, data, "yaml", YamlPositions(root).locate)


def _check_node_budget(root: Any, limits: Limits) -> None:
    """Refuse alias bombs before expanding anything: count the expanded size with memo, in items and in
    characters. An alias to one long scalar adds one item but all its text (a 9 MB scalar used 2,000 times
    is 18 GB once built: hours of checking), so the text an alias brings in counts against ``max_bytes``,
    the size the file itself may have."""
    import yaml

    sizes: dict[int, int] = {}
    chars: dict[int, int] = {}  # the characters of the node's scalars, aliases expanded
    alias_seen: set[int] = set()
    stack: list[tuple[Any, int, bool]] = [(root, 1, False)]
    # iterative post-order over distinct nodes
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if key in sizes:
            alias_seen.add(key)
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1
            chars[key] = len(node.value)
            continue
        if depth > limits.max_depth:
            mark = node.start_mark
            raise _depth_problem(limits, mark.line + 1, mark.column + 1)
        children = [v for pair in node.value for v in pair] if isinstance(node, yaml.MappingNode) else list(node.value)
        if not done:
            stack.append((node, depth, True))
            for child in children:
                if id(child) not in sizes:
                    stack.append((child, depth + 1, False))
            continue
        total = 1 + sum(sizes.get(id(c), 1) for c in children)
        sizes[key] = total
        chars[key] = text = sum(chars.get(id(c), 0) for c in children)
        if alias_seen and text > limits.max_bytes:
            mark = node.start_mark
            raise _alias_text_problem(limits, mark.line + 1, mark.column + 1)
        if total > limits.max_nodes:
            mark = node.start_mark
            if alias_seen:
                raise _alias_items_problem(limits, mark.line + 1, mark.column + 1)
            raise _items_problem(limits, mark.line + 1, mark.column + 1)


_PLAIN_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})


class _NodeBuilder:
    """Builds plain JSON-model data from YAML nodes, refusing duplicate keys.

    Dates written unquoted (``2022-01-01``) become ISO strings, so YAML and
    JSON plans mean the same; keys become strings.
    """

    def __init__(self, limits: Limits) -> None:
        import yaml

        self.yaml = yaml
        self.limits = limits
        self.constructor = yaml.SafeLoader("")  # only used for scalar resolution

    def build(self, node: Any) -> Any:
        yaml = self.yaml
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if node.tag not in _PLAIN_COLLECTION_TAGS:
            # ``!!python/object/apply:...``, ``!!set``, ``!!omap``: refused like tagged scalars,
            # instead of silently reading the content as a plain list or mapping.
            mark = node.start_mark
            raise ProblemError(InputProblem(
                "syntax", f"不支援的 YAML 標記（tag）：{node.tag}", f"unsupported YAML tag {node.tag}",
                mark.line + 1, mark.column + 1))
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child) for child in node.value]
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    mark = key_node.start_mark
                    raise ProblemError(InputProblem(
                        "syntax", "不支援 YAML 合併鍵 `<<`，請直接寫出欄位",
                        "YAML merge keys `<<` are not supported; write the fields out", mark.line + 1, mark.column + 1))
                key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                if key is None and not isinstance(key_node, yaml.ScalarNode):
                    mark = key_node.start_mark
                    raise ProblemError(InputProblem(
                        "syntax", "鍵必須是文字", "mapping keys must be text", mark.line + 1, mark.column + 1))
                key = str(key).lower() if isinstance(key, bool) else str(key)
                if len(key) > self.limits.max_key_chars:
                    mark = key_node.start_mark
                    raise _long_key_problem(len(key), self.limits, mark.line + 1, mark.column + 1)
                if key in out:
                    mark = key_node.start_mark
                    raise _duplicate_key_problem(key, mark.line + 1, mark.column + 1)
                out[key] = self.build(value_node)
            return out
        raise TypeError(node)  # pragma: no cover - the composer makes only these

    def _scalar(self, node: Any) -> Any:
        tag = node.tag
        if tag == "tag:yaml.org,2002:str":
            return node.value
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (self.yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            # An unquoted impossible date (2021-02-30) resolves as a YAML timestamp that
            # cannot be built; keep the text so normalize reports it at its pointer.
            if tag == "tag:yaml.org,2002:timestamp" and not isinstance(exc, self.yaml.YAMLError):
                return node.value
            mark = node.start_mark
            reason = _clip(str(getattr(exc, "problem", None) or exc))
            raise ProblemError(InputProblem(
                "syntax", f"無法解讀的值：{_clip(node.value)!r}", f"cannot read value {_clip(node.value)!r}: {reason}",
                mark.line + 1, mark.column + 1)) from None
        if isinstance(value, datetime):
            return value.isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, bytes):
            return node.value
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 10_000:
            return node.value  # a 0x/0o/0b integer too long for Python to print; the schema will refuse the text
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            return node.value  # keep .nan/.inf as text; the schema will refuse it
        return value


class YamlPositions:
    """Pointer → position from the YAML node tree; each mapping's keys are indexed once (linear, not O(n²))."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self._keys: dict[int, dict[str, Any]] = {}

    def _child(self, node: Any, token: str) -> Any:
        import yaml

        if isinstance(node, yaml.MappingNode):
            index = self._keys.get(id(node))
            if index is None:
                index = {}
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode):
                        index.setdefault(key_node.value, value_node)
                self._keys[id(node)] = index
            return index.get(token)
        if isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
            return node.value[int(token)]
        return None

    def locate(self, pointer: str) -> Position:
        node = self.root
        for token in pointer_tokens(pointer):
            nxt = self._child(node, token)
            if nxt is None:
                break
            node = nxt
        mark = node.start_mark
        return mark.line + 1, mark.column + 1


def _check_shape(data: Any, limits: Limits) -> None:
    """Depth (nested mappings/lists) and item-count (keys and values) limits for JSON data.

    YAML is checked on its nodes (``_check_node_budget``), with the same counting.
    """
    count = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        count += 1
        if isinstance(value, (dict, list)) and depth > limits.max_depth:
            raise _depth_problem(limits, 1, 1)
        if isinstance(value, dict):
            count += len(value)
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
        if count > limits.max_nodes:
            raise _items_problem(limits, 1, 1)
