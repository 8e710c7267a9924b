"""The output formats, checked with the real consumers: the SARIF schema, an XML parser, a terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from cli_run import CLEAN_PLAN, EXCESS_PLAN, on_terminal, sncheck, write

from sncheck.model.findings import FileResult, Finding, Fix, Severity
from sncheck.formatters.base import Report
from sncheck.formatters.github import render_github
from sncheck.formatters.markdown import render_markdown

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
SUPPRESSED = EXCESS_PLAN.replace("    program: vulnerable_family\n",
                                 "    program: vulnerable_family\n    sncheck-ignore: {SUP001: 督導由民間單位支援}\n")


@pytest.fixture()
def plans(tmp_path):
    return {
        "bad": write(tmp_path / "bad.yaml", EXCESS_PLAN),
        "good": write(tmp_path / "good.yaml", CLEAN_PLAN),
        "broken": write(tmp_path / "broken.yaml", "format: sncheck/plan@1\nteams: [\n"),
        "suppressed": write(tmp_path / "suppressed.yaml", SUPPRESSED),
    }


def test_sarif_validates_against_the_official_schema(plans):
    run = sncheck(["check", *map(str, plans.values()), "--format", "sarif"])
    assert run.exit_code == 1
    log = run.json()
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class(schema, format_checker=validator_class.FORMAT_CHECKER).validate(log)

    (sarif_run,) = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    listed = sncheck(["rules"]).stdout.splitlines()[1:]
    assert set(by_id) == {line.split()[0] for line in listed}
    assert "每7名社工設督導1名" in by_id["SUP001"]["help"]["text"]
    assert by_id["SUP001"]["properties"]["source"].startswith("002 ")
    assert by_id["SUP002"]["defaultConfiguration"]["level"] == "warning"

    results = sarif_run["results"]
    sup = [r for r in results if r["ruleId"] == "SUP001"]
    assert len(sup) == 2
    bad = next(r for r in sup if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("bad.yaml"))
    assert bad["level"] == "error"
    assert bad["locations"][0]["physicalLocation"]["region"] == {"startLine": 6, "startColumn": 5}
    assert rules[bad["ruleIndex"]]["id"] == "SUP001"
    assert bad["properties"]["fix"]["patch"] == [{"op": "replace", "path": "/staff/8/funding", "value": "county"}]
    assert "suppressions" not in bad
    quiet = next(r for r in sup if r is not bad)
    assert quiet["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification": "督導由民間單位支援"}]
    parse = next(r for r in results if r["ruleId"] == "PARSE001")
    assert parse["locations"][0]["physicalLocation"]["region"]["startLine"] >= 2


def test_junit_one_testcase_per_file_and_rule(plans):
    run = sncheck(["check", *map(str, plans.values()), "--format", "junit"])
    root = ET.fromstring(run.stdout.encode("utf-8"))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {str(p) for p in plans.values()}
    rule_count = len(sncheck(["rules"]).stdout.splitlines()) - 1
    for suite in suites.values():
        cases = suite.findall("testcase")
        assert len(cases) == rule_count == int(suite.get("tests"))
        assert len({c.get("name") for c in cases}) == rule_count

    def failed(path):
        return sorted(c.get("name") for c in suites[str(path)].findall("testcase") if c.find("failure") is not None)

    assert failed(plans["bad"]) == ["SUP001"]
    assert failed(plans["good"]) == []
    assert failed(plans["suppressed"]) == []
    assert failed(plans["broken"]) == ["PARSE001"]
    failure = next(c for c in suites[str(plans["bad"])].findall("testcase") if c.get("name") == "SUP001").find("failure")
    assert failure.text.startswith("6:5 /teams/0 組別 T1")
    broken_cases = {c.get("name"): c for c in suites[str(plans["broken"])].findall("testcase")}
    assert broken_cases["SUP001"].find("skipped") is not None
    assert broken_cases["SCHEMA001"].find("skipped") is None
    assert int(root.get("failures")) == 2
    suppressed_case = next(c for c in suites[str(plans["suppressed"])].findall("testcase") if c.get("name") == "SUP001")
    assert "督導由民間單位支援" in suppressed_case.find("system-out").text


def test_github_annotations(plans):
    run = sncheck(["check", str(plans["bad"]), str(plans["good"]), "--format", "github"])
    lines = run.stdout.splitlines()
    assert lines[0].startswith(f"::error file={plans['bad']},line=6,col=5,title=SUP001::組別 T1 有直接服務人員 7 名")
    assert "%0A修正建議: 超出的督導改由地方自籌：把人員（編號 S2）的經費來源（funding）改為地方自籌" in lines[0]
    # issue 21: then a warning on each file per rule not checked (no budgeted positions, no hire dates)
    assert [line.split("::")[1] for line in lines[1:-1]] == [f"warning file={plans[name]},title=未檢核"
                                                             for name in ("bad", "bad", "good", "good")]
    assert "（HIRE001）未檢核" in lines[1]
    assert len(lines) == 6 and lines[-1] == "sncheck：2 個檔案，1 個錯誤、0 個警告、0 個已豁免"  # zh like the rest


def test_github_escaping():
    finding = Finding("SUP002", Severity.WARNING, "/teams/0", "100% 未達\r\n第二行", line=3, column=7,
                      fix=Fix("增設督導"))
    report = Report([FileResult("計畫,a:b.yaml", [finding])], lang="en")
    first = render_github(report).splitlines()[0]
    assert first == "::warning file=計畫%2Ca%3Ab.yaml,line=3,col=7,title=SUP002::100%25 未達%0D%0A第二行%0Afix: 增設督導"


@pytest.mark.parametrize("render", ["text", "github", "markdown"])
def test_control_characters_from_a_hostile_plan_never_reach_a_terminal(render):
    """An ESC sequence quoted from a plan value or in a file name must not recolour or retitle a terminal."""
    from sncheck.formatters.text import render_text

    finding = Finding("SUP002", Severity.WARNING, "/teams/0", "組別 \x1b]0;pwned\x07T1\x1b[2J 督導不足\r", line=3,
                      column=7, fix=Fix("增設\x9b督導"), suppressed=None)
    report = Report([FileResult("p\x1b[31m.yaml", [finding])], lang="en")
    out = {"text": render_text, "github": render_github, "markdown": render_markdown}[render](report)
    assert not [ch for ch in out if ord(ch) < 32 and ch != "\n" or 0x7f <= ord(ch) <= 0x9f]
    assert "\\u001b]0;pwned\\u0007T1\\u001b[2J" in out and "\\u009b" in out
    if render == "text":
        assert out.splitlines()[0] == ("p\\u001b[31m.yaml:3:7: SUP002 warning 組別 \\u001b]0;pwned\\u0007T1\\u001b[2J "
                                       "督導不足\\u000d")


def test_markdown_table(plans):
    run = sncheck(["check", str(plans["bad"]), str(plans["good"]), "--format", "markdown"])
    lines = run.stdout.splitlines()
    assert lines[0] == "### sncheck：2 個檔案，1 個錯誤、0 個警告"
    assert lines[2] == "| 檔案 | 位置 | 規則 | 嚴重度 | 說明 | 修正建議 |"
    assert lines[4].startswith(f"| `{plans['bad']}` | 6:5 | SUP001 | 錯誤 | 組別 T1")
    # issue 21: then what was not checked (these plans state no budgeted positions and no hire dates)
    assert lines[5:7] == ["", "**未檢核：**"] and all(line.startswith("- `") for line in lines[7:]) and len(lines) == 11
    clean = sncheck(["check", str(plans["good"]), "--format", "markdown", "--lang", "en"])
    assert clean.stdout.startswith("### sncheck: 1 file(s), 0 error(s), 0 warning(s)\n\nNo findings.\n\n"
                                   "> ⚠️ **no errors found, but 2 rule(s) could not be checked**\n")


def test_markdown_cells_cannot_break_the_table():
    finding = Finding("X001", Severity.ERROR, "", "a | b\nc <d>", line=1, column=1)
    row = render_markdown(Report([FileResult("p.yaml", [finding])], lang="en")).splitlines()[-1]
    assert row == "| `p.yaml` | 1:1 | X001 | error | a \\| b<br>c &lt;d&gt; |  |"


def test_output_file(plans, tmp_path):
    out = tmp_path / "report.sarif"
    run = sncheck(["check", str(plans["bad"]), "--format", "sarif", "--output", str(out)])
    assert run.exit_code == 1 and run.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_colour_only_on_a_terminal_and_never_with_no_color(plans):
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    coloured = on_terminal(["check", str(plans["bad"])], env)
    assert "SUP001 \x1b[31merror\x1b[0m" in coloured
    plain = on_terminal(["check", str(plans["bad"])], {**env, "NO_COLOR": "1"})
    assert "SUP001 error" in plain and "\x1b[" not in plain
    piped = subprocess.run([sys.executable, "-m", "sncheck", "check", str(plans["bad"])], env=env,
                           capture_output=True, text=True)
    assert "SUP001 error" in piped.stdout and "\x1b[" not in piped.stdout


def test_only_plans_skips_named_files_that_are_not_plans(plans, tmp_path):
    other = write(tmp_path / "ci.yaml", "stages: [test]\n")
    assert sncheck(["check", str(other)]).exit_code == 1  # named files are checked by default (SCHEMA001)
    run = sncheck(["check", "--only-plans", str(other), str(plans["good"]), "--format", "json"])
    assert run.exit_code == 0 and [f["path"] for f in run.json()["files"]] == [str(plans["good"])]


@pytest.mark.parametrize("render", ["text", "markdown"])
def test_a_line_feed_in_a_file_name_cannot_start_a_line_of_its_own(render):
    """``a\\nb.yaml:1:1: SUP001 error …`` would read as a second finding (text) or break the table row (Markdown)."""
    from sncheck.formatters.text import render_text

    finding = Finding("SUP002", Severity.WARNING, "/teams/0", "督導不足", line=3, column=7)
    report = Report([FileResult("a\nx.yaml:1:1: SUP001 error 假的.yaml", [finding])], lang="en")
    out = {"text": render_text, "markdown": render_markdown}[render](report)
    finding_lines = [line for line in out.splitlines() if "SUP002" in line]
    assert len(finding_lines) == 1 and "a\\u000ax.yaml:1:1: SUP001 error 假的.yaml" in finding_lines[0]
    assert not [line for line in out.splitlines() if line.startswith("x.yaml")]


def test_fix_output_escapes_control_characters_of_ids_and_file_names(tmp_path):
    plan = tmp_path / "k\x1b[32m.yaml"
    case = Path(__file__).parent / "fix_cases" / "sup003.yaml"
    plan.write_text(case.read_text(encoding="utf-8").replace("id: S-01", 'id: "S\\e[31m1"'), encoding="utf-8")
    run = sncheck(["fix", str(plan), "--diff"])
    assert "SUP003" in run.stderr and "k\\u001b[32m.yaml:" in run.stderr and "S\\u001b[31m1" in run.stderr
    assert "\x1b" not in run.stderr
