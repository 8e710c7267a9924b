"""IDs and names masked everywhere (issue 23, Medium 7), and masking replaces a name only where it stands."""

from __future__ import annotations

import io
import json
from pathlib import Path

from conftest import base_plan
from hostile import workbook_with_parts
from sncheck.batch.worker import item_key
from sncheck.engine.checker import Checker, Options
from sncheck.model.personal_data import Redactor, staff_names
from sncheck.tabular.check import check_sources
from sncheck.tabular.convert import ImportSettings, sources_for
from sncheck.tabular.mapping import ImportMapping
from sncheck.web.app import ServeSettings, create_app

NAME, NATIONAL_ID = "王小明", "A123456789"


def test_group_titles_on_the_page_mask_ids_and_names() -> None:
    staff = [{"id": NATIONAL_ID, "team": "T9", "role": "social_worker", "funding": "central"},
             {"id": NAME, "name": NAME, "team": "T9", "role": "social_worker", "funding": "central"}]
    c = create_app(ServeSettings()).test_client()
    c.get("/")
    page = c.post("/check", data={"csrf": c.get_cookie("sncheck_csrf").value,
                                  "files": [(io.BytesIO(json.dumps(base_plan(staff=staff)).encode()), "p.json")]},
                  content_type="multipart/form-data", follow_redirects=True).text
    assert "A12****789" in page and NATIONAL_ID not in page  # was 「人員 A123456789」
    assert NAME not in page and "〔姓名已隱藏〕" in page  # was 「人員 王小明」


def test_compare_keys_hold_no_national_id() -> None:
    data = base_plan(staff=[{"id": NATIONAL_ID, "team": "T9", "role": "social_worker", "funding": "central"}])
    key = item_key(data, "/staff/0/role")
    assert NATIONAL_ID not in key and key.startswith("staff:#") and key.endswith("/role")
    assert key == item_key(data, "/staff/0/role")  # the same in every round: compare still matches


def test_an_unreadable_sheet_does_not_quote_its_cell(tmp_path: Path) -> None:
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             f'<row r="1"><c r="A1" t="n"><v>{NAME} {NATIONAL_ID}</v></c></row></sheetData></worksheet>').encode()
    path = tmp_path / "roster.xlsx"
    path.write_bytes(workbook_with_parts({"xl/worksheets/sheet1.xml": sheet}))
    checker = Checker(Options(load_entry_points=False, lang="en"))
    result, _ = check_sources(checker, sources_for(path, ImportMapping()), ImportSettings(county="臺中市", plan_year=111))
    said = json.dumps([(f.message, f.extra) for f in result.findings], ensure_ascii=False, default=str)
    assert result.findings and NAME not in said and "A123" not in said  # was PARSE001 quoting openpyxl's ValueError


def test_a_pointer_with_a_name_as_key_is_redacted() -> None:
    plan = base_plan(staff=[{"id": "W1", "name": NAME, "team": "T9", "role": "social_worker", "funding": "central",
                             NAME: "x"}])  # a key that is a name: an unknown field at /staff/0/王小明
    findings = Checker(Options(load_entry_points=False)).check_bytes("p.json", json.dumps(plan).encode()).findings
    assert "/staff/0/〔姓名已隱藏〕" in [f.pointer for f in findings]
    assert all(NAME not in f.pointer and NAME not in f.message for f in findings)


def test_masking_replaces_a_name_only_where_it_stands() -> None:
    names = staff_names({"staff": [{"name": "16"}, {"name": NAME}, {"name": "Lin"}]})
    assert names == {NAME, "Lin"}  # a count in the 姓名 column of a 合計 row is no name
    redactor = Redactor(names, "en")
    assert redactor.text(f"人員名冊!J16: {NAME} (16 staff); Linda Lin, Berlin") == \
        "人員名冊!J16: [name hidden] (16 staff); Linda [name hidden], Berlin"


def test_other_name_headers_are_names(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(f"員工編號,員工姓名,單位/組別,職稱,經費來源\nW1,{NAME},東區社福中心,社工員,中央補助\n",
                      encoding="utf-8-sig")
    checker = Checker(Options(load_entry_points=False))
    _, conversion = check_sources(checker, sources_for(roster, ImportMapping()),
                                  ImportSettings(county="臺中市", plan_year=111))
    assert conversion is not None and conversion.data["staff"][0]["name"] == NAME  # personal: masked, offered only


def test_a_duplicate_key_that_may_be_a_name_is_not_quoted() -> None:
    checker = Checker(Options(load_entry_points=False))
    for raw, name in ((f"staff:\n  {NAME}: 1\n  {NAME}: 2\n", "p.yaml"), (f'{{"staff": {{"{NAME}": 1, "{NAME}": 2}}}}', "p.json")):
        (finding,) = checker.check_bytes(name, raw.encode()).findings
        assert finding.extra["reason"] == "duplicate_key" and NAME not in finding.message and finding.line
    (field,) = checker.check_bytes("p.yaml", b"a: 1\nrole: 2\nrole: 3\n").findings
    assert "「role」" in field.message and field.line == 3  # a field name is still said
