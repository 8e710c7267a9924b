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
from sncheck.service_length import Span, qualifies_on, service_length

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
