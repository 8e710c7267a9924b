"""Text output (issue 22.7): one finding is one line whatever an id holds, and a message quotes the value
as the user wrote it."""

from __future__ import annotations

import re

from cli_run import EXCESS_PLAN, sncheck, write

FINDING_LINE = re.compile(r"^\S.*:\d+:\d+: [A-Z]+\d{3} (error|warning|info) ")


def test_a_line_feed_in_an_id_does_not_split_a_finding(tmp_path):
    plan = write(tmp_path / "plan.yaml", EXCESS_PLAN.replace("id: T1", 'id: "T\\n1"').replace("team: T1", 'team: "T\\n1"')
                 .replace("id: S2,", 'id: "S\\n2",'))
    run = sncheck(["check", str(plan), "--select", "SUP001"])
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert len(lines) == 3, lines  # the finding, its fix, the summary
    assert FINDING_LINE.match(lines[0]) and "組別 T\\u000a1 有直接服務人員" in lines[0]
    assert lines[1].startswith("    修正建議") and "S\\u000a2" in lines[1]
    assert lines[2].startswith("檢查 1 個檔案")


def test_a_message_quotes_what_the_user_wrote_not_the_normalised_value(tmp_path):
    plan = write(tmp_path / "plan.yaml", "format: sncheck/plan@1\ncounty: 台北縣\nplan_year: 111\nteams: []\nstaff: []\n")
    zh = sncheck(["check", str(plan)])
    assert zh.stdout.startswith(f'{plan}:2:9: SCHEMA001 error /county 的值 "台北縣" 不是允許的值')
    en = sncheck(["check", str(plan), "--lang", "en"])
    assert f'{plan}:2:9: SCHEMA001 error /county: "台北縣" is not one of' in en.stdout
