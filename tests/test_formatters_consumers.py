"""Outputs read by the tools that consume them (issue 22): where a finding is (sheet and cell of a roster
workbook) in GitHub, SARIF and JUnit; what the SARIF rules say; the JUnit XSD; stable fingerprints.

The GitHub check parses with a port of the Actions runner's workflow-command parser
(``ActionCommand.TryParseV2`` and its unescaping, actions/runner src/Runner.Common/ActionCommand.cs), so a
title or message that the runner would cut or mis-split fails here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest
from cli_run import sncheck

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def roster(path: Path) -> Path:
    """An office's roster: 7 social workers and 2 supervisors on sheet 東區中心 (SUP001 at 東區中心!B2)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "東區中心"
    sheet.append(["員工編號", "單位/組別", "職稱", "經費來源"])
    for i in range(7):
        sheet.append([f"W{i}", "東區社福中心", "社工員", "中央補助"])
    sheet.append(["S1", "東區社福中心", "督導", "中央補助"])
    sheet.append(["S2", "東區社福中心", "督導", "中央補助"])
    book.save(path)
    return path


def parse_workflow_command(line: str) -> tuple[str, dict[str, str], str] | None:
    """The runner's ``TryParseV2``: ``::command k=v,k=v::data`` → (command, properties, data), or None."""
    if not line.startswith("::"):
        return None
    end = line.find("::", 2)
    if end < 0:
        return None
    info = line[2:end]
    command, _, props_text = info.partition(" ")
    properties: dict[str, str] = {}
    for prop in filter(None, props_text.strip().split(",")):
        key, _, value = prop.partition("=")
        if key:
            properties[key] = (value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":")
                               .replace("%2C", ",").replace("%25", "%"))
    data = line[end + 2:].replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
    return command, properties, data


@pytest.fixture()
def workbook(tmp_path):
    return roster(tmp_path / "臺中市-111-名冊.xlsx")


def test_github_annotation_names_the_sheet_in_its_title(workbook):
    run = sncheck(["check", str(workbook), "--format", "github", "--select", "SUP001"])
    parsed = [parse_workflow_command(line) for line in run.stdout.splitlines()]
    (annotation,) = [p for p in parsed if p is not None]
    command, props, message = annotation
    assert command == "error"
    assert props == {"file": str(workbook), "line": "2", "col": "2", "title": "SUP001 東區中心!B2"}
    assert message.startswith("組別 ") and "\n修正建議: " in message


def test_sarif_location_carries_the_sheet(workbook):
    run = sncheck(["check", str(workbook), "--format", "sarif", "--select", "SUP001"])
    log = run.json()
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(log)
    (result,) = log["runs"][0]["results"]
    (location,) = result["locations"]
    assert location["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 2, "message": {"text": "東區中心!B2"}}
    assert location["logicalLocations"][0] == {"name": "東區中心", "fullyQualifiedName": "東區中心!B2", "kind": "sheet"}
    assert location["logicalLocations"][1]["fullyQualifiedName"] == "/teams/0"


def test_junit_failure_names_the_sheet(workbook):
    import xml.etree.ElementTree as ET

    run = sncheck(["check", str(workbook), "--format", "junit", "--select", "SUP001"])
    case = next(c for c in ET.fromstring(run.stdout.encode()).iter("testcase") if c.get("name") == "SUP001")
    failure: Any = case.find("failure")
    assert failure.get("message").startswith("1 個錯誤：東區中心!B2: 組別 ")
    assert failure.text.startswith("東區中心!B2 /teams/0 組別 ")


JUNIT_XSD = Path(__file__).parent / "data" / "junit-10.xsd"  # pytest's copy; see junit-10.xsd.SOURCE.md


def test_junit_validates_against_pytests_junit_xsd(workbook, tmp_path):
    """Every shape of JUnit output (failures, system-out, skipped rules of an unreadable plan or another
    period's pack, a roster) against the published schema, as GitLab and Jenkins parsers expect it."""
    etree = pytest.importorskip("lxml.etree", reason="lxml validates XML Schema (the 'test' extra installs it)")
    from cli_run import EXCESS_PLAN, write

    broken = write(tmp_path / "broken.yaml", "format: sncheck/plan@1\nteams: [\n")
    plan = write(tmp_path / "bad.yaml", EXCESS_PLAN)
    examples = Path(__file__).resolve().parent.parent / "examples"
    run = sncheck(["check", str(examples), str(workbook), str(broken), str(plan), "--format", "junit"])
    assert run.exit_code == 1
    schema = etree.XMLSchema(etree.parse(str(JUNIT_XSD)))
    document = etree.fromstring(run.stdout.encode("utf-8"))
    valid = schema.validate(document)
    assert valid, [e.message for e in schema.error_log][:5]
    suites = document.findall("testsuite")
    assert {s.get("file") for s in suites} == {s.get("name") for s in suites}  # the file is said on its suite
    assert any(s.get("skipped") != "0" for s in suites)  # skipped counts stay, per suite
    assert schema.validate(etree.fromstring(run.stdout.replace("<testsuite ", '<testsuite bogus="1" ', 1)
                                            .encode("utf-8"))) is False  # the schema does reject what it must


def _sarif_results(path: Path) -> list[dict[str, Any]]:
    return json.loads(sncheck(["check", str(path), "--format", "sarif"]).stdout)["runs"][0]["results"]


def test_sarif_fingerprints_follow_the_item_not_its_position(tmp_path):
    """A person inserted above (every later /staff/N shifts) leaves every finding's fingerprint as it was;
    the same finding in two files has two fingerprints (code scanning keys alerts by them)."""
    text = (Path(__file__).resolve().parent.parent / "examples" / "kaohsiung-111.yaml").read_text(encoding="utf-8")
    before = write_plan(tmp_path / "a" / "kaohsiung-111.yaml", text)
    inserted = text.replace("staff:\n", "staff:\n  - {id: NEW-01, team: H-CV, role: 關懷訪視員, funding: 地方自籌, profession: 護理}\n", 1)
    after = write_plan(tmp_path / "b" / "kaohsiung-111.yaml", inserted)

    def prints(path: Path) -> dict[str, str]:  # each rule has one finding in this plan
        results = _sarif_results(path)
        assert len({r["ruleId"] for r in results}) == len(results)
        return {r["ruleId"]: r["partialFingerprints"]["sncheckItem/v1"] for r in results}

    old, new = prints(before), prints(after)
    assert len(old) == 7 and set(old) == set(new)  # the same findings, each pointer but /teams/... moved by one
    moved = [r for r in _sarif_results(after) if r["properties"]["pointer"].startswith("/staff/")]
    assert moved and all(r["properties"]["pointer"] != "/staff/72" for r in moved if r["ruleId"] == "TRAIN001")
    assert old != new  # a different file: a different fingerprint for each finding...
    same_file = prints(write_plan(tmp_path / "a" / "kaohsiung-111.yaml", inserted))
    assert same_file == old  # ...but in the same file, each finding keeps its fingerprint


def test_sarif_rule_help_has_no_unfilled_placeholder(tmp_path):
    import re

    plan = Path(__file__).resolve().parent.parent / "examples" / "kaohsiung-111.yaml"
    for lang in ("zh", "en"):
        log = json.loads(sncheck(["check", str(plan), "--format", "sarif", "--lang", lang]).stdout)
        rules = log["runs"][0]["tool"]["driver"]["rules"]
        unfilled = [(r["id"], r["help"]["text"]) for r in rules
                    if re.search(r"\{[A-Za-z_]\w*\}", r["help"]["text"] + r["help"]["markdown"])]
        assert unfilled == []
        case = next(r for r in rules if r["id"] == "CASE001")["help"]["text"]
        assert ("增聘保護性社工 … 名（… 件依 1:30 需 … 名）" if lang == "zh" else "add … protective social worker(s) "
                "(… cases at 1:30 need …)") in case  # the rule's parameter filled, a finding's count left as …


def write_plan(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
