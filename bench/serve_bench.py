"""How much the web page adds: upload → result page for one roster workbook, beside `sncheck check` of it.

Run: python bench/serve_bench.py [STAFF]   (default 300). The workbook (臺中市-111-人員名冊.xlsx, N staff with
two service segments each, bench/import_bench.py's generator) is written to a temporary folder, never
committed. Figures (median of REPEAT runs, and the first run):

- ``sncheck check FILE`` as an officer's terminal runs it: a new process each time (start-up included);
- the same check inside one process (``tabular.check.check_sources``, no start-up): what the server does;
- ``sncheck serve``: a real server (subprocess on 127.0.0.1), the POST of the file until the result page
  is received (following the 303), through HTTP like a browser. The corrected plan is made when it is
  downloaded (not timed here); the page lists its fixes from the check's findings.

REPEAT=N in the environment sets the number of runs.
"""

from __future__ import annotations

import http.client
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_bench import make_workbook  # noqa: E402

REPEAT = int(__import__("os").environ.get("REPEAT", "5"))


def multipart(fields: dict[str, str], file_name: str, body: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{file_name}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + body + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class Server:
    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "sncheck", "serve", "--port", "0"],
                                        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        assert self.process.stderr is not None
        for line in self.process.stderr:
            found = re.search(r"open http://127\.0\.0\.1:(\d+)/", line)
            if found:
                self.port = int(found.group(1))
                break
        self.cookies = ""
        self.csrf = ""

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str = "") -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        headers = {"Cookie": self.cookies} if self.cookies else {}
        if content_type:
            headers["Content-Type"] = content_type
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        got = {k.lower(): v for k, v in response.getheaders()}
        connection.close()
        return response.status, got, data

    def start_session(self) -> None:
        _, headers, _ = self.request("GET", "/")
        found = re.search(r"sncheck_csrf=([^;]+)", headers.get("set-cookie", ""))
        assert found, headers
        self.csrf = found.group(1)
        self.cookies = f"sncheck_csrf={self.csrf}"

    def upload_to_page(self, name: str, body: bytes) -> float:
        payload, content_type = multipart({"csrf": self.csrf}, name, body)
        started = time.perf_counter()
        status, headers, _ = self.request("POST", "/check", payload, content_type)
        assert status == 303, status
        status, _, page = self.request("GET", headers["location"])
        elapsed = time.perf_counter() - started
        assert status == 200 and b'id="verdict"' in page, page[:500]
        return elapsed

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def main(staff: int) -> None:
    from sncheck.engine.checker import Checker, Options
    from sncheck.tabular.check import check_sources
    from sncheck.tabular.convert import ImportSettings, Sources

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "臺中市-111-人員名冊.xlsx"
        make_workbook(path, staff)
        body = path.read_bytes()
        print(f"workbook: {staff} staff, 2 segments each, {len(body) / 1024:.0f} KB")

        cli = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "sncheck", "check", str(path)], capture_output=True)
            cli.append(time.perf_counter() - started)
            assert done.returncode in (0, 1), done.stderr
        checker = Checker(Options())
        settings = ImportSettings(county="臺中市", plan_year=111)
        inproc = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            check_sources(checker, Sources(path), settings)
            inproc.append(time.perf_counter() - started)

        server = Server()
        try:
            server.start_session()
            web = [server.upload_to_page(path.name, body) for _ in range(REPEAT)]
        finally:
            server.stop()
    print(f"sncheck check FILE (new process)        median {statistics.median(cli):.2f} s  (first {cli[0]:.2f} s)")
    print(f"check inside one process (no start-up)  median {statistics.median(inproc):.2f} s  (first {inproc[0]:.2f} s)")
    print(f"sncheck serve: upload → result page     median {statistics.median(web):.2f} s  (first {web[0]:.2f} s,"
          " rule packs loaded on the first upload)")
    print(f"page vs in-process check: +{statistics.median(web) - statistics.median(inproc):.2f} s "
          "(HTTP, multipart, sorting the uploads, grouping findings, rendering the page)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
