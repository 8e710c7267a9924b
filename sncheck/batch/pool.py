"""Worker processes for ``sncheck batch``: parallel, bounded in time, ordered output.

Why our own small pool instead of ``concurrent.futures``: a file that makes a
worker hang (a pathological input, a plugin stuck in a loop) must cost only
that file. Each worker has its own pipe; the supervisor knows which file each
worker is on and since when, kills a worker that runs past the per-file time
limit (that file gets PARSE001, reason ``timeout``), replaces it, and goes on.
A worker that dies (a crash in a compiled library, out of memory) is replaced
the same way (PARSE001, reason ``crash``).

Results are yielded in the order of the input list, whatever ``jobs`` is and
whichever worker finishes first: the supervisor keeps the out-of-order ones
until the files before them are done. Only findings travel back; plans stay
in the worker that read them.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterator, Sequence

from sncheck.model import input_rules as ir
from sncheck.engine.checker import Checker
from sncheck.model.findings import FileResult, Finding
from sncheck.batch.worker import FileOutcome, check_one

DEFAULT_TIMEOUT = 30.0  # seconds per file; a 3,000-staff plan takes well under one

_CHECKER: Checker | None = None  # the parent's Checker, inherited by forked workers


def _worker_main(conn: Connection, checker: Checker | None, options: Any, settings: Any = None) -> None:
    """Loop: receive (index, path), send back a FileOutcome; ``None`` ends the worker."""
    global _CHECKER
    die_with_parent()
    if checker is not None:
        _CHECKER = checker
    if _CHECKER is None:  # spawn start method: build our own
        _CHECKER = Checker(options)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        try:
            outcome = check_one(_CHECKER, index, path, settings)
        except Exception as exc:  # a bug of ours must not stop the batch
            outcome = FileOutcome(index, internal_result(_CHECKER, path, repr(exc)))
        conn.send(outcome)


def die_with_parent() -> None:
    """A worker busy with a hostile file would go on after its supervisor was killed (its pipe is read only
    between files): on Linux the kernel kills it when the parent dies (``PR_SET_PDEATHSIG``). Elsewhere
    the worker ends at its next read of the pipe."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent died before prctl: the signal will never come
        os._exit(1)


def stopped_result(checker: Checker, path: str, reason: str, detail: Any) -> FileResult:
    """PARSE001 for a file whose check was stopped: ``timeout`` (``detail``: the limit in seconds), ``memory``
    (the limit in MB) or ``crash`` (the process's exit code). The batch's workers and the page's say the same."""
    if reason == "timeout":
        zh = f"檢查超過時限 {detail:g} 秒，已中止；檔案可能過大或結構異常"
        en = f"checking took longer than the limit of {detail:g} s and was stopped; the file may be too large or malformed"
    elif reason == "memory":
        zh = f"檢查此檔案需要的記憶體超過上限 {detail:,} MB，已中止；檔案可能過大或結構異常"
        en = (f"checking this file needed more memory than the limit of {detail:,} MB and was stopped; "
              "the file may be too large or malformed")
    else:
        zh = f"檢查此檔案的程序異常結束（結束代碼 {detail}）"
        en = f"the process checking this file ended abnormally (exit code {detail})"
    return _problem_result(checker, path, ir.PARSE001, reason, zh, en)


def internal_result(checker: Checker, path: str, text: str) -> FileResult:
    """INTERNAL001 for a file whose check raised (a bug of ours): the file gets it, the others go on."""
    return _problem_result(checker, path, ir.INTERNAL001, "internal", f"檢查時發生內部錯誤：{text}",
                           f"internal error: {text}")


def _problem_result(checker: Checker, path: str, rule: ir.InputRule, reason: str, zh: str, en: str) -> FileResult:
    """The file's one finding, and a coverage saying no rule ran: the reports never show its rule families as
    checked with nothing found (a stopped file looked green in every family before)."""
    message = zh if checker.options.lang == "zh" else en
    return FileResult(path, [Finding(rule.id, rule.severity, "", message, line=1, column=1, family=rule.family,
                                     extra={"reason": reason})], coverage=checker.stopped_coverage(unfinished=True))


@dataclass
class _Worker:
    process: Any
    conn: Connection
    task: tuple[int, str] | None = None
    started: float = 0.0


class BatchPool:
    """Runs ``check_one`` over files in ``jobs`` worker processes.

    ``clock`` tells the time the per-file limit is measured in (seconds; ``time.monotonic``). Tests pass
    one they control, so that whether a file runs out of time depends on what the test says, not on how
    fast or busy the machine is; the supervisor still wakes up at least every ``timeout`` real seconds
    to read it.
    """

    def __init__(self, checker: Checker, jobs: int, timeout: float = DEFAULT_TIMEOUT, settings: Any = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.checker = checker
        self.settings = settings  # ImportSettings for roster workbooks/CSV (--county, --year, --mapping)
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.clock = clock
        methods = mp.get_all_start_methods()
        self.context: Any = mp.get_context("fork" if "fork" in methods else "spawn")  # (typeshed: BaseContext)

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        forked = self.context.get_start_method() == "fork"
        process = self.context.Process(target=_worker_main, daemon=True,
                                       args=(child, self.checker if forked else None, self.checker.options,
                                             self.settings))
        process.start()
        child.close()
        return _Worker(process, parent)

    @staticmethod
    def _stop(worker: _Worker, kill: bool) -> None:
        if kill:
            worker.process.kill()
        else:
            try:
                worker.conn.send(None)
            except OSError:
                pass
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()

    def run(self, paths: Sequence[str], on_done: Callable[[int], None] | None = None) -> Iterator[FileOutcome]:
        """Yield one ``FileOutcome`` per path, in the order of ``paths``."""
        todo = list(enumerate(paths))
        todo.reverse()  # pop() from the end takes the first path first
        workers = [self._start() for _ in range(min(self.jobs, len(paths)))]
        waiting: dict[int, FileOutcome] = {}
        next_index = 0
        done = 0
        try:
            while next_index < len(paths):
                self._hand_out(workers, todo)
                busy = [w for w in workers if w.task is not None]
                now = self.clock()
                first_limit = min((w.started + self.timeout for w in busy), default=now)
                wait_for = min(self.timeout, max(0.0, first_limit - now))
                ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=wait_for)
                for i, worker in enumerate(workers):
                    if worker.task is None:
                        continue
                    outcome = self._collect(worker, ready)
                    if outcome is None:
                        continue
                    workers[i] = worker if worker.task is None else self._replace(worker)
                    waiting[outcome.index] = outcome
                    done += 1
                    if on_done is not None:
                        on_done(done)
                self._hand_out(workers, todo)  # workers go on while the caller writes these results
                while next_index in waiting:
                    yield waiting.pop(next_index)
                    next_index += 1
        finally:
            for worker in workers:
                self._stop(worker, kill=worker.task is not None)

    def _hand_out(self, workers: list[_Worker], todo: list[tuple[int, str]]) -> None:
        """Give each idle worker the next file (its time limit runs from now)."""
        for worker in workers:
            if worker.task is None and todo:
                worker.task = todo.pop()
                worker.started = self.clock()
                worker.conn.send(worker.task)

    def _collect(self, worker: _Worker, ready: list[Any]) -> FileOutcome | None:
        """The worker's outcome if it has one, or a PARSE001 if it timed out or died."""
        assert worker.task is not None
        index, path = worker.task
        died = worker.process.sentinel in ready
        if worker.conn in ready:
            try:
                outcome: FileOutcome = worker.conn.recv()
                worker.task = None
                return outcome
            except (EOFError, OSError):
                died = True  # died while sending, or the pipe closed with the process
        if not died and self.clock() - worker.started < self.timeout:
            return None
        if died:
            worker.process.join(timeout=5)
            return FileOutcome(index, stopped_result(self.checker, path, "crash", worker.process.exitcode))
        return FileOutcome(index, stopped_result(self.checker, path, "timeout", self.timeout))

    def _replace(self, worker: _Worker) -> _Worker:
        self._stop(worker, kill=True)
        return self._start()
