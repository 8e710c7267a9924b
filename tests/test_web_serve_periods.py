"""The web page with the 2.0 period and the cross-plan rules: what the page gives is what the CLI gives.

- the tick box "also check 115–119 plans against the phase-2 standards" is ``--apply-pack ssn-phase2:115-119``;
- the result page says which packs checked each file (and which by choice), and marks draft rules;
- several files uploaded together are one ``sncheck batch`` run: FUND003 appears, as in findings.json.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from cli_run import sncheck, write
from serve_helpers import EXAMPLES
from test_engine_cross_plan import EIGHT, plan_text
from test_web_serve import client, read, result_key, upload

TAICHUNG_115 = EXAMPLES / "taichung-115.yaml"
LABEL_ZH = "115–119 年度的計畫也依第二期標準（110–114）檢核（2.0 尚無公告規則）"
LABEL_EN = "Also check 115–119 plans against the phase 2 standards (110–114) (2.0 has no published rule yet)"


def _named(doc: dict[str, Any]) -> dict[str, Any]:
    for entry in doc["files"]:
        entry["path"] = Path(entry["path"]).name
    return doc


def _page_findings(c: Any, page: Any) -> dict[str, Any]:
    return json.loads(c.get(f"/r/{result_key(page)}/findings.json").data)  # type: ignore[no-any-return]


def _file_section(page: str, index: int) -> str:
    start = page.index(f'id="file-{index}"')
    end = page.find('<section class="file"', start + 1)
    return page[start:end if end > 0 else len(page)]


# --------------------------------------------------------------------------- the 2.0 period and the tick box


def test_the_form_offers_the_phase2_standards_for_2_0_plans_in_both_languages() -> None:
    c = client()
    form = c.get("/").text
    assert 'name="apply_pack" id="apply_pack" value="1"' in form
    assert LABEL_ZH in form
    assert LABEL_EN in c.get("/?lang=en").text


def test_without_the_box_a_115_plan_gets_the_2_0_drafts_and_pack002_as_check_does() -> None:
    c = client()
    page = upload(c, [read(TAICHUNG_115)])
    expected = _named(sncheck(["check", str(TAICHUNG_115), "--format", "json"]).json())
    got = _page_findings(c, page)
    assert got == expected
    assert {f["rule"] for f in got["files"][0]["findings"]} == {"PACK002", "QUAL2001", "SEN2001"}
    section = _file_section(page.text, 0)
    assert "檢核依據：" in section and "強化社會安全網計畫2.0（115–119年）" in section
    assert "依您的選擇套用" not in section
    # PACK002's advice names .sncheck.yaml and --apply-pack; the page points at its own tick box
    assert f"上傳頁的「{LABEL_ZH}」" in page.text
    drafts = re.findall(r'data-rule="([A-Z0-9]+)"[^>]*>(?:(?!</article>).)*?<span class="badge draft"', section, re.S)
    assert sorted(drafts) == ["QUAL2001", "SEN2001"]  # the draft rules are badged 草案, PACK002 is not


def test_the_box_checks_as_apply_pack_ssn_phase2_115_119(tmp_path: Path) -> None:
    c = client()
    page = upload(c, [read(TAICHUNG_115)], apply_pack="1")
    expected = _named(sncheck(["check", str(TAICHUNG_115), "--apply-pack", "ssn-phase2:115-119",
                               "--format", "json"]).json())
    got = _page_findings(c, page)
    assert got == expected
    chosen = [f for f in got["files"][0]["findings"] if f.get("applied_by_choice")]
    assert [f["rule"] for f in chosen] == ["SUP001"]
    assert chosen[0]["applied_by_choice"]["pack"] == "ssn-phase2"
    section = _file_section(page.text, 0)
    assert "〔依第二期標準（110–114）檢核，2.0 尚無公告規則〕" in section  # the marker, in the message
    assert re.search(r'data-rule="SUP001"(?:(?!</article>).)*?<span class="badge by-choice"', section, re.S)
    assert "強化社會安全網第二期計畫（110–114年）（依您的選擇套用）" in section
    assert "PACK002" not in section  # the phase-2 standards checked it too
    assert 'id="choice-hint"' not in page.text
    # the personal-data toggle and the English page keep the choice
    again = c.get(f"/r/{result_key(page)}?lang=en").text
    assert "[checked against the phase 2 standards (110–114) by choice" in again


def test_the_result_pages_button_checks_the_held_upload_again_with_the_choice(tmp_path: Path) -> None:
    """The officer who forgot the box presses 「也依第二期標準檢核」 instead of choosing the files again:
    the upload held in memory is checked as ``--apply-pack ssn-phase2:115-119`` checks it."""
    c = client()
    page = upload(c, [read(TAICHUNG_115)])
    key = result_key(page)
    form = re.search(r'<form method="post" action="/r/[^"]+/choice"[^>]*>.*?</form>', page.text, re.S)
    assert form and '<button type="submit" id="apply-choice"' in form.group(0) and "也依第二期標準檢核" in form.group(0)
    assert c.post(f"/r/{key}/choice", data={"apply": "1"}).status_code == 403  # no CSRF value: refused
    again = c.post(f"/r/{key}/choice", data={"csrf": c.get_cookie("sncheck_csrf").value, "apply": "1"},
                   follow_redirects=True)
    assert again.status_code == 200 and result_key(again) == key
    expected = _named(sncheck(["check", str(TAICHUNG_115), "--apply-pack", "ssn-phase2:115-119",
                               "--format", "json"]).json())
    assert _page_findings(c, again) == expected
    assert 'id="choice-hint"' not in again.text and 'id="apply-choice"' not in again.text
    phase2 = upload(c, [read(EXAMPLES / "taichung-111.yaml")])
    assert 'id="apply-choice"' not in phase2.text  # no PACK002: nothing to offer


def test_the_box_does_not_touch_a_phase2_plan() -> None:
    c = client()
    plain = _page_findings(c, upload(c, [read(EXAMPLES / "kaohsiung-111.yaml")]))
    boxed = _page_findings(c, upload(c, [read(EXAMPLES / "kaohsiung-111.yaml")], apply_pack="1"))
    assert boxed == plain
    assert not any(f.get("applied_by_choice") for f in boxed["files"][0]["findings"])


def test_the_box_is_not_offered_when_a_complete_pack_covers_2_0(tmp_path: Path) -> None:
    pack = tmp_path / "ministry"
    write(pack / "pack.yaml", "id: ssn-2.0\ntitle: {zh: 強化社會安全網計畫2.0（115–119年）, en: SSN 2.0}\n"
                              "short_title: {zh: '2.0', en: '2.0'}\nplan_years: {from: 115, to: 119}\n")
    form = client(rule_dirs=(pack,)).get("/").text
    assert 'name="apply_pack"' not in form


def test_report_html_of_an_upload_names_the_packs_applied_by_choice() -> None:
    c = client()
    page = upload(c, [read(TAICHUNG_115), read(EXAMPLES / "kaohsiung-111.yaml")], apply_pack="1")
    report = c.get(f"/r/{result_key(page)}/report.html").data.decode()
    assert "ssn-2.0、ssn-phase2（依選擇套用）" in report
    assert re.search(r'id="by-choice">[^<]*臺中市', report)
    assert "<h1>強化社會安全網計畫 縣市計畫檢核總表</h1>" in report  # 111 and 115: two periods, a neutral title
    only_2_0 = upload(c, [read(TAICHUNG_115), ("臺北市-115.yaml", plan_text("臺北市", 115).encode())])
    assert "<h1>強化社會安全網計畫2.0（115–119年） 縣市計畫檢核總表</h1>" in \
        c.get(f"/r/{result_key(only_2_0)}/report.html").data.decode()


# --------------------------------------------------------------------------- cross-plan rules (FUND003)


def test_several_plans_uploaded_together_get_fund003_as_the_batch_does(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    names = [f"{county}-112.yaml" for county in EIGHT]
    for county, name in zip(EIGHT, names):
        write(folder / name, plan_text(county))
    out = tmp_path / "report"
    run = sncheck(["batch", str(folder), "--report-dir", str(out), "-j", "1"])
    assert run.exit_code == 0, run.stderr
    batch = _named(json.loads((out / "findings.json").read_text(encoding="utf-8")))
    c = client()
    page = upload(c, [read(folder / name) for name in names])
    got = _page_findings(c, page)
    assert sorted(got["files"], key=lambda e: e["path"]) == sorted(batch["files"], key=lambda e: e["path"])
    assert got["summary"] == batch["summary"]
    by_file = {entry["path"]: [f for f in entry["findings"] if f["rule"] == "FUND003"] for entry in got["files"]}
    assert sorted(by_file) == sorted(names) and all(len(found) == 1 for found in by_file.values())
    assert page.text.count('data-rule="FUND003"') == 8
    key = result_key(page)
    assert c.get(f"/r/{key}/report.html").data.decode().count("FUND003") >= 8
    summary_csv = c.get(f"/r/{key}/summary.csv").data.decode("utf-8")
    assert summary_csv.encode("utf-8") == (out / "summary.csv").read_bytes()  # one row per county: same totals


def test_one_plan_alone_never_runs_the_cross_plan_rules(tmp_path: Path) -> None:
    c = client()
    got = _page_findings(c, upload(c, [("臺北市-112.yaml", plan_text("臺北市").encode())]))
    assert not any(f["rule"] == "FUND003" for f in got["files"][0]["findings"])


def test_the_box_also_applies_the_phase2_cross_plan_rule_to_115_plans(tmp_path: Path) -> None:
    """A reviewer uploads eight 115 plans claiming 優良 and ticks the box: the phase-2 standards (FUND003
    among them: 7 places, 2 直轄市) check those plans, so FUND003 reports them, marked as applied by choice,
    as ``sncheck batch --apply-pack ssn-phase2:115-119`` does. Without the box the 2.0 pack has no FUND003."""
    folder = tmp_path / "plans"
    names = [f"{county}-115.yaml" for county in EIGHT]
    for county, name in zip(EIGHT, names):
        write(folder / name, plan_text(county, year=115))
    out = tmp_path / "report"
    run = sncheck(["batch", str(folder), "--report-dir", str(out), "-j", "1", "--apply-pack", "ssn-phase2:115-119"])
    assert run.exit_code in (0, 1), run.stderr
    batch = _named(json.loads((out / "findings.json").read_text(encoding="utf-8")))
    c = client()
    got = _page_findings(c, upload(c, [read(folder / name) for name in names], apply_pack="1"))
    assert sorted(got["files"], key=lambda e: e["path"]) == sorted(batch["files"], key=lambda e: e["path"])
    fund = [f for entry in got["files"] for f in entry["findings"] if f["rule"] == "FUND003"]
    assert len(fund) == 8
    assert all(f["applied_by_choice"] and f["message"].endswith("〔依第二期標準（110–114）檢核，2.0 尚無公告規則〕")
               for f in fund)
    without = _page_findings(c, upload(c, [read(folder / name) for name in names]))
    assert not any(f["rule"] == "FUND003" for entry in without["files"] for f in entry["findings"])
