"""report.html at a reviewer's 1366×768 screen in a real headless Chromium (issue 22.9): a national round
(22 counties, two periods, a pack applied by choice) fits the width, with every county's drill-down open
too, and the 合計 and 結果 cells stay on one line. In zh-TW and English (longer words)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
from cli_run import sncheck

from sncheck.model.vocabulary import COUNTIES

from test_web_serve_browser import CHROMEDRIVER, CHROMIUM, SELENIUM, pytestmark  # noqa: F401 - same skips

if SELENIUM:
    from selenium import webdriver

ROOT = Path(__file__).resolve().parent.parent

# the lines each cell of a column takes: distinct tops of its text's boxes
LINES_OF_COLUMN = """
const heads = [...document.querySelectorAll('#matrix thead th')].map(th => th.textContent);
const column = heads.indexOf(arguments[0]);
return [...document.querySelectorAll('#matrix tbody tr')].map(tr => {
  const cell = tr.children[column];
  const range = document.createRange(); range.selectNodeContents(cell);
  return [cell.textContent, new Set([...range.getClientRects()].map(r => Math.round(r.top))).size];
});"""

UNCHECKED_WIDTH = """
const cell = document.querySelector('#matrix td.unchecked');
return {column: cell.getBoundingClientRect().width, font: parseFloat(getComputedStyle(cell).fontSize)};"""


@pytest.fixture(scope="module")
def national_round(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plans as all 22 counties' (111, 112 and 115 plans; the phase-2 pack applied to 115 by
    choice, so 檢核依據 carries its longest text)."""
    plans = tmp_path_factory.mktemp("round") / "plans"
    plans.mkdir()
    sources = [("kaohsiung-111.yaml", "高雄市", 111), ("taichung-115.yaml", "臺中市", 115), ("tainan-112.yaml", "臺南市", 112)]
    for index, county in enumerate(COUNTIES):
        name, own, year = sources[index % 3]
        text = (ROOT / "examples" / name).read_text(encoding="utf-8").replace(f"county: {own}", f"county: {county}")
        (plans / f"{county}-{year}.yaml").write_text(text, encoding="utf-8")
    return plans


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--window-size=1366,768", f"--user-data-dir={tmp_path_factory.mktemp('profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_fits_1366_pixels_and_totals_stay_on_one_line(national_round: Path, browser: Any, tmp_path: Path,
                                                            lang: str) -> None:
    out = tmp_path / "out"
    run = sncheck(["batch", str(national_round), "--report-dir", str(out), "--apply-pack", "ssn-phase2:115-119",
                   "--lang", lang])
    assert run.exit_code == 1, run.stderr
    browser.get((out / "report.html").as_uri())
    width = browser.execute_script("return document.documentElement.clientWidth")
    assert 1300 <= width <= 1366  # the 1366-pixel screen, whatever the window's frame takes
    assert browser.execute_script("return document.documentElement.scrollWidth") == width  # no sideways scroll
    assert browser.execute_script("return document.getElementById('matrix').getBoundingClientRect().right") <= width
    total, result = ("合計", "結果") if lang == "zh" else ("total", "result")
    for column in (total, result):
        cells = browser.execute_script(LINES_OF_COLUMN, column)
        assert len(cells) == 23  # 22 counties and the nation's row
        assert [c for c in cells if c[1] > 1] == [], column  # one line each
    # the 未檢核 column is not squeezed to a few characters a line (its cells were many lines tall): the 合計
    # row's tally spans the empty cells beside it, and the column keeps 14 of its characters' width
    widths = browser.execute_script(UNCHECKED_WIDTH)
    assert widths["column"] >= 14 * widths["font"] - 1, widths
    browser.save_screenshot(str(tmp_path / f"report-{lang}.png"))
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert browser.execute_script("return document.documentElement.scrollWidth") == width  # the drill-downs fit too
