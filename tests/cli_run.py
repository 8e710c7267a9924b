"""Running the real ``sncheck`` command line in-process (click's runner) and writing plan files."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from click.testing import CliRunner

from sncheck.cli import main


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def sncheck(args: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    try:
        runner = CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        runner = CliRunner()
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = runner.invoke(main, list(args), env=env, catch_exceptions=False, prog_name="sncheck")  # as installed
    finally:
        os.chdir(old)
    return Run(result.exit_code, result.stdout, result.stderr)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# A plan with one SUP001 error on team T1 (line 6, column 5) and nothing else.
EXCESS_PLAN = """\
format: sncheck/plan@1
county: 臺中市
plan_year: 111
teams:
  # 脆弱家庭組
  - id: T1
    unit_type: 社福中心
    program: vulnerable_family
staff:
  - {id: W1, team: T1, role: social_worker, funding: central}
  - {id: W2, team: T1, role: social_worker, funding: central}
  - {id: W3, team: T1, role: social_worker, funding: central}
  - {id: W4, team: T1, role: social_worker, funding: central}
  - {id: W5, team: T1, role: social_worker, funding: central}
  - {id: W6, team: T1, role: social_worker, funding: central}
  - {id: W7, team: T1, role: social_worker, funding: central}
  - {id: S1, team: T1, role: supervisor, funding: central}
  - {id: S2, team: T1, role: supervisor, funding: central}
"""

CLEAN_PLAN = EXCESS_PLAN.replace("  - {id: S2, team: T1, role: supervisor, funding: central}\n", "")


def on_terminal(args: Sequence[str], env: dict[str, str], stream: str = "stdout") -> str:
    """Run the real sncheck as a subprocess with ``stream`` (stdout or stderr) on a pseudo-terminal, the
    other one discarded; return what it wrote there (colours, progress bars: what only a terminal gets)."""
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    streams = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, stream: follower}
    proc = subprocess.Popen([sys.executable, "-m", "sncheck", *args], env=env, **streams)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8")
