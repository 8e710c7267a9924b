"""Rule family labels and summary columns come from the packs' ``families:`` (pack.yaml), not from code."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from sncheck.engine.checker import Checker, Options
from sncheck.cli import main
from sncheck.packs.rulepacks import RuleFileError
from test_batch import SENIOR_NO_HISTORY, TWO_CENTRAL_SUPERVISORS, WORKERS, _plan

RULES_DIR = Path(__file__).resolve().parent.parent / "rules" / "phase2"
TOTALS = ["錯誤合計", "警告合計", "資訊合計", "未完整檢核類別", "檢核依據", "未檢核"]  # the last three: issue 21


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir(parents=True)
    (folder / "taichung.yaml").write_text(_plan("臺中市", 111, WORKERS + TWO_CENTRAL_SUPERVISORS), encoding="utf-8")
    (folder / "kaohsiung.yaml").write_text(_plan("高雄市", 111, [SENIOR_NO_HISTORY]), encoding="utf-8")
    return folder


def _summary(tmp_path: Path, *args: str) -> tuple[list[list[str]], str]:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(_folder(tmp_path)), "--jobs", "1", "--report-dir", str(out), *args])
    assert result.exit_code == 1, result.output
    rows = list(csv.reader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig"))))
    return rows, (out / "report.html").read_text(encoding="utf-8")


def _columns(header: list[str]) -> list[str]:
    """The family labels of the summary.csv header, in order (each has an errors and a warnings column)."""
    return [name[: -len("－錯誤")] for name in header if name.endswith("－錯誤") and name not in TOTALS]


def test_the_shipped_pack_declares_the_catalogue_families_in_order() -> None:
    (pack,) = [p for p in Checker(Options(load_entry_points=False)).packs if p.id == "ssn-phase2"]
    assert list(pack.families) == ["supervisor", "seniority", "pay", "facility", "caseload", "staffing",
                                   "funding_share"]
    assert dict(pack.families["supervisor"]) == {"zh": "督導比", "en": "supervisor ratio"}
    assert {rule.family for rule in pack.rules} <= set(pack.families)  # every shipped rule's family is labelled


def test_labels_and_column_order_follow_pack_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows, _ = _summary(tmp_path / "before", "--select", "SUP001,SEN002")
    assert _columns(rows[0]) == ["督導比", "資深社工年資"]
    pack = tmp_path / "phase2"
    shutil.copytree(RULES_DIR, pack)
    manifest = (pack / "pack.yaml").read_text(encoding="utf-8")
    supervisor = "  supervisor: {zh: 督導比, en: supervisor ratio}\n"
    assert supervisor in manifest
    manifest = manifest.replace(supervisor, "").replace(
        "  seniority: {zh: 資深社工年資, en: senior seniority}\n",
        "  seniority: {zh: 資深年資, en: seniority}\n  supervisor: {zh: 督導人數比, en: supervisors per workers}\n")
    (pack / "pack.yaml").write_text(manifest, encoding="utf-8")
    monkeypatch.setattr("sncheck_rules.shipped_pack_dirs", lambda: [pack])
    rows, html = _summary(tmp_path / "after", "--select", "SUP001,SEN002")
    assert rows[0] == ["縣市", "計畫年度", "檔案數", "結果", "資深年資－錯誤", "資深年資－警告", "督導人數比－錯誤", "督導人數比－警告",
                       *TOTALS]
    assert rows[1] == ["臺中市", "111", "1", "未通過", "0", "0", "1", "0", "1", "0", "0", "", "ssn-phase2", ""]
    assert "<th>資深年資</th><th>督導人數比</th>" in html
    rows, _ = _summary(tmp_path / "en", "--select", "SUP001,SEN002", "--lang", "en")
    assert rows[0][4:8] == ["seniority: errors", "seniority: warnings", "supervisors per workers: errors",
                            "supervisors per workers: warnings"]


EXTRA_RULES = """\
rules:
  - id: EXT001
    family: county_ratio
    check: supervisor.central_excess
    severity: error
    title: {zh: 本縣督導比, en: county ratio}
    message: {zh: 督導過多, en: too many supervisors}
    sources: [{document: 本府函, quote: 督導}]
  - id: EXT002
    family: unlabelled
    check: supervisor.central_excess
    severity: warning
    title: {zh: 無標籤, en: no label}
    message: {zh: 督導過多, en: too many supervisors}
    sources: [{document: 本府函, quote: 督導}]
"""


def _extra_pack(folder: Path, families: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "pack.yaml").write_text("id: county-extra\ntitle: {zh: 本縣, en: county}\nplan_years: {from: 110, to: 114}\n"
                                      + families, encoding="utf-8")
    (folder / "rules.yaml").write_text(EXTRA_RULES, encoding="utf-8")
    return folder


def test_a_third_party_pack_family_gets_its_label_and_column(tmp_path: Path) -> None:
    pack = _extra_pack(tmp_path / "extra", "families:\n  county_ratio: {zh: 本縣督導比, en: county supervisor ratio}\n")
    rows, html = _summary(tmp_path, "--rules", str(pack), "--select", "SUP001,EXT")
    assert rows[0] == ["縣市", "計畫年度", "檔案數", "結果", "督導比－錯誤", "督導比－警告", "本縣督導比－錯誤", "本縣督導比－警告",
                       "unlabelled－錯誤", "unlabelled－警告", *TOTALS]  # no label: the family id, after the labelled
    assert rows[1] == ["臺中市", "111", "1", "未通過", "1", "0", "1", "0", "0", "1", "2", "1", "0", "", "ssn-phase2、county-extra", ""]
    assert "<th>督導比</th><th>本縣督導比</th><th>unlabelled</th>" in html


@pytest.mark.parametrize("families, line, words", [
    ("families:\n  county_ratio: {zh: 本縣督導比}\n", 5, "/families/county_ratio: missing required field(s): en"),
    ("families:\n  county_ratio: 本縣督導比\n", 5, "/families/county_ratio: must be of type object"),  # the value is not quoted (issue 23)
    ("families:\n  county_ratio: {zh: 甲, en: a}\n  input: {zh: 檔案, en: files}\n", 6,
     "families: 'input' is sncheck's own family; a pack cannot declare it"),
    ("families: [county_ratio]\n", 4, "/families: must be of type object"),
])
def test_a_bad_families_entry_is_a_rule_file_error_with_file_and_line(tmp_path: Path, families: str, line: int,
                                                                       words: str) -> None:
    pack = _extra_pack(tmp_path / "extra", families)
    with pytest.raises(RuleFileError) as info:
        Checker(Options(load_entry_points=False, rule_dirs=(pack,)))
    assert str(info.value) == f"{pack / 'pack.yaml'}:{line}: {words}"
    result = CliRunner().invoke(main, ["batch", str(_folder(tmp_path)), "--rules", str(pack)])
    assert result.exit_code == 2 and f"{pack / 'pack.yaml'}:{line}: {words}" in result.output
