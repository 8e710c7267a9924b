"""``sncheck serve`` through Flask's test client: what the page shows is what ``sncheck check`` finds.

Fast (no browser); the same flows in a real Chromium are in tests/test_web_serve_browser.py.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from markupsafe import escape
from click.testing import CliRunner

from hostile import CASES
from serve_helpers import EXAMPLES, NAMES, PLAN_EXAMPLES, cli_json, cli_keys, page_keys, roster_workbook
from sncheck.cli import main
from sncheck.read.limits import Limits
from sncheck.web.app import ServeSettings, create_app
from sncheck.web.store import Store


def client(**settings: Any) -> Any:
    app = create_app(ServeSettings(**settings))
    app.config["TESTING"] = False  # errors as the officer sees them, not re-raised
    c = app.test_client()
    c.get("/")  # sets the CSRF cookie, as the form page does in a browser
    return c


def csrf(c: Any) -> str:
    return c.get_cookie("sncheck_csrf").value  # type: ignore[no-any-return]


def upload(c: Any, files: list[tuple[str, bytes]], **fields: str) -> Any:
    """Post the form; returns the result page (following the 303)."""
    data: dict[str, Any] = {"csrf": csrf(c), **fields,
                            "files": [(io.BytesIO(body), name) for name, body in files]}
    return c.post("/check", data=data, content_type="multipart/form-data", follow_redirects=True)


def read(path: Path) -> tuple[str, bytes]:
    return path.name, path.read_bytes()


def result_key(response: Any) -> str:
    return re.search(r'href="/r/([^/"]+)/findings.json"', response.text).group(1)  # type: ignore[union-attr]


# --------------------------------------------------------------------------- the page says what check says


def test_examples_show_exactly_the_findings_of_check_json() -> None:
    c = client()
    page = upload(c, [read(p) for p in PLAN_EXAMPLES])
    assert page.status_code == 200
    expected = cli_json(*map(str, PLAN_EXAMPLES))
    for path, entry in zip(PLAN_EXAMPLES, expected["files"]):
        assert page_keys(page.text, path.name) == cli_keys(entry["findings"]), path.name
    errors = expected["summary"]["errors"]
    assert re.search(rf'id="verdict"[^>]*>4 個檔案：{errors} 個錯誤', page.text)
    assert "kaohsiung-111.yaml" in page.text and "SUP001" in page.text
    assert 'data-pointer="/teams/0"' in page.text  # SUP001 is about the team H-CV, grouped under it
    assert "組別 H-CV（衛生局關懷訪視組）" in page.text
    assert "依社安網二期計畫處理原則所訂社工督導設置基準：每7名社工設督導1名" in page.text  # the source sentence


def test_json_download_is_check_format_json() -> None:
    c = client()
    page = upload(c, [read(p) for p in PLAN_EXAMPLES])
    got = json.loads(c.get(f"/r/{result_key(page)}/findings.json").data)
    expected = cli_json(*map(str, PLAN_EXAMPLES))
    for entry in expected["files"]:
        entry["path"] = Path(entry["path"]).name
    assert got == expected
    md = c.get(f"/r/{result_key(page)}/findings.md").data.decode()
    assert md.startswith(f"### sncheck：4 個檔案，{expected['summary']['errors']} 個錯誤")


def test_taichung_passes() -> None:
    page = upload(client(), [read(EXAMPLES / "taichung-111.yaml")])
    assert re.search(r'id="verdict" class="verdict-line pass">1 個檔案：通過', page.text)
    assert "沒有發現問題" in page.text


def test_english_switch() -> None:
    c = client()
    assert "開始檢核" in c.get("/").text
    english = c.get("/?lang=en")
    assert "Check" in english.text and "lang=zh" in english.text
    page = upload(c, [read(EXAMPLES / "kaohsiung-111.yaml")])  # the cookie keeps English
    assert "1 file(s): 6 error(s), 1 warning(s)" in page.text
    english_messages = [f["message"] for f in cli_json(str(EXAMPLES / "kaohsiung-111.yaml"), "--lang", "en")
                        ["files"][0]["findings"]]
    assert all(str(escape(m)) in page.text for m in english_messages)
    zh_again = c.get(f"/r/{result_key(page)}?lang=zh")
    assert "1 個檔案：6 個錯誤" in zh_again.text  # the same upload, checked again in zh-TW from memory


def test_english_fix_label_does_not_read_fix_fix_by_hand() -> None:
    """修正建議 in English: the label before the badge "fix by hand" read "fix fix by hand"."""
    c = client()
    c.get("/?lang=en")
    page = upload(c, [read(EXAMPLES / "kaohsiung-111.yaml")])
    assert "<b>suggested fix</b>" in page.text and "<b>fix</b>" not in page.text


@pytest.mark.parametrize("files, fields", [([], {}), ([read(EXAMPLES / "kaohsiung-111.yaml")], {"county": "火星市"})])
def test_language_switch_on_a_form_error_page_opens_the_form_in_that_language(files: Any, fields: Any) -> None:
    """A form error is shown at /check (the address the form posted to); its "English" link must not be a
    GET of /check, which is 405 "That is not supported"."""
    c = client()
    page = upload(c, files, **fields)
    assert page.status_code == 400 and 'id="form-error"' in page.text
    link = html.unescape(re.search(r'id="lang-switch" href="([^"]+)"', page.text).group(1))  # type: ignore[union-attr]
    english = c.get(link if link.startswith("/") else "/check" + link)
    assert english.status_code == 200 and 'id="upload"' in english.text and "Check" in english.text


# --------------------------------------------------------------------------- fixes


def cli_fixed(tmp_path: Path, source: Path, *flags: str) -> bytes:
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    CliRunner().invoke(main, ["fix", str(copy), *flags])
    return copy.read_bytes()


def test_corrected_plan_is_sncheck_fix_and_unsafe_fixes_only_when_ticked(tmp_path: Path) -> None:
    c = client()
    source = EXAMPLES / "kaohsiung-111.yaml"
    page = upload(c, [read(source)])
    key = result_key(page)
    assert "下載時會自動套用下列 3 項修正" in page.text
    assert 'name="unsafe" value="SUP001|/teams/0"' in page.text  # SUP001 picks who moves: the officer chooses
    safe = c.post(f"/r/{key}/0/plan", data={"csrf": csrf(c)})
    assert safe.status_code == 200
    assert "kaohsiung-111.fixed.yaml" in safe.headers["Content-Disposition"]
    (tmp_path / "a").mkdir()
    assert safe.data == cli_fixed(tmp_path / "a", source)
    chosen = c.post(f"/r/{key}/0/plan", data={"csrf": csrf(c), "unsafe": "SUP001|/teams/0"})
    (tmp_path / "b").mkdir()
    assert chosen.data == cli_fixed(tmp_path / "b", source, "--unsafe")
    assert chosen.data != safe.data
    forged = c.post(f"/r/{key}/0/plan", data={"csrf": csrf(c), "unsafe": "SUP001|/staff/0"})
    assert forged.data == safe.data  # only fixes the page offered can be chosen


def test_plan_with_names_needs_show_personal_data_for_the_whole_file() -> None:
    c = client()
    taipei = EXAMPLES / "taipei-110.json"
    names = [s["name"] for s in json.loads(taipei.read_text(encoding="utf-8"))["staff"] if s.get("name")]
    assert names
    page = upload(c, [read(taipei)])
    key = result_key(page)
    assert not any(name in page.text for name in names)
    assert "需先顯示個人資料，才能下載整份檔案" in page.text
    assert c.post(f"/r/{key}/0/plan", data={"csrf": csrf(c)}).status_code == 403
    shown = c.post(f"/r/{key}/personal", data={"csrf": csrf(c), "show": "1"}, follow_redirects=True)
    assert any(name in shown.text for name in names)  # ticked: names in the group titles
    download = c.post(f"/r/{key}/0/plan", data={"csrf": csrf(c)})
    assert download.status_code == 200 and names[0] in download.data.decode("utf-8")


# --------------------------------------------------------------------------- rosters


def test_csv_set_with_mapping_and_side_file_is_checked_as_check_does(tmp_path: Path) -> None:
    roster = (EXAMPLES / "roster" / "roster.csv").read_text(encoding="utf-8-sig")
    broken = roster.replace("N-02,範例2,北區社福中心,社工員", "N-02,範例2,北區社福中心,社工師", 1)
    assert broken != roster
    folder = tmp_path / "set"
    shutil.copytree(EXAMPLES / "roster", folder)
    (folder / "roster.csv").write_text(broken, encoding="utf-8-sig")
    c = client()
    page = upload(c, [read(folder / "roster.csv"), read(folder / "teams.csv"), read(folder / "mapping.yaml")])
    assert "使用的對照檔：mapping.yaml；附表：teams.csv" in page.text
    expected = cli_json(str(folder / "roster.csv"), "--mapping", str(folder / "mapping.yaml"))["files"][0]
    assert page_keys(page.text, "roster.csv") == cli_keys(expected["findings"])
    assert ("SCHEMA001", "/staff/1/role", "roster.csv D3") in page_keys(page.text, "roster.csv")
    assert "臺中市 111 年度" in page.text
    assert str(tmp_path) not in page.text and "sncheck-serve-" not in page.text  # no private folder paths
    assert "範例2" not in page.text


def test_workbook_county_and_year_from_its_file_name_findings_at_cells(tmp_path: Path) -> None:
    path = roster_workbook(tmp_path / "臺中市-111-人員名冊.xlsx")
    c = client()
    page = upload(c, [read(path)])
    expected = cli_json(str(path))["files"][0]
    assert page_keys(page.text, path.name) == cli_keys(expected["findings"])
    assert ("SUP001", "/teams/0", "人員名冊!C2") in page_keys(page.text, path.name)
    assert not any(name in page.text for name in NAMES)
    key = result_key(page)
    # the corrected plan is the imported YAML (without names), SUP001's unsafe fix offered to tick
    assert "計畫檔（YAML）是名冊轉成的計畫" in page.text and 'value="SUP001|/teams/0"' in page.text
    plan = c.post(f"/r/{key}/0/plan", data={"csrf": csrf(c), "unsafe": "SUP001|/teams/0"})
    text = plan.data.decode("utf-8")
    assert "臺中市-111-人員名冊.yaml" in plan.headers["Content-Disposition"].replace("%", "") or \
        "filename*=UTF-8''" in plan.headers["Content-Disposition"]
    assert "# 人員名冊!第9列" in text and not any(name in text for name in NAMES)
    from sncheck.read.document import read_document

    staff = read_document("p.yaml", plan.data).data["staff"]
    assert [s["funding"] for s in staff if s["role"] in ("supervisor", "督導")] == ["central", "county"]


def test_corrected_roster_is_the_countys_workbook_with_the_ticked_fix_in_its_cells(tmp_path: Path) -> None:
    """「修正後的名冊」: the same code as ``sncheck fix ROSTER.xlsx -o OUT.xlsx --unsafe`` on the upload; the
    workbook holds names, so it is offered once personal data is shown, as the annotated copy is."""
    import io

    import openpyxl

    from sncheck.tabular.annotate import FINDINGS_SHEET, FIXED_FILL

    path = roster_workbook(tmp_path / "臺中市-111-人員名冊.xlsx")
    c = client()
    key = result_key(upload(c, [read(path)]))
    refused = c.post(f"/r/{key}/0/roster", data={"csrf": csrf(c), "unsafe": "SUP001|/teams/0", "annotate": "1"})
    assert refused.status_code == 403
    page = c.post(f"/r/{key}/personal", data={"csrf": csrf(c), "show": "1"}, follow_redirects=True)
    assert "下載修正後的名冊" in page.text and 'id="dl-roster-0"' in page.text
    key = result_key(page)
    got = c.post(f"/r/{key}/0/roster", data={"csrf": csrf(c), "unsafe": "SUP001|/teams/0", "annotate": "1"})
    assert got.status_code == 200 and "attachment" in got.headers["Content-Disposition"]
    book, original = openpyxl.load_workbook(io.BytesIO(got.data)), openpyxl.load_workbook(path)
    sheet = book["人員名冊"]
    changed = [(cell.coordinate, original["人員名冊"][cell.coordinate].value, cell.value)
               for row in sheet.iter_rows() for cell in row if original["人員名冊"][cell.coordinate].value != cell.value]
    assert changed == [("E10", "中央補助", "地方自籌")]  # the last-listed supervisor, in the roster's words
    assert sheet["E10"].fill.fgColor.rgb == FIXED_FILL and "SUP001" in sheet["E10"].comment.text
    assert book.sheetnames[0] == FINDINGS_SHEET  # ticked "also mark what is still wrong": one file
    plain = c.post(f"/r/{key}/0/roster", data={"csrf": csrf(c)})  # nothing ticked: no unsafe fix, no sheet
    plain_book = openpyxl.load_workbook(io.BytesIO(plain.data))
    assert plain_book["人員名冊"]["E10"].value == "中央補助" and FINDINGS_SHEET not in plain_book.sheetnames


def test_corrected_csv_roster_keeps_its_encoding(tmp_path: Path) -> None:
    """A CP950 CSV (Excel's 「CSV」 on a zh-TW PC) comes back as a CP950 CSV with the fix in its field."""
    rows = ["員工編號,單位/組別,職稱,經費來源,年資起日,經費別",
            "S-001,北區社福中心,社工員,中央補助,110/1/1,社安網預算",
            "S-002,北區社福中心,資深社工,中央補助,110/1/1,社安網預算"]
    raw = ("\r\n".join(rows) + "\r\n").encode("cp950")
    c = client()
    page = upload(c, [("臺中市-111-名冊.csv", raw)])
    assert "下載修正後的名冊" in page.text and 'id="annotate-0"' not in page.text  # a CSV holds no marks
    got = c.post(f"/r/{result_key(page)}/0/roster", data={"csrf": csrf(c)})
    assert got.status_code == 200 and got.mimetype == "text/csv"
    assert got.data == raw.replace("資深社工".encode("cp950"), "社工員".encode("cp950"))


def test_roster_without_county_says_how_to_give_it(tmp_path: Path) -> None:
    path = roster_workbook(tmp_path / "roster.xlsx")
    page = upload(client(), [read(path)])
    assert "這份名冊沒有縣市或計畫年度" in page.text
    with_fields = upload(client(), [read(path)], county="臺中市", plan_year="111")
    assert "這份名冊沒有縣市或計畫年度" not in with_fields.text
    assert ("SUP001", "/teams/0", "人員名冊!C2") in page_keys(with_fields.text, "roster.xlsx")


def test_several_files_give_the_batch_report(tmp_path: Path) -> None:
    c = client()
    page = upload(c, [read(p) for p in PLAN_EXAMPLES])
    key = result_key(page)
    report = c.get(f"/r/{key}/report.html")
    assert report.status_code == 200 and "attachment" in report.headers["Content-Disposition"]
    assert re.findall(r'<tr data-county="([^"]+)" data-year="([^"]+)"', report.data.decode()) == [
        ("臺北市", "110"), ("臺中市", "111"), ("臺南市", "112"), ("高雄市", "111")]  # a row per county and plan year
    summary = c.get(f"/r/{key}/summary.csv").data.decode("utf-8-sig").splitlines()
    assert summary[0].startswith("縣市,計畫年度,檔案數,結果") and any(line.startswith("臺中市,111,1,通過") for line in summary)
    assert any(line.startswith("高雄市,111,1,未通過") for line in summary)


# --------------------------------------------------------------------------- hostile, broken, escaped


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file_is_its_parse001_on_the_page(case: str) -> None:
    name, make, _reason = CASES[case]
    page = upload(client(), [(name, make())])
    assert page.status_code == 200
    assert 'data-rule="PARSE001"' in page.text
    assert "Traceback" not in page.text


def test_broken_and_unknown_files_are_findings_not_errors(tmp_path: Path) -> None:
    c = client()
    page = upload(c, [("broken.xlsx", b"not a zip"), ("notes.txt", b"hello"), ("empty.yaml", b""),
                      ("bad.json", b'{"a": 1,}'), ("schema.yaml", b"format: sncheck/plan@1\ncounty: 1\n")])
    assert page.status_code == 200
    for name, rule in (("broken.xlsx", "PARSE001"), ("notes.txt", "PARSE001"), ("empty.yaml", "PARSE001"),
                       ("bad.json", "PARSE001"), ("schema.yaml", "SCHEMA001")):
        assert rule in {r for r, _, _ in page_keys(page.text, name)}, name
    assert "不是 sncheck 能讀的檔案類型" in page.text


def test_script_in_file_name_and_plan_value_is_text() -> None:
    plan = (EXAMPLES / "kaohsiung-111.yaml").read_text(encoding="utf-8").replace("H-CV", "<script>alert(1)</script>")
    page = upload(client(), [("<img src=x onerror=alert(2)>.yaml", plan.encode("utf-8"))])
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text  # shown as text in the group title and message
    assert "<img" not in page.text and "&lt;img src=x onerror=alert(2)&gt;.yaml" in page.text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


def test_mapping_file_error_is_shown_on_the_form() -> None:
    page = upload(client(), [("mapping.yaml", "county: 臺中市\nsheets: {staff: 1, nonsense: 2}\n".encode()),
                             read(EXAMPLES / "roster" / "roster.csv")])
    assert page.status_code == 400
    assert "對照檔有誤" in page.text and "nonsense" in page.text


# --------------------------------------------------------------------------- limits, nothing kept


@pytest.mark.parametrize("typed, year", [("１１１", 111), ("111 ", 111)])
def test_a_year_typed_with_full_width_digits_is_that_year(tmp_path: Path, typed: str, year: int) -> None:
    """A Chinese input method types １１１: the roster is checked for 111, as if typed 111."""
    path = roster_workbook(tmp_path / "roster.xlsx")
    page = upload(client(), [read(path)], county="臺中市", plan_year=typed)
    assert page.status_code == 200 and f"臺中市 {year} 年度" in page.text


@pytest.mark.parametrize("typed", ["²", "111年", "民國111", "-1", "1000"])
def test_a_year_that_is_no_roc_year_is_a_form_error_not_an_internal_error(typed: str) -> None:
    page = upload(client(), [read(EXAMPLES / "kaohsiung-111.yaml")], plan_year=typed)
    assert page.status_code == 400 and 'id="form-error"' in page.text


def test_far_too_many_small_files_are_told_the_file_limit_not_the_size_limit() -> None:
    """A reviewer drops a folder of 120 small files: the form parser's part limit refuses it before the
    page counts the files; the page said "over 101 MB", which they were not."""
    page = upload(client(), [(f"p{i}.yaml", b"format: sncheck/plan@1\n") for i in range(120)])
    assert page.status_code == 413
    error = re.search(r'id="form-error"[^>]*>([^<]*)<', page.text).group(1)  # type: ignore[union-attr]
    assert "MB" not in error and "50 個檔案" in error


def test_file_count_and_size_limits() -> None:
    c = client(max_files=2)
    page = upload(c, [("a.yaml", b"a: 1"), ("b.yaml", b"b: 1"), ("c.yaml", b"c: 1")])
    assert page.status_code == 400 and "一次最多上傳 2 個檔案（這次有 3 個）" in page.text
    small = client(limits=Limits(max_bytes=1000))
    over_file = upload(small, [("big.yaml", b"# " + b"x" * 2000)])
    assert over_file.status_code == 200 and 'data-rule="PARSE001"' in over_file.text  # the CLI's PARSE001 (size)
    assert "超過上限 1,000 位元組" in over_file.text
    over_request = upload(small, [("huge.yaml", b"x" * 6 * 1024 * 1024)])
    assert over_request.status_code == 413 and "請分次上傳" in over_request.text


def test_forget_and_expiry() -> None:
    c = client()
    page = upload(c, [read(EXAMPLES / "taichung-111.yaml")])
    key = result_key(page)
    assert c.get(f"/r/{key}").status_code == 200
    gone = c.post(f"/r/{key}/forget", data={"csrf": csrf(c)}, follow_redirects=True)
    assert "已清除" in gone.text
    expired = c.get(f"/r/{key}")
    assert expired.status_code == 410 and "請重新上傳檔案" in expired.text


def test_store_expires_and_keeps_under_its_memory_cap() -> None:
    now = [0.0]
    store: Store[str] = Store(keep_seconds=60, max_bytes=100, clock=lambda: now[0])
    a = store.put("a", 60)
    b = store.put("b", 30)
    assert store.get(a) is not None and store.used_bytes() == 90
    c = store.put("c", 40)  # over the cap: the oldest (b; a was just looked at) goes first
    assert store.get(b) is None and store.get(a) is not None and store.get(c) is not None
    now[0] = 61
    assert store.get(a) is None and len(store) == 0


# --------------------------------------------------------------------------- token and CSRF


def test_the_token_page_offers_no_way_back_to_a_page_it_would_refuse_too() -> None:
    """Without the token every page is this page: its 回到上傳頁 link only showed it again."""
    c = create_app(ServeSettings(token="t" * 20)).test_client()
    page = c.get("/r/whatever")
    assert page.status_code == 403 and "需要存取碼" in page.text
    assert "回到上傳頁" not in page.text


def test_token_server_refuses_requests_without_it() -> None:
    token = "t" * 20
    c = create_app(ServeSettings(token=token)).test_client()
    assert c.get("/").status_code == 403
    assert c.get("/static/style.css").status_code == 403
    assert c.get("/?token=wrong-wrong-wrong-wrong").status_code == 403
    first = c.get(f"/?token={token}")
    assert first.status_code == 303 and first.headers["Location"] == "/"  # the token leaves the address bar
    assert "HttpOnly" in first.headers["Set-Cookie"] and "SameSite=Strict" in first.headers["Set-Cookie"]
    assert c.get("/").status_code == 200  # the cookie carries it now
    other = create_app(ServeSettings(token=token)).test_client()
    assert other.get("/", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert other.get("/", headers={"X-Sncheck-Token": token}).status_code == 200
    # a script with the token in a header posts without the page's CSRF value (no browser form can set it)
    scripted = other.post("/check", data={"files": [(io.BytesIO((EXAMPLES / "taichung-111.yaml").read_bytes()),
                                                      "taichung-111.yaml")]},
                          content_type="multipart/form-data", headers={"Authorization": f"Bearer {token}"})
    assert scripted.status_code == 303
    wrong = other.post("/check", data={"files": [(io.BytesIO(b"a: 1"), "a.yaml")]}, content_type="multipart/form-data",
                       headers={"Authorization": "Bearer " + "x" * 20})
    assert wrong.status_code == 403


def test_posts_without_the_csrf_value_or_from_another_site_are_refused() -> None:
    c = client()
    body = {"files": [(io.BytesIO(b"x: 1"), "a.yaml")]}
    assert c.post("/check", data=dict(body), content_type="multipart/form-data").status_code == 403
    forged = c.post("/check", data={"csrf": "guess", "files": [(io.BytesIO(b"x: 1"), "a.yaml")]},
                    content_type="multipart/form-data")
    assert forged.status_code == 403 and "跨站請求保護" in forged.text
    cross = c.post("/check", data={"csrf": csrf(c), "files": [(io.BytesIO(b"x: 1"), "a.yaml")]},
                   content_type="multipart/form-data", headers={"Origin": "http://evil.example"})
    assert cross.status_code == 403


# --------------------------------------------------------------------------- the command


def test_serve_refuses_a_network_address_without_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SNCHECK_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "WARNING" in result.stderr and "refusing to start on 0.0.0.0 without an access token" in result.stderr
    short = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--token", "short"])
    assert short.exit_code == 2 and "at least 32 characters" in short.stderr


# The cold path of `sncheck check` (no web stack, no openpyxl, ...): tests/test_commands_cold_path.py.


# --------------------------------------------------------------------------- annotated workbook (issue 13 part 2)


def test_annotated_workbook_needs_personal_data_for_a_workbook_with_names(tmp_path: Path) -> None:
    import openpyxl

    path = roster_workbook(tmp_path / "臺中市-111.xlsx")
    c = client()
    key = result_key(upload(c, [read(path)]))
    assert c.get(f"/r/{key}/0/annotated.xlsx").status_code == 403  # a copy of the workbook holds its 姓名 column
    c.post(f"/r/{key}/personal", data={"csrf": csrf(c), "show": "1"})
    response = c.get(f"/r/{key}/0/annotated.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[:2] == ["檢核結果", "人員名冊"]
    assert book["人員名冊"]["C2"].comment is not None


def test_annotated_findings_sheet_for_a_plan() -> None:
    import openpyxl

    c = client()
    key = result_key(upload(c, [read(EXAMPLES / "kaohsiung-111.yaml")]))
    response = c.get(f"/r/{key}/0/annotated.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["檢核結果"]
    rows = list(book["檢核結果"].iter_rows(min_row=2, values_only=True))
    table = rows[:rows.index(next(r for r in rows + [(None,) * 7] if r[2] is None))]  # then coverage (issue 21)
    rules = [str(row[2]).split()[0] for row in table]
    expected = [f["rule"] for f in cli_json(str(EXAMPLES / "kaohsiung-111.yaml"))["files"][0]["findings"]]
    assert sorted(rules) == sorted(expected)


def test_serve_prints_the_address_with_the_token_and_opens_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--token`` alone makes one; the printed (and opened) address carries it for the first visit."""
    import waitress.server
    import webbrowser

    started: dict[str, Any] = {}

    class FakeServer:
        effective_port = 8765

        def run(self) -> None:
            started["ran"] = True

        def close(self) -> None:
            started["closed"] = True

    def fake_create_server(app: Any, **kwargs: Any) -> FakeServer:
        started.update(kwargs, app=app)
        return FakeServer()

    monkeypatch.setattr(waitress.server, "create_server", fake_create_server)
    monkeypatch.setattr(webbrowser, "open", lambda url: started.setdefault("opened", url))
    monkeypatch.delenv("SNCHECK_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--token", "--open"])
    assert result.exit_code == 0, result.output
    token = re.search(r"open http://127\.0\.0\.1:8765/\?token=(\S+)", result.stderr).group(1)  # type: ignore[union-attr]
    assert len(token) >= 16 and started["opened"] == f"http://127.0.0.1:8765/?token={token}"
    assert started["host"] == "0.0.0.0" and started["ran"] and started["closed"]
    assert started["app"].extensions["sncheck"]["settings"].token == token
    from_env = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"], env={"SNCHECK_TOKEN": "e" * 32})
    assert from_env.exit_code == 0 and f"?token={'e' * 32}" in from_env.stderr


def test_an_id_column_kept_as_x_field_counts_as_personal_data(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["員工編號", "單位/組別", "職稱", "經費來源", "身分證字號"])
    sheet.append(["W1", "東區社福中心", "社工員", "中央補助", "A123456789"])
    book.save(tmp_path / "臺中市-111.xlsx")
    c = client()
    page = upload(c, [read(tmp_path / "臺中市-111.xlsx")])
    assert "A123456789" not in page.text
    assert c.post(f"/r/{result_key(page)}/0/plan", data={"csrf": csrf(c)}).status_code == 403


def test_the_fill_in_template_is_offered_and_checks_once_filled(tmp_path: Path) -> None:
    import openpyxl

    c = client()
    assert 'href="/template.xlsx"' in c.get("/").text
    response = c.get("/template.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert "人員名冊" in book.sheetnames
    staff = book["人員名冊"]
    header = [cell.value for cell in staff[1]]
    row = {"員工編號": "W1", "單位/組別": "東區社福中心", "職稱": "社工員", "經費來源": "中央補助"}
    staff.append([row.get(str(h).replace("*", "").strip(), None) if h else None for h in header])
    book.save(tmp_path / "臺中市-111.xlsx")
    page = upload(c, [read(tmp_path / "臺中市-111.xlsx")])
    expected = cli_json(str(tmp_path / "臺中市-111.xlsx"))["files"][0]
    assert page_keys(page.text, "臺中市-111.xlsx") == cli_keys(expected["findings"])
    assert not {r for r, _, _ in page_keys(page.text, "臺中市-111.xlsx")} & {"PARSE001", "IMPORT001"}


def test_damaged_workbooks_and_odd_encodings_never_give_the_internal_error_page(tmp_path: Path) -> None:
    import random
    import zipfile

    good = roster_workbook(tmp_path / "臺中市-111.xlsx").read_bytes()
    junk_zip = io.BytesIO()
    with zipfile.ZipFile(junk_zip, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook><broken")
    rng = random.Random(13)
    flipped = bytearray(good)
    for _ in range(40):
        flipped[rng.randrange(len(flipped))] = rng.randrange(256)
    files = [("truncated.xlsx", good[: len(good) // 2]), ("junk-zip.xlsx", junk_zip.getvalue()),
             ("flipped.xlsx", bytes(flipped)), ("cp950.csv", "員工編號,職稱\nW1,社工員\n".encode("cp950")),
             ("utf16.csv", "員工編號\t職稱\nW1\t社工員\n".encode("utf-16")), ("binary.json", bytes(range(256))),
             ("nul.yaml", b"format: sncheck/plan@1\x00\n"), ("empty.csv", b"")]
    page = upload(client(), files, county="臺中市", plan_year="111")
    assert page.status_code == 200
    assert "發生內部錯誤" not in page.text and "Traceback" not in page.text
    for name, _ in files:
        assert f'data-file="{name}"' in page.text, name


def test_a_long_chinese_file_name_is_checked_not_an_internal_error(tmp_path: Path) -> None:
    """Windows lets an officer name a file with up to 255 characters; a Linux folder takes 255 *bytes*, and a
    Chinese character is three. The name under the character cap (120) must still fit the private folder."""
    name = "臺中市-111-" + "強化社會安全網第二期計畫人員名冊" * 6 + ".xlsx"
    assert len(name) < 120 and len(name.encode("utf-8")) > 255
    page = upload(client(), [(name, roster_workbook(tmp_path / "r.xlsx").read_bytes())])
    assert page.status_code == 200 and "發生內部錯誤" not in page.text
    shown = re.search(r'<section class="file" id="file-\d+" data-file="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    assert shown.startswith("臺中市-111-") and shown.endswith(".xlsx") and len(shown.encode("utf-8")) <= 255
    assert ("SUP001", "/teams/0", "人員名冊!C2") in page_keys(page.text, shown)


def test_an_unreadable_workbook_is_not_told_to_add_county_and_year_nor_promised_a_marked_copy() -> None:
    """A .docx renamed .xlsx (or an empty .xlsx): the officer must read that the file is not a workbook, not
    "fill in county and year and check again" (which changes nothing); its download is the findings sheet
    alone (docs/annotate.md), so the page must not describe a coloured copy of the workbook."""
    import zipfile

    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    c = client()
    page = upload(c, [("report.xlsx", docx.getvalue()), ("empty.xlsx", b"")])
    assert [r for r, _, _ in page_keys(page.text, "report.xlsx")] == ["PARSE001"]
    assert [r for r, _, _ in page_keys(page.text, "empty.xlsx")] == ["PARSE001"]
    assert "這份名冊沒有縣市或計畫年度" not in page.text
    assert "您的活頁簿副本" not in page.text and page.text.count("只含「檢核結果」工作表") == 2
    book = openpyxl.load_workbook(io.BytesIO(c.get(f"/r/{result_key(page)}/0/annotated.xlsx").data))
    assert book.sheetnames == ["檢核結果"]


def test_a_plan_that_cannot_be_read_offers_no_corrected_plan() -> None:
    """An empty .yaml or a .json with a syntax error: nothing was read, so nothing was corrected; offering
    "修正後的計畫" gave the officer the same broken (or empty) file under a name that says it is fixed."""
    c = client()
    page = upload(c, [("empty.yaml", b""), ("bad.json", b'{"a": 1,}'), read(EXAMPLES / "kaohsiung-111.yaml")])
    assert [r for r, _, _ in page_keys(page.text, "empty.yaml")] == ["PARSE001"]
    key = result_key(page)
    links = re.findall(rf'href="/r/{key}/(\d+)/plan"', page.text) + re.findall(rf'action="/r/{key}/(\d+)/plan"', page.text)
    assert set(links) == {"2"}
    for index in (0, 1):
        assert c.get(f"/r/{key}/{index}/plan").status_code == 404
    assert c.get(f"/r/{key}/2/plan").status_code == 200


def test_a_mapping_file_alone_says_the_roster_is_missing_not_choose_a_file() -> None:
    """The officer chose mapping.yaml and teams.csv but forgot roster.csv: the form must say what was
    received and what is missing, not "請選擇至少一個檔案" (they did choose files)."""
    roster = EXAMPLES / "roster"
    page = upload(client(), [read(roster / "mapping.yaml"), read(roster / "teams.csv")])
    assert page.status_code == 400
    error = re.search(r'id="form-error"[^>]*>([^<]*)<', page.text).group(1)  # type: ignore[union-attr]
    assert "請選擇至少一個檔案" not in error
    assert "mapping.yaml" in error and "teams.csv" in error and "名冊" in error


# --------------------------------------------------------------------------- the round's summary first


def test_several_files_put_the_rounds_verdict_and_batch_downloads_before_the_per_file_lines() -> None:
    """A reviewer with 20 files reads the counties that fail and the batch downloads first: the line
    ``sncheck batch`` closes with, then report.html / summary.csv, then each file's links and sections."""
    c = client()
    page = upload(c, [read(p) for p in PLAN_EXAMPLES]).text
    batch = CliRunner().invoke(main, ["batch", *map(str, PLAN_EXAMPLES)])
    closing = batch.stdout.strip().splitlines()[-1]
    assert closing.startswith("未通過：")
    summary = re.search(r'<section[^>]*id="summary".*?</section>', page, re.S).group(0)  # type: ignore[union-attr]
    assert f'<p id="county-verdict"' in summary and html.unescape(summary).count(closing) == 1
    for link in ("dl-report", "dl-csv", "dl-json", "dl-md"):
        assert f'id="{link}"' in summary
    first_file_link = min(page.index(f'href="#corrected-{i}"') for i in range(len(PLAN_EXAMPLES)))
    assert page.index('id="summary"') < page.index('id="dl-csv"') < first_file_link < page.index('id="file-0"')
    single = upload(client(), [read(PLAN_EXAMPLES[0])]).text
    assert 'id="county-verdict"' not in single and 'id="dl-report"' not in single  # one file: sncheck check


# --------------------------------------------------------------------------- a long result: contents, groups


def many_findings_plan() -> bytes:
    """kaohsiung-111's staff thirty times (new ids, no names): 95 findings, three rules 30 times each."""
    import yaml

    data = yaml.safe_load((EXAMPLES / "kaohsiung-111.yaml").read_text(encoding="utf-8"))
    data["staff"] = [{**{k: v for k, v in s.items() if k != "name"}, "id": f"{s['id']}-{i}"}
                     for i in range(30) for s in data["staff"]]
    return yaml.safe_dump(data, allow_unicode=True).encode("utf-8")


def test_a_long_result_has_contents_by_rule_and_collapsed_groups(tmp_path: Path) -> None:
    from collections import Counter

    body = many_findings_plan()
    (tmp_path / "big-111.yaml").write_bytes(body)
    expected = Counter(f["rule"] for f in cli_json(str(tmp_path / "big-111.yaml"))["files"][0]["findings"])
    assert sum(expected.values()) > 50
    page = upload(client(), [("big-111.yaml", body)]).text
    toc = re.search(r'<nav class="toc" id="toc-0".*?</nav>', page, re.S).group(0)  # type: ignore[union-attr]
    rows = re.findall(r'<a href="#(file-0-rule-[^"]+)"><code>([^<]+)</code>\s*([^<]*)</a>\s*<span class="count">(\d+)</span>',
                      toc)
    assert {rule: int(n) for _, rule, _, n in rows} == dict(expected)
    # the severity is in words too (the bullet's colour alone says nothing to a screen reader or a grey print)
    assert set(re.findall(r'<li class="sev-(\w+)"><span class="vh">(\w+)：</span>', toc)) == {("error", "錯誤"),
                                                                                            ("warning", "警告")}
    for anchor, rule, title, _ in rows:
        assert title.strip()  # the rule's title, not its id alone
        assert re.search(rf'<article id="{anchor}" class="finding[^"]*" data-rule="{rule}"', page), anchor
    groups = re.findall(r"<details class=\"group[^\"]*\"([^>]*)>", page)
    assert len(groups) > 30 and all("open" not in attrs for attrs in groups)
    assert re.search(r'<details class="group[^"]*"[^>]*>\s*<summary><h3>人員（編號 DA2-07-0，組別 S-DA2）</h3>\s*<span class="count">', page)
    few = upload(client(), [read(EXAMPLES / "kaohsiung-111.yaml")]).text
    few_groups = re.findall(r"<details class=\"group[^\"]*\"([^>]*)>", few)
    assert few_groups and all(" open" in attrs for attrs in few_groups)


# --------------------------------------------------------------------------- the addresses to give colleagues


def test_machine_addresses_are_the_host_name_and_its_non_loopback_ipv4_from_local_resolution() -> None:
    import socket

    from sncheck.web.addresses import machine_addresses

    asked: list[Any] = []

    def getaddrinfo(*args: Any) -> list[Any]:
        asked.append(args)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 0)) for a in ("127.0.1.1", "10.2.3.4", "10.2.3.4",
                                                                                "192.168.7.20")]

    assert machine_addresses(lambda: "hr-pc-07", getaddrinfo) == ("hr-pc-07", ["10.2.3.4", "192.168.7.20"])
    assert asked == [("hr-pc-07", None, socket.AF_INET, socket.SOCK_STREAM)]

    def unknown(*args: Any) -> list[Any]:
        raise socket.gaierror("no such name")

    assert machine_addresses(lambda: "hr-pc-07", unknown) == ("hr-pc-07", [])


def serve_output(monkeypatch: pytest.MonkeyPatch, args: list[str], found: tuple[str | None, list[str]]) -> str:
    import waitress.server

    from sncheck.web import addresses

    class FakeServer:
        effective_port = 8765

        def run(self) -> None:
            pass

        def close(self) -> None:
            pass

    monkeypatch.setattr(waitress.server, "create_server", lambda app, **kwargs: FakeServer())
    monkeypatch.setattr(addresses, "machine_addresses", lambda: found)
    monkeypatch.delenv("SNCHECK_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", *args])
    assert result.exit_code == 0, result.output
    return result.stderr  # type: ignore[no-any-return]


def test_serve_on_every_address_prints_what_colleagues_can_open(monkeypatch: pytest.MonkeyPatch) -> None:
    token = "t" * 32
    out = serve_output(monkeypatch, ["--host", "0.0.0.0", "--token", token], ("hr-pc-07", ["10.2.3.4"]))
    assert f"open http://127.0.0.1:8765/?token={token}" in out  # this machine's own
    colleagues = re.findall(r"(?:同事的網址|for colleagues): (http://\S+)", out)
    assert colleagues == [f"http://hr-pc-07:8765/?token={token}", f"http://10.2.3.4:8765/?token={token}"]
    unknown = serve_output(monkeypatch, ["--host", "0.0.0.0", "--token", token], (None, []))
    assert re.findall(r"(?:同事的網址|for colleagues): (http://\S+)", unknown) == []
    assert "本機的網路位址" in unknown and "this machine's address" in unknown
    assert f"http://<" not in unknown  # no address that does not work
    one = serve_output(monkeypatch, ["--host", "10.2.3.4", "--token", token], ("hr-pc-07", ["10.2.3.4"]))
    assert re.findall(r"(?:同事的網址|for colleagues): (http://\S+)", one) == [f"http://10.2.3.4:8765/?token={token}"]
    alone = serve_output(monkeypatch, [], ("hr-pc-07", ["10.2.3.4"]))
    assert "http://127.0.0.1:8765/" in alone and "colleagues" not in alone  # this PC only


# --------------------------------------------------------------------------- no command-line jargon for officers


JARGON = re.compile(r"--[a-z]|sncheck (?:check|import|fix|batch|serve)\b|指令列|command line")


def officer_text(page: str) -> str:
    """What an officer reads: the page's own words, without the findings (the Checker's messages), the
    notes for technical staff (class="tech") and attributes (title="…" shows only on hover)."""
    page = re.sub(r"<article .*?</article>", "", page, flags=re.S)
    page = re.sub(r'<(\w+) class="tech"[^>]*>.*?</\1>', "", page, flags=re.S)
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_officers_pages_have_no_command_line_jargon_but_keep_it_for_technical_staff(tmp_path: Path,
                                                                                       lang: str) -> None:
    c = client()
    form = c.get(f"/?lang={lang}").text
    roster = roster_workbook(tmp_path / "臺中市-111-人員名冊.xlsx")
    result = upload(c, [read(roster), read(EXAMPLES / "taichung-115.yaml")]).text
    for page in (form, result):
        assert not JARGON.search(officer_text(page)), JARGON.search(officer_text(page))
    tech = re.findall(r'<p class="tech">(.*?)</p>', form + result, re.S)
    assert any("--apply-pack" in t for t in tech)  # the tick box: the command line's option, for IT staff
    assert any("sncheck import" in t for t in tech)  # the roster turned into a plan file
    assert re.search(r'<a id="dl-json" href="[^"]+" title="[^"]*--format json', result)
    assert "給資訊人員" in " ".join(tech) if lang == "zh" else "For technical staff" in " ".join(tech)


def test_a_staff_group_on_the_page_reads_as_an_id_not_a_count() -> None:
    """Issue 21: 「人員 12」 reads as "12 staff"; the group title says 編號 (and 第 n 個 without an id)."""
    from sncheck.model.findings import FileResult, Finding, Severity
    from sncheck.web.view import group_findings

    class Labels:
        def label(self, family: str, lang: str) -> str:
            return family

        def order(self, families: Any) -> list[str]:
            return sorted(families)

    data = {"staff": [{"id": "12", "team": "東區社福中心"}, {"team": "東區社福中心"}]}
    result = FileResult("r.xlsx", [Finding("SCHEMA001", Severity.ERROR, "/staff/0/role", "x"),
                                   Finding("SCHEMA001", Severity.ERROR, "/staff/1", "y")])
    titles = [g.title for g in group_findings(result, data, Labels(), "zh")]  # type: ignore[arg-type]
    assert titles == ["人員（編號 12，組別 東區社福中心）", "第 2 個人員（組別 東區社福中心）"]
