"""The whole check of one file: read, normalize, validate, reference-check, apply rules.

``Checker`` is built once per run (plugins, rule packs) and then checks any
number of files; each file gives a ``FileResult`` and nothing a file contains
can stop the others. Input problems are findings (PARSE001, SCHEMA001,
REF001, PACK001); rules run only on plans that passed the schema, because
their checks rely on the plan's shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from sncheck.model import input_rules as ir
from sncheck.model.checks import AnyCheck, Check, CrossPlanCheck, PlanSummary
from sncheck.model.dates import LAST_ROC_YEAR
from sncheck.engine.run_rules import run_rules
from sncheck.model.findings import FileResult, Finding
from sncheck.read.limits import Limits
from sncheck.packs.messages import normalize_lang
from sncheck.read.normalize import normalize
from sncheck.packs.pack_use import PackUse, marked, rules_to_run, suggestion, uses_for, validate_extensions
from sncheck.model.personal_data import Redactor, is_valid_national_id, mask_id, staff_names
from sncheck.model.plan import Plan, build_plan
from sncheck.engine.plan_summary import plan_summary
from sncheck.engine.plugin_isolation import PluginError, call_isolated
from sncheck.packs.rulepacks import Pack, Rule, load_packs
from sncheck.read.schema import validate
from sncheck.read.source import Document, ProblemError
from sncheck.model.pointers import make_pointer
from sncheck.read.document import read_document
from sncheck.engine.suppressions import apply_suppressions
from sncheck.model.vocabulary import UNIT_TYPE_SINCE, UNIT_TYPES


@dataclass
class Options:
    lang: str = "zh"
    show_personal_data: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rule_dirs: tuple[Path, ...] = ()
    limits: Limits = field(default_factory=Limits)
    extra_plugins: tuple[object, ...] = ()
    load_entry_points: bool = True
    # From a project config file (sncheck/packs/config.py); applied when packs are loaded.
    severity_overrides: Mapping[str, str] = field(default_factory=dict)
    param_overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    config_origin: str = ""  # the config file the overrides come from, for error messages
    config_lines: Mapping[str, int] = field(default_factory=dict)  # override key → its line there
    # pack id → {"from": year, "to": year}: apply a pack beyond its own years (sncheck/packs/pack_use.py)
    apply_packs: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    apply_packs_on_command_line: frozenset[str] = frozenset()  # those given as --apply-pack (for error messages)


def rule_selected(rule_id: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """``--select SUP --ignore SUP002``: ids match by prefix; the longest match wins, a tie goes to ignore."""
    def longest(prefixes: Sequence[str]) -> int:
        return max((len(p) for p in prefixes if rule_id.startswith(p)), default=-1)

    chosen = longest(select) if select else 0
    return chosen >= 0 and chosen > longest(ignore)


class Checker:
    def __init__(self, options: Options | None = None) -> None:
        from sncheck.engine.plugin_manager import make_plugin_manager

        self.options = options or Options()
        self.options.lang = normalize_lang(self.options.lang)
        self.plugin_errors: list[PluginError] = []  # broken plugins, skipped; the CLI exits 2
        self.pm = make_plugin_manager(self.options.extra_plugins, self.options.load_entry_points, self.plugin_errors)
        self.checks: dict[str, Check] = {}
        for batch in call_isolated(self.pm, "sncheck_checks", self.plugin_errors):
            for check in batch or ():
                self.checks[check.name] = check
        self.cross_plan_checks: dict[str, CrossPlanCheck] = {}  # run by sncheck batch over all plans
        for cross in call_isolated(self.pm, "sncheck_cross_plan_checks", self.plugin_errors):
            for cross_check in cross or ():
                self.cross_plan_checks[cross_check.name] = cross_check
        pack_dirs: list[Path] = []
        for batch in call_isolated(self.pm, "sncheck_rule_packs", self.plugin_errors):
            pack_dirs.extend(Path(p) for p in batch or ())
        shipped = len(_unique(pack_dirs))
        pack_dirs.extend(self.options.rule_dirs)
        self.all_checks: dict[str, AnyCheck] = {**self.cross_plan_checks, **self.checks}  # what a rule's check: names
        self.packs: list[Pack] = load_packs(_unique(pack_dirs), self.all_checks, shipped)
        if self.options.severity_overrides or self.options.param_overrides:
            from sncheck.packs.overrides import apply_overrides

            self.packs = apply_overrides(self.packs, self.options.severity_overrides,
                                         self.options.param_overrides, self.options.config_origin,
                                         self.options.config_lines)
        if self.options.apply_packs:
            validate_extensions(self.packs, self.options.apply_packs, self.options.config_origin,
                                self.options.config_lines, self.options.apply_packs_on_command_line)

    # ------------------------------------------------------------------ rules

    def all_rules(self) -> list[Rule]:
        return [rule for pack in self.packs for rule in pack.rules]

    def known_rule_ids(self) -> set[str]:
        return {r.id for r in ir.INPUT_RULES} | {r.id for r in self.all_rules()}

    def selected(self, rule_id: str) -> bool:
        return rule_selected(rule_id, self.options.select, self.options.ignore)

    # ------------------------------------------------------------------ files

    def check_path(self, path: str | Path, on_document: Callable[[Document], None] | None = None) -> FileResult:
        """``on_document``: as ``check_bytes`` (``sncheck check`` keys SARIF fingerprints by item id)."""
        display = str(path)
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            return FileResult(display, [self._input(ir.PARSE001, "", 1, 1,
                                                    f"無法讀取檔案：{exc.strerror or exc}",
                                                    f"cannot read file: {exc.strerror or exc}")])
        return self.check_bytes(display, raw, on_document)

    def check_bytes(self, path: str, raw: bytes,
                    on_document: Callable[[Document], None] | None = None,
                    on_plan: Callable[[PlanSummary], None] | None = None) -> FileResult:
        """``on_document`` sees the parsed document (``sncheck batch`` reads county, year and item ids);
        ``on_plan`` receives the plan's ``PlanSummary`` if its rules run (for the cross-plan checks)."""
        lang = self.options.lang
        try:
            doc = read_document(path, raw, self.options.limits)
        except ProblemError as exc:
            p = exc.problem
            return self._finish(path, [self._input(ir.PARSE001, p.pointer, p.line, p.column, p.message_zh, p.message_en,
                                                   extra={"reason": p.code})])
        if on_document is not None:
            on_document(doc)
        ran: list[frozenset[str]] = []
        result = self._finish(path, self.check_document(doc, on_plan, ran.append), doc)
        return replace(result, rules_run=ran[0] if ran else frozenset())

    def check_document(self, doc: Document, on_plan: Callable[[PlanSummary], None] | None = None,
                       on_rules: Callable[[frozenset[str]], None] | None = None) -> list[Finding]:
        """``on_rules`` receives the ids of the pack rules run on the plan (not called when none could run)."""
        findings: list[Finding] = []
        data = doc.data
        if not isinstance(data, dict):
            return [self._input(ir.SCHEMA001, "", *doc.position(""), "計畫檔的最上層必須是物件（欄位: 值）",
                                "the top level of a plan must be a mapping (field: value)")]
        normalized, date_problems = normalize(data)
        for date_problem in date_problems:
            findings.append(self._input(ir.PARSE001, date_problem.pointer, *doc.position(date_problem.pointer),
                                        f"{date_problem.pointer} 的日期 {date_problem.value!r} 不存在",
                                        f"{date_problem.pointer}: date {date_problem.value!r} does not exist",
                                        extra={"reason": "date"}))
        bad_dates = {p.pointer for p in date_problems}
        for problem in validate(normalized, written=data):
            if problem.pointer in bad_dates:
                continue  # already reported as an impossible date
            findings.append(self._input(ir.SCHEMA001, problem.pointer, *doc.position(problem.pointer),
                                        problem.message_zh, problem.message_en))
        if findings:
            return findings
        findings.extend(self._references(normalized, doc))
        findings.extend(self._national_ids(normalized, doc))
        if any(f.rule == ir.REF001.id and f.pointer.startswith("/teams/") for f in findings):
            # Two teams with one id: which team a staff member belongs to is unknown, so every team rule
            # would count the wrong people (a supervisor ratio over both teams, the other team's
            # programme). Rules wait until the ids are unique, as they wait for a valid schema.
            return apply_suppressions(findings, normalized, self.known_rule_ids(), doc.position, self._input)
        plan_year = int(normalized["plan_year"])  # schema-valid; asked before build_plan, whose default
        uses = self.pack_uses(plan_year)  # reference date needs a real year (99999 has none)
        if not uses:
            findings.append(self._pack001(plan_year, doc))
            return findings
        findings.extend(self._pack002(uses, plan_year, doc))
        plan = build_plan(normalized)
        findings.extend(self._pack003(uses, plan, doc))
        if on_plan is not None:
            on_plan(plan_summary(plan, normalized, doc.position))
        lang = self.options.lang
        ran: set[str] = set()
        for use, pack_rules in rules_to_run(uses):
            rules = [r for r in pack_rules if self.selected(r.id) and not r.cross_plan]
            ran.update(rule.id for rule in rules)
            for finding in run_rules(plan.without_unit_types(use.unknown_unit_types()), rules, lang):
                finding = marked(finding, use, uses, plan_year, lang)
                line, column = doc.position(finding.pointer)
                findings.append(self._personal(finding.with_position(line, column), normalized))
        if on_rules is not None:
            on_rules(frozenset(ran))
        return apply_suppressions(findings, normalized, self.known_rule_ids(), doc.position, self._input)

    # ------------------------------------------------------------------ packs

    def pack_uses(self, plan_year: int) -> list[PackUse]:
        """The packs that check a plan of ``plan_year``: natively, or applied by choice (``apply_packs``).
        None for a year with no 1 January (99999), whatever pack claims to cover it: no rule can check it."""
        if plan_year > LAST_ROC_YEAR:
            return []
        return uses_for(self.packs, self.options.apply_packs, plan_year)

    def _pack001(self, plan_year: int, doc: Document) -> Finding:
        loaded = "、".join(f"{p.id}（{p.years}）" for p in self.packs) or "無"
        loaded_en = ", ".join(f"{p.id} ({p.years})" for p in self.packs) or "none"
        roc = plan_year - 1911  # 2022 written for 111: a Gregorian year a pack covers as an ROC year
        gregorian = 0 < roc <= LAST_ROC_YEAR and any(p.covers(roc) for p in self.packs)
        hint_zh = f"；計畫年度以民國紀年，西元 {plan_year} 年請寫 {roc}" if gregorian else ""
        hint_en = f"; plan years are ROC years: write {roc} for {plan_year}" if gregorian else ""
        if plan_year > LAST_ROC_YEAR:
            hint_zh += f"；民國 {plan_year} 年沒有對應的西元日期（計畫年度最大為 {LAST_ROC_YEAR}）"
            hint_en += f"; ROC year {plan_year} has no Gregorian date (the last plan year is {LAST_ROC_YEAR})"
        elif not gregorian and plan_year < 1911:  # a later period with no pack yet: the user may choose one
            choice_zh, choice_en = suggestion(self.packs, plan_year, "zh"), suggestion(self.packs, plan_year, "en")
            hint_zh += f"；{choice_zh}" if choice_zh else ""
            hint_en += f"; {choice_en}" if choice_en else ""
        return self._input(ir.PACK001, "/plan_year", *doc.position("/plan_year"),
                           f"計畫年度 {plan_year} 不在任何已載入規則包的適用年度內；已載入：{loaded}{hint_zh}",
                           f"plan year {plan_year} is not covered by any loaded rule pack; loaded: {loaded_en}{hint_en}")

    def _pack002(self, uses: list[PackUse], plan_year: int, doc: Document) -> Iterable[Finding]:
        """PACK002 (info): the plan was checked only by packs that hold part of their period's rules, so a
        plan without findings is not "fully compliant". Not when a complete pack or one the user applied by
        choice checked it too."""
        if any(use.by_choice or use.pack.partial is None for use in uses):
            return  # another pack, complete or chosen, checked the plan too
        for use in uses:
            pack = use.pack
            assert pack.partial is not None
            count = len(pack.rules)
            choice_zh, choice_en = suggestion(self.packs, plan_year, "zh"), suggestion(self.packs, plan_year, "en")
            yield self._input(ir.PACK002, "/plan_year", *doc.position("/plan_year"),
                              f"計畫年度 {plan_year} 只依{pack.name('zh')}已公開的 {count} 條規則檢核"
                              f"（{pack.partial['zh']}），其他事項未檢核" + (f"；{choice_zh}" if choice_zh else ""),
                              f"plan year {plan_year} was checked only against the {count} published rule(s) of "
                              f"{pack.name('en')} ({pack.partial['en']}); nothing else was checked"
                              + (f"; {choice_en}" if choice_en else ""))

    def _pack003(self, uses: list[PackUse], plan: Plan, doc: Document) -> Iterable[Finding]:
        """PACK003 (info), at each team of a unit type that did not exist yet in the plan's year (the 2.0
        通報調查處理中心 in a 114 plan): the packs checking it never knew the unit and hid it from their
        rules (``Plan.without_unit_types``), so without this the team would pass silently. Not for a 115
        plan checked by phase 2 by choice: the unit exists then, and the choice is the user's."""
        for team in plan.teams:
            since = UNIT_TYPE_SINCE.get(team.unit_type)
            blind = [use.pack for use in uses if team.unit_type in use.unknown_unit_types()]
            if since is None or plan.plan_year >= since or not blind:
                continue
            label = UNIT_TYPES[team.unit_type][0]
            names_zh = "、".join(f"{pack.name('zh')}規則（{pack.years}）" for pack in blind)
            names_en = ", ".join(f"the {pack.name('en')} rules ({pack.years})" for pack in blind)
            yield self._input(ir.PACK003, team.pointer, *doc.position(team.pointer),
                              f"組別 {team.id} 的單位類型「{label}」自 {since} 年度起才有；{names_zh}未檢核此組別及其人員、經費需求",
                              f"team {team.id} has unit type {team.unit_type}, which exists only from plan year {since}; "
                              f"{names_en} did not check this team, its staff or its requests")

    # ------------------------------------------------------------------ helpers

    def _finish(self, path: str, findings: list[Finding], doc: Document | None = None) -> FileResult:
        kept = [f for f in findings if self.selected(f.rule)
                or (f.rule in ir.UNCHECKABLE and rule_selected(f.rule, (), self.options.ignore))]
        return FileResult(path, self.redact(kept, doc.data if doc is not None else None)).sorted()

    def redact(self, findings: Iterable[Finding], data: Any = None) -> list[Finding]:
        """Personal data out of findings (``personal_data.Redactor``): IDs always, names unless asked for."""
        redactor = Redactor(staff_names(data), self.options.lang, show_names=self.options.show_personal_data)
        return [redactor.finding(f) for f in findings]

    def _national_ids(self, data: dict[str, Any], doc: Document) -> Iterable[Finding]:
        """PII001: a ``national_id`` with a wrong format or checksum (shown masked, like every ID)."""
        for index, item in enumerate(data.get("staff") or []):
            value = item.get("national_id")
            if isinstance(value, str) and not is_valid_national_id(value):
                pointer = make_pointer("staff", index, "national_id")
                shown = mask_id(value)
                yield self._input(ir.PII001, pointer, *doc.position(pointer),
                                  f"{pointer} 的身分證字號 {shown} 格式或檢查碼不正確"
                                  "（應為 1 個大寫英文字母 + 9 個數字，第 2 碼為 1、2，或統一證號的 8、9）",
                                  f"{pointer}: national ID {shown} has a wrong format or checksum "
                                  "(one capital letter + 9 digits, the 2nd being 1 or 2, or 8 or 9 for a resident certificate)")

    def _input(self, rule: ir.InputRule, pointer: str, line: int | None, column: int | None,
               zh: str, en: str, extra: dict[str, Any] | None = None) -> Finding:
        return Finding(rule.id, rule.severity, pointer, zh if self.options.lang == "zh" else en,
                       line=line, column=column, family=rule.family, extra=extra or {})

    def _references(self, data: dict[str, Any], doc: Document) -> Iterable[Finding]:
        team_ids = set()
        for list_name in ("teams", "staff", "requests"):
            seen: dict[str, int] = {}
            for index, item in enumerate(data.get(list_name) or []):
                item_id = item["id"]
                if item_id in seen:
                    pointer = make_pointer(list_name, index)
                    yield self._input(ir.REF001, pointer, *doc.position(pointer),
                                      f"{list_name} 的 id「{item_id}」重複（第一次出現在 /{list_name}/{seen[item_id]}）",
                                      f"duplicate {list_name} id {item_id!r} (first at /{list_name}/{seen[item_id]})")
                else:
                    seen[item_id] = index
            if list_name == "teams":
                team_ids = set(seen)
        # listed once and at most 20 ids, so 30,000 bad references to 30,000 teams stay linear
        shown = sorted(team_ids)[:20]
        more_zh = f"…（共 {len(team_ids)} 組）" if len(team_ids) > 20 else ""
        more_en = f"… ({len(team_ids)} teams)" if len(team_ids) > 20 else ""
        known_zh = "、".join(shown) + more_zh or "無"
        known_en = ", ".join(shown) + more_en or "none"
        for list_name in ("staff", "requests"):
            for index, item in enumerate(data.get(list_name) or []):
                team = item.get("team")
                if team is not None and team not in team_ids:
                    pointer = make_pointer(list_name, index)
                    team = team if len(team) <= 60 else team[:59] + "…"
                    yield self._input(ir.REF001, pointer, *doc.position(pointer),
                                      f"{pointer} 指定的組別「{team}」不存在；現有組別：{known_zh}",
                                      f"{pointer} names team {team!r}, which does not exist; teams: {known_en}")

    def _personal(self, finding: Finding, data: dict[str, Any]) -> Finding:
        """Names are personal data (個資): only with --show-personal-data are they added."""
        if not self.options.show_personal_data or not finding.pointer.startswith("/staff/"):
            return finding
        index = finding.pointer.split("/")[2]
        try:
            name = data["staff"][int(index)].get("name")
        except (ValueError, IndexError, KeyError):
            name = None
        return replace(finding, message=f"[{name}] {finding.message}") if name else finding


def _unique(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            out.append(path)
    return out
