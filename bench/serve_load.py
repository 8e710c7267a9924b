"""A bounded load on ``sncheck serve``, loopback only: do other officers' pages stay up while hostile uploads run?

    python bench/serve_load.py                 # 6 clients, 60 s, port 8818
    python bench/serve_load.py --clients 8 --seconds 150 --port 8818 --idle 120

A real server (subprocess, 127.0.0.1 only) gets, for a fixed duration:

- ``--clients`` officers, each in a loop: the form (GET /), an upload of a 300-staff plan (JSON), its
  result page (GET /r/ID);
- one hostile client in a loop: uploads of the issue-23 inputs (a 20 MB CSV of 10 million cells, a
  workbook of one shared string used 20,000 times, an XML entity bomb), each refused with PARSE001;
- ``--idle`` connections opened at the start that never send a byte (the server closes them after 15 s);
- with ``--slow N``, one more client in a loop uploading an office roster of N staff (within every limit, but
  slow to check: a runaway), against a server started with ``--check-seconds`` (default 10 here), so it is
  stopped with its PARSE001 while the officers go on.

Printed: requests and errors per kind, p50/p95 latency of the officers' form and upload, the hostile
refusals' p50, the runaway's outcomes, and RSS (``/proc/PID/status``) of the server process and of its worker
processes, before, at the peak (sampled every 0.2 s) and after. Nothing is asserted: the tests assert outcomes
(tests/test_web_hostile.py, tests/test_web_workers.py); this gives figures.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from hostile import entity_bomb_workbook, many_cells_csv, shared_string_bomb  # noqa: E402
from serve_bench import multipart  # noqa: E402


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:  # ended meanwhile
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """The processes started by ``pid``, and theirs (the forkserver and the workers)."""
    children: dict[int, list[int]] = {}
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(status.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def workers_rss_kb(pid: int) -> int:
    return sum(rss_kb(child) for child in descendants(pid))


def slow_roster(staff: int) -> bytes:
    """An office-layout roster of ``staff`` people (tests/office_workbooks.py), as a county keeps it."""
    import tempfile

    from office_workbook_bench import people
    from office_workbooks import office_history_workbook

    with tempfile.TemporaryDirectory() as folder:
        return office_history_workbook(Path(folder) / "高雄市-111.xlsx", people(staff)).read_bytes()


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies = ""
        status, headers, _ = self.request("GET", "/")
        found = re.search(r"sncheck_csrf=([^;]+)", headers.get("set-cookie", ""))
        self.csrf = found.group(1) if found else ""
        self.cookies = f"sncheck_csrf={self.csrf}"

    def request(self, method: str, path: str, body: bytes | None = None,
                content_type: str = "") -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        headers = {"Cookie": self.cookies} if self.cookies else {}
        if content_type:
            headers["Content-Type"] = content_type
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def upload(self, name: str, body: bytes) -> tuple[int, bytes]:
        payload, content_type = multipart({"csrf": self.csrf}, name, body)
        status, headers, _ = self.request("POST", "/check", payload, content_type)
        if status != 303:
            return status, b""
        return self.request("GET", headers["location"])[::2]


def plan_300() -> bytes:
    staff = [{"id": f"W{i}", "name": "王小明", "team": f"T{i % 10}", "role": "social_worker", "funding": "central",
              "history": [{"from": "2019-01-01", "budget": "ssn"}]} for i in range(300)]
    teams = [{"id": f"T{i}", "unit_type": "social_welfare_center", "program": "vulnerable_family"} for i in range(10)]
    return json.dumps({"format": "sncheck/plan@1", "county": "臺中市", "plan_year": 111, "teams": teams,
                       "staff": staff}, ensure_ascii=False).encode()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=8818)
    parser.add_argument("--idle", type=int, default=120)
    parser.add_argument("--slow", type=int, default=0, help="staff in the runaway client's roster (0: none)")
    parser.add_argument("--check-seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    runaway = slow_roster(args.slow) if args.slow else b""
    server = subprocess.Popen([sys.executable, "-m", "sncheck", "serve", "--port", str(args.port),
                               "--check-seconds", str(args.check_seconds), "--workers", str(args.workers)],
                              stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", args.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        Client(args.port).upload("warm.json", plan_300())  # rule packs loaded before the baseline
        before, workers_before = rss_kb(server.pid), workers_rss_kb(server.pid)
        peak, workers_peak = [before], [workers_before]
        stop = threading.Event()
        times: dict[str, list[float]] = {"form": [], "upload": [], "hostile": [], "runaway": []}
        errors: dict[str, int] = {"form": 0, "upload": 0, "hostile": 0, "runaway": 0}
        lock = threading.Lock()
        plan = plan_300()
        hostile = [("roster.csv", many_cells_csv()), ("roster.xlsx", shared_string_bomb()),
                   ("bomb.xlsx", entity_bomb_workbook())]

        def timed(kind: str, action: Any, ok: Any) -> None:
            started = time.perf_counter()
            try:
                good = ok(action())
            except Exception:  # noqa: BLE001 - a refused connection or a timeout is an error to count
                good = False
            with lock:
                times[kind].append(time.perf_counter() - started)
                errors[kind] += not good

        def officer() -> None:
            client = Client(args.port)
            while not stop.is_set():
                timed("form", lambda: client.request("GET", "/"), lambda r: r[0] == 200)
                timed("upload", lambda: client.upload("p.json", plan), lambda r: r[0] == 200 and b"verdict" in r[1])

        def attacker() -> None:
            client = Client(args.port)
            i = 0
            while not stop.is_set():
                name, body = hostile[i % len(hostile)]
                timed("hostile", lambda: client.upload(name, body), lambda r: r[0] == 200 and b"PARSE001" in r[1])
                i += 1

        def slow() -> None:
            client = Client(args.port)
            while not stop.is_set():
                timed("runaway", lambda: client.upload("高雄市-111.xlsx", runaway),
                      lambda r: r[0] == 200 and b"PARSE001" in r[1])

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], rss_kb(server.pid))
                workers_peak[0] = max(workers_peak[0], workers_rss_kb(server.pid))
                time.sleep(0.2)

        idle = [socket.create_connection(("127.0.0.1", args.port)) for _ in range(args.idle)]
        threads = [threading.Thread(target=officer) for _ in range(args.clients)]
        threads += [threading.Thread(target=attacker), threading.Thread(target=sample)]
        threads += [threading.Thread(target=slow)] if runaway else []
        for thread in threads:
            thread.start()
        time.sleep(args.seconds)
        stop.set()
        for thread in threads:
            thread.join(600)
        for connection in idle:
            connection.close()
        time.sleep(1)
        after, workers_after = rss_kb(server.pid), workers_rss_kb(server.pid)
    finally:
        server.terminate()
        server.wait(60)

    def pct(values: list[float], q: float) -> float:
        return statistics.quantiles(values, n=100)[q - 1] if len(values) >= 2 else (values or [0.0])[0]

    print(f"{args.clients} officers + 1 hostile client + {args.idle} idle connections"
          f"{f' + 1 runaway ({args.slow} staff)' if runaway else ''}, {args.seconds:.0f} s, 127.0.0.1:{args.port}, "
          f"{args.workers} workers, --check-seconds {args.check_seconds:g}")
    for kind in ("form", "upload", "hostile", "runaway"):
        if kind == "runaway" and not runaway:
            continue
        values = times[kind]
        print(f"  {kind:8} {len(values):5} requests, {errors[kind]:3} errors, p50 {pct(values, 50):.2f} s, "
              f"p95 {pct(values, 95):.2f} s")
    print(f"  server RSS: before {before / 1024:.0f} MB, peak {peak[0] / 1024:.0f} MB, after {after / 1024:.0f} MB")
    print(f"  workers' RSS (forkserver + workers): before {workers_before / 1024:.0f} MB, "
          f"peak {workers_peak[0] / 1024:.0f} MB, after {workers_after / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
