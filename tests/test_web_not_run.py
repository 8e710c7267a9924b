"""A file checked without county or plan year on the page: no rule runs, and the page says which did not.

A user trial uploaded 人員名冊.xlsx (no county or year in its name) with the form left blank: the result
showed the two SCHEMA001 findings (縣市, 計畫年度) and the roster's import notes, nothing else, as if the
rest had passed. The page now lists each rule that did not run, in the words ``sncheck check`` prints a
rule it could not run with (「督導比規定（SUP001）未檢核：…」), and the verdict counts them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from cli_run import write
from office_workbooks import two_row_header_workbook
from serve_helpers import cli_json
from test_tabular_office_layouts import KAOHSIUNG_PEOPLE
from test_web_serve import client, read, upload

from test_engine_coverage import complete_plan


def office_roster(folder: Path, name: str = "人員名冊.xlsx") -> Path:
    """The roster as an office keeps it (title rows, two-row header, 小計 rows), named without county or year."""
    return two_row_header_workbook(folder / name, KAOHSIUNG_PEOPLE)


def rules_run(path: Path, year: int) -> list[str]:
    """The rules ``sncheck check`` runs on the roster once it is given a county and ``year``."""
    entry = cli_json(str(path), "--county", "高雄市", "--year", str(year))["files"][0]
    return [rule["rule"] for rule in entry["coverage"]["rules"]]


def unchecked(page: str) -> tuple[str, list[str], list[list[str]]]:
    """(intro, pack headings, lines under each) of the page's 未檢核的規定 box of the first file."""
    box = re.search(r'<div class="unchecked" id="unchecked-0">(.*?)</div>', page, re.S)
    assert box is not None
    part = box.group(1)
    intro = re.search(r'<p class="not-run-intro">(.*?)</p>', part, re.S)
    lists = [[html.unescape(li) for li in re.findall(r"<li>(.*?)</li>", ul, re.S)]
             for ul in re.findall(r'<ul class="not-run">(.*?)</ul>', part, re.S)]
    return (html.unescape(intro.group(1)) if intro else "",
            [html.unescape(h) for h in re.findall(r"<h4>(.*?)</h4>", part)], lists)


def verdict_text(page: str) -> str:
    found = re.search(r'<p id="verdict"[^>]*>(.*?)</p>', page)
    assert found is not None
    return html.unescape(found.group(1))


def rule_of(line: str) -> str:
    found = re.search(r"（([A-Z0-9]+)）|^([A-Z0-9]+) \(", line)
    assert found is not None, line
    return found.group(1) or found.group(2)


def test_a_roster_without_county_or_year_lists_every_rule_of_every_period_as_not_checked(tmp_path: Path) -> None:
    path = office_roster(tmp_path)
    page = upload(client(), [read(path)]).text
    phase2, phase2_0 = rules_run(path, 111), rules_run(path, 115)
    intro, headings, lists = unchecked(page)
    count = len(phase2) + len(phase2_0)
    assert intro == f"名冊沒有縣市與計畫年度：計畫年度決定適用哪一期的規定，下列各期共 {count} 項規定都沒有檢核："
    assert headings == ["強化社會安全網第二期計畫（110–114年）", "強化社會安全網計畫2.0（115–119年）"]
    assert [[rule_of(line) for line in lines] for lines in lists] == [phase2, phase2_0]
    assert "督導比規定（SUP001）未檢核：名冊沒有縣市與計畫年度" in lists[0]
    assert "360俸點規定（PAY001）未檢核：名冊沒有縣市與計畫年度" in lists[0]
    assert all(line.endswith("未檢核：名冊沒有縣市與計畫年度") for lines in lists for line in lines)
    # the verdict and the file's badge count them after the findings: never two errors alone
    assert re.fullmatch(rf"1 個檔案：\d+ 個錯誤(、\d+ 個警告)?(、\d+ 個提醒)?、{count} 項規定未檢核", verdict_text(page))
    assert f"、{count} 項規定未檢核</span></h2>" in page
    assert f'再檢核一次。 <a href="#unchecked-0">（未檢核的 {count} 項規定）</a>' in page  # how to give them, as before


def test_a_roster_with_a_year_but_no_county_lists_the_rules_of_that_year(tmp_path: Path) -> None:
    path = office_roster(tmp_path)
    page = upload(client(), [read(path)], plan_year="111").text
    intro, headings, lists = unchecked(page)
    expected = rules_run(path, 111)
    assert intro == f"名冊沒有縣市，下列 {len(expected)} 項規定都沒有檢核："
    assert headings == [] and [rule_of(line) for line in lists[0]] == expected and len(lists) == 1
    assert "督導比規定（SUP002）未檢核：名冊沒有縣市" in lists[0]
    assert verdict_text(page).endswith(f"、{len(expected)} 項規定未檢核")


def test_in_english(tmp_path: Path) -> None:
    path = office_roster(tmp_path)
    c = client()
    c.get("/?lang=en")
    page = upload(c, [read(path)], county="高雄市").text
    intro, headings, lists = unchecked(page)
    expected = rules_run(path, 111) + rules_run(path, 115)
    assert intro == (f"The roster names no plan year: the plan year decides which period's rules apply, and none of "
                     f"these {len(expected)} rules was checked:")
    assert headings == ["Strengthening Social Safety Net, phase 2 (ROC 110–114)",
                        "Strengthening Social Safety Net 2.0 (ROC 115–119)"]
    assert [rule_of(line) for lines in lists for line in lines] == expected
    assert "SUP001 (supervisor ratio) not checked: the roster names no plan year" in lists[0]
    assert verdict_text(page).endswith(f", {len(expected)} rule(s) not checked")


def test_given_county_and_year_the_rules_run_and_nothing_is_listed_as_never_reached(tmp_path: Path) -> None:
    path = office_roster(tmp_path)
    page = upload(client(), [read(path)], county="高雄市", plan_year="111").text
    intro, _, lists = unchecked(page)  # the box lists what the rules left out (this roster has no 組別表)
    assert intro == "" and lists == [] and "項規定未檢核" not in verdict_text(page)
    assert "督導比規定（SUP003）未檢核：活頁簿沒有組別表" in page


def test_a_plan_file_without_county_and_year_says_so_in_the_plans_words(tmp_path: Path) -> None:
    text = re.sub(r"^(county|plan_year): .*\n", "", complete_plan().text, flags=re.M)
    plan = write(tmp_path / "plan.yaml", text)
    page = upload(client(), [read(plan)]).text
    intro, _, lists = unchecked(page)
    assert intro.startswith("計畫的縣市與計畫年度未填或無法讀取：計畫年度決定適用哪一期的規定")
    assert "督導比規定（SUP001）未檢核：計畫的縣市與計畫年度未填或無法讀取" in lists[0]


def test_an_unreadable_file_says_it_with_its_finding_not_a_list_of_rules(tmp_path: Path) -> None:
    page = upload(client(), [("damaged.xlsx", b"not a zip"), ("plan.yaml", b"county: [\n")]).text
    assert 'class="not-run-intro"' not in page and "項規定未檢核" not in page
    assert verdict_text(page) == "2 個檔案：2 個錯誤"
