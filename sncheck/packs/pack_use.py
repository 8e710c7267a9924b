"""Which packs check a plan year, and how: natively, or applied by the user's choice beyond their years.

Today (ROC 115) counties write plans under 社安網2.0, whose detailed rules are
not published. A county or reviewer may still want the phase-2 standards
applied: ``apply_packs: {ssn-phase2: {plan_years: {to: 119}}}`` in
``.sncheck.yaml`` (or ``--apply-pack ssn-phase2:115-119``). Every finding of a
pack applied that way carries the marker 「依第二期標準（110–114）檢核，2.0 尚無
公告規則」 (``marker``), taken from the packs' own titles and years.

When packs of two periods run on one plan, a rule may declare the earlier rules
it ``supersedes`` (the same standard must not be reported twice), and a unit
type that a pack's period never had (``vocabulary.UNIT_TYPE_SINCE``) is hidden
from that pack's rules (a phase-2 rule must not judge the 2.0 通報調查處理中心).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping, Sequence

from sncheck.model.findings import Finding
from sncheck.model.input_rules import INTERNAL001
from sncheck.packs.rulepacks import Pack, Rule, rule_id_clash
from sncheck.model.vocabulary import UNIT_TYPE_SINCE

# The programme's own name, for a title that no single pack's period names (plans of 114 and 115 in one report,
# a template without a plan year). A period's name is its pack's pack.yaml ``title``, never code.
PROGRAMME = {"zh": "強化社會安全網計畫", "en": "Strengthening Social Safety Net"}

Extensions = Mapping[str, Mapping[str, int]]  # pack id -> {"from": year, "to": year} as the user wrote it


@dataclass(frozen=True)
class PackUse:
    pack: Pack
    by_choice: bool  # the plan year is outside the pack's own years: the user applied it (apply_packs)

    def unknown_unit_types(self) -> frozenset[str]:
        """Unit types introduced after the pack's period: its rules never knew them."""
        return frozenset(unit for unit, since in UNIT_TYPE_SINCE.items() if since > self.pack.last_year)


def chosen_years(pack: Pack, extension: Mapping[str, int]) -> tuple[int, int]:
    return extension.get("from", pack.first_year), extension.get("to", pack.last_year)


def validate_extensions(packs: Sequence[Pack], extensions: Extensions, origin: str,
                        lines: Mapping[str, int] | None = None, on_command_line: Iterable[str] = ()) -> None:
    """An unknown pack id, ``from`` after ``to``, ``from`` before the pack's own years (a later period's
    rules over an earlier one: its marker would say that period has no published rule), or a rule id that
    two packs would then run on one plan year: a ``ConfigError`` naming the key and its line (exit 2),
    never a silently ignored choice."""
    from sncheck.packs.config import ConfigError

    by_id = {pack.id: pack for pack in packs}
    for pack_id, extension in extensions.items():
        line = (lines or {}).get(f"apply_packs.{pack_id}")
        where = origin
        if pack_id in on_command_line:
            where, line = "command line (--apply-pack)", None
        pack = by_id.get(pack_id)
        if pack is None:
            raise ConfigError(where, f"apply_packs.{pack_id}",
                              f"no loaded rule pack has this id; loaded: {', '.join(sorted(by_id)) or 'none'}", line,
                              f"沒有已載入的規則包是這個代碼；已載入：{'、'.join(sorted(by_id)) or '無'}")
        first, last = chosen_years(pack, extension)
        if first > last:
            raise ConfigError(where, f"apply_packs.{pack_id}.plan_years", f"'from' {first} is after 'to' {last}", line,
                              f"起始年度 {first} 晚於結束年度 {last}")
        if first < pack.first_year:  # the marker says the chosen years' own period has no published rule
            raise ConfigError(where, f"apply_packs.{pack_id}.plan_years",
                              f"'from' {first} is before the pack's own years ({pack.years}); a pack can be applied "
                              "by choice only to later plan years", line,
                              f"起始年度 {first} 早於規則包本身的適用年度（{pack.years}）；規則包只能選擇套用到之後的計畫年度")
        for other in packs:
            if other is pack:
                continue
            ranges = [(other.first_year, other.last_year)]
            if other.id in extensions:  # both applied by choice: their chosen years may meet too
                ranges.append(chosen_years(other, extensions[other.id]))
            for other_years in ranges:
                clash = rule_id_clash(pack, other, (first, last), other_years)
                if clash:
                    raise ConfigError(where, f"apply_packs.{pack_id}",
                                      f"{clash} (rename them in one pack, or do not apply it to those years)", line)


def uses_for(packs: Iterable[Pack], extensions: Extensions, plan_year: int) -> list[PackUse]:
    """The packs that check ``plan_year``: those covering it, then those applied to it by choice."""
    packs = list(packs)
    uses = [PackUse(p, False) for p in packs if p.covers(plan_year)]
    for pack in packs:
        if pack.id in extensions and not pack.covers(plan_year):
            first, last = chosen_years(pack, extensions[pack.id])
            if first <= plan_year <= last:
                uses.append(PackUse(pack, True))
    return uses


def rules_to_run(uses: Sequence[PackUse]) -> list[tuple[PackUse, list[Rule]]]:
    """Each use with its rules, less those another pack's rule ``supersedes`` (whatever is selected:
    ignoring the 2.0 hiring-rate rule must not bring the phase-2 one back)."""
    out = []
    for use in uses:
        superseded = {old for other in uses if other.pack is not use.pack for rule in other.pack.rules
                      for old in rule.supersedes}
        out.append((use, [rule for rule in use.pack.rules if rule.id not in superseded]))
    return out


def marker(use: PackUse, uses: Sequence[PackUse], plan_year: int, lang: str) -> str:
    """「依第二期標準（110–114）檢核，2.0 尚無公告規則」: from the packs' short titles and years."""
    native = [u.pack.name(lang) for u in uses if not u.by_choice]
    name = use.pack.name(lang)
    if lang == "zh":
        period = "、".join(native) if native else f"{plan_year} 年度"
        return f"依{name}標準（{use.pack.years}）檢核，{period} 尚無公告規則"
    period = ", ".join(native) if native else f"plan year {plan_year}"
    return f"checked against the {name} standards ({use.pack.years}) by choice; {period} has no published rule on this yet"


def marked(finding: Finding, use: PackUse, uses: Sequence[PackUse], plan_year: int, lang: str) -> Finding:
    """A finding of ``use``'s rules, with the marker (message and ``applied_by_choice``) if the pack was
    applied by choice: per-plan rules (``Checker``) and cross-plan ones (``cross_plan``) alike."""
    if not use.by_choice or finding.rule == INTERNAL001.id:
        return finding
    note = marker(use, uses, plan_year, lang)
    shown = f"〔{note}〕" if lang == "zh" else f" [{note}]"
    return replace(finding, message=finding.message + shown,
                   extra={**finding.extra, "applied_by_choice": choice_record(use, note)})


def choice_record(use: PackUse, text: str) -> dict[str, Any]:
    """The machine-readable form of the marker (JSON ``applied_by_choice``, SARIF ``appliedByChoice``)."""
    return {"pack": use.pack.id, "pack_years": use.pack.years, "note": text}


@dataclass(frozen=True)
class Choice:
    """Apply ``pack`` to plan years ``first``–``last`` (beyond its own): ``--apply-pack ssn-phase2:115-119``."""

    pack: Pack
    first: int
    last: int

    @property
    def years(self) -> str:
        return f"{self.first}–{self.last}"

    def extensions(self) -> dict[str, dict[str, int]]:
        """``Options.apply_packs`` for this choice: exactly what ``--apply-pack PACK:FROM-TO`` gives."""
        return {self.pack.id: {"from": self.first, "to": self.last}}


def earlier_choice(packs: Sequence[Pack], plan_year: int) -> Choice | None:
    """The latest pack before ``plan_year``, applied from its end through the end of the period that covers
    ``plan_year`` (115 → ssn-phase2 over 115–119); None if no pack is earlier."""
    earlier = [p for p in packs if p.last_year < plan_year]
    if not earlier:
        return None
    pack = max(earlier, key=lambda p: p.last_year)
    to = max([p.last_year for p in packs if p.covers(plan_year)], default=plan_year)
    return Choice(pack, pack.last_year + 1, to)


def partial_period_choice(packs: Sequence[Pack]) -> Choice | None:
    """The choice the web page offers as a tick box: the earlier period's pack over the first years that only
    partial packs check (the shipped ``ssn-2.0``: ssn-phase2 over 115–119); None when every year has a
    complete pack (the ministry's own 2.0 pack loaded with ``--rules``)."""
    def only_partial(year: int) -> bool:
        covering = [p for p in packs if p.covers(year)]
        return bool(covering) and all(p.partial is not None for p in covering)

    years = sorted(y for p in packs if p.partial is not None for y in range(p.first_year, p.last_year + 1)
                   if only_partial(y))
    return earlier_choice(packs, years[0]) if years else None


def suggestion(packs: Sequence[Pack], plan_year: int, lang: str) -> str:
    """For PACK001/PACK002: how to apply the latest earlier pack to this year (through the end of the
    period that covers it, 115 → 119), or "" if no pack is earlier."""
    choice = earlier_choice(packs, plan_year)
    if choice is None:
        return ""
    pack, to = choice.pack, choice.last
    config = f"apply_packs: {{{pack.id}: {{plan_years: {{to: {to}}}}}}}"
    option = f"--apply-pack {pack.id}:{choice.first}-{to}"
    if lang == "zh":
        return f"可在 .sncheck.yaml 設定 {config}（或 {option}），選擇依{pack.name('zh')}標準（{pack.years}）檢核"
    return f"to check it against the {pack.name('en')} standards ({pack.years}) by choice, set {config} in .sncheck.yaml (or {option})"


def period_pack(packs: Sequence[Pack], plan_years: Iterable[int]) -> Pack | None:
    """The one pack whose own years cover all of ``plan_years``: its title names the period on a report,
    the import template and a starter plan (第二期 for 111, 2.0 for 115). None when the years span periods
    (a batch of 114 and 115 plans), no pack covers one of them, or none are given: a neutral title then."""
    years = set(plan_years)
    covering = {p.id: p for year in years for p in packs if p.covers(year)}
    if len(covering) != 1:
        return None
    pack = next(iter(covering.values()))
    return pack if all(pack.covers(year) for year in years) else None
