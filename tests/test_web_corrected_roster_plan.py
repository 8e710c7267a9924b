"""The page's 「修正後的計畫」 for a roster (issue 22.10): the imported YAML carries a ``# ⚠ RULE …`` note above
each item a finding names; once the fix is written in, that note goes with it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from test_web_serve import client, csrf, read, result_key, upload

from sncheck.read.document import read_document


def senior_roster(path: Path) -> Path:
    """SR1 listed as 資深社工 with one year on the SSN budget (SEN001, a safe fix: role: social_worker); W0's
    row is fine."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["員工編號", "單位/組別", "職稱", "經費來源", "年資起日", "經費別"])
    sheet.append(["W0", "東區社福中心", "社工員", "中央補助", "110/01/01", "ssn"])
    sheet.append(["SR1", "東區社福中心", "資深社工", "中央補助", "110/01/01", "ssn"])
    book.save(path)
    return path


def test_the_corrected_plan_drops_the_note_of_the_finding_it_fixed(tmp_path):
    c = client()
    page = upload(c, [read(senior_roster(tmp_path / "臺中市-111-名冊.xlsx"))])
    assert "SEN001" in page.text
    key = result_key(page)
    plan = c.post(f"/r/{key}/0/plan", data={"csrf": csrf(c)})
    text = plan.data.decode("utf-8")
    staff = read_document("p.yaml", plan.data).data["staff"]
    assert staff[1]["id"] == "SR1" and staff[1]["role"] in ("social_worker", "社工員")  # the fix is written in
    assert "⚠ SEN001" not in text and "列為資深社工" not in text  # the stale note went with the fix
    assert "# 人員名冊!第3列" in text  # the item's origin comment stays
