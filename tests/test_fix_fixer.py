"""``sncheck fix``: every rule with a patch is fixed byte for byte in hand-written plans.

Each case under ``tests/fix_cases`` is a plan written the way counties write
them (comments, flow and block style, zh-TW labels, quotes, odd spacing) and
the expected file after fixing (``NAME.fixed.EXT``), written by hand. The
rules a case fixes are in its name (``sup003+fac003-crlf-bom.yaml``); cases
under ``unsafe/`` need ``--unsafe``. Every case also runs as a CRLF copy and
as a UTF-8-with-BOM copy, made here from the LF file.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest

from sncheck.engine.checker import Checker, Options
from sncheck.fix.fixer import fix_bytes
from sncheck.read.document import read_document

CASES_DIR = Path(__file__).parent / "fix_cases"
CASES = sorted(p for p in CASES_DIR.rglob("*") if p.suffix in (".yaml", ".json") and ".fixed." not in p.name)

# Every shipped rule whose findings carry a patch (RULES.md says "(patch)"); each needs a case.
RULES_WITH_PATCHES = {"SUP001", "SUP003", "SEN001", "FAC001", "FAC002", "FAC003", "FAC004", "FAC005", "FAC007",
                      "FUND001"}


def expected_of(case: Path) -> Path:
    return case.with_name(case.name.replace(case.suffix, ".fixed" + case.suffix))


def rules_of_case(case: Path) -> set[str]:
    return {r.upper() for r in re.findall(r"[a-z]+\d{3}", case.stem)}


def variant(raw: bytes, kind: str) -> bytes:
    if kind == "crlf" and b"\r\n" not in raw:
        return raw.replace(b"\n", b"\r\n")
    if kind == "bom" and not raw.startswith(codecs.BOM_UTF8):
        return codecs.BOM_UTF8 + raw
    return raw


@pytest.fixture(scope="module")
def loaded_rules(checker: Checker) -> set[str]:
    return {r.id for r in checker.all_rules()}


def _skip_unloaded(case: Path, loaded: set[str]) -> None:
    missing = rules_of_case(case) - loaded
    if missing:
        pytest.skip(f"rule(s) {', '.join(sorted(missing))} not loaded in this build")


def test_every_rule_with_a_patch_has_a_case(checker: Checker) -> None:
    covered = set().union(*(rules_of_case(c) for c in CASES))
    assert RULES_WITH_PATCHES <= covered
    assert len(CASES) >= 10


@pytest.mark.parametrize("kind", ["as-is", "crlf", "bom"])
@pytest.mark.parametrize("case", CASES, ids=lambda p: str(p.relative_to(CASES_DIR)))
def test_case_is_fixed_byte_for_byte(checker: Checker, loaded_rules: set[str], case: Path, kind: str) -> None:
    _skip_unloaded(case, loaded_rules)
    unsafe = case.parent.name == "unsafe"
    raw = variant(case.read_bytes(), kind)
    expected = variant(expected_of(case).read_bytes(), kind)
    assert raw != expected

    outcome = fix_bytes(checker, case.name, raw, unsafe=unsafe)

    assert outcome.fixed == expected
    assert {f.rule for f in outcome.applied} == rules_of_case(case)
    still = {(f.rule, f.pointer) for f in outcome.remaining.findings}
    assert not [f for f in outcome.applied if (f.rule, f.pointer) in still]
    assert outcome.remaining.findings == []  # each case has nothing else wrong
    again = fix_bytes(checker, case.name, outcome.fixed, unsafe=unsafe)
    assert again.fixed == outcome.fixed and again.applied == []


@pytest.mark.parametrize("case", CASES, ids=lambda p: str(p.relative_to(CASES_DIR)))
def test_only_the_lines_of_patched_values_change(checker: Checker, loaded_rules: set[str], case: Path) -> None:
    """Independent of the hand-written expectation: every other line is byte-identical."""
    _skip_unloaded(case, loaded_rules)
    raw = case.read_bytes()
    outcome = fix_bytes(checker, case.name, raw, unsafe=case.parent.name == "unsafe")
    doc = read_document(case.name, raw)
    patched_lines = {doc.position(op["path"])[0] for f in outcome.applied for op in f.fix.patch}
    old, new = raw.split(b"\n"), outcome.fixed.split(b"\n")
    assert len(old) == len(new)
    changed = {i + 1 for i, (a, b) in enumerate(zip(old, new)) if a != b}
    assert changed == patched_lines


def test_unsafe_fix_is_not_applied_without_unsafe(checker: Checker) -> None:
    raw = (CASES_DIR / "unsafe" / "sup001.json").read_bytes()
    outcome = fix_bytes(checker, "sup001.json", raw)
    assert outcome.fixed == raw and outcome.applied == []
    assert [f.rule for f in outcome.unsafe_left()] == ["SUP001"]


def test_safe_fixes_resolve_an_unsafe_finding_on_the_same_people(checker: Checker) -> None:
    """SUP003 moves both supervisors to county funding; the re-check finds SUP001 gone too."""
    raw = (CASES_DIR / "sup003.yaml").read_bytes()
    before = {f.rule for f in checker.check_bytes("sup003.yaml", raw).findings}
    assert before == {"SUP001", "SUP003"}
    safe = fix_bytes(checker, "sup003.yaml", raw)
    with_unsafe = fix_bytes(checker, "sup003.yaml", raw, unsafe=True)
    assert safe.remaining.findings == [] and safe.fixed == (CASES_DIR / "sup003.fixed.yaml").read_bytes()
    assert with_unsafe.fixed == safe.fixed  # SUP001's patch sets the same fields: written once


def test_broken_file_is_left_alone(checker: Checker) -> None:
    raw = b"format: sncheck/plan@1\nstaff: [\n  {id: S1, funding: central\n"
    outcome = fix_bytes(checker, "broken.yaml", raw)
    assert outcome.fixed == raw and not outcome.changed
    assert [f.rule for f in outcome.remaining.findings] == ["PARSE001"]


def test_select_and_ignore_limit_what_is_fixed() -> None:
    case = CASES_DIR / "sup003+fac003-crlf-bom.yaml"
    only_fac = Checker(Options(select=("FAC",), load_entry_points=False))
    outcome = fix_bytes(only_fac, case.name, case.read_bytes())
    assert {f.rule for f in outcome.applied} == {"FAC003"}
    assert "中央補助".encode() in outcome.fixed  # the supervisor line is untouched
    no_fac = Checker(Options(ignore=("FAC003",), load_entry_points=False))
    outcome = fix_bytes(no_fac, case.name, case.read_bytes())
    assert {f.rule for f in outcome.applied} == {"SUP003"}
    assert "社安網中央補助".encode() in outcome.fixed


def other_plans() -> list[Path]:
    """The examples and the rule fixtures: more plans written by other hands."""
    root = Path(__file__).parent.parent
    found = [*(root / "examples").glob("*"), *(root / "tests" / "rule_fixtures").rglob("*")]
    return sorted(p for p in found if p.suffix in (".yaml", ".yml", ".json") and p.is_file())


def test_no_rule_with_a_patch_lacks_a_case(checker: Checker) -> None:
    """Any finding with a patch in the examples, rule fixtures or cases belongs to a rule that has a fix case."""
    files = other_plans() + CASES
    patched_rules = {f.rule for p in files for f in checker.check_path(p).findings if f.fix and f.fix.patch}
    covered = set().union(*(rules_of_case(c) for c in CASES))
    assert patched_rules and patched_rules <= covered


@pytest.mark.parametrize("plan", other_plans(), ids=lambda p: p.name)
def test_every_patch_in_other_plans_is_written_minimally(checker: Checker, plan: Path) -> None:
    raw = plan.read_bytes()
    outcome = fix_bytes(checker, plan.name, raw, unsafe=True)
    assert outcome.failed == [] and outcome.converged
    assert not [f for f in outcome.remaining.active() if f.fix and f.fix.patch]
    again = fix_bytes(checker, plan.name, outcome.fixed, unsafe=True)
    assert again.fixed == outcome.fixed
    doc = read_document(plan.name, raw)
    patched_lines = {doc.position(op["path"])[0] for f in outcome.applied for op in f.fix.patch}
    old, new = raw.split(b"\n"), outcome.fixed.split(b"\n")
    assert len(old) == len(new)
    assert {i + 1 for i, (a, b) in enumerate(zip(old, new)) if a != b} <= patched_lines


def test_a_fix_is_written_as_a_zh_label_where_the_file_wrote_one_and_as_a_code_where_it_wrote_a_code(checker: Checker) -> None:
    """The file keeps its own vocabulary: 中央補助 becomes 地方自籌, central becomes county."""
    plan = (
        "format: sncheck/plan@1\ncounty: 臺中市\nplan_year: 111\n"
        "teams:\n  - {id: T1, unit_type: 社福中心, program: disability_needs_assessment_quality}\n"
        "staff:\n"
        "  - {id: S1, team: T1, role: 督導, funding: 中央補助}\n"
        "  - {id: S2, team: T1, role: supervisor, funding: central}\n"
    )
    outcome = fix_bytes(checker, "plan.yaml", plan.encode("utf-8"))
    lines = outcome.fixed.decode("utf-8").splitlines()
    assert lines[-2] == "  - {id: S1, team: T1, role: 督導, funding: 地方自籌}"
    assert lines[-1] == "  - {id: S2, team: T1, role: supervisor, funding: county}"
    assert [f.rule for f in outcome.remaining.findings] == []
