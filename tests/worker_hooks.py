"""Run in each worker process of the page's tests (``ServeSettings.worker_setup``): a check whose file name
says so hangs, needs too much memory or crashes, as a hostile upload would, and what the worker does is
appended to the test's ``marks`` file, so a test can wait for it without guessing a time. (Given as an
argument, not the environment: forkserver workers get the environment of the first test that started them.)"""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from typing import Any


MARKS: list[Path] = []


def _mark(text: str) -> None:
    with open(MARKS[0], "a", encoding="utf-8") as out:
        out.write(text + "\n")


def misbehave(marks: Path) -> None:
    """``hang`` in a file name: the check never ends; ``greedy``: it asks for 4 GB; ``crash``: it is killed."""
    from sncheck.web import jobs

    MARKS[:] = [marks]
    real = jobs.check_upload

    def check_upload(checker: Any, uploads: Any, index: int, options: Any) -> Any:
        name = uploads.plans[index].name
        _mark(f"started {name} {os.getpid()}")
        if "hang" in name:
            threading.Event().wait()
        if "greedy" in name:
            hoard = bytearray(4 * 1024 ** 3)
            return hoard  # never reached: MemoryError under the worker's limit
        if "crash" in name:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(checker, uploads, index, options)

    jobs.check_upload = check_upload  # type: ignore[assignment]
    _record_openpyxl_temporary_files()


def _record_openpyxl_temporary_files() -> None:
    """Each temporary file openpyxl makes while it saves a workbook, by path."""
    from openpyxl.worksheet import _writer

    real = _writer.create_temporary_file

    def create_temporary_file(suffix: str = "") -> str:
        path = real(suffix)
        _mark(f"openpyxl {path}")
        return path

    _writer.create_temporary_file = create_temporary_file
