"""``build_plan`` builds staff and segments without the dataclass ``__init__``: the objects must be the same."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from sncheck.normalize import normalize
from sncheck.plan import Segment, Staff, build_plan
from sncheck.source import read_document

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import plangen  # noqa: E402


@pytest.mark.parametrize("seed", [1, 2])
def test_staff_and_segments_equal_what_their_constructors_build(seed: int) -> None:
    data, problems = normalize(read_document("p.yaml", plangen.plan_text(40, seed).encode()).data)
    assert not problems
    plan = build_plan(data)
    assert len(plan.staff) == 40
    histories = 0
    for index, person in enumerate(plan.staff):
        values = {f.name: getattr(person, f.name) for f in dataclasses.fields(Staff)}
        assert set(vars(person)) == set(values)  # every field set, nothing else
        rebuilt = Staff(**values)
        assert person == rebuilt and repr(person) == repr(rebuilt) and hash(person) == hash(rebuilt)
        raw = data["staff"][index]
        assert (person.id, person.role, person.team, person.pay_points) == (raw["id"], raw["role"], raw["team"],
                                                                          raw["pay_points"])
        assert person.raw is data["staff"][index] and person.pointer == f"/staff/{index}"
        for segment in person.history or ():
            histories += 1
            seg_values = {f.name: getattr(segment, f.name) for f in dataclasses.fields(Segment)}
            assert set(vars(segment)) == set(seg_values)
            assert segment == Segment(**seg_values) and repr(segment) == repr(Segment(**seg_values))
        with pytest.raises(dataclasses.FrozenInstanceError):
            person.role = "x"  # type: ignore[misc]
    assert histories >= 40
