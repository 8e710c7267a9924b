"""Rule documentation from the rule files themselves: `sncheck rules show` and docs/rules.md.

Everything a reader needs is already data in the rule file: the title, the
source sentence (zh-TW) and its document, the fix, the parameters, and the
``doc`` examples (a plan that fails and its fixed version, run by a test).
This module turns one rule into sections and renders them as terminal text
(zh-TW or English) or as the Markdown catalogue, so the two never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from sncheck.model.input_rules import INPUT_RULES, InputRule
from sncheck.packs.messages import pick
from sncheck.model.findings import Source
from sncheck.packs.rulepacks import Pack, Rule

HEADINGS = {
    "what": ("檢查內容", "What it checks"),
    "why": ("依據", "Why"),
    "fix": ("修正建議", "Fix"),
    "fail": ("不符合的例子", "Example that fails"),
    "pass": ("修正後", "Fixed"),
    "params": ("參數", "Parameters"),
    "notes": ("說明", "Notes"),
    "status": ("狀態", "Status"),
}
DRAFT = ("草案（尚待確認；回報為警告）", "draft (not yet confirmed; reported as a warning at most)")
# Only "unsafe" is worth saying: whether a rule's check offers a patch at all is up to the check.
APPLICABILITY = {"unsafe": ("自動修正會選擇人員，需人工確認", "unsafe patch: it chooses people, review it")}


@dataclass(frozen=True)
class Param:
    name: str
    value: Any
    allowed: str
    default: Any


def _allowed(schema: Mapping[str, Any]) -> str:
    if "oneOf" in schema or "anyOf" in schema:  # e.g. team.ratio's demand: two object shapes
        return " | ".join(dict.fromkeys(_allowed(s) for s in schema.get("oneOf", schema.get("anyOf"))))
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    parts = [str(schema.get("type", "any"))]
    for key, label in (("minimum", ">="), ("exclusiveMinimum", ">"), ("maximum", "<=")):
        if key in schema:
            parts.append(f"{label} {schema[key]}")
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        parts.append(f"of {schema['items'].get('type', 'any')}")
    return " ".join(parts)


def params_of(rule: Rule) -> list[Param]:
    properties = rule.check.params_schema.get("properties", {})
    return [Param(name, value, _allowed(properties.get(name, {})), properties.get(name, {}).get("default"))
            for name, value in rule.params.items()]


def example_plans(example: str | list[str]) -> list[str]:
    """A doc example as plan texts: one plan, or (a cross-plan rule's) the plans of one batch."""
    return [example] if isinstance(example, str) else list(example)


def example_text(example: str | list[str]) -> str:
    """A batch example is shown as YAML documents, one plan each, separated by ``---``."""
    return "\n---\n".join(plan.rstrip() for plan in example_plans(example))


def _example_param(params: list[Param]) -> Param:
    """The parameter a county is most likely to change: the first number (a ratio, years, hours)."""
    numbers = [p for p in params if isinstance(p.value, (int, float)) and not isinstance(p.value, bool)]
    return (numbers or params)[0]


def _value(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def _h(key: str, lang: str) -> str:
    return HEADINGS[key][0 if lang == "zh" else 1]


# ---------------------------------------------------------------------------- text (rules show)

def render_rule_text(rule: Rule, pack: Pack, lang: str) -> str:
    zh = lang == "zh"
    other = "en" if zh else "zh"
    lines = [f"{rule.id} — {pick(rule.title, lang)}", f"  {pick(rule.title, other)}"]
    lines.append(("嚴重度：{s}｜類別：{f}｜規則包：{p}（{y}）｜檢查：{c}" if zh else
                  "severity: {s} | family: {f} | pack: {p} ({y}) | check: {c}").format(
        s=rule.reported_severity.value, f=rule.family, p=pack.id, y=pack.years, c=rule.check.name))
    if rule.is_draft:
        lines += ["", _h("status", lang), f"  {DRAFT[0 if zh else 1]}"]
        if rule.todo:
            lines.append(f"  TODO: {rule.todo}")
    if rule.supersedes:
        lines.append(("  取代（同一計畫同時檢核時不執行）：" if zh else "  supersedes (not run on a plan this rule runs on): ")
                     + ", ".join(rule.supersedes))
    lines += ["", f"{_h('what', lang)}", f"  {pick(rule.title, lang)}"]
    if rule.check.description:
        lines.append(f"  ({rule.check.name}: {rule.check.description})")
    lines.append(("  訊息：" if zh else "  message: ") + pick(rule.message, lang))
    if rule.needs:  # what a file must give, else the rule is reported as not checked (coverage)
        lines.append(("  需要的欄位（檔案沒有時，此規則列為未檢核）：" if zh
                      else "  needs (a file without them gets this rule as not checked): ") + ", ".join(rule.needs))
    if rule.reads:
        lines.append(("  也會讀取：" if zh else "  also reads: ") + ", ".join(rule.reads))
    lines += ["", _h("why", lang)]
    for source in rule.sources:
        lines.append(f"  [{source.document}] {source.title}".rstrip() + (f"（{source.date}）" if source.date else ""))
        if source.url:
            lines.append(f"  {source.url}")
        lines.append(f"  「{source.quote}」")
    if rule.fix:
        lines += ["", _h("fix", lang), f"  {pick(rule.fix, lang)}"]
        for name, text in sorted(rule.fix_variants.items()):
            lines.append(f"  ({name}) {pick(text, lang)}")
        if rule.fix_applicability.value in APPLICABILITY:
            lines.append(f"  ({APPLICABILITY[rule.fix_applicability.value][0 if zh else 1]})")
    for key, field in (("fail", "example_fail"), ("pass", "example_pass")):
        if field in rule.doc:
            lines += ["", _h(key, lang)] + [f"    {line}" for line in example_text(rule.doc[field]).splitlines()]
    if rule.doc.get("notes"):
        lines += ["", _h("notes", lang), f"  {pick(rule.doc['notes'], lang)}"]
    params = params_of(rule)
    if params:
        lines += ["", _h("params", lang)]
        for p in params:
            default = "" if p.default is None else (f"；預設 {_value(p.default)}" if zh else f"; default {_value(p.default)}")
            lines.append(f"  {p.name} = {_value(p.value)}  ({p.allowed}{default})")
        lines.append(("  可在 .sncheck.yaml 調整：" if zh else "  change it in .sncheck.yaml: ")
                     + f"params: {{{rule.id}: {{{_example_param(params).name}: ...}}}}")
    return "\n".join(line for line in lines if line is not None).rstrip() + "\n"


def render_input_rule_text(rule: InputRule, lang: str) -> str:
    zh = lang == "zh"
    title, other = (rule.title_zh, rule.title_en) if zh else (rule.title_en, rule.title_zh)
    where = "由 sncheck 讀檔與驗證時產生（不屬任何規則包）" if zh else "produced by sncheck while reading and validating (no rule pack)"
    return f"{rule.id} — {title}\n  {other}\n{'嚴重度' if zh else 'severity'}: {rule.severity.value}\n{where}\n"


# ---------------------------------------------------------------------------- markdown (docs/rules.md)

def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_catalogue(packs: Iterable[Pack]) -> str:
    packs = list(packs)
    out = [
        "# Rule catalogue",
        "",
        "<!-- Generated by `sncheck rules docs -o docs/rules.md` from the rule files; do not edit by hand. -->",
        "",
        "Every rule of the loaded rule packs: what it checks, the source sentence it enforces (zh-TW, with",
        "the document), an example plan that fails and its fixed version, and its parameters. The same",
        "text is printed by `sncheck rules show RULE`. Parameters can be changed per county in",
        "`.sncheck.yaml` (see [configuration](configuration.md)).",
        "",
        "## Index",
        "",
        "| id | severity | family | title |",
        "|---|---|---|---|",
    ]
    for input_rule in INPUT_RULES:
        out.append(f"| {input_rule.id} | {input_rule.severity.value} | {input_rule.family} | "
                   f"{_md_cell(input_rule.title_en)} |")
    headings: dict[str, int] = {}  # packs of different years may share an id: the 2nd heading's anchor is id-1
    for pack in packs:
        for rule in sorted(pack.rules, key=lambda r: r.id):
            anchor = rule.id.lower()
            seen = headings[anchor] = headings.get(anchor, -1) + 1
            anchor += f"-{seen}" if seen else ""
            out.append(f"| [{rule.id}](#{anchor}) | {rule.reported_severity.value} | {rule.family} | "
                       f"{_md_cell(pick(rule.title, 'en'))}{' (draft)' if rule.is_draft else ''} |")
    out += ["", "## Input rules", "", "Produced while reading and validating a plan; not part of a rule pack.", "",
            "| id | severity | title | 中文 |", "|---|---|---|---|"]
    for input_rule in INPUT_RULES:
        out.append(f"| {input_rule.id} | {input_rule.severity.value} | {_md_cell(input_rule.title_en)} | "
                   f"{_md_cell(input_rule.title_zh)} |")
    for pack in packs:
        out += ["", f"## Pack `{pack.id}`: {pick(pack.title, 'en')}", "", f"Plan years {pack.years} (ROC).", ""]
        if pack.partial:
            out += [f"Partial pack: {pick(pack.partial, 'en')} (PACK002 on every plan it checks alone).", ""]
        for source in pack.sources:
            out += [f"> 「{source.quote}」", ">", f"> — {_source_line(source)}", ""]
        for rule in sorted(pack.rules, key=lambda r: r.id):
            out += _rule_markdown(rule)
    return "\n".join(out).rstrip() + "\n"


def _source_line(source: Source) -> str:
    """``[002] title`` for a seed; a public page adds its date and address."""
    line = f"[{source.document}] {source.title}".rstrip()
    if source.date:
        line += f" ({source.date})"
    if source.url:
        line += f" <{source.url}>"
    return line


def _rule_markdown(rule: Rule) -> list[str]:
    out = [f"### {rule.id}", "",
           f"**{pick(rule.title, 'en')}** — {pick(rule.title, 'zh')}", "",
           f"severity `{rule.reported_severity.value}` · family `{rule.family}` · check `{rule.check.name}`"
           + (f" · fix: {APPLICABILITY[rule.fix_applicability.value][1]}" if rule.fix_applicability.value in APPLICABILITY else ""),
           ""]
    if rule.is_draft:
        out += [f"**Status: {DRAFT[1]}.**" + (f" TODO: {rule.todo}" if rule.todo else ""), ""]
    out += ["#### What it checks", "", pick(rule.title, "en") + ".", ""]
    if rule.supersedes:
        out += [f"Supersedes {', '.join(rule.supersedes)}: on a plan this rule runs on, they do not run.", ""]
    if rule.check.description:
        out += [f"Check `{rule.check.name}`: {rule.check.description}", ""]
    out += [f"Message: {pick(rule.message, 'en')}", "", f"訊息：{pick(rule.message, 'zh')}", "", "#### Why", ""]
    for source in rule.sources:
        out += [f"> 「{source.quote}」", ">", f"> — {_source_line(source)}", ""]
    if rule.fix:
        out += ["#### Fix", "", pick(rule.fix, "en"), "", f"修正建議：{pick(rule.fix, 'zh')}", ""]
    if "example_fail" in rule.doc:
        out += ["#### Example that fails", "", "```yaml", example_text(rule.doc["example_fail"]).rstrip(), "```", "",
                "#### Fixed", "", "```yaml", example_text(rule.doc["example_pass"]).rstrip(), "```", ""]
    if rule.doc.get("notes"):
        out += ["#### Notes", "", pick(rule.doc["notes"], "en"), ""]
    params = params_of(rule)
    if params:
        out += ["#### Parameters", "", "| name | value | allowed | default |", "|---|---|---|---|"]
        out += [f"| `{p.name}` | `{_md_cell(_value(p.value))}` | {_md_cell(p.allowed)} | "
                f"{'' if p.default is None else '`' + _md_cell(_value(p.default)) + '`'} |" for p in params]
        out.append("")
    return out
