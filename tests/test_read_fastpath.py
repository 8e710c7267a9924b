"""The fast path (yaml_rs + jsonschema_rs) must give exactly what the reference path (PyYAML + jsonschema) gives.

Same data, same position for every item, same findings, same messages; where
the fast path is unsure it must hand over to the reference path. Skipped
when the compiled libraries are not installed (the reference path then runs).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from sncheck.read import fastpath
from sncheck.engine.checker import Checker, Options
from sncheck.read.limits import Limits
from sncheck.read.source import ProblemError, read_yaml
from sncheck.model.pointers import make_pointer
from sncheck.read.document import read_document

pytest.importorskip("yaml_rs")
pytest.importorskip("jsonschema_rs")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import plangen  # noqa: E402


def _pointers(data: Any, pointer: str = "") -> Iterator[str]:
    yield pointer
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _pointers(value, pointer + make_pointer(key))
        yield pointer + "/not-there"
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _pointers(value, f"{pointer}/{index}")


def _reference(text: str) -> Any:
    try:
        doc = read_yaml("p.yaml", text, Limits())
    except ProblemError as exc:
        return ("problem", exc.problem)
    except Exception as exc:  # noqa: BLE001 - compared, not hidden
        return ("exception", type(exc).__name__)
    return doc


def _fast(text: str) -> Any:
    try:
        doc = read_document("p.yaml", text.encode("utf-8"))
    except ProblemError as exc:
        return ("problem", exc.problem)
    except Exception as exc:  # noqa: BLE001
        return ("exception", type(exc).__name__)
    return doc


def assert_same_reading(text: str) -> None:
    ref, fast = _reference(text), _fast(text)
    if isinstance(ref, tuple) or isinstance(fast, tuple):
        assert ref == fast
        return
    assert fast.data == ref.data and json.dumps(fast.data) == json.dumps(ref.data)  # types too (1 vs 1.0 vs True)
    for pointer in _pointers(ref.data):
        assert fast.position(pointer) == ref.position(pointer), pointer


GENERATED = [plangen.plan_text(20, seed) for seed in range(6)]
FILES = (sorted((ROOT / "examples").glob("*.y*ml")) + sorted((ROOT / "tests").rglob("*.y*ml"))
         + sorted((ROOT / "rules").rglob("*.y*ml")))


@pytest.mark.parametrize("text", GENERATED, ids=[f"seed{i}" for i in range(len(GENERATED))])
def test_generated_plans_take_the_fast_path_and_read_identically(text: str) -> None:
    assert fastpath.read_yaml(text, Limits()) is not None  # the fast path really answers
    assert_same_reading(text)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_example_and_test_file_reads_identically(path: Path) -> None:
    assert_same_reading(path.read_text(encoding="utf-8-sig"))


TRICKY = {
    "yaml11-bools": "a: yes\nb: No\nc: on\nd: OFF\ne: true\n",
    "quoted-bools": "a: 'yes'\nb: \"no\"\n",
    "quoted-numbers": "a: \"003\"\nb: '1e3'\nc: \"true\"\n",
    "quoted-and-plain-same-text": "a: \"003\"\nb: 003\n",
    "quoted-inside-longer-text": "a: \"003\"\nb: R-003 # 003 in a comment\n",
    "quoted-and-plain-in-flow": "a: [\"003\", 003]\n",
    "quoted-and-plain-key": "\"003\": 1\nb: {003: 2}\n",
    "octal-and-bases": "a: 010\nb: 0o10\nc: 0x1F\nd: 0b101\ne: -010\n",
    "exponents": "a: 1e3\nb: 1.5e3\nc: 1.0e+3\nd: 2E5\n",
    "underscores-sexagesimal": "a: 1_000\nb: 1:30\nc: 190:20:30\n",
    "inf-nan": "a: .inf\nb: -.Inf\nc: .nan\n",
    "dates": "a: 2022-01-01\nb: '2022-01-01'\nc: 2022-1-1\nd: 2022-01-01 10:00:00\ne: 2022-01-01T10:00:00Z\n",
    "nulls": "a:\nb: ~\nc: null\nd: 'null'\ne: ''\n",
    "keys": "1: a\ntrue: b\n~: c\n2022-01-01: d\n'x y': e\n",
    "merge-anchor-alias": "base: &b {x: 1}\nitem:\n  <<: *b\n  y: 2\n",
    "tags": "a: !!str 5\nb: !!int '7'\n",
    "duplicate-key": "a: 1\nb: 2\na: 3\n",
    "two-documents": "a: 1\n---\nb: 2\n",
    "leading-document-marker": "# comment\n---\na: 1\nb: [1, 2]\n",
    "syntax-error": "a: [1, 2\nb: 3\n",
    "tab-indent": "a:\n\tb: 1\n",
    "crlf": "a: 1\r\nb:\r\n  - x\r\n  - y\r\n",
    "same-indent-sequence": "a:\n- x: 1\n  y: 2\n- x: 3\nb: 4\n",
    "block-scalars": "a: |\n  line 1\n  line 2\nb: >\n  folded\nc: 3\n",
    "multi-line-flow": "a: [1,\n  2, 3]\nb: {x: 1,\n  y: 2}\nc: 3\n",
    "flow-spanning-key-lines": "a: [1,\nb: 2]\nc: 3\n",
    "quoted-spanning-key-lines": "a: \"x\ny: z\"\nc: 3\n",
    "sequence-items-spanning": "s:\n  - {id: 1,\n  x: 2}\n  - {id: 2}\nt: 1\n",
    "apostrophes-and-single-quotes": "a:\n  - x: the county's plan\n    y: 'it''s'\n  - x: ''\n    y: 'multi\n  line: z'\nb: 1\n",
    "single-quoted-spanning-key-lines": "a: 'x\ny: z'\nc: 3\n",
    "nested-sequences": "a:\n  - - 1\n    - 2\n  - - 3\n",
    "empty-item-then-mapping": "a:\n  -\n    x: 1\n  - y: 2\n",
    "comments-everywhere": "# top\na: # after key\n  # own line\n  b: 1 # after value\n",
    "unicode-and-quotes": "名稱: \"社工 'A'\"\n備註: it's fine\nx: 臺中市\n",
    "equals-and-question": "a: =\nb: what?\n? c\n: d\n",
    "top-level-list": "- 1\n- 2\n",
    "scalar-document": "just text\n",
    "deep-nesting": "a: " + "[" * 70 + "]" * 70 + "\n",
    "plus-sign-and-dot": "a: +5\nb: 1.\nc: .5\nd: -0\ne: 0.70\nf: 00.5\n",
    "numbers-in-flow-and-keys": "a: [010, 1e3]\nb: {x: 0x1F}\n010: c\nd: [1_000]\ne: 1.5_0\nf: 1.0e+3 # c\n",
    "numbers-inside-text": "a: 002's share\nb: 1e3 items\nc: = sign\nd: x = y\ne: 010abc\n",
    "lone-equals-in-flow": "a: [=, b]\n",
    "huge-integers": "a: " + "7" * 5000 + "\nb: 123456789012345678901234567890\n",
    "empty-value-in-sequence": "a:\n  -\n  - 1\n",
    "control-character-in-comment": "a: 1\n# pasted \x1b[31m from a sheet\nb: 2\n",
    "control-character-in-value": "a: x\x07y\nb: \"\\u0007\"\n",
    # found by a differential fuzz (fast vs reference on mutated plans):
    "flow-continued-less-indented": "staff:\n  - {id: S1, prof\nession: x}\nb: 1\n",
    "flow-key-then-comma": "teams:\n  - {id: T1, unit_type:, program: x}\n",
    "question-mark-starting-a-flow-key": "requests:\n  - {id: R1, ?team: T1}\n",
    "ideographic-space-ending-a-key": "plan_year\u3000: 1\nb:\n  c: 2\n",
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_yaml_reads_identically(name: str) -> None:
    assert_same_reading(TRICKY[name])


# Differential fuzz: small plans with a few tokens inserted or characters deleted, read on both paths.
# Each class of difference it found is a TRICKY case above; SNCHECK_FUZZ_EXAMPLES scales it (bench/fuzz.py).
_FUZZ_TOKENS = ["yes", "No", "010", "0x1F", "1e3", "1_000", "1:30", ".inf", "~", "''", '"b"', "#", " #c", ": ", "- ",
                "[", "]", "{", "}", ",", "?", "&x", "*x", "!!str", "\n", "\r\n", "  ", "2022-1-1", "110/1/1", "=",
                "<<", "---", "%", "|", ">", "'", '"', "\u3000", "\x85", "\u2028", "\x1b", "é", "+1", "00.5", "1."]


@pytest.mark.parametrize("seed", range(4))
def test_mutated_plans_read_identically_on_both_paths(seed: int) -> None:
    import os
    import random

    rnd = random.Random(seed)
    bases = [plangen.plan_text(rnd.randint(1, 4), seed=s) for s in range(6)]
    for _ in range(int(os.environ.get("SNCHECK_FUZZ_EXAMPLES", "60")) * 2):
        chars = list(rnd.choice(bases))
        for _ in range(rnd.randint(1, 4)):
            where = rnd.randrange(len(chars) + 1)
            if rnd.random() < 0.75:
                chars[where:where] = list(rnd.choice(_FUZZ_TOKENS))
            else:
                del chars[where:where + rnd.randint(1, 5)]
        assert_same_reading("".join(chars))


def _findings(checker: Checker, path: Path) -> list[dict[str, Any]]:
    result = checker.check_bytes(str(path), path.read_bytes())
    return [f.to_dict() for f in result.findings]


def test_findings_are_identical_to_the_reference_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = list(FILES)
    for seed, text in enumerate(GENERATED):
        path = tmp_path / f"gen-{seed}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    broken = tmp_path / "schema-errors.yaml"  # invalid: the detailed SCHEMA001 messages come from jsonschema
    broken.write_text(GENERATED[0].replace("role: ", "role: chief_", 2).replace("funding: ", "fundng: ", 1),
                      encoding="utf-8")
    paths.append(broken)
    checker = Checker(Options(load_entry_points=False))
    fast = {p: _findings(checker, p) for p in paths}
    assert any(f["rule"] == "SCHEMA001" for f in fast[broken])
    monkeypatch.setattr(fastpath, "read_yaml", lambda text, limits: None)
    monkeypatch.setattr(fastpath, "schema_valid", lambda data: None)
    reference = {p: _findings(checker, p) for p in paths}
    assert fast == reference


SCHEMA_CASES = [
    {}, {"plan_year": 1.0}, {"plan_year": True}, {"plan_year": "111"}, {"plan_year": 106},
    {"county": "台北縣"}, {"central_share": 1.5}, {"financial_tier": 2.0}, {"teams": {}},
    {"staff": [{"id": "S", "team": "T1", "role": "social_worker", "funding": "central", "pay_points": 0}]},
    {"staff": [{"id": "S", "team": "T1", "role": "social_worker", "funding": "central", "hired": "2022-13-45"}]},
    {"staff": [{"id": "S", "team": "T1", "role": "social_worker", "funding": "central", "x-note": 1}]},
    {"staff": [{"id": "", "team": "T1", "role": "social_worker", "funding": "central"}]},
    {"requests": [{"id": "R", "unit_type": "other", "category": "other", "funding_source": "county", "amount": -1}]},
]


@pytest.mark.parametrize("change", SCHEMA_CASES, ids=[json.dumps(c, ensure_ascii=False)[:40] for c in SCHEMA_CASES])
def test_compiled_validator_agrees_with_jsonschema(change: dict[str, Any]) -> None:
    from sncheck.read.schema import _problems

    plan = {"format": "sncheck/plan@1", "county": "臺中市", "plan_year": 111,
            "teams": [{"id": "T1", "unit_type": "social_welfare_center"}], "staff": []}
    plan.update(change)
    assert fastpath.schema_valid(plan) is (not list(_problems(plan)))


def test_the_copied_yaml11_resolver_table_is_pyyamls() -> None:
    from yaml.resolver import Resolver

    theirs = {ch: [(tag, rx.pattern, rx.flags) for tag, rx in items]
              for ch, items in Resolver.yaml_implicit_resolvers.items() if ch}
    ours = {ch: [(tag, rx.pattern, rx.flags) for tag, rx in items] for ch, items in fastpath._pyyaml_resolvers().items()}
    assert ours == theirs


def test_without_libyaml_the_reference_path_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path checks syntax with libyaml's parser; a PyYAML built without it means no fast path."""
    text = GENERATED[0]
    monkeypatch.setitem(sys.modules, "yaml._yaml", None)  # import yaml._yaml now raises ImportError
    fastpath._libraries.cache_clear()
    try:
        assert fastpath._libraries() is None and fastpath.read_yaml(text, Limits()) is None
        assert read_document("p.yaml", text.encode("utf-8")).data == _reference(text).data
    finally:
        monkeypatch.undo()
        fastpath._libraries.cache_clear()


def test_the_copied_non_printable_pattern_is_pyyamls() -> None:
    from yaml.reader import Reader

    assert fastpath.YAML_NON_PRINTABLE.pattern == Reader.NON_PRINTABLE.pattern


def test_a_control_character_is_a_parse001_at_its_place_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "format: sncheck/plan@1\ncounty: 臺中市  # 備註\x1b[0m\n"
    for fast in (True, False):
        monkeypatch.setattr(fastpath, "ENABLED", fast)
        fastpath._libraries.cache_clear()
        (finding,) = Checker(Options(load_entry_points=False, lang="en")).check_bytes("p.yaml", text.encode()).findings
        assert (finding.rule, finding.line, finding.column) == ("PARSE001", 2, 18)
        assert finding.message == ("YAML does not accept the control character U+001B (delete it, or write \\u001B "
                                   "inside a double-quoted string)")
    fastpath._libraries.cache_clear()


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_block_locator_matches_pyyaml_marks_even_off_the_fast_path(name: str) -> None:
    """The scanner alone, on every text PyYAML reads: it answers like PyYAML or hands over."""
    ref = _reference(TRICKY[name])
    if isinstance(ref, tuple):
        pytest.skip("PyYAML does not read this text")
    locator = fastpath.BlockLocator(TRICKY[name], ref.position)
    for pointer in _pointers(ref.data):
        assert locator.locate(pointer) == ref.position(pointer), pointer


@pytest.mark.parametrize("limit", ["max_nodes", "max_depth", "max_key_chars"])
def test_limits_are_counted_as_the_reference_path_counts(limit: str) -> None:
    """At the exact limit both paths read the file; one below it both refuse it (PARSE001)."""
    from dataclasses import replace

    text = "a:\n  - {k: 1, long_key_name: [1, 2]}\n  - x\nb: {c: {d: 1}}\n"
    ref = read_yaml("p.yaml", text, Limits())
    nodes = sum(1 for _ in _pointers(ref.data) if not _.endswith("/not-there")) + sum(
        len(v) for p in _pointers(ref.data) if not p.endswith("/not-there")
        for v in [_resolve(ref.data, p)] if isinstance(v, dict))  # values + keys + collections
    exact = {"max_nodes": nodes, "max_depth": 4, "max_key_chars": len("long_key_name")}[limit]
    for value, readable in ((exact, True), (exact - 1, False)):
        limits = replace(Limits(), **{limit: value})
        try:
            reference = read_yaml("p.yaml", text, limits).data
        except ProblemError as exc:
            reference = exc.problem
        assert isinstance(reference, dict) is readable
        try:  # the fast path refuses by handing over (None) or with the reference path's own PARSE001
            fast = fastpath.read_yaml(text, limits)
        except ProblemError as exc:
            fast = exc.problem
        if readable or fast is not None:
            assert fast == reference


def _resolve(data: Any, pointer: str) -> Any:
    from sncheck.model.pointers import pointer_tokens

    for token in pointer_tokens(pointer):
        data = data[int(token)] if isinstance(data, list) else data[token]
    return data


def test_risky_number_regex_matches_where_its_plain_form_does() -> None:
    """The fast prescan's character-class-first regex is the readable lookbehind-first one, only quicker."""
    import random
    import re

    plain = re.compile(r"(?:^|(?<=[\s\[{,]))[-+]?" + fastpath._RISKY_BODY + fastpath._END, re.M)
    rnd = random.Random(4)
    alphabet = "0123456789.-+_eExXoObBa:,[]{}# \t\n\rinfINFnaN"
    texts = [snippet for snippet in TRICKY.values()] + GENERATED[:2] + [
        "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14))) for _ in range(4000)]
    for text in texts:
        assert bool(plain.search(text)) == bool(fastpath._RISKY_NUMBER.search(text)), text
        for pos in range(len(text) + 1):
            assert bool(plain.match(text, pos)) == bool(fastpath._RISKY_NUMBER.match(text, pos)), (text, pos)


def test_risky_syntax_regex_matches_where_its_plain_form_does() -> None:
    """The same for the syntax prescan: from the start of the text or of any line (where ``read_yaml`` starts)."""
    import random
    import re

    plain = re.compile(r"(?:^|[\s\[\{,])(?:[!&*]|<<|\?)|(?:^|(?<=[\s\[{,]))=" + fastpath._END
                       + r"|^(?:%|---|\.\.\.)|[\t\x85\u2028\u2029\ufeff]", re.M)
    rnd = random.Random(5)
    alphabet = "!&*?<=%.-\t\x85\u2028\u2029\ufeff \n\r[]{},:#a社\u3000"
    texts = [snippet for snippet in TRICKY.values()] + GENERATED[:2] + [
        "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12))) for _ in range(6000)]
    for text in texts:
        for pos in [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]:
            assert bool(plain.search(text, pos)) == bool(fastpath._RISKY_SYNTAX.search(text, pos)), (text, pos)


def test_plain_occurrence_regex_matches_where_its_plain_form_does() -> None:
    import random
    import re

    rnd = random.Random(6)
    alphabet = "01.2 \t\n\r[]{},:#a社\u3000-"
    for value in ("001", "2.0", "0", "1.0e3"):
        plain = re.compile(r"(?:^|(?<=[\s\[{,]))" + re.escape(value) + fastpath._END, re.M)
        fast = fastpath._plain_occurrence(value)
        for _ in range(3000):
            text = "".join(rnd.choice(alphabet) if rnd.random() < 0.7 else value for _ in range(rnd.randint(0, 9)))
            assert bool(plain.search(text)) == bool(fast.search(text)), (value, text)


@pytest.mark.parametrize("seed", [1, 2])
def test_positions_looked_up_in_any_order_are_the_same(seed: int) -> None:
    """Line numbers are counted from lines already found: the order of lookups must not matter."""
    import random

    text = plangen.plan_text(30, seed)
    ref = _reference(text)
    pointers = list(_pointers(ref.data))
    random.Random(seed).shuffle(pointers)
    fast = _fast(text)
    assert [fast.position(p) for p in pointers] == [ref.position(p) for p in pointers]
