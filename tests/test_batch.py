"""`sncheck batch`: ordered streaming, per-file limits, the summary files and the comparison between rounds."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import multiprocessing
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from sncheck.batch import pool as pool_module
from sncheck.batch.pool import BatchPool
from sncheck.engine.checker import Checker, Options
from sncheck.cli import main
from sncheck.read.limits import Limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import plangen  # noqa: E402
from test_engine_coverage import named
from cli_run import on_terminal  # noqa: E402


def _plan(county: str, year: int, staff: list[str], requests: list[str] = ()) -> str:
    """A small block-style plan; ``staff``/``requests`` are flow mappings without the leading dash."""
    lines = ["format: sncheck/plan@1", f"county: {county}", f"plan_year: {year}", "teams:",
             "  - {id: T1, unit_type: social_welfare_center, program: vulnerable_family}", "staff:"]
    lines += [f"  - {s}" for s in staff] or ["  []"]
    lines += ["requests:"] + [f"  - {r}" for r in requests] if requests else []
    return "\n".join(lines) + "\n"


WORKERS = [f"{{id: W{i}, name: 王小明{i}, team: T1, role: social_worker, funding: central}}" for i in range(7)]
TWO_CENTRAL_SUPERVISORS = ["{id: S1, name: 陳督導, team: T1, role: supervisor, funding: central}",
                           "{id: S2, name: 林督導, team: T1, role: supervisor, funding: central}"]
SENIOR_NO_HISTORY = "{id: P1, name: 張資深, team: T1, role: senior_social_worker, funding: central}"
ISLAND_ON_SSN = ("{id: R1, unit_type: social_welfare_center, category: island_allowance, "
                 "funding_source: ssn_subsidy, amount: 1000}")
VOUCHER_ON_SSN = ("{id: R2, unit_type: social_welfare_center, category: birthday_voucher, "
                  "funding_source: ssn_subsidy, amount: 500}")


@pytest.fixture()
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "taichung-111.yaml").write_text(_plan("台中市", 111, WORKERS + TWO_CENTRAL_SUPERVISORS), encoding="utf-8")
    (folder / "kaohsiung-111.yaml").write_text(_plan("高雄市", 111, [SENIOR_NO_HISTORY]), encoding="utf-8")
    (folder / "tainan-112.yaml").write_text(_plan("臺南市", 112, WORKERS[:3]), encoding="utf-8")
    (folder / "broken.yaml").write_text("format: sncheck/plan@1\ncounty: [臺北市\n", encoding="utf-8")
    return folder


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["batch", *args])
    return result.exit_code, result.output


def test_output_is_in_path_order_whatever_the_number_of_jobs(tmp_path: Path) -> None:
    plangen.write_plans(tmp_path, 6, 10, seed=3)
    code1, out1 = _run(str(tmp_path), "--jobs", "1")
    code3, out3 = _run(str(tmp_path), "--jobs", "3")
    assert code1 == code3 == 1
    assert out1 == out3
    paths = [line.split(":")[0] for line in out1.splitlines() if line.startswith(str(tmp_path))]
    assert paths == sorted(paths) and len(set(paths)) == 6
    assert "\r" not in out1  # no progress bar when not on a terminal


def test_a_progress_bar_on_a_terminal_but_not_in_ci(tmp_path: Path) -> None:
    plangen.write_plans(tmp_path, 3, 5, seed=4)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR")}
    env["TERM"] = "xterm"
    shown = on_terminal(["batch", str(tmp_path), "--jobs", "1"], env, "stderr")
    assert "] 3/3" in shown and "[" + "#" * 30 + "]" in shown  # filled to the end
    assert shown.endswith("\r" + " " * 50 + "\r")  # and cleared before the summary
    assert on_terminal(["batch", str(tmp_path), "--jobs", "1"], {**env, "CI": "true"}, "stderr") == ""


def _hang_for_ever() -> None:
    threading.Event().wait()  # no timeout: only the supervisor's kill ends it


def test_a_hanging_or_crashing_file_costs_only_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock the limit is measured in stands still until the hanging worker says it hangs, then jumps
    far past the limit: only that file can be out of time, however slow or busy the machine is."""
    paths = [str(p) for p in plangen.write_plans(tmp_path, 4, 5, seed=1)]
    slow, crash = paths[1], paths[2]
    real = pool_module.check_one
    hanging = multiprocessing.get_context("fork").Event()

    def hostile(checker, index, path, settings=None):  # type: ignore[no-untyped-def]
        if path == slow:
            hanging.set()
            _hang_for_ever()
        if path == crash:
            os._exit(7)
        return real(checker, index, path)

    monkeypatch.setattr(pool_module, "check_one", hostile)  # inherited by the forked workers
    checker = Checker(Options(load_entry_points=False))
    clock = lambda: 1e6 if hanging.is_set() else 0.0  # noqa: E731
    outcomes = list(BatchPool(checker, jobs=1, timeout=0.2, clock=clock).run(paths))
    assert [o.result.path for o in outcomes] == paths
    reasons = [[(f.rule, f.extra.get("reason")) for f in o.result.findings if f.rule == "PARSE001"] for o in outcomes]
    assert reasons[1] == [("PARSE001", "timeout")]
    assert reasons[2] == [("PARSE001", "crash")]
    assert reasons[0] == reasons[3] == []
    assert outcomes[0].county and outcomes[3].result.findings  # the files around them were checked
    assert [o.result.findings for o in outcomes[::3]] == [real(checker, i, p).result.findings
                                                         for i, p in enumerate(paths) if i in (0, 3)]


def test_a_file_that_hangs_for_ever_is_stopped_on_the_real_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the default clock: a worker that never answers is killed once the limit has passed, and the
    next file gets a new worker (no file here must finish within the short limit)."""
    (path,) = [str(p) for p in plangen.write_plans(tmp_path, 1, 5, seed=1)]
    monkeypatch.setattr(pool_module, "check_one", lambda *args, **kwargs: _hang_for_ever())
    checker = Checker(Options(load_entry_points=False, lang="en"))
    outcomes = list(BatchPool(checker, jobs=2, timeout=0.3).run([path, path]))
    for outcome in outcomes:
        (finding,) = outcome.result.findings
        assert (finding.rule, finding.extra["reason"]) == ("PARSE001", "timeout")
        assert "limit of 0.3 s" in finding.message


def test_an_oversized_file_gets_parse001_without_being_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text(plangen.plan_text(40, seed=2), encoding="utf-8")
    checker = Checker(Options(load_entry_points=False, limits=Limits(max_bytes=1000)))
    (outcome,) = BatchPool(checker, jobs=1).run([str(big)])
    (finding,) = outcome.result.findings
    assert (finding.rule, finding.extra["reason"], finding.line) == ("PARSE001", "size", 1)
    assert f"{big.stat().st_size:,}" in finding.message


def test_report_dir_summary_csv_counts_per_county_and_family(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _ = _run(str(plans), "--jobs", "2", "--report-dir", str(out), "--select", "SUP", "--select", "SEN")
    assert code == 1
    raw = (out / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["縣市", "計畫年度", "檔案數", "結果", "檔案與格式－錯誤", "檔案與格式－警告", "督導比－錯誤", "督導比－警告",
                       "資深社工年資－錯誤", "資深社工年資－警告", "錯誤合計", "警告合計", "資訊合計", "未完整檢核類別",
                       "檢核依據", "未檢核"]  # issue 21: what was not checked, and in which families
    assert rows[1:] == [  # the 2.0 pack's SEN2001/SEN2002 are selected too, but checked no plan: no column
        ["臺中市", "111", "1", "未通過", "0", "0", "1", "0", "0", "0", "1", "0", "0", "", "ssn-phase2", ""],
        ["臺南市", "112", "1", "通過", "0", "0", "0", "0", "0", "0", "0", "0", "0", "", "ssn-phase2", ""],
        # its senior social worker has no history: SEN002 says so, and SEN001 could not run on anyone: the
        # family's errors are empty, not 0 (not a pass); its 1 warning stays
        ["高雄市", "111", "1", "未完整檢核", "0", "0", "0", "0", "", "1", "0", "1", "0", "資深社工年資", "ssn-phase2",
         f"計畫的人員都沒有填{named('history')}：SEN001 未檢核"],
        # not a plan: no rule of any pack family ran on it, and its 未檢核 cell says so; its year is not known
        ["broken.yaml", "年度不明", "1", "未通過", "1", "0", "", "", "", "", "1", "0", "0", "督導比、資深社工年資", "",
         "檔案無法讀成計畫，未檢核任何規定"],
        ["合計", "", "4", "未通過 2、未完整檢核 1 / 4", "1", "0", "1", "0", "0", "1", "2", "1", "0", "", "", ""],
    ]


def test_the_run_says_where_the_report_is_on_standard_error(plans: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["batch", str(plans), "--report-dir", str(tmp_path / "out"), "--format", "json"])
    assert result.stderr == f"全國總表：{tmp_path / 'out' / 'report.html'}（另有 summary.xlsx、summary.csv、findings.json）\n"
    json.loads(result.stdout)  # standard output stays one JSON document


def test_the_last_line_names_the_failing_counties(plans: Path) -> None:
    code, out = _run(str(plans))
    assert code == 1
    # official county order, then files; plans of 111 and 112: each county with its year (a file, by its name)
    assert out.splitlines()[-1] == "未通過：臺中市 111 年度、broken.yaml（2 / 4）"
    assert _run(str(plans / "tainan-112.yaml"), "--lang", "en", "--select", "SUP")[1].splitlines()[-1] == \
        "all pass (1 of 1)"
    # issue 21: with every rule, this plan (no hire dates, no budgeted positions) is not fully checked
    assert _run(str(plans / "tainan-112.yaml"), "--lang", "en")[1].splitlines()[-1] == \
        "no errors, but some rules could not be checked: 臺南市 (1 of 1)"


def test_every_checked_family_has_a_column_even_without_findings(plans: Path, tmp_path: Path) -> None:
    """A reviewer must tell "checked, none failed" (0) from "not checked" (no column)."""
    out = tmp_path / "out"
    _run(str(plans), "--report-dir", str(out), "--lang", "en")
    header = next(csv.reader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig"))))
    pack_families = [label["en"] for label in Checker(Options(load_entry_points=False)).packs[0].families.values()]
    assert "subsidy share" in pack_families  # no plan of the fixture has a share finding
    expected = [f"{family}: {severity}" for family in ["file and format", *pack_families]
                for severity in ("errors", "warnings")]
    assert [h for h in header if h.endswith((" errors", " warnings")) and not h.startswith("total")] == expected
    rows = {row[0]: row for row in csv.reader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig")))}
    share = header.index("subsidy share: errors")
    assert {rows[county][share] for county in ("臺中市", "臺南市", "高雄市")} == {"0"}


def test_findings_json_is_the_check_document_and_no_names_leak(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(str(plans), "--report-dir", str(out))
    checked = CliRunner().invoke(main, ["check", str(plans), "--format", "json"])
    assert (out / "findings.json").read_text(encoding="utf-8") == checked.output  # byte for byte
    assert _run(str(plans), "--format", "json")[1] == checked.output
    for name in ("summary.csv", "report.html", "findings.json", "compare-keys.json"):
        text = (out / name).read_text(encoding="utf-8-sig")
        assert "王小明" not in text and "陳督導" not in text and "張資深" not in text, name


def test_html_report_is_self_contained_with_matrix_chart_and_drill_down(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(str(plans), "--report-dir", str(out))
    html = (out / "report.html").read_text(encoding="utf-8")
    for fetch in ("<link", " src=", "@import", "url(", "https://"):
        assert fetch not in html
    assert ('<tr data-county="臺中市" data-year="111"><th class="l nw"><a href="#county-臺中市">臺中市</a></th>'
            '<td class="nw year">111</td>') in html
    assert ('<td class="sev-error" data-family="supervisor"><a href="#county-臺中市"><span class="nw">1 錯誤</span>'
            '</a></td>') in html
    # issue 21: SEN001 could not run on 高雄市 (no history): its seniority cell is not a plain warning cell, and a
    # family none of whose findings showed but whose rules did not all run is not a green 0
    assert ('<td class="sev-warning partial" data-family="seniority"><a href="#county-高雄市"><span class="nw">1 警告</span>'
            '<span class="nw">・未完整</span></a></td>') in html
    assert '<td class="sev-partial partial" data-family="staffing"><a href="#county-高雄市">未完整檢核</a></td>' in html
    assert '<td class="sev-ok" data-family="supervisor"><a href="#county-高雄市">0</a></td>' in html  # ran in full
    # broken.yaml is not a plan: no pack rule ran on it, so none of the pack's families is green
    assert '<td class="sev-partial partial" data-family="supervisor"><a href="#county-broken.yaml">未完整檢核</a></td>' in html
    assert '<td class="sev-ok" data-family="supervisor"><a href="#county-broken.yaml">' not in html
    assert '<td class="nw result" colspan="3">未通過 2、未完整檢核 2 / 4</td>' in html  # the 合計 row: 臺南市 and 高雄市
    assert '<div class="card" id="card-incomplete"><b class="incomplete">2</b>未完整檢核</div>' in html
    assert ('<td class="partial" data-family="seniority"><span class="nw">1 警告</span><br>未完整檢核 2</td>'
            in html)  # 高雄市 and broken.yaml
    assert "灰（斜紋）＝未完整檢核" in html  # the legend names the state
    assert '<svg id="chart"' in html and html.count('class="bar-e"') == 8  # input + the pack's 7 families
    errors = re.findall(r'class="bar-e" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', html)
    warnings = re.findall(r'class="bar-w" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', html)
    assert [float(w) > 0 for w in errors] == [True, True] + [False] * 6  # input (broken.yaml), supervisor
    assert [float(w) > 0 for w in warnings] == [False, False, True] + [False] * 5  # seniority
    assert '<details class="county" id="county-臺中市" data-year="111"><summary>臺中市（年度 111）：未通過' in html
    assert "SUP001" in html and "經費來源（funding）改為地方自籌" in html  # the message and the fix are in the drill-down


def test_html_report_in_english_names_families_not_fully_checked(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(str(plans), "--report-dir", str(out), "--lang", "en")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert ('<td class="sev-warning partial" data-family="seniority"><a href="#county-高雄市"><span class="nw">1 warning'
            '</span>, not fully checked</a></td>') in html
    assert '<td class="sev-partial partial" data-family="staffing"><a href="#county-高雄市">not fully checked</a></td>' in html
    assert '<td class="nw result" colspan="3">fail 2, incomplete 2 / 4</td>' in html
    assert "grey (striped) = not fully checked" in html


def _round(folder: Path, staff: list[str], requests: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "taichung-111.yaml").write_text(_plan("臺中市", 111, staff, requests), encoding="utf-8")


def test_compare_without_a_report_dir_still_lists_what_changed(tmp_path: Path) -> None:
    _round(tmp_path / "r1", [SENIOR_NO_HISTORY], [ISLAND_ON_SSN])
    assert _run(str(tmp_path / "r1"), "--report-dir", str(tmp_path / "out1"))[0] == 1
    _round(tmp_path / "r2", [SENIOR_NO_HISTORY], [])
    code, out = _run(str(tmp_path / "r2"), "--compare", str(tmp_path / "out1" / "findings.json"))
    assert code == 0  # only SEN002, a warning, is left
    listed = [line.split(": ")[0] for line in out.splitlines() if line.startswith("  ") and not line.startswith("    ")]
    assert listed == ["  仍未修正", "  已修正"]


def test_compare_tells_new_fixed_and_still_open_by_item_not_line(tmp_path: Path) -> None:
    _round(tmp_path / "r1", [SENIOR_NO_HISTORY], [ISLAND_ON_SSN])
    assert _run(str(tmp_path / "r1"), "--report-dir", str(tmp_path / "out1"))[0] == 1
    # Revision: three staff inserted before P1 (its index and line move), R1 fixed, R2 new.
    extra = [f"{{id: N{i}, team: T1, role: social_worker, funding: county}}" for i in range(3)]
    _round(tmp_path / "r2", extra + [SENIOR_NO_HISTORY], [VOUCHER_ON_SSN])
    code, out = _run(str(tmp_path / "r2"), "--report-dir", str(tmp_path / "out2"),
                     "--compare", str(tmp_path / "out1" / "findings.json"))
    assert code == 1
    lines = out.splitlines()
    summary = next(line for line in lines if line.startswith("與上一輪"))
    assert summary.endswith("新增 1、已修正 1、仍未修正 1")
    assert any(line.startswith("  新增: ") and "FAC005" in line for line in lines)
    assert any(line.startswith("  已修正: ") and "FAC003" in line for line in lines)
    assert any(line.startswith("  仍未修正: ") and "SEN002" in line for line in lines)
    html = (tmp_path / "out2" / "report.html").read_text(encoding="utf-8")
    assert '<span class="badge b-new">新增</span>' in html and '<span class="badge b-open">仍未修正</span>' in html
    assert '<div class="card"><b>1</b>已修正</div>' in html


def test_compare_without_keys_file_matches_by_file_name_and_pointer(tmp_path: Path) -> None:
    _round(tmp_path / "r1", [SENIOR_NO_HISTORY], [ISLAND_ON_SSN])
    checked = CliRunner().invoke(main, ["check", str(tmp_path / "r1"), "--format", "json"])
    old = tmp_path / "old.json"
    old.write_text(checked.output, encoding="utf-8")
    code, out = _run(str(tmp_path / "r1"), "--compare", str(old))
    assert "新增 0、已修正 0、仍未修正 2" in out
    assert "以檔名與 JSON Pointer 比對" in out


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert _run(str(tmp_path / "missing.yaml"))[0] == 2
    bad = tmp_path / "old.json"
    bad.write_text("not json", encoding="utf-8")
    code, out = _run(str(tmp_path), "--compare", str(bad))
    assert code == 2 and "not a findings document" in out


def test_clean_plans_exit_0_and_json_format(tmp_path: Path) -> None:
    _round(tmp_path, WORKERS[:2], [])
    code, out = _run(str(tmp_path), "--format", "json")
    assert code == 0
    assert json.loads(out)["summary"] == {"files": 1, "errors": 0, "warnings": 0, "infos": 0, "suppressed": 0}
    assert out == CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json"]).output


@pytest.mark.parametrize("old", [
    "[]", "null", '{"files": 3}', '{"files": [null]}', '{"files": [{"path": 1, "findings": []}]}',
    '{"files": [{"path": "a.yaml", "findings": "x"}]}', '{"files": [{"path": "a.yaml", "findings": [null]}]}',
])
def test_compare_with_another_shape_of_json_is_a_usage_error_not_a_traceback(tmp_path: Path, old: str) -> None:
    _round(tmp_path / "r1", [SENIOR_NO_HISTORY], [])
    (tmp_path / "old.json").write_text(old, encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "r1"), "--compare", str(tmp_path / "old.json")])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 2 and "old.json: not a findings document" in result.output


@pytest.mark.parametrize("keys", ['[]', '{"format": "sncheck/batch-keys@1", "files": [7]}',
                                  '{"format": "sncheck/batch-keys@1", "files": [{"path": "%s", "keys": [[1]]}]}'])
def test_compare_of_another_version_reads_what_it_can(tmp_path: Path, keys: str) -> None:
    """Field types of another version, and a compare-keys.json that is not this version's, do not crash it."""
    _round(tmp_path / "r1", [SENIOR_NO_HISTORY], [])
    path = str(tmp_path / "r1" / "taichung-111.yaml")
    old = {"files": [{"path": path, "findings": [
        {"rule": 5, "severity": ["error"], "pointer": {"x": 1}, "line": "3", "message": None},
        {"rule": "SEN002", "severity": "warning", "pointer": "/staff/0", "line": 6, "message": "m"}]}]}
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "compare-keys.json").write_text(keys.replace("%s", path), encoding="utf-8")
    code, out = _run(str(tmp_path / "r1"), "--compare", str(tmp_path / "old.json"))
    assert code == 0 and "與上一輪" in out
    assert f"  已修正: {path}:1: 5 " in out  # the odd finding is listed as fixed, with what it had


def test_a_report_dir_inside_the_plans_folder_is_not_read_as_plans_next_time(tmp_path: Path) -> None:
    """findings.json quotes 'sncheck/plan@1' in its messages; it became a failing 'findings.json' row."""
    _round(tmp_path, [SENIOR_NO_HISTORY], [])
    (tmp_path / "v2.yaml").write_text("format: sncheck/plan@2\ncounty: 臺南市\nplan_year: 111\nteams: []\nstaff: []\n",
                                      encoding="utf-8")  # its SCHEMA001 message names the format
    first = _run(str(tmp_path), "--report-dir", str(tmp_path / "review"))
    assert "sncheck/plan@1" in (tmp_path / "review" / "findings.json").read_text(encoding="utf-8")
    CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json", "-o", str(tmp_path / "check.json")])
    second = _run(str(tmp_path), "--report-dir", str(tmp_path / "review"))
    assert second == first
    assert second[1].splitlines()[-2] == "未通過：臺南市（1 / 2）"


NAMED_BY_NAME = """\
format: sncheck/plan@1
county: 臺中市
plan_year: 112
teams:
  - {{id: T1, unit_type: 社福中心, program: 脆弱家庭}}
staff:
  - {{id: {who}, name: {who}, team: T1, role: 資深社工, funding: central}}
"""


def test_compare_keys_hold_no_name_when_a_county_uses_names_as_staff_ids(tmp_path: Path) -> None:
    """Rosters without employee numbers use the name as 員工編號: the findings hide it, and so must
    compare-keys.json (a report that travels), while a still-open finding still matches the next round."""
    for round_ in ("r1", "r2"):
        (tmp_path / round_).mkdir()
        (tmp_path / round_ / "臺中市-112.yaml").write_text(NAMED_BY_NAME.format(who="王小明"), encoding="utf-8")
    assert _run(str(tmp_path / "r1"), "--report-dir", str(tmp_path / "out1"))[0] == 0
    for name in ("compare-keys.json", "findings.json", "summary.csv", "report.html"):
        assert "王小明" not in (tmp_path / "out1" / name).read_text(encoding="utf-8"), name
    keys = json.loads((tmp_path / "out1" / "compare-keys.json").read_text(encoding="utf-8"))["files"][0]["keys"]
    assert len(keys) == 1 and keys[0].startswith("staff:#")
    code, out = _run(str(tmp_path / "r2"), "--compare", str(tmp_path / "out1" / "findings.json"))
    assert "新增 0、已修正 0、仍未修正 1" in out and "王小明" not in out
