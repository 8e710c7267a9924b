"""Property-based: no input crashes the loader, the engine or any output format, and results are deterministic.

The CI profile is small (``SNCHECK_FUZZ_EXAMPLES``, default 60 per property);
``python bench/fuzz.py`` runs the same properties for a long campaign.
Formatters are taken from the plugin manager, so formats other plugins add
are covered automatically.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from plan_strategies import PROFILE, any_input, mutated_data, serialize, valid_plans
from sncheck.engine.checker import Checker, Options
from sncheck.cli import main
from sncheck.commands.check import check as check_command
from sncheck.engine.rule_infos import rule_infos
from sncheck.model.findings import Finding
from sncheck.formatters.base import Report
from sncheck.engine.plugin_isolation import call_isolated

CHECKER = Checker(Options(load_entry_points=False))
CHECKER_EN = Checker(Options(lang="en", load_entry_points=False))
FORMATTERS = {f.name: f for batch in call_isolated(CHECKER.pm, "sncheck_formatters", []) for f in batch}
KNOWN_RULES = set(rule_infos(CHECKER))
JSON_FORMATS = {"json", "sarif"}
HAS_JOBS = any("--jobs" in getattr(p, "opts", ()) for p in check_command.params)


def _as_dicts(result) -> list[dict]:
    return [f.to_dict() for f in result.findings]


def _assert_well_formed(result) -> None:
    for finding in result.findings:
        assert isinstance(finding, Finding)
        assert finding.rule in KNOWN_RULES, finding
        assert finding.line is None or finding.line >= 1
        assert finding.column is None or finding.column >= 1
        assert finding.message
        assert finding.rule != "INTERNAL001", finding.message  # shipped checks must cope with any valid plan


def _render_all(checker: Checker, results) -> None:
    report = Report(results, lang=checker.options.lang, rules=rule_infos(checker), tool_version="0")
    for name, formatter in FORMATTERS.items():
        text = formatter.render(report)
        assert isinstance(text, str)
        if name in JSON_FORMATS or text.lstrip().startswith("{"):
            json.loads(text)


@PROFILE
@given(any_input)
def test_no_input_crashes_loader_engine_or_formats(case):
    name, raw = case
    for checker in (CHECKER, CHECKER_EN):
        result = checker.check_bytes(name, raw)
        _assert_well_formed(result)
        _render_all(checker, [result])


@PROFILE
@given(valid_plans(), st.sampled_from(["yaml", "json"]))
def test_valid_plans_pass_the_loader_and_schema(plan, kind):
    findings = CHECKER.check_bytes(f"plan.{kind}", serialize(plan, kind)).findings
    assert not [f for f in findings if f.rule in ("PARSE001", "SCHEMA001", "REF001")], findings


@PROFILE
@given(any_input)
def test_same_input_same_output(case):
    name, raw = case
    assert _as_dicts(CHECKER.check_bytes(name, raw)) == _as_dicts(CHECKER.check_bytes(name, raw))


@PROFILE
@given(st.lists(valid_plans() | mutated_data(), min_size=2, max_size=4), st.randoms(use_true_random=False))
def test_file_order_does_not_change_per_file_results(plans, rnd):
    files = [(f"p{i}.json", serialize(plan, "json")) for i, plan in enumerate(plans)]
    forward = {name: _as_dicts(CHECKER.check_bytes(name, raw)) for name, raw in files}
    shuffled = files[:]
    rnd.shuffle(shuffled)
    again = {name: _as_dicts(CHECKER.check_bytes(name, raw)) for name, raw in shuffled}
    assert forward == again


@PROFILE.__class__(PROFILE, max_examples=max(PROFILE.max_examples // 4, 5))
@given(st.lists(any_input, min_size=1, max_size=3), st.sampled_from(sorted(FORMATTERS)))
def test_cli_exit_status_is_0_1_or_2_and_order_independent(tmp_path_factory, cases, fmt):
    folder: Path = tmp_path_factory.mktemp("plans")
    paths = []
    for index, (name, raw) in enumerate(cases):
        path = folder / f"{index}-{name}"
        path.write_bytes(raw)
        paths.append(str(path))
    runner = CliRunner()
    first = runner.invoke(main, ["check", *paths, "--format", fmt])
    second = runner.invoke(main, ["check", *reversed(paths), "--format", fmt])
    assert first.exception is None or isinstance(first.exception, SystemExit), first.exception
    assert first.exit_code in (0, 1, 2) and first.exit_code == second.exit_code
    assert "Traceback" not in first.output
    runs = [first, second]
    if HAS_JOBS:  # parallel checking (when the CLI has it) must not change anything either
        runs.append(runner.invoke(main, ["check", *paths, "--format", fmt, "--jobs", "2"]))
        assert runs[-1].exit_code == first.exit_code
    if fmt == "json":
        by_path = [{f["path"]: f["findings"] for f in json.loads(r.stdout)["files"]} for r in runs]
        assert all(other == by_path[0] for other in by_path[1:])
