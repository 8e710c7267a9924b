"""Text output for terminals: ``path:line:col: RULE severity message`` and the fix below it."""

from __future__ import annotations

from sncheck.model.findings import FileResult
from sncheck.model.verdict import verdict
from sncheck.formatters.base import Report, fix_mark, printable_name

_COLOURS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_RESET = "\x1b[0m"
_SEVERITY_ZH = {"error": "錯誤", "warning": "警告", "info": "資訊"}


def render_text(report: Report) -> str:
    lines: list[str] = []
    for result in report.files:
        lines.extend(file_lines(result, report))
        lines.extend(coverage_lines(result, report.lang))
    lines.append(summary_line(report))
    unchecked = verdict(report.files, report.lang, "")
    if unchecked.level == "incomplete":  # no error, but not everything was checked: never read as a pass
        lines.append(f"{_COLOURS['warning']}{unchecked.text}{_RESET}" if report.color else unchecked.text)
    return "\n".join(lines) + "\n"


def coverage_lines(result: FileResult, lang: str) -> list[str]:
    """``plan.yaml: 未檢核: 360俸點規定（PAY001）未檢核：名冊沒有「保護性」欄``, one per thing not checked."""
    if result.coverage is None:
        return []
    label = "未檢核" if lang == "zh" else "not checked"
    # one note, one line: a note may name a staff id as written (``"S1\n::error …"``), whose line feed
    # must not start a line of its own (a forged finding, or a workflow command in a CI log)
    return [f"{printable_name(result.path)}: {label}: {printable_name(text)}" for text in result.coverage.lines()]


def file_lines(result: FileResult, report: Report) -> list[str]:
    """The lines for one file (``sncheck batch`` streams them file by file)."""
    lines: list[str] = []
    zh = report.lang == "zh"
    for f in report.shown(result):
        sev = f.severity.value
        shown_sev = f"{_COLOURS[sev]}{sev}{_RESET}" if report.color else sev
        where = f"{result.path}:{f.line or 1}:{f.column or 1}"
        if "row" in f.extra:  # a workbook row: roster.xlsx:人員名冊!D14 (Excel's notation); CSV: file:row:col
            file = f.extra.get("file", result.path)
            where = f"{file}:{f.extra['cell']}" if f.extra.get("sheet") else f"{file}:{f.line}:{f.column or 1}"
        # one finding, one line: a line feed in a quoted id or value (``"S\n1"``) is escaped like a CR, so it
        # cannot split the finding or start a line that reads as another one
        lines.append(f"{printable_name(where)}: {f.rule} {shown_sev} {printable_name(f.message)}")
        if f.suppressed is not None:
            lines.append(f"    {'已豁免' if zh else 'suppressed'}: {printable_name(f.suppressed)}")
        if f.fix is not None and f.fix.description:
            label = ("修正建議" if zh else "fix") + fix_mark(f.fix, report.lang)
            lines.append(f"    {label}: {printable_name(f.fix.description)}")
    return lines


def summary_line(report: Report) -> str:
    return counts_line(report.summary(), report.lang)


def counts_line(s: dict[str, int], lang: str) -> str:
    """``檢查 N 個檔案：…`` from counts (``sncheck batch`` does not keep the files)."""
    if lang == "zh":
        return (f"檢查 {s['files']} 個檔案：{s['errors']} 個錯誤、{s['warnings']} 個警告、{s['infos']} 個資訊"
                + (f"（另有 {s['suppressed']} 個已豁免）" if s["suppressed"] else ""))
    return (f"checked {s['files']} file(s): {s['errors']} error(s), {s['warnings']} warning(s), {s['infos']} info"
            + (f" ({s['suppressed']} suppressed)" if s["suppressed"] else ""))
