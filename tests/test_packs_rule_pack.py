"""The shipped rule pack against its contract: RULES.md ids and severities, texts, citations, vocabulary.

Every rule must have zh-TW and English title and message, and cite at least
one source whose quote occurs literally (ignoring line breaks and spacing,
which the seed files break arbitrarily; ``…`` marks an omission) in the cited
seed document. The seeds' relevant lines are copied in ``tests/data/seed_excerpts``
so the project tests run without the shared folder.
"""

from __future__ import annotations

import os
import re
import string
from pathlib import Path

import pytest

from sncheck.model import vocabulary as vocab
from sncheck.engine.checker import Checker, Options
from sncheck.model.input_rules import INPUT_RULES
from sncheck.read.plan_schema import plan_schema

from plan_builder import PlanText, check_yaml

DATA = Path(__file__).parent / "data"
EXCERPTS = DATA / "seed_excerpts"
RULES_MD = (DATA / "RULES.md").read_text(encoding="utf-8")
IMPLEMENTED_FAMILIES = ("SUP", "SEN", "PAY", "FAC")


@pytest.fixture(scope="module")
def pack_rules():
    checker = Checker(Options(load_entry_points=False))
    (pack,) = [p for p in checker.packs if p.id == "ssn-phase2"]
    assert (pack.first_year, pack.last_year) == (110, 114)
    return {rule.id: rule for rule in pack.rules}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def occurs(quote: str, document: str) -> bool:
    """``quote`` occurs in ``document`` ignoring whitespace; ``…`` parts must occur in order."""
    flat = squeeze(document)
    position = 0
    for part in (squeeze(p) for p in re.split(r"…+", quote)):
        if not part:
            continue
        found = flat.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def catalogue() -> dict[str, str]:
    """Rule id -> severity, from the tables of RULES.md."""
    return dict(re.findall(r"^\| ([A-Z]+\d{3}) \| (error|warning|info) \|", RULES_MD, flags=re.M))


# --------------------------------------------------------------------------- the catalogue


def test_the_catalogue_copy_is_read():
    ids = catalogue()
    assert len(ids) == 27 and ids["FUND003"] == "warning" and ids["SUP002"] == "warning" and ids["PACK001"] == "error"


@pytest.mark.parametrize("rule_id, severity", sorted(catalogue().items()))
def test_rules_md_ids_exist_with_their_severity(pack_rules, rule_id, severity):
    input_rules = {r.id: r for r in INPUT_RULES}
    if rule_id in input_rules:
        assert input_rules[rule_id].severity.value == severity
    elif rule_id.startswith(IMPLEMENTED_FAMILIES):
        assert rule_id in pack_rules, f"{rule_id} is in RULES.md but not in the shipped pack"
        assert pack_rules[rule_id].severity.value == severity
    elif rule_id in pack_rules:
        assert pack_rules[rule_id].severity.value == severity
    else:
        pytest.skip(f"{rule_id}: family not implemented yet")


def test_no_rule_outside_the_catalogue(pack_rules):
    assert set(pack_rules) <= set(catalogue())


def _targets() -> dict[str, str]:
    sentence = re.search(r"Where a finding points \(its JSON Pointer\):(.*?)\n\n", RULES_MD, flags=re.S).group(1)
    targets: dict[str, str] = {}
    for chunk in sentence.replace("\n", " ").split(";"):
        ids, _, target = chunk.partition("→")
        for rule_id in re.findall(r"[A-Z]+\d{3}|[A-Z]+\*", ids):
            targets[rule_id] = target.strip()
    return targets


def test_each_rule_points_where_rules_md_says(pack_rules):
    kinds = {"the team": "team", "the staff member": "staff", "the request": "request"}
    targets = _targets()
    assert targets["SUP001"] == "the team" and targets["FAC*"] == "the request"
    for rule_id, rule in pack_rules.items():
        target = targets.get(rule_id) or targets.get(re.sub(r"\d{3}$", "*", rule_id))
        if target in kinds:
            assert _points_at(rule) == kinds[target], rule_id


def _points_at(rule) -> str:
    import yaml

    specs = yaml.safe_load(Path(rule.file).read_text(encoding="utf-8"))["rules"]
    return next(s for s in specs if s["id"] == rule.id)["points_at"]


# --------------------------------------------------------------------------- texts and citations


def test_every_rule_has_zh_and_en_texts(pack_rules):
    for rule_id, rule in pack_rules.items():
        for text in (rule.title, rule.message, *(t for t in [rule.fix] if t), *rule.fix_variants.values()):
            assert text["zh"].strip() and text["en"].strip(), rule_id
            assert re.search(r"[\u4e00-\u9fff]", text["zh"]), f"{rule_id}: zh text without Chinese"
        # zh and en templates ask for the same values
        for text in (rule.message, *(t for t in [rule.fix] if t), *rule.fix_variants.values()):
            assert _fields(text["zh"]) == _fields(text["en"]), rule_id


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_rule_cites_a_seed_sentence_that_occurs_literally(pack_rules):
    excerpts = {p.stem: p.read_text(encoding="utf-8") for p in EXCERPTS.glob("*.txt")}
    for rule_id, rule in pack_rules.items():
        assert rule.sources, rule_id
        for source in rule.sources:
            assert source.document in excerpts, f"{rule_id}: unknown seed document {source.document!r}"
            assert source.title, rule_id
            assert occurs(source.quote, excerpts[source.document]), f"{rule_id}: {source.quote!r} not in {source.document}"


def test_quote_matching_is_strict():
    text = "強化社會安全網計畫為人事費補助，\n不似長期照顧十年計畫2.0係補助業務費"
    assert occurs("強化社會安全網計畫為人事費補助，不似長期照顧", text)
    assert occurs("強化社會安全網…十年計畫2.0", text)
    assert not occurs("強化社會安全網計畫為業務費補助", text)
    assert not occurs("十年計畫2.0…強化社會安全網", text)  # parts in order


SEEDS_DIR = Path(os.environ.get("SNCHECK_SEEDS_DIR", "/work/shared/seeds"))


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="the full seed documents are not available")
def test_excerpts_are_verbatim_lines_of_the_seeds():
    for excerpt in EXCERPTS.glob("*.txt"):
        (seed,) = SEEDS_DIR.glob(f"{excerpt.stem}_*.txt")
        seed_lines = set(seed.read_text(encoding="utf-8").split("\n"))
        for line in excerpt.read_text(encoding="utf-8").rstrip("\n").split("\n"):
            assert line == "[…]" or line in seed_lines, (excerpt.name, line)


# --------------------------------------------------------------------------- every template renders


EVERYTHING = PlanText(
    teams=[{"id": "T1", "unit_type": "社福中心", "program": "提升身心障礙者需求評估服務品質計畫"},
           {"id": "T2", "unit_type": "家防中心", "program": "保護服務"}],
    staff=[{"id": f"W{i}", "team": "T2", "role": "社工員", "funding": "中央補助"} for i in range(7)] + [
        {"id": "SV1", "team": "T1", "role": "督導", "funding": "中央補助"},
        {"id": "SR1", "team": "T2", "role": "資深社工", "funding": "中央補助",
         "history": [{"from": "2020-01-01", "budget": "社安網預算"}]},
        {"id": "SR2", "team": "T2", "role": "資深社工", "funding": "中央補助",
         "history": [{"from": "2019-01-01", "to": "2020-12-31", "budget": "社安網預算"}]},
        {"id": "SR3", "team": "T2", "role": "資深社工", "funding": "中央補助"},
        {"id": "P1", "team": "T2", "role": "社工員", "funding": "中央補助", "pay_points": 370, "protective": True,
         "history": [{"from": "2021-01-01", "budget": "地方自聘", "protective": True}]},
        {"id": "P2", "team": "T2", "role": "社工員", "funding": "中央補助", "pay_points": 360, "protective": True},
    ],
    requests=[{"id": f"R{i}", "unit_type": unit, "category": category, "funding_source": source, "amount": 1}
              for i, (unit, category, source) in enumerate([
                  ("衛生局", "設施設備", "公益彩券盈餘"), ("社福中心", "場地修繕", "社安網中央補助"),
                  ("社福中心", "離島加給", "社安網中央補助"), ("社福中心", "地域加給", "社安網中央補助"),
                  ("社福中心", "文康活動", "社安網中央補助"), ("社福中心", "宿舍新建", "公益彩券公營造物經費"),
                  ("社福中心", "安置費", "社安網中央補助")])],
)


@pytest.mark.parametrize("fixture", ["checker", "checker_en"])
def test_every_rule_renders_without_unfilled_placeholders(request, pack_rules, fixture):
    findings = check_yaml(request.getfixturevalue(fixture), EVERYTHING.text)
    fired = {f.rule for f in findings}
    assert {r for r in pack_rules if r.startswith(IMPLEMENTED_FAMILIES)} <= fired
    for finding in findings:
        texts = [finding.message] + ([finding.fix.description] if finding.fix else [])
        for text in texts:
            assert not re.search(r"\{[a-z_]+\}", text), (finding.rule, text)
        assert finding.source is not None


# --------------------------------------------------------------------------- schema and vocabulary agree


def _schema_enum(kind: str, field: str) -> list[str]:
    schema = plan_schema()
    node = schema["properties"][field] if kind == "plan" else schema["$defs"][kind]["properties"][field]
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].split("/")[-1]]
    return node["enum"]


@pytest.mark.parametrize("kind, field", sorted(vocab.FIELD_VOCABULARIES))
def test_schema_enums_equal_the_vocabulary_code_lists(kind, field):
    assert _schema_enum(kind, field) == list(vocab.FIELD_VOCABULARIES[(kind, field)])


def test_schema_counties_equal_the_vocabulary():
    assert plan_schema()["properties"]["county"]["enum"] == list(vocab.COUNTIES)
    assert len(vocab.COUNTIES) == 22 and not any("台" in c for c in vocab.COUNTIES)


def test_every_enum_in_the_schema_has_a_vocabulary():
    schema = plan_schema()
    covered = {tuple(_schema_enum(k, f)) for k, f in vocab.FIELD_VOCABULARIES}
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "enum" in node:
                found.append(tuple(node["enum"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert set(found) - covered == {tuple(vocab.COUNTIES)}
