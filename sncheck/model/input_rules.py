"""The built-in rules about input itself (not from rule packs).

PARSE001, SCHEMA001, REF001 and PACK001–PACK003 are produced by the loader, not by a
plugin, but users list, select, ignore and read about them like any rule.
INTERNAL001 reports a plugin that failed; it makes the run exit 2.
"""

from __future__ import annotations

from dataclasses import dataclass

from sncheck.model.findings import Severity


@dataclass(frozen=True)
class InputRule:
    id: str
    severity: Severity
    title_zh: str
    title_en: str
    family: str = "input"


PARSE001 = InputRule("PARSE001", Severity.ERROR, "檔案無法讀成計畫（語法、編碼、空檔、大小或別名限制）",
                     "file cannot be read as a plan (syntax, encoding, empty, size or alias limits)")
SCHEMA001 = InputRule("SCHEMA001", Severity.ERROR, "資料不符合計畫格式",
                      "data does not match the plan schema (plan@1)")
REF001 = InputRule("REF001", Severity.ERROR, "參照不存在的組別，或 id 重複",
                   "a team reference that names no team, or a duplicate id")
PACK001 = InputRule("PACK001", Severity.ERROR, "沒有任何已載入的規則包涵蓋此計畫年度",
                    "no loaded rule pack covers the plan year")
PACK002 = InputRule("PACK002", Severity.INFO, "計畫年度只依部分已公開的規則檢核（規則包尚不完整）",
                    "the plan year was checked only against the part of its period's rules published so far")
PACK003 = InputRule("PACK003", Severity.INFO, "組別的單位類型在計畫年度的規則包期間尚未設立，該包規則未檢核此組別",
                    "a team's unit type did not exist in the period of the pack checking the plan, whose rules "
                    "did not check it")
IMPORT001 = InputRule("IMPORT001", Severity.ERROR, "試算表的列無法放進計畫（找不到標題列、年資列找不到人員、同一人各列資料矛盾）",
                      "a spreadsheet row cannot be placed in the plan (no header row, a segment row for nobody, "
                      "conflicting rows for one person)")
IMPORT002 = InputRule("IMPORT002", Severity.WARNING, "試算表有不認得的欄位，內容原樣保留但未用於檢核",
                      "a spreadsheet column the importer does not know, kept as an x- field")
IMPORT003 = InputRule("IMPORT003", Severity.INFO, "試算表略過的列或工作表，及缺欄時的讀法",
                      "spreadsheet rows or sheets left out, and how a missing column was read")
IMPORT004 = InputRule("IMPORT004", Severity.WARNING, "試算表兩處對同一件事寫法不同，已依其一檢核，請確認",
                      "two places of a spreadsheet disagree about one thing; checked by one of them, to be confirmed")
INTERNAL001 = InputRule("INTERNAL001", Severity.ERROR, "外掛或規則執行時發生內部錯誤",
                        "a plugin or rule failed internally", family="internal")

# Suppressions (``sncheck-ignore``). Not "SUPPRESS…": ``--select SUP`` selects by prefix and
# must keep meaning the supervisor family only.
IGN001 = InputRule("IGN001", Severity.ERROR, "豁免（sncheck-ignore）未寫理由",
                   "a suppression (sncheck-ignore) without a reason", family="suppression")
IGN002 = InputRule("IGN002", Severity.WARNING, "豁免（sncheck-ignore）指名的規則不存在",
                   "a suppression (sncheck-ignore) names an unknown rule", family="suppression")
PII001 = InputRule("PII001", Severity.WARNING, "員工身分證字號（或統一證號）格式或檢查碼不正確",
                   "a staff national_id (national ID or resident certificate number) has a wrong format or checksum")

INPUT_RULES: tuple[InputRule, ...] = (PARSE001, SCHEMA001, REF001, PACK001, PACK002, PACK003, INTERNAL001, IGN001,
                                      IGN002, IMPORT001, IMPORT002, IMPORT003, IMPORT004, PII001)

# sncheck's own rule families (the packs declare theirs in pack.yaml ``families:``), with the
# reviewer-facing labels of ``sncheck batch``: "input" comes before the packs' families, the others after.
LEADING_FAMILIES: dict[str, dict[str, str]] = {"input": {"zh": "檔案與格式", "en": "file and format"}}
TRAILING_FAMILIES: dict[str, dict[str, str]] = {"suppression": {"zh": "豁免", "en": "suppressions"},
                                                "internal": {"zh": "內部錯誤", "en": "internal error"}}
CORE_FAMILIES = frozenset(LEADING_FAMILIES) | frozenset(TRAILING_FAMILIES)

# Findings that mean a file could not be checked at all. ``--select`` does not hide them (a
# pre-commit hook run with ``--select FAC`` must not pass a file it could not read); ``--ignore`` can.
UNCHECKABLE: frozenset[str] = frozenset({PARSE001.id, SCHEMA001.id, PACK001.id, IMPORT001.id})
