"""Questions a roster leaves open, and answers as the mapping file (tabular/questions.py, tabular/mapping.py)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml

from sncheck.tabular.convert import ImportSettings, Sources, convert_files
from sncheck.tabular.headers import COLUMNS, resolve_target
from sncheck.tabular.mapping import ImportMapping, MappingError, load_mapping, mapping_text, parse_mapping
from sncheck.tabular.questions import UNANSWERED, Answers, ask, header_signature, target_name, with_answers


def workbook(path: Path, rows: list[list[object]], title: str = "人員名冊") -> Path:
    book = openpyxl.Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


HEAD = ["員工編號", "姓名", "單位", "職稱", "經費來源"]


def converted(path: Path, mapping: ImportMapping = ImportMapping()):  # type: ignore[no-untyped-def]
    return convert_files(Sources(path), ImportSettings("臺中市", 112, mapping))


def test_unknown_column_and_words_become_questions_and_answers_close_them(tmp_path: Path) -> None:
    path = workbook(tmp_path / "r.xlsx", [HEAD + ["身分證號碼"], ["A1", "王小明", "北區社福中心", "社工師", "縣預算", "A123456789"],
                                          ["A2", "李美華", "北區社福中心", "社工師", "中央補助", None]])
    asked = ask(converted(path), ImportMapping(), Answers())
    [column] = asked.columns
    assert (column.kind, column.header, column.places, column.answer) == ("staff", "身分證號碼", ("人員名冊!F1",), UNANSWERED)
    assert column.samples == ("A12****789",)  # a national ID is masked, as everywhere
    assert [(q.field, q.word, q.header, q.cells, q.count) for q in asked.values] == [
        ("role", "社工師", "職稱", ("人員名冊!D2", "人員名冊!D3"), 2), ("funding", "縣預算", "經費來源", ("人員名冊!E2",), 1)]
    answers = Answers().updated([("staff", "身分證號碼", None)], [("role", "社工師", "social_worker")])
    again = ask(converted(path, with_answers(ImportMapping(), answers)), ImportMapping(), answers)
    assert [q.answer for q in again.columns] == [None]  # 不使用: still listed, to be changed
    assert [(q.word, q.answer, q.cells) for q in again.values] == [
        ("社工師", "social_worker", ("人員名冊!D2", "人員名冊!D3")), ("縣預算", UNANSWERED, ("人員名冊!E2",))]
    assert again.answered == 2


def test_names_in_an_unknown_column_are_hidden_unless_shown(tmp_path: Path) -> None:
    path = workbook(tmp_path / "r.xlsx", [HEAD + ["填表人"], ["A1", "王小明", "北區社福中心", "社工員", "中央補助", "王小明"]])
    assert ask(converted(path), ImportMapping(), Answers()).columns[0].samples == ("〔姓名已隱藏〕",)
    assert ask(converted(path), ImportMapping(), Answers(), show_names=True).columns[0].samples == ("王小明",)


def test_answers_update_replace_and_withdraw() -> None:
    answers = Answers().updated([("staff", "俸 點", "薪點")], [("role", "社工師", "social_worker")])
    answers = answers.updated([("staff", "俸點", "保護性")], [("role", "社工師", UNANSWERED), ("funding", "縣", "county")])
    assert answers.headers == (("staff", "俸點", "保護性"),)  # the same header however spaced: replaced
    assert answers.values == (("funding", "縣", "county"),)
    assert answers.header("staff", "俸點") == "保護性" and answers.header("segments", "俸點") == UNANSWERED
    assert not Answers() and answers


def test_the_header_signature_ignores_file_names_order_and_answers(tmp_path: Path) -> None:
    first = workbook(tmp_path / "臺中市-112.xlsx", [HEAD + ["辦理保護案件"], ["A1", "x", "北區社福中心", "社工員", "中央補助", "是"]])
    second = workbook(tmp_path / "臺中市-113.xlsx", [["辦理保護案件"] + HEAD, ["否", "A9", "y", "南區社福中心", "督導", "地方自籌"]])
    other = workbook(tmp_path / "o.xlsx", [HEAD + ["保護業務"], ["A1", "x", "北區社福中心", "社工員", "中央補助", "是"]])
    answered = with_answers(ImportMapping(), Answers((("staff", "辦理保護案件", "保護性"),)))
    assert header_signature(converted(first)) == header_signature(converted(second)) \
        == header_signature(converted(first, answered))
    assert header_signature(converted(first)) != header_signature(converted(other))


def test_every_choice_reads_back_as_its_column() -> None:
    for kind, columns in COLUMNS.items():
        for column in columns:
            assert resolve_target(kind, target_name(kind, column)) is column, (kind, column.field)


@pytest.mark.parametrize("header", ["辦理保護案件", "a: b", "#註", "- x", "<script>alert(1)</script>", "null", "是", "1"])
def test_the_mapping_text_reads_back_as_the_same_mapping(tmp_path: Path, header: str) -> None:
    mapping = with_answers(parse_mapping({"county": "臺中市", "sheets": {"staff": ["北區", "南區"]},
                                          "teams": {"unit_types": {"北區家防組": "家防中心"}}}),
                           Answers((("staff", header, "保護性"), ("segments", "起", None)),
                                   (("role", header, "social_worker"), ("budget", "社安", "ssn"))))
    text = mapping_text(mapping, "第一行\n第二行")
    assert text.startswith("# 第一行\n# 第二行\n")
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_mapping(path) == mapping
    assert yaml.safe_load(text)["values"]["role"] == {header: "社工員"}  # codes written as their zh labels


def test_a_values_answer_naming_no_code_is_a_clear_mapping_error() -> None:
    with pytest.raises(MappingError, match=r"values: role: 社工師: '社工王' is not one of: social_worker \(社工員\)"):
        parse_mapping({"values": {"role": {"社工師": "社工王"}}})


def test_an_answered_column_still_shows_the_words_the_county_wrote(tmp_path: Path) -> None:
    # a header and words the wording file does not know (學歷科系 and 社會工作學系 it knows since issue 19)
    path = workbook(tmp_path / "r.xlsx", [HEAD + ["最高學歷系所"], ["A1", "x", "北區社福中心", "社工員", "中央補助", "家庭研究與兒童發展學系"],
                                          ["A2", "y", "北區社福中心", "社工員", "中央補助", "心理學系"]])
    answers = Answers((("staff", "最高學歷系所", "專業背景"),), (("profession", "家庭研究與兒童發展學系", "social_work"),))
    asked = ask(converted(path, with_answers(ImportMapping(), answers)), ImportMapping(), answers)
    assert asked.columns[0].samples == ("家庭研究與兒童發展學系", "心理學系")  # not social_work, psychology
    assert [(q.word, q.answer) for q in asked.values] == [("家庭研究與兒童發展學系", "social_work")]


def test_a_two_row_header_asks_only_its_unknown_columns_and_an_answer_takes_effect(tmp_path: Path) -> None:
    """A user trial: under 基本資料/職務/經費 parents every column was asked about (「基本資料/姓名」…), and an answer
    for 「基本資料/最高學歷」 changed nothing, because the reader matches the lower row's text."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["基本資料", None, None, "職務", None, "經費"])
    sheet.append(["員工編號", "姓名", "最高學歷", "組別", "職稱", "經費來源"])
    sheet.append(["A1", "王小明", "家庭研究學系", "北區社福中心", "社工員", "中央補助"])
    for first, last in (("A1", "C1"), ("D1", "E1")):
        sheet.merge_cells(f"{first}:{last}")
    path = tmp_path / "r.xlsx"
    book.save(path)
    asked = ask(converted(path), ImportMapping(), Answers())
    assert [(q.kind, q.header) for q in asked.columns] == [("staff", "基本資料/最高學歷")]
    answers = Answers().updated([("staff", "基本資料/最高學歷", "專業背景")], [])
    conversion = converted(path, with_answers(ImportMapping(), answers))
    assert conversion.data["staff"][0]["profession"] == "家庭研究學系"


def test_samples_of_an_unknown_column_show_dates_as_she_wrote_them(tmp_path: Path) -> None:
    path = workbook(tmp_path / "r.xlsx", [HEAD + ["社安網進用日"], ["A1", "x", "北區社福中心", "社工員", "中央補助", "108.03.01"]])
    answers = Answers().updated([("staff", "社安網進用日", "到職日")], [])
    asked = ask(converted(path, with_answers(ImportMapping(), answers)), ImportMapping(), answers)
    assert asked.columns[0].samples == ("108.03.01",)  # not 2019-03-01


def test_a_contact_column_asked_about_shows_no_phone_numbers_unless_personal_data_is_shown(tmp_path: Path) -> None:
    """A user trial: a 聯絡電話 sample was shown on the page with 顯示個人資料 not ticked."""
    path = workbook(tmp_path / "r.xlsx", [HEAD + ["聯絡電話"], ["A1", "王小明", "北區社福中心", "社工員", "中央補助", "0912-345-678"]])
    assert ask(converted(path), ImportMapping(), Answers()).columns[0].samples == ("〔個資已隱藏〕",)
    assert ask(converted(path), ImportMapping(), Answers(), show_names=True).columns[0].samples == ("0912-345-678",)


def test_a_word_that_also_sets_another_field_is_not_asked_about(tmp_path: Path) -> None:
    """A user trial: 保護性社工 (a social worker who is protective, from the wording file) was asked about as unknown."""
    path = workbook(tmp_path / "r.xlsx", [HEAD, ["A1", "x", "北區社福中心", "保護性社工", "中央補助"]])
    assert [q.word for q in ask(converted(path), ImportMapping(), Answers()).values] == []
