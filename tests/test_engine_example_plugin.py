"""The example plugin package under examples/ installs for real and its rule fires via the entry point."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "plugin-example"


def test_example_plugin_installed_with_pip_is_found_through_its_entry_point(tmp_path):
    source = tmp_path / "src"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-input", "--target", str(target),
         str(source)], capture_output=True, text=True, timeout=120)
    assert install.returncode == 0, install.stderr
    assert list(target.glob("sncheck_example_plugin-*.dist-info/entry_points.txt"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), *filter(None, [os.environ.get("PYTHONPATH")])])}
    fixture = EXAMPLE / "tests" / "exm001_threshold.yaml"

    check = subprocess.run([sys.executable, "-m", "sncheck", "check", "--format", "json", "--lang", "en", str(fixture)],
                           capture_output=True, text=True, env=env, timeout=60)
    findings = json.loads(check.stdout)["files"][0]["findings"]
    assert [(f["rule"], f["pointer"], f["severity"]) for f in findings] == [("EXM001", "/requests/1", "warning")]
    assert findings[0]["message"] == ("request R-02 asks NT$800000, above the county's internal review threshold "
                                      "of NT$500000")
    assert check.returncode == 0  # a warning only

    fixtures = subprocess.run([sys.executable, "-m", "sncheck", "rules", "test", str(EXAMPLE / "tests")],
                              capture_output=True, text=True, env=env, timeout=60)
    assert fixtures.returncode == 0, fixtures.stdout + fixtures.stderr
    assert fixtures.stdout.strip().endswith("1 個範例計畫：1 個通過、0 個未通過")  # zh by default (issue 21)


def test_without_the_plugin_the_fixture_reports_the_missing_finding():
    from click.testing import CliRunner

    from sncheck.cli import main

    result = CliRunner().invoke(main, ["rules", "test", str(EXAMPLE / "tests")])
    assert result.exit_code == 1
    assert "missing EXM001 at /requests/1" in result.output
