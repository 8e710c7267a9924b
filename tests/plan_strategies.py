"""Hypothesis strategies: valid plans (codes or zh-TW labels, ISO or ROC dates), then mutated ones.

Shared by tests/test_read_properties.py (a small CI profile) and bench/fuzz.py (long
campaigns). Vocabularies come from ``sncheck.model.vocabulary`` so new codes are
generated without touching this file.
"""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from sncheck.model import vocabulary as vocab
from sncheck.read.plan_schema import plan_schema

EXAMPLES = int(os.environ.get("SNCHECK_FUZZ_EXAMPLES", "60"))
PROFILE = settings(max_examples=EXAMPLES, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.filter_too_much])

COUNTIES = plan_schema()["properties"]["county"]["enum"]
SURNAMES = "王李陳林張黃吳劉蔡楊許鄭謝郭洪"
GIVEN = "小明華美玲志偉雅婷建國淑芬家豪宜君俊傑"


def code_of(field: tuple[str, str]) -> st.SearchStrategy[str]:
    """A code, or one of its zh-TW labels (normalization maps labels to codes)."""
    vocabulary = vocab.FIELD_VOCABULARIES[field]
    return st.sampled_from(sorted(vocabulary)) | st.sampled_from(sorted(a for v in vocabulary.values() for a in v))


def _written(day: date, roc: bool) -> str:
    return f"{day.year - 1911}/{day.month}/{day.day}" if roc else day.isoformat()


@st.composite
def dates(draw: st.DrawFn) -> str:
    """A date as counties write it: ISO or ROC (111/3/1)."""
    return _written(draw(st.dates(date(2010, 1, 1), date(2026, 12, 31))), draw(st.booleans()))


names = st.builds(lambda s, g: s + g, st.sampled_from(SURNAMES), st.text(GIVEN, min_size=1, max_size=2))
national_ids = st.from_regex(r"[A-Z][12][0-9]{8}", fullmatch=True)


@st.composite
def segments(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.dates(date(2010, 1, 1), date(2026, 12, 31)))
    seg: dict[str, Any] = {"from": _written(start, draw(st.booleans())),
                           "budget": draw(code_of(("segment", "budget")))}
    if draw(st.booleans()):  # a segment ends on or after its start (a valid plan)
        seg["to"] = _written(start + timedelta(days=draw(st.integers(0, 3000))), draw(st.booleans()))
    if draw(st.booleans()):
        seg["protective"] = draw(st.booleans())
    return seg


@st.composite
def valid_plans(draw: st.DrawFn) -> dict[str, Any]:
    team_ids = draw(st.lists(st.sampled_from(["T1", "T2", "T3", "家防", "社福"]), min_size=1, max_size=3, unique=True))
    teams = []
    for team_id in team_ids:
        team: dict[str, Any] = {"id": team_id, "unit_type": draw(code_of(("team", "unit_type")))}
        if draw(st.booleans()):
            team["program"] = draw(code_of(("team", "program")))
        if draw(st.booleans()):
            team["open_cases"] = draw(st.integers(0, 500))
        teams.append(team)
    staff = []
    for index in range(draw(st.integers(0, 12))):
        member: dict[str, Any] = {"id": f"W{index}", "team": draw(st.sampled_from(team_ids)),
                                  "role": draw(code_of(("staff", "role"))),
                                  "funding": draw(code_of(("staff", "funding")))}
        if draw(st.booleans()):
            member["name"] = draw(names)
        if draw(st.integers(0, 3)) == 0:
            member["national_id"] = draw(national_ids)
        if draw(st.booleans()):
            member["pay_points"] = draw(st.integers(1, 600))
        if draw(st.booleans()):
            member["protective"] = draw(st.booleans())
        if draw(st.booleans()):
            member["hired"] = draw(dates())
        if draw(st.booleans()):
            member["history"] = draw(st.lists(segments(), max_size=3))
        staff.append(member)
    requests = []
    for index in range(draw(st.integers(0, 4))):
        requests.append({"id": f"R{index}", "unit_type": draw(code_of(("request", "unit_type"))),
                         "category": draw(code_of(("request", "category"))),
                         "funding_source": draw(code_of(("request", "funding_source"))),
                         "amount": draw(st.integers(0, 10_000_000))})
    plan: dict[str, Any] = {"format": "sncheck/plan@1", "county": draw(st.sampled_from(COUNTIES)),
                            "plan_year": draw(st.integers(108, 116)), "teams": teams, "staff": staff}
    if requests or draw(st.booleans()):
        plan["requests"] = requests
    if draw(st.booleans()):
        plan["reference_date"] = draw(dates())
    if draw(st.booleans()):
        plan["previous_evaluation"] = draw(code_of(("plan", "previous_evaluation")))
    return plan


json_scalars = st.none() | st.booleans() | st.integers(-10**6, 10**12) | st.floats(allow_nan=False) | st.text(max_size=20)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out.extend(_paths(child, prefix + (key,)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out.extend(_paths(child, prefix + (index,)))
    return out


@st.composite
def mutated_data(draw: st.DrawFn) -> Any:
    """A valid plan with a few structural mutations: deleted keys, values of the wrong type, new keys."""
    plan = draw(valid_plans())
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(plan) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = plan
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["delete", "retype", "add_key"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "retype":
            parent[path[-1]] = draw(json_values)
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=12))] = draw(json_values)
    return plan


def serialize(plan: Any, kind: str) -> bytes:
    if kind == "json":
        return json.dumps(plan, ensure_ascii=False, indent=1).encode("utf-8")
    return yaml.safe_dump(plan, allow_unicode=True, sort_keys=False).encode("utf-8")


@st.composite
def mutated_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    """(file name, bytes): a serialized plan with garbage inserted, bytes flipped or the end cut off."""
    kind = draw(st.sampled_from(["yaml", "json"]))
    raw = bytearray(serialize(draw(valid_plans() | mutated_data()), kind))
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["insert", "flip", "truncate", "splice_token"]))
        at = draw(st.integers(0, max(len(raw) - 1, 0)))
        if action == "insert":
            raw[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif action == "flip" and raw:
            raw[at] = draw(st.integers(0, 255))
        elif action == "truncate":
            del raw[at:]
        else:
            token = draw(st.sampled_from([b"&a ", b"*a", b"<<: ", b"!!python/object ", b"---\n", b"\t", b"{", b"[",
                                          b"\xef\xbb\xbf", b"\r", b"\x00", b": ", b"- ", b"\"", b"'", b"#"]))
            raw[at:at] = token
    return f"plan.{kind}", bytes(raw)


any_input = (st.tuples(st.sampled_from(["plan.yaml", "plan.json"]), st.binary(max_size=200))
             | mutated_bytes()
             | st.builds(lambda p, k: (f"plan.{k}", serialize(p, k)), valid_plans() | mutated_data(),
                         st.sampled_from(["yaml", "json"])))
