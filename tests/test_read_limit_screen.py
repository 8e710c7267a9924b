"""The byte-level screen in front of the compiled parser (sncheck/read/limit_screen.py).

What it promises, checked against libyaml's own events: when it says FITS, the text is within the
item limit (always) and the depth limit (for texts without quotes, where the bracket count is exact);
the hostile inputs never reach yaml-rs; ordinary plans never pay for the precise pass.
"""

from __future__ import annotations

import random
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from hostile import CASES
from sncheck.read import fastpath, source
from sncheck.read.limit_screen import Screen, flow_depth_bound, screen
from sncheck.read.limits import Limits
from sncheck.read.source import ProblemError
from sncheck.read.document import read_document

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import plangen  # noqa: E402

pytest.importorskip("yaml_rs")

_STARTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_ENDS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def nodes_and_depth(text: str) -> tuple[int, int] | None:
    """Items and nesting as libyaml's events count them (the reference pre-scan's counting), or None."""
    nodes = depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, _ENDS):
                depth -= 1
            elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, *_STARTS)):
                nodes += 1
                if isinstance(event, _STARTS):
                    depth += 1
                    deepest = max(deepest, depth)
    except yaml.YAMLError:
        return None
    return nodes, deepest


def _texts() -> list[str]:
    from test_read_fastpath import _FUZZ_TOKENS, TRICKY

    rnd = random.Random(12)
    bases = [plangen.plan_text(rnd.randint(1, 6), seed=s) for s in range(8)]
    texts = list(TRICKY.values()) + bases + [
        "- - - - x\n", "a:\n- b:\n  - c:\n    - d:\n      - e\n", "a:\n b:\n  c:\n   d: 1\n", "[a: b, c: d]\n",
        "{a, b, c}\n", "[:, :, :]\n", "a\n...\nb\n...\nc\n", "---\n---\n---\n", "? a\n? b\n", "-\n-\n-\n",
        "x: &a [1, 2]\ny: *a\n", "{a: {b: {c: [[[1]]]}}}\n", "- [- x]\n", "a: !!str 1\n"]
    for _ in range(400):
        chars = list(rnd.choice(bases))
        for _ in range(rnd.randint(1, 6)):
            where = rnd.randrange(len(chars) + 1)
            chars[where:where] = list(rnd.choice(_FUZZ_TOKENS + ["[", "{", "- ", "  ", "\n  - "]))
        texts.append("".join(chars))
    return texts


TEXTS = _texts()


def test_the_item_bound_is_never_below_libyamls_count() -> None:
    checked = 0
    for text in TEXTS:
        counted = nodes_and_depth(text)
        if counted is None or counted[0] < 2:
            continue
        checked += 1
        over = replace(Limits(), max_nodes=counted[0] - 1)
        assert screen(text.encode(), over) is not Screen.FITS, text
    assert checked > 150


def test_the_depth_bound_is_never_below_libyamls_count_for_texts_without_quotes() -> None:
    checked = 0
    for text in TEXTS:
        counted = nodes_and_depth(text)
        if counted is None or counted[1] < 2 or "'" in text or '"' in text:
            continue
        checked += 1
        too_shallow = replace(Limits(), max_depth=counted[1] - 1)
        assert screen(text.encode(), too_shallow) is Screen.SCAN, text
    assert checked > 100


@pytest.mark.parametrize("brackets, depth", [
    (b"", 0), (b"[]", 1), (b"{[]}", 2), (b"[][]{}", 1), (b"[{}[[]]]", 3), (b"[[", 2), (b"]]", 0),
    (b"[" * 1000 + b"]" * 1000, 65), (b"[[][[][[]", 4)])
def test_flow_depth_is_counted_on_the_brackets(brackets: bytes, depth: int) -> None:
    assert flow_depth_bound(brackets, 64) == depth


def test_a_key_limit_below_libyamls_own_is_screened_by_line_length() -> None:
    text = b"format: sncheck/plan@1\nabcdefghijkl: 1\n"
    assert screen(text, replace(Limits(), max_key_chars=10)) is Screen.SCAN
    assert screen(text, replace(Limits(), max_key_chars=30)) is Screen.FITS
    with pytest.raises(ProblemError) as info:  # the reference path reports it, as it always did
        read_document("p.yaml", text, replace(Limits(), max_key_chars=10))
    assert (info.value.problem.code, info.value.problem.line) == ("key_length", 2)


@pytest.fixture()
def compiled_parser_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records the size of every text handed to yaml-rs."""
    libs = fastpath._libraries()
    assert libs is not None
    yaml_rs, policy, parser = libs
    calls: list[int] = []

    class Recording:
        DuplicateKeyPolicy = yaml_rs.DuplicateKeyPolicy

        @staticmethod
        def loads(text: str, **kwargs: Any) -> Any:
            calls.append(len(text))
            return yaml_rs.loads(text, **kwargs)

    monkeypatch.setattr(fastpath, "_libraries", lambda: (Recording, policy, parser))
    return calls


LIMIT_REASONS = ("size", "items", "depth", "alias", "key_length")


@pytest.mark.parametrize("name", sorted(n for n, (path, _, reason) in CASES.items()
                                        if path.endswith(".yaml") and reason in LIMIT_REASONS))
def test_yaml_past_a_limit_never_reaches_the_compiled_parser(name: str, compiled_parser_calls: list[int]) -> None:
    path, make, reason = CASES[name]
    with pytest.raises(ProblemError) as info:
        read_document(path, make())
    assert info.value.problem.code == reason
    assert compiled_parser_calls == []


@pytest.mark.parametrize("staff, flow", [(300, False), (300, True), (3000, False), (3000, True)])
def test_plans_within_the_limits_take_the_fast_path_without_the_precise_pass(
        staff: int, flow: bool, compiled_parser_calls: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    def no_prescan(*args: Any, **kwargs: Any) -> bool:
        raise AssertionError("the precise pass ran")

    monkeypatch.setattr(source, "_yaml_prescan", no_prescan)
    text = plangen.plan_text(staff, seed=5, flow=flow)
    assert fastpath.read_yaml(text, Limits()) is not None
    assert compiled_parser_calls == [len(text)]


def test_a_plan_over_the_item_limit_is_refused_by_the_fast_path_as_by_the_reference_path() -> None:
    text = plangen.plan_text(300, seed=5, flow=True)
    limits = replace(Limits(), max_nodes=5000)
    with pytest.raises(ProblemError) as fast:
        fastpath.read_yaml(text, limits)
    with pytest.raises(ProblemError) as reference:
        source.read_yaml("p.yaml", text, limits)
    assert fast.value.problem == reference.value.problem and fast.value.problem.code == "items"
