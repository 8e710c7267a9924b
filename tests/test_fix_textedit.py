"""Minimal text edits: each patch op changes only the characters of its value, and refuses what it cannot do."""

from __future__ import annotations

import pytest

from sncheck.model.findings import Applicability, Finding, Fix, Severity
from sncheck.fix.fixer import combine
from sncheck.fix.textedit import EditError, edit_text, yaml_value


def op(kind: str, path: str, value: object = None) -> dict:
    return {"op": kind, "path": path, "value": value}


@pytest.mark.parametrize("before, after", [
    ("a: x  # c\n", "a: county  # c\n"),
    ("a: 'x'\n", "a: 'county'\n"),
    ('a: "x"\n', 'a: "county"\n'),
    ("a:   x\n", "a:   county\n"),
    ("a: &k x\n", "a: &k county\n"),  # the anchor stays
    ("a: !!str x\n", "a: !!str county\n"),
    ("a:\nb: 1\n", "a: county\nb: 1\n"),  # an empty value
    ("x: {a: x, b: 2}\n", None),
])
def test_replace_keeps_quotes_and_surroundings(before: str, after: str | None) -> None:
    if after is None:
        assert edit_text("yaml", before, [op("replace", "/x/a", "county")]) == "x: {a: county, b: 2}\n"
    else:
        assert edit_text("yaml", before, [op("replace", "/a", "county")]) == after


def test_values_that_need_quotes_get_them() -> None:
    assert edit_text("yaml", "a: x\n", [op("replace", "/a", "yes")]) == "a: 'yes'\n"
    assert edit_text("yaml", "a: {b: x}\n", [op("replace", "/a/b", "p, q")]) == "a: {b: 'p, q'}\n"
    assert edit_text("yaml", "a: 0.7\n", [op("replace", "/a", 0.75)]) == "a: 0.75\n"
    assert edit_text("yaml", "a: '0.7'\n", [op("replace", "/a", 0.75)]) == "a: 0.75\n"  # a number stays a number
    assert yaml_value(1e-05) == "1.0e-05"


def test_add_a_key_block_and_flow_yaml() -> None:
    text = "s:\r\n  - id: A  # c\r\n    h:\r\n      - {x: 1}\r\n  # tail comment\r\n  - {id: B}\r\n"
    out = edit_text("yaml", text, [op("add", "/s/0/funding", "county"), op("add", "/s/1/funding", "county")])
    assert out == ("s:\r\n  - id: A  # c\r\n    h:\r\n      - {x: 1}\r\n    funding: county\r\n"
                   "  # tail comment\r\n  - {id: B, funding: county}\r\n")
    assert edit_text("yaml", "a: {}\n", [op("add", "/a/k", 1)]) == "a: {k: 1}\n"
    assert edit_text("yaml", "a: 1", [op("add", "/b", 2)]) == "a: 1\nb: 2"


def test_json_replace_and_add_keep_indentation_and_order() -> None:
    text = '{\n    "b": 1,\n    "s": [{"id": "A", "f": "c"},\n          {"id": "B"}]\n}\n'
    out = edit_text("json", text, [op("replace", "/s/0/f", "county"), op("add", "/s/1/f", "縣"),
                                   op("add", "/z", True)])
    assert out == '{\n    "b": 1,\n    "s": [{"id": "A", "f": "county"},\n          {"id": "B", "f": "縣"}],\n    "z": true\n}\n'
    escaped = '{"a": "\\u4e2d", "b": "x"}'
    assert edit_text("json", escaped, [op("replace", "/b", "縣")]) == '{"a": "\\u4e2d", "b": "\\u7e23"}'


@pytest.mark.parametrize("text, patch", [
    ("a: |\n  x\n", [op("replace", "/a", "y")]),  # block scalar
    ("a:\n  - 1\n", [op("add", "/a/0", 2)]),  # list items
    ("a: 1\n", [op("remove", "/a")]),
    ("a: 1\n", [op("replace", "/b", 2)]),
    ("a:\n  b: 1\n", [op("replace", "/a", 3)]),  # a block mapping
])
def test_unsupported_edits_are_refused(text: str, patch: list) -> None:
    with pytest.raises(EditError):
        edit_text("yaml", text, patch)


def _finding(rule: str, *ops: dict) -> Finding:
    return Finding(rule, Severity.ERROR, "/x", "m", fix=Fix("d", tuple(ops), Applicability.SAFE))


def test_combine_writes_a_shared_change_once_and_defers_a_conflicting_one() -> None:
    data = {"r": {"f": "a", "g": "b"}}
    first = _finding("A001", op("replace", "/r/f", "county"))
    same = _finding("B001", op("replace", "/r/f", "county"))
    other = _finding("C001", op("replace", "/r/f", "lottery"))
    failing = _finding("D001", op("replace", "/r/g", "c"), {"op": "test", "path": "/r/g", "value": "zzz"})
    after = _finding("E001", {"op": "test", "path": "/r/g", "value": "b"}, op("add", "/r/h", 1))
    chosen, ops, failures = combine([first, same, other, failing, after], data)
    assert chosen == [first, same, after]  # E001 sees /r/g as it was: D001's half-applied patch is dropped
    assert ops == [op("replace", "/r/f", "county"), op("add", "/r/h", 1)]
    assert [f.rule for f, _ in failures] == ["D001"]
    assert data == {"r": {"f": "a", "g": "b"}}  # the caller's data is never modified
