"""The question step in a real browser (headless Debian Chromium through chromium-driver), as an officer uses it:
she uploads her workbook, answers what sncheck cannot tell, sees the findings that depend on her answers,
downloads the mapping IT reuses with ``sncheck check --mapping``, and the next upload of a workbook with the
same headers gets her answers back. The server is ``sncheck serve`` in a subprocess (test_web_serve_browser.py).

Screenshots of the question step at 1366×768 go to ``$SNCHECK_SCREENSHOTS`` when it is set (to be looked at),
else to the test's temporary folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from serve_helpers import NAMES, asking_workbook, cli_json, cli_keys
from test_web_serve_browser import (SELENIUM, Server, browser, downloaded, downloads, pytestmark, server,  # noqa: F401
                                    shown, upload, wait)

if SELENIUM:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select

__all__ = ["pytestmark"]


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SNCHECK_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(driver: Any, path: Path, element_id: str) -> None:
    """The page at an office laptop's 1366×768, scrolled to ``element_id``; the window size is put back."""
    size = driver.get_window_size()
    driver.set_window_size(1366, 768)
    driver.execute_script("document.getElementById(arguments[0]).scrollIntoView()", element_id)
    driver.save_screenshot(str(path))
    driver.set_window_size(size["width"], size["height"])
    assert path.stat().st_size > 20_000


def choose(driver: Any, question: str, value: str) -> str:
    """Choose ``value`` for the question whose fieldset id is ``question``; the effect line it then shows."""
    Select(driver.find_element(By.CSS_SELECTOR, f'#{question} select')).select_by_value(value)
    return driver.find_element(By.ID, f"{question}-effect").text  # type: ignore[no-any-return]


def question_ids(driver: Any) -> dict[tuple[str, str], str]:
    """(data-header or data-word, kind or field) → fieldset id."""
    out = {}
    for fieldset in driver.find_elements(By.CSS_SELECTOR, "fieldset.question"):
        label = fieldset.get_attribute("data-header") or fieldset.get_attribute("data-word")
        kind = fieldset.get_attribute("data-kind") or fieldset.get_attribute("data-field")
        out[(label, kind)] = fieldset.get_attribute("id")
    return out



def _apply(browser: Any) -> None:
    """Press 套用並重新檢核 and wait for the re-checked page (not the old one, which may show a notice too)."""
    button = browser.find_element(By.ID, "apply-answers-0")
    button.click()
    wait(browser).until(EC.staleness_of(button))
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#questions-0 .notice.applied")))

def test_officer_answers_on_the_page_and_the_mapping_gives_check_the_same_findings(
        browser: Any, server: Server, downloads: Path, tmp_path: Path) -> None:  # noqa: F811
    path = asking_workbook(tmp_path / "臺中市-112.xlsx")
    upload(browser, server, [path])
    assert [rule for rule, _, _ in shown(browser, path.name)] == ["IMPORT002", "SCHEMA001", "SCHEMA001"]
    assert browser.find_element(By.CSS_SELECTOR, ".ask-summary").text == "這份名冊有 3 項需要您確認：sncheck 不認得的欄位或用語"
    ids = question_ids(browser)
    assert set(ids) == {("辦理保護案件", "staff"), ("社工師", "role"), ("縣預算", "funding")}
    column = browser.find_element(By.ID, ids[("辦理保護案件", "staff")])
    assert [s.text for s in column.find_elements(By.CSS_SELECTOR, ".sample")] == ["是", "否"]
    screenshot(browser, shots(tmp_path) / "questions-page-top.png", "summary")
    screenshot(browser, shots(tmp_path) / "questions-asked.png", "questions-0")
    # each choice says what it changes, as soon as it is chosen (questions.js)
    assert choose(browser, ids[("辦理保護案件", "staff")], "薪點") == "這一欄將用來檢核「360俸點」規定"
    assert choose(browser, ids[("辦理保護案件", "staff")], "") == "這一欄不匯入，也不用於檢核"
    assert choose(browser, ids[("辦理保護案件", "staff")], "保護性") == "這一欄將用來檢核「360俸點」、「案量比」規定"
    assert choose(browser, ids[("社工師", "role")], "social_worker").startswith("「社工師」將視為「社工員」，用來檢核「督導比」")
    assert choose(browser, ids[("縣預算", "funding")], "county") == "「縣預算」將視為「地方自籌」，用來檢核「督導比」規定"
    assert browser.find_element(By.CSS_SELECTOR, "#questions-0 summary").text == "都已選擇：請按下方「套用並重新檢核」。"
    screenshot(browser, shots(tmp_path) / "questions-chosen.png", "questions-0")
    _apply(browser)
    found = shown(browser, path.name)
    assert found == [("PAY001", "/staff/0", "人員名冊 第 2 列"), ("SUP001", "/teams/0", "人員名冊!C2")]
    screenshot(browser, shots(tmp_path) / "questions-answered.png", "file-0")
    assert not any(name in browser.page_source for name in NAMES)
    # the answers as the mapping file: the command line finds the same
    browser.find_element(By.ID, "dl-mapping-0").click()
    mapping = downloaded(browser, downloads, "mapping.yaml")
    kept = tmp_path / "mapping.yaml"
    shutil.move(str(mapping), kept)
    assert cli_keys(cli_json(str(path), "--mapping", str(kept))["files"][0]["findings"]) == found
    # the next upload of a workbook with the same headers: her answers, applied and said so
    second = asking_workbook(tmp_path / "臺中市-112-第二版.xlsx")
    upload(browser, server, [second])
    notice = wait(browser).until(EC.presence_of_element_located((By.ID, "remembered-0")))
    assert notice.text.startswith("已套用您先前的對照")
    assert shown(browser, second.name) == found
    ids = question_ids(browser)
    assert Select(browser.find_element(By.CSS_SELECTOR, f'#{ids[("社工師", "role")]} select')).first_selected_option.get_attribute("textContent") == "社工員"
    screenshot(browser, shots(tmp_path) / "questions-remembered.png", "file-0")
    # and changed: the column not used after all, so 360 points are no longer checked
    summary = browser.find_element(By.CSS_SELECTOR, "#questions-0 summary")
    assert summary.text == "3 項都已回答（按此檢視或更改）"
    summary.click()  # all answered: the step is folded, one click opens it
    choose(browser, ids[("辦理保護案件", "staff")], "")
    _apply(browser)
    assert shown(browser, second.name) == [("SUP001", "/teams/0", "人員名冊!C2")]
    # cleared: the browser forgets them, the next upload is asked afresh
    browser.find_element(By.CSS_SELECTOR, "#questions-0 summary").click()
    browser.find_element(By.ID, "clear-answers-0").click()
    wait(browser).until(lambda d: d.find_element(By.ID, "questions-0").get_attribute("data-cleared") == "1")
    upload(browser, server, [path])
    assert browser.find_element(By.ID, "questions-0").get_attribute("data-answered") == "0"
    assert [rule for rule, _, _ in shown(browser, path.name)] == ["IMPORT002", "SCHEMA001", "SCHEMA001"]


def test_script_in_a_header_and_a_word_is_text_in_the_browser(browser: Any, server: Server,  # noqa: F811
                                                               tmp_path: Path) -> None:
    header, word = "<script>alert('h')</script>", "<img src=x onerror=alert('v')>"
    path = asking_workbook(tmp_path / "臺中市-112.xlsx", protective_header=header, role_word=word)
    upload(browser, server, [path])
    ids = question_ids(browser)
    assert (header, "staff") in ids and (word, "role") in ids
    assert browser.find_element(By.CSS_SELECTOR, f"#{ids[(header, 'staff')]} legend").text == f"欄位「{header}」"
    assert choose(browser, ids[(word, "role")], "social_worker").startswith(f"「{word}」將視為「社工員」")
    choose(browser, ids[(header, "staff")], "保護性")
    choose(browser, ids[("縣預算", "funding")], "county")
    _apply(browser)
    assert ("PAY001", "/staff/0", "人員名冊 第 2 列") in shown(browser, path.name)
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # nothing the county wrote ran
    assert not browser.find_elements(By.CSS_SELECTOR, "main script, main img")


def test_a_unit_type_answer_is_remembered_for_the_next_upload(browser: Any, server: Server,  # noqa: F811
                                                              tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "臺中市-112-保護組.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "人員名冊"
    book.active.append(["員工編號", "單位", "職稱", "經費來源", "是否保護案件"])
    book.active.append(["W1", "保護服務組", "社工員", "中央補助", "是"])
    book.save(path)
    upload(browser, server, [path])
    assert choose(browser, "q-0-u0", "family_violence_center") == "「保護服務組」將視為家防中心：組別有了單位類型，規定才能檢核它"
    _apply(browser)
    assert [rule for rule, _, _ in shown(browser, path.name)] == ["IMPORT002"]  # the column is still open
    upload(browser, server, [path])
    wait(browser).until(EC.presence_of_element_located((By.ID, "remembered-0")))
    assert [rule for rule, _, _ in shown(browser, path.name)] == ["IMPORT002"]
