"""``report.html``: one self-contained page that answers "which counties fail which rules, and what must each fix".

No network: CSS and JS are inline, the bar chart is inline SVG, no fonts or
scripts are fetched. The page is complete without JS (tables and
``<details>``); the small script only opens a county's drill-down when the
address names it (``report.html#county-臺中市``) or a matrix cell is clicked.
A row is a county's plan of one year (``summary``): a county with rows of
several years has a drill-down per year (``#county-臺中市-111``) inside one
block that ``#county-臺中市`` names and opens whole.
Staff names never appear: the page shows findings only, which name staff by id.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import IO, Callable, Iterable, Sequence

from sncheck import __version__
from sncheck.model.findings import Finding, Severity
from sncheck.packs.pack_use import PROGRAMME, period_pack
from sncheck.packs.rulepacks import Pack
from sncheck.batch.compare import Comparer
from sncheck.batch.summary import CountyRow, Summary, year_text
from sncheck.formatters.base import fix_mark
from sncheck.batch.worker import FileOutcome

_T = {
    "zh": {
        "lang": "zh", "title": "{period} 縣市計畫檢核總表", "periods": "本表檢核依據：",
        "files": "檔案", "counties": "縣市",
        "passed": "通過", "failed": "未通過", "errors": "錯誤", "warnings": "警告", "infos": "資訊",
        "matrix": "縣市 × 規則類別", "county_years": "縣市・年度", "chart": "各規則類別的問題數", "details": "各縣市待修正事項",
        "county": "縣市", "result": "結果", "total": "合計", "file": "檔案", "line": "行", "rule": "規則",
        "severity": "嚴重度", "message": "問題", "fix": "修正建議", "none": "沒有發現問題",
        "compare": "與上一輪比較", "new": "新增", "fixed": "已修正", "open": "仍未修正", "status": "比較",
        "legend": "顏色：紅＝有錯誤，黃＝只有警告，藍＝只有資訊（不影響通過），綠＝無問題，"
                  "灰（斜紋）＝未完整檢核：這類規定有未執行或只檢核了部分的（見「未檢核」欄），0 不代表無問題",
        "partial": "未完整檢核", "partial_short": "未完整", "incomplete": "未完整檢核",
        "expand": "全部展開", "collapse": "全部收合", "year": "年度", "checked_by": "檢核依據",
        "by_choice": "依選擇將規則包套用於其適用年度以外（apply_packs）的縣市：", "unchecked": "未檢核",
    },
    "en": {
        "lang": "en", "title": "{period}: county plan review",
        "periods": "Rule packs used in this report: ", "files": "files",
        "counties": "counties", "passed": "pass", "failed": "fail", "errors": "errors", "warnings": "warnings",
        "one_errors": "error", "one_warnings": "warning", "one_infos": "info",
        "infos": "infos", "matrix": "County × rule family", "county_years": "county-years", "chart": "Findings per rule family",
        "details": "What each county must fix", "county": "county", "result": "result", "total": "total",
        "file": "file", "line": "line", "rule": "rule", "severity": "severity", "message": "problem",
        "fix": "fix", "none": "no findings", "compare": "Since the last round", "new": "new", "fixed": "fixed",
        "open": "still open", "status": "change",
        "legend": "Colour: red = errors, amber = warnings only, blue = infos only (not a failure), green = no findings, "
                  "grey (striped) = not fully checked (incomplete): a rule of the family did not run or ran in part (see "
                  "\u201cnot checked\u201d); no findings there is not a pass",
        "partial": "not fully checked", "partial_short": "not fully checked", "incomplete": "not fully checked",
        "expand": "expand all", "collapse": "collapse all", "year": "year", "checked_by": "checked by",
        "by_choice": "Counties checked with a rule pack applied beyond its plan years by choice (apply_packs): ",
        "unchecked": "not checked",
    },
}

_CSS = """
body{font-family:"Noto Sans CJK TC","Microsoft JhengHei","PingFang TC",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
.cards{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px solid #ccc;border-radius:6px;padding:.5em 1em}
.card b{font-size:1.4em;display:block}
table{border-collapse:collapse;font-size:.92em}th,td{border:1px solid #bbb;padding:.3em .5em;text-align:center}
th{background:#f0f0f0}td.l,th.l{text-align:left}.nw,.findings td.nw{white-space:nowrap}
.scroll{max-width:100%;overflow-x:auto}.findings td{overflow-wrap:anywhere}
.sev-error{background:#f8c4c0}.sev-warning{background:#fde7a6}.sev-info{background:#cfe3f7}.sev-ok{background:#d5efd5}
.sev-partial{background:repeating-linear-gradient(135deg,#e6e6e6 0 6px,#d2d2d2 6px 12px);color:#333}
td.partial{outline:2px dashed #777;outline-offset:-3px}
td a{color:inherit;text-decoration:none;display:block}
.pass{color:#1a7f1a;font-weight:bold}.fail{color:#b3261e;font-weight:bold}.incomplete{color:#8a5a00;font-weight:bold}
td.unchecked{font-size:.85em;min-width:14em;max-width:28em;overflow-wrap:anywhere}
details{margin:.4em 0;border:1px solid #ccc;border-radius:4px;padding:.3em .6em}
details[open]{background:#fbfbfb}summary{cursor:pointer;font-weight:bold}
.badge{border-radius:3px;padding:0 .3em;font-size:.85em}.b-new{background:#b3261e;color:#fff}
.b-open{background:#777;color:#fff}.b-fixed{background:#1a7f1a;color:#fff}
.findings td{text-align:left;vertical-align:top}.legend{font-size:.85em;color:#555}
"""

_JS = """
function openFromHash(){
  var id = decodeURIComponent(location.hash.slice(1));
  if(!id) return;
  var el = document.getElementById(id);
  if(!el) return;
  if(el.tagName === 'DETAILS'){ el.open = true; }
  else { el.querySelectorAll('details.county').forEach(function(d){ d.open = true; }); }
  el.scrollIntoView();
}
function setAll(open){ document.querySelectorAll('details.county').forEach(function(d){ d.open = open; }); }
window.addEventListener('hashchange', openFromHash);
document.addEventListener('DOMContentLoaded', openFromHash);
"""


def county_anchor(county: str) -> str:
    return "county-" + county


def row_anchor(row: CountyRow, several: bool) -> str:
    """A row's drill-down: ``county-臺中市``, or ``county-臺中市-111`` (``-年度不明``) when the county has rows
    of several years (``county-臺中市`` then names the block of them all)."""
    return county_anchor(row.county) + (f"-{year_text(row.plan_year, 'zh')}" if several else "")


def _several(summary: Summary) -> set[str]:
    """The counties with rows of more than one year."""
    seen = Counter(row.county for row in summary.rows)
    return {county for county, n in seen.items() if n > 1}


def _sev_class(errors: int, warnings: int, infos: int = 0) -> str:
    if errors:
        return "sev-error"
    if warnings:
        return "sev-warning"
    if infos:
        return "sev-info"
    return "sev-ok"


def _counted(n: int, key: str, t: dict[str, str]) -> str:
    """``3 錯誤``; in English one error is ``1 error``, not ``1 errors`` (the key's ``one_`` form, where there is one)."""
    return f"{n} {t.get('one_' + key, t[key]) if n == 1 else t[key]}"


def _cell(errors: int, warnings: int, t: dict[str, str], infos: int = 0, complete: bool = True) -> str:
    """A matrix cell's HTML: ``2 錯誤 / 1 警告``, each count unbreakable (a narrow column wraps between them,
    never inside one); a cell with infos only says how many, as its blue colour says there are some. A family
    not fully checked says so in words, not by colour alone: 「未完整檢核」, or 「2 錯誤・未完整」."""
    parts = [_counted(n, key, t) for n, key in ((errors, "errors"), (warnings, "warnings")) if n]
    if not parts and infos:
        parts = [_counted(infos, "infos", t)]
    if not complete:
        if not parts:
            return escape(t["partial"])  # may wrap: a narrow family column stays narrow
    counts = " / ".join(f'<span class="nw">{escape(part)}</span>' for part in parts) or "0"
    if complete:
        return counts
    # 「・未完整」 kept whole (three characters); the English words may wrap in a narrow column
    return counts + ('<span class="nw">・' + escape(t["partial_short"]) + "</span>" if t["lang"] == "zh"
                     else escape(", " + t["partial_short"]))


def _family_class(errors: int, warnings: int, infos: int, complete: bool) -> str:
    """A family cell's classes: its severity colour, or grey when nothing was found but not all was checked;
    ``partial`` (a dashed frame) on every cell not fully checked, findings or not."""
    if complete:
        return _sev_class(errors, warnings, infos)
    return ("sev-partial" if not (errors or warnings or infos) else _sev_class(errors, warnings, infos)) + " partial"


def _matrix(summary: Summary, lang: str, t: dict[str, str]) -> str:
    head = "".join(f"<th>{escape(summary.family_label(f, lang))}</th>" for f in summary.families)
    rows = []
    several = _several(summary)
    for row in summary.rows:
        link = f'href="#{escape(row_anchor(row, row.county in several))}"'
        cells = []
        for family in summary.families:
            e, w = row.count(Severity.ERROR, family), row.count(Severity.WARNING, family)
            i = row.count(Severity.INFO, family)
            complete = row.family_complete(family)
            cells.append(f'<td class="{_family_class(e, w, i, complete)}" data-family="{escape(family)}"><a {link}>'
                         f"{_cell(e, w, t, i, complete)}</a></td>")
        e, w, i = row.count(Severity.ERROR), row.count(Severity.WARNING), row.count(Severity.INFO)
        level = "fail" if not row.passed else "pass" if row.complete else "incomplete"
        verdict = f'<span class="{level}">{escape(row.result(lang))}</span>'
        unchecked = "<br>".join(escape(line) for line in row.unchecked(lang).splitlines())
        year = escape(year_text(row.plan_year, lang))
        rows.append(f'<tr data-county="{escape(row.county)}" data-year="{year}"><th class="l nw"><a {link}>'
                    f'{escape(row.county)}</a></th><td class="nw year">{year}</td>{"".join(cells)}<td class="{_sev_class(e, w, i)} nw total">{_cell(e, w, t, i)}</td>'
                    f'<td class="nw result">{verdict}</td><td class="l checked-by">{escape(row.checked_by(lang))}</td>'
                    f'<td class="l unchecked">{unchecked}</td></tr>')
    e, w, i = summary.total(Severity.ERROR), summary.total(Severity.WARNING), summary.total(Severity.INFO)
    totals = "".join(_total_cell(summary, f, t) for f in summary.families)
    rows.append(f'<tr class="totals"><th class="l nw">{t["total"]}</th><td></td>{totals}<td class="nw total">{_cell(e, w, t, i)}</td>'
                # the tally over the row's empty 檢核依據 and 未檢核 cells: one line, without widening 結果 (whose
                # width the 未檢核 column needs, or its lines wrap every few characters)
                f'<td class="nw result" colspan="3">{escape(summary.tally(lang))}</td></tr>')
    chosen = [row.label(lang, summary.years_differ) for row in summary.rows if row.by_choice]
    by_choice = (f'<p id="by-choice">{escape(t["by_choice"])}{escape(("、" if lang == "zh" else ", ").join(chosen))}</p>'
                 if chosen else "")
    return (f'<div class="scroll"><table id="matrix"><thead><tr><th class="l nw">{t["county"]}</th>'
            f'<th class="nw">{t["year"]}</th>{head}'
            f'<th class="nw">{t["total"]}</th><th class="nw">{t["result"]}</th><th>{t["checked_by"]}</th>'
            f'<th>{t["unchecked"]}</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div><p class="legend">{t["legend"]}</p>{by_choice}')


def _total_cell(summary: Summary, family: str, t: dict[str, str]) -> str:
    """The 合計 row's cell of a family: the nation's counts, and how many counties it was not fully checked in."""
    counts = _cell(summary.total(Severity.ERROR, family), summary.total(Severity.WARNING, family), t,
                   summary.total(Severity.INFO, family))
    partial = len(summary.incomplete_in(family))
    if not partial:
        return f'<td data-family="{escape(family)}">{counts}</td>'
    note = f"{t['partial']} {partial}" if t["lang"] == "zh" else f"{t['partial']}: {partial}"
    return f'<td class="partial" data-family="{escape(family)}">{counts}<br>{escape(note)}</td>'


def _chart(summary: Summary, lang: str, t: dict[str, str]) -> str:
    """Horizontal stacked bars (errors red, warnings amber) per family, as inline SVG."""
    data = [(summary.family_label(f, lang), summary.total(Severity.ERROR, f), summary.total(Severity.WARNING, f))
            for f in summary.families]
    if not data:
        return f"<p>{t['none']}</p>"
    biggest = max((e + w for _, e, w in data), default=1) or 1
    label_w, bar_w, row_h = 190, 460, 26
    parts = []
    for i, (label, e, w) in enumerate(data):
        y = i * row_h + 4
        ew = bar_w * e / biggest
        ww = bar_w * w / biggest
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" font-size="13">{escape(label)}</text>'
                     f'<rect class="bar-e" x="{label_w}" y="{y}" width="{ew:.1f}" height="18" fill="#d9534f"/>'
                     f'<rect class="bar-w" x="{label_w + ew:.1f}" y="{y}" width="{ww:.1f}" height="18" fill="#f0ad4e"/>'
                     f'<text x="{label_w + ew + ww + 6:.1f}" y="{y + 15}" font-size="12">'
                     f'{_counted(e, "errors", t)}, {_counted(w, "warnings", t)}</text>')
    height = len(data) * row_h + 8
    return (f'<svg id="chart" xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 170}" height="{height}" '
            f'role="img" aria-label="{escape(t["chart"])}">{"".join(parts)}</svg>')


def position(f: Finding) -> str:
    """Where a finding is: the line of a plan file, or the cell of a roster workbook (``人員名冊!B2``)."""
    return str(f.extra["cell"]) if f.extra.get("sheet") and f.extra.get("cell") else str(f.line or 1)


def _finding_row(outcome: FileOutcome, index: int, f: Finding, t: dict[str, str], compared: bool) -> str:
    fix = ""
    if f.fix is not None and f.fix.description:
        fix = escape(f.fix.description + fix_mark(f.fix, t["lang"]))
    status = ""
    if compared:
        state = outcome.status[index] if index < len(outcome.status) else "new"
        status = f'<td><span class="badge b-{state}">{t[state]}</span></td>'
    return (f'<tr class="finding {escape(f.severity.value)}">{status}<td>{escape(outcome.result.path)}</td>'
            f'<td class="nw">{escape(position(f))}</td><td class="nw">{escape(f.rule)}</td>'
            f'<td class="nw sev-{escape(f.severity.value)}">{t[f.severity.value + "s"]}</td>'
            f"<td>{escape(f.message)}</td><td>{fix}</td></tr>")


def _county_details(row: CountyRow, outcomes: Iterable[FileOutcome], t: dict[str, str], compared: bool,
                    lang: str, anchor: str) -> str:
    e, w = row.count(Severity.ERROR), row.count(Severity.WARNING)
    verdict = row.result(lang)
    head = f'<th>{t["status"]}</th>' if compared else ""
    body = []
    for outcome in outcomes:
        for index, f in enumerate(outcome.result.findings):
            if f.suppressed is not None:
                continue
            body.append(_finding_row(outcome, index, f, t, compared))
    table = (f'<table class="findings"><thead><tr>{head}<th>{t["file"]}</th><th>{t["line"]}</th><th>{t["rule"]}</th>'
             f'<th>{t["severity"]}</th><th>{t["message"]}</th><th>{t["fix"]}</th></tr></thead>'
             f'<tbody>{"".join(body)}</tbody></table>') if body else f"<p>{t['none']}</p>"
    year = f"（{t['year']} {row.plan_year}）" if row.plan_year is not None else \
        "（年度不明）" if lang == "zh" else "（year unknown）"
    return (f'<details class="county" id="{escape(anchor)}" data-year="{escape(year_text(row.plan_year, lang))}">'
            f"<summary>{escape(row.county)}{escape(year)}：{verdict}，{e} {t['errors']}、{w} {t['warnings']}</summary>"
            f"{table}</details>")


def _comparison(out: IO[str], comparer: Comparer, outcomes: Callable[[], Iterable[FileOutcome]],
                t: dict[str, str]) -> None:
    fixed = comparer.fixed()
    out.write(f'<div class="cards" id="compare-counts"><div class="card"><b>{comparer.new}</b>{t["new"]}</div>'
              f'<div class="card"><b>{len(fixed)}</b>{t["fixed"]}</div>'
              f'<div class="card"><b>{comparer.still_open}</b>{t["open"]}</div></div>')
    for state, count in (("new", comparer.new), ("open", comparer.still_open)):
        out.write(f'<details id="compare-{state}"><summary>{t[state]}（{count}）</summary><ul>')
        for outcome in outcomes():
            for j, f in enumerate(outcome.result.findings):
                if j < len(outcome.status) and outcome.status[j] == state:
                    out.write(f"<li>{escape(outcome.result.path)}:{escape(position(f))} {escape(f.rule)} "
                              f"{escape(f.message)}</li>")
        out.write("</ul></details>")
    items = "".join(f"<li>{escape(o.path)}:{escape(o.where)} {escape(o.rule)} {escape(o.message)}</li>" for o in fixed)
    out.write(f'<details id="compare-fixed"><summary>{t["fixed"]}（{len(fixed)}）</summary><ul>{items}</ul></details>')


def title(summary: Summary, packs: Sequence[Pack], lang: str) -> str:
    """「強化社會安全網計畫2.0（115–119年） 縣市計畫檢核總表」: the title of the one pack whose years cover every
    plan of the report (pack.yaml ``title``), else the programme's neutral name (a round of 114 and 115 plans)."""
    t = _T["zh" if lang == "zh" else "en"]
    pack = period_pack(packs, {info.plan_year for row in summary.rows for info in row.files
                               if info.plan_year is not None})
    code = "zh" if lang == "zh" else "en"
    name = (pack.title.get(code) or pack.id) if pack is not None else PROGRAMME[code]
    return t["title"].format(period=name)


def _packs_line(summary: Summary, packs: Sequence[Pack], lang: str, t: dict[str, str]) -> str:
    """The packs that checked the report's files, with their titles and years (``FileOutcome.packs``)."""
    used = dict.fromkeys(pack_id for row in summary.rows for info in row.files for pack_id, _ in info.packs)
    titles = {p.id: p.full_title(lang) for p in packs}
    if not used:
        return ""
    items = ("、" if lang == "zh" else ", ").join(f"{pack_id} {titles.get(pack_id, '')}".strip() for pack_id in used)
    return f'<p id="periods">{escape(t["periods"])}{escape(items)}</p>'


def write_html(out: IO[str], summary: Summary, outcomes: Callable[[CountyRow], Iterable[FileOutcome]],
               lang: str = "zh", comparer: Comparer | None = None, packs: Sequence[Pack] = ()) -> None:
    """Write the page to ``out``, one county's findings at a time (``outcomes`` reads them back). ``packs``:
    the loaded packs, for the title and the line naming the packs used."""
    t = _T["zh" if lang == "zh" else "en"]
    heading = escape(title(summary, packs, lang))
    failed = len(summary.failing)
    cards = (f'<div class="cards"><div class="card"><b>{summary.files}</b>{t["files"]}</div>'
             f'<div class="card"><b>{len(summary.rows)}</b>'
             f'{t["counties"] if summary.one_row_per_county else t["county_years"]}</div>'
             f'<div class="card"><b class="fail">{failed}</b>{t["failed"]}</div>'
             f'<div class="card" id="card-incomplete"><b class="incomplete">{len(summary.incomplete)}</b>'
             f'{t["incomplete"]}</div>'
             f'<div class="card"><b>{summary.total(Severity.ERROR)}</b>{t["errors"]}</div>'
             f'<div class="card"><b>{summary.total(Severity.WARNING)}</b>{t["warnings"]}</div></div>')
    out.write(f'<!DOCTYPE html>\n<html lang="{"zh-Hant-TW" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
              f'<meta name="generator" content="sncheck {__version__}"><title>{heading}</title>'
              f"<style>{_CSS}</style><script>{_JS}</script></head><body>"
              f"<h1>{heading}</h1>{_packs_line(summary, packs, lang, t)}{cards}"
              f"<h2>{t['matrix']}</h2>{_matrix(summary, lang, t)}"
              f"<h2>{t['chart']}</h2>{_chart(summary, lang, t)}")
    if comparer is not None:
        out.write(f"<h2>{t['compare']}</h2>")
        _comparison(out, comparer, lambda: (o for row in summary.rows for o in outcomes(row)), t)
    out.write(f"<h2>{t['details']}</h2><p><button type=\"button\" onclick=\"setAll(true)\">{t['expand']}</button> "
              f"<button type=\"button\" onclick=\"setAll(false)\">{t['collapse']}</button></p>")
    several = _several(summary)
    for index, row in enumerate(summary.rows):
        grouped = row.county in several
        if grouped and (index == 0 or summary.rows[index - 1].county != row.county):
            out.write(f'<div class="county-years" id="{escape(county_anchor(row.county))}">')
        out.write(_county_details(row, outcomes(row), t, comparer is not None, lang, row_anchor(row, grouped)))
        if grouped and (index == len(summary.rows) - 1 or summary.rows[index + 1].county != row.county):
            out.write("</div>")
    out.write("</body></html>\n")
