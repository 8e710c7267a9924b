"""Third-party rule families: an installed package adds a check and a rule pack without touching sncheck.

The "installed package" is built in tmp_path as a real distribution (a
``*.dist-info`` folder with METADATA and entry_points.txt declaring the
``sncheck.plugins`` group) next to its module, and put on sys.path; sncheck
finds it through pluggy's entry-point loading like any pip-installed plugin.
"""

from __future__ import annotations

import sys
import textwrap
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from sncheck.api import Check, Violation, hookimpl
from sncheck.engine.checker import Checker, Options
from sncheck.cli import main
from sncheck.engine.plugin_manager import make_plugin_manager
from sncheck.packs.rulepacks import RuleFileError

from plan_builder import ITEM_COLUMN, PlanText, check_yaml, summary

PLUGIN_MODULE = '''
"""A county's own rule family: a team may list at most ``max_staff`` people."""
from pathlib import Path

from sncheck.api import Check, Violation, hookimpl

PARAMS = {"type": "object", "required": ["max_staff"],
          "properties": {"max_staff": {"type": "integer", "minimum": 1}}, "additionalProperties": False}


def team_size(ctx):
    for team in ctx.plan.teams:
        size = len(ctx.plan.staff_by_team.get(team.id, []))
        if size > ctx.params["max_staff"]:
            yield Violation(team.pointer, {"team": team.id, "size": size, "limit": ctx.params["max_staff"]})


@hookimpl
def sncheck_checks():
    return [Check("acme.team_size", team_size, PARAMS, "A team lists more people than the county allows.")]


@hookimpl
def sncheck_rule_packs():
    return [Path(__file__).resolve().parent / "pack"]
'''

PACK_YAML = "id: acme-{suffix}\ntitle: {{zh: 縣市自訂規則, en: county rules}}\nplan_years: {{from: 110, to: 114}}\n"

RULES_YAML = """\
rules:
  - id: ACME001
    family: acme
    check: acme.team_size
    severity: warning
    params: {max_staff: 2}
    title: {zh: 組別人數過多, en: Team too large}
    message:
      zh: "組別 {team} 有 {size} 人，超過縣市上限 {limit} 人"
      en: "team {team} lists {size} people, over the county's limit of {limit}"
    fix: {zh: "拆分組別", en: "split the team"}
    sources:
      - {document: county-rules, title: 縣市人力配置要點, quote: 每組至多2人}
"""


@pytest.fixture
def fake_distribution(tmp_path, monkeypatch):
    """Install (on sys.path) a distribution whose entry point adds check + rule pack; returns its module name."""
    suffix = uuid.uuid4().hex[:8]
    module = f"sncheck_acme_{suffix}"
    package = tmp_path / module
    (package / "pack").mkdir(parents=True)
    (package / "__init__.py").write_text(PLUGIN_MODULE, encoding="utf-8")
    (package / "pack" / "pack.yaml").write_text(PACK_YAML.format(suffix=suffix), encoding="utf-8")
    (package / "pack" / "rules.yaml").write_text(RULES_YAML, encoding="utf-8")
    dist = tmp_path / f"sncheck_acme_{suffix}-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: sncheck-acme-{suffix}\nVersion: 1.0\n",
                                   encoding="utf-8")
    (dist / "entry_points.txt").write_text(f"[sncheck.plugins]\nacme = {module}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield module
    sys.modules.pop(module, None)


BIG_TEAM = PlanText(teams=[{"id": "T1", "unit_type": "社福中心"}, {"id": "T2", "unit_type": "家防中心"}],
                    staff=[{"id": f"W{i}", "team": "T2", "role": "社工員", "funding": "地方自籌"} for i in range(3)])


def test_an_installed_plugin_adds_a_check_and_a_rule_pack(fake_distribution):
    checker = Checker(Options(load_entry_points=True))
    assert "acme.team_size" in checker.checks
    assert "ACME001" in [r.id for r in checker.all_rules()]
    findings = check_yaml(checker, BIG_TEAM.text)
    assert summary(findings) == [("ACME001", "/teams/1")]
    finding = findings[0]
    assert finding.severity.value == "warning"
    assert (finding.line, finding.column) == (BIG_TEAM.line("/teams/1"), ITEM_COLUMN)
    assert finding.message == "組別 T2 有 3 人，超過縣市上限 2 人"
    assert finding.fix.description == "拆分組別" and finding.source.quote == "每組至多2人"
    # the shipped rules still run next to it
    assert [r.id for r in checker.all_rules()].count("SUP001") == 1


def test_without_entry_points_the_plugin_is_not_loaded(fake_distribution):
    checker = Checker(Options(load_entry_points=False))
    assert "acme.team_size" not in checker.checks
    assert check_yaml(checker, BIG_TEAM.text) == []


def test_sncheck_rules_and_check_see_the_installed_plugin(fake_distribution, tmp_path):
    listed = CliRunner().invoke(main, ["rules", "--lang", "en"])
    assert listed.exit_code == 0
    row = next(line for line in listed.stdout.splitlines() if line.startswith("ACME001"))
    assert row.split()[1:3] == ["warning", "acme"] and "Team too large" in row
    plan = tmp_path / "plan.yaml"
    plan.write_text(BIG_TEAM.text, encoding="utf-8")
    checked = CliRunner().invoke(main, ["check", str(plan), "--lang", "en"])
    assert checked.exit_code == 0  # a warning only
    assert f"{plan}:{BIG_TEAM.line('/teams/1')}:5: ACME001 warning team T2 lists 3 people" in checked.stdout


# --------------------------------------------------------------------------- a failing check


class BrokenPlugin:
    """A plugin whose check raises; its rule pack is written to ``pack``."""

    def __init__(self, pack: Path) -> None:
        self.pack = pack

    @hookimpl
    def sncheck_checks(self) -> list[Check]:
        def boom(ctx):
            raise ZeroDivisionError("division by zero")
            yield  # pragma: no cover

        return [Check("broken.boom", boom)]

    @hookimpl
    def sncheck_rule_packs(self) -> list[Path]:
        return [self.pack]


def write_pack(folder: Path, rules_yaml: str, pack_id: str = "extra", years: str = "{from: 110, to: 114}") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(f"id: {pack_id}\ntitle: {{zh: 額外, en: extra}}\nplan_years: {years}\n",
                                      encoding="utf-8")
    (folder / "rules.yaml").write_text(textwrap.dedent(rules_yaml), encoding="utf-8")
    return folder


BOOM_RULE = """\
rules:
  - id: BOOM001
    family: broken
    check: broken.boom
    severity: error
    title: {zh: 壞掉, en: broken}
    message: {zh: 壞掉, en: broken}
    sources: [{document: x, quote: y}]
"""


def test_a_check_that_raises_becomes_internal001_and_other_rules_still_run(tmp_path):
    plugin = BrokenPlugin(write_pack(tmp_path / "boom", BOOM_RULE))
    checker = Checker(Options(load_entry_points=False, extra_plugins=(plugin,), lang="en"))
    p = PlanText(teams=[{"id": "T1", "unit_type": "社福中心"}],
                 staff=[{"id": "S1", "team": "T1", "role": "督導", "funding": "中央補助"}])
    findings = check_yaml(checker, p.text)
    assert sorted(f.rule for f in findings) == ["INTERNAL001", "SUP001"]
    internal = next(f for f in findings if f.rule == "INTERNAL001")
    assert internal.extra == {"failed_rule": "BOOM001", "check": "broken.boom", "plugin": __name__}
    assert "BOOM001" in internal.message and "broken.boom" in internal.message
    assert "ZeroDivisionError" in internal.message


def test_internal001_makes_the_cli_exit_2(tmp_path, monkeypatch):
    import sncheck.commands.check as check_command

    plugin = BrokenPlugin(write_pack(tmp_path / "boom", BOOM_RULE))
    real = check_command.make_checker
    monkeypatch.setattr(check_command, "make_checker",
                        lambda options: real(Options(**{**options.__dict__, "extra_plugins": (plugin,)})))
    plan = tmp_path / "plan.yaml"
    plan.write_text(PlanText().text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(plan)])
    assert result.exit_code == 2 and "INTERNAL001" in result.stdout


# --------------------------------------------------------------------------- bad rule files


def rule(check: str, params: str) -> str:
    return f"""\
rules:
  - id: EXT001
    family: ext
    severity: error
    title: {{zh: 甲, en: a}}
    message: {{zh: 甲, en: a}}
    sources: [{{document: x, quote: y}}]
    check: {check}
    params: {params}
"""


@pytest.mark.parametrize("check, params, line, words", [
    ("no.such.check", "{}", 8, "unknown check 'no.such.check'"),
    ("supervisor.central_excess", "{workers_per_supervisor: 0}", 9, "workers_per_supervisor"),
    ("supervisor.central_excess", "{workers_per_supervisr: 7}", 9, "workers_per_supervisr"),
    ("request.funding_rule", "{when: {field: colour, eq: red}}", 9, "params"),
    ("service.minimum_length", "{years: 4}", 9, "applies_to"),
])
def test_rule_naming_an_unknown_check_or_bad_params_is_a_rule_file_error(tmp_path, check, params, line, words):
    pack = write_pack(tmp_path / "ext", rule(check, params))
    with pytest.raises(RuleFileError) as info:
        Checker(Options(load_entry_points=False, rule_dirs=(pack,)))
    assert info.value.path == str(pack / "rules.yaml") and info.value.line == line
    assert words in str(info.value) and str(info.value).startswith(f"{pack / 'rules.yaml'}:{line}:")


def test_a_bad_parameter_written_on_its_own_line_is_named_at_that_line(tmp_path):
    pack = write_pack(tmp_path / "ext", rule("supervisor.central_excess", "\n      rounding: floor\n"
                                                                      "      workers_per_supervisor: 0"))
    with pytest.raises(RuleFileError) as info:
        Checker(Options(load_entry_points=False, rule_dirs=(pack,)))
    assert info.value.line == 11 and "params/workers_per_supervisor" in str(info.value)


def test_rule_file_schema_problem_names_the_line(tmp_path):
    pack = write_pack(tmp_path / "ext", rule("supervisor.central_excess", "{}").replace("severity: error",
                                                                                  "severity: fatal"))
    with pytest.raises(RuleFileError) as info:
        Checker(Options(load_entry_points=False, rule_dirs=(pack,)))
    assert info.value.line == 4 and "severity: must be one of" in str(info.value)  # the value is not quoted (issue 23)


def test_a_rule_id_defined_twice_for_overlapping_years_is_refused(tmp_path):
    pack = write_pack(tmp_path / "dup", rule("supervisor.central_excess", "{}").replace("EXT001", "SUP002"))
    with pytest.raises(RuleFileError) as info:
        Checker(Options(load_entry_points=False, rule_dirs=(pack,)))
    assert "SUP002" in str(info.value)


def test_a_new_pack_for_a_later_period_is_data_only(tmp_path):
    pack = write_pack(tmp_path / "ssn3", rule("team.ratio", "{demand: {staff: {direct_service: true}}, "
                                              "supply: {roles: [supervisor]}, per: 5, rounding: floor}")
                      .replace("EXT001", "SUP102"), pack_id="ssn-3-0", years="{from: 120, to: 124}")
    checker = Checker(Options(load_entry_points=False, rule_dirs=(pack,)))
    p = PlanText(plan_year=120, teams=[{"id": "T1", "unit_type": "社福中心"}],
                 staff=[{"id": f"W{i}", "team": "T1", "role": "社工員", "funding": "地方自籌"} for i in range(5)])
    assert [f.rule for f in check_yaml(checker, p.text)] == ["SUP102"]  # only the 120–124 pack's rules run
    p.plan_year = 125
    finding = check_yaml(checker, p.text)[0]
    assert finding.rule == "PACK001" and "ssn-phase2（110–114）、ssn-2.0（115–119）、ssn-3-0（120–124）" in finding.message


# --------------------------------------------------------------------------- no global state


def test_each_plugin_manager_is_fresh(tmp_path):
    plugin = BrokenPlugin(write_pack(tmp_path / "boom", BOOM_RULE))
    first = make_plugin_manager([plugin], load_entry_points=False)
    second = make_plugin_manager(load_entry_points=False)
    assert first is not second
    assert first.is_registered(plugin) and not second.is_registered(plugin)
    with_plugin = Checker(Options(load_entry_points=False, extra_plugins=(plugin,)))
    without = Checker(Options(load_entry_points=False))
    assert "broken.boom" in with_plugin.checks and "broken.boom" not in without.checks
    assert "BOOM001" not in [r.id for r in without.all_rules()]
