"""``sncheck serve`` in a real browser: Debian's headless Chromium driven by Selenium through chromium-driver.

The test starts ``sncheck serve --port 0`` itself (a subprocess, the command an officer runs) on
127.0.0.1 and reads the address it prints. Waits are explicit (WebDriverWait on elements or on a
downloaded file); the generous timeouts only catch hangs, nothing asserts how fast anything is.

Needs ``chromium`` and ``chromium-driver`` (``apt-get install -y chromium chromium-driver
fonts-noto-cjk``; ``.ci/run`` installs them) and Selenium (the ``test`` extra); skipped, saying which
is missing, without them.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import openpyxl
import pytest

from hostile import CASES
from serve_helpers import EXAMPLES, NAMES, PLAN_EXAMPLES, ROOT, cli_json, cli_keys, roster_workbook

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)
try:
    import selenium  # noqa: F401
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
    SELENIUM = True
except ImportError:  # pragma: no cover - the test extra installs it
    SELENIUM = False

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)"),
    pytest.mark.skipif(CHROMEDRIVER is None, reason="chromium-driver is not installed (apt-get install -y chromium-driver)"),
    pytest.mark.skipif(not SELENIUM, reason="selenium is not installed (pip install -e '.[test]')"),
]

HANG = 120  # seconds: only to turn a hang into a failure
TOKEN = "browser-test-token-0123456789abcdef"  # at least 32 characters (issue 23)


class Server:
    """``sncheck serve`` in a subprocess; ``url`` is the address it printed."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("SNCHECK_TOKEN", None)
        self.process = subprocess.Popen([sys.executable, "-m", "sncheck", "serve", "--port", "0", *args],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                        cwd=ROOT, env=env)
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in self.process.stderr or ()],  # type: ignore[func-returns-value]
                         daemon=True).start()
        while True:
            line = lines.get(timeout=HANG)
            found = re.search(r"open (http://\S+)", line)
            if found:
                self.url = found.group(1).split("?")[0]
                self.first_visit = found.group(1)
                return

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=HANG)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.process.kill()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, downloads: Path) -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1200,1400", "--lang=zh-TW",
                 f"--user-data-dir={tmp_path_factory.mktemp('profile')}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False,
                                              "intl.accept_languages": "zh-TW,zh"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(HANG)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    yield driver
    driver.quit()


def wait(driver: Any) -> Any:
    """Wait for a condition; an element replaced by a page load while it is read counts as "not yet"."""
    from selenium.common.exceptions import StaleElementReferenceException

    return WebDriverWait(driver, HANG, ignored_exceptions=(StaleElementReferenceException,))


def upload(driver: Any, server: Server, paths: list[Path], **fields: str) -> None:
    driver.get(server.url)
    box = wait(driver).until(EC.presence_of_element_located((By.ID, "files")))
    box.send_keys("\n".join(str(p) for p in paths))
    for name, value in fields.items():
        element = driver.find_element(By.NAME, name)
        if element.tag_name == "select":
            element.find_element(By.CSS_SELECTOR, f'option[value="{value}"]').click()
        elif element.get_attribute("type") == "checkbox":
            element.click()
        else:
            element.send_keys(value)
    driver.find_element(By.ID, "submit").click()
    wait(driver).until(lambda d: d.find_elements(By.ID, "verdict") or d.find_elements(By.ID, "form-error")
                       or d.find_elements(By.ID, "error-message"))


def shown(driver: Any, file_name: str) -> list[tuple[str, str, str]]:
    """(rule, pointer, location) of the findings the page shows for one file, read from the live DOM."""
    section = next(s for s in driver.find_elements(By.CSS_SELECTOR, "section.file")
                   if s.get_attribute("data-file") == file_name)
    return sorted((a.get_attribute("data-rule"), a.get_attribute("data-pointer"), a.get_attribute("data-location"))
                  for a in section.find_elements(By.CSS_SELECTOR, "article.finding"))


def downloaded(driver: Any, folder: Path, name: str) -> Path:
    path = folder / name
    wait(driver).until(lambda d: path.exists() and not list(folder.glob("*.crdownload")))
    return path


def test_examples_uploaded_together_show_what_check_finds(browser: Any, server: Server, tmp_path: Path) -> None:
    upload(browser, server, PLAN_EXAMPLES)
    expected = cli_json(*map(str, PLAN_EXAMPLES))
    verdict = browser.find_element(By.ID, "verdict").text
    assert verdict == f"4 個檔案：{expected['summary']['errors']} 個錯誤、{expected['summary']['warnings']} 個警告"
    for path, entry in zip(PLAN_EXAMPLES, expected["files"]):
        assert shown(browser, path.name) == cli_keys(entry["findings"]), path.name
    kaohsiung = next(s for s in browser.find_elements(By.CSS_SELECTOR, "section.file")
                     if s.get_attribute("data-file") == "kaohsiung-111.yaml")
    first = kaohsiung.find_element(By.CSS_SELECTOR, ".group > summary h3").text
    assert first == "組別 H-CV（衛生局關懷訪視組）"
    assert "每7名社工設督導1名" in kaohsiung.find_element(By.CSS_SELECTOR, "blockquote.source").text
    browser.save_screenshot(str(tmp_path / "examples.png"))
    assert (tmp_path / "examples.png").stat().st_size > 20_000


def test_workbook_findings_at_cells_and_downloads(browser: Any, server: Server, downloads: Path, tmp_path: Path) -> None:
    path = roster_workbook(tmp_path / "臺中市-111-人員名冊.xlsx")
    upload(browser, server, [path])
    assert shown(browser, path.name) == cli_keys(cli_json(str(path))["files"][0]["findings"])
    assert ("SUP001", "/teams/0", "人員名冊!C2") in shown(browser, path.name)
    assert not any(name in browser.page_source for name in NAMES)
    assert browser.find_element(By.CSS_SELECTOR, ".county-year").text == "臺中市 111 年度"
    browser.save_screenshot(str(tmp_path / "workbook.png"))
    # the corrected plan, with the unsafe SUP001 fix ticked
    browser.find_element(By.CSS_SELECTOR, 'input[name="unsafe"][value="SUP001|/teams/0"]').click()
    browser.find_element(By.ID, "dl-plan-0").click()
    plan = downloaded(browser, downloads, "臺中市-111-人員名冊.yaml")
    from sncheck.read.document import read_document

    staff = read_document("p.yaml", plan.read_bytes()).data["staff"]
    assert [s["funding"] for s in staff if s["id"] in ("S1", "S2")] == ["central", "county"]
    assert not any(name in plan.read_text(encoding="utf-8") for name in NAMES)
    # the findings JSON is check --format json
    browser.find_element(By.ID, "dl-json").click()
    got = json.loads(downloaded(browser, downloads, "findings.json").read_text(encoding="utf-8"))
    expected = cli_json(str(path))
    expected["files"][0]["path"] = path.name
    for finding in expected["files"][0]["findings"]:
        finding["file"] = path.name
    assert got == expected


def test_annotated_workbook_download_opens_in_openpyxl(browser: Any, server: Server, downloads: Path,
                                                       tmp_path: Path) -> None:
    path = roster_workbook(tmp_path / "臺南市-111.xlsx")
    upload(browser, server, [path], show_personal_data="1")  # the copy holds the 姓名 column: names allowed
    assert browser.find_elements(By.ID, "hide-personal")  # ticked: the page offers to hide them again
    browser.find_element(By.ID, "dl-annotated-0").click()
    book = openpyxl.load_workbook(downloaded(browser, downloads, "臺南市-111.annotated.xlsx"))
    assert book.sheetnames[0] == "檢核結果"
    from sncheck.model.findings import Severity
    from sncheck.tabular.annotate import SEVERITY_FILLS

    rows = list(book["檢核結果"].iter_rows(values_only=True))
    rows = rows[:rows.index((None,) * len(rows[0]))] if (None,) * len(rows[0]) in rows else rows  # then coverage
    assert [(r[0], r[1], str(r[2]).split()[0], r[3]) for r in rows[1:]] == [("人員名冊", "C2", "SUP001", "錯誤")]
    cell = book["人員名冊"]["C2"]
    assert cell.comment is not None and "SUP001" in cell.comment.text and "超出 1 名" in cell.comment.text
    assert cell.fill.fgColor.rgb == SEVERITY_FILLS[Severity.ERROR]
    assert book["人員名冊"]["B2"].value == NAMES[0]  # the rest of the workbook as the county wrote it


def test_corrected_roster_download_is_the_countys_workbook_with_the_fixes(browser: Any, server: Server,
                                                                          downloads: Path, tmp_path: Path) -> None:
    """「修正後的名冊」 in a real browser: tick the unsafe SUP001 fix, keep "also mark what is still wrong"
    ticked, download: the county's workbook with only E10 changed, in its words, and the 檢核結果 sheet."""
    path = roster_workbook(tmp_path / "臺北市-111.xlsx")
    before = path.read_bytes()
    upload(browser, server, [path], show_personal_data="1")  # the copy holds the 姓名 column: names allowed
    section = browser.find_element(By.ID, "corrected-0")
    assert section.find_element(By.TAG_NAME, "h3").text == "修正後的名冊"
    assert browser.find_element(By.ID, "annotate-0").is_selected()
    browser.find_element(By.CSS_SELECTOR, 'input[name="unsafe"][value="SUP001|/teams/0"]').click()
    browser.execute_script("arguments[0].scrollIntoView()", section)
    browser.save_screenshot(str(tmp_path / "corrected-roster.png"))
    browser.find_element(By.ID, "dl-roster-0").click()
    book = openpyxl.load_workbook(downloaded(browser, downloads, "臺北市-111-修正後.xlsx"))
    original = openpyxl.load_workbook(path)["人員名冊"]
    sheet = book["人員名冊"]
    changed = [(c.coordinate, original[c.coordinate].value, c.value) for row in sheet.iter_rows() for c in row
               if original[c.coordinate].value != c.value]
    assert changed == [("E10", "中央補助", "地方自籌")]
    assert "SUP001" in sheet["E10"].comment.text and "原為「中央補助」" in sheet["E10"].comment.text
    rows = list(book["檢核結果"].iter_rows(values_only=True))
    rows = rows[:rows.index((None,) * len(rows[0]))] if (None,) * len(rows[0]) in rows else rows  # then coverage
    assert rows[0][7] == "已修正" and [r[7] for r in rows[1:]] == ["E10「中央補助」→「地方自籌」"]
    assert path.read_bytes() == before  # the upload was only read


def test_hostile_and_broken_files_get_their_finding_page(browser: Any, server: Server, tmp_path: Path) -> None:
    name, make, _ = CASES["billion_laughs"]
    bomb = tmp_path / name
    bomb.write_bytes(make())
    broken = tmp_path / "damaged.xlsx"
    broken.write_bytes(b"not a zip")
    upload(browser, server, [bomb, broken])
    assert [r for r, _, _ in shown(browser, bomb.name)] == ["PARSE001"]
    assert [r for r, _, _ in shown(browser, broken.name)] == ["PARSE001"]
    assert "Traceback" not in browser.page_source
    assert browser.find_element(By.ID, "verdict").text == "2 個檔案：2 個錯誤"


def test_script_in_a_value_and_a_file_name_is_text(browser: Any, server: Server, tmp_path: Path) -> None:
    text = (EXAMPLES / "kaohsiung-111.yaml").read_text(encoding="utf-8").replace("H-CV", "<script>window.pwned=1</script>")
    path = tmp_path / "<img src=x onerror=window.pwned=2>.yaml"
    path.write_text(text, encoding="utf-8")
    upload(browser, server, [path])
    assert browser.execute_script("return window.pwned === undefined")
    assert browser.find_element(By.CSS_SELECTOR, "section.file .file-name").text == path.name
    titles = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".group > summary h3")]
    assert "組別 <script>window.pwned=1</script>（衛生局關懷訪視組）" in titles


def test_a_very_long_staff_id_wraps_instead_of_widening_the_page(browser: Any, server: Server, tmp_path: Path) -> None:
    """An id without spaces (a pasted column of codes) in a message, a fix and an unsafe fix's tick box must
    wrap inside its finding: the officer must never scroll sideways to read the page."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["員工編號", "單位/組別", "職稱", "經費來源"])
    for i in range(7):
        sheet.append([f"W{i}", "東區社福中心", "社工員", "中央補助"])
    sheet.append(["S1" + "X" * 300, "東區社福中心", "督導", "中央補助"])
    sheet.append(["S2" + "Y" * 300, "東區社福中心", "督導", "中央補助"])
    path = tmp_path / "臺中市-111.xlsx"
    book.save(path)
    upload(browser, server, [path])
    assert ("SUP001", "/teams/0", "人員名冊!B2") in shown(browser, path.name)
    assert "Y" * 300 in browser.find_element(By.CSS_SELECTOR, "article.finding .fix").text
    width, visible = browser.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width <= visible


@pytest.mark.parametrize("width", [1366, 800])
def test_each_tick_box_has_its_explanation_right_under_it(browser: Any, server: Server, width: int) -> None:
    """The explanation of 顯示個人資料 and of the 2.0 tick box is read with its box: directly under it, at its
    left edge, at an office PC's 1366 px and in a narrow 800 px window (it used to float beside the fields)."""
    browser.set_window_size(width, 900)
    try:
        browser.get(server.url)
        for box in ("show_personal_data", "apply_pack"):
            label = browser.find_element(By.ID, box).find_element(By.XPATH, "./ancestor::label")
            help_text = label.find_element(By.XPATH, "following-sibling::p[1]")
            below, left = label.rect["y"] + label.rect["height"], label.rect["x"]
            assert below - 2 <= help_text.rect["y"] <= below + 30, box
            assert abs(help_text.rect["x"] - left) <= 40, box
    finally:
        browser.set_window_size(1200, 1400)


def test_a_second_click_on_check_does_not_send_the_upload_again(browser: Any, server: Server, tmp_path: Path) -> None:
    """An officer who clicks 開始檢核 again while a large workbook is being checked: the button says the
    check is running and takes no second click (a second post would check everything twice, and keep the
    upload twice in memory); back on the form (the back button), it can be used again."""
    path = roster_workbook(tmp_path / "臺中市-111.xlsx")
    browser.get(server.url)
    wait(browser).until(EC.presence_of_element_located((By.ID, "files"))).send_keys(str(path))
    state = browser.execute_script(
        "var b = document.getElementById('submit'); var posts = 0;"
        "document.getElementById('upload').addEventListener('submit', function (e) {"
        "  if (!e.defaultPrevented) posts++; });"
        "b.click(); b.click();"
        "return [posts, b.disabled, b.textContent];")
    assert state[0] == 1 and state[1] is True and state[2].strip() == "檢核中，請稍候…"
    wait(browser).until(EC.presence_of_element_located((By.ID, "verdict")))
    browser.back()
    button = wait(browser).until(EC.presence_of_element_located((By.ID, "submit")))
    wait(browser).until(lambda d: button.is_enabled())
    assert button.text == "開始檢核"


def test_english_switch(browser: Any, server: Server) -> None:
    browser.get(server.url)
    wait(browser).until(EC.element_to_be_clickable((By.ID, "lang-switch"))).click()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "submit"), "Check"))
    upload(browser, server, [EXAMPLES / "kaohsiung-111.yaml"])
    assert browser.find_element(By.ID, "verdict").text == "1 file(s): 6 error(s), 1 warning(s)"
    browser.find_element(By.ID, "lang-switch").click()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "verdict"), "1 個檔案：6 個錯誤、1 個警告"))


def test_post_without_the_csrf_value_is_refused(browser: Any, server: Server) -> None:
    browser.get(server.url)
    wait(browser).until(EC.presence_of_element_located((By.ID, "files"))).send_keys(str(EXAMPLES / "taichung-111.yaml"))
    browser.execute_script("document.querySelector('input[name=csrf]').remove()")
    browser.find_element(By.ID, "submit").click()
    message = wait(browser).until(EC.presence_of_element_located((By.ID, "error-message")))
    assert "跨站請求保護" in message.text


def test_token_server_refuses_a_browser_without_the_token(browser: Any) -> None:
    office = Server("--host", "127.0.0.1", "--token", TOKEN)
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(office.url, timeout=HANG)
        assert refused.value.code == 403
        browser.get(office.url)
        assert "需要存取碼" in wait(browser).until(EC.presence_of_element_located((By.ID, "error-message"))).text
        browser.get(office.first_visit)  # the printed address: the token goes into a cookie, out of the URL
        wait(browser).until(EC.presence_of_element_located((By.ID, "files")))
        assert "token" not in browser.current_url
        browser.get(office.url)  # later visits carry the cookie
        wait(browser).until(EC.presence_of_element_located((By.ID, "files")))
    finally:
        office.stop()


def test_drag_and_drop_fills_the_form(browser: Any, server: Server) -> None:
    """The page's own script: files dropped on the area become the form's files (a drop from the
    officer's file manager, made here with the browser's DataTransfer)."""
    browser.get(server.url)
    wait(browser).until(EC.presence_of_element_located((By.ID, "drop")))
    text = (EXAMPLES / "kaohsiung-111.yaml").read_text(encoding="utf-8")
    browser.execute_script("""
        const dt = new DataTransfer();
        dt.items.add(new File([arguments[0]], 'kaohsiung-111.yaml', {type: 'application/yaml'}));
        document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true}));
    """, text)
    assert "kaohsiung-111.yaml" in browser.find_element(By.ID, "chosen").text
    browser.find_element(By.ID, "submit").click()
    wait(browser).until(EC.presence_of_element_located((By.ID, "verdict")))
    expected = cli_json(str(EXAMPLES / "kaohsiung-111.yaml"))["files"][0]["findings"]
    assert shown(browser, "kaohsiung-111.yaml") == cli_keys(expected)


def test_csv_roster_set_with_its_mapping_file(browser: Any, server: Server) -> None:
    folder = EXAMPLES / "roster"
    upload(browser, server, [folder / "roster.csv", folder / "teams.csv", folder / "mapping.yaml"])
    assert browser.find_element(By.ID, "mapping-used").text == "使用的對照檔：mapping.yaml；附表：teams.csv"
    expected = cli_json(str(folder / "roster.csv"), "--mapping", str(folder / "mapping.yaml"))
    assert shown(browser, "roster.csv") == cli_keys(expected["files"][0]["findings"])
    assert browser.find_element(By.ID, "verdict").text == "1 個檔案：通過"
    assert browser.find_element(By.CSS_SELECTOR, ".county-year").text == "臺中市 111 年度"
    assert [s.get_attribute("data-file") for s in browser.find_elements(By.CSS_SELECTOR, "section.file")] == ["roster.csv"]


def test_the_2_0_tick_box_applies_the_phase2_standards_as_apply_pack(browser: Any, server: Server) -> None:
    """The officer ticks 「115–119 年度的計畫也依第二期標準…」: the page shows what --apply-pack shows."""
    plan = EXAMPLES / "taichung-115.yaml"
    browser.get(server.url)
    label = wait(browser).until(EC.presence_of_element_located((By.ID, "apply_pack"))).find_element(By.XPATH, "..")
    assert label.text.strip() == "115–119 年度的計畫也依第二期標準（110–114）檢核（2.0 尚無公告規則）"
    upload(browser, server, [plan], apply_pack="1")
    assert shown(browser, plan.name) == cli_keys(cli_json(str(plan), "--apply-pack", "ssn-phase2:115-119")
                                                 ["files"][0]["findings"])
    section = browser.find_element(By.CSS_SELECTOR, "section.file")
    sup = section.find_element(By.CSS_SELECTOR, 'article.finding[data-rule="SUP001"]')
    assert sup.find_element(By.CSS_SELECTOR, ".badge.by-choice").text == "依您的選擇套用"
    assert sup.find_element(By.CSS_SELECTOR, ".message").text.endswith("〔依第二期標準（110–114）檢核，2.0 尚無公告規則〕")
    qual = section.find_element(By.CSS_SELECTOR, 'article.finding[data-rule="QUAL2001"]')
    assert qual.find_element(By.CSS_SELECTOR, ".badge.draft").text == "草案"
    assert section.find_element(By.CSS_SELECTOR, ".checked-by").text == (
        "檢核依據：強化社會安全網計畫2.0（115–119年）、強化社會安全網第二期計畫（110–114年）（依您的選擇套用）")


def test_a_contents_link_opens_the_closed_group_it_points_into(browser: Any, server: Server, tmp_path: Path) -> None:
    """Only a browser shows it: with many findings the groups are closed, and a jump from the contents
    into one opens it (the small script) instead of landing on nothing visible."""
    from test_web_serve import many_findings_plan

    path = tmp_path / "big-111.yaml"
    path.write_bytes(many_findings_plan())
    upload(browser, server, [path])
    links = browser.find_elements(By.CSS_SELECTOR, "#toc-0 a")
    link = next(a for a in links if "TRAIN001" in a.text)
    target = browser.find_element(By.ID, link.get_attribute("href").split("#")[1])
    assert not target.is_displayed()  # inside a closed <details>
    link.click()
    wait(browser).until(lambda d: target.is_displayed())
    assert target.get_attribute("data-rule") == "TRAIN001"


def test_printing_a_long_result_opens_every_group(browser: Any, server: Server, tmp_path: Path) -> None:
    """A closed <details> prints only its title: before printing the small script opens them all."""
    from test_web_serve import many_findings_plan

    path = tmp_path / "big-111.yaml"
    path.write_bytes(many_findings_plan())
    upload(browser, server, [path])
    closed = "return document.querySelectorAll('details.group:not([open])').length"
    assert browser.execute_script(closed) > 30
    browser.execute_script("window.dispatchEvent(new Event('beforeprint'))")  # what the browser sends on Ctrl+P
    wait(browser).until(lambda d: d.execute_script(closed) == 0)
