"""Personal data: staff names and national IDs never reach any output format (unless names are asked for).

Every registered formatter is scanned, so formats other plugins add are
covered without touching this test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import base_plan, check_data, rules_of
from sncheck.api import Check, hookimpl
from sncheck.engine.checker import Checker, Options
from sncheck.cli import main
from sncheck.engine.rule_infos import rule_infos
from sncheck.formatters.base import Report
from sncheck.model.personal_data import is_valid_national_id, mask_id
from sncheck.engine.plugin_isolation import call_isolated

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NAMES = ["王小明", "李大華", "陳美玲", "林志偉", "張雅婷", "黃建國", "吳淑芬", "劉家豪", "蔡宜君", "楊俊傑",
         "許雅雯", "鄭文雄", "謝佩珊", "郭志明", "洪麗華", "邱冠宇", "曾怡君", "廖偉成", "賴淑惠", "周建宏"]
LETTER_VALUES = "ABCDEFGHJKLMNPQRSTUVXYWZIO"  # 10..35 in this order: the ID card's own table


def valid_id(i: int) -> str:
    letter = LETTER_VALUES[i % 26]
    body = f"{(1234567 + 7919 * i) % 10_000_000:07d}"
    code = LETTER_VALUES.index(letter) + 10
    second = "1" if i % 2 else "2"
    digits = [code // 10, code % 10, int(second), *map(int, body)]
    total = sum(d * w for d, w in zip(digits, [1, 9, 8, 7, 6, 5, 4, 3, 2, 1]))
    return f"{letter}{second}{body}{(10 - total % 10) % 10}"


def test_known_ids():
    assert is_valid_national_id("A123456789")  # the textbook example
    assert not is_valid_national_id("A123456788")
    assert all(is_valid_national_id(valid_id(i)) for i in range(200))
    assert is_valid_national_id("A800000014")  # new-style resident certificate number (2nd digit 8)
    assert not is_valid_national_id("A800000015")
    assert is_valid_national_id("AC00000003")  # old-style 統一證號: 2nd letter C counts as 2
    assert not is_valid_national_id("AC00000004")
    assert not is_valid_national_id("a123456789") and not is_valid_national_id("A12345678")
    assert not is_valid_national_id("A323456789")  # 2nd digit must be 1/2 (or 8/9)
    assert mask_id("A123456789") == "A12****789"


def _names_and_ids_plan() -> tuple[dict, list[str], list[str]]:
    plan = yaml.safe_load((EXAMPLES / "tainan-112.yaml").read_text(encoding="utf-8"))
    plan = json.loads(json.dumps(plan, ensure_ascii=False, default=str))
    ids = []
    for i, member in enumerate(plan["staff"]):
        member["name"] = NAMES[i]
        member["national_id"] = valid_id(i)
        ids.append(member["national_id"])
    plan["staff"][0]["national_id"] = ids[0][:-1] + str((int(ids[0][-1]) + 1) % 10)  # PII001
    ids[0] = plan["staff"][0]["national_id"]
    return plan, NAMES[: len(plan["staff"])], ids


class _LeakyPlugin:
    """A third-party check that (wrongly) puts a name and an ID in its message and its exception."""

    @hookimpl
    def sncheck_checks(self):
        from sncheck.api import Violation

        def leak(ctx):
            first = ctx.plan.staff[0]
            raw = first.raw if hasattr(first, "raw") else {}
            yield Violation("/staff/1", {"who": raw.get("name", ""), "nid": raw.get("national_id", "")})

        def crash(ctx):
            raw = ctx.plan.staff[1].raw if hasattr(ctx.plan.staff[1], "raw") else {}
            raise KeyError(f"{raw.get('name')} {raw.get('national_id')}")

        return [Check("leak.names", leak), Check("leak.crash", crash)]


def _leak_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "leak"
    pack.mkdir()
    (pack / "pack.yaml").write_text("id: leak\ntitle: {zh: x, en: x}\nplan_years: {from: 110, to: 114}\n",
                                    encoding="utf-8")
    rules = [{"id": f"LEAK00{i}", "family": "leak", "check": check, "severity": "warning",
              "title": {"zh": "t", "en": "t"}, "message": {"zh": "{who} {nid}", "en": "{who} {nid}"},
              "fix": {"zh": "問 {who}", "en": "ask {who}"}, "sources": [{"document": "000", "quote": "q"}]}
             for i, check in ((1, "leak.names"), (2, "leak.crash"))]
    (pack / "rules.json").write_text(json.dumps({"rules": rules}), encoding="utf-8")
    return pack


def _all_outputs(checker: Checker, results) -> dict[str, str]:
    formatters = {f.name: f for batch in call_isolated(checker.pm, "sncheck_formatters", []) for f in batch}
    assert {"text", "json"} <= set(formatters)
    report = Report(results, lang=checker.options.lang, rules=rule_infos(checker), tool_version="test")
    return {name: formatter.render(report) for name, formatter in formatters.items()}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_output_format_shows_names_or_ids(tmp_path, lang):
    plan, names, ids = _names_and_ids_plan()
    checker = Checker(Options(lang=lang, load_entry_points=False, extra_plugins=(_LeakyPlugin(),),
                              rule_dirs=(_leak_pack(tmp_path),)))
    result = checker.check_bytes("tainan.json", json.dumps(plan, ensure_ascii=False).encode())
    found = set(rules_of(result.findings))
    assert {"SEN001", "PII001", "LEAK001", "INTERNAL001"} <= found  # findings about staff, with messages to scan
    for name, text in _all_outputs(checker, [result]).items():
        for person in names:
            assert person not in text, (name, person)
        for nid in ids:
            assert nid not in text, (name, nid)
        assert mask_id(ids[0]) in text  # PII001 shows the masked ID


def test_show_personal_data_shows_names_but_ids_stay_masked(tmp_path):
    plan, names, ids = _names_and_ids_plan()
    checker = Checker(Options(lang="en", show_personal_data=True, load_entry_points=False,
                              extra_plugins=(_LeakyPlugin(),), rule_dirs=(_leak_pack(tmp_path),)))
    result = checker.check_bytes("tainan.json", json.dumps(plan, ensure_ascii=False).encode())
    outputs = _all_outputs(checker, [result])
    sen001 = next(f for f in result.findings if f.rule == "SEN001")
    member = int(sen001.pointer.split("/")[2])
    assert f"[{names[member]}]" in sen001.message
    for text in outputs.values():
        assert names[member] in text
        assert all(nid not in text for nid in ids)


def test_cli_hides_names_unless_asked(tmp_path):
    plan, names, ids = _names_and_ids_plan()
    path = tmp_path / "tainan.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    hidden = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    shown = CliRunner().invoke(main, ["check", str(path), "--show-personal-data"])
    assert hidden.exit_code == shown.exit_code == 1
    assert not any(n in hidden.stdout for n in names) and not any(i in hidden.stdout for i in ids)
    assert any(n in shown.stdout for n in names) and not any(i in shown.stdout for i in ids)


@pytest.mark.parametrize("staff", [
    ["王小明"],  # a roster written as a list of names
    [{"id": "W1", "team": "T1", "role": "social_worker", "funding": "central", "name": ["王小明"]}],
    [{"id": "W1", "team": "T1", "role": "social_worker", "funding": "central", "name": "王小明",
      "national_id": 123456789}],
    [{"id": "W1", "team": "T1", "role": "王小明", "funding": "central", "name": "王小明"}],
    {"name": "王小明", "national_id": "A123456789"},
])
def test_schema_messages_never_echo_names_or_ids(checker, checker_en, staff):
    for c in (checker, checker_en):
        findings = check_data(c, base_plan(staff=staff))
        assert findings and all(f.rule == "SCHEMA001" for f in findings)
        for f in findings:
            assert "王小明" not in f.message and "A123456789" not in f.message and "123456789" not in f.message


def test_pii001_points_at_the_bad_id_with_its_line(checker_en):
    text = ("format: sncheck/plan@1\ncounty: 臺中市\nplan_year: 111\n"
            "teams: [{id: T1, unit_type: social_welfare_center, program: vulnerable_family}]\nstaff:\n"
            "  - {id: W1, team: T1, role: social_worker, funding: county, national_id: A123456789}\n"
            "  - id: W2\n    team: T1\n    role: social_worker\n    funding: county\n    national_id: B223456780\n")
    (finding,) = checker_en.check_bytes("p.yaml", text.encode()).findings
    assert (finding.rule, finding.severity.value, finding.pointer, finding.line) == (
        "PII001", "warning", "/staff/1/national_id", 11)
    assert "B22****780" in finding.message and "B223456780" not in finding.message


def test_fix_diff_masks_ids_always_and_names_unless_asked(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "format: sncheck/plan@1\ncounty: 臺中市\nplan_year: 111\n"
        "teams: [{id: T1, unit_type: social_welfare_center, program: vulnerable_family}]\nstaff:\n"
        "  - {id: W1, name: 王小明, national_id: A123456789, team: T1, role: social_worker, funding: central}\n"
        "  - {id: S1, name: 陳美玲, national_id: B223456780, team: T1, role: supervisor, funding: central}\n",
        encoding="utf-8")
    hidden = CliRunner().invoke(main, ["fix", str(plan), "--diff", "--unsafe"])
    shown = CliRunner().invoke(main, ["fix", str(plan), "--diff", "--unsafe", "--show-personal-data"])
    assert "+  - {id: S1, name: ○○○, national_id: B22****780, team: T1, role: supervisor, funding: county}" in hidden.output
    assert "陳美玲" in shown.output and "B223456780" not in shown.output
    assert "王小明" not in hidden.output and "A123456789" not in hidden.output + shown.output


def test_roster_workbook_findings_are_redacted_too(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("員工編號,姓名,單位/組別,職稱,經費來源\r\n"
                      "S1,王小明,北區社福中心,社工員,中央補助\r\n"
                      "S2,陳美麗,北區社福中心,王小明,中央補助\r\n",  # a name typed into the title column
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(roster), "--county", "臺中市", "--year", "111"])
    assert result.exit_code == 1 and "SCHEMA001" in result.stdout and "「職稱」" in result.stdout
    assert "王小明" not in result.stdout and "陳美麗" not in result.stdout


def test_redactor_skipping_to_name_starts_hides_exactly_what_a_character_scan_hides() -> None:
    import random

    from sncheck.model.personal_data import Redactor, mask_ids_in

    rnd = random.Random(7)
    alphabet = "王小明陳大文員工0-]^\\[ab·"
    for _ in range(400):
        names = {"".join(rnd.choice(alphabet) for _ in range(rnd.randint(2, 4))) for _ in range(rnd.randint(1, 6))}
        redactor = Redactor(names, "zh")
        for _ in range(10):
            text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
            assert redactor.text(text) == redactor._text_by_character(mask_ids_in(text)), (names, text)
