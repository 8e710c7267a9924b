"""The page under hostile load (issue 23): memory counted as held, the form answering while a check runs,
idle connections bounded and closed. Hang guards (pytest-timeout, socket timeouts), never a timing assert.
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from typing import Any

import pytest

from conftest import base_plan
from sncheck.web import jobs as web_jobs
from sncheck.web.app import ServeSettings, create_app



def _free_port() -> int:
    """A free loopback port, so two runs of the suite on one machine never meet on the same server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


hang_guard = pytest.mark.timeout(120)


def _client(app: Any) -> Any:
    c = app.test_client()
    c.get("/")
    return c


def _upload(c: Any, name: str, raw: bytes) -> Any:
    token = c.get_cookie("sncheck_csrf").value
    return c.post("/check", data={"csrf": token, "files": [(io.BytesIO(raw), name)]},
                  content_type="multipart/form-data")


def test_the_memory_cap_counts_the_results_held_not_the_upload_bytes() -> None:
    staff = [{"id": f"W{i}", "team": "T9", "role": "social_worker", "funding": "central"} for i in range(300)]
    raw = json.dumps(base_plan(staff=staff)).encode()  # 23 kB; its result (300 REF001 findings) ~270 kB
    app = create_app(ServeSettings(max_store_bytes=600 * 1024))
    c = _client(app)
    first = _upload(c, "p.json", raw).headers["Location"]
    for _ in range(4):
        assert _upload(c, "p.json", raw).status_code == 303
    store = app.extensions["sncheck"]["store"]
    assert len(store) == 2  # five uploads are 115 kB of bytes, but only two results fit in 600 kB
    assert store.used_bytes() <= 600 * 1024
    assert c.get(first).status_code == 410  # the oldest is forgotten (the page says so)


@hang_guard
def test_the_form_answers_while_another_officers_check_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    running, release = threading.Event(), threading.Event()
    real = web_jobs.check_upload

    def slow(*args: Any) -> Any:  # a check that takes as long as the test says (a hostile upload)
        running.set()
        release.wait(600)  # beyond the hang guard: a page that waits for it fails the test
        return real(*args)

    monkeypatch.setattr(web_jobs, "check_upload", slow)
    app = create_app(ServeSettings())
    first = _client(app)
    uploader = threading.Thread(target=_upload, args=(first, "p.json", json.dumps(base_plan()).encode()))
    uploader.start()
    try:
        assert running.wait(60)
        second = app.test_client()
        page = second.get("/")  # waited for the check's lock before (129 s for the CSV)
        assert page.status_code == 200 and 'name="files"' in page.text
    finally:
        release.set()
        uploader.join(60)


@hang_guard
def test_uploads_beyond_the_waiting_room_are_told_to_come_back_and_the_form_answers(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """One check runs, two wait (``max_waiting_checks``); a fourth upload gets 503 at once instead of taking
    the last server thread, so the form still answers."""
    running, release = threading.Event(), threading.Event()
    real = web_jobs.check_upload

    def slow(*args: Any) -> Any:
        running.set()
        release.wait(600)  # beyond the hang guard
        return real(*args)

    monkeypatch.setattr(web_jobs, "check_upload", slow)
    app = create_app(ServeSettings(max_waiting_checks=2))
    plan = json.dumps(base_plan()).encode()
    statuses: list[int] = []
    uploaders = [threading.Thread(target=lambda: statuses.append(_upload(_client(app), "p.json", plan).status_code))
                 for _ in range(3)]
    try:
        for thread in uploaders:
            thread.start()
        assert running.wait(60)
        workers = app.extensions["sncheck"]["workers"]
        while workers.queued < 3:  # the other two wait for the lock (the hang guard ends a wait that never ends)
            time.sleep(0.05)
        fourth = _upload(_client(app), "p.json", plan)
        assert fourth.status_code == 503 and "請稍候一分鐘再上傳" in fourth.text
        assert app.test_client().get("/").status_code == 200
    finally:
        release.set()
        for thread in uploaders:
            thread.join(60)
    assert statuses == [303, 303, 303]
    assert len(app.extensions["sncheck"]["store"]) == 3  # the refused upload is not kept


@pytest.fixture()
def server() -> Any:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "sncheck", "serve", "--port", str(port)],
                               stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"sncheck serve did not start: {process.stderr.read() if process.stderr else ''}")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(30)


@hang_guard
def test_idle_connections_neither_lock_out_others_nor_stay_open(server: str) -> None:
    port = int(server.rsplit(":", 1)[1])
    idle = [socket.create_connection(("127.0.0.1", port), timeout=90) for _ in range(120)]
    try:
        with urllib.request.urlopen(server + "/", timeout=60) as page:  # 100 idle ones locked it out before
            assert page.status == 200
        assert idle[0].recv(1) == b""  # closed by the server (after 15 s idle); 120 s before: recv timed out
    finally:
        for connection in idle:
            connection.close()


# --------------------------------------------------------------------------- the Low points of issue 23

def test_a_tokenless_server_refuses_another_host_name_dns_rebinding() -> None:
    c = create_app(ServeSettings()).test_client()
    assert c.get("/", headers={"Host": "attacker.example:8765"}).status_code == 403
    for host in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765", "localhost"):
        assert c.get("/", headers={"Host": host}).status_code == 200, host


def test_only_the_valid_token_in_a_header_skips_the_csrf_check() -> None:
    token = "t" * 32
    c = create_app(ServeSettings(token=token)).test_client()
    c.get(f"/?token={token}")  # the cookie
    plan = (io.BytesIO(json.dumps(base_plan()).encode()), "p.json")
    proxy = c.post("/check", data={"files": [plan]}, content_type="multipart/form-data",
                   headers={"Authorization": "Basic cHJveHk6cHJveHk="})  # a proxy's own header
    assert proxy.status_code == 403  # no CSRF value: refused (any Authorization header skipped it before)
    script = c.post("/check", data={"files": [(io.BytesIO(json.dumps(base_plan()).encode()), "p.json")]},
                    content_type="multipart/form-data", headers={"Authorization": f"Bearer {token}"})
    assert script.status_code == 303


def test_frames_are_refused_by_both_headers() -> None:
    response = create_app(ServeSettings()).test_client().get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_a_token_of_16_characters_is_refused() -> None:
    from click.testing import CliRunner

    from sncheck.cli import main

    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--token", "x" * 16])
    assert result.exit_code == 2 and "at least 32 characters" in result.stderr


def test_a_killed_servers_roster_folder_is_removed_at_the_next_start(tmp_path: Any) -> None:
    from sncheck.web.uploads import FOLDER_PREFIX, PrivateFolder, Upload, remove_stale_folders

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f"{FOLDER_PREFIX}{int(dead.stdout)}-abc"  # a server killed mid-check left this
    stale.mkdir()
    (stale / "roster.csv").write_text("員工編號,姓名\nW1,王小明\n", encoding="utf-8")
    mine = tmp_path / f"{FOLDER_PREFIX}{os.getpid()}-def"  # a live server's: kept
    mine.mkdir()
    assert remove_stale_folders(tmp_path) == 1
    assert not stale.exists() and mine.exists()
    with PrivateFolder([Upload("a.csv", b"x", 1)]) as folder:
        assert folder.path.name.startswith(f"{FOLDER_PREFIX}{os.getpid()}-")


def test_the_token_can_come_from_a_file_so_it_shows_in_no_process_list(tmp_path: Any) -> None:
    from click.testing import CliRunner

    from sncheck.cli import main

    short = tmp_path / "short-token"
    short.write_text("x" * 16 + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--token-file", str(short)])
    assert result.exit_code == 2 and "at least 32 characters" in result.stderr  # the file's token was read
    empty = tmp_path / "empty"
    empty.write_text("\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--token-file", str(empty)])
    assert result.exit_code == 2 and f"the token file {empty} is empty" in result.stderr
    second_line = tmp_path / "second-line"
    second_line.write_text("\n" + "y" * 20 + "\n", encoding="utf-8")  # a blank first line: the token is on line 2
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--token-file", str(second_line)])
    assert result.exit_code == 2 and "at least 32 characters" in result.stderr
    missing = tmp_path / "missing"
    result = CliRunner().invoke(main, ["serve", "--token-file", str(missing)])
    assert result.exit_code == 2 and f"cannot read the token file {missing}" in result.stderr
