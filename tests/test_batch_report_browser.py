"""report.html in a real headless Chromium: the matrix renders and a county's drill-down opens.

Needs Debian's ``chromium`` (``apt-get install -y chromium``; ``fonts-noto-cjk`` for readable
screenshots); skipped with the reason when it is absent.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from sncheck.cli import main
from test_batch import _plan, SENIOR_NO_HISTORY, TWO_CENTRAL_SUPERVISORS, WORKERS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    return subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("browser")
    plans = base / "plans"
    plans.mkdir()
    (plans / "taichung-111.yaml").write_text(_plan("臺中市", 111, WORKERS + TWO_CENTRAL_SUPERVISORS), encoding="utf-8")
    (plans / "kaohsiung-111.yaml").write_text(_plan("高雄市", 111, [SENIOR_NO_HISTORY]), encoding="utf-8")
    (plans / "tainan-112.yaml").write_text(_plan("臺南市", 112, WORKERS[:3]), encoding="utf-8")
    CliRunner().invoke(main, ["batch", str(plans), "--report-dir", str(base / "out")])
    return base / "out" / "report.html"


def test_matrix_renders_and_hash_opens_the_county_drill_down(report: Path, tmp_path: Path) -> None:
    url = report.as_uri() + "#county-臺中市"
    done = _chromium(tmp_path, "--virtual-time-budget=3000", "--dump-dom", url)
    dom = done.stdout
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(re.findall(r'<tr data-county="', dom)) == 3
    assert re.search(r'<details class="county" id="county-臺中市" data-year="111" open="">', dom)  # opened by the script
    assert re.search(r'<details class="county" id="county-高雄市" data-year="111">', dom)  # the others stay closed
    assert "SUP001" in dom


def test_screenshot_is_taken(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    done = _chromium(tmp_path, "--window-size=1200,900", f"--screenshot={shot}", report.as_uri() + "#county-臺中市")
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank one
