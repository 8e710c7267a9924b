"""Broken plugins are named and skipped (exit 2), never a traceback, never hiding other rules' findings.

Entry points are made for real: a ``*.dist-info`` folder with an
``entry_points.txt`` on ``sys.path`` is an installed distribution to
``importlib.metadata``, exactly like a pip-installed plugin.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import base_plan, check_data, rules_of
from sncheck.api import Check, Violation, hookimpl
from sncheck.engine.checker import Checker, Options
from sncheck.cli import main
from sncheck.packs.rulepacks import RuleFileError

SUP001_PLAN = base_plan(staff=[
    {"id": f"W{i}", "team": "T1", "role": "social_worker", "funding": "central"} for i in range(3)
] + [{"id": "S1", "team": "T1", "role": "supervisor", "funding": "central"}])


def install_fake_distribution(root: Path, name: str, entry_points: dict[str, str], modules: dict[str, str]) -> None:
    """Write an importable 'installed' distribution under ``root`` (which the caller puts on sys.path)."""
    info = root / f"{name.replace('-', '_')}-1.0.dist-info"  # as pip names it
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    lines = "\n".join(f"{ep} = {target}" for ep, target in entry_points.items())
    (info / "entry_points.txt").write_text(f"[sncheck.plugins]\n{lines}\n", encoding="utf-8")
    (info / "top_level.txt").write_text("\n".join(m.split(".")[0] for m in modules) + "\n", encoding="utf-8")
    for module, source in modules.items():
        (root / f"{module}.py").write_text(source, encoding="utf-8")


@pytest.fixture
def site(tmp_path, monkeypatch):
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    yield root
    for name in [m for m in sys.modules if m.startswith("acme_")]:
        del sys.modules[name]


BROKEN_IMPORT = "raise ImportError('acme needs numpy')\n"
RAISING_HOOK = """
from sncheck.api import hookimpl

@hookimpl
def sncheck_checks():
    raise RuntimeError('cannot read my config')
"""
GOOD_FORMAT = """
from sncheck.api import hookimpl
from sncheck.formatters.base import Formatter

@hookimpl
def sncheck_formatters():
    return [Formatter('acme', 'count', lambda report: str(sum(len(f.findings) for f in report.files)) + '\\n')]
"""


def test_entry_point_that_fails_to_import_is_named_and_skipped(site, tmp_path):
    install_fake_distribution(site, "acme-rules", {"acme": "acme_broken", "acmefmt": "acme_format"},
                              {"acme_broken": BROKEN_IMPORT, "acme_format": GOOD_FORMAT})
    checker = Checker(Options())
    (error,) = checker.plugin_errors
    assert error.stage == "import"
    assert "entry point 'acme = acme_broken' (acme-rules 1.0)" in error.plugin
    assert "ImportError: acme needs numpy" in error.error
    assert "SUP001" in {r.id for r in checker.all_rules()}  # the built-ins still load

    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(SUP001_PLAN), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(plan), "--format", "acme", "--lang", "en"])
    assert result.exit_code == 2
    assert result.stdout == "1\n"  # the good plugin of the same distribution still works; SUP001 found
    assert "INTERNAL001 plugin entry point 'acme = acme_broken' (acme-rules 1.0) failed at import" in result.stderr
    assert "Traceback" not in result.output


def test_hook_that_raises_while_registering_is_named_and_skipped(site, tmp_path):
    install_fake_distribution(site, "acme-checks", {"acme": "acme_hook"}, {"acme_hook": RAISING_HOOK})
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(SUP001_PLAN), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(plan), "--format", "json", "--lang", "en"])
    assert result.exit_code == 2
    assert "failed at sncheck_checks (RuntimeError: cannot read my config)" in result.stderr
    assert "acme_hook (acme-checks 1.0)" in result.stderr
    report = json.loads(result.stdout)
    assert [f["rule"] for f in report["files"][0]["findings"]] == ["SUP001"]


def test_entry_point_with_an_unknown_hook_is_skipped(site):
    source = "from sncheck.api import hookimpl\n\n@hookimpl\ndef sncheck_chekcs():\n    return []\n"
    install_fake_distribution(site, "acme-typo", {"acme": "acme_typo"}, {"acme_typo": source})
    checker = Checker(Options())
    (error,) = checker.plugin_errors
    assert error.stage == "register" and "sncheck_chekcs" in error.error


class _BrokenCheckPlugin:
    """A plugin whose check raises, and one whose check yields garbage."""

    @hookimpl
    def sncheck_checks(self):
        def boom(ctx):
            raise ZeroDivisionError("staff count is zero")

        def garbage(ctx):
            yield {"pointer": "/staff/0"}  # not a Violation

        def exits(ctx):
            raise SystemExit(0)

        return [Check("acme.boom", boom), Check("acme.garbage", garbage), Check("acme.exits", exits)]


def _pack(tmp_path: Path) -> Path:
    pack = tmp_path / "acme-pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("id: acme\ntitle: {zh: 測試, en: test}\nplan_years: {from: 110, to: 114}\n",
                                    encoding="utf-8")
    rules = []
    for rule_id, check in (("ACME001", "acme.boom"), ("ACME002", "acme.garbage"), ("ACME003", "acme.exits")):
        rules.append({"id": rule_id, "family": "acme", "check": check, "severity": "warning",
                      "title": {"zh": "t", "en": "t"}, "message": {"zh": "m", "en": "m"},
                      "sources": [{"document": "000", "quote": "q"}]})
    (pack / "rules.json").write_text(json.dumps({"rules": rules}), encoding="utf-8")
    return pack


def test_a_check_that_raises_is_internal001_naming_plugin_and_rule_and_others_still_run(tmp_path):
    checker = Checker(Options(lang="en", load_entry_points=False, extra_plugins=(_BrokenCheckPlugin(),),
                              rule_dirs=(_pack(tmp_path),)))
    findings = check_data(checker, SUP001_PLAN)
    assert rules_of(findings) == ["INTERNAL001", "INTERNAL001", "INTERNAL001", "SUP001"]
    boom = next(f for f in findings if f.extra.get("failed_rule") == "ACME001")
    assert "check acme.boom" in boom.message and "rule ACME001" in boom.message
    assert "ZeroDivisionError: staff count is zero" in boom.message
    assert f"plugin {__name__}" in boom.message  # the module the check lives in
    garbage = next(f for f in findings if f.extra.get("failed_rule") == "ACME002")
    assert "TypeError: the check yielded dict, not a Violation" in garbage.message
    exits = next(f for f in findings if f.extra.get("failed_rule") == "ACME003")
    assert "SystemExit" in exits.message


def test_builtin_check_failure_names_its_distribution():
    from sncheck.engine.run_rules import internal_error

    checker = Checker(Options(lang="en", load_entry_points=False))
    rule = next(r for r in checker.all_rules() if r.id == "SUP001")
    finding = internal_error(rule, KeyError("x"), "en")
    assert "plugin sncheck_plugins.supervisor (sncheck-ssn " in finding.message


def test_cli_exits_2_after_reporting_every_other_finding(tmp_path, monkeypatch):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(SUP001_PLAN), encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text(json.dumps(base_plan()), encoding="utf-8")
    import sncheck.commands.check as check_cmd

    real = check_cmd.make_checker
    monkeypatch.setattr(check_cmd, "make_checker", lambda options: real(
        Options(**{**options.__dict__, "extra_plugins": (_BrokenCheckPlugin(),), "rule_dirs": (_pack(tmp_path),)})))
    result = CliRunner().invoke(main, ["check", str(plan), str(other), "--format", "json", "--lang", "en"])
    assert result.exit_code == 2
    files = {Path(f["path"]).name: sorted(x["rule"] for x in f["findings"]) for f in json.loads(result.stdout)["files"]}
    assert files == {"plan.json": ["INTERNAL001"] * 3 + ["SUP001"], "other.json": ["INTERNAL001"] * 3}


def test_formatter_that_raises_is_named_not_a_traceback(site, tmp_path):
    source = GOOD_FORMAT.replace("lambda report: str(sum(len(f.findings) for f in report.files)) + '\\n'",
                                 "lambda report: 1 / 0")
    install_fake_distribution(site, "acme-fmt", {"acme": "acme_badfmt"}, {"acme_badfmt": source})
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(base_plan()), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(plan), "--format", "acme", "--lang", "en"])
    assert result.exit_code == 2
    assert "format 'acme' [acme_badfmt (acme-fmt 1.0)] failed at render (ZeroDivisionError" in result.stderr


# ------------------------------------------------------------------ rule files: data only

def test_rule_file_with_python_tag_is_refused_with_file_and_line(tmp_path):
    marker = tmp_path / "ran"
    pack = tmp_path / "evil"
    pack.mkdir()
    (pack / "pack.yaml").write_text("id: evil\ntitle: {zh: x, en: x}\nplan_years: {from: 110, to: 114}\n",
                                    encoding="utf-8")
    (pack / "rules.yaml").write_text(
        "rules:\n  - id: EVIL001\n    check: !!python/object/apply:os.system ['touch " + str(marker) + "']\n",
        encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        Checker(Options(load_entry_points=False, rule_dirs=(pack,)))
    assert info.value.path.endswith("rules.yaml") and info.value.line == 3
    assert "!!python/object/apply:os.system" in str(info.value)
    assert not marker.exists()
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(base_plan()), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(plan), "--rules", str(pack)])
    assert result.exit_code == 2 and "rules.yaml:3:" in result.stderr and "Traceback" not in result.output
    assert not marker.exists()


# ------------------------------------------------------------------ plugins never come from the checked repo

def test_python_files_beside_the_checked_plan_are_never_imported(tmp_path, monkeypatch):
    marker = tmp_path / "imported"
    payload = f"open({str(marker)!r}, 'a').write(__name__ + '\\n')\n"
    repo = tmp_path / "repo"
    (repo / "plugins").mkdir(parents=True)
    (repo / "sncheck_plugins").mkdir()
    for path in ("conftest.py", "sncheck_plugin.py", "sncheck_plugins.py", "plugins/__init__.py",
                 "plugins/rules.py", "sncheck_plugins/__init__.py", "setup.py", "noxfile.py"):
        (repo / path).write_text(payload, encoding="utf-8")
    (repo / "plan.json").write_text(json.dumps(SUP001_PLAN), encoding="utf-8")
    monkeypatch.chdir(repo)  # a pre-commit hook runs in the repository's root
    result = CliRunner().invoke(main, ["check", "."])
    assert result.exit_code == 1 and "SUP001" in result.stdout
    result = CliRunner().invoke(main, ["check", "plan.json", "--format", "json"])
    assert result.exit_code == 1
    assert not marker.exists()


def test_message_templates_from_rule_files_cannot_reach_into_values_or_blow_up():
    from sncheck.packs.messages import render

    assert render("{n.__class__.__mro__} {n[0]} {n}", {"n": 7}, "en") == "{n.__class__.__mro__} {n[0]} 7"
    assert render("{n:>100000000}", {"n": 7}, "en") == "7"
    assert render("{share:.2f}", {"share": 0.7}, "en") == "0.70"


def test_rules_list_names_a_broken_plugin_and_exits_2(site):
    install_fake_distribution(site, "acme-rules", {"acme": "acme_broken"}, {"acme_broken": BROKEN_IMPORT})
    result = CliRunner().invoke(main, ["rules", "--lang", "en"])
    assert result.exit_code == 2
    assert "SUP001" in result.stdout
    assert "entry point 'acme = acme_broken' (acme-rules 1.0) failed at import" in result.stderr
