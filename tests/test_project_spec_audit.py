"""Conformance fixes found by the spec audit (RULES.md / PLAN_FORMAT.md against the code).

Each test runs the real command line on a small plan and asserts what the contract says:
PLAN_FORMAT.md "A year that no loaded rule pack covers gets PACK001 (error, pointing at
/plan_year)", exit status 2 only for usage errors (never for a valid plan), and SCHEMA001
"one finding per problem".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cli_run import sncheck, write
from sncheck.model.service_length import Span, qualifies_on, service_length

HEAD = "format: sncheck/plan@1\ncounty: 臺中市\n"


def findings(tmp_path: Path, text: str) -> tuple[int, list[tuple[str, str, int]]]:
    run = sncheck(["check", str(write(tmp_path / "plan.yaml", text)), "--format", "json"])
    found = run.json()["files"][0]["findings"]
    return run.exit_code, [(f["rule"], f["pointer"], f["line"]) for f in found]


def senior(reference_date: str, first_day: str) -> str:
    return (HEAD + f"plan_year: 111\nreference_date: {reference_date}\n"
            "teams:\n  - {id: T1, unit_type: 社福中心}\n"
            f"staff:\n  - {{id: A1, team: T1, role: 資深社工, funding: central, history: [{{from: {first_day}, budget: ssn}}]}}\n")


def test_a_plan_year_with_no_calendar_date_is_pack001_not_a_traceback(tmp_path: Path) -> None:
    # 99999 is a schema-valid plan year (int >= 107); its 1 January (Gregorian 101910) does not exist.
    text = HEAD + "plan_year: 99999\nteams: []\nstaff: []\n"
    assert findings(tmp_path, text) == (1, [("PACK001", "/plan_year", 3)])


def test_reference_dates_at_the_calendar_ends_give_sen001_not_internal001(tmp_path: Path) -> None:
    for reference_date in ("9999-12-31", "0001-01-01"):
        assert findings(tmp_path, senior(reference_date, reference_date)) == (1, [("SEN001", "/staff/0", 8)])


def test_qualifies_on_beyond_9999_is_none_and_near_it_a_date() -> None:
    assert qualifies_on([Span(date(9999, 1, 1), None)], date(9999, 6, 1), 48) is None
    assert qualifies_on([Span(date(9995, 1, 1), None)], date(9998, 1, 1), 48) == date(9998, 12, 31)
    assert service_length([Span(date(1, 1, 1), None)], date(1, 1, 1)).months == 0


def test_a_segment_ending_before_it_starts_is_reported_beside_other_schema_problems(tmp_path: Path) -> None:
    text = (HEAD + "plan_year: 111\nteams:\n  - {id: T1, unit_type: 社福中心x}\nstaff:\n"
            "  - {id: A1, team: T1, role: 資深社工, funding: central, history: [{from: 2022-01-01, to: 2021-01-01, budget: ssn}]}\n")
    assert findings(tmp_path, text) == (1, [("SCHEMA001", "/teams/0/unit_type", 5),
                                            ("SCHEMA001", "/staff/0/history/0", 7)])


def test_a_plan_year_with_no_calendar_date_is_pack001_even_when_a_pack_is_applied_to_it(tmp_path: Path) -> None:
    """`apply_packs: {ssn-phase2: {plan_years: {to: 99999}}}` ("from now on") or a pack for 120–99999 must not
    turn a mistyped plan year into a traceback: the year has no 1 January, so no rule can check it."""
    text = HEAD + "plan_year: 99999\nteams: []\nstaff: []\n"
    plan = tmp_path / "p.yaml"
    plan.write_text(text, encoding="utf-8")
    run = sncheck(["check", str(plan), "--apply-pack", "ssn-phase2:115-99999", "--format", "json"])
    assert run.exit_code == 1
    (found,) = run.json()["files"][0]["findings"]
    assert (found["rule"], found["pointer"], found["line"]) == ("PACK001", "/plan_year", 3)
    assert found["message"].endswith("；民國 99999 年沒有對應的西元日期（計畫年度最大為 8088）")
    pack = tmp_path / "forever"
    (pack).mkdir()
    (pack / "pack.yaml").write_text("id: forever\ntitle: {zh: 永久, en: forever}\nplan_years: {from: 120, to: 99999}\n",
                                    encoding="utf-8")
    (pack / "rules.yaml").write_text("rules: []\n", encoding="utf-8")
    run = sncheck(["check", str(plan), "--rules", str(pack), "--format", "json", "--lang", "en"])
    assert run.exit_code == 1
    (found,) = run.json()["files"][0]["findings"]
    assert found["rule"] == "PACK001" and found["message"] == (
        "plan year 99999 is not covered by any loaded rule pack; loaded: ssn-phase2 (110–114), ssn-2.0 (115–119), "
        "forever (120–99999); ROC year 99999 has no Gregorian date (the last plan year is 8088)")


def test_a_batch_says_no_pack_checked_a_plan_year_with_no_calendar_date(tmp_path: Path) -> None:
    import csv
    import io

    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "p.yaml").write_text(HEAD + "plan_year: 99999\nteams: []\nstaff: []\n", encoding="utf-8")
    run = sncheck(["batch", str(folder), "--report-dir", str(tmp_path / "out"), "-j", "1",
                   "--apply-pack", "ssn-phase2:115-99999"])
    assert run.exit_code == 1
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "summary.csv").read_text(encoding="utf-8-sig"))))
    assert [(row["縣市"], row["檢核依據"]) for row in rows] == [("臺中市", ""), ("合計", "")]
