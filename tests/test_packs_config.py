"""Project config (.sncheck.yaml, pyproject.toml [tool.sncheck]) found by walking up; CLI wins."""

from __future__ import annotations

import pytest
from cli_run import CLEAN_PLAN, EXCESS_PLAN, sncheck, write

from sncheck.packs.config import _toml


def findings(run):
    return [(f["rule"], f["severity"]) for f in run.json()["files"][0]["findings"]]


def test_config_in_a_parent_folder_changes_severity_and_language(tmp_path):
    write(tmp_path / ".sncheck.yaml", "lang: en\nseverity:\n  SUP001: warning\n")
    plan = write(tmp_path / "plans" / "111" / "plan.yaml", EXCESS_PLAN)
    run = sncheck(["check", str(plan), "--format", "json"])
    assert run.exit_code == 0
    assert findings(run) == [("SUP001", "warning")]
    assert run.json()["files"][0]["findings"][0]["message"].startswith("team T1 has 7 direct-service workers")
    zh = sncheck(["check", str(plan), "--format", "json", "--lang", "zh-TW"])
    assert zh.json()["files"][0]["findings"][0]["message"].startswith("組別 T1")


def test_param_override_makes_a_rule_stricter(tmp_path):
    plan = write(tmp_path / "plan.yaml", CLEAN_PLAN)  # 7 workers, 1 supervisor: fine at 1:7
    assert sncheck(["check", str(plan)]).exit_code == 0
    write(tmp_path / ".sncheck.yaml", "params:\n  SUP001: {workers_per_supervisor: 8}\n")
    run = sncheck(["check", str(plan), "--format", "json"])
    assert run.exit_code == 1 and findings(run) == [("SUP001", "error")]
    assert run.json()["files"][0]["findings"][0]["fix"]["patch"] == [
        {"op": "replace", "path": "/staff/7/funding", "value": "county"}]


def test_select_and_ignore_from_config_and_cli_overrides(tmp_path):
    write(tmp_path / ".sncheck.yaml", "ignore: [SUP001]\n")
    plan = write(tmp_path / "plan.yaml", EXCESS_PLAN)
    assert sncheck(["check", str(plan), "--format", "json"]).json()["files"][0]["findings"] == []
    run = sncheck(["check", str(plan), "--format", "json", "--ignore", "FAC"])
    assert findings(run) == [("SUP001", "error")]


def test_rule_dirs_are_relative_to_the_config_file(tmp_path):
    write(tmp_path / "county-rules" / "pack.yaml",
          "id: taichung-extra\ntitle: {zh: 臺中市加嚴規則, en: Taichung extras}\nplan_years: {from: 110, to: 114}\n")
    write(tmp_path / "county-rules" / "ratio.yaml", """\
rules:
  - id: TCS001
    family: supervisor
    check: team.ratio
    severity: warning
    params: {demand: {staff: {direct_service: true}}, supply: {roles: [supervisor]}, per: 5, rounding: floor}
    title: {zh: 臺中市督導比 1:5, en: Taichung ratio 1:5}
    message: {zh: "組別 {team} 督導不足", en: "team {team} lacks supervisors"}
    sources: [{document: county, quote: 本市自訂}]
""")
    write(tmp_path / "repo" / ".sncheck.yaml", "rule_dirs: [../county-rules]\n")
    plan = write(tmp_path / "repo" / "plan.yaml", CLEAN_PLAN.replace(
        "  - {id: S1, team: T1, role: supervisor, funding: central}\n", ""))
    run = sncheck(["check", str(plan), "--format", "json"])
    assert sorted(findings(run)) == [("SUP002", "warning"), ("TCS001", "warning")]


def test_a_rule_dir_that_does_not_exist_is_named_at_its_config_line(tmp_path):
    config = write(tmp_path / ".sncheck.yaml", "lang: en\nrule_dirs:\n  - county-rules\n  - nope\n")
    (tmp_path / "county-rules").mkdir()
    write(tmp_path / "county-rules" / "pack.yaml",
          "id: taichung-extra\ntitle: {zh: 臺中市加嚴規則, en: Taichung extras}\nplan_years: {from: 110, to: 114}\n")
    plan = write(tmp_path / "plan.yaml", CLEAN_PLAN)
    run = sncheck(["check", str(plan)])
    assert run.exit_code == 2 and run.stdout == ""
    # the config that would say lang: en cannot be read: its error is in the default language, zh-TW
    assert run.stderr == (f"sncheck：設定檔有誤：{config}:4：rule_dirs：找不到資料夾：nope"
                          f"（{tmp_path / 'nope'}；相對於這個設定檔）\n")
    write(tmp_path / ".sncheck.yaml", "lang: en\n")
    on_the_command_line = sncheck(["check", str(plan), "--rules", str(tmp_path / "gone")])
    assert on_the_command_line.exit_code == 2
    assert on_the_command_line.stderr == f"sncheck: rule file error: {tmp_path / 'gone'}: no such folder\n"


@pytest.mark.parametrize("config, key, line", [
    ("selct: [SUP]\n", "selct", 2),
    ("severity:\n  SUP001: fatal\n", "severity.SUP001", 3),
    ("params:\n  SUP001: {workers_per_supervisor: 0}\n", "params.SUP001.workers_per_supervisor", 3),
    ("params:\n  SUP001:\n    workers_per_supervisr: 6\n", "params.SUP001.workers_per_supervisr", 4),
    ("params:\n  SUP002: {}\n  SUP404: {workers_per_supervisor: 6}\n", "params.SUP404", 4),
    ("severity:\n  SUP002: info\n  SUP404: error\n", "severity.SUP404", 4),
    ("severity: [SUP001]\n", "severity", 2),
])
def test_bad_config_exits_2_naming_file_line_and_key(tmp_path, config, key, line):
    cfg = write(tmp_path / ".sncheck.yaml", "# county overrides\n" + config)
    plan = write(tmp_path / "plan.yaml", CLEAN_PLAN)
    run = sncheck(["check", str(plan)])
    assert run.exit_code == 2
    assert f"{cfg}:{line}：{key}：" in run.stderr, run.stderr  # zh by default (issue 21)
    assert "Traceback" not in run.stderr


def test_unparseable_config_exits_2_with_line(tmp_path):
    cfg = write(tmp_path / ".sncheck.yaml", "lang: en\nselect: [SUP\n")
    run = sncheck(["check", str(write(tmp_path / "plan.yaml", CLEAN_PLAN))])
    assert run.exit_code == 2 and f"{cfg}:" in run.stderr


@pytest.mark.skipif(_toml() is None, reason="no tomllib/tomli on this Python: pyproject.toml config is skipped")
def test_pyproject_table_is_used_and_a_nearer_sncheck_yaml_wins(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.sncheck]\nseverity = {SUP001 = "info"}\n')
    plan = write(tmp_path / "a" / "plan.yaml", EXCESS_PLAN)
    assert findings(sncheck(["check", str(plan), "--format", "json"])) == [("SUP001", "info")]
    write(tmp_path / "a" / ".sncheck.yaml", "severity: {SUP001: warning}\n")
    assert findings(sncheck(["check", str(plan), "--format", "json"])) == [("SUP001", "warning")]


def test_pyproject_without_table_is_passed_over(tmp_path):
    write(tmp_path / ".sncheck.yaml", "severity: {SUP001: warning}\n")
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    plan = write(tmp_path / "sub" / "plan.yaml", EXCESS_PLAN)
    assert findings(sncheck(["check", str(plan), "--format", "json"])) == [("SUP001", "warning")]


def test_explicit_config_and_cwd_discovery(tmp_path):
    cfg = write(tmp_path / "conf" / "strict.yaml", "severity: {SUP001: warning}\n")
    plan = write(tmp_path / "plan.yaml", EXCESS_PLAN)
    assert findings(sncheck(["check", str(plan), "--format", "json", "--config", str(cfg)])) == [("SUP001", "warning")]
    missing = sncheck(["check", str(plan), "--config", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2 and "nope.yaml" in missing.stderr
    write(tmp_path / ".sncheck.yaml", "severity: {SUP001: info}\n")
    assert findings(sncheck(["check", "plan.yaml", "--format", "json"], cwd=tmp_path)) == [("SUP001", "info")]


def test_without_a_toml_reader_pyproject_is_skipped(tmp_path, monkeypatch):
    """Python 3.10 without tomli: [tool.sncheck] cannot be read, so the walk goes on to a .sncheck.yaml."""
    import sys

    monkeypatch.setitem(sys.modules, "tomllib", None)
    monkeypatch.setitem(sys.modules, "tomli", None)
    write(tmp_path / ".sncheck.yaml", "severity: {SUP001: warning}\n")
    write(tmp_path / "sub" / "pyproject.toml", '[tool.sncheck]\nseverity = {SUP001 = "info"}\n')
    plan = write(tmp_path / "sub" / "plan.yaml", EXCESS_PLAN)
    assert findings(sncheck(["check", str(plan), "--format", "json"])) == [("SUP001", "warning")]
