"""The ``sncheck-fix`` pre-commit hook, run by the real pre-commit on a throwaway repository.

The project is copied into a temporary git repository (so the hook is tested as
it is in the working tree), a plan repository points at it, and ``pre-commit
run --all-files`` must fix the plan (and, like any fixer, fail that run because
it changed a file), then pass on the next run. Skipped, with the reason, where
pre-commit or git is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = Path(__file__).parent / "fix_cases"


def test_hook_definition_runs_the_fix_command() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "sncheck-fix"]
    assert hook["entry"].split()[:2] == ["sncheck", "fix"]
    assert "--unsafe" not in hook["entry"] and "--diff" not in hook["entry"]
    assert "--only-plans" in hook["entry"].split()
    assert re.search(hook["files"], "plans/taichung-111.yaml") and re.search(hook["files"], "p.json")
    assert not re.search(hook["files"], "README.md")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args], cwd=cwd, check=True,
                   capture_output=True)


def test_real_pre_commit_applies_safe_fixes(tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))
    if not Path(pre_commit).exists() or shutil.which("git") is None:
        pytest.skip("pre-commit or git is not installed (pip install -e '.[test]' installs pre-commit)")
    hook_repo = tmp_path / "hook"
    hook_repo.mkdir()
    for name in ("sncheck", "plugins", "rules"):
        shutil.copytree(ROOT / name, hook_repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("setup.cfg", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, hook_repo / name)
    _git(hook_repo, "init", "-q")
    _git(hook_repo, "add", ".")
    _git(hook_repo, "commit", "-q", "-m", "hook")

    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(CASES_DIR / "sup003.yaml", plans / "plan.yaml")
    (plans / "notes.yaml").write_text("not: a plan\n", encoding="utf-8")  # skipped by --only-plans
    (plans / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: HEAD\n    hooks:\n      - id: sncheck-fix\n", encoding="utf-8")
    _git(plans, "init", "-q")
    _git(plans, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}

    first = subprocess.run([pre_commit, "run", "--all-files"], cwd=plans, env=env, capture_output=True, text=True)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert (plans / "plan.yaml").read_bytes() == (CASES_DIR / "sup003.fixed.yaml").read_bytes()
    assert (plans / "notes.yaml").read_text(encoding="utf-8") == "not: a plan\n"

    _git(plans, "add", ".")
    second = subprocess.run([pre_commit, "run", "--all-files"], cwd=plans, env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stdout + second.stderr
