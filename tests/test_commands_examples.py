"""The example plans in examples/ give exactly the findings the README and the seeds lead us to expect.

Each example is built from a seed's figures (docs/sources.md); the expectations below were worked out by
hand from RULES.md, not recorded from a run: e.g. Kaohsiung's 44 + 13 care visitors allow 8 centrally
funded supervisors (floor(57 / 7)), the plan lists 9; Tainan's 343 protective cases for 7 protective
workers is the 1:49 of seed 000, so CASE001 asks for ceil(343 / 30) = 12.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sncheck.engine.checker import Checker, Options

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

EXPECTED = {
    "taichung-111.yaml": [],
    "kaohsiung-111.yaml": [
        ("SUP001", "/teams/0", 8),      # H-CV: 57 visitors allow 8 central supervisors, 9 requested
        ("TRAIN001", "/staff/72", 86),  # DA2-07: hired 111, 12 of 30 training hours
        ("SUP003", "/staff/73", 87),    # DA2-S1: central supervisor in the needs-assessment quality programme
        ("QUAL001", "/staff/75", 90),   # MH-02: mental-health social worker with a psychology background
        ("FAC002", "/requests/1", 93),  # administrative cost on the SSN subsidy
        ("FAC004", "/requests/2", 94),  # regional allowance asked of the SSN subsidy
        ("FAC006", "/requests/4", 96),  # new dormitory from lottery public-building funds
    ],
    "tainan-112.yaml": [
        ("CASE001", "/teams/0", 8),     # 343 cases for 7 protective workers (1:49)
        ("SEN001", "/staff/8", 29),     # TNV-1: 3 y 6 m on the SSN budget, county years do not count
        ("SEN002", "/staff/9", 38),     # TNV-2: senior without history
        ("RECR001", "/staff/11", 40),   # TNV-4: hired 112 by transfer
        ("FAC007", "/requests/0", 47),  # placement fee on the SSN subsidy
        ("FAC005", "/requests/1", 48),  # birthday vouchers on the SSN subsidy
    ],
    "taichung-115.yaml": [  # 社安網2.0: only the public-source rules run (drafts, warnings); PACK002 says so
        ("PACK002", "/plan_year", 10),  # only the 3 published 2.0 rules were checked
        ("QUAL2001", "/staff/2", 18),   # RIC-03: 篩派案人員 with a nursing background
        ("SEN2001", "/staff/3", 19),    # RIC-04: 篩派案專員 with 1 y 6 m of 篩派案 work (4 y 11 m of other work do not count)
    ],
    "taipei-110.json": [
        ("CASE001", "/teams/0", 8),     # 240 cases for 7 protective workers
        ("PAY001", "/staff/0", 11),     # P-01: 360 points with 1 y 10 m protective work (3 failed recruitments do not excuse it)
        ("PAY002", "/staff/2", 17),     # P-03: 372 points, no history
        ("FAC003", "/requests/0", 30),  # island allowance on the SSN subsidy
    ],
}


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(Options(load_entry_points=False))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_gives_exactly_the_expected_findings(checker: Checker, name: str) -> None:
    result = checker.check_path(EXAMPLES / name)
    assert [(f.rule, f.pointer, f.line) for f in result.findings] == EXPECTED[name]
    from_rules = [f for f in result.findings if f.family != "input"]  # PACK002 points at the plan year, cites no source
    assert all(f.column == 5 for f in from_rules)
    assert all(f.source is not None and f.source.quote for f in from_rules)


def test_the_115_example_with_phase_2_applied_by_choice(checker: Checker) -> None:
    """The same 115 plan with ``apply_packs``: phase-2 SUP001 on the social welfare team, marked as applied
    by choice; not HIRE001 (the centre's 6 budgeted positions are a unit phase 2 never had) and no PACK002."""
    chosen = Checker(Options(load_entry_points=False, apply_packs={"ssn-phase2": {"to": 119}}))
    result = chosen.check_path(EXAMPLES / "taichung-115.yaml")
    assert [(f.rule, f.pointer, f.line) for f in result.findings] == [
        ("SUP001", "/teams/1", 13), ("QUAL2001", "/staff/2", 18), ("SEN2001", "/staff/3", 19)]
    sup = result.findings[0]
    assert sup.message.endswith("〔依第二期標準（110–114）檢核，2.0 尚無公告規則〕")
    assert sup.extra["applied_by_choice"] == {"pack": "ssn-phase2", "pack_years": "110–114",
                                              "note": "依第二期標準（110–114）檢核，2.0 尚無公告規則"}
    assert "applied_by_choice" not in result.findings[1].extra


def test_every_rule_family_is_shown_by_some_example(checker: Checker) -> None:
    shown = {rule.rstrip("0123456789") for findings in EXPECTED.values() for rule, _, _ in findings}
    families = {rule.id.rstrip("0123456789") for rule in checker.all_rules()}
    assert families - shown <= {"HIRE", "FUND"}  # a passing HIRE and FUND are shown by Taichung and Taipei


def test_dates_and_counts_in_the_messages(checker: Checker) -> None:
    tainan = {f.rule: f for f in checker.check_path(EXAMPLES / "tainan-112.yaml").findings}
    assert "3 年 6 個月" in tainan["SEN001"].message and "6 年 0 個月" in tainan["SEN001"].message
    assert "2023-07-01" in tainan["SEN001"].fix.description  # 2019-07-01 + 4 years
    assert "需 12 名" in tainan["CASE001"].message
    taipei = {f.rule: f for f in checker.check_path(EXAMPLES / "taipei-110.json").findings}
    assert "1 年 10 個月" in taipei["PAY001"].message
    assert "2022-03-01" in taipei["PAY001"].fix.description  # 2019-03-01 + 3 years


def test_the_output_quoted_in_the_readme_is_what_the_tool_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from sncheck.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```text\n(.*?)```", readme, re.S)
    assert len(blocks) == 2  # phase 2 (Kaohsiung 111) and this year's 2.0 plan (Taichung 115)
    monkeypatch.chdir(ROOT)
    out = CliRunner().invoke(main, ["check", "examples/"]).output
    for block in blocks:
        for line in block.strip().splitlines():
            assert line in out.splitlines()


def test_checking_the_examples_folder_checks_the_five_example_plans(monkeypatch: pytest.MonkeyPatch) -> None:
    """README: `sncheck check examples/` checks the example plans; the plugin example's rule fixture
    (x-expect, a 臺中市 plan made to break EXM001) is not one of them (issue 22.10)."""
    from click.testing import CliRunner

    from sncheck.cli import main

    monkeypatch.chdir(ROOT)
    out = CliRunner().invoke(main, ["check", "examples/", "--format", "json"]).output
    checked = sorted(Path(f["path"]).name for f in json.loads(out)["files"])
    assert checked == ["kaohsiung-111.yaml", "taichung-111.yaml", "taichung-115.yaml", "tainan-112.yaml", "taipei-110.json"]
    named = CliRunner().invoke(main, ["check", "examples/plugin-example/tests/exm001_threshold.yaml", "--format", "json"])
    assert [f["path"] for f in json.loads(named.output)["files"]] == ["examples/plugin-example/tests/exm001_threshold.yaml"]
