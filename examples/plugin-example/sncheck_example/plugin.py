"""An example sncheck plugin: one new check and the rule pack that uses it.

sncheck finds this module through the ``sncheck.plugins`` entry point in
``pyproject.toml``; it provides

* a check, ``example.request_above``: non-salary requests whose ``amount`` is
  above ``max_amount`` (a number the county sets: no source states one, so the
  parameter has no default and the rule file must give it);
* a rule pack (``rules/``) with rule EXM001, a county's internal rule that
  such requests go to its own review board first.

Nothing here is special to plugins shipped with sncheck: the built-in families
in sncheck's ``plugins/`` folder are written exactly like this.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from sncheck.api import Check, CheckContext, Violation, hookimpl

PARAMS = {
    "type": "object",
    "required": ["max_amount"],
    "properties": {
        "max_amount": {"type": "integer", "minimum": 0},
        "categories": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    },
    "additionalProperties": False,
}


def request_above(ctx: CheckContext) -> Iterator[Violation]:
    categories = ctx.params.get("categories")
    for request in ctx.plan.requests:
        if categories is not None and request.category not in categories:
            continue
        if request.amount > ctx.params["max_amount"]:
            yield Violation(request.pointer, {"request": request.id, "amount": request.amount,
                                              "max_amount": ctx.params["max_amount"]})


@hookimpl
def sncheck_checks() -> list[Check]:
    return [Check("example.request_above", request_above, PARAMS,
                  "A non-salary request above an amount the county sets.")]


@hookimpl
def sncheck_rule_packs() -> list[Path]:
    return [Path(__file__).resolve().parent / "rules"]
