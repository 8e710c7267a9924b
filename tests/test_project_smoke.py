"""A first end-to-end check: the core finds a supervisor excess and its patch removes it."""

from conftest import base_plan, check_data, patched, rules_of


def test_supervisor_excess_found_and_patch_removes_it(checker):
    plan = base_plan(staff=[
        {"id": f"W{i}", "team": "T1", "role": "social_worker", "funding": "central"} for i in range(7)
    ] + [
        {"id": "S1", "team": "T1", "role": "supervisor", "funding": "central"},
        {"id": "S2", "team": "T1", "role": "supervisor", "funding": "central"},
    ])
    findings = check_data(checker, plan)
    assert rules_of(findings) == ["SUP001"]
    (sup,) = findings
    assert sup.pointer == "/teams/0"
    assert sup.fix.patch == ({"op": "replace", "path": "/staff/8/funding", "value": "county"},)
    assert check_data(checker, patched(plan, sup)) == []
