"""``sncheck check`` follows the conventions of ruff and yamllint (issue 22.4): '-' reads standard input,
``-o -`` writes standard output, ``--list-formats`` exists, a run with usage errors never says it succeeded,
and a fix that needs ``--unsafe`` says so."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
from cli_run import CLEAN_PLAN, EXCESS_PLAN, sncheck, write

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def _real(args: list[str], cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sncheck", *args], cwd=cwd, input=stdin, capture_output=True,
                          text=True, timeout=120)


def test_dash_reads_a_plan_from_standard_input_under_the_stdin_filename(tmp_path):
    run = _real(["check", "-", "--stdin-filename", "plans/臺中市-111.yaml"], tmp_path, EXCESS_PLAN)
    assert run.returncode == 1, run.stderr
    assert run.stdout.startswith("plans/臺中市-111.yaml:6:5: SUP001 error ")
    unnamed = _real(["check", "-", "--format", "json"], tmp_path, CLEAN_PLAN)
    assert unnamed.returncode == 0 and json.loads(unnamed.stdout)["files"][0]["path"] == "-"
    # the project config is found from the stdin file name's folder, as for a file
    write(tmp_path / "plans" / ".sncheck.yaml", "ignore: [SUP001]\n")
    configured = _real(["check", "-", "--stdin-filename", "plans/臺中市-111.yaml"], tmp_path, EXCESS_PLAN)
    assert configured.returncode == 0 and "SUP001" not in configured.stdout
    orphan = _real(["check", "x.yaml", "--stdin-filename", "a.yaml"], tmp_path, "")
    assert orphan.returncode == 2 and "請在路徑中加上「-」" in orphan.stderr  # zh by default (issue 21)


def test_output_dash_is_standard_output_not_a_file(tmp_path):
    plan = write(tmp_path / "plan.yaml", EXCESS_PLAN)
    run = _real(["check", str(plan), "--format", "json", "-o", "-"], tmp_path)
    assert run.returncode == 1 and json.loads(run.stdout)["summary"]["errors"] == 1
    assert not (tmp_path / "-").exists()


def test_help_points_to_a_list_formats_that_exists():
    help_text = sncheck(["check", "--help"]).stdout
    assert "--list-formats" in help_text
    listed = sncheck(["check", "--list-formats"])
    assert listed.exit_code == 0
    names = [line.split()[0] for line in listed.stdout.splitlines()]
    assert names == ["github", "json", "junit", "markdown", "sarif", "text"]


def test_a_usage_error_is_not_a_successful_sarif_run(tmp_path):
    plan = write(tmp_path / "plan.yaml", CLEAN_PLAN)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    missing = sncheck(["check", str(plan), str(tmp_path / "nope.yaml"), "--format", "sarif"])
    assert missing.exit_code == 2
    log = missing.json()
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(log)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == 2
    notes = invocation["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes if n["level"] == "error"] == [f"{tmp_path / 'nope.yaml'}: no such file"]
    # the plan that was read still says what it could not check (issue 21): warnings naming the rule, after the error
    unchecked = [(n["level"], n["associatedRule"]["id"]) for n in notes[1:]]
    assert unchecked == [("warning", "HIRE001"), ("warning", "RECR001")]  # CLEAN_PLAN gives no 編列員額, no 到職日
    fine = sncheck(["check", str(plan), "--format", "sarif"])
    (fine_invocation,) = fine.json()["runs"][0]["invocations"]
    assert fine.exit_code == 0 and fine_invocation["executionSuccessful"] is True and "exitCode" not in fine_invocation
    assert [(n["level"], n["associatedRule"]["id"]) for n in fine_invocation["toolExecutionNotifications"]] == unchecked


def test_the_fix_label_says_when_a_fix_needs_unsafe(tmp_path):
    plan = write(tmp_path / "kaohsiung-111.yaml", (ROOT / "examples" / "kaohsiung-111.yaml").read_text(encoding="utf-8"))
    findings = sncheck(["check", str(plan), "--format", "json"]).json()["files"][0]["findings"]
    text = sncheck(["check", str(plan)]).stdout.splitlines()
    labels = {}
    for index, line in enumerate(text):
        match = re.match(r"\S+:(\d+):(\d+): (\w+) ", line)
        if match and index + 1 < len(text) and text[index + 1].startswith("    修正建議"):
            labels[(int(match.group(1)), match.group(3))] = text[index + 1].split(":")[0].strip()
    patched = [f for f in findings if f.get("fix", {}).get("patch")]
    kinds = {f["fix"]["applicability"] for f in patched}
    assert kinds == {"safe", "unsafe"}  # the example has both, so both labels are seen
    for f in patched:
        expected = "修正建議（可自動修正）" if f["fix"]["applicability"] == "safe" else "修正建議（可自動修正，需加 --unsafe）"
        assert labels[(f["line"], f["rule"])] == expected, f
    # and `sncheck fix` (what the fix hook runs) indeed applies the safe ones and leaves those needing --unsafe
    sncheck(["fix", str(plan)])
    left = {(f["rule"], f["pointer"]) for f in sncheck(["check", str(plan), "--format", "json"]).json()["files"][0]["findings"]}
    assert {(f["rule"], f["pointer"]) for f in patched if f["fix"]["applicability"] == "unsafe"} <= left
    assert not {(f["rule"], f["pointer"]) for f in patched if f["fix"]["applicability"] == "safe"} & left
