"""The code is typed, and stays so: mypy over sncheck/ and plugins/ must find nothing."""

from __future__ import annotations

import sys
from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_type_errors(tmp_path: Path) -> None:
    stdout, stderr, status = api.run([
        "--config-file", str(ROOT / "setup.cfg"), "--python-executable", sys.executable,
        "--cache-dir", str(tmp_path / "mypy-cache"), str(ROOT / "sncheck"), str(ROOT / "plugins")])
    assert status == 0, stdout + stderr
    assert stdout.startswith("Success: no issues found")
