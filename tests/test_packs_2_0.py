"""Plans of the current period (社安網2.0, ROC 115–119), through the command line (issue 14).

- the shipped ``ssn-2.0`` pack (public sources only: QUAL2001, SEN2001, SEN2002, drafts) and PACK002;
- ``apply_packs`` / ``--apply-pack``: phase-2 standards applied beyond 110–114 by choice, marked in
  every output format, validated (unknown pack id → exit 2 at its line);
- unit types phase 2 never knew are hidden from its rules; ``supersedes``; rule ids unique across
  packs that run on one year;
- draft rules (``status: draft``): warnings at most, marked, listed;
- ``sncheck rules new-pack``.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import yaml
from cli_run import sncheck, write

ROOT = Path(__file__).resolve().parent.parent
PHASE2 = ROOT / "rules" / "phase2"
MARK_ZH = "依第二期標準（110–114）檢核，2.0 尚無公告規則"
MARK_EN = "checked against the phase 2 standards (110–114) by choice; 2.0 has no published rule on this yet"
APPLY = "apply_packs:\n  ssn-phase2:\n    plan_years: {to: 119}\n"

# A 115 plan: the new centre (a nursing 篩派案人員; a mental-health social worker with a psychology degree,
# whom phase-2 QUAL001 would flag in a phase-2 unit) and a phase-2 unit with one central supervisor too many.
PLAN_115 = """\
format: sncheck/plan@1
county: 臺中市
plan_year: 115
teams:
  - {id: C1, unit_type: 通報調查處理中心, budgeted_positions: 9}
  - {id: T1, unit_type: 社福中心, program: 脆弱家庭}
staff:
  - {id: R1, team: C1, role: 篩派案人員, funding: 中央補助, profession: 護理}
  - {id: M1, team: C1, role: 心理衛生社工, funding: 中央補助, profession: 心理}
  - {id: W1, team: T1, role: 社工員, funding: 中央補助}
  - {id: S1, team: T1, role: 督導, funding: 中央補助}
  - {id: S2, team: T1, role: 督導, funding: 中央補助}
"""

CLEAN_115 = """\
format: sncheck/plan@1
county: 臺南市
plan_year: 115
teams:
  - {id: C1, unit_type: 通報調查處理中心}
staff:
  - {id: R1, team: C1, role: 篩派案人員, funding: 中央補助, profession: 教育}
"""


def findings(run) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(f["rule"], f["pointer"], f["severity"]) for file in run.json()["files"] for f in file["findings"]]


# --------------------------------------------------------------------------- the shipped ssn-2.0 pack


def test_a_115_plan_gets_the_2_0_rules_and_pack002_not_pack001(tmp_path):
    plan = write(tmp_path / "p.yaml", PLAN_115)
    run = sncheck(["check", str(plan), "--format", "json"])
    assert run.exit_code == 0  # drafts are warnings, PACK002 is info
    assert findings(run) == [("PACK002", "/plan_year", "info"), ("QUAL2001", "/staff/0", "warning")]
    data = run.json()["files"][0]["findings"]
    assert data[1]["rule_status"] == "draft" and data[1]["message"].endswith("（草案規則，尚待確認）")
    assert data[1]["source"]["url"] == "https://udn.com/news/story/7266/9212754"
    assert data[1]["source"]["date"] == "2025-12-19"
    assert data[0]["message"] == (
        "計畫年度 115 只依2.0已公開的 3 條規則檢核（2.0 處理原則尚未公開，本規則包只收公開資料載明的事項），"
        "其他事項未檢核；可在 .sncheck.yaml 設定 apply_packs: {ssn-phase2: {plan_years: {to: 119}}}"
        "（或 --apply-pack ssn-phase2:115-119），選擇依第二期標準（110–114）檢核")
    assert "applied_by_choice" not in data[1]


def test_a_clean_115_plan_passes_a_pre_commit_hook_with_only_the_pack002_note(tmp_path):
    plan = write(tmp_path / "p.yaml", CLEAN_115)
    run = sncheck(["check", "--only-plans", str(plan)])
    assert run.exit_code == 0
    # issue 21: the verdict says the plan was checked only by the draft rules, after the counts
    assert run.stdout.splitlines()[-2:] == ["檢查 1 個檔案：0 個錯誤、0 個警告、1 個資訊",
                                            "只依 2.0 已公開的 3 條草案規則檢核；其他規定未檢核"]
    assert sncheck(["check", str(plan), "--ignore", "PACK002"]).stdout.splitlines()[-2:] == [
        "檢查 1 個檔案：0 個錯誤、0 個警告、0 個資訊", "只依 2.0 已公開的 3 條草案規則檢核；其他規定未檢核"]


def test_sen2001_counts_only_segments_of_screening_work(tmp_path):
    plan = write(tmp_path / "p.yaml", CLEAN_115.replace(
        "profession: 教育}",
        "profession: 教育}\n  - id: R2\n    team: C1\n    role: 篩派案專員\n    funding: 中央補助\n    history:\n"
        "      - {from: 2024-01-03, budget: 地方自聘, work: 篩派案}\n"
        "      - {from: 2015-01-01, to: 2024-01-02, budget: 社安網預算}\n"))
    run = sncheck(["check", str(plan), "--format", "json", "--lang", "en"])
    found = run.json()["files"][0]["findings"]
    assert [(f["rule"], f["pointer"], f["line"]) for f in found] == [("PACK002", "/plan_year", 3), ("SEN2001", "/staff/1", 8)]
    assert found[1]["message"] == (
        "staff R2 is listed as a screening specialist but has only 1 y 11 m of screening work at 2026-01-01 "
        "(needs 2 y); 9 y 0 m of other work do not count (draft rule, not yet confirmed)")
    assert "qualify on 2026-01-02" in found[1]["fix"]["description"]  # 23 months + 30 days: the fold


def test_the_zh_tw_codes_of_the_2_0_plan_format(tmp_path):
    # 通報調查中心, the four new professions and work: 篩派案 are accepted; a wrong work code is SCHEMA001
    plan = CLEAN_115.replace("通報調查處理中心", "通報調查中心").replace("profession: 教育", "profession: 公衛")
    assert findings(sncheck(["check", str(write(tmp_path / "a.yaml", plan)), "--format", "json"])) == [
        ("PACK002", "/plan_year", "info")]
    for profession in ("犯罪防治", "諮商與輔導", "輔導", "公共衛生", "education", "counselling"):
        text = plan.replace("profession: 公衛", f"profession: {profession}")
        assert findings(sncheck(["check", str(write(tmp_path / "b.yaml", text)), "--format", "json"])) == [
            ("PACK002", "/plan_year", "info")], profession
    bad = plan.replace("profession: 公衛}", "profession: 公衛, history: [{from: 2024-01-01, budget: ssn, work: 督導}]}")
    assert [f[0] for f in findings(sncheck(["check", str(write(tmp_path / "c.yaml", bad)), "--format", "json"]))] == [
        "PACK002", "SCHEMA001"]  # issue 21: the rules run on the rest of the plan (PACK002: which ones)


# --------------------------------------------------------------------------- apply_packs: by choice


def test_apply_packs_in_the_config_marks_every_phase_2_finding(tmp_path):
    write(tmp_path / ".sncheck.yaml", APPLY)
    plan = write(tmp_path / "p.yaml", PLAN_115)
    run = sncheck(["check", str(plan), "--format", "json"], cwd=tmp_path)
    assert run.exit_code == 1  # phase-2 SUP001 is an error
    # no PACK002 (phase 2 checked it too); no QUAL001 on M1 and no HIRE001 over C1's 9 budgeted positions:
    # the centre is a unit phase 2 never had, so its rules do not see it
    assert findings(run) == [("SUP001", "/teams/1", "error"), ("QUAL2001", "/staff/0", "warning")]
    sup, qual = run.json()["files"][0]["findings"]
    assert sup["message"].endswith(f"〔{MARK_ZH}〕")
    assert sup["applied_by_choice"] == {"pack": "ssn-phase2", "pack_years": "110–114", "note": MARK_ZH}
    assert "applied_by_choice" not in qual and MARK_ZH not in qual["message"]


def test_the_marker_is_in_every_output_format(tmp_path):
    write(tmp_path / ".sncheck.yaml", APPLY)
    plan = write(tmp_path / "p.yaml", PLAN_115)

    def out(*args: str) -> str:
        return sncheck(["check", str(plan), *args], cwd=tmp_path).stdout

    text = out().splitlines()
    assert text[0].startswith(f"{plan}:6:5: SUP001 error ") and text[0].endswith(f"〔{MARK_ZH}〕")
    assert f"[{MARK_EN}]" in out("--lang", "en")
    sarif = json.loads(out("--format", "sarif"))["runs"][0]["results"]
    by_rule = {r["ruleId"]: r for r in sarif}
    assert by_rule["SUP001"]["properties"]["appliedByChoice"]["note"] == MARK_ZH
    assert by_rule["QUAL2001"]["properties"]["ruleStatus"] == "draft"
    assert "appliedByChoice" not in by_rule["QUAL2001"]["properties"]
    junit = ET.fromstring(out("--format", "junit"))
    failure = junit.find(".//testcase[@name='SUP001']/failure")
    assert failure is not None and MARK_ZH in (failure.text or "")
    github = [line for line in out("--format", "github").splitlines() if "title=SUP001" in line]
    assert len(github) == 1 and github[0].startswith("::error ") and MARK_ZH in github[0]
    markdown = [line for line in out("--format", "markdown").splitlines() if "| SUP001 |" in line]
    assert len(markdown) == 1 and MARK_ZH in markdown[0]


def test_apply_pack_on_the_command_line_and_its_errors(tmp_path):
    plan = write(tmp_path / "p.yaml", PLAN_115)
    run = sncheck(["check", "--lang", "en", str(plan), "--apply-pack", "ssn-phase2:115-119", "--format", "json", "--lang", "en"])
    assert findings(run)[0] == ("SUP001", "/teams/1", "error") and run.json()["files"][0]["findings"][0][
        "applied_by_choice"]["note"] == MARK_EN
    only_116 = sncheck(["check", "--lang", "en", str(plan), "--apply-pack", "ssn-phase2:116", "--format", "json"])
    assert [f[0] for f in findings(only_116)] == ["PACK002", "QUAL2001"]  # 115 is not among the chosen years
    unknown = sncheck(["check", "--lang", "en", str(plan), "--apply-pack", "ssn-phase3:115-119"])
    assert unknown.exit_code == 2 and unknown.stderr == (
        "sncheck: config error: command line (--apply-pack): apply_packs.ssn-phase3: no loaded rule pack has this id; "
        "loaded: ssn-2.0, ssn-phase2\n")
    malformed = sncheck(["check", "--lang", "en", str(plan), "--apply-pack", "ssn-phase2"])
    assert malformed.exit_code == 2 and "PACK:FROM-TO" in malformed.stderr
    backwards = sncheck(["check", "--lang", "en", str(plan), "--apply-pack", "ssn-phase2:119-115"])
    assert backwards.exit_code == 2 and "'from' 119 is after 'to' 115" in backwards.stderr


def test_a_pack_cannot_be_applied_to_years_before_its_own(tmp_path):
    """ssn-2.0 over 110–114 would mark every finding 「…2.0 尚無公告規則」 for a period whose rules are all
    published: a pack is applied by choice only to years after its own (in the config too, at its line)."""
    plan = write(tmp_path / "p.yaml", PLAN_115.replace("plan_year: 115", "plan_year: 112"))
    run = sncheck(["check", "--lang", "en", str(plan), "--apply-pack", "ssn-2.0:110-114"])
    assert run.exit_code == 2 and run.stdout == ""
    assert run.stderr == (
        "sncheck: config error: command line (--apply-pack): apply_packs.ssn-2.0.plan_years: 'from' 110 is before "
        "the pack's own years (115–119); a pack can be applied by choice only to later plan years\n")
    config = write(tmp_path / ".sncheck.yaml", "apply_packs:\n  ssn-2.0:\n    plan_years: {from: 114}\n")
    in_config = sncheck(["check", "--lang", "en", str(plan)], cwd=tmp_path)
    assert in_config.exit_code == 2 and in_config.stderr.startswith(f"sncheck: config error: {config}:3: ")
    assert "'from' 114 is before the pack's own years (115–119)" in in_config.stderr


def test_an_unknown_pack_in_the_config_is_an_error_at_its_line(tmp_path):
    config = write(tmp_path / ".sncheck.yaml", "lang: en\napply_packs:\n  ssn-phase-2:\n    plan_years: {to: 119}\n")
    plan = write(tmp_path / "p.yaml", PLAN_115)
    run = sncheck(["check", "--lang", "en", str(plan)], cwd=tmp_path)
    assert run.exit_code == 2 and run.stdout == ""
    assert run.stderr == (f"sncheck: config error: {config}:4: apply_packs.ssn-phase-2: no loaded rule pack has this id; "
                          "loaded: ssn-2.0, ssn-phase2\n")
    write(tmp_path / ".sncheck.yaml", "apply_packs:\n  ssn-phase2: {plan_years: {til: 119}}\n")
    typo = sncheck(["check", "--lang", "en", str(plan)], cwd=tmp_path)
    assert typo.exit_code == 2 and ".sncheck.yaml:2: apply_packs.ssn-phase2.plan_years.til: unknown key" in typo.stderr


def test_batch_reports_say_which_counties_were_checked_by_choice(tmp_path):
    plans = tmp_path / "plans"
    write(plans / "taichung.yaml", PLAN_115)
    write(plans / "tainan.yaml", CLEAN_115)
    write(plans / "kaohsiung.yaml", CLEAN_115.replace("臺南市", "高雄市").replace("plan_year: 115", "plan_year: 114")
          .replace("通報調查處理中心", "社福中心").replace("篩派案人員", "社工員"))
    out = tmp_path / "out"
    run = sncheck(["batch", str(plans / "taichung.yaml"), str(plans / "tainan.yaml"), str(plans / "kaohsiung.yaml"),
                   "--report-dir", str(out), "--apply-pack", "ssn-phase2:115-115", "--jobs", "1"])
    assert run.exit_code == 1
    rows = list(csv.reader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][-2:] == ["檢核依據", "未檢核"]  # issue 21 added the last column
    assert {row[0]: row[-2] for row in rows[1:]} == {
        "臺中市": "ssn-2.0、ssn-phase2（依選擇套用）", "臺南市": "ssn-2.0、ssn-phase2（依選擇套用）",
        "高雄市": "ssn-phase2", "合計": ""}
    html = (out / "report.html").read_text(encoding="utf-8")
    # 115 and 114 plans: each county with its year, as in the verdict line
    assert '<p id="by-choice">依選擇將規則包套用於其適用年度以外（apply_packs）的縣市：臺中市 115 年度、臺南市 115 年度</p>' in html
    assert '<td class="l checked-by">ssn-phase2</td>' in html
    document = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    taichung = next(f for f in document["files"] if f["path"].endswith("taichung.yaml"))
    assert [f["rule"] for f in taichung["findings"] if "applied_by_choice" in f] == ["SUP001"]


# --------------------------------------------------------------------------- supersedes, ids across packs


COUNTY_2_0 = """\
rules:
  - id: HIRE2001
    family: staffing
    check: staffing.hiring_rate
    severity: error
    supersedes: [HIRE001]
    params: {min_rate: 0.9}
    title: {zh: 本縣進用率, en: county hiring rate}
    message: {zh: "進用率 {rate_percent}%", en: "hiring rate {rate_percent} %"}
    sources: [{document: 本府函, quote: 進用率須達90%}]
"""


def county_pack(folder: Path, rules: str, pack_id: str = "county-2.0") -> Path:
    write(folder / "pack.yaml", f"id: {pack_id}\ntitle: {{zh: 本縣2.0, en: county 2.0}}\nplan_years: {{from: 115, to: 119}}\n")
    write(folder / "rules.yaml", rules)
    return folder


def test_a_rule_that_supersedes_a_phase_2_rule_is_reported_once(tmp_path):
    pack = county_pack(tmp_path / "county", COUNTY_2_0)
    plan = write(tmp_path / "p.yaml", PLAN_115.replace("program: 脆弱家庭}", "program: 脆弱家庭, budgeted_positions: 9}"))
    base = ["check", str(plan), "--rules", str(pack), "--apply-pack", "ssn-phase2:115-119", "--format", "json"]
    # T1 lists 3 of 9 budgeted positions: HIRE001 (85 %) and HIRE2001 (90 %) both fail; only HIRE2001 runs
    assert [f[0] for f in findings(sncheck(base))] == ["HIRE2001", "SUP001", "QUAL2001"]
    # ignoring the 2.0 rule does not bring the phase-2 one back
    assert [f[0] for f in findings(sncheck([*base, "--ignore", "HIRE2001"]))] == ["SUP001", "QUAL2001"]
    # without the county pack, the phase-2 rule applied by choice reports it
    alone = [a for a in base if a not in ("--rules", str(pack))]
    assert [f[0] for f in findings(sncheck(alone))] == ["HIRE001", "SUP001", "QUAL2001"]


def test_a_supersedes_typo_is_a_rule_file_error(tmp_path):
    pack = county_pack(tmp_path / "county", COUNTY_2_0.replace("[HIRE001]", "[HIRE009]"))
    run = sncheck(["rules", "--lang", "en", "--rules", str(pack)])
    assert run.exit_code == 2
    assert run.stderr == (f"sncheck: rule file error: {pack / 'rules.yaml'}:2: rule HIRE2001: supersedes HIRE009, "
                          "which no other loaded pack defines\n")


def test_rule_ids_must_be_unique_across_packs_that_run_on_one_year(tmp_path):
    pack = county_pack(tmp_path / "county", COUNTY_2_0.replace("HIRE2001", "SUP001").replace("    supersedes: [HIRE001]\n", ""))
    plan = write(tmp_path / "p.yaml", PLAN_115)
    alone = sncheck(["check", str(plan), "--rules", str(pack), "--format", "json"])  # years do not overlap: loads
    assert [f[0] for f in findings(alone)] == ["SUP001", "QUAL2001"]  # the county's SUP001 (a hiring rate), no PACK002
    run = sncheck(["check", "--lang", "en", str(plan), "--rules", str(pack), "--apply-pack", "ssn-phase2:115-119"])
    assert run.exit_code == 2
    assert "apply_packs.ssn-phase2: rule ids SUP001 also defined by pack county-2.0 for overlapping years" in run.stderr
    older = tmp_path / "older"  # a pack applies by choice only to years after its own: an older county pack
    county_pack(older, COUNTY_2_0.replace("HIRE2001", "SUP001").replace("    supersedes: [HIRE001]\n", ""), "county-1.0")
    (older / "pack.yaml").write_text((older / "pack.yaml").read_text(encoding="utf-8").replace("115, to: 119", "105, to: 109"),
                                     encoding="utf-8")
    both = sncheck(["check", "--lang", "en", str(plan), "--rules", str(older), "--apply-pack", "ssn-phase2:115-119",
                    "--apply-pack", "county-1.0:118-119"])  # both chosen for 118–119: SUP001 twice
    assert both.exit_code == 2 and "rule ids SUP001 also defined by pack" in both.stderr
    apart = sncheck(["check", str(plan), "--rules", str(older), "--apply-pack", "ssn-phase2:115-117",
                     "--apply-pack", "county-1.0:118-119", "--format", "json"])
    assert [f[0] for f in findings(apart)] == ["SUP001", "QUAL2001"]  # 115: phase 2's SUP001, marked


def test_a_pack_named_with_rules_replaces_the_shipped_pack_of_its_id(tmp_path):
    pack = county_pack(tmp_path / "ministry", COUNTY_2_0.replace("    supersedes: [HIRE001]\n", ""), pack_id="ssn-2.0")
    plan = write(tmp_path / "p.yaml", PLAN_115.replace("program: 脆弱家庭}", "program: 脆弱家庭, budgeted_positions: 9}"))
    run = sncheck(["check", str(plan), "--rules", str(pack), "--format", "json"])
    assert findings(run) == [("HIRE2001", "", "error")]  # no QUAL2001 (replaced), no PACK002 (not partial)
    listed = sncheck(["rules", "--rules", str(pack)]).stdout
    assert "HIRE2001" in listed and "QUAL2001" not in listed


# --------------------------------------------------------------------------- draft rules


def test_a_draft_rule_reports_a_warning_says_so_and_is_listed_as_draft(tmp_path):
    pack = county_pack(tmp_path / "county", COUNTY_2_0.replace("supersedes: [HIRE001]\n",
                                                                "status: draft\n    todo: confirm the 90 %\n"))
    write(tmp_path / ".sncheck.yaml", f"rule_dirs: [{pack}]\nseverity: {{HIRE2001: error}}\n")
    plan = write(tmp_path / "p.yaml", PLAN_115.replace("program: 脆弱家庭}", "program: 脆弱家庭, budgeted_positions: 9}"))
    run = sncheck(["check", str(plan), "--format", "json", "--lang", "en"], cwd=tmp_path)
    assert run.exit_code == 0  # a draft is never an error, not even with a severity override
    hire = run.json()["files"][0]["findings"][0]
    assert (hire["rule"], hire["severity"], hire["rule_status"]) == ("HIRE2001", "warning", "draft")
    assert hire["message"] == "hiring rate 27.7 % (draft rule, not yet confirmed)"  # 5 of 18: the county pack knows the centre
    listed = [line for line in sncheck(["rules", "--rules", str(pack)]).stdout.splitlines() if line.startswith("HIRE2001")]
    assert listed == ["HIRE2001  warning  staffing  county-2.0 115–119  本縣進用率（草案）  [本府函]"]
    shown = sncheck(["rules", "show", "HIRE2001", "--rules", str(pack)]).stdout
    assert "狀態\n  草案（尚待確認；回報為警告）\n  TODO: confirm the 90 %\n" in shown
    docs = sncheck(["rules", "docs", "--rules", str(pack)]).stdout
    assert "| [HIRE2001](#hire2001) | warning | staffing | county hiring rate (draft) |" in docs
    assert "**Status: draft (not yet confirmed; reported as a warning at most).** TODO: confirm the 90 %" in docs


def test_a_bad_status_is_a_rule_file_error(tmp_path):
    pack = county_pack(tmp_path / "county", COUNTY_2_0.replace("supersedes: [HIRE001]\n", "status: drafted\n"))
    run = sncheck(["rules", "--rules", str(pack)])
    assert run.exit_code == 2 and "rules.yaml:6: /rules/0/status: must be one of [\"draft\", \"confirmed\"]" in run.stderr


# --------------------------------------------------------------------------- rules new-pack


def test_new_pack_copies_phase_2_as_drafts_that_load_and_pass_their_fixtures(tmp_path):
    dest = tmp_path / "ssn-2.0-draft"
    fixtures = ROOT / "tests" / "rule_fixtures"
    run = sncheck(["rules", "new-pack", "--lang", "en", str(dest), "--from", "ssn-phase2", "--years", "115-119", "--id", "ssn-2.0",
                   "--fixtures", str(fixtures / "seniority"), "--fixtures", str(fixtures / "supervisor"),
                   "--fixtures", str(fixtures / "staffing"), "--fixtures", str(fixtures / "caseload")])
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[0] == (
        f"{dest}: pack ssn-2.0 (115–119) copied from ssn-phase2 (110–114): 23 rule(s), all status: draft; files: "
        "caseload.yaml, central_share.yaml, facility.yaml, funding_share.yaml, pack.yaml, pay.yaml, seniority.yaml, "
        "staffing.yaml, supervisor.yaml")
    assert "  fixtures (years moved by 5): 13 copied, 13 pass" in run.stdout
    # the data table byte for byte; every rule a draft with its todo and its sources; comments kept
    assert (dest / "central_share.yaml").read_bytes() == (PHASE2 / "central_share.yaml").read_bytes()
    for name in ("staffing.yaml", "seniority.yaml", "facility.yaml"):
        original = (PHASE2 / name).read_text(encoding="utf-8")
        copied = (dest / name).read_text(encoding="utf-8")
        assert [line for line in copied.splitlines() if line.lstrip().startswith("#")] == [
            line for line in original.splitlines() if line.lstrip().startswith("#")]
        new_rules = yaml.safe_load(copied)["rules"]
        old_rules = yaml.safe_load(original)["rules"]
        assert {r["status"] for r in new_rules} == {"draft"}
        assert {r["todo"] for r in new_rules} == {"confirm against the 2.0 處理原則"}
        assert [r["sources"] for r in new_rules] == [r["sources"] for r in old_rules]
        # nothing but the two added keys changed
        assert [{k: v for k, v in r.items() if k not in ("status", "todo")} for r in new_rules] == old_rules
    manifest = yaml.safe_load((dest / "pack.yaml").read_text(encoding="utf-8"))
    assert (manifest["id"], manifest["plan_years"]) == ("ssn-2.0", {"from": 115, "to": 119})
    moved = yaml.safe_load((dest / "tests" / "sen001_boundary.yaml").read_text(encoding="utf-8"))
    assert moved["plan_year"] == 116 and moved["staff"][0]["history"][0] == {"from": "2023-01-01", "to": "2026-12-31",
                                                                             "budget": "ssn"}
    test = sncheck(["rules", "test", "--lang", "en", str(dest / "tests"), "--rules", str(dest)])
    assert test.exit_code == 0, test.stdout
    assert test.stdout.splitlines()[-1] == "13 fixtures: 13 passed, 0 failed"
    assert test.stdout.splitlines()[-2].startswith("draft rules (status: draft, reported as warnings until confirmed): CASE001")
    # checking a 115 plan with the copy: phase-2 rules as drafts (warnings), marked; the shipped 2.0 pack replaced
    plan = write(tmp_path / "p.yaml", PLAN_115)
    checked = sncheck(["check", "--lang", "en", str(plan), "--rules", str(dest), "--format", "json"])
    assert checked.exit_code == 0
    # a copy for 115–119 knows the centre: its drafts judge it (HIRE001 over C1's positions, QUAL001 on M1)
    assert findings(checked) == [("HIRE001", "", "warning"), ("SUP001", "/teams/1", "warning"),
                                 ("QUAL001", "/staff/1", "warning")]


def test_new_pack_says_which_copied_fixtures_depend_on_the_old_years(tmp_path):
    dest = tmp_path / "draft"
    fixture = ROOT / "tests" / "rule_fixtures" / "funding_share" / "fund_taipei_113_ok.yaml"
    run = sncheck(["rules", "new-pack", "--lang", "en", str(dest), "--from", "ssn-phase2", "--years", "115-119", "--id", "county-2.0",
                   "--fixtures", str(fixture)])
    assert run.exit_code == 0
    assert ("  fixtures (years moved by 5): 1 copied, 0 pass; 1 need editing (they depend on the years 110–114 of a "
            "data table or a rule's condition): tests/fund_taipei_113_ok.yaml") in run.stdout
    test = sncheck(["rules", "test", "--lang", "en", str(dest / "tests"), "--rules", str(dest)])
    assert test.exit_code == 1 and "unexpected FUND002 at /central_share" in test.stdout


def test_new_pack_keeps_batch_fixture_folders_apart_and_runs_each_as_one_run(tmp_path):
    """Two ``.batch`` folders hold plans of the same name (01-臺北市-112.yaml): copied flat, one would
    overwrite the other, and their plans would each run alone (no FUND003 across them)."""
    dest = tmp_path / "draft"
    folder = ROOT / "tests" / "rule_fixtures" / "funding_share"
    run = sncheck(["rules", "new-pack", "--lang", "en", str(dest), "--from", "ssn-phase2", "--years", "115-119", "--id", "county-2.0",
                   "--fixtures", str(folder / "fund003_three_municipalities.batch"),
                   "--fixtures", str(folder / "fund003_unreadable_not_counted.batch")])
    assert run.exit_code == 0, run.stderr
    assert "  fixtures (years moved by 5): 7 copied, 7 pass\n" in run.stdout
    for name in ("fund003_three_municipalities.batch", "fund003_unreadable_not_counted.batch"):
        copied = sorted(p.name for p in (dest / "tests" / name).iterdir())
        assert copied == sorted(p.name for p in (folder / name).iterdir())
        moved = yaml.safe_load((dest / "tests" / name / "01-臺北市-112.yaml").read_text(encoding="utf-8"))
        original = yaml.safe_load((folder / name / "01-臺北市-112.yaml").read_text(encoding="utf-8"))
        assert moved == {**original, "plan_year": 117}
    test = sncheck(["rules", "test", "--lang", "en", str(dest / "tests"), "--rules", str(dest)])
    assert (test.exit_code, test.stdout.splitlines()[-1]) == (0, "7 fixtures: 7 passed, 0 failed")


def test_new_pack_refuses_fixtures_that_would_be_copied_to_one_place(tmp_path):
    dest = tmp_path / "draft"
    one = write(tmp_path / "a" / "plan.yaml", CLEAN_115 + "x-expect: []\n")
    other = write(tmp_path / "b" / "plan.yaml", CLEAN_115 + "x-expect: []\n")
    run = sncheck(["rules", "new-pack", "--lang", "en", str(dest), "--from", "ssn-phase2", "--years", "115-119", "--id", "county-2.0",
                   "--fixtures", str(one), "--fixtures", str(other)])
    assert run.exit_code == 2
    assert run.stderr == (f"sncheck: rules new-pack: --fixtures {one} and {other} would both be copied to "
                          "tests/plan.yaml; name their folders instead (nothing was written)\n")
    assert not dest.exists()


def test_new_pack_refuses_a_non_empty_folder_and_bad_arguments(tmp_path):
    busy = tmp_path / "busy"
    write(busy / "notes.txt", "mine")
    base = ["rules", "new-pack", "--lang", "en", "--from", "ssn-phase2", "--years", "115-119", "--id", "ssn-2.0"]
    run = sncheck([*base, str(busy)])
    assert run.exit_code == 2 and run.stderr == (
        f"sncheck: rules new-pack: {busy} exists and is not empty; name a new folder (nothing was written)\n")
    assert sorted(p.name for p in busy.iterdir()) == ["notes.txt"]
    assert sncheck(["rules", "new-pack", "--lang", "en", str(tmp_path / "a"), "--from", "ssn-phase9", "--years", "115-119",
                    "--id", "x"]).exit_code == 2
    assert sncheck(["rules", "new-pack", "--lang", "en", str(tmp_path / "b"), "--from", "ssn-phase2", "--years", "119-115",
                    "--id", "x"]).exit_code == 2
    assert sncheck(["rules", "new-pack", "--lang", "en", str(tmp_path / "c"), "--from", "ssn-phase2", "--years", "115-119",
                    "--id", "SSN 2"]).exit_code == 2
    assert not any((tmp_path / name).exists() for name in ("a", "b", "c"))
    empty = tmp_path / "empty"
    empty.mkdir()
    assert sncheck([*base, str(empty)]).exit_code == 0  # an empty folder is fine


def test_new_pack_keeps_a_json_rule_file_json(tmp_path):
    source = tmp_path / "src"
    write(source / "pack.yaml", "id: src\ntitle: {zh: 來源, en: source}\nplan_years: {from: 110, to: 114}\n")
    rule = yaml.safe_load(COUNTY_2_0)["rules"][0]
    del rule["supersedes"]
    write(source / "rules.json", json.dumps({"rules": [rule]}, ensure_ascii=False, indent=2) + "\n")
    dest = tmp_path / "dest"
    run = sncheck(["rules", "new-pack", str(dest), "--from", "src", "--years", "120-124", "--id", "next",
                   "--rules", str(source)])
    assert run.exit_code == 0, run.stderr
    copied = json.loads((dest / "rules.json").read_text(encoding="utf-8"))["rules"][0]
    assert (copied["status"], copied["todo"]) == ("draft", "confirm against the rules of ROC 120–124")
    shutil.rmtree(source)  # the copy stands on its own
    assert "HIRE2001" in sncheck(["rules", "--rules", str(dest)]).stdout


# --------------------------------------------------------------------------- importer, fixtures by choice


def test_a_roster_imports_the_2_0_codes_and_the_kind_of_work(tmp_path):
    roster = write(tmp_path / "roster.csv", "員工編號,單位/組別,職稱,經費來源,專業背景,年資起日,經費別,工作類別\n"
                                            "R1,通報調查處理中心,篩派案專員,中央補助,公衛,2025-01-01,社安網預算,篩派案\n")
    out = tmp_path / "plan.yaml"
    run = sncheck(["import", str(roster), "--county", "臺中市", "--year", "115", "-o", str(out)])
    assert run.exit_code == 0, run.stderr
    plan = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert plan["teams"] == [{"id": "通報調查處理中心", "unit_type": "report_investigation_center"}]
    person = plan["staff"][0]
    assert (person["role"], person["profession"]) == ("screening_specialist", "public_health")
    assert person["history"] == [{"from": date(2025, 1, 1), "budget": "ssn", "work": "screening"}]  # (yaml.safe_load)
    checked = sncheck(["check", str(roster), "--county", "臺中市", "--year", "115", "--format", "json"])
    assert findings(checked) == [("PACK002", "/plan_year", "info"), ("SEN2001", "/staff/0", "warning")]


def test_rules_test_takes_apply_pack_for_fixtures_of_a_chosen_pack(tmp_path):
    fixture = write(tmp_path / "t" / "p.yaml", PLAN_115.replace(
        "plan_year: 115\n", "plan_year: 115\nx-expect:\n  - SUP001 /teams/1\n  - QUAL2001 /staff/0\n"))
    chosen = sncheck(["rules", "test", "--lang", "en", str(fixture.parent), "--apply-pack", "ssn-phase2:115-119"])
    assert chosen.exit_code == 0 and chosen.stdout.splitlines()[-1] == "1 fixture: 1 passed, 0 failed"
    plain = sncheck(["rules", "test", "--lang", "en", str(fixture.parent)])
    assert plain.exit_code == 1 and "missing SUP001 at /teams/1" in plain.stdout and "unexpected PACK002" in plain.stdout


def test_every_2_0_rule_cites_a_dated_public_page_and_says_when_it_rests_on_news():
    from sncheck.engine.checker import Checker, Options

    pack = next(p for p in Checker(Options(load_entry_points=False)).packs if p.id == "ssn-2.0")
    assert (pack.first_year, pack.last_year) == (115, 119) and pack.sources and pack.partial
    assert {r.id for r in pack.rules} == {"QUAL2001", "SEN2001", "SEN2002"}
    for rule in pack.rules:
        assert rule.is_draft and rule.todo and rule.reported_severity.value == "warning"
        for source in rule.sources:
            assert source.url.startswith("https://") and len(source.date) == 10 and source.quote
            assert "news" in source.document
        assert "新聞報導" in rule.doc["notes"]["zh"] and "news reports" in rule.doc["notes"]["en"]


def test_a_phase_2_year_is_never_marked_even_with_apply_packs(tmp_path):
    write(tmp_path / ".sncheck.yaml", APPLY)
    plan = write(tmp_path / "p.yaml", PLAN_115.replace("plan_year: 115", "plan_year: 112"))
    run = sncheck(["check", str(plan), "--format", "json"], cwd=tmp_path)
    found = run.json()["files"][0]["findings"]
    # 112 is phase 2's own year: no marker; the centre (a 2.0 unit) is hidden from phase-2 rules all the same,
    # and PACK003 says so
    assert [(f["rule"], f["pointer"]) for f in found] == [("PACK003", "/teams/0"), ("SUP001", "/teams/1")]
    assert "applied_by_choice" not in found[1] and MARK_ZH not in found[1]["message"]


def test_rules_show_shows_each_loaded_packs_rule_of_that_id(tmp_path):
    """The ministry edits a draft copy whose rules keep phase 2's ids (SEN001 for 115–119): `rules show SEN001
    --rules DRAFT` must show its draft too, not only the shipped phase-2 rule that happens to load first."""
    dest = tmp_path / "draft"
    assert sncheck(["rules", "new-pack", str(dest), "--from", "ssn-phase2", "--years", "115-119",
                    "--id", "ssn-2.0", "--todo", "confirm the 4 years"]).exit_code == 0
    run = sncheck(["rules", "show", "SEN001", "--rules", str(dest)])
    assert run.exit_code == 0
    heads = [line for line in run.stdout.splitlines() if line.startswith("嚴重度：")]
    assert heads == ["嚴重度：error｜類別：seniority｜規則包：ssn-phase2（110–114）｜檢查：service.minimum_length",
                     "嚴重度：warning｜類別：seniority｜規則包：ssn-2.0（115–119）｜檢查：service.minimum_length"]
    assert run.stdout.count("TODO: confirm the 4 years") == 1
    assert sncheck(["rules", "show", "SEN001"]).stdout.count("嚴重度：") == 1


def test_rules_docs_index_links_each_packs_rule_of_a_shared_id_to_its_own_heading(tmp_path):
    dest = tmp_path / "draft"
    assert sncheck(["rules", "new-pack", str(dest), "--from", "ssn-phase2", "--years", "115-119",
                    "--id", "ssn-2.0"]).exit_code == 0
    docs = sncheck(["rules", "docs", "--rules", str(dest)]).stdout
    links = [line.split("|")[1].strip() for line in docs.splitlines() if line.startswith("| [SEN001]")]
    assert links == ["[SEN001](#sen001)", "[SEN001](#sen001-1)"]  # GitHub numbers a repeated heading's anchor
    assert docs.count("\n### SEN001\n") == 2


def test_two_user_packs_with_one_id_or_clashing_rule_ids_are_refused_at_their_line(tmp_path):
    head = "# the county's 2.0 pack\n# (edited by the ministry)\n"
    one = county_pack(tmp_path / "one", COUNTY_2_0)
    two = county_pack(tmp_path / "two", COUNTY_2_0)
    write(two / "pack.yaml", head + (two / "pack.yaml").read_text(encoding="utf-8"))
    run = sncheck(["rules", "--lang", "en", "--rules", str(one), "--rules", str(two)])
    assert run.exit_code == 2
    assert run.stderr == (f"sncheck: rule file error: {two / 'pack.yaml'}:3: pack id 'county-2.0' is also used by {one}\n")
    write(two / "pack.yaml", head + "id: other-2.0\ntitle: {zh: 他縣, en: other}\nplan_years: {from: 117, to: 119}\n")
    run = sncheck(["rules", "--lang", "en", "--rules", str(one), "--rules", str(two)])
    assert run.exit_code == 2 and run.stderr.startswith(f"sncheck: rule file error: {two / 'pack.yaml'}:5: rule ids HIRE2001")


def test_new_pack_refuses_an_id_that_would_replace_a_pack_of_other_years(tmp_path):
    """A pack named with --rules replaces a shipped pack of its id: a 115–119 copy called ssn-phase2 would
    silently take phase 2 away from every 110–114 plan (PACK001) whenever it is loaded."""
    dest = tmp_path / "copy"
    run = sncheck(["rules", "new-pack", "--lang", "en", str(dest), "--from", "ssn-phase2", "--years", "115-119", "--id", "ssn-phase2"])
    assert run.exit_code == 2
    assert run.stderr == ("sncheck: rules new-pack: --id 'ssn-phase2' is the id of the loaded pack ssn-phase2 (110–114): "
                          "loaded with --rules, the copy (115–119) would replace it; choose another id (nothing was "
                          "written)\n")
    assert not dest.exists()


def test_junit_does_not_pass_rules_that_did_not_run_on_the_plan(tmp_path):
    """A CI test report must not show phase 2's SUP001 as a passed test of a 115 plan that only the 2.0 pack
    checked (PACK002 says so), nor 2.0's QUAL2001 on a 111 plan, nor FUND003 (sncheck batch only)."""
    plan_115 = write(tmp_path / "p115.yaml", CLEAN_115)
    plan_111 = write(tmp_path / "p111.yaml", CLEAN_115.replace("plan_year: 115", "plan_year: 111").replace(
        "{id: C1, unit_type: 通報調查處理中心}", "{id: C1, unit_type: 社福中心}").replace(
        "role: 篩派案人員, funding: 中央補助, profession: 教育", "role: 社工員, funding: 中央補助"))

    def cases(*args: str) -> dict[str, dict[str, str]]:
        run = sncheck(["check", str(plan_115), str(plan_111), "--format", "junit", *args])
        assert run.exit_code == 0, run.stdout
        suites = {s.get("name"): s for s in ET.fromstring(run.stdout).findall("testsuite")}
        return {Path(name).name: {c.get("name"): ("skipped" if c.find("skipped") is not None else "passed")
                                  for c in suite.findall("testcase")} for name, suite in suites.items()}

    got = cases()
    assert (got["p115.yaml"]["SUP001"], got["p115.yaml"]["QUAL2001"], got["p115.yaml"]["FUND003"]) == (
        "skipped", "passed", "skipped")
    assert (got["p111.yaml"]["SUP001"], got["p111.yaml"]["QUAL2001"], got["p111.yaml"]["FUND003"]) == (
        "passed", "skipped", "skipped")
    assert got["p115.yaml"]["PACK002"] == "passed"  # an info finding is no failure; input rules always listed
    chosen = cases("--apply-pack", "ssn-phase2:115-119")
    assert (chosen["p115.yaml"]["SUP001"], chosen["p115.yaml"]["QUAL2001"]) == ("passed", "passed")


def test_junit_of_a_115_roster_skips_the_rules_that_did_not_run_as_for_a_plan(tmp_path):
    import openpyxl

    roster = tmp_path / "臺中市-115-人員名冊.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "人員名冊"
    book.active.append(["員工編號", "單位/組別", "職稱", "經費來源", "專業背景"])
    book.active.append(["R1", "通報調查處理中心", "篩派案人員", "中央補助", "教育"])
    book.save(roster)
    run = sncheck(["check", str(roster), "--format", "junit"])
    assert run.exit_code == 0
    cases = {c.get("name"): c.find("skipped") is not None for c in ET.fromstring(run.stdout).iter("testcase")}
    assert (cases["SUP001"], cases["QUAL2001"], cases["PACK002"]) == (True, False, False)


# --------------------------------------------------------------------------- PACK003: a unit older rules never knew


def test_a_114_plan_with_the_2_0_centre_is_told_that_phase_2_did_not_check_it(tmp_path):
    """The centre is hidden from phase-2 rules (they never knew it); a 114 plan listing it must say so, not pass
    the team silently. Info: the other teams' findings decide the exit status."""
    plan = write(tmp_path / "p.yaml", PLAN_115.replace("plan_year: 115", "plan_year: 114"))
    run = sncheck(["check", str(plan), "--format", "json"])
    assert findings(run) == [("PACK003", "/teams/0", "info"), ("SUP001", "/teams/1", "error")]
    assert run.json()["files"][0]["findings"][0]["line"] == 5
    assert run.json()["files"][0]["findings"][0]["message"] == (
        "組別 C1 的單位類型「通報調查處理中心」自 115 年度起才有；第二期規則（110–114）未檢核此組別及其人員、經費需求")
    english = sncheck(["check", str(plan), "--format", "json", "--lang", "en"])
    assert english.json()["files"][0]["findings"][0]["message"] == (
        "team C1 has unit type report_investigation_center, which exists only from plan year 115; the phase 2 "
        "rules (110–114) did not check this team, its staff or its requests")
    assert findings(sncheck(["check", str(plan), "--format", "json", "--ignore", "PACK003"])) == [
        ("SUP001", "/teams/1", "error")]


def test_pack003_is_listed_with_the_input_rules_and_not_given_to_115_plans(tmp_path):
    listed = sncheck(["rules", "--lang", "en"])
    assert [line.split()[:3] for line in listed.stdout.splitlines() if line.startswith("PACK003")] == [
        ["PACK003", "info", "input"]]
    clean = write(tmp_path / "clean.yaml", CLEAN_115)
    assert findings(sncheck(["check", str(clean), "--format", "json"])) == [("PACK002", "/plan_year", "info")]
    chosen = sncheck(["check", str(clean), "--format", "json", "--apply-pack", "ssn-phase2:115-119"])
    assert "PACK003" not in [rule for rule, _, _ in findings(chosen)]  # the centre exists in 115
