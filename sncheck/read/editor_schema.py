"""The plan schema for editors: the canonical schema plus what people may type.

``schemas/plan.schema.json`` describes a plan *after* normalization (codes,
ISO dates). In an editor, people type zh-TW labels (``role: 社工員``), ROC
dates (``111/1/1``) and ``台中市``; sncheck accepts those, so the editor must
too. This variant is derived, never stored: every code field's enum gets the
aliases from ``sncheck/model/vocabulary.py``, the date definition gets the date
pattern ``sncheck/model/dates.py`` parses, and county names get their ``台``
spelling. The canonical file stays the single definition of the shape.

Two more things sncheck accepts that an editor would flag: a code or county written with spaces around it
(``role: "社工員 "``; sncheck strips them before looking the value up), and YAML 1.1's booleans
(``protective: yes``, ``on``, ``off``): sncheck reads YAML 1.1, as PyYAML does, while yaml-language-server
reads YAML 1.2 by default, where ``yes`` is text. Each enum also takes its values with padding, and each
boolean field those words (docs/editors.md also says how to switch the editor to YAML 1.1).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from sncheck.model import vocabulary as vocab
from sncheck.model.dates import DATE_PATTERN
from sncheck.read.plan_schema import plan_schema

EDITOR_ID = "https://sncheck.invalid/schemas/plan@1.editor.json"


def ecma_pattern(pattern: str) -> str:
    """A Python regex as an ECMA-262 one (JSON Schema patterns): drop group names."""
    return re.sub(r"\(\?P<\w+>", "(", pattern)


def _field_schema(schema: dict[str, Any], kind: str, field: str) -> dict[str, Any]:
    holder = schema if kind == "plan" else schema["$defs"][kind]
    node = holder["properties"][field]
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _add(values: list[Any], extra: list[str]) -> list[Any]:
    return values + [v for v in extra if v not in values]


# The words PyYAML's YAML 1.1 resolver reads as booleans (sncheck reads plans with it), besides true/false.
YAML11_BOOLEANS = ("yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
                   "true", "True", "TRUE", "false", "False", "FALSE")


def _ecma_escape(text: str) -> str:
    """``text`` as a literal in an ECMA-262 pattern with the ``u`` flag (ajv's), where ``re.escape``'s ``\\-``
    or ``\\ `` would be syntax errors: only the syntax characters are escaped."""
    return re.sub(r"[\\^$.|?*+()\[\]{}/]", lambda m: "\\" + m.group(), text)


def _padded_enum(node: dict[str, Any]) -> None:
    """``enum`` → the values as written, or any of them with white space around it (as sncheck strips it)."""
    values = [v for v in node.pop("enum") if isinstance(v, str)]
    alternation = "|".join(_ecma_escape(v) for v in sorted(values, key=len, reverse=True))
    node["anyOf"] = [{"enum": values},
                     {"type": "string", "pattern": f"^(?:\\s+(?:{alternation})\\s*|(?:{alternation})\\s+)$"}]


def _yaml11_booleans(node: Any) -> None:
    """Every ``"type": "boolean"`` below ``node`` also takes YAML 1.1's boolean words as text."""
    if isinstance(node, dict):
        for value in node.values():  # the children first: the new anyOf below holds a boolean of its own
            _yaml11_booleans(value)
        if node.get("type") == "boolean":
            del node["type"]
            node["anyOf"] = [{"type": "boolean"}, {"enum": list(YAML11_BOOLEANS)}]
    elif isinstance(node, list):
        for value in node:
            _yaml11_booleans(value)


def editor_schema() -> dict[str, Any]:
    schema = copy.deepcopy(plan_schema())
    schema["$id"] = EDITOR_ID
    schema["title"] += " — editor variant: zh-TW labels and ROC dates accepted"
    coded: dict[int, dict[str, Any]] = {}
    for (kind, field), vocabulary in vocab.FIELD_VOCABULARIES.items():
        node = _field_schema(schema, kind, field)
        words = [alias for aliases in vocabulary.values() for alias in aliases]
        words += list(vocab.IMPLYING.get((kind, field), {}))  # 保護性社工: a code and a flag (normalize sets both)
        node["enum"] = _add(list(node["enum"]), words)
        node["description"] = "；".join(f"{code}: {'/'.join(aliases)}" for code, aliases in vocabulary.items())
        coded[id(node)] = node  # a definition two fields share ($ref) once
    county = schema["properties"]["county"]
    county["enum"] = _add(list(county["enum"]), [name.replace("臺", "台") for name in vocab.COUNTIES])
    for node in (*coded.values(), county):
        _padded_enum(node)
    _yaml11_booleans(schema)
    schema["$defs"]["date"] = {
        "type": "string",
        "pattern": ecma_pattern(DATE_PATTERN),
        "description": "ISO 2022-01-01, or ROC 111-01-01, 111/1/1, 民國111年1月1日",
    }
    return schema
