"""``summary.csv``: one row per county and plan year, for Excel (UTF-8 with BOM, zh-TW headers).

The 計畫年度 column is always there, a round of one year too: columns that do not move between rounds
paste into a reviewer's own sheet, and a county that sent last year's plan shows it in its row. A row's
year is 「年度不明」 when its file does not say it (never merged into a known year). Wide layout, because that is what reviewers paste into their own sheets: for
every rule family an errors and a warnings column, then totals and the packs that
checked the county ("checked by": a pack applied beyond its years says so), and what was not checked
(each rule that could not run or ran in part; the result says 「未完整檢核」, not 「通過」, then), and
before them the families those rules belong to (未完整檢核類別: a family's 0 errors there is not a pass; the
counts stay numbers, so a reviewer's sums still work);
the last row totals the nation.
"""

from __future__ import annotations

import csv
import io

from sncheck.formatters.base import spreadsheet_safe
from sncheck.model.findings import Severity
from sncheck.batch.summary import CountyRow, Summary, year_text

_HEAD = {
    "zh": ("縣市", "檔案數", "結果", "錯誤", "警告", "錯誤合計", "警告合計", "資訊合計", "通過", "未通過", "合計",
           "檢核依據", "未檢核", "未完整檢核類別", "計畫年度"),
    "en": ("county", "files", "result", "errors", "warnings", "total errors", "total warnings", "total infos",
           "pass", "fail", "total", "checked by", "not checked", "families not fully checked", "plan year"),
}


def render_csv(summary: Summary, lang: str = "zh") -> str:
    """The CSV text, BOM included (Excel reads UTF-8 only with it; LibreOffice's import dialog must be told
    UTF-8, so summary.xlsx, ``batch.xlsx_report``, is the file that opens right everywhere)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(summary_rows(summary, lang))
    return "\ufeff" + out.getvalue()


def _count(row: CountyRow, severity: Severity, family: str) -> object:
    """The row's count of ``family``; empty (not 0) when nothing was found but the family was not fully checked:
    a 0 read as "checked, none found", so a reviewer filtering 「督導比－錯誤 = 0」 kept a file whose check was
    stopped (a user trial). A count above 0 stays: at least that many were found."""
    n = row.count(severity, family)
    return "" if n == 0 and not row.family_complete(family) else n


def summary_rows(summary: Summary, lang: str = "zh") -> list[list[object]]:
    """The summary table: a header row, one row per county and plan year, the nation's totals last (CSV and
    xlsx alike)."""
    h = _HEAD["zh" if lang == "zh" else "en"]
    rows: list[list[object]] = []
    header: list[object] = [h[0], h[14], h[1], h[2]]
    for family in summary.families:
        label = summary.family_label(family, lang)
        header += [f"{label}－{h[3]}" if lang == "zh" else f"{label}: {h[3]}",
                   f"{label}－{h[4]}" if lang == "zh" else f"{label}: {h[4]}"]
    rows.append(header + [h[5], h[6], h[7], h[13], h[11], h[12]])
    for row in summary.rows:
        year: object = row.plan_year if row.plan_year is not None else year_text(None, lang)  # a number: filters sort
        cells: list[object] = [row.county, year, len(row.files), row.result(lang)]
        for family in summary.families:
            cells += [_count(row, Severity.ERROR, family), _count(row, Severity.WARNING, family)]
        partial = [summary.family_label(f, lang) for f in summary.families if not row.family_complete(f)]
        rows.append(cells + [row.count(Severity.ERROR), row.count(Severity.WARNING), row.count(Severity.INFO),
                             ("、" if lang == "zh" else ", ").join(partial), row.checked_by(lang), row.unchecked(lang)])
    total: list[object] = [h[10], "", summary.files, summary.tally(lang)]
    for family in summary.families:
        total += [summary.total(Severity.ERROR, family), summary.total(Severity.WARNING, family)]
    rows.append(total + [summary.total(Severity.ERROR), summary.total(Severity.WARNING),
                         summary.total(Severity.INFO), "", "", ""])
    # counties, file names and a pack's family labels are the county's or a pack's text: none may start a
    # formula in Excel (summary.csv) or openpyxl (summary.xlsx, where a text starting with = is one)
    return [[spreadsheet_safe(cell) for cell in row] for row in rows]
