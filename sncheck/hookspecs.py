"""The pluggy contract: every hook sncheck calls, in one place.

A plugin is any module or object with functions marked ``@hookimpl``. The
built-in rule families (the repository's ``plugins/`` folder, installed as
``sncheck_plugins``) and built-in formatters are registered through exactly
these hooks, the same way a third-party package is through the
``sncheck.plugins`` entry-point group. Each hook returns small typed objects
(see ``sncheck.api``), never loose dicts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    from sncheck.model.checks import Check, CrossPlanCheck
    from sncheck.formatters.base import Formatter

PROJECT = "sncheck"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def sncheck_checks() -> "list[Check] | None":
    """Return the checks this plugin provides.

    A check is Python logic with a name (``family.what``), a JSON Schema for
    its parameters and a function from a plan to violations. Rules in rule
    files name a check and give it parameters, severity and messages.
    """


@hookspec
def sncheck_cross_plan_checks() -> "list[CrossPlanCheck] | None":
    """Return the cross-plan checks this plugin provides.

    A cross-plan check answers a question about all plans of one run together
    (``sncheck batch``), from one small ``PlanSummary`` per plan, e.g. FUND003:
    more counties claim 優良 than there are 優良 places. Rules name it in
    ``check:`` exactly like a per-plan check; selection, severity overrides and
    ``sncheck-ignore`` apply to its findings as to any rule's.
    """


@hookspec
def sncheck_rule_packs() -> "list[Path] | None":
    """Return folders of rule packs this plugin ships (each with a ``pack.yaml``)."""


@hookspec
def sncheck_formatters() -> "list[Formatter] | None":
    """Return output formats (``--format NAME``) this plugin provides."""
