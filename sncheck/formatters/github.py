"""GitHub Actions workflow commands: each finding becomes an annotation on the file's line.

``::error file=plans/a.yaml,line=5,col=5,title=SUP001::message`` (``::warning``
for warnings, ``::notice`` for infos and, with --show-suppressed, suppressed
findings; what was not checked is a ``::warning`` on the file titled 未檢核). Values are escaped the way the Actions runner unescapes them
(``%`` → ``%25``, CR → ``%0D``, LF → ``%0A``; in properties also ``:`` and ``,``),
so a message can carry the fix on a second line.
"""

from __future__ import annotations

from sncheck.formatters.base import Report, finding_file, printable, sheet_cell

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    zh = report.lang == "zh"
    lines = []
    for result in report.files:
        for f in report.shown(result):
            command = "notice" if f.suppressed is not None else COMMANDS[f.severity.value]
            props = [f"file={escape_property(finding_file(result, f))}"]
            if f.line:
                props += [f"line={f.line}", f"col={f.column or 1}"]
            cell = sheet_cell(f)  # a workbook row: the sheet is in the title (line= is only the row number)
            props.append(f"title={escape_property(f'{f.rule} {cell}' if cell else f.rule)}")
            message = f.message
            if f.suppressed is not None:
                message += f"\n{'已豁免' if zh else 'suppressed'}: {f.suppressed}"
            if f.fix is not None and f.fix.description:
                message += f"\n{'修正建議' if zh else 'fix'}: {f.fix.description}"
            lines.append(f"::{command} {','.join(props)}::{escape_data(message)}")
        if result.coverage is not None:  # what was not checked (issue 21): a warning on the file, never a pass
            title = escape_property("未檢核" if zh else "not checked")
            lines += [f"::warning file={escape_property(result.path)},title={title}::{escape_data(text)}"
                      for text in result.coverage.lines()]
    s = report.summary()
    lines.append(f"sncheck：{s['files']} 個檔案，{s['errors']} 個錯誤、{s['warnings']} 個警告、{s['suppressed']} 個已豁免"
                 if report.lang == "zh" else
                 f"sncheck: {s['files']} file(s), {s['errors']} error(s), {s['warnings']} warning(s), "
                 f"{s['suppressed']} suppressed")
    return "\n".join(lines) + "\n"
