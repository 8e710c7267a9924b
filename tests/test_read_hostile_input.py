"""Hostile and broken input: each limit gives its PARSE001 finding, with a line, never a hang, in little memory.

No test here measures speed (a CI machine may be several times slower and busy): a test that hangs is
stopped by pytest-timeout after ``HANG_GUARD_S``, far above any honest run, and fails. How fast each
case is refused, as a ratio to CSafeLoader on the same machine, is printed by ``python bench/hostile.py``;
that the limits act before the compiled parser does any work is checked in tests/test_read_limit_screen.py.
"""

from __future__ import annotations

import codecs
import json
import tracemalloc

import pytest

from conftest import base_plan, check_text, rules_of
from hostile import CASES
from sncheck.engine.checker import Checker, Options
from sncheck.read.limits import Limits
from sncheck.read.source import ProblemError
from sncheck.read.document import read_document

HANG_GUARD_S = 60  # seconds; only a real hang gets near it
hang_guard = pytest.mark.timeout(HANG_GUARD_S)


def parse_problem(path: str, raw: bytes, limits: Limits | None = None):
    with pytest.raises(ProblemError) as info:
        read_document(path, raw, limits)
    return info.value.problem


@hang_guard
@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_gives_its_parse001(checker, name):
    path, make, reason = CASES[name]
    result = checker.check_bytes(path, make())
    (finding,) = result.findings
    assert (finding.rule, finding.extra["reason"]) == ("PARSE001", reason)
    assert finding.line is not None and finding.line >= 1


@hang_guard
@pytest.mark.parametrize("name", ["yaml_list_1m_items", "yaml_1m_keys", "yaml_flow_list_1m_items", "json_list_1m_items",
                                  "billion_laughs", "yaml_flow_seq_100k_deep"])
def test_hostile_file_is_refused_in_little_memory(name):
    path, make, reason = CASES[name]
    raw = make()
    tracemalloc.start()
    try:
        problem = parse_problem(path, raw)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problem.code == reason
    # the text and a few byte-level copies of it (the screen, libyaml's input); never a tree of 1,000,000
    # items (yaml_1m_keys peaked at 113 MB when yaml-rs read it whole before the limit; ~33 MB now)
    assert peak < 4 * len(raw) + 16 * 1024 * 1024, f"{name}: peak {peak / 1e6:.1f} MB"


def test_limit_findings_say_which_limit_and_where(checker_en):
    deep = checker_en.check_bytes("p.json", b"[" * 100 + b"]" * 100).findings[0]
    assert "limit of 64" in deep.message and "limits.max_depth" in deep.message
    assert (deep.line, deep.column) == (1, 65)  # the 65th bracket crosses the limit
    items = checker_en.check_bytes("p.yaml", b"- 1\n" * 300_000).findings[0]
    assert "200,000" in items.message and "limits.max_nodes" in items.message
    assert items.line == 200_000
    laughs = checker_en.check_bytes("p.yaml", CASES["billion_laughs"][1]()).findings[0]
    assert "alias" in laughs.message
    size = checker_en.check_bytes("p.yaml", b"#" * (20 * 1024 * 1024 + 1)).findings[0]
    assert "20,971,521 bytes" in size.message and (size.line, size.column) == (1, 1)


def test_limits_are_overridable():
    assert Limits.from_mapping(None) == Limits()
    small = Limits.from_mapping({"max_nodes": 10, "max_depth": 3, "max_bytes": 100})
    assert parse_problem("p.yaml", b"- 1\n" * 11, small).code == "items"
    assert parse_problem("p.yaml", b"a: [[[1]]]\n", small).code == "depth"
    assert read_document("p.yaml", b"a: [[1]]\n", small).data == {"a": [[1]]}
    assert parse_problem("p.yaml", b"#" * 101, small).code == "size"
    checker = Checker(Options(limits=small, load_entry_points=False))
    assert checker.check_bytes("p.yaml", b"- 1\n" * 11).findings[0].extra["reason"] == "items"
    with pytest.raises(ValueError, match="max_nodez"):
        Limits.from_mapping({"max_nodez": 1})
    with pytest.raises(ValueError, match="positive integer"):
        Limits.from_mapping({"max_depth": 0})


def test_a_real_sized_plan_is_within_the_defaults(checker):
    staff = [{"id": f"W{i}", "team": "T1", "role": "social_worker", "funding": "county",
              "history": [{"from": "2020-01-01", "budget": "ssn"}, {"from": "2021-01-01", "budget": "county"}]}
             for i in range(3000)]
    findings = checker.check_bytes("p.json", json.dumps(base_plan(staff=staff)).encode()).findings
    assert "PARSE001" not in rules_of(findings)


@hang_guard
def test_a_long_single_line_scalar_is_read(checker_en):
    raw = b"format: sncheck/plan@1\ncounty: " + b"x" * 5_000_000 + b"\n"
    findings = checker_en.check_bytes("p.yaml", raw).findings
    county = [f for f in findings if f.pointer == "/county"]
    assert county and len(county[0].message) < 400  # the value is clipped, not echoed whole


@pytest.fixture()
def container_scans(monkeypatch):
    """How many times a container's members are listed from the text while findings are located: once per
    container is linear in the findings; once per lookup was the quadratic slowness these tests guard
    against (~15 s for 5,000 JSON findings). Counted, not timed, so a slow machine cannot fail it."""
    from sncheck.read import fastpath, jsontext

    counts = {"json": 0, "yaml": 0}
    members, list_children = jsontext.JsonScanner.members, fastpath.BlockLocator._list_children

    def counted_members(self, i):
        counts["json"] += i not in self._members
        return members(self, i)

    def counted_children(self, node):
        counts["yaml"] += 1
        return list_children(self, node)

    monkeypatch.setattr(jsontext.JsonScanner, "members", counted_members)
    monkeypatch.setattr(fastpath.BlockLocator, "_list_children", counted_children)
    return counts


@hang_guard
def test_many_findings_in_json_are_located_scanning_each_container_once(checker, container_scans):
    staff = [{"id": f"W{i}", "team": "T1", "role": "social_worker", "funding": "central", "fundng": 1}
             for i in range(5000)]
    text = json.dumps(base_plan(staff=staff), indent=1)
    findings = check_text(checker, text, "p.json")
    assert container_scans["json"] <= 5000 + 5  # each staff object, the staff list, the root (and a few)
    assert len(findings) == 5000 and all(f.rule == "SCHEMA001" for f in findings)
    last = findings[-1]
    assert last.pointer == "/staff/4999/fundng"
    assert text.splitlines()[last.line - 1].strip().startswith('"fundng"')


# ------------------------------------------------------------------ encodings

PLAN_YAML = "format: sncheck/plan@1\ncounty: 臺中市\nplan_year: 111\nteams: []\nstaff: []\n"


def test_utf8_with_and_without_bom_is_read(checker):
    assert check_text(checker, PLAN_YAML) == []
    assert checker.check_bytes("p.yaml", codecs.BOM_UTF8 + PLAN_YAML.encode()).findings == []
    as_json = json.dumps(base_plan(), ensure_ascii=False).encode()
    assert checker.check_bytes("p.json", codecs.BOM_UTF8 + as_json).findings == []


@pytest.mark.parametrize("codec,bom,name", [
    ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16LE"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16BE"),
    ("utf-16-le", b"", "UTF-16LE"),
    ("utf-16-be", b"", "UTF-16BE"),
])
def test_utf16_is_named_with_how_to_convert(checker, checker_en, codec, bom, name):
    raw = bom + PLAN_YAML.encode(codec)
    (zh,) = checker.check_bytes("p.yaml", raw).findings
    (en,) = checker_en.check_bytes("p.yaml", raw).findings
    assert zh.rule == "PARSE001" and zh.extra["reason"] == "encoding"
    assert name in zh.message and "另存新檔" in zh.message and f"iconv -f {name} -t UTF-8" in zh.message
    assert name in en.message and "Save As" in en.message


def test_big5_is_named_with_how_to_convert(checker, checker_en):
    raw = PLAN_YAML.encode("cp950")
    (zh,) = checker.check_bytes("p.yaml", raw).findings
    assert zh.extra["reason"] == "encoding"
    assert "Big5/CP950" in zh.message and "iconv -f CP950 -t UTF-8" in zh.message and "另存新檔" in zh.message
    assert zh.line == 2  # 臺中市 is the first non-ASCII text
    (en,) = checker_en.check_bytes("p.yaml", raw).findings
    assert "Big5/CP950" in en.message and "Save As" in en.message


@pytest.mark.parametrize("newline", ["\r\n", "\r", "mixed"])
def test_line_endings_do_not_matter(checker, newline):
    lines = PLAN_YAML.replace("staff: []", "staff: [{id: W1, team: T9, role: social_worker, funding: central}]")
    lines = lines.splitlines()
    if newline == "mixed":
        text = "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(lines))
    else:
        text = newline.join(lines) + newline
    (ref,) = checker.check_bytes("p.yaml", text.encode()).findings
    assert ref.rule == "REF001" and ref.pointer == "/staff/0" and ref.line == 5


# ------------------------------------------------------------------ duplicate keys

@pytest.mark.parametrize("path,text,line", [
    ("p.yaml", "a: 1\nb: 2\na: 3\n", 3),
    ("p.yaml", "staff:\n  - id: W1\n    role: x\n    role: y\n", 4),
    ("p.yaml", "teams: [{id: T1, id: T2}]\n", 1),
    ("p.yaml", "x:\n  y: {k: 1, k: 2}\n", 2),
    ("p.json", '{"a": 1,\n "a": 2}', 2),
    ("p.json", '{"staff": [{"id": "W1",\n "id": "W2"}]}', 2),
])
def test_duplicate_keys_are_a_finding_with_their_line(checker, path, text, line):
    (finding,) = checker.check_bytes(path, text.encode()).findings
    assert (finding.rule, finding.extra["reason"], finding.line) == ("PARSE001", "duplicate_key", line)


@pytest.mark.parametrize("escape, line, column", [
    ("\\ud800", 3, 19), ("x\\udc00y", 3, 19), ("\\ud800\\u0041", 3, 19),
    ("\\ud83d\\ude00", None, None),  # a pair is an emoji: read as text
])
def test_json_unpaired_surrogate_escape_is_parse001_at_its_string(checker, escape, line, column, capsys):
    raw = ('{"format": "sncheck/plan@1", "county": "臺中市", "plan_year": 111,\n "teams": [],\n'
           f' "staff": [{{"id": "{escape}", "name": "王小明", "team": "T1", "role": "social_worker", "funding": "county"}}]}}')
    findings = checker.check_bytes("p.json", raw.encode()).findings
    if line is None:
        assert [f.rule for f in findings] == ["REF001"]
        return
    (finding,) = findings
    assert (finding.rule, finding.extra["reason"], finding.line, finding.column) == ("PARSE001", "encoding", line, column)
    assert "王小明" not in finding.message
    finding.message.encode("utf-8")  # every output writes UTF-8


# ------------------------------------------------------------------ nothing is executed

def test_yaml_python_tags_are_refused_with_line_and_not_run(checker, tmp_path):
    marker = tmp_path / "ran"
    text = f"format: sncheck/plan@1\ncounty: !!python/object/apply:os.system ['touch {marker}']\n"
    (finding,) = check_text(checker, text)
    assert (finding.rule, finding.extra["reason"], finding.line) == ("PARSE001", "syntax", 2)
    assert "!!python/object/apply:os.system" in finding.message
    assert not marker.exists()


@pytest.mark.parametrize("tag", ["!!binary aGk=", "!!set {a}", "!custom x", "!!omap [a: 1]"])
def test_tags_outside_the_core_schema_are_refused(checker, tag):
    (finding,) = check_text(checker, f"a: {tag}\n")
    assert finding.extra["reason"] == "syntax" and "YAML 標籤" in finding.message


def test_core_tags_are_fine():
    doc = read_document("p.yaml", b"a: !!str 111\nb: !!int '3'\nc: ! x\n")
    assert doc.data == {"a": "111", "b": 3, "c": "x"}


def test_limits_come_from_the_project_config(tmp_path):
    from click.testing import CliRunner

    from sncheck.cli import main

    (tmp_path / ".sncheck.yaml").write_text("limits: {max_nodes: 50}\n", encoding="utf-8")
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(base_plan(staff=[{"id": f"W{i}", "team": "T1", "role": "social_worker",
                                                 "funding": "county"} for i in range(10)])), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(plan), "--format", "json", "--lang", "en"])
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["files"][0]["findings"]
    assert finding["rule"] == "PARSE001" and "more than 50 items" in finding["message"]
    (tmp_path / ".sncheck.yaml").write_text("limits: {max_nodez: 50}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(plan)])
    assert result.exit_code == 2 and "limits" in result.stderr and "max_nodez" in result.stderr


@hang_guard
def test_many_bad_team_references_to_many_teams_stay_small(checker_en):
    teams = [{"id": f"T{i}", "unit_type": "social_welfare_center"} for i in range(10_000)]
    staff = [{"id": f"W{i}", "team": f"X{i}", "role": "social_worker", "funding": "county"} for i in range(10_000)]
    findings = checker_en.check_bytes("p.json", json.dumps(base_plan(teams=teams, staff=staff)).encode()).findings
    assert len(findings) == 10_000 and {f.rule for f in findings} == {"REF001"}
    assert "teams: T0, T1, T10, T100, " in findings[0].message and findings[0].message.endswith("… (10000 teams)")
    assert max(len(f.message) for f in findings) < 400


@hang_guard
@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_many_unknown_keys_are_located_scanning_the_mapping_once(checker_en, kind, container_scans):
    """(YAML took ~7 s when every lookup scanned the whole mapping.)"""
    n = 20_000
    if kind == "yaml":
        raw = ("format: sncheck/plan@1\n" + "".join(f"k{i}: 1\n" for i in range(n))).encode()
    else:
        raw = ('{"format": "sncheck/plan@1",\n' + ",\n".join(f'"k{i}": 1' for i in range(n)) + "}").encode()
    findings = checker_en.check_bytes(f"p.{kind}", raw).findings
    unknown = [f for f in findings if "unknown field" in f.message]
    assert len(unknown) == n
    assert {(f.pointer, f.line) for f in unknown} >= {("/k0", 2), (f"/k{n - 1}", n + 1)}
    assert container_scans[kind] <= 2
