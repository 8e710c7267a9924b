"""The plan's JSON Schema (``sncheck/schemas/plan.schema.json``), read once: the one definition of a plan's shape.

Its own module, low in the read stage, because both the reference validator (``read.schema``) and the
compiled fast path (``read.fastpath``) need it, and the validator calls the fast path first.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def plan_schema() -> dict[str, Any]:
    text = resources.files("sncheck").joinpath("schemas/plan.schema.json").read_text(encoding="utf-8")
    return json.loads(text)
