"""Rewriting a plan's text for a patch, touching only the characters the patch changes.

Why not a round-trip YAML library: ruamel.yaml re-emits the whole document, and
on a plain county plan it changed lines the patch never touched (CRLF line
endings became LF, ``  - {...}`` lost its indentation, a long flow mapping was
wrapped at 80 columns, ``team:   T-1`` lost its spaces; see docs/fix.md). A
county officer must see a diff of only the lines that change. So each patch
operation becomes an edit at the exact offsets of the node it changes, taken
from the parser's own marks (PyYAML's pure-Python composer, whose marks are
``str`` offsets; a small scanner for JSON). Everything outside those offsets
stays as it was, byte for byte; the caller re-parses the result and checks
that it means exactly the patched data.

Supported operations (all the shipped rules need, and more): ``replace`` of a
scalar or flow value, ``add`` of a key to a mapping (block or flow, YAML or
JSON), ``test`` (no edit). Anything else raises ``EditError`` with a reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from sncheck.read.jsontext import JsonMember, JsonScanner
from sncheck.model.pointers import pointer_tokens


class EditError(ValueError):
    """The operation cannot be written as a minimal edit; the message says why."""


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


def newline_of(text: str) -> str:
    """The file's line ending: CRLF if its first line ends so, else LF."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (insertions at one offset keep their order)."""
    ordered = sorted(enumerate(edits), key=lambda pair: (pair[1].start, pair[1].end, pair[0]))
    out: list[str] = []
    pos = 0
    for _, edit in ordered:
        if edit.start < pos:
            raise EditError("two changes overlap")
        out.append(text[pos:edit.start])
        out.append(edit.text)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


def edit_text(kind: str, text: str, ops: Sequence[Mapping[str, Any]]) -> str:
    """``text`` with the patch ``ops`` written into it (``kind`` is "yaml" or "json")."""
    batches = _batches([op for op in ops if op.get("op") != "test"])
    for batch in batches:
        edits = _yaml_edits(text, batch) if kind == "yaml" else _json_edits(text, batch)
        text = apply_edits(text, edits)
    return text


def _batches(ops: list[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """Split ops so no batch holds two ops on the same or nested paths (offsets stay valid within a batch)."""
    batches: list[list[Mapping[str, Any]]] = []
    for op in ops:
        path = op["path"]
        for batch in batches:
            if not any(_overlap(path, other["path"]) for other in batch):
                batch.append(op)
                break
        else:
            batches.append([op])
    # a later batch must come after every batch it overlaps: keep creation order, which is op order
    return batches


def _overlap(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


# --------------------------------------------------------------------------- YAML


def _yaml_compose(text: str) -> Any:
    import yaml

    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise EditError(f"the file cannot be re-read for editing: {exc}") from None


def _yaml_walk(root: Any, tokens: list[str]) -> tuple[Any, bool]:
    """The node at ``tokens`` and whether it sits inside a flow collection."""
    import yaml

    node, in_flow = root, False
    for token in tokens:
        in_flow = in_flow or bool(getattr(node, "flow_style", False))
        if isinstance(node, yaml.MappingNode):
            found = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == token]
            if not found:
                raise EditError(f"{token!r} not found")
            node = found[0]
        elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
            node = node.value[int(token)]
        else:
            raise EditError(f"{token!r} not found")
    return node, in_flow


def yaml_value(value: Any, style: str | None = None) -> str:
    """``value`` as YAML text valid in flow and block context; strings keep the quote ``style`` given."""
    import yaml

    if isinstance(value, str) and style == '"':
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and style == "'" and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    dumped = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=1 << 30).strip()
    return dumped[1:-1]  # the emitter's flow-context spelling, without the list brackets


def _yaml_edits(text: str, ops: Sequence[Mapping[str, Any]]) -> list[Edit]:
    import yaml

    root = _yaml_compose(text)
    edits: list[Edit] = []
    for op in ops:
        tokens = pointer_tokens(op["path"])
        if not tokens:
            raise EditError("cannot replace the whole document")
        parent, in_flow = _yaml_walk(root, tokens[:-1])
        key = tokens[-1]
        kind = op["op"]
        if isinstance(parent, yaml.MappingNode):
            existing = [v for k, v in parent.value if isinstance(k, yaml.ScalarNode) and k.value == key]
            if kind in ("replace", "add") and existing:
                edits.append(_yaml_replace(text, existing[0], op["value"]))
            elif kind == "add":
                edits.append(_yaml_add_key(text, parent, key, op["value"]))
            else:
                raise EditError(f"{kind} {op['path']}: not supported by `sncheck fix`")
        elif isinstance(parent, yaml.SequenceNode) and kind == "replace" and key.isdigit() \
                and int(key) < len(parent.value):
            edits.append(_yaml_replace(text, parent.value[int(key)], op["value"]))
        else:
            raise EditError(f"{kind} {op['path']}: not supported by `sncheck fix` (list items change by hand)")
    return edits


def _yaml_replace(text: str, node: Any, value: Any) -> Edit:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        if node.style in ("|", ">"):
            raise EditError("block scalars (| or >) are changed by hand")
        start, end = _past_properties(text, node.start_mark.index, node.end_mark.index), node.end_mark.index
        new = yaml_value(value, node.style)
        if start == end and start > 0 and not text[start - 1].isspace():
            new = " " + new  # an empty value right after `key:`
        return Edit(start, end, new)
    if getattr(node, "flow_style", False):
        return Edit(node.start_mark.index, node.end_mark.index, yaml_value(value))
    raise EditError("replacing a block list or mapping is done by hand")


def _past_properties(text: str, start: int, end: int) -> int:
    """Skip an anchor (``&a``) or tag (``!!str``) before a scalar: they stay as written."""
    while start < end and text[start] in "&!":
        while start < end and not text[start].isspace():
            start += 1
        while start < end and text[start].isspace():
            start += 1
    return start


def _yaml_add_key(text: str, mapping: Any, key: str, value: Any) -> Edit:
    import yaml

    key_text = yaml_value(key)
    value_text = yaml_value(value)
    if mapping.flow_style:
        if mapping.value:
            at = mapping.value[-1][1].end_mark.index
            return Edit(at, at, f", {key_text}: {value_text}")
        at = text.index("{", mapping.start_mark.index) + 1
        return Edit(at, at, f"{key_text}: {value_text}")
    if not mapping.value:
        raise EditError("cannot add to an empty block mapping")
    indent = " " * mapping.value[0][0].start_mark.column
    last = mapping.value[-1][1]
    while isinstance(last, (yaml.MappingNode, yaml.SequenceNode)) and not last.flow_style and last.value:
        last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
    end = last.end_mark.index
    nl = newline_of(text)
    line = f"{indent}{key_text}: {value_text}{nl}"
    if end > 0 and text[end - 1] == "\n":
        return Edit(end, end, line)
    next_nl = text.find("\n", end)
    if next_nl < 0:
        return Edit(len(text), len(text), nl + line[: -len(nl)])
    return Edit(next_nl + 1, next_nl + 1, line)


# --------------------------------------------------------------------------- JSON


def _json_locate(scanner: JsonScanner, tokens: list[str]) -> int:
    i = scanner.ws(0)
    for token in tokens:
        nxt = scanner.child(i, token)
        if nxt is None:
            raise EditError(f"{token!r} not found")
        i = nxt
    return i


def _json_edits(text: str, ops: Sequence[Mapping[str, Any]]) -> list[Edit]:
    scanner = JsonScanner(text)
    ascii_only = "\\u" in text and text.isascii()
    nl = newline_of(text)

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=ascii_only, separators=(", ", ": "))

    edits: list[Edit] = []
    for op in ops:
        tokens = pointer_tokens(op["path"])
        if not tokens:
            raise EditError("cannot replace the whole document")
        at = _json_locate(scanner, tokens[:-1])
        kind, key = op["op"], tokens[-1]
        members = scanner.members(at) if text[at] in "{[" else []
        if text[at] == "{":
            existing = [m for m in members if m.key == key]
            if kind in ("replace", "add") and existing:
                edits.append(Edit(existing[0].start, existing[0].end, dump(op["value"])))
                continue
            if kind == "add":
                edits.append(_json_add_key(text, at, members, dump(key), dump(op["value"]), nl))
                continue
        elif text[at] == "[" and kind == "replace" and key.isdigit() and int(key) < len(members):
            m = members[int(key)]
            edits.append(Edit(m.start, m.end, dump(op["value"])))
            continue
        raise EditError(f"{kind} {op['path']}: not supported by `sncheck fix` (list items change by hand)")
    return edits


def _json_add_key(text: str, at: int, members: list[JsonMember], key: str, value: str, nl: str) -> Edit:
    if not members:
        return Edit(at + 1, at + 1, f"{key}: {value}")
    last = members[-1]
    sep = text[last.key_end:last.start]
    first = members[0]
    if "\n" in text[at:first.key_start]:
        line_start = text.rfind("\n", 0, first.key_start) + 1
        indent = text[line_start:first.key_start]
        return Edit(last.end, last.end, f",{nl}{indent}{key}{sep}{value}")
    return Edit(last.end, last.end, f", {key}{sep}{value}")
