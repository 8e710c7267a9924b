"""Worker processes for the page: a bounded pool, each job under a time and a memory limit (issue 23).

Why: a check runs in the server's process otherwise, so one hostile or runaway upload (within every size
and item limit, still slow) makes every other officer's upload wait and cannot be stopped. Here each job
(``web/jobs.py``: a file's check, a corrected plan or roster, an annotated workbook, the batch reports, the
template) runs in one of ``size`` worker processes:

- **time**: the server waits at most ``seconds`` for a job; then the worker is killed (its memory given back
  at once) and replaced, and the job is ``Stopped("timeout")``: a file's check becomes its PARSE001 (the
  batch's wording, ``batch.pool.stopped_result``), a download an error page;
- **memory**: each worker's address space is limited (``RLIMIT_AS``, ``memory_mb``) where the system has it
  (Linux, macOS; not Windows, where the time limit still holds): a job that needs more gets ``MemoryError``,
  reported as ``Stopped("memory")``, and the worker is replaced, since its heap may stay large;
- **a crash** (a compiled library, the kernel's OOM killer) is ``Stopped("crash")`` with the exit code;
- **waiting**: a job waits for a free worker; at most ``max_waiting`` wait, a further one raises ``Full``
  at once (the page's "busy, upload again in a minute"), so waiting uploads never take every server thread;
- **recycling**: a worker is replaced after ``max_jobs`` jobs or when it holds more than ``recycle_mb`` after
  one, since Python seldom gives a big check's heap back;
- **private temporary folder**: each worker gets its own 0700 folder (``sncheck-serve-<server pid>-worker-*``)
  as its ``tempfile`` directory, so the rosters a check writes and openpyxl's own temporary files
  (``openpyxl.*``, written while an annotated or corrected workbook is saved) never land in the shared
  temporary folder; the folder is removed when the worker ends or is killed, and by the next start
  (``uploads.remove_stale_folders``) if the whole server was killed.

Workers start with the ``forkserver`` method where it exists (the server has threads: plain ``fork`` could
copy a lock another thread holds), else ``spawn`` (Windows). A worker keeps its Checkers between jobs
(``jobs.checker_for``); it dies with the server (``batch.pool.die_with_parent``).

``clock`` is the time the limit is measured in (tests pass one they control, so that whether a job runs out
of time depends on the test, not on the machine's speed); the pool still looks at it every ``poll`` seconds.

``size = 0`` runs jobs in the calling thread, one at a time, with no time or memory limit: for tests and for
embedding ``create_app``; the job and its result still cross a pickle, as they would between processes.
"""

from __future__ import annotations

import errno
import multiprocessing as mp
import os
import pickle
import shutil
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Callable, Iterator

from sncheck.batch.pool import die_with_parent
from sncheck.web.jobs import Job, checker_for
from sncheck.web.uploads import FOLDER_PREFIX

DEFAULT_WORKERS = 2
DEFAULT_SECONDS = 120.0  # per job; a 3,000-staff office roster checks in about 6 s on a busy 2-core machine
DEFAULT_MEMORY_MB = 2048  # per worker (address space: about 4 times what that roster's check touches)


MAX_JOBS = 200
RECYCLE_MB = 512


def _rss_mb(pid: int) -> float:
    """The process's resident memory in MB; 0 where /proc does not tell (not Linux, ended)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except (OSError, ValueError, IndexError, AttributeError):
        return 0.0


class Full(Exception):
    """Every worker is busy and ``max_waiting`` jobs already wait."""


class Stopped(Exception):
    """A job was stopped: ``reason`` is "timeout" (``detail``: the limit in s), "memory" (the limit in MB) or
    "crash" (the exit code)."""

    def __init__(self, reason: str, detail: Any) -> None:
        super().__init__(f"{reason} ({detail})")
        self.reason = reason
        self.detail = detail


class JobFailed(Exception):
    """The job raised (a bug of ours): the worker's description of the exception."""


def _worker_main(conn: Connection, folder: str, memory_bytes: int | None,
                 setup: Callable[[], None] | None) -> None:
    """Loop: receive a job, send back ("done", value), ("error", text) or ("memory", None); None ends it."""
    die_with_parent()
    job_number = [0]
    busy = threading.Event()
    _small_thread_footprint()
    threading.Thread(target=_watch_server, args=(conn, busy, job_number, folder), daemon=True).start()
    tempfile.tempdir = folder  # this worker's private folder: its rosters and openpyxl's temporary files
    if memory_bytes is not None:
        _limit_memory(memory_bytes)
    if setup is not None:
        setup()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        except MemoryError:  # the job itself is over the limit
            conn.send(("memory", None))
            return
        if job is None:
            return
        job_number[0] += 1
        busy.set()
        try:
            answer: tuple[str, Any] = ("done", job.run(checker_for(job.options)))
        except MemoryError:
            answer = ("memory", None)
        except OSError as exc:  # the kernel refused memory to a system call under the limit: the same
            answer = ("memory", None) if exc.errno == errno.ENOMEM else ("error", f"{type(exc).__name__}: {exc}")
        except Exception as exc:  # a bug of ours: the server says so, the worker goes on
            answer = ("error", f"{type(exc).__name__}: {exc}")
        busy.clear()  # before the answer: the server sends the next job only after it
        try:
            conn.send(answer)
        except MemoryError:
            conn.send(("memory", None))
        except Exception as exc:  # a result that does not pickle (a bug of ours)
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
        if answer[0] == "memory":
            return  # its heap may stay large: the pool starts a fresh one


def _watch_server(conn: Connection, busy: threading.Event, job_number: list[int], folder: str) -> None:
    """End this worker when the server is gone, even mid-job, and take its private folder (the roster copy)
    with it. A worker's parent is the forkserver, not the server, so ``die_with_parent`` alone let a busy
    worker run on after the server was killed (15 s in a user trial). While a job runs the server sends
    nothing, so the pipe turning readable then is its end (EOF)."""
    while True:
        busy.wait()
        started = job_number[0]
        if wait([conn], timeout=1.0) and busy.is_set() and job_number[0] == started:
            shutil.rmtree(folder, ignore_errors=True)
            os._exit(1)


def _small_thread_footprint() -> None:
    """The watching thread must not eat the memory limit: glibc gives a new thread its own malloc arena (64 MB
    of address space) and 8 MB of stack, which made a roster that fitted in 1,280 MB no longer fit (a trial).
    One arena for the process (``mallopt(M_ARENA_MAX, 1)``; glibc only) and a 256 KB stack."""
    threading.stack_size(256 * 1024)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).mallopt(-8, 1)  # M_ARENA_MAX
        except (OSError, AttributeError):
            pass


def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: only the time limit holds
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):  # a hard limit below ours: keep the system's
        pass


@dataclass
class _Worker:
    process: Any
    conn: Connection
    folder: Path
    jobs: int = 0  # jobs done: a worker is replaced after ``max_jobs``


class Workers:
    """``size`` worker processes, started when first needed; ``run`` hands a job to a free one and waits."""

    def __init__(self, size: int = DEFAULT_WORKERS, seconds: float = DEFAULT_SECONDS,
                 memory_mb: int | None = DEFAULT_MEMORY_MB, max_waiting: int = 2,
                 setup: Callable[[], None] | None = None, clock: Callable[[], float] = time.monotonic,
                 poll: float = 1.0) -> None:
        self.size = size
        self.seconds = seconds
        self.memory_mb = memory_mb
        self.max_waiting = max_waiting
        self.setup = setup
        self.clock = clock
        self.poll = poll
        # A worker keeps the heap of its biggest job (Python seldom gives memory back): it is replaced after
        # this many jobs, or when it holds more than ``recycle_mb`` after one (Linux, where /proc tells).
        self.max_jobs = MAX_JOBS
        self.recycle_mb = RECYCLE_MB
        self._idle: list[_Worker] = []
        self._all: list[_Worker] = []  # idle and busy: close() ends them all
        self._started = 0  # workers alive (idle or busy)
        self._queued = 0  # jobs running or waiting
        self._free = threading.Condition()
        self._inline = threading.Lock()  # size 0: one job at a time in the caller's thread
        self._closed = False
        methods = mp.get_all_start_methods()
        self._context: Any = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            self._context.set_forkserver_preload(["sncheck.web.jobs"])

    @property
    def queued(self) -> int:
        """Jobs running or waiting for a worker (for the page's tests)."""
        with self._free:
            return self._queued

    def run(self, job: Job) -> Any:
        """The job's value; raises ``Full``, ``Stopped`` or ``JobFailed``."""
        with self.place():
            return self.run_placed(job)

    def run_placed(self, job: Job) -> Any:
        """``run`` inside a ``place`` the caller holds (the files of one upload, one after another)."""
        if self.size == 0:
            with self._inline:
                return _inline(job)
        worker = self._take()
        alive = False
        try:
            kind, value = self._on(worker, job)  # kills the worker before it raises Stopped
            alive = True
            worker.jobs += 1
        except Stopped:
            raise
        except BaseException:  # a bug of ours, an interruption: the worker may be mid-job, so it goes
            self._kill(worker)
            raise
        finally:
            self._give_back(worker if alive else None)
        if kind == "error":
            raise JobFailed(value)
        return value

    @contextmanager
    def place(self) -> Iterator[None]:
        """A place among the jobs running or waiting; ``Full`` when there is none."""
        with self._free:
            if self._queued >= max(self.size, 1) + self.max_waiting:
                raise Full()
            self._queued += 1
        try:
            yield
        finally:
            with self._free:
                self._queued -= 1

    def _take(self) -> _Worker:
        with self._free:
            while not self._idle and self._started >= self.size:
                self._free.wait()
            if self._idle:
                return self._idle.pop()
            self._started += 1
        try:
            return self._start()
        except BaseException:
            with self._free:
                self._started -= 1
                self._free.notify()
            raise

    def _give_back(self, worker: _Worker | None) -> None:
        retire = worker is not None and (self._closed or worker.jobs >= self.max_jobs
                                         or _rss_mb(worker.process.pid) > self.recycle_mb)
        with self._free:
            if worker is None or retire:
                self._started -= 1
            else:
                self._idle.append(worker)
            self._free.notify()
        if worker is not None and retire:
            self._stop(worker)  # outside the lock: it waits for the process to end

    def _start(self) -> _Worker:
        folder = Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-worker-"))
        parent, child = self._context.Pipe()
        memory = self.memory_mb * 1024 * 1024 if self.memory_mb else None
        process = self._context.Process(target=_worker_main, args=(child, str(folder), memory, self.setup),
                                        daemon=True, name="sncheck-serve-worker")
        process.start()
        child.close()
        worker = _Worker(process, parent, folder)
        with self._free:
            self._all.append(worker)
        return worker

    def _on(self, worker: _Worker, job: Job) -> tuple[str, Any]:
        """("done", value) or ("error", text); raises ``Stopped`` after killing the worker."""
        try:
            data = pickle.dumps(job)
        except Exception as exc:  # a job that does not pickle (a bug of ours): the worker is fine
            return "error", f"{type(exc).__name__}: {exc}"
        try:
            worker.conn.send_bytes(data)
        except (OSError, EOFError):  # it died while idle
            self._kill(worker)
            raise Stopped("crash", worker.process.exitcode)
        started = self.clock()
        while True:
            ready = wait([worker.conn, worker.process.sentinel], timeout=self.poll)
            if worker.conn in ready:
                try:
                    kind, value = worker.conn.recv()
                except (EOFError, OSError):
                    ready = [worker.process.sentinel]
                else:
                    if kind != "memory":
                        return kind, value
                    self._kill(worker)
                    raise Stopped("memory", self.memory_mb)
            if worker.process.sentinel in ready:
                self._kill(worker)
                raise Stopped("crash", worker.process.exitcode)
            if self.clock() - started >= self.seconds:
                self._kill(worker)
                raise Stopped("timeout", self.seconds)

    def _kill(self, worker: _Worker) -> None:
        with self._free:
            if worker in self._all:
                self._all.remove(worker)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=10)
        worker.conn.close()
        shutil.rmtree(worker.folder, ignore_errors=True)

    def _stop(self, worker: _Worker) -> None:
        try:
            worker.conn.send(None)
            worker.process.join(timeout=5)
        except (OSError, EOFError):
            pass
        self._kill(worker)

    def close(self) -> None:
        """End every worker now, busy ones too (their jobs are ``Stopped``), and remove their folders."""
        with self._free:
            self._closed = True
            idle, self._idle = self._idle, []
            self._started -= len(idle)
            every, self._all = self._all, []
        for worker in idle:
            self._stop(worker)
        for worker in every:
            if worker not in idle:
                self._kill(worker)

    def __del__(self) -> None:  # an app dropped without close() (tests): no worker outlives it
        if sys is not None and not getattr(self, "_closed", True):
            self.close()


def _inline(job: Job) -> Any:
    """The job in this thread, through pickle both ways, as a worker would see it and answer."""
    job = pickle.loads(pickle.dumps(job))
    try:
        value = job.run(checker_for(job.options))
    except Exception as exc:
        raise JobFailed(f"{type(exc).__name__}: {exc}") from exc
    return pickle.loads(pickle.dumps(value))
