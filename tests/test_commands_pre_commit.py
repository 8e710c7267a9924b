"""The pre-commit hook, run by the real pre-commit against a git repository of this checkout.

pre-commit needs a real repository and revision, so the working tree is copied
into a temporary git repository and committed; a county plan repository then
points at it. pre-commit builds the hook's environment (pip-installs sncheck
from that repository) once per module, in a temporary PRE_COMMIT_HOME.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import CLEAN_PLAN, EXCESS_PLAN, write

ROOT = Path(__file__).resolve().parent.parent
COPY_IGNORE = shutil.ignore_patterns(".git", "*.egg-info", "__pycache__", ".pytest_cache", "build", "dist",
                                     ".venv*", ".mypy_cache", ".ruff_cache")


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"PRE_COMMIT_HOME": str(home), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
                "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid", "NO_COLOR": "1"})
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    return env


def _git(cwd: Path, *args: str, env: dict[str, str]) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def plan_repo(tmp_path_factory):
    try:
        import pre_commit  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"pre-commit cannot be imported ({exc}); install the 'test' extra")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base = tmp_path_factory.mktemp("precommit")
    env = _env(base / "cache")
    hook_repo = base / "sncheck"
    shutil.copytree(ROOT, hook_repo, ignore=COPY_IGNORE)
    _git(hook_repo, "init", "-q", env=env)
    _git(hook_repo, "add", "-A", env=env)
    _git(hook_repo, "commit", "-q", "-m", "snapshot", env=env)
    rev = _git(hook_repo, "rev-parse", "HEAD", env=env)

    county = base / "county"
    county.mkdir()
    _git(county, "init", "-q", env=env)
    write(county / ".pre-commit-config.yaml",
          f"repos:\n  - {{repo: {hook_repo}, rev: {rev}, hooks: [{{id: sncheck}}]}}\n")  # as in docs/pre-commit.md
    # Not a plan: the hook must leave it alone.
    write(county / "ci" / "pipeline.yaml", "stages: [check]\nscript: sncheck check plans\n")
    return county, env


def _run(county: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    _git(county, "add", "-A", env=env)
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                          cwd=county, env=env, capture_output=True, text=True, timeout=600)


def test_hook_fails_on_a_bad_plan_and_passes_on_a_good_one(plan_repo):
    county, env = plan_repo
    plan = write(county / "plans" / "taichung-111.yaml", EXCESS_PLAN)
    bad = _run(county, env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "plans/taichung-111.yaml:6:5: SUP001 error" in bad.stdout
    assert "pipeline.yaml" not in bad.stdout

    plan.write_text(CLEAN_PLAN, encoding="utf-8")
    good = _run(county, env)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


def _roster(path: Path, excess: bool = True) -> Path:
    """A roster as an office keeps it: one sheet, zh headers; 7 social workers and 2 (or 1) supervisors."""
    import openpyxl

    rows = [["員工編號", "單位/組別", "職稱", "經費來源"]]
    rows += [[f"W{i}", "東區社福中心", "社工員", "中央補助"] for i in range(7)]
    rows += [["S1", "東區社福中心", "督導", "中央補助"]] + ([["S2", "東區社福中心", "督導", "中央補助"]] if excess else [])
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    for row in rows:
        sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def test_hook_checks_roster_workbooks_and_csv_and_says_when_it_cannot_place_one(plan_repo):
    county, env = plan_repo
    named = _roster(county / "rosters" / "臺中市-111-人員名冊.xlsx")
    csv = write(county / "rosters" / "111年台中市名冊.csv",
                "員工編號,單位/組別,職稱,經費來源\n" + "".join(f"W{i},東區社福中心,社工員,中央補助\n" for i in range(7))
                + "S1,東區社福中心,督導,中央補助\nS2,東區社福中心,督導,中央補助\n")
    unnamed = _roster(county / "rosters" / "名冊.xlsx")
    try:
        first = _run(county, env)
        assert first.returncode != 0, first.stdout
        # the committed workbook and CSV are checked, findings at sheet and row / line
        assert "rosters/臺中市-111-人員名冊.xlsx:人員名冊!B2: SUP001 error" in first.stdout, first.stdout
        assert "rosters/111年台中市名冊.csv:2:2: SUP001 error" in first.stdout, first.stdout
        # a roster whose file name names no county or year is said to be unchecked, never passed
        assert "rosters/名冊.xlsx：未檢核：名冊需要縣市" in first.stdout + first.stderr  # zh by default (issue 21)
        assert "pipeline.yaml" not in first.stdout

        write(county / ".sncheck.yaml", "county: 臺中市\nplan_year: 111\n")  # the repository says it once
        _roster(named, excess=False)
        csv.unlink()
        second = _run(county, env)
        assert second.returncode == 1, second.stdout
        assert "rosters/名冊.xlsx:人員名冊!B2: SUP001 error" in second.stdout
        assert "名冊需要縣市" not in second.stdout + second.stderr  # .sncheck.yaml placed the unnamed roster
        # the corrected roster has no finding; only what a roster without 到職日 or 計畫別 cannot say (issue 21)
        named_lines = [line for line in second.stdout.splitlines() if "臺中市-111-人員名冊.xlsx:" in line]
        assert named_lines and all(line.startswith("rosters/臺中市-111-人員名冊.xlsx: 未檢核: ") for line in named_lines)
        assert ("rosters/臺中市-111-人員名冊.xlsx: 未檢核: 進用、資格、訓練、招聘規定（RECR001）未檢核：名冊沒有「到職日」欄"
                in named_lines)

        _roster(unnamed, excess=False)
        third = _run(county, env)
        assert third.returncode == 0, third.stdout + third.stderr
        assert "Passed" in third.stdout and "no files to check" not in third.stdout
    finally:
        for path in (named, csv, unnamed, county / ".sncheck.yaml"):
            path.unlink(missing_ok=True)


def test_hook_shows_a_schema_problem_and_the_rule_findings_elsewhere(plan_repo):
    """Issue 21: one SCHEMA001 no longer hides the rules: the hook lists it and the three violations elsewhere."""
    county, env = plan_repo
    plan = EXCESS_PLAN.replace("  - {id: W1, team: T1, role: social_worker, funding: central}\n",
                               "  - {id: W1, team: T1, role: social_worker, funding: central, pay_points: abc}\n")
    plan += ("  - {id: X1, team: T1, role: senior_social_worker, funding: county, "
             "history: [{from: 2021-01-01, budget: ssn}]}\n"
             "requests:\n"
             "  - {id: R1, unit_type: 社福中心, category: 離島加給, funding_source: 社安網中央補助, amount: 1000}\n")
    write(county / "plans" / "taichung-111.yaml", plan)
    run = _run(county, env)
    assert run.returncode == 1, run.stdout + run.stderr
    found = [line.split(": ")[1].split()[0] for line in run.stdout.splitlines()
             if line.startswith("plans/taichung-111.yaml:") and ": 未檢核: " not in line]
    assert found == ["SUP001", "SCHEMA001", "SEN001", "FAC003"], run.stdout
