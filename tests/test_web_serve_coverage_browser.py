"""Issue 21 on the page, in a real browser: a result that was not fully checked never reads as a pass.

Uses the browser and server of ``test_web_serve_browser`` (headless Chromium through chromium-driver),
skipped the same way without them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cli_run import write
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from serve_helpers import EXAMPLES
from test_web_serve_browser import Server, browser, downloads, pytestmark, server, upload, wait  # noqa: F401

from test_engine_coverage import _without, complete_plan, named


def test_a_plan_missing_a_field_is_amber_and_lists_what_was_not_checked(browser: Any, server: Server,
                                                                        tmp_path: Path) -> None:
    plan = write(tmp_path / "taichung-111.yaml", _without(complete_plan(), "teams", "budgeted_positions").text)
    upload(browser, server, [plan])
    verdict = browser.find_element(By.ID, "verdict")
    assert verdict.text == "1 個檔案：未發現錯誤，但有 1 項規定未能檢核"
    assert "incomplete" in verdict.get_attribute("class").split()
    assert verdict.value_of_css_property("background-color") == "rgba(255, 241, 194, 1)"  # amber, not green
    badge = browser.find_element(By.CSS_SELECTOR, "section.file h2 .verdict")
    assert badge.text == "未發現錯誤，但有 1 項規定未能檢核" and "incomplete" in badge.get_attribute("class")
    items = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#unchecked-0 li")]
    assert items == [f"進用、資格、訓練、招聘規定（HIRE001）未檢核：計畫的組別都沒有填{named('budgeted_positions')}"]
    browser.save_screenshot(str(tmp_path / "incomplete.png"))


def test_a_complete_plan_passes_green(browser: Any, server: Server, tmp_path: Path) -> None:
    plan = write(tmp_path / "taichung-111.yaml", complete_plan().text)
    upload(browser, server, [plan])
    verdict = browser.find_element(By.ID, "verdict")
    assert verdict.text == "1 個檔案：通過" and "pass" in verdict.get_attribute("class").split()
    assert not browser.find_elements(By.CSS_SELECTOR, ".unchecked")


def test_a_115_plan_says_it_was_checked_only_by_the_draft_rules_with_the_choice_beside_it(
        browser: Any, server: Server, tmp_path: Path) -> None:
    upload(browser, server, [EXAMPLES / "taichung-115.yaml"])
    verdict = browser.find_element(By.ID, "verdict")
    assert verdict.text == "1 個檔案：只依 2.0 已公開的 3 條草案規則檢核；其他規定未檢核、2 個警告、1 個提醒"
    assert "incomplete" in verdict.get_attribute("class").split()
    button = browser.find_element(By.ID, "apply-choice")
    assert button.text == "也依第二期標準檢核"
    # beside the verdict, not below the fold: on the verdict's row, inside the first screen
    v, b = verdict.rect, button.rect
    assert b["x"] > v["x"] + v["width"] - 1 or b["y"] < v["y"] + v["height"], (v, b)
    height = browser.execute_script("return window.innerHeight")
    assert b["y"] + b["height"] <= height
    browser.save_screenshot(str(tmp_path / "partial-pack.png"))
    button.click()
    wait(browser).until(EC.staleness_of(verdict))  # the re-check is a new page: wait for it, do not race it
    wait(browser).until(lambda d: d.find_elements(By.ID, "verdict"))
    assert "SUP001" in [a.get_attribute("data-rule") for a in browser.find_elements(By.CSS_SELECTOR, "article.finding")]


def test_a_roster_without_county_or_year_lists_the_rules_that_did_not_run(browser: Any, server: Server,
                                                                         tmp_path: Path) -> None:
    """A user trial: 人員名冊.xlsx (an office layout, no county or year in its name), the form left blank. The
    two SCHEMA001 findings must not read as the whole story: the verdict counts the rules never run and the
    file lists each, under its period's title (no year: every period's rules)."""
    from test_web_not_run import office_roster, rules_run

    path = office_roster(tmp_path)
    upload(browser, server, [path])
    count = len(rules_run(path, 111)) + len(rules_run(path, 115))
    verdict = browser.find_element(By.ID, "verdict")
    assert verdict.text.endswith(f"、{count} 項規定未檢核") and "fail" in verdict.get_attribute("class").split()
    box = browser.find_element(By.ID, "unchecked-0")
    assert box.find_element(By.CSS_SELECTOR, ".not-run-intro").text.endswith(f"下列各期共 {count} 項規定都沒有檢核：")
    assert [h.text for h in box.find_elements(By.TAG_NAME, "h4")] == ["強化社會安全網第二期計畫（110–114年）",
                                                                       "強化社會安全網計畫2.0（115–119年）"]
    items = [li.text for li in box.find_elements(By.CSS_SELECTOR, "ul.not-run li")]
    assert len(items) == count and "督導比規定（SUP001）未檢核：名冊沒有縣市與計畫年度" in items
    assert box.is_displayed() and box.value_of_css_property("background-color") == "rgba(255, 248, 225, 1)"  # amber box
    browser.save_screenshot(str(tmp_path / "not-run-top.png"))
    browser.execute_script("arguments[0].scrollIntoView()", box)
    browser.save_screenshot(str(tmp_path / "not-run.png"))
