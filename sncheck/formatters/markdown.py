"""A Markdown table a reviewer pastes into a review comment or an issue.

One row per finding (file, line:column, rule, severity, message, fix), a
heading that counts errors and warnings, and "no findings" when there are
none. Cell text is escaped (``|``, line breaks, HTML-special characters) so a
message can never break the table.
"""

from __future__ import annotations

from sncheck.formatters.base import Report, markdown_text, printable, printable_name
from sncheck.model.verdict import verdict

HEADERS = {
    "zh": ("檔案", "位置", "規則", "嚴重度", "說明", "修正建議"),
    "en": ("File", "Line", "Rule", "Severity", "Message", "Fix"),
}
SEVERITY_ZH = {"error": "錯誤", "warning": "警告", "info": "資訊"}


def cell(text: str) -> str:
    text = markdown_text(printable(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")))
    return text.replace("|", "\\|").replace("\r\n", "\n").replace("\n", "<br>")


def render_markdown(report: Report) -> str:
    zh = report.lang == "zh"
    s = report.summary()
    if zh:
        heading = f"### sncheck：{s['files']} 個檔案，{s['errors']} 個錯誤、{s['warnings']} 個警告"
        heading += f"、{s['suppressed']} 個已豁免" if s["suppressed"] else ""
    else:
        heading = f"### sncheck: {s['files']} file(s), {s['errors']} error(s), {s['warnings']} warning(s)"
        heading += f", {s['suppressed']} suppressed" if s["suppressed"] else ""
    rows = []
    for result in report.files:
        for f in report.shown(result):
            severity = SEVERITY_ZH[f.severity.value] if zh else f.severity.value
            if f.suppressed is not None:
                severity += f"（已豁免：{f.suppressed}）" if zh else f" (suppressed: {f.suppressed})"
            fix = f.fix.description if f.fix is not None else ""
            path = printable_name(result.path.replace("|", "\\|"))
            where = f.extra["cell"] if f.extra.get("sheet") else f"{f.line or 1}:{f.column or 1}"  # 人員名冊!D14
            rows.append((f"`{path}`", where, f.rule, severity, f.message, fix))
    unchecked = _unchecked(report)
    if not rows:
        return heading + "\n\n" + ("沒有發現問題。" if zh else "No findings.") + "\n" + unchecked
    lines = [heading, "", "| " + " | ".join(HEADERS["zh" if zh else "en"]) + " |", "|---|---|---|---|---|---|"]
    lines += ["| " + " | ".join(c if i == 0 else cell(c) for i, c in enumerate(row)) + " |" for row in rows]
    return "\n".join(lines) + "\n" + unchecked


def _unchecked(report: Report) -> str:
    """The amber verdict (no error, but not all checked) and a list of what was not checked, each file's."""
    zh = report.lang == "zh"
    items = [(result.path, text) for result in report.files if result.coverage is not None
             for text in result.coverage.lines()]
    if not items:
        return ""
    said = verdict(report.files, report.lang, "")
    lines = [""]
    if said.level == "incomplete":
        lines += [f"> ⚠️ **{cell(said.text)}**", ""]
    lines.append("**未檢核：**" if zh else "**Not checked:**")
    lines += [f"- `{printable_name(path.replace('`', ''))}`：{cell(text)}" if zh
              else f"- `{printable_name(path.replace('`', ''))}`: {cell(text)}" for path, text in items]
    return "\n".join(lines) + "\n"
