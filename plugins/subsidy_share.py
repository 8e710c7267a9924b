"""Central subsidy share (補助比率): FUND001–FUND002.

The shares are law that changes by county and year, so they are data: a
table file in the rule pack (``rules/phase2/central_share.yaml``), each value
with its source, which users extend with their own county's share (like an
OpenFisca parameter file). The table ships only what the sources state
(Taipei 10 %, 003; Taichung 40 % in 110 and 70 % from 111, 002) and the
evaluation adjustment from 112 (002: 優良 +5 %, 未達標 −10 %).

Checks (both take ``table``, a file name in the pack folder):

* ``subsidy.share_mismatch`` – the declared ``central_share`` differs (beyond
  ``tolerance``, for floating point) from the table's share for the county and
  year, adjusted by ``previous_evaluation``; the patch sets the expected share.
* ``subsidy.share_not_in_table`` – a declared share whose county/year the
  table does not list: nothing to compare against.

A table that does not match its schema raises ``ShareTableError`` naming the
file and line; the engine reports it as INTERNAL001 and the other rules run.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping

from sncheck.api import Check, CheckContext, Violation, hookimpl, replace_op
from sncheck.read.contained import UnsafeFile, read_inside
from sncheck.read.schema import error_without_value, schema_errors
from sncheck.read.source import ProblemError
from sncheck.read.document import read_document
from sncheck.model.vocabulary import canonical_county

SOURCE = {
    "type": "object",
    "required": ["document", "quote"],
    "properties": {"document": {"type": "string"}, "title": {"type": "string"}, "quote": {"type": "string"}},
    "additionalProperties": False,
}

TABLE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["shares"],
    "properties": {
        "shares": {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["from", "to", "share", "source"],
                    "properties": {"from": {"type": "integer"}, "to": {"type": "integer"},
                                   "share": {"type": "number", "minimum": 0, "maximum": 1}, "source": SOURCE},
                    "additionalProperties": False,
                },
            },
        },
        "adjustments": {
            "type": "object",
            "required": ["from_year", "by_evaluation"],
            "properties": {
                "from_year": {"type": "integer"},
                "by_evaluation": {
                    "type": "object",
                    "propertyNames": {"enum": ["excellent", "met", "not_met"]},
                    "additionalProperties": {
                        "type": "object", "required": ["delta", "source"],
                        "properties": {"delta": {"type": "number"}, "source": SOURCE},
                        "additionalProperties": False,
                    },
                },
            },
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}

PARAMS = {
    "type": "object",
    "required": ["table"],
    "properties": {
        "table": {"type": "string", "pattern": "^[^/\\\\]+$"},
        "tolerance": {"type": "number", "minimum": 0, "default": 0.0001},
    },
    "additionalProperties": False,
}


class ShareTableError(Exception):
    """The share table cannot be used; the message names file and line."""


@dataclass(frozen=True)
class Expected:
    base: float
    delta: float
    share: float
    base_source: str
    adjusted: bool


@lru_cache(maxsize=8)
def _load(folder: Path, path: Path, mtime_ns: int) -> Mapping[str, Any]:
    """The table at ``path``, read only as a regular file inside the pack's ``folder`` (read/contained.py);
    messages never quote what the file holds."""
    try:
        doc = read_document(str(path), read_inside(folder, path))
    except UnsafeFile as exc:
        raise ShareTableError(f"{path}: share table not read: {exc}") from None
    except OSError as exc:
        raise ShareTableError(f"{path}: cannot read the share table: {exc.strerror or exc}") from None
    except ProblemError as exc:
        raise ShareTableError(f"{path}:{exc.problem.line or 1}: {exc.problem.message_en}") from None
    errors = schema_errors(TABLE_SCHEMA, doc.data)
    if errors:
        pointer = "".join(f"/{p}" for p in errors[0].absolute_path)
        raise ShareTableError(f"{path}:{doc.position(pointer)[0] or 1}: {pointer or '/'}: "
                              f"{error_without_value(errors[0])}")
    data = dict(doc.data)
    data["shares"] = {canonical_county(k): v for k, v in data["shares"].items()}
    return data


def load_table(ctx: CheckContext) -> Mapping[str, Any]:
    if ctx.pack_dir is None:
        raise ShareTableError(f"rule {ctx.rule_id}: no pack folder to find {ctx.params['table']} in")
    path = ctx.pack_dir / ctx.params["table"]
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        raise ShareTableError(f"{path}: share table not found (rule {ctx.rule_id}, params.table)") from None
    return _load(ctx.pack_dir, path, mtime)


def expected_share(table: Mapping[str, Any], county: str, year: int, evaluation: str | None) -> Expected | None:
    """The table's share for county/year adjusted by last year's evaluation, or None if not listed."""
    row = next((r for r in table["shares"].get(canonical_county(county), []) if r["from"] <= year <= r["to"]), None)
    if row is None:
        return None
    delta = 0.0
    adjustments = table.get("adjustments")
    if adjustments and evaluation and year >= adjustments["from_year"]:
        delta = float(adjustments["by_evaluation"].get(evaluation, {}).get("delta", 0.0))
    share = min(1.0, max(0.0, round(row["share"] + delta, 6)))
    return Expected(float(row["share"]), delta, share, row["source"]["document"], delta != 0.0)


def share_mismatch(ctx: CheckContext) -> Iterator[Violation]:
    plan = ctx.plan
    if plan.central_share is None:
        return
    expected = expected_share(load_table(ctx), plan.county, plan.plan_year, plan.previous_evaluation)
    if expected is None or abs(plan.central_share - expected.share) <= ctx.params["tolerance"]:
        return
    yield Violation(
        "/central_share",
        {"county": plan.county, "plan_year": plan.plan_year, "declared": plan.central_share,
         "expected": expected.share, "base": expected.base, "delta": expected.delta,
         "declared_percent": round(plan.central_share * 100, 2), "expected_percent": round(expected.share * 100, 2),
         "base_percent": round(expected.base * 100, 2), "delta_percent": round(expected.delta * 100, 2),
         "evaluation": plan.previous_evaluation, "table_source": expected.base_source},
        patch=(replace_op("/central_share", expected.share),),
        fix_variant="adjusted" if expected.adjusted else None,
    )


def share_not_in_table(ctx: CheckContext) -> Iterator[Violation]:
    plan = ctx.plan
    if plan.central_share is None:
        return
    if expected_share(load_table(ctx), plan.county, plan.plan_year, plan.previous_evaluation) is None:
        yield Violation("/central_share", {"county": plan.county, "plan_year": plan.plan_year,
                                           "declared": plan.central_share,
                                           "declared_percent": round(plan.central_share * 100, 2),
                                           "table": ctx.params["table"]})


@hookimpl
def sncheck_checks() -> list[Check]:
    return [
        Check("subsidy.share_mismatch", share_mismatch, PARAMS,
              "The declared central subsidy share differs from the share table (adjusted by last year's evaluation)."),
        Check("subsidy.share_not_in_table", share_not_in_table, PARAMS,
              "The declared central subsidy share cannot be checked: the share table does not list the county/year."),
    ]
