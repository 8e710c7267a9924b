"""The result page's question step through Flask's test client: unknown columns and words are asked, the
answers re-check the held upload, and they download as the mapping file ``sncheck check --mapping`` reads.

The same flow in a real Chromium (remembered answers, the effect line following the choice) is in
tests/test_web_questions_browser.py.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from serve_helpers import NAMES, asking_workbook, cli_json, cli_keys, page_keys
from sncheck.tabular.mapping import parse_mapping
from test_web_serve import client, csrf, read, result_key, upload

_QUESTION = re.compile(r'<fieldset class="question (column|value)[^"]*" id="([^"]+)" data-(?:kind|field)="([^"]*)" '
                       r'data-(?:header|word)="([^"]*)">(.*?)</fieldset>', re.S)


def questions(page: str) -> dict[tuple[str, str, str], str]:
    """(column|value, kind or field, header or word) → the question's HTML, as the page shows it."""
    return {(c, html.unescape(k), html.unescape(h)): body for c, _, k, h, body in _QUESTION.findall(page)}


def selected(body: str) -> str:
    return html.unescape(re.search(r'<option value="([^"]*)" selected', body).group(1))  # type: ignore[union-attr]


def effect(body: str) -> str:
    return html.unescape(re.search(r'<p class="effect"[^>]*>([^<]*)</p>', body).group(1))  # type: ignore[union-attr]


def answer(c: Any, key: str, columns: list[tuple[str, str, str]] = [],
           values: list[tuple[str, str, str]] = [], **extra: str) -> Any:
    """Post the question form: columns (kind, header, choice), values (field, word, code)."""
    form: dict[str, str] = {"csrf": csrf(c), "file": "0", "remembered": "0", **extra}
    for i, (kind, header, choice) in enumerate(columns):
        form.update({f"column_kind_{i}": kind, f"column_header_{i}": header, f"column_{i}": choice})
    for j, (name, word, code) in enumerate(values):
        form.update({f"value_field_{j}": name, f"value_word_{j}": word, f"value_{j}": code})
    return c.post(f"/r/{key}/answers", data=form)


ALL = {"columns": [("staff", "辦理保護案件", "保護性")],
       "values": [("role", "社工師", "social_worker"), ("funding", "縣預算", "county")]}


def test_unknown_column_and_words_are_asked_with_samples_choices_and_effects(tmp_path: Path) -> None:
    path = asking_workbook(tmp_path / "臺中市-112.xlsx")
    page = upload(client(), [read(path)]).text
    asked = questions(page)
    assert set(asked) == {("column", "staff", "辦理保護案件"), ("value", "role", "社工師"), ("value", "funding", "縣預算")}
    column = asked[("column", "staff", "辦理保護案件")]
    assert "位置：人員名冊!G1" in column
    assert re.findall(r'<span class="sample">([^<]*)</span>', column) == ["是", "否"]
    options = dict(re.findall(r'<option value="([^"]*)"[^>]*data-effect="([^"]*)"[^>]*>', column))
    assert options[""] == "這一欄不匯入，也不用於檢核"  # 不使用
    assert options["保護性"] == "這一欄將用來檢核「360俸點」、「案量比」規定"  # from the rules that read it
    assert options["薪點"] == "這一欄將用來檢核「360俸點」規定"
    assert selected(column) == "?" and effect(column) == "尚未決定：這一欄原樣保留，不用於檢核"
    role = asked[("value", "role", "社工師")]
    assert "出現在 人員名冊!D2，共 1 格" in role and "「職稱」欄的「社工師」" in role
    labels = re.findall(r'<option value="[a-z_]+"[^>]*>([^<]*)</option>', role)
    assert labels[:3] == ["社工員", "資深社工", "督導"]  # codes by their zh labels
    funding = asked[("value", "funding", "縣預算")]
    assert 'data-effect="「縣預算」將視為「地方自籌」，用來檢核「督導比」規定"' in funding
    # the findings they answer point to them; the page never sends an officer to a mapping file
    assert page_keys(page, path.name) == [("IMPORT002", "", "人員名冊!G1"), ("SCHEMA001", "/staff/0/role", "人員名冊!D2"),
                                          ("SCHEMA001", "/staff/1/funding", "人員名冊!E3")]
    assert "請在對照檔 headers 指定" not in page and "--mapping 對照檔" not in page
    assert "不認得的欄位「辦理保護案件」，內容未用於檢核：請在上方「請您確認」選擇這一欄的意思" in page
    assert page.count('<a class="asks" href="#q-0-') == 3
    assert "這份名冊有 3 項需要您確認" in page
    assert not any(name in page for name in NAMES)  # the 姓名 column is known; names stay hidden


def test_answers_recheck_the_held_upload_and_download_as_the_mapping_check_reads(tmp_path: Path) -> None:
    path = asking_workbook(tmp_path / "臺中市-112.xlsx")
    c = client()
    key = result_key(upload(c, [read(path)]))
    response = answer(c, key, **ALL)  # type: ignore[arg-type]
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/r/{key}#questions-0")
    page = c.get(f"/r/{key}").text
    assert page_keys(page, path.name) == [("PAY001", "/staff/0", "人員名冊 第 2 列"), ("SUP001", "/teams/0", "人員名冊!C2")]
    assert "已套用您的 3 項回答並重新檢核。" in page and "3 項都已回答（按此檢視或更改）" in page
    asked = questions(page)  # still listed, with the answers, so they can be changed
    assert selected(asked[("column", "staff", "辦理保護案件")]) == "保護性"
    assert selected(asked[("value", "role", "社工師")]) == "social_worker"
    assert effect(asked[("value", "funding", "縣預算")]) == "「縣預算」將視為「地方自籌」，用來檢核「督導比」規定"
    mapping = c.get(f"/r/{key}/mapping.yaml")
    assert mapping.headers["Content-Disposition"].startswith('attachment; filename="mapping.yaml"')
    text = mapping.data.decode("utf-8")
    assert yaml.safe_load(text) == {"headers": {"staff": {"辦理保護案件": "保護性"}},
                                    "values": {"role": {"社工師": "社工員"}, "funding": {"縣預算": "地方自籌"}}}
    assert text.startswith("# sncheck serve 依您對 臺中市-112.xlsx 的回答產生的對照檔")
    mapping_path = tmp_path / "mapping.yaml"
    mapping_path.write_bytes(mapping.data)
    # the command line, with the downloaded file, finds what the page found
    assert cli_keys(cli_json(str(path), "--mapping", str(mapping_path))["files"][0]["findings"]) == page_keys(page, path.name)


def test_each_answer_changes_only_the_findings_that_depend_on_it(tmp_path: Path) -> None:
    path = asking_workbook(tmp_path / "臺中市-112.xlsx")
    c = client()
    key = result_key(upload(c, [read(path)]))
    answer(c, key, values=ALL["values"])  # the words only: the roster reads, the column is still unknown
    page = c.get(f"/r/{key}").text
    assert page_keys(page, path.name) == [("IMPORT002", "", "人員名冊!G1"), ("SUP001", "/teams/0", "人員名冊!C2")]
    assert "還有 1 項尚未決定。" in page
    answer(c, key, columns=[("staff", "辦理保護案件", "保護性")])  # the column too: now 360 points are checked
    assert ("PAY001", "/staff/0", "人員名冊 第 2 列") in page_keys(c.get(f"/r/{key}").text, path.name)
    answer(c, key, columns=[("staff", "辦理保護案件", "")])  # changed: 不使用 leaves the column out altogether
    page = c.get(f"/r/{key}").text
    assert page_keys(page, path.name) == [("SUP001", "/teams/0", "人員名冊!C2")]
    assert selected(questions(page)[("column", "staff", "辦理保護案件")]) == ""
    assert yaml.safe_load(c.get(f"/r/{key}/mapping.yaml").data)["headers"] == {"staff": {"辦理保護案件": None}}
    answer(c, key, values=[("role", "社工師", "?")])  # withdrawn: the word is an error again
    assert ("SCHEMA001", "/staff/0/role", "人員名冊!D2") in page_keys(c.get(f"/r/{key}").text, path.name)
    answer(c, key, clear="1")  # 清除所有回答: as uploaded
    page = c.get(f"/r/{key}").text
    assert [r for r, _, _ in page_keys(page, path.name)] == ["IMPORT002", "SCHEMA001", "SCHEMA001"]
    assert 'data-cleared="1"' in page and 'data-answered="0"' in page


def test_a_choice_the_page_did_not_offer_is_ignored(tmp_path: Path) -> None:
    path = asking_workbook(tmp_path / "臺中市-112.xlsx")
    c = client()
    key = result_key(upload(c, [read(path)]))
    response = answer(c, key, columns=[("staff", "辦理保護案件", "__proto__"), ("nosuch", "x", "保護性"),
                                       ("staff", "x" * 600, "保護性"), ("staff", "未問的欄位", "保護性")],
                      values=[("role", "社工師", "king"), ("salary", "縣預算", "county"), ("funding", "縣預算", "county"),
                              ("role", "未問的詞", "supervisor")])
    assert response.status_code == 303
    page = c.get(f"/r/{key}").text
    assert [r for r, _, _ in page_keys(page, path.name)] == ["IMPORT002", "SCHEMA001"]  # only 縣預算 was answered
    assert yaml.safe_load(c.get(f"/r/{key}/mapping.yaml").data) == {"values": {"funding": {"縣預算": "地方自籌"}}}


def test_answers_need_the_form_csrf_value_and_a_held_upload(tmp_path: Path) -> None:
    path = asking_workbook(tmp_path / "臺中市-112.xlsx")
    c = client()
    key = result_key(upload(c, [read(path)]))
    refused = c.post(f"/r/{key}/answers", data={"column_kind_0": "staff", "column_header_0": "辦理保護案件",
                                                "column_0": "保護性"})
    assert refused.status_code == 403
    assert [r for r, _, _ in page_keys(c.get(f"/r/{key}").text, path.name)][0] == "IMPORT002"
    assert answer(c, "no-such-key", **ALL).status_code == 410  # type: ignore[arg-type]
    assert c.get("/r/no-such-key/mapping.yaml").status_code == 410


def test_script_in_a_header_and_a_word_is_shown_as_text_and_written_safely(tmp_path: Path) -> None:
    header, word = "<script>alert('h')</script>", "<script>alert('v')</script>"
    path = asking_workbook(tmp_path / "臺中市-112.xlsx", protective_header=header, role_word=word)
    c = client()
    response = upload(c, [read(path)])
    page = response.text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;h&#39;)&lt;/script&gt;" in page
    assert set(questions(page)) >= {("column", "staff", header), ("value", "role", word)}
    key = result_key(response)
    answer(c, key, columns=[("staff", header, "保護性")],
           values=[("role", word, "social_worker"), ("funding", "縣預算", "county")])
    page = c.get(f"/r/{key}").text
    assert "<script>alert" not in page
    assert ("PAY001", "/staff/0", "人員名冊 第 2 列") in page_keys(page, path.name)
    text = c.get(f"/r/{key}/mapping.yaml").data.decode("utf-8")
    assert parse_mapping(yaml.safe_load(text)).headers == {"staff": {header: "保護性"}}
    assert parse_mapping(yaml.safe_load(text)).values["role"] == {word: "social_worker"}


def test_a_mapping_file_uploaded_with_the_roster_is_not_asked_again_and_joins_the_download(tmp_path: Path) -> None:
    path = asking_workbook(tmp_path / "臺中市-112.xlsx")
    mapping = ("county: 臺中市\nheaders:\n  staff: {辦理保護案件: 保護性}\n").encode("utf-8")
    c = client()
    response = upload(c, [read(path), ("mapping.yaml", mapping)])
    assert set(questions(response.text)) == {("value", "role", "社工師"), ("value", "funding", "縣預算")}
    key = result_key(response)
    answer(c, key, values=ALL["values"])
    assert yaml.safe_load(c.get(f"/r/{key}/mapping.yaml").data) == {
        "county": "臺中市", "headers": {"staff": {"辦理保護案件": "保護性"}},
        "values": {"role": {"社工師": "社工員"}, "funding": {"縣預算": "地方自籌"}}}


def test_a_workbook_with_nothing_to_ask_has_no_question_step(tmp_path: Path) -> None:
    path = asking_workbook(tmp_path / "臺中市-112.xlsx", protective_header="保護性", role_word="社工員")
    book = openpyxl.load_workbook(path)
    book.active["E3"] = "地方自籌"
    book.save(path)
    page = upload(client(), [read(path)]).text
    assert 'class="questions"' not in page and "需要您確認" not in page
    assert [r for r, _, _ in page_keys(page, path.name)] == ["PAY001", "SUP001"]


def test_a_sheet_without_a_header_row_is_not_sent_to_a_mapping_file(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "人員名冊"
    book.active.append(["甲", "乙", "丙"])
    book.active.append([1, 2, 3])
    book.save(tmp_path / "臺中市-112.xlsx")
    page = upload(client(), [read(tmp_path / "臺中市-112.xlsx")]).text
    assert "找不到標題列" in page and "--mapping" not in page.split('<p class="tech">')[0]


def test_the_question_step_in_english(tmp_path: Path) -> None:
    path = asking_workbook(tmp_path / "臺中市-112.xlsx")
    c = client()
    key = result_key(upload(c, [read(path)]))
    page = c.get(f"/r/{key}?lang=en").text
    asked = questions(page)
    column = asked[("column", "staff", "辦理保護案件")]
    assert "Column “辦理保護案件”" in html.unescape(column)
    assert 'data-effect="The column will be used to check the “360-point pay” rules"' in html.unescape(column)
    assert ">保護性 (protective)</option>" in column
    assert ">social_worker (社工員)</option>" in asked[("value", "role", "社工師")]
    assert "unknown column “辦理保護案件”, not used in the check" in html.unescape(page)
    text = c.get(f"/r/{key}/mapping.yaml?lang=en").data.decode("utf-8")
    assert text.startswith("# mapping file made by sncheck serve from your answers about 臺中市-112.xlsx")


def test_a_team_whose_name_says_no_unit_type_is_asked_which_kind_of_unit_it_is(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "人員名冊"
    book.active.append(["員工編號", "姓名", "單位", "職稱", "經費來源", "保護性"])
    for i in range(7):
        book.active.append([f"W{i}", f"範例{i}", "保護服務組", "社工員", "中央補助", "是"])
    book.active.append(["S1", "督導甲", "保護服務組", "督導", "中央補助", "否"])
    book.active.append(["S2", "督導乙", "保護服務組", "督導", "中央補助", "否"])
    book.save(tmp_path / "臺中市-112.xlsx")
    path = tmp_path / "臺中市-112.xlsx"
    c = client()
    response = upload(c, [read(path)])
    assert page_keys(response.text, path.name) == [("SCHEMA001", "/teams/0", "人員名冊!C2")]
    unit = re.search(r'<fieldset class="question unit" id="(q-0-u0)" data-team="保護服務組">(.*?)</fieldset>',
                     response.text, re.S)
    assert unit is not None and "「單位」欄的「保護服務組」是哪一類單位" in unit.group(2)
    assert "出現在 人員名冊!C2、人員名冊!C3、人員名冊!C4、人員名冊!C5、人員名冊!C6 等，共 9 格" in unit.group(2)
    assert '<a class="asks" href="#q-0-u0">' in response.text
    key = result_key(response)
    c.post(f"/r/{key}/answers", data={"csrf": csrf(c), "unit_team_0": "保護服務組", "unit_0": "family_violence_center"})
    page = c.get(f"/r/{key}").text
    assert page_keys(page, path.name) == [("SUP001", "/teams/0", "人員名冊!C2")]  # now the team is checked
    assert yaml.safe_load(c.get(f"/r/{key}/mapping.yaml").data) == {"teams": {"unit_types": {"保護服務組": "family_violence_center"}}}
    mapping_path = tmp_path / "mapping.yaml"
    mapping_path.write_bytes(c.get(f"/r/{key}/mapping.yaml").data)
    assert cli_keys(cli_json(str(path), "--mapping", str(mapping_path))["files"][0]["findings"]) == page_keys(page, path.name)


def test_an_office_roster_in_everyday_words_needs_no_question(tmp_path: Path) -> None:
    """A title row, 序號 for the id, 學歷科系 and 是否公開甄選, and everyday words (issue 19): read as kept, so the
    first upload shows the findings, with no question, exactly as `sncheck check` does with no mapping file."""
    path = _office_roster(tmp_path, ["序號", "姓名", "單位", "職稱", "經費來源", "學歷科系", "是否公開甄選", "到職日期"],
                          ("社會工作學系", "社會工作研究所", "心理學系"), ("是", "否", "是"))
    response = upload(client(), [read(path)])
    assert questions(response.text) == {}
    keys = page_keys(response.text, path.name)
    assert {rule for rule, _, _ in keys} >= {"QUAL001", "SUP001"}
    assert cli_keys(cli_json(str(path))["files"][0]["findings"]) == keys


def _office_roster(tmp_path: Path, header: list[str], departments: tuple[str, str, str],
                   recruitment: tuple[str, str, str]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人力配置表"
    sheet.append(["臺中市政府社會局 112年度 社安網人力配置表"])
    sheet.append(header)
    sheet.append([1, "王小明", "北區社福中心", "社工", "社安網補助", departments[0], recruitment[0], "112/3/1"])
    sheet.append([2, "李美華", "北區社福中心", "社工督導", "社安網補助", departments[1], recruitment[1], "110/1/1"])
    sheet.append([3, "張三", "北區社福中心", "心衛社工", "自籌", departments[2], recruitment[2], "112/2/1"])
    path = tmp_path / "臺中市-112-人力配置表.xlsx"
    book.save(path)
    return path


def test_an_office_roster_is_answered_in_two_rounds_and_a_missing_column_points_to_the_questions(tmp_path: Path) -> None:
    """Headers and words the wording file does not know: the first round maps the columns, the second the words
    those columns hold; the missing 職稱 points to the column questions."""
    path = _office_roster(tmp_path, ["人員代號", "姓名", "單位", "職級", "經費來源", "最高學歷系所", "甄選方式", "到職日期"],
                          ("家庭研究與兒童發展學系", "社會工作研究所", "心理學系"), ("考試", "約聘", "考試"))
    c = client()
    response = upload(c, [read(path)])
    assert re.search(r'標題列缺少必要欄位「職稱」（各列缺這一欄不再逐列列出） <a class="asks" href="#q-0-c0">', response.text)
    assert [(k, h) for c_, k, h in questions(response.text) if c_ == "column"] == [
        ("staff", "人員代號"), ("staff", "職級"), ("staff", "最高學歷系所"), ("staff", "甄選方式")]
    key = result_key(response)
    answer(c, key, columns=[("staff", "人員代號", "員工編號"), ("staff", "職級", "職稱"),
                            ("staff", "最高學歷系所", "專業背景"), ("staff", "甄選方式", "進用方式")])
    page = c.get(f"/r/{key}").text
    assert {(k, h) for c_, k, h in questions(page) if c_ == "value" and selected(questions(page)[(c_, k, h)]) == "?"} == {
        ("profession", "家庭研究與兒童發展學系"), ("recruitment", "考試"), ("recruitment", "約聘")}
    answer(c, key, values=[("profession", "家庭研究與兒童發展學系", "social_work"), ("recruitment", "考試", "open"),
                           ("recruitment", "約聘", "other")])
    page = c.get(f"/r/{key}").text
    keys = page_keys(page, path.name)
    assert {rule for rule, _, _ in keys} >= {"QUAL001", "SUP001"}
    mapping_path = tmp_path / "mapping.yaml"
    mapping_path.write_bytes(c.get(f"/r/{key}/mapping.yaml").data)
    assert cli_keys(cli_json(str(path), "--mapping", str(mapping_path))["files"][0]["findings"]) == keys


def test_a_rosters_link_to_its_corrected_copy_says_roster_not_plan(tmp_path: Path) -> None:
    """A user trial: the link at the top read 「修正後的計畫」 for a roster workbook."""
    page = upload(client(), [read(asking_workbook(tmp_path / "臺中市-112-名冊.xlsx"))]).text
    links = re.findall(r'<a href="#corrected-\d+">([^<]*)</a>', page)
    assert links == ["修正後的名冊"]


def test_a_centres_sheet_whose_name_says_no_unit_type_is_asked_at_a_cell_and_its_fix_names_it(tmp_path: Path) -> None:
    """A sheet per centre named 北區家庭服務中心 (no column names the team): the question and the finding name
    the cell of the team's first row (北區家庭服務中心!A5), never a bare row (北區家庭服務中心!5); answered, SUP001's
    tick box names the same cell (a user trial)."""
    from test_tabular_team_cells import centre_sheet

    path = centre_sheet(tmp_path / "高雄市-113.xlsx", "北區家庭服務中心", "高雄市113年度社安網社工人員名冊")
    c = client()
    response = upload(c, [read(path)])
    assert ("SCHEMA001", "/teams/0", "北區家庭服務中心!A5") in page_keys(response.text, path.name)
    unit = re.search(r'<fieldset class="question unit" id="(q-0-u0)" data-team="北區家庭服務中心">(.*?)</fieldset>',
                     response.text, re.S)
    assert unit is not None
    assert "工作表「北區家庭服務中心」（以工作表名稱為組別）是哪一類單位" in unit.group(2)
    assert "組別在 北區家庭服務中心!A5" in unit.group(2) and "」欄的「" not in unit.group(2)
    assert '<a class="asks" href="#q-0-u0">' in response.text
    key = result_key(response)
    c.post(f"/r/{key}/answers", data={"csrf": csrf(c), "unit_team_0": "北區家庭服務中心", "unit_0": "social_welfare_center"})
    page = c.get(f"/r/{key}").text
    assert ("SUP001", "/teams/0", "北區家庭服務中心!A5") in page_keys(page, path.name)
    ticks = re.findall(r'<input type="checkbox" name="unsafe" value="SUP001\|/teams/0">(.*?)</label>', page, re.S)
    assert len(ticks) == 1 and "（北區家庭服務中心!A5）" in ticks[0], ticks
    assert not re.search(r"北區家庭服務中心!\d", page)
