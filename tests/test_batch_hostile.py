"""Hostile input to ``sncheck batch`` (issue 23, Low): a --compare file, workers outliving their supervisor."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import base_plan
from hostile import run_fresh

hang_guard = pytest.mark.timeout(200)


def _plans(tmp_path: Path) -> Path:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "p.json").write_text(json.dumps(base_plan()), encoding="utf-8")
    return plans


@hang_guard
@pytest.mark.parametrize("kind", ["deep", "dev_zero", "deep_keys"])
def test_a_hostile_compare_file_is_a_clear_error(tmp_path: Path, kind: str) -> None:
    old = tmp_path / "old" / "findings.json"
    old.parent.mkdir()
    if kind == "dev_zero":
        old.symlink_to("/dev/zero")  # read for ever before
    else:
        old.write_text('{"files": []}' if kind == "deep_keys" else '{"files": ' + "[" * 100_000 + "]" * 100_000 + "}")
    if kind == "deep_keys":  # the sidecar compare-keys.json nested past Python's parser: ignored, not a crash
        (old.parent / "compare-keys.json").write_text("[" * 100_000 + "]" * 100_000)
    code, out, err, _ = run_fresh("batch", str(_plans(tmp_path)), "--compare", str(old))
    assert "Traceback" not in err and "RecursionError" not in err
    if kind == "deep_keys":
        assert code == 0, err
    else:
        assert code == 2 and "not a findings document" in err, err


@hang_guard
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_batch_workers_die_with_their_supervisor(tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from sncheck.batch.pool import _worker_main\n"
        "import multiprocessing as mp\n"
        "parent, child = mp.Pipe()\n"
        "p = mp.get_context('fork').Process(target=_worker_main, args=(child, None, None))\n"
        "p.start()\n"
        "print(p.pid, flush=True)\n"
        "time.sleep(600)\n")
    supervisor = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    worker = int(supervisor.stdout.readline())  # type: ignore[union-attr]
    os.kill(supervisor.pid, signal.SIGKILL)
    supervisor.wait()
    for _ in range(1000):  # the hang guard stops this if the worker never goes
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return
        with open(f"/proc/{worker}/stat") as stat:  # a zombie (dead, not yet reaped by init) counts as gone
            if stat.read().split(") ", 1)[1].startswith("Z"):
                return
        time.sleep(0.1)
    os.kill(worker, signal.SIGKILL)  # (the worker this test started; a leftover would run on)
    pytest.fail(f"worker {worker} still running after its supervisor died")
