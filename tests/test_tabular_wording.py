"""Everyday county wording in a roster workbook (issue 19): each word the trial met gives its code, a word
in no list is reported at its cell with the accepted words and never guessed, and a department the
sources do not settle says so instead of deciding QUAL001."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_tabular_import import import_plan, located, plan_data, run, workbook

STAFF = ["員工編號", "單位", "職稱", "經費來源", "薪點", "保護性社工", "學歷科系", "進用方式", "到職日"]
# a second office keeps 是否公開甄選 (是/否) where the first writes 進用方式
SUPERVISORS = [h if h != "進用方式" else "是否公開甄選" for h in STAFF]


def is_unchecked(line: str) -> bool:
    """A text report's line saying what was not checked (issue 21): ``path: 未檢核: 規定（RULE）…``."""
    return line.split(": ", 2)[1:2] == ["未檢核"]


def findings_and_unchecked(output: str) -> tuple[list[str], list[str]]:
    """The finding lines of a text report, and apart from them its not-checked lines."""
    lines = located(output)
    return [line for line in lines if not is_unchecked(line)], [line for line in lines if is_unchecked(line)]


def cell_of(line: str) -> str:
    """``人員名冊!D3`` of a text report line ``path:人員名冊!D3: RULE …``."""
    return line.split(": ")[0].rsplit(":", 1)[1]


def office_workbook(path: Path, staff_rows: list[list[Any]], requests: list[list[Any]] | None = None,
                    supervisor_rows: list[list[Any]] | None = None) -> Path:
    sheets: dict[str, list[list[Any]]] = {
        "人員名冊": [["臺中市111年社安網人力名冊"], STAFF, *staff_rows],
        **({"督導名冊": [SUPERVISORS, *supervisor_rows]} if supervisor_rows else {}),
        "服務年資": [["員工編號", "起", "迄", "經費", "是否保護性", "服務機關"],
                     ["A01", "107/1/1", "110/12/31", "社安網", "是", "臺中市家防中心"],
                     ["A01", "105/1/1", "106/12/31", "自籌", "否", "臺中市社會局"]],
    }
    if requests is not None:
        sheets["經費需求"] = [["項目類別", "經費來源", "金額", "使用單位類型"], *requests]
    return workbook(path, sheets)


EVERYDAY_STAFF = [
    # id, unit, role, funding, pay points, 保護性社工, department, 進用方式, hired
    ["A01", "北區社福中心", "社工", "社安網", "328點", "否", "社會工作學系", "公開甄選", "111/3/1"],
    ["A02", "北區社福中心", "社會工作員", "社安網補助", 328, None, "東海大學社會工作研究所", "公開徵才", None],
    ["A03", "北區社福中心", "社工員", "中央補助款", 328, None, "心理學系", "約聘轉任", None],
    ["A04", "北區社福中心", "資深社工員", "自籌", 340, None, "護理系", "約僱轉任", None],
    ["A07", "家防中心", "保護性社工", "社安網", 360, None, None, None, None],
    ["A08", "北區心衛中心", "心衛社工", "社安網", 328, None, "社會工作學系", None, None],
]
EVERYDAY_SUPERVISORS = [  # ... 是否公開甄選 instead of 進用方式
    ["A05", "北區社福中心", "社工督導", "縣市自籌", 400, None, None, "是", None],
    ["A06", "北區社福中心", "督導", "社安網", 400, None, None, "否", None],
]


def test_every_everyday_word_of_the_trial_gives_its_code(tmp_path):
    path = office_workbook(tmp_path / "臺中市名冊.xlsx", EVERYDAY_STAFF, requests=[
        ["設施設備", "公彩", 100000, "心衛中心"],
        ["設施設備", "公益彩券", 50000, "社福中心"],
        ["場地修繕", "自籌", 20000, "社福中心"],
        ["場地修繕", "縣市自籌", 20000, "家防中心"],
        ["行政事務費", "社安網", 1000, "社福中心"],
        ["行政事務費", "社安網補助", 1000, "社福中心"],
    ], supervisor_rows=EVERYDAY_SUPERVISORS)
    result, plan, text = import_plan(tmp_path, str(path))
    assert result.exit_code == 0, result.stdout
    staff = {s["id"]: s for s in plan["staff"]}
    fields = ("role", "funding", "pay_points", "profession", "recruitment")
    assert {i: tuple(s.get(f) for f in fields) for i, s in staff.items()} == {
        "A01": ("social_worker", "central", 328, "social_work", "open"),
        "A02": ("social_worker", "central", 328, "social_work", "open"),
        "A03": ("social_worker", "central", 328, "psychology", "transfer"),
        "A04": ("senior_social_worker", "county", 340, "nursing", "transfer"),
        "A05": ("supervisor", "county", 400, None, "open"),
        "A06": ("supervisor", "central", 400, None, "other"),  # 是否公開甄選 否: not openly recruited
        "A07": ("保護性社工", "central", 360, None, None),  # kept as written: the check reads it as below
        "A08": ("mental_health_social_worker", "central", 328, "social_work", None),
    }
    assert staff["A01"]["protective"] is False
    assert [(s["from"], s["to"], s["budget"], s["protective"], s["employer"]) for s in staff["A01"]["history"]] == [
        ("2018-01-01", "2021-12-31", "ssn", True, "臺中市家防中心"),
        ("2016-01-01", "2017-12-31", "county", False, "臺中市社會局")]
    assert {t["id"]: t["unit_type"] for t in plan["teams"]} == {
        "北區社福中心": "social_welfare_center", "家防中心": "family_violence_center",
        "北區心衛中心": "community_mental_health_center"}
    assert [(r["funding_source"], r["unit_type"]) for r in plan["requests"]] == [
        ("lottery_surplus", "community_mental_health_center"), ("lottery_surplus", "social_welfare_center"),
        ("county", "social_welfare_center"), ("county", "family_violence_center"),
        ("ssn_subsidy", "social_welfare_center"), ("ssn_subsidy", "social_welfare_center")]
    # the check reads 保護性社工 as a protective social worker: 360 points with no service history
    checked = run("check", str(path), "--county", "臺中市", "--year", "111", "--format", "json")
    import json

    findings = json.loads(checked.stdout)["files"][0]["findings"]
    assert [(f["rule"], f["cell"]) for f in findings if f["rule"].startswith(("PAY", "SCHEMA"))] == [
        ("PAY002", "人員名冊!7")]


def test_unknown_words_are_reported_at_their_cells_with_the_accepted_words_and_no_guess(tmp_path):
    path = office_workbook(tmp_path / "臺中市名冊.xlsx", [
        ["A01", "北區社福中心", "社工師", "縣預算", 328, "否", None, None, None]])
    result, plan, _ = import_plan(tmp_path, str(path))
    assert result.exit_code == 1
    assert (plan["staff"][0]["role"], plan["staff"][0]["funding"]) == ("社工師", "縣預算")  # kept, not guessed
    lines = located(result.stdout)
    assert [cell_of(line) for line in lines] == ["人員名冊!C3", "人員名冊!D3"]
    assert all(" SCHEMA001 error " in line for line in lines)
    # issue 21: the cell and header, the words without the English codes
    assert "人員名冊!C3「職稱」的值「社工師」不是可填的值（不會猜測）；可填：社工員／社會工作人員／社會工作員／社工／保護性社工、" in lines[0]
    assert lines[1].endswith("人員名冊!D3「經費來源」的值「縣預算」不是可填的值（不會猜測）；"
                             "可填：中央補助／社安網／社安網補助／中央補助款、地方自籌／自籌／縣市自籌、其他")
    english = run("check", str(path), "--county", "臺中市", "--year", "111", "--lang", "en")
    assert (f"{path}:人員名冊!D3: SCHEMA001 error 人員名冊!D3「經費來源」: \"縣預算\" is not an accepted word (no guess is made); "
            "accepted: central (中央補助, 社安網, 社安網補助, 中央補助款), county (地方自籌, 自籌, 縣市自籌), other (其他)"
            ) in english.stdout


def test_words_the_sources_leave_open_say_so_at_their_cells(tmp_path):
    path = office_workbook(tmp_path / "臺中市名冊.xlsx", [
        ["A01", "北區社福中心", "社工", "公彩", 328, None, None, None, None]],
        requests=[["設施設備", "中央補助款", 1000, "社福中心"]])
    result = run("check", str(path), "--county", "臺中市", "--year", "111")
    lines, unchecked = findings_and_unchecked(result.stdout)
    assert [cell_of(line) for line in lines] == ["人員名冊!D3", "經費需求!B2"]
    assert "「經費來源」的值「公彩」無法判定：公彩（公益彩券盈餘）支應的職位算中央補助、地方自籌或其他，來源沒有規定" in lines[0]
    assert "「經費來源」的值「中央補助款」無法判定：經費需求的「中央補助款」可能是社安網中央補助，也可能是中央公彩回饋金" in lines[1]
    # an undecided word is never a pass: the rules that read it say they were left undecided at that row
    assert f"{path}: 未檢核: 督導比規定（SUP001）只檢核了部分，未判定：組別「北區社福中心」（人員名冊!第3列的「經費來源」無法讀取）" in unchecked
    assert f"{path}: 未檢核: 設施設備等補助規定（FAC001）只檢核了部分，未判定：經費需求!第2列的「經費來源」無法讀取" in unchecked


def qual001_run(tmp_path: Path, department: str) -> tuple[list[str], list[str]]:
    """The finding lines, and the QUAL001 not-checked lines, of a check of a one-person roster."""
    path = office_workbook(tmp_path / f"{department}.xlsx", [
        ["A01", "北區心衛中心", "心衛社工", "社安網", 328, None, department, None, None]])
    lines, unchecked = findings_and_unchecked(run("check", str(path), "--county", "臺中市", "--year", "111").stdout)
    return lines, [line.split(": 未檢核: ", 1)[1] for line in unchecked if "（QUAL001）" in line]


def test_qual001_follows_the_department_table_and_the_examination_rule(tmp_path):
    """社會學系 is not a social-work department, and under the 社會工作師 examination rules a related
    department counts only with the required courses: the department alone cannot decide QUAL001."""
    sociology, undecided = qual001_run(tmp_path, "國立臺北大學社會學系")
    assert [cell_of(line) for line in sociology] == ["人員名冊!G3"]
    assert undecided == ["進用、資格、訓練、招聘規定（QUAL001）只檢核了部分，未判定：人員名冊!第3列的「學歷科系」無法讀取"]
    assert ": SCHEMA001 error 人員名冊!G3「學歷科系」的值「國立臺北大學社會學系」無法判定：" in sociology[0]
    assert "社會工作師考試規則" in sociology[0] and "QUAL001" in sociology[0] and "wording.yaml" in sociology[0]
    youth, undecided = qual001_run(tmp_path, "青少年兒童福利學系")
    assert len(youth) == 1 and len(undecided) == 1 and "無法判定" in youth[0] and "QUAL001" not in youth[0].split(" error ")[0]
    psychology, undecided = qual001_run(tmp_path, "心理學系")
    assert [(cell_of(line), line.split(": ")[1].split(" ")[0]) for line in psychology] == [("人員名冊!3", "QUAL001")]
    assert undecided == []  # the department decided QUAL001
    assert qual001_run(tmp_path, "社會工作學系") == ([], [])


def test_a_header_the_wording_file_leaves_unmapped_says_why(tmp_path):
    path = workbook(tmp_path / "名冊.xlsx", {"人員名冊": [
        ["員工編號", "單位", "職稱", "經費來源", "是否具保護性資歷", "是否保護性"],
        ["A01", "北區社福中心", "社工", "社安網", "是", "否"]]})
    _, plan, _ = import_plan(tmp_path, str(path))
    assert plan["staff"][0]["protective"] is False and plan["staff"][0]["x-是否具保護性資歷"] == "是"
    lines, _ = findings_and_unchecked(run("check", str(path), "--county", "臺中市", "--year", "111").stdout)
    assert lines == [f"{path}:人員名冊!E1: IMPORT002 warning 欄位「是否具保護性資歷」未對應名冊的欄位："
                     "「是否具保護性資歷」只說有沒有保護性經歷，沒說多久，也不是「現任保護性社工」（保護性）；"
                     "360 俸點要 3 年以上保護性服務資歷（003），請把保護性服務寫成年資（保護性服務 是）；內容原樣保留，但未用於檢核"]


def test_a_yaml_plan_takes_the_same_words(tmp_path):
    """Plans use the same vocabulary: the everyday words work in YAML, and 保護性社工 beside
    protective: false is a contradiction reported at the role, not a guess."""
    plan = (tmp_path / "plan.yaml")
    plan.write_text("""format: sncheck/plan@1
county: 台中市
plan_year: 111
teams:
  - {id: T1, unit_type: 心衛中心}
staff:
  - {id: S1, team: T1, role: 保護性社工, funding: 社安網, pay_points: 360}
  - {id: S2, team: T1, role: 心衛社工, funding: 自籌, profession: 東海大學社會工作學系, recruitment: 約聘轉任}
  - {id: S3, team: T1, role: 社工, funding: 中央補助, history: [{from: 110/1/1, budget: 社安網}]}
""", encoding="utf-8")
    result = run("check", str(plan), "--format", "json")
    import json

    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert [(f["rule"], f["pointer"]) for f in findings] == [("PAY002", "/staff/0")]
    plan.write_text(plan.read_text(encoding="utf-8").replace("pay_points: 360}", "pay_points: 360, protective: false}"),
                    encoding="utf-8")
    findings = json.loads(run("check", str(plan), "--format", "json").stdout)["files"][0]["findings"]
    assert [(f["rule"], f["pointer"]) for f in findings] == [("SCHEMA001", "/staff/0/role")]
    assert "表示社工員且保護性 是，但同一列（項）另外寫了不同的值" in findings[0]["message"]
    assert plan_data(plan.read_text(encoding="utf-8"))["staff"][0]["role"] == "保護性社工"  # the file is untouched
