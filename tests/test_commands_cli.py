"""The ``sncheck`` command line: exit codes, outputs, folders, selection and personal data.

PLAN_FORMAT.md: exit 0 when no error-severity finding, 1 with at least one,
2 on a usage error (bad option, file not found, unreadable rule file). Most
tests use click's CliRunner; one runs the installed console script.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sncheck.cli import main

from plan_builder import PlanText

NAME = "林志明"  # a staff name: personal data

CLEAN = PlanText(teams=[{"id": "T1", "unit_type": "社福中心", "program": "脆弱家庭"}],
                 staff=[{"id": "W1", "name": "張三", "team": "T1", "role": "社工員", "funding": "中央補助"}])
ERROR = PlanText(teams=[{"id": "T1", "unit_type": "社福中心", "program": "脆弱家庭"}],
                 staff=[{"id": "S1", "name": NAME, "team": "T1", "role": "資深社工", "funding": "中央補助",
                         "history": [{"from": "2020-01-01", "budget": "社安網預算"}]}])
WARNING = PlanText(teams=[{"id": "T1", "unit_type": "社福中心"}],
                   staff=[{"id": "S1", "name": NAME, "team": "T1", "role": "資深社工", "funding": "中央補助"}])
BOTH = PlanText(teams=[{"id": "T1", "unit_type": "社福中心", "program": "提升身心障礙者需求評估服務品質計畫"}],
                staff=[{"id": f"W{i}", "team": "T1", "role": "社工員", "funding": "中央補助"} for i in range(7)]
                + [{"id": "S1", "name": NAME, "team": "T1", "role": "資深社工", "funding": "中央補助"}],
                requests=[{"id": "R1", "unit_type": "衛生局", "category": "設施設備",
                           "funding_source": "公益彩券盈餘", "amount": 1}])


def write(folder: Path, name: str, plan: PlanText | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(plan if isinstance(plan, str) else plan.text, encoding="utf-8")
    return path


def run(*args: str | Path):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def as_json(result) -> dict:
    return json.loads(result.stdout)


# --------------------------------------------------------------------------- exit codes


def test_clean_plan_exits_0(tmp_path):
    result = run("check", write(tmp_path, "clean.yaml", CLEAN))
    assert result.exit_code == 0
    # issue 21: this plan states no budgeted positions and no hire dates: two rules could not run, which the
    # output says (a line each, then the amber verdict); the exit code does not change
    lines = result.stdout.splitlines()
    assert lines[-2:] == ["檢查 1 個檔案：0 個錯誤、0 個警告、0 個資訊", "未發現錯誤，但有 2 項規定未能檢核"]
    assert [line.split(": 未檢核: ")[1][:22] for line in lines[:-2]] == ["進用、資格、訓練、招聘規定（HIRE001）",
                                                                      "進用、資格、訓練、招聘規定（RECR001）"]


def test_error_finding_exits_1(tmp_path):
    result = run("check", write(tmp_path, "error.yaml", ERROR))
    assert result.exit_code == 1
    assert "SEN001 error" in result.stdout


def test_warnings_only_exit_0(tmp_path):
    result = run("check", write(tmp_path, "warn.yaml", WARNING))
    assert result.exit_code == 0
    assert "SEN002 warning" in result.stdout and "1 個警告" in result.stdout


def test_parse_error_exits_1(tmp_path):
    result = run("check", write(tmp_path, "broken.yaml", "format: [\n"))
    assert result.exit_code == 1 and "PARSE001" in result.stdout


def test_missing_file_exits_2_but_the_other_files_are_still_checked(tmp_path):
    error = write(tmp_path, "error.yaml", ERROR)
    missing = tmp_path / "missing.yaml"
    result = run("check", missing, error, "--format", "json")
    assert result.exit_code == 2
    assert str(missing) in result.stderr
    document = as_json(result)
    assert [f["path"] for f in document["files"]] == [str(error)]
    assert [f["rule"] for f in document["files"][0]["findings"]] == ["SEN001"]


def test_unknown_format_exits_2(tmp_path):
    result = run("check", "--format", "xml", write(tmp_path, "clean.yaml", CLEAN))
    assert result.exit_code == 2
    assert "xml" in result.stderr and "json" in result.stderr and "text" in result.stderr


def test_unknown_option_exits_2(tmp_path):
    assert run("check", "--no-such-option", write(tmp_path, "clean.yaml", CLEAN)).exit_code == 2


def _bad_pack(tmp_path: Path, rule_file: str) -> Path:
    pack = tmp_path / "badpack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("id: bad\ntitle: {zh: 壞, en: bad}\nplan_years: {from: 115, to: 119}\n",
                                    encoding="utf-8")
    (pack / "rules.yaml").write_text(rule_file, encoding="utf-8")
    return pack


@pytest.mark.parametrize("rule_file, line, words", [
    ("rules:\n  - id: X001\n    family: [x\n", 4, "syntax"),
    ("rules:\n  - id: X001\n    family: x\n    check: no.such.check\n    severity: error\n"
     "    title: {zh: a, en: b}\n    message: {zh: a, en: b}\n    sources: [{document: '001', quote: q}]\n",
     4, "unknown check 'no.such.check'"),
    ("rules:\n  - id: X001\n    family: x\n    check: supervisor.central_excess\n    severity: fatal\n"
     "    title: {zh: a, en: b}\n    message: {zh: a, en: b}\n    sources: [{document: '001', quote: q}]\n",
     5, '/rules/0/severity: must be one of ["error", "warning", "info"]'),  # the value is not quoted (issue 23)
])
def test_broken_rule_pack_exits_2_naming_file_and_line(tmp_path, rule_file, line, words):
    pack = _bad_pack(tmp_path, rule_file)
    result = run("check", "--rules", pack, write(tmp_path, "clean.yaml", CLEAN))
    assert result.exit_code == 2
    assert f"{pack / 'rules.yaml'}:{line}:" in result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


# --------------------------------------------------------------------------- paths


def test_folders_pick_up_only_plan_files(tmp_path):
    write(tmp_path, "plans/a-111.yaml", ERROR)
    write(tmp_path, "plans/sub/b-112.json", json.dumps({"format": "sncheck/plan@1", "county": "臺南市",
                                                        "plan_year": 112, "teams": [], "staff": []}))
    write(tmp_path, "plans/.github/workflows/ci.yaml", "on: push\njobs: {}\n")
    write(tmp_path, "plans/.hidden/c.yaml", CLEAN)
    write(tmp_path, "plans/pre-commit-config.yaml", "repos: []\n")
    write(tmp_path, "plans/notes.txt", CLEAN)
    result = run("check", tmp_path / "plans", "--format", "json")
    assert result.exit_code == 1
    paths = [Path(f["path"]).relative_to(tmp_path).as_posix() for f in as_json(result)["files"]]
    assert paths == ["plans/a-111.yaml", "plans/sub/b-112.json"]


def test_a_folder_without_plans_says_so(tmp_path):
    write(tmp_path, "ci.yaml", "on: push\n")
    result = run("check", tmp_path)
    assert result.exit_code == 0
    assert "找不到計畫檔" in result.stderr and "sncheck/plan@1" in result.stderr  # zh by default (issue 21)


def test_a_file_named_on_the_command_line_is_checked_even_without_the_marker(tmp_path):
    result = run("check", write(tmp_path, "other.yaml", "repos: []\n"))
    assert result.exit_code == 1 and "SCHEMA001" in result.stdout


def test_several_files_at_once_json_document(tmp_path):
    files = [write(tmp_path, "clean.yaml", CLEAN), write(tmp_path, "both.yaml", BOTH),
             write(tmp_path, "warn.yaml", WARNING)]
    result = run("check", *files, "--format", "json")
    assert result.exit_code == 1
    document = as_json(result)
    assert set(document) == {"files", "summary"}
    assert [f["path"] for f in document["files"]] == [str(f) for f in files]
    assert document["summary"]["files"] == 3
    assert document["summary"]["errors"] == 1 and document["summary"]["warnings"] == 3
    both = document["files"][1]["findings"]
    assert [(f["rule"], f["severity"], f["pointer"]) for f in both] == [
        ("SUP002", "warning", "/teams/0"), ("SEN002", "warning", "/staff/7"), ("FAC001", "error", "/requests/0")]
    for finding in both:
        assert {"rule", "severity", "pointer", "line", "column", "message"} <= set(finding)
        assert isinstance(finding["line"], int) and isinstance(finding["column"], int)
        assert finding["source"]["quote"]
    fac = both[2]
    assert fac["line"] == BOTH.line("/requests/0") and fac["column"] == 5
    assert fac["fix"]["patch"] == [{"op": "replace", "path": "/requests/0/funding_source", "value": "county"}]
    sup = both[0]
    assert "patch" not in sup["fix"] and sup["fix"]["description"]


# --------------------------------------------------------------------------- text format and language


TEXT_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<rule>[A-Z]+\d{3}) (?P<sev>error|warning|info) (?P<msg>.+)$")


def test_text_format_lines(tmp_path):
    path = write(tmp_path, "both.yaml", BOTH)
    result = run("check", path)
    lines = result.stdout.splitlines()
    findings = [TEXT_LINE.match(l) for l in lines if not l.startswith("    ") and TEXT_LINE.match(l)]
    assert [(m["path"], int(m["line"]), int(m["col"]), m["rule"], m["sev"]) for m in findings] == [
        (str(path), BOTH.line("/teams/0"), 5, "SUP002", "warning"),
        (str(path), BOTH.line("/staff/7"), 5, "SEN002", "warning"),
        (str(path), BOTH.line("/requests/0"), 5, "FAC001", "error"),
    ]
    fac_index = next(i for i, l in enumerate(lines) if " FAC001 " in l)
    assert lines[fac_index + 1].startswith("    修正建議（可自動修正）: 改以地方自籌")
    assert lines[-1] == "檢查 1 個檔案：1 個錯誤、2 個警告、0 個資訊"


def test_lang_en(tmp_path):
    result = run("check", "--lang", "en", write(tmp_path, "error.yaml", ERROR))
    assert result.exit_code == 1
    assert ": SEN001 error staff S1 is listed as a senior social worker" in result.stdout
    assert "    fix (patch available): set role of staff S1 to social_worker" in result.stdout
    assert result.stdout.splitlines()[-1] == "checked 1 file(s): 1 error(s), 0 warning(s), 0 info"


def test_messages_are_zh_tw_by_default(tmp_path):
    result = run("check", write(tmp_path, "error.yaml", ERROR))
    assert "列為資深社工" in result.stdout and "把人員（編號 S1）的職稱（role）改為社工員" in result.stdout


# --------------------------------------------------------------------------- --select / --ignore


@pytest.mark.parametrize("options, rules, code", [
    ((), ["SUP002", "SEN002", "FAC001"], 1),
    (("--select", "SUP"), ["SUP002"], 0),
    (("--select", "SUP,FAC"), ["SUP002", "FAC001"], 1),
    (("--select", "SEN", "--select", "FAC001"), ["SEN002", "FAC001"], 1),
    (("--ignore", "FAC"), ["SUP002", "SEN002"], 0),
    (("--select", "S", "--ignore", "SEN002"), ["SUP002"], 0),
    (("--select", "fac001"), ["FAC001"], 1),
])
def test_select_and_ignore_by_prefix(tmp_path, options, rules, code):
    result = run("check", write(tmp_path, "both.yaml", BOTH), "--format", "json", *options)
    assert [f["rule"] for f in as_json(result)["files"][0]["findings"]] == rules
    assert result.exit_code == code


def test_select_does_not_hide_a_file_that_could_not_be_checked(tmp_path):
    broken = write(tmp_path, "broken.yaml", "format: [\n")
    wrong_year = write(tmp_path, "y120.yaml", PlanText(plan_year=120))  # after every shipped pack
    result = run("check", broken, wrong_year, "--select", "FAC", "--format", "json")
    assert result.exit_code == 1
    assert [[f["rule"] for f in file["findings"]] for file in as_json(result)["files"]] == [["PARSE001"], ["PACK001"]]
    ignored = run("check", broken, "--ignore", "PARSE001")
    assert ignored.exit_code == 0


def test_no_path_is_a_usage_error():
    assert run("check").exit_code == 2


def test_lang_zh_tw_spelling(tmp_path):
    result = run("check", "--lang", "zh-TW", write(tmp_path, "error.yaml", ERROR))
    assert "列為資深社工" in result.stdout


# --------------------------------------------------------------------------- personal data


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_staff_names_are_never_printed_unless_asked(tmp_path, fmt):
    files = [write(tmp_path, "error.yaml", ERROR), write(tmp_path, "warn.yaml", WARNING),
             write(tmp_path, "bad-name.yaml", WARNING.text.replace(f"name: {NAME}", f"name: [{NAME}]"))]
    for lang in ("zh", "en"):
        result = run("check", *files, "--format", fmt, "--lang", lang)
        assert result.exit_code == 1
        assert NAME not in result.stdout + result.stderr
        assert "S1" in result.stdout
    shown = run("check", *files[:2], "--format", fmt, "--show-personal-data")
    assert NAME in shown.stdout


# --------------------------------------------------------------------------- sncheck rules


def test_rules_lists_every_rule_with_severity_family_and_source():
    result = run("rules")
    assert result.exit_code == 0
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    for rule_id in ["SUP001", "SUP002", "SUP003", "SEN001", "SEN002", "PAY001", "PAY002",
                    *[f"FAC00{i}" for i in range(1, 8)], "PARSE001", "SCHEMA001", "REF001", "PACK001"]:
        assert rule_id in rows, rule_id
    assert rows["SUP002"].split()[1:3] == ["warning", "supervisor"]
    assert "[002]" in rows["SEN001"] and "ssn-phase2" in rows["SEN001"]


# --------------------------------------------------------------------------- the installed console script


def test_installed_console_script(tmp_path):
    script = Path(sys.executable).with_name("sncheck")
    if not script.exists():  # pragma: no cover - installed without a bin dir next to python
        pytest.skip("sncheck console script not installed next to this python")
    error = write(tmp_path, "error.yaml", ERROR)
    proc = subprocess.run([str(script), "check", str(error), str(tmp_path / "nope.yaml"), "--format", "json",
                           "--lang", "en"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "nope.yaml" in proc.stderr
    document = json.loads(proc.stdout)
    assert {k: document["summary"][k] for k in ("files", "errors", "warnings")} == {"files": 1, "errors": 1,
                                                                                   "warnings": 0}
    clean = subprocess.run([str(script), "check", str(write(tmp_path, "clean.yaml", CLEAN))],
                           capture_output=True, text=True, timeout=60)
    assert clean.returncode == 0 and "\n檢查 1 個檔案" in clean.stdout  # after what was not checked (issue 21)


@pytest.fixture()
def locked_plan(tmp_path, monkeypatch):
    """A folder with a clean plan and ``locked.yaml``, which cannot be opened (as with chmod 000 for a
    non-root user; tests may run as root, so opening it is refused here instead)."""
    write(tmp_path, "clean.yaml", CLEAN)
    write(tmp_path, "locked.yaml", ERROR)
    real_open, real_read, real_access = Path.open, Path.read_bytes, __import__("os").access

    def deny(path):
        if Path(path).name == "locked.yaml":
            raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "open", lambda self, *a, **k: deny(self) or real_open(self, *a, **k))
    monkeypatch.setattr(Path, "read_bytes", lambda self: deny(self) or real_read(self))
    monkeypatch.setattr("os.access", lambda p, mode, *a, **k: Path(p).name != "locked.yaml"
                        and real_access(p, mode, *a, **k))
    return tmp_path


@pytest.mark.parametrize("command, named", [("check", False), ("check", True), ("batch", False), ("batch", True)])
def test_an_unreadable_plan_is_reported_not_skipped_and_the_others_are_checked(locked_plan, command, named):
    """A plan nobody may read was silently left out of a folder (exit 0: 'all passed'), and named on the
    command line it stopped the whole run with a usage error."""
    args = [str(locked_plan / "clean.yaml"), str(locked_plan / "locked.yaml")] if named else [str(locked_plan)]
    extra = ["--jobs", "1"] if command == "batch" else []
    result = CliRunner().invoke(main, [command, *args, *extra, "--format", "json", "--lang", "en"])
    assert result.exit_code == 1, result.output
    files = {Path(f["path"]).name: [(x["rule"], x["message"]) for x in f["findings"]]
             for f in json.loads(result.stdout)["files"]}
    assert files == {"clean.yaml": [], "locked.yaml": [("PARSE001", "cannot read file: Permission denied")]}


@pytest.mark.parametrize("command", ["check", "batch"])
def test_a_file_reached_twice_is_checked_once(tmp_path, command):
    """Named twice, or named and inside a named folder: its errors were counted twice (and, in a batch
    summary, its county's row said 2 files)."""
    plan = write(tmp_path / "plans", "tainan.yaml", ERROR)
    result = CliRunner().invoke(main, [command, str(plan), str(tmp_path / "plans"), str(tmp_path / "plans" / "." /
                                                                                     "tainan.yaml"),
                                       "--format", "json"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert [f["path"] for f in doc["files"]] == [str(plan)] and doc["summary"]["errors"] == 1


@pytest.mark.parametrize("args", [["--select", "SUPP"], ["--select", "SUP,FACC"], ["--ignore", "X9"]])
def test_a_select_or_ignore_entry_matching_no_rule_is_a_usage_error(tmp_path, args):
    """A typo selected nothing: every plan passed (exit 0), in a pre-commit hook or CI too."""
    plan = write(tmp_path, "p.yaml", ERROR)
    for command in ("check", "batch", "fix"):
        result = CliRunner().invoke(main, [command, str(plan), *args])
        assert result.exit_code == 2 and "沒有任何規則代碼以" in result.output, (command, result.output)


def test_select_from_the_config_file_is_checked_too(tmp_path):
    plan = write(tmp_path, "p.yaml", ERROR)
    (tmp_path / ".sncheck.yaml").write_text("select: [sen, SUPP]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(plan)])
    assert result.exit_code == 2 and "'SUPP'" in result.output and "'SEN'" not in result.output
    assert CliRunner().invoke(main, ["check", str(plan), "--select", "SEN"]).exit_code == 1  # the CLI wins


def test_check_output_naming_a_checked_plan_is_refused_and_the_plan_kept(tmp_path):
    plan = write(tmp_path / "plans", "p.yaml", ERROR)
    before = plan.read_bytes()
    for target in (plan, tmp_path / "plans" / "." / "p.yaml"):
        result = CliRunner().invoke(main, ["check", str(tmp_path / "plans"), "-o", str(target)])
        assert result.exit_code == 2 and "是這次要讀的檔案" in result.output
        assert plan.read_bytes() == before


@pytest.mark.parametrize("args", [["schema"], ["rules", "docs"], ["init", "--county", "臺中市", "--year", "111"],
                                  ["check", "PLAN"]])
def test_an_output_file_that_cannot_be_written_is_exit_2_not_a_traceback(tmp_path, args):
    (tmp_path / "file").write_text("x", encoding="utf-8")  # a file where a folder is expected
    plan = write(tmp_path, "p.yaml", CLEAN)
    args = [str(plan) if a == "PLAN" else a for a in args]
    result = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "file" / "out.txt")])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert f"無法寫入 {tmp_path / 'file' / 'out.txt'}" in result.output


@pytest.mark.parametrize("command", ["check", "batch", "fix"])
def test_a_missing_file_and_a_pipe_are_usage_errors_that_say_which(tmp_path, command):
    import os

    pipe = tmp_path / "plan.yaml"
    os.mkfifo(pipe)  # never opened: reading a pipe nobody writes to would block forever
    result = CliRunner().invoke(main, [command, str(pipe), str(tmp_path / "gone.yaml")])
    assert result.exit_code == 2
    assert f"sncheck：{pipe}：不是一般檔案（管線、裝置或通訊端）；請指定計畫檔或資料夾" in result.stderr
    assert f"sncheck：{tmp_path / 'gone.yaml'}：找不到這個檔案" in result.stderr
