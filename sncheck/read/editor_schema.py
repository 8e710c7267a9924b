"""The plan schema for editors: the canonical schema plus what people may type.

``schemas/plan.schema.json`` describes a plan *after* normalization (codes,
ISO dates). In an editor, people type zh-TW labels (``role: 社工員``), ROC
dates (``111/1/1``) and ``台中市``; sncheck accepts those, so the editor must
too. This variant is derived, never stored: every code field's enum gets the
aliases from ``sncheck/model/vocabulary.py``, the date definition gets the date
pattern ``sncheck/model/dates.py`` parses, and county names get their ``台``
spelling. The canonical file stays the single definition of the shape.
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


def editor_schema() -> dict[str, Any]:
    schema = copy.deepcopy(plan_schema())
    schema["$id"] = EDITOR_ID
    schema["title"] += " — editor variant: zh-TW labels and ROC dates accepted"
    for (kind, field), vocabulary in vocab.FIELD_VOCABULARIES.items():
        node = _field_schema(schema, kind, field)
        node["enum"] = _add(list(node["enum"]), [alias for aliases in vocabulary.values() for alias in aliases])
        node["description"] = "；".join(f"{code}: {'/'.join(aliases)}" for code, aliases in vocabulary.items())
    county = schema["properties"]["county"]
    county["enum"] = _add(list(county["enum"]), [name.replace("臺", "台") for name in vocab.COUNTIES])
    schema["$defs"]["date"] = {
        "type": "string",
        "pattern": ecma_pattern(DATE_PATTERN),
        "description": "ISO 2022-01-01, or ROC 111-01-01, 111/1/1, 民國111年1月1日",
    }
    return schema
