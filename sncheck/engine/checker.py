"""The whole check of one file: read, normalize, validate, reference-check, apply rules.

``Checker`` is built once per run (plugins, rule packs) and then checks any
number of files; each file gives a ``FileResult`` and nothing a file contains
can stop the others. Input problems are findings (PARSE001, SCHEMA001,
REF001, PACK001); each takes out only the item or field it is in
(``sncheck.engine.readable``) and the rules run on the rest, each saying what
it could not judge (``FileResult.coverage``, ``sncheck.engine.coverage``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from sncheck.model import input_rules as ir
from sncheck.model.checks import AnyCheck, Check, CrossPlanCheck, PlanSummary
from sncheck.model.dates import LAST_ROC_YEAR
from sncheck.engine.run_rules import run_rules
from sncheck.model.coverage import Coverage, RuleCoverage
from sncheck.read.places import PlanPlaces
from sncheck.model.findings import FileResult, Finding
from sncheck.engine.coverage import LIST_LABELS, Presence, Terms, judge
from sncheck.engine.readable import Unreadable, mark_duplicate_teams, readable_data, take_out
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
from sncheck.model.pointers import make_pointer, pointer_tokens
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
    apply_packs_on_command_line: frozenset[str] = frozenset()
    strict: bool = False  # --strict / config ``strict``: a file not fully checked exits 1 (coverage)  # those given as --apply-pack (for error messages)


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
        try:
            doc = read_document(path, raw, self.options.limits)
        except ProblemError as exc:
            p = exc.problem
            result = self._finish(path, [self._input(ir.PARSE001, p.pointer, p.line, p.column, p.message_zh,
                                                     p.message_en, extra={"reason": p.code})])
            return replace(result, coverage=self.stopped_coverage())
        if on_document is not None:
            on_document(doc)
        ran: list[frozenset[str]] = []
        covered: list[Coverage] = []
        result = self._finish(path, self.check_document(doc, on_plan, ran.append, on_coverage=covered.append), doc)
        return replace(result, rules_run=ran[0] if ran else frozenset(), coverage=covered[0] if covered else None)

    def stopped_coverage(self, pack: bool = False, unfinished: bool = False) -> Coverage:
        """No rule ran: the file is not a plan (``pack``: no pack covers its year; ``unfinished``: its check
        was stopped at a time or memory limit, or raised)."""
        zh = self.options.lang == "zh"
        if unfinished:
            return Coverage(stopped="檢查未完成，未檢核任何規定" if zh else "the check did not finish; no rule was checked")
        if pack:
            return Coverage(stopped="沒有規則包涵蓋此計畫年度，未檢核任何規定" if zh
                            else "no rule pack covers the plan year; no rule was checked")
        return Coverage(stopped="檔案無法讀成計畫，未檢核任何規定" if zh
                        else "the file cannot be read as a plan; no rule was checked")

    def check_document(self, doc: Document, on_plan: Callable[[PlanSummary], None] | None = None,
                       on_rules: Callable[[frozenset[str]], None] | None = None,
                       terms: Terms | None = None,
                       on_coverage: Callable[[Coverage], None] | None = None) -> list[Finding]:
        """``on_rules`` receives the ids of the pack rules run on the plan (not called when none could run);
        ``on_coverage`` what each rule checked (``terms``: how the file names its fields and items; a plan
        file's, by default)."""
        findings: list[Finding] = []
        data = doc.data
        if not isinstance(data, dict):
            if on_coverage is not None:
                on_coverage(self.stopped_coverage())
            return [self._input(ir.SCHEMA001, "", *doc.position(""), "計畫檔的最上層必須是物件（欄位: 值）",
                                "the top level of a plan must be a mapping (field: value)")]
        normalized, date_problems = normalize(data)
        places = (doc.places or PlanPlaces)(normalized, self.options.lang)
        for date_problem in date_problems:
            findings.append(self._said(ir.PARSE001, date_problem.pointer, doc, places.say(
                date_problem.pointer, f"的日期「{date_problem.value}」不存在",
                f": date {date_problem.value!r} does not exist"), extra={"reason": "date"}))
        bad_dates = {p.pointer for p in date_problems}
        for problem in validate(normalized, written=data):
            if problem.pointer in bad_dates:
                continue  # already reported as an impossible date
            findings.append(self._said(ir.SCHEMA001, problem.pointer, doc, places.problem(problem),
                                       extra={"missing": problem.missing} if problem.missing else None))
        # An input problem takes out the item or field it is in; the rules run on the rest
        # (sncheck/engine/readable.py). Only a plan without its frame stops them all.
        terms = terms or self._plan_terms(doc)
        problems = [f.pointer for f in findings] + list(terms.problems)
        unreadable = take_out(normalized, problems) if problems else Unreadable()
        if unreadable.fatal:
            if on_coverage is not None:
                on_coverage(self.stopped_coverage())
            return findings
        findings.extend(self._references(normalized, doc, places))
        findings.extend(self._national_ids(normalized, doc, places))
        mark_duplicate_teams(unreadable, normalized, _duplicate_ids(normalized.get("teams")))
        readable = readable_data(normalized, unreadable)
        plan_year = int(readable["plan_year"])  # valid (else fatal); asked before build_plan, whose default
        uses = self.pack_uses(plan_year)  # reference date needs a real year (99999 has none)
        if not uses:
            findings.append(self._pack001(plan_year, doc))
            if on_coverage is not None:
                on_coverage(self.stopped_coverage(pack=True))
            return findings
        findings.extend(self._pack002(uses, plan_year, doc))
        plan = build_plan(readable, skip=unreadable.excluded)
        findings.extend(self._pack003(uses, plan, doc))
        if on_plan is not None:
            on_plan(plan_summary(plan, readable, doc.position))
        lang = self.options.lang
        present = Presence(normalized, terms)  # a field present but unreadable is not a field the file lacks
        ran: set[str] = set()
        covered: list[RuleCoverage] = []
        for use, pack_rules in rules_to_run(uses):
            rules = [r for r in pack_rules if self.selected(r.id) and not r.cross_plan]
            seen = plan.without_unit_types(use.unknown_unit_types())
            for rule in rules:
                family = use.pack.families.get(rule.family, {}).get(lang) or rule.family
                rule_coverage, rule_plan = judge(rule, family, seen, unreadable, present, terms, lang)
                covered.append(rule_coverage)
                if rule_plan is None:
                    continue
                ran.add(rule.id)
                for finding in run_rules(rule_plan, [rule], lang, places):
                    finding = marked(finding, use, uses, plan_year, lang)
                    line, column = doc.position(finding.pointer)
                    findings.append(self._personal(finding.with_position(line, column), normalized))
        if on_rules is not None:
            on_rules(frozenset(ran))
        if on_coverage is not None:
            on_coverage(Coverage(tuple(covered), partial_pack=self._partial_pack(uses)))
        return apply_suppressions(findings, normalized, self.known_rule_ids(), doc.position, self._input,
                                  places.item)

    def _plan_terms(self, doc: Document) -> Terms:
        """A plan file names an item by what it is, its id and its line: 「人員 S3（第 12 行）」 (no pointer; an id
        that is a staff name is left out: personal data)."""
        zh = self.options.lang == "zh"
        names: list[set[str]] = []  # read only when an item is left out (rare): not on every clean plan

        def where(pointer: str) -> str:
            tokens = pointer_tokens(pointer)
            label = LIST_LABELS.get(tokens[0]) if tokens else None
            if label is None or len(tokens) < 2 or not tokens[1].isdigit():
                return pointer
            items = doc.data.get(tokens[0]) if isinstance(doc.data, dict) else None
            index = int(tokens[1])
            item = items[index] if isinstance(items, list) and index < len(items) else None
            item_id = item.get("id") if isinstance(item, dict) else None
            names[:] = names or [staff_names(doc.data)]
            shown = item_id if isinstance(item_id, str) and item_id.strip() not in names[0] else None
            line = doc.position(pointer)[0]
            if zh:
                return (f"{label[0]} {shown}" if shown else f"第 {index + 1} 個{label[0]}") + \
                    (f"（第 {line} 行）" if line else "")
            return (f"{label[1]} {shown}" if shown else f"{label[1]} #{index + 1}") + (f" (line {line})" if line else "")

        return Terms(where=where)

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

    def _partial_pack(self, uses: list[PackUse]) -> str:
        """「只依 2.0 已公開的 3 條草案規則檢核；其他規定未檢核」: the verdict's words when only packs holding part
        of their period's rules checked the plan (as PACK002); "" otherwise."""
        if any(use.by_choice or use.pack.partial is None for use in uses) \
                or not any(self.selected(rule.id) for use in uses for rule in use.pack.rules):
            return ""  # another pack checked it too, or none of the pack's rules was asked for (sncheck import)
        zh = self.options.lang == "zh"
        parts = []
        for use in uses:
            pack = use.pack
            draft = bool(pack.rules) and all(rule.is_draft for rule in pack.rules)
            parts.append(f" {pack.name('zh')} 已公開的 {len(pack.rules)} 條{'草案' if draft else ''}規則" if zh
                         else f"the {len(pack.rules)} published {'draft ' if draft else ''}rule(s) of {pack.name('en')}")
        return (f"只依{'、'.join(parts)}檢核；其他規定未檢核" if zh
                else f"checked only against {', '.join(parts)}; nothing else was checked")

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

    def _national_ids(self, data: dict[str, Any], doc: Document, places: PlanPlaces) -> Iterable[Finding]:
        """PII001: a ``national_id`` with a wrong format or checksum (shown masked, like every ID)."""
        for index, item in enumerate(_listed(data, "staff")):
            value = item.get("national_id") if isinstance(item, dict) else None
            if isinstance(value, str) and not is_valid_national_id(value):
                pointer = make_pointer("staff", index, "national_id")
                shown = mask_id(value)
                yield self._said(ir.PII001, pointer, doc, places.say(
                    pointer, f"（{shown}）格式或檢查碼不正確（應為 1 個大寫英文字母 + 9 個數字，第 2 碼為 1、2，或統一證號的 8、9）",
                    f": national ID {shown} has a wrong format or checksum "
                    "(one capital letter + 9 digits, the 2nd being 1 or 2, or 8 or 9 for a resident certificate)"))

    def _said(self, rule: ir.InputRule, pointer: str, doc: Document, text: str,
              extra: dict[str, Any] | None = None) -> Finding:
        """An input finding at ``pointer`` whose text ``PlanPlaces`` worded in the run's language."""
        line, column = doc.position(pointer)
        return Finding(rule.id, rule.severity, pointer, text, line=line, column=column, family=rule.family,
                       extra=extra or {})

    def _input(self, rule: ir.InputRule, pointer: str, line: int | None, column: int | None,
               zh: str, en: str, extra: dict[str, Any] | None = None) -> Finding:
        return Finding(rule.id, rule.severity, pointer, zh if self.options.lang == "zh" else en,
                       line=line, column=column, family=rule.family, extra=extra or {})

    def _references(self, data: dict[str, Any], doc: Document, places: PlanPlaces) -> Iterable[Finding]:
        team_ids = set()
        for list_name in ("teams", "staff", "requests"):
            seen: dict[str, int] = {}
            for index, item in enumerate(_listed(data, list_name)):
                item_id = item.get("id") if isinstance(item, dict) else None
                if not isinstance(item_id, str):
                    continue  # no readable id: SCHEMA001 said so
                if item_id in seen:
                    pointer = make_pointer(list_name, index)
                    first = places.nth(list_name, seen[item_id])
                    yield self._said(ir.REF001, pointer, doc, places.say(
                        pointer, f"的編號「{item_id}」與{first}重複；每一項的編號必須不同",
                        f": duplicate {list_name} id {item_id!r} (first at /{list_name}/{seen[item_id]})"))
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
            for index, item in enumerate(_listed(data, list_name)):
                team = item.get("team") if isinstance(item, dict) else None
                if isinstance(team, str) and team not in team_ids:
                    pointer = make_pointer(list_name, index)
                    team = team if len(team) <= 60 else team[:59] + "…"
                    yield self._said(ir.REF001, pointer, doc, places.say(
                        pointer, f"指定的組別「{team}」不存在；現有組別：{known_zh}",
                        f" names team {team!r}, which does not exist; teams: {known_en}"))

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


def _listed(data: dict[str, Any], name: str) -> list[Any]:
    """``data[name]`` if it is a list (in a plan with schema problems it may be anything)."""
    items = data.get(name)
    return items if isinstance(items, list) else []


def _duplicate_ids(items: Any) -> set[str]:
    """Ids that more than one item of a list has."""
    seen: set[str] = set()
    twice: set[str] = set()
    for item in items if isinstance(items, list) else ():
        item_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(item_id, str):
            (twice if item_id in seen else seen).add(item_id)
    return twice


def _unique(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            out.append(path)
    return out
