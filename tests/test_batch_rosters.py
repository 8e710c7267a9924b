"""``sncheck batch`` over roster workbooks: checked like plan files, findings at sheet and row, in the summary."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from sncheck.cli import main
from test_batch import SENIOR_NO_HISTORY, _plan
from test_tabular_import import supervisor_excess_workbook

ROSTER_ARGS = ("--county", "臺中市", "--year", "111", "--lang", "en")


def _batch(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["batch", *args])
    return result.exit_code, result.output


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "kaohsiung.yaml").write_text(_plan("高雄市", 111, [SENIOR_NO_HISTORY]), encoding="utf-8")
    supervisor_excess_workbook(folder / "taichung.xlsx")
    (folder / "~$taichung.xlsx").write_bytes(b"Excel lock file")  # never a roster
    (folder / "segments.csv").write_text("員工編號,年資起日\n", encoding="utf-8")  # CSV only when named
    return folder


def test_folder_with_a_yaml_plan_and_an_xlsx_roster(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    out = tmp_path / "out"
    code, output = _batch(str(folder), *ROSTER_ARGS, "--jobs", "2", "--report-dir", str(out),
                          "--select", "SUP001,SEN002")
    assert code == 1
    lines = [line for line in output.splitlines() if not line.startswith("    ")]
    assert lines == [
        f"{folder / 'kaohsiung.yaml'}:7:5: SEN002 warning staff P1 is listed as a senior social worker but has "
        "no service history, so SSN seniority cannot be checked",
        f"{folder / 'taichung.xlsx'}:人員名冊!B2: SUP001 error team 東區社福中心 has 7 direct-service workers; one "
        "supervisor per full 7 allows 1 centrally funded supervisor(s), but 2 are requested (1 too many)",
        "checked 2 file(s): 1 error(s), 1 warning(s), 0 info",
        "failing: 臺中市 (1 of 2)",
        f"national summary: {out / 'report.html'} (also summary.xlsx, summary.csv, findings.json)",  # (standard error)
    ]
    rows = list(csv.reader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1:] == [
        ["臺中市", "111", "1", "fail", "1", "0", "0", "0", "1", "0", "0", "", "ssn-phase2", ""],
        ["高雄市", "111", "1", "pass", "0", "0", "0", "1", "0", "1", "0", "", "ssn-phase2", ""],
        ["total", "", "2", "fail 1, incomplete 0 / 2", "1", "0", "0", "1", "1", "1", "0", "", "", ""],
    ]
    document = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    roster = next(f for f in document["files"] if f["path"].endswith("taichung.xlsx"))
    (finding,) = roster["findings"]
    assert (finding["rule"], finding["line"], finding["sheet"], finding["cell"]) == ("SUP001", 2, "人員名冊", "人員名冊!B2")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f'<td>{folder / "taichung.xlsx"}</td><td class="nw">人員名冊!B2</td><td class="nw">SUP001</td>' in html


def test_a_corrupt_workbook_gets_parse001_and_the_others_are_still_checked(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "broken.xlsx").write_bytes(b"not a zip at all")
    code, output = _batch(str(folder), *ROSTER_ARGS, "--jobs", "2", "--select", "SUP001,SEN002,PARSE001")
    assert code == 1
    lines = [line for line in output.splitlines() if not line.startswith("    ")]
    assert lines[-1] == "failing: 臺中市, broken.xlsx (2 of 3)"  # the county that failed, and the unreadable file
    lines = lines[:-1]
    assert [line.split(": ")[0:2] for line in lines[:-1]] == [
        [f"{folder / 'broken.xlsx'}:1:1", "PARSE001 error cannot read the Excel workbook (damaged or not .xlsx)"],
        [f"{folder / 'kaohsiung.yaml'}:7:5", "SEN002 warning staff P1 is listed as a senior social worker but has no service history, so SSN seniority cannot be checked"],
        [f"{folder / 'taichung.xlsx'}:人員名冊!B2", lines[2].split(": ")[1]],
    ]
    assert lines[2].split(": ")[1].startswith("SUP001 error")
    assert lines[-1] == "checked 3 file(s): 2 error(s), 1 warning(s), 0 info"


def test_a_named_csv_roster_is_checked_and_a_roster_without_county_says_so(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("員工編號,單位/組別,職稱,經費來源\n" + "".join(f"W{i},東區社福中心,社工員,中央補助\n" for i in range(7))
                      + "S1,東區社福中心,督導,中央補助\nS2,東區社福中心,督導,中央補助\n", encoding="utf-8")
    code, output = _batch(str(roster), *ROSTER_ARGS, "--select", "SUP001", "--format", "json")
    assert code == 1
    (entry,) = json.loads(output)["files"]
    assert [(f["rule"], f["cell"]) for f in entry["findings"]] == [("SUP001", "B2")]
    code, output = _batch(str(roster), "--lang", "en", "--select", "SCHEMA001")
    assert code == 1
    assert [line.split(": ", 1)[1] for line in output.splitlines()[:2]] == [
        "SCHEMA001 error the plan is missing required field 'county'",
        "SCHEMA001 error the plan is missing required field 'plan_year'"]


def test_compare_works_for_workbooks(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    supervisor_excess_workbook(folder / "tainan.xlsx")  # --county applies to every roster: a second 臺中市 file
    old = tmp_path / "old"
    assert _batch(str(folder), *ROSTER_ARGS, "--select", "SUP001,SEN002", "--report-dir", str(old))[0] == 1
    (folder / "tainan.xlsx").unlink()  # its finding is fixed
    (folder / "kaohsiung.yaml").write_text(_plan("高雄市", 111, []), encoding="utf-8")  # fixed
    new = tmp_path / "new"
    code, output = _batch(str(folder), *ROSTER_ARGS, "--select", "SUP001,SEN002", "--compare",
                          str(old / "findings.json"), "--report-dir", str(new))
    assert code == 1
    assert f"since the last round ({old / 'findings.json'}): 0 new, 2 fixed, 1 still open" in output
    assert f"  still open: {folder / 'taichung.xlsx'}:人員名冊!B2: SUP001 " in output
    assert f"  fixed: {folder / 'kaohsiung.yaml'}:7: SEN002 " in output
    assert f"  fixed: {folder / 'tainan.xlsx'}:人員名冊!B2: SUP001 " in output
    html = (new / "report.html").read_text(encoding="utf-8")
    assert f"<li>{folder / 'tainan.xlsx'}:人員名冊!B2 SUP001 " in html


def test_the_size_limit_applies_to_workbooks(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    code, output = _batch(str(folder), *ROSTER_ARGS, "--max-size", "0.001", "--select", "PARSE001,SEN002")
    size = (folder / "taichung.xlsx").stat().st_size
    assert code == 1
    assert f"{folder / 'taichung.xlsx'}:1:1: PARSE001 error file is {size:,} bytes, over the limit of 1,048 bytes" in output
    assert f"{folder / 'kaohsiung.yaml'}:7:5: SEN002 warning" in output


def test_a_national_folder_of_rosters_takes_county_and_year_from_each_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "national"
    folder.mkdir()
    supervisor_excess_workbook(folder / "臺中市-111-人員名冊.xlsx")
    supervisor_excess_workbook(folder / "111年台南市.xlsx")  # 台 is 臺
    supervisor_excess_workbook(folder / "名冊-新竹市與新竹縣-111.xlsx")  # two counties: no guess
    out = tmp_path / "out"
    code, output = _batch(str(folder), "--lang", "en", "--select", "SUP001,SCHEMA001", "--report-dir", str(out))
    assert code == 1
    rows = list(csv.reader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig"))))
    assert [row[:4] for row in rows[1:]] == [["臺中市", "111", "1", "fail"], ["臺南市", "111", "1", "fail"],
                                             ["名冊-新竹市與新竹縣-111.xlsx", "111", "1", "fail"],
                                             ["total", "", "3", "fail 3, incomplete 0 / 3"]]
    ambiguous = [line.split(": ", 1)[1] for line in output.splitlines() if "新竹" in line and "SCHEMA001" in line]
    assert ambiguous == ["SCHEMA001 error the plan is missing required field 'county'"]
    code, output = _batch(str(folder), "--county", "臺北市", "--lang", "en", "--select", "SUP001", "--format", "json")
    assert [f["path"] for f in json.loads(output)["files"] if f["findings"]] == sorted(
        str(p) for p in folder.iterdir())  # --county given: it wins, every roster is 臺北市 and checked


def test_file_name_facts() -> None:
    from sncheck.tabular.file_name import facts_from_file_name

    assert facts_from_file_name("plans/臺中市-111.xlsx") == ("臺中市", 111)
    assert facts_from_file_name("台東縣112年度人員.csv") == ("臺東縣", 112)
    assert facts_from_file_name("嘉義市-2022-111.xlsx") == ("嘉義市", 111)  # a Gregorian year is not a plan year
    assert facts_from_file_name("嘉義市嘉義縣.xlsx") == (None, None)
    assert facts_from_file_name("高雄市-111-112.xlsx") == ("高雄市", None)
    assert facts_from_file_name("roster-1110.xlsx") == (None, None)


def test_a_zip_bomb_workbook_is_refused_by_its_unpacked_size(tmp_path: Path) -> None:
    import zipfile

    folder = _folder(tmp_path)
    bomb = folder / "bomb.xlsx"
    supervisor_excess_workbook(bomb)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (21 * 1024 * 1024))  # 21 MB unpacked, ~20 kB packed
    unpacked = sum(info.file_size for info in zipfile.ZipFile(bomb).infolist())
    assert bomb.stat().st_size < 200_000
    code, output = _batch(str(folder), *ROSTER_ARGS, "--select", "PARSE001,SUP001,SEN002")
    assert code == 1
    assert (f"{bomb}:1:1: PARSE001 error the workbook unpacks to {unpacked:,} bytes, over the limit of "
            "20,971,520 bytes") in output
    assert f"{folder / 'taichung.xlsx'}:人員名冊!B2: SUP001 error" in output  # the others are still checked
    assert f"{folder / 'kaohsiung.yaml'}:7:5: SEN002 warning" in output
    result = CliRunner().invoke(main, ["check", str(bomb), *ROSTER_ARGS, "--select", "PARSE001"])
    assert (result.exit_code, result.output.splitlines()[0]) == (
        1, f"{bomb}:1:1: PARSE001 error the workbook unpacks to {unpacked:,} bytes, over the limit of 20,971,520 bytes")
