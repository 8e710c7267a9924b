"""The imported plan as readable YAML: each item says which sheet and row it came from.

Above every team, staff member, request and (when it came from another row)
service segment there is a comment such as ``# 人員名冊!第14列``, so a finding
on ``/staff/12`` in the YAML leads back to row 14 of the workbook. Problems
found while importing are written as ``# ⚠`` comments above the item they
concern; rows that could not be placed are listed at the top. Dates are
written unquoted ISO (``2021-01-01``), which the plan reader takes as dates.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping

from sncheck.read.fastpath import YAML_NON_PRINTABLE
from sncheck.model.dates import is_iso_date
from sncheck.model.findings import Finding
from sncheck.model.pointers import make_pointer
from sncheck.tabular.convert import Cell, Conversion

_DATE_KEYS = {"hired", "from", "to", "reference_date"}
_PLAIN = re.compile(r"^[^\W_][\w./()（）、－+-]*$")  # starts with a letter/digit, no YAML indicator inside
_STR_TAG = "tag:yaml.org,2002:str"
# What a YAML file may not hold as it is: characters PyYAML's reader refuses (controls pasted from a
# sheet, e.g. ESC) and the ones YAML 1.1 reads as line breaks (NEL, LS, PS). In a value they are
# written escaped inside double quotes; in a comment, as escape text.
_UNSAFE = re.compile(YAML_NON_PRINTABLE.pattern + "|[\x85\u2028\u2029]")


def _escaped(match: re.Match[str]) -> str:
    return "\\u%04x" % ord(match.group())


def _comment(text: str) -> str:
    """Comment text on one line that the reader accepts, whatever a cell held."""
    return _UNSAFE.sub(_escaped, text).replace("\r", "\\r").replace("\n", "\\n")


def scalar(value: Any, key: str = "") -> str:
    """One YAML scalar, quoted only when YAML would read it differently."""
    if key in _DATE_KEYS and is_iso_date(value):
        return value
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    return _dumped(value)


@lru_cache(maxsize=4096)
def _string(value: str) -> str:
    if "\n" in value or "\r" in value or _UNSAFE.search(value):
        # a JSON string is a valid YAML double-quoted scalar; JSON leaves a few characters YAML refuses
        return _UNSAFE.sub(_escaped, json.dumps(value, ensure_ascii=False))
    if _PLAIN.match(value) and _resolver().resolve(_scalar_node(), value, (True, False)) == _STR_TAG:
        return value  # the common case (ids, names, codes), without a round trip through the emitter
    return _dumped(value)


def _dumped(value: Any) -> str:
    import yaml

    text = yaml.safe_dump([value], allow_unicode=True, default_flow_style=True, width=10**9).strip()
    return text[1:-1]


@lru_cache(maxsize=1)
def _resolver() -> Any:
    import yaml

    return yaml.resolver.Resolver()


def _scalar_node() -> Any:
    import yaml

    return yaml.ScalarNode


def write_plan_yaml(conversion: Conversion, findings: Iterable[Finding] = (), lang: str = "zh",
                    header: str = "") -> str:
    """The plan data as YAML text with provenance comments and ``# ⚠`` problem comments."""
    zh = lang == "zh"
    data = conversion.data
    notes: dict[str, list[str]] = {}
    loose: list[str] = []
    items = _all_items(data)
    for finding in findings:
        item = _item_pointer(finding.pointer)
        cell = finding.extra.get("cell")
        text = f"⚠ {finding.rule} {finding.message}"
        if item and item in items:
            notes.setdefault(item, []).append(text)
        else:
            where = f"{finding.extra.get('file', '')}:{cell}" if cell else ""
            loose.append(f"⚠ {where} {finding.rule} {finding.message}".replace("  ", " "))
    out: list[str] = []
    for line in header.splitlines():
        out.append(f"# {_comment(line)}".rstrip())
    for line in loose:
        out.append(f"# {_comment(line)}")
    for key, value in data.items():
        if key in ("teams", "staff", "requests"):
            continue
        out.append(f"{scalar(key)}: {scalar(value, key)}")
    for list_name in ("teams", "staff", "requests"):
        if list_name not in data:
            continue
        items = data[list_name]
        if not items:
            out.append(f"{list_name}: []")
            continue
        out.append(f"{list_name}:")
        for index, item in enumerate(items):
            pointer = make_pointer(list_name, index)
            cell = conversion.cells.get(pointer)
            if cell is not None:
                out.append(f"  # {_comment(_origin(list_name, item, cell, conversion, pointer, zh))}")
            for note in notes.get(pointer, []):
                out.append(f"  # {_comment(note)}")
            _mapping_item(out, item, "  ", conversion, pointer, cell, zh)
    return "\n".join(out) + "\n"


def _origin(list_name: str, item: Mapping[str, Any], cell: Cell, conversion: Conversion, pointer: str,
            zh: bool) -> str:
    named_by = conversion.team_named_by.get(str(item.get("id"))) if list_name == "teams" else None
    if named_by == "sheet":  # no column names it: its sheet's name, found at this cell (a title, 單位類型, A5)
        return (f"由工作表名稱「{cell.sheet}」建立（{cell.ref}）" if zh else f"made from the name of sheet {cell.sheet!r} "
                f"({cell.ref})")
    if named_by == "heading":
        return f"由 {cell.ref} 的單位標題列建立" if zh else f"made from the unit heading row at {cell.ref}"
    if list_name == "teams" and cell.column is not None:  # created from a staff row's 單位/組別
        return (f"由 {cell.comment('zh')} 的單位/組別建立" if zh else f"made from the team column of {cell.comment('en')}")
    return cell.comment("zh" if zh else "en")


def _mapping_item(out: list[str], item: Mapping[str, Any], indent: str, conversion: Conversion, pointer: str,
                  parent: Cell | None, zh: bool) -> None:
    first = True
    for key, value in item.items():
        lead = f"{indent}- " if first else f"{indent}  "
        first = False
        if key == "history" and isinstance(value, list):
            out.append(f"{lead}history:")
            for seg_index, segment in enumerate(value):
                seg_pointer = f"{pointer}/history/{seg_index}"
                cell = conversion.cells.get(seg_pointer)
                if cell is not None and parent is not None and (cell.file, cell.sheet, cell.row) != (
                        parent.file, parent.sheet, parent.row):
                    out.append(f"{indent}    # {_comment(cell.comment('zh' if zh else 'en'))}")
                if segment:
                    _mapping_item(out, segment, indent + "    ", conversion, seg_pointer, cell, zh)
                else:
                    out.append(f"{indent}    - {{}}")
            continue
        out.append(f"{lead}{scalar(key)}: {scalar(value, key)}")
    if first:
        out.append(f"{indent}- {{}}")


def drop_fixed_notes(text: str, fixed: Iterable[Finding], position: Callable[[str], tuple[int | None, int | None]]) -> str:
    """``text`` (a plan this module wrote, with fixes applied) without the ``# ⚠ RULE …`` note of each
    fixed finding: the note sits in the comments right above its item, and a note saying 「列為資深社工」
    above a fixed ``role: social_worker`` would contradict the line below it. ``position``: the fixed
    text's item positions (``Document.position``). Other comments (the item's sheet and row) stay."""
    lines = text.split("\n")
    drop: set[int] = set()
    for finding in fixed:
        item = _item_pointer(finding.pointer)
        line = position(item)[0] if item else None
        index = (line or 0) - 2  # the line above the item's first line, 0-based
        while index >= 0 and lines[index].lstrip().startswith("#"):
            if lines[index].lstrip().startswith(f"# ⚠ {finding.rule} "):
                drop.add(index)
            index -= 1
    return "\n".join(line for index, line in enumerate(lines) if index not in drop)


def _item_pointer(pointer: str) -> str:
    """The list item a pointer is inside (``/staff/3/history/0/to`` → ``/staff/3``)."""
    parts = pointer.split("/")
    return "/".join(parts[:3]) if len(parts) >= 3 and parts[1] in ("teams", "staff", "requests") else ""


def _all_items(data: Mapping[str, Any]) -> set[str]:
    return {make_pointer(name, i) for name in ("teams", "staff", "requests") for i in range(len(data.get(name) or []))}
