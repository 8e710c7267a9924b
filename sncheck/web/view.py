"""What the result page shows for a file: findings grouped by the person, team or request they are about.

A finding's JSON Pointer says what it is about: ``/staff/N…`` a person, ``/teams/N…`` a team,
``/requests/N…`` a non-salary request, anything else the plan as a whole. Groups come in that order
(plan first: a file that cannot be read says so before anything else), items in file order. A group is
titled by the item's ``id`` (never a name, unless "show personal data" is ticked) and its team.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from sncheck.model.verdict import verdict as overall_verdict
from sncheck.model.personal_data import Redactor, staff_names
from sncheck.batch.summary import FamilyLabels
from sncheck.model.findings import Applicability, FileResult, Finding, Severity
from sncheck.model.pointers import pointer_tokens
from sncheck.web.texts import words

if TYPE_CHECKING:
    from sncheck.engine.checker import Checker
    from sncheck.web.run import CheckedFile
    from sncheck.packs.pack_use import Choice
    from sncheck.packs.rulepacks import Pack

KINDS = {"staff": "staff", "teams": "team", "requests": "request"}
_KIND_ORDER = {"document": 0, "team": 1, "staff": 2, "request": 3}


@dataclass(frozen=True)
class FindingView:
    rule: str
    severity: str
    pointer: str
    line: int | None
    location: str  # 第 8 行 / 人員名冊!D14 / roster.csv 第 14 列 D 欄
    message: str
    fix: str
    applicability: str  # safe / unsafe / display / "" (no fix)
    source_title: str
    source_quote: str
    family: str
    draft: bool = False  # a draft rule (``status: draft``, the 2.0 rules from news reports): badge 草案
    by_choice: str = ""  # the marker of a pack applied beyond its years by choice (``applied_by_choice.note``)
    anchor: str = ""  # the contents' jump target, on the first finding of its rule in the file
    asks: str = ""  # the question of the page's question step that answers it (web/asking.py)


@dataclass
class Group:
    kind: str  # document / team / staff / request
    index: int
    title: str
    findings: list[FindingView] = field(default_factory=list)

    @property
    def worst(self) -> str:
        return min((f.severity for f in self.findings), key=lambda s: Severity(s).rank, default="info")


@dataclass(frozen=True)
class RuleCount:
    """A line of a file's contents: the rule, its title, how many findings, where the first one is."""

    rule: str
    title: str
    severity: str
    count: int
    anchor: str


# A long result page (900 findings) is read by rule, then by item: from this many findings a file gets a
# contents table by rule; from COLLAPSE_FROM its groups start closed (few findings: all open, nothing hidden).
CONTENTS_FROM = 10
COLLAPSE_FROM = 51


@dataclass(frozen=True)
class FamilyCount:
    family: str
    label: str
    errors: int
    warnings: int
    infos: int


def location(finding: Finding, lang: str) -> str:
    """Where to look: the cell of a workbook (Excel's ``人員名冊!D14``), the row of a CSV, the line of a plan."""
    zh = lang == "zh"
    extra = finding.extra
    if extra.get("sheet") and extra.get("cell"):
        if str(extra["cell"]).rsplit("!", 1)[-1].isdigit() and extra.get("row"):  # a whole row: 人員名冊!14
            return f"{extra['sheet']} 第 {extra['row']} 列" if zh else f"{extra['sheet']} row {extra['row']}"
        return str(extra["cell"])
    if extra.get("cell") and extra.get("row"):
        name = Path(str(extra.get("file") or "")).name
        return f"{name} {extra['cell']}".strip()
    if finding.line:
        return f"第 {finding.line} 行" if zh else f"line {finding.line}"
    return ""


def finding_view(finding: Finding, labels: FamilyLabels, lang: str, fixable: Mapping[tuple[str, str], str]) -> FindingView:
    """``fixable``: (rule, pointer) → safe/unsafe for the fixes the corrected plan makes (a roster's findings
    carry advice only, as ``check`` prints them, but the plan imported from it is fixed)."""
    fix = finding.fix
    applicability = ""
    if fix is not None:
        applicability = fix.applicability.value if fix.patch else Applicability.DISPLAY.value
        applicability = fixable.get((finding.rule, finding.pointer), applicability)
    source = finding.source
    chosen = finding.extra.get("applied_by_choice")
    return FindingView(finding.rule, finding.severity.value, finding.pointer, finding.line, location(finding, lang),
                       finding.message, fix.description if fix else "", applicability,
                       f"{source.document} {source.title}".strip() if source else "",
                       source.quote if source else "", labels.label(finding.family or "other", lang),
                       finding.extra.get("rule_status") == "draft",
                       str(chosen.get("note", "")) if isinstance(chosen, dict) else "")


def checked_by(checker: "Checker", plan_year: int | None, lang: str) -> list[tuple[str, bool]]:
    """(pack title, applied by choice) of the packs that checked a plan of ``plan_year``, as the batch's
    檢核依據 column has them (``batch.worker.packs_of``); empty when the year is unknown."""
    from sncheck.batch.worker import packs_of

    titles = {pack.id: pack.full_title(lang) for pack in checker.packs}
    return [(titles.get(pack_id, pack_id), chosen) for pack_id, chosen in packs_of(checker, plan_year)]


@dataclass(frozen=True)
class NotRun:
    """The rules a file never reached because the plan's county or year is missing (a roster uploaded without
    them): no rule runs then (``Coverage.stopped``), and two SCHEMA001 findings alone would read as if the rest
    passed. ``packs``: (pack title, one 未檢核 line per rule), as ``sncheck check`` prints them; the title only
    when the year is unknown and every loaded pack is listed (the year decides which period's rules apply)."""

    intro: str
    packs: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def count(self) -> int:
        return sum(len(lines) for _, lines in self.packs)


_FRAME = ("county", "plan_year")  # without these no rule can run (engine/readable.py: the plan's frame)


def not_run(checker: "Checker", file: "CheckedFile", lang: str) -> NotRun | None:
    """What the rules of a file read without its county or plan year would have checked; None when the
    rules ran (their coverage says what they left out) or the file could not be read (its PARSE001 says)."""
    from sncheck.engine.coverage import not_run_message

    coverage = file.result.coverage
    frame = unread_frame(file)
    if file.data is None or coverage is None or not coverage.stopped or not frame:
        return None
    w = words(lang)
    reason = w[f"not_run_{'roster' if file.kind == 'roster' else 'plan'}_{'_'.join(frame)}"]
    year = file.county_year()[1] if "plan_year" not in frame else None
    # the year known: the packs that would check it (as the rules would have run); else every loaded pack
    packs = ([use.pack for use in checker.pack_uses(year)] if year is not None else []) or checker.packs
    shown = []
    for pack in packs:
        lines = tuple(not_run_message(rule.id, pack.families.get(rule.family, {}).get(lang) or rule.family,
                                      reason, lang)
                      for rule in pack.rules if checker.selected(rule.id) and not rule.cross_plan)
        if lines:
            shown.append((pack.full_title(lang) if len(packs) > 1 else "", lines))
    count = sum(len(lines) for _, lines in shown)
    intro = w["not_run_periods" if year is None and len(shown) > 1 else "not_run"].format(reason=reason, n=count)
    return NotRun(intro[:1].upper() + intro[1:], tuple(shown))


def unread_frame(file: "CheckedFile") -> tuple[str, ...]:
    """Which of county and plan year the file lacks (or has unreadable): a roster knows what it was not
    given; a plan file says it with its SCHEMA001 findings at /county, /plan_year (or a missing one's)."""
    if file.missing:
        return tuple(name for name in _FRAME if name in file.missing)
    found = set()
    for finding in file.result.active():
        if finding.rule != "SCHEMA001":
            continue
        tokens = pointer_tokens(finding.pointer)
        found.add(tokens[0] if len(tokens) == 1 else finding.extra.get("missing") if not tokens else None)
    return tuple(name for name in _FRAME if name in found)


def choice_label(choice: "Choice", packs: Iterable["Pack"], lang: str) -> str:
    """The tick box: 「115–119 年度的計畫也依第二期標準（110–114）檢核（2.0 尚無公告規則）」, from the packs."""
    periods = [p.name(lang) for p in packs if p.covers(choice.first) and p.id != choice.pack.id]
    return words(lang)["apply_choice"].format(years=choice.years, name=choice.pack.name(lang),
                                              pack_years=choice.pack.years,
                                              period=words(lang)["list_sep"].join(periods) or choice.years)


def item_of(pointer: str) -> tuple[str, int]:
    """``/staff/3/role`` → ("staff", 3); the plan as a whole → ("document", -1)."""
    tokens = pointer_tokens(pointer)
    if len(tokens) >= 2 and tokens[0] in KINDS and tokens[1].isdigit():
        return KINDS[tokens[0]], int(tokens[1])
    return "document", -1


def group_findings(result: FileResult, data: Any, labels: FamilyLabels, lang: str,
                   show_names: bool = False, fixable: Mapping[tuple[str, str], str] | None = None) -> list[Group]:
    groups: dict[tuple[str, int], Group] = {}
    # A title names the item by its id, which may be a national ID or a staff name (a roster without
    # employee numbers): masked like every finding's text.
    redactor = Redactor(staff_names(data), lang, show_names)
    for finding in result.active():
        kind, index = item_of(finding.pointer)
        group = groups.get((kind, index))
        if group is None:
            title = redactor.text(_title(kind, index, data, lang, show_names))
            group = groups[(kind, index)] = Group(kind, index, title)
        group.findings.append(finding_view(finding, labels, lang, fixable or {}))
    ordered = sorted(groups.values(), key=lambda g: (_KIND_ORDER[g.kind], g.index))
    for group in ordered:
        group.findings.sort(key=lambda f: (Severity(f.severity).rank, f.line or 0, f.rule))
    return ordered


def rule_contents(groups: list[Group], titles: Mapping[str, str], prefix: str) -> list[RuleCount]:
    """The file's findings counted by rule (worst severity first, then most findings), each linked to its
    first finding on the page: that finding gets the anchor ``{prefix}-rule-{rule}`` (set here)."""
    counts: dict[str, int] = {}
    severity: dict[str, str] = {}
    for group in groups:
        for i, finding in enumerate(group.findings):
            if finding.rule not in counts:
                group.findings[i] = replace(finding, anchor=f"{prefix}-rule-{finding.rule}")
                severity[finding.rule] = finding.severity
            counts[finding.rule] = counts.get(finding.rule, 0) + 1
    ordered = sorted(counts, key=lambda rule: (Severity(severity[rule]).rank, -counts[rule], rule))
    return [RuleCount(rule, titles.get(rule, ""), severity[rule], counts[rule], f"{prefix}-rule-{rule}")
            for rule in ordered]


def family_counts(results: Iterable[FileResult], labels: FamilyLabels, lang: str) -> list[FamilyCount]:
    counts: dict[str, dict[Severity, int]] = {}
    for result in results:
        for finding in result.active():
            per = counts.setdefault(finding.family or "other", {})
            per[finding.severity] = per.get(finding.severity, 0) + 1
    return [FamilyCount(family, labels.label(family, lang), counts[family].get(Severity.ERROR, 0),
                        counts[family].get(Severity.WARNING, 0), counts[family].get(Severity.INFO, 0))
            for family in labels.order(counts)]


def _item(data: Any, kind: str, index: int) -> dict[str, Any]:
    list_name = {v: k for k, v in KINDS.items()}[kind]
    items = data.get(list_name) if isinstance(data, dict) else None
    if isinstance(items, list) and 0 <= index < len(items) and isinstance(items[index], dict):
        return items[index]
    return {}


def _title(kind: str, index: int, data: Any, lang: str, show_names: bool) -> str:
    w = words(lang)
    if kind == "document":
        return w["whole_plan"]
    item = _item(data, kind, index)
    item_id = item.get("id")
    label = w[f"kind_{kind}"]
    title = f"{label} {_text(item_id)}" if item_id is not None else \
        (f"第 {index + 1} 個{label}" if lang == "zh" else f"{label} #{index + 1}")
    details = []
    if kind == "staff" and item_id is not None and lang == "zh":  # 人員（編號 12，…）: a number is an id, not a count
        title, details = label, [f"編號 {_text(item_id)}"]
    if kind == "team" and isinstance(item.get("name"), str):
        details.append(_text(item["name"]))
    if kind == "staff" and show_names and isinstance(item.get("name"), str):
        details.append(_text(item["name"]))
    if kind in ("staff", "request") and item.get("team") is not None:
        details.append(f"{w['team']} {_text(item['team'])}")
    return f"{title}（{'，'.join(details)}）" if details and lang == "zh" else \
        f"{title} ({', '.join(details)})" if details else title


def _text(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def verdict(results: Iterable[FileResult], lang: str, not_run: int = 0) -> tuple[str, str]:
    """(level, text): ("pass", "通過"), ("incomplete", "未發現錯誤，但有 3 項規定未能檢核") or ("fail", "3 個錯誤、
    1 個警告"); warnings do not fail (as batch), and a result is not a pass when something was not checked
    (``sncheck.model.verdict``). ``not_run``: the rules a file without county or plan year never reached
    (``NotRun.count``), said after the counts: 「2 個錯誤、22 項規定未檢核」, not two errors alone."""
    w = words(lang)
    results = list(results)
    errors = sum(r.count(Severity.ERROR) for r in results)
    warnings = sum(r.count(Severity.WARNING) for r in results)
    infos = sum(r.count(Severity.INFO) for r in results)
    said = overall_verdict(results, lang, w["n_errors"].format(n=errors))
    parts = [said.text]
    if warnings:
        parts.append(w["n_warnings"].format(n=warnings))
    if infos:
        parts.append(w["n_infos"].format(n=infos))
    if not_run:
        parts.append(w["n_not_run"].format(n=not_run))
    return said.level, ("、" if lang == "zh" else ", ").join(parts)
