"""The page's checks in worker processes (issue 23, point 6): a runaway upload is stopped with a clear message,
costs only its own worker, and never makes another officer wait; personal data written by a worker stays in
its private folder. The hostile behaviours are made by ``worker_hooks.misbehave`` (a file name saying
``hang``, ``greedy`` or ``crash``); time runs on a clock the test moves, so no result depends on the machine's
speed. Hang guards (pytest-timeout), never a timing assert.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import threading
import time
from functools import partial
from pathlib import Path
from typing import Any, Iterator

import openpyxl
import pytest

from conftest import base_plan
from serve_helpers import page_keys
from sncheck.web.app import ServeSettings, create_app
from sncheck.web.uploads import FOLDER_PREFIX
from worker_hooks import misbehave

hang_guard = pytest.mark.timeout(180)


class Clock:
    """The time the workers' limit is measured in: it moves only when the test says."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def marks(tmp_path: Path) -> Path:
    return tmp_path / "marks.txt"  # what the workers did (worker_hooks)


@pytest.fixture()
def clock() -> Clock:
    return Clock()


@pytest.fixture()
def app_with(clock: Clock, marks: Path) -> Iterator[Any]:
    made: list[Any] = []

    def make(workers: int = 1, **settings: Any) -> Any:
        app = create_app(ServeSettings(workers=workers, worker_setup=partial(misbehave, marks), clock=clock, check_seconds=60,
                                       **settings))
        app.extensions["sncheck"]["workers"].poll = 0.05  # looks at the test's clock often
        made.append(app)
        return app

    yield make
    clock.now += 10_000  # any job still hanging is stopped, then every worker ends
    for app in made:
        workers = app.extensions["sncheck"]["workers"]
        for _ in range(600):
            if workers.queued == 0:
                break
            time.sleep(0.05)
        workers.close()


def _client(app: Any) -> Any:
    c = app.test_client()
    c.get("/")
    return c


def _upload(c: Any, *files: tuple[str, bytes], **form: str) -> Any:
    token = c.get_cookie("sncheck_csrf").value
    return c.post("/check", data={"csrf": token, **form, "files": [(io.BytesIO(raw), name) for name, raw in files]},
                  content_type="multipart/form-data")


def _plan(**overrides: Any) -> bytes:
    return json.dumps(base_plan(**overrides)).encode()


def _stopped(page: str, file_name: str, message: str) -> bool:
    """The file's only finding is PARSE001 at line 1, and its section of the page says ``message``."""
    start = page.index(f'data-file="{html.escape(file_name)}"')
    end = page.find('<section class="file"', start + 1)
    return page_keys(page, file_name) == [("PARSE001", "", "第 1 行" if "行" in page else "line 1")] and \
        html.escape(message) in page[start:end if end > 0 else len(page)]


def _wait_for(marks: Path, text: str) -> None:
    while not (marks.exists() and text in marks.read_text(encoding="utf-8")):  # the hang guard ends a wait
        time.sleep(0.02)


def _roster_bytes(tmp_path: Path) -> bytes:
    return _named_roster(tmp_path / "roster.xlsx").read_bytes()


def _worker_folders() -> set[str]:
    import tempfile

    return {p.name for p in Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}{os.getpid()}-worker-*")}


@hang_guard
def test_a_check_past_the_time_limit_is_stopped_with_its_files_parse001(app_with: Any, clock: Clock,
                                                                       marks: Path) -> None:
    app = app_with(workers=1)
    c = _client(app)
    answer: list[Any] = []
    uploader = threading.Thread(target=lambda: answer.append(
        _upload(c, ("hang-臺中市-111.json", _plan()), ("ok-臺中市-111.json", _plan()))))
    uploader.start()
    _wait_for(marks, "started hang-臺中市-111.json")
    folders = _worker_folders()
    assert len(folders) == 1  # the worker's private folder
    clock.now += 61  # past the 60 s limit
    uploader.join(120)
    assert answer[0].status_code == 303
    page = c.get(answer[0].headers["Location"]).text
    assert _stopped(page, "hang-臺中市-111.json", "檢查超過時限 60 秒，已中止；檔案可能過大或結構異常")
    assert page_keys(page, "ok-臺中市-111.json") == []  # the other file of the upload: checked by a new worker
    assert not folders & _worker_folders()  # the killed worker's folder is gone


@hang_guard
def test_a_stopped_roster_is_said_without_a_line_and_never_looks_checked(app_with: Any, clock: Clock, marks: Path,
                                                                         tmp_path: Path) -> None:
    """A user trial: the stopped workbook read 「第 1 行」, its rule families were green 0 in report.html and
    summary.csv, and its annotated download opened the whole workbook again, into the same limit."""
    app = app_with(workers=1)
    c = _client(app)
    answer: list[Any] = []
    uploader = threading.Thread(target=lambda: answer.append(_upload(
        c, ("hang-高雄市-111.xlsx", _roster_bytes(tmp_path)), ("臺中市-111.json", _plan()))))
    uploader.start()
    _wait_for(marks, "started hang-高雄市-111.xlsx")
    clock.now += 61
    uploader.join(120)
    key = answer[0].headers["Location"]
    page = c.get(key).text
    assert page_keys(page, "hang-高雄市-111.xlsx") == [("PARSE001", "", "")]  # no 「第 1 行」 for a workbook
    assert "請把檔案分成幾個較小的檔案再上傳" in page
    rows = list(csv.reader(io.StringIO(c.get(f"{key}/summary.csv").data.decode("utf-8-sig"))))
    (stopped,) = [row for row in rows if "hang-高雄市-111.xlsx" in row]
    assert "檢查未完成，未檢核任何規定" in stopped  # its 未檢核 cell: not "checked, nothing found"
    (checked,) = [row for row in rows if "臺中市" in row]
    errors = [i for i, title in enumerate(rows[0]) if title.endswith("－錯誤")]
    # a family no rule of which ran is an empty cell, not a 0 that reads "checked, none found" (a trial)
    assert [stopped[i] for i in errors].count("") == len(errors) - 1  # all but 檔案與格式 (its PARSE001)
    assert [checked[i] for i in errors].count("0") >= len(errors) // 2  # the plan's checked families: 0s
    assert 'id="show-personal"' in page  # the plan was read: names could be shown
    alone: list[Any] = []
    second = threading.Thread(target=lambda: alone.append(_upload(c, ("hang-2-高雄市-111.xlsx", _roster_bytes(tmp_path)))))
    second.start()
    _wait_for(marks, "started hang-2-高雄市-111.xlsx")
    clock.now += 61
    second.join(120)
    assert 'id="show-personal"' not in c.get(alone[0].headers["Location"]).text  # checking again meets the limit again
    annotated = c.get(f"{key}/0/annotated.xlsx")
    assert annotated.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(annotated.data)).sheetnames == ["檢核結果"]  # the findings alone
    assert marks.read_text(encoding="utf-8").count("started hang-高雄市-111.xlsx") == 1  # not opened again


@hang_guard
def test_a_busy_worker_ends_when_the_server_is_killed(tmp_path: Path) -> None:
    """A worker's parent is the forkserver, so dying with its parent did not end a busy worker when the
    server was killed (a user trial: 15 s, until its check ended; a hanging one never would)."""
    marks = tmp_path / "marks.txt"
    script = tmp_path / "server.py"
    script.write_text(f"""
import sys
sys.path[:0] = {[str(Path(__file__).parent)]!r}
from functools import partial
from pathlib import Path
from sncheck.engine.checker import Options
from sncheck.web.jobs import CheckFile
from sncheck.web.run import RunOptions
from sncheck.web.workers import Workers
from test_web_workers import _sorted
from worker_hooks import misbehave

if __name__ == "__main__":
    workers = Workers(1, seconds=3600, setup=partial(misbehave, Path({str(marks)!r})))
    workers.run(CheckFile(Options(), _sorted("hang.json"), 0, RunOptions()))
""", encoding="utf-8")
    import subprocess
    import sys

    server = subprocess.Popen([sys.executable, str(script)])
    try:
        _wait_for(marks, "started hang.json")
        worker = int(marks.read_text(encoding="utf-8").split()[-1])
        import tempfile

        (folder,) = Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}{server.pid}-worker-*")
        server.kill()
        server.wait(60)
        while _alive(worker):  # before: for ever (the hang guard fails the test)
            time.sleep(0.1)
        assert not folder.exists()  # the worker took its private folder (an upload's copy) with it
    finally:
        if server.poll() is None:
            server.kill()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie no one has reaped yet is gone too
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@hang_guard
def test_another_officer_is_answered_while_one_check_runs_away(app_with: Any, clock: Clock, marks: Path) -> None:
    app = app_with(workers=2)
    hostile = _client(app)
    uploader = threading.Thread(target=_upload, args=(hostile, ("hang.json", _plan())))
    uploader.start()
    _wait_for(marks, "started hang.json")
    officer = _client(app)
    assert officer.get("/").status_code == 200
    staff = [{"id": "W1", "team": "T9", "role": "social_worker", "funding": "central"}]
    result = _upload(officer, ("臺中市-111.json", _plan(staff=staff)))
    assert result.status_code == 303  # checked by the second worker while the first still hangs
    assert [key[0] for key in page_keys(officer.get(result.headers["Location"]).text, "臺中市-111.json")] == ["REF001"]
    clock.now += 61
    uploader.join(120)


@hang_guard
def test_uploads_beyond_the_workers_and_the_waiting_room_are_told_to_come_back(app_with: Any, clock: Clock,
                                                                              marks: Path) -> None:
    app = app_with(workers=1, max_waiting_checks=1)
    workers = app.extensions["sncheck"]["workers"]
    first = threading.Thread(target=_upload, args=(_client(app), ("hang-1.json", _plan())))
    first.start()
    _wait_for(marks, "started hang-1.json")
    second = threading.Thread(target=_upload, args=(_client(app), ("hang-2.json", _plan())))
    second.start()
    while workers.queued < 2:  # the second waits for the one worker
        time.sleep(0.02)
    third = _upload(_client(app), ("p.json", _plan()))
    assert third.status_code == 503 and "請稍候一分鐘再上傳" in third.text
    assert app.test_client().get("/").status_code == 200
    clock.now += 61
    first.join(120)
    _wait_for(marks, "started hang-2.json")
    clock.now += 61
    second.join(120)


@hang_guard
def test_a_check_that_needs_too_much_memory_is_stopped_and_the_next_upload_is_checked(app_with: Any,
                                                                                    marks: Path) -> None:
    app = app_with(workers=1, check_memory_mb=2048)
    c = _client(app)
    greedy = _upload(c, ("greedy-臺中市-111.json", _plan()))
    assert _stopped(c.get(greedy.headers["Location"]).text, "greedy-臺中市-111.json",
                    "檢查此檔案需要的記憶體超過上限 2,048 MB，已中止；檔案可能過大或結構異常")
    after = _upload(c, ("臺中市-111.json", _plan()))
    assert page_keys(c.get(after.headers["Location"]).text, "臺中市-111.json") == []
    pids = [line.split()[-1] for line in marks.read_text(encoding="utf-8").splitlines() if line.startswith("started")]
    assert len(set(pids)) == 2  # a fresh worker after the greedy one


@hang_guard
def test_a_crashed_check_is_its_files_finding_and_the_others_are_checked(app_with: Any, marks: Path) -> None:
    app = app_with(workers=1)
    c = _client(app)
    staff = [{"id": "W1", "team": "T9", "role": "social_worker", "funding": "central"}]
    both = _upload(c, ("crash.json", _plan()), ("臺中市-111.json", _plan(staff=staff)), lang="en")
    page = c.get(both.headers["Location"] + "?lang=en").text
    assert _stopped(page, "crash.json", "the process checking this file ended abnormally (exit code -9)")
    assert [key[0] for key in page_keys(page, "臺中市-111.json")] == ["REF001"]


@hang_guard
def test_a_worker_is_replaced_after_its_jobs_so_a_big_heap_is_given_back(app_with: Any, marks: Path) -> None:
    app = app_with(workers=1)
    app.extensions["sncheck"]["workers"].max_jobs = 2
    c = _client(app)
    for n in range(3):
        assert _upload(c, (f"臺中市-111-{n}.json", _plan())).status_code == 303
    pids = [line.split()[-1] for line in marks.read_text(encoding="utf-8").splitlines() if line.startswith("started")]
    assert pids[0] == pids[1] != pids[2]


def _named_roster(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["員工編號", "姓名", "單位/組別", "職稱", "經費來源", "薪點"])
    for number in range(1, 4):
        sheet.append([f"W{number}", f"王小{number}", "東區社福中心", "社工員", "中央補助", 400])
    book.save(path)
    return path


@hang_guard
def test_openpyxls_temporary_files_stay_in_the_workers_private_folder(app_with: Any, marks: Path,
                                                                      tmp_path: Path) -> None:
    """The annotated and the corrected workbook are saved by openpyxl, which writes ``openpyxl.*`` temporary
    files holding the roster's cells (names included); before, they went to the shared temporary folder."""
    app = app_with(workers=1)
    c = _client(app)
    roster = _named_roster(tmp_path / "臺中市-111-名冊.xlsx").read_bytes()
    key = _upload(c, ("臺中市-111-名冊.xlsx", roster), show_personal_data="1").headers["Location"]
    annotated = c.get(f"{key}/0/annotated.xlsx")
    assert annotated.status_code == 200
    corrected = c.post(f"{key}/0/roster", data={"csrf": c.get_cookie("sncheck_csrf").value})
    assert corrected.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(annotated.data))["人員名冊"]["B2"].value == "王小1"
    written = [line.split(" ", 1)[1] for line in marks.read_text(encoding="utf-8").splitlines()
               if line.startswith("openpyxl ")]
    assert len(written) >= 2
    for path in written:
        assert Path(path).parent.name.startswith(f"{FOLDER_PREFIX}{os.getpid()}-worker-"), path


@hang_guard
def test_a_stopped_download_is_an_error_page_that_says_which_limit(app_with: Any, clock: Clock, marks: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_with(workers=1)
    c = _client(app)
    key = _upload(c, ("臺中市-111.json", _plan())).headers["Location"]
    workers = app.extensions["sncheck"]["workers"]
    real_run = workers.run

    def slow_job(job: Any) -> Any:  # the report's job as a hanging check: the same worker, the same limit
        from sncheck.web import jobs

        return real_run(jobs.CheckFile(job.options, _sorted("hang-report.json"), 0, job.checked.options))

    monkeypatch.setattr(workers, "run", slow_job)
    answer: list[Any] = []
    downloader = threading.Thread(target=lambda: answer.append(c.get(f"{key}/report.html")))
    downloader.start()
    _wait_for(marks, "started hang-report.json")
    clock.now += 61
    downloader.join(120)
    assert answer[0].status_code == 503
    assert "製作這個下載檔超過時限 60 秒，已中止" in answer[0].text


def _sorted(name: str) -> Any:
    from sncheck.read.limits import Limits
    from sncheck.web.uploads import Upload, sort_uploads

    return sort_uploads([Upload(name, _plan(), len(_plan()))], Limits())
