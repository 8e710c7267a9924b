"""The fast indented JSON writer must write exactly what ``json.dumps(indent=2)`` writes."""

from __future__ import annotations

import enum
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sncheck.formatters.pretty_json import dumps_indented

scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
           | st.text())
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=25)


def stdlib(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


@settings(max_examples=400)
@given(values)
def test_same_text_as_the_standard_library(value: object) -> None:
    assert dumps_indented(value) == stdlib(value)


@given(values)
def test_prefix_nests_every_line_after_the_first(value: object) -> None:
    assert dumps_indented(value, "    ") == stdlib(value).replace("\n", "\n    ")


class Colour(str, enum.Enum):
    RED = "red"


class Size(enum.IntEnum):
    BIG = 3


def test_unusual_values_are_written_by_the_standard_library() -> None:
    unusual = {"nan": math.nan, "inf": [-math.inf], 1: "int key", None: 2.5, "enum": [Colour.RED, Size.BIG],
               "tuple": (1, ("a", {})), "esc": "\"\\\n\t\u2028 中文 \x00"}
    assert dumps_indented(unusual) == stdlib(unusual)
    assert dumps_indented(unusual, "  ") == stdlib(unusual).replace("\n", "\n  ")


def test_a_finding_document_is_pretty_printed() -> None:
    doc = {"files": [{"path": "a.yaml", "findings": []}], "summary": {"errors": 0}}
    assert dumps_indented(doc) == ('{\n  "files": [\n    {\n      "path": "a.yaml",\n      "findings": []\n    }\n'
                                   '  ],\n  "summary": {\n    "errors": 0\n  }\n}')


def test_a_cycle_fails_as_the_standard_library_does() -> None:
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps_indented(loop)
