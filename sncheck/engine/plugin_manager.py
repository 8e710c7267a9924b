"""Making the pluggy PluginManager: a factory, fresh per call, no import-time state.

Built-in plugins are registered through the same hooks as third-party ones;
third-party plugins come only from installed packages (the ``sncheck.plugins``
entry-point group), never from Python files in the folder being checked.
"""

from __future__ import annotations

import importlib
from typing import Iterable

import pluggy

from sncheck import hookspecs

from sncheck.engine import plugin_isolation
from sncheck.engine.plugin_isolation import PluginError

BUILTIN_PLUGINS: tuple[str, ...] = (
    "sncheck.engine.builtin_formatters",
    "sncheck_plugins.supervisor",
    "sncheck_plugins.service_record",
    "sncheck_plugins.request_funding",
    "sncheck_plugins.team_ratio",
    "sncheck_plugins.staffing",
    "sncheck_plugins.subsidy_share",
    "sncheck_plugins.evaluation_quota",
    "sncheck_rules",
)
ENTRY_POINT_GROUP = "sncheck.plugins"


def make_plugin_manager(extra_plugins: Iterable[object] = (), load_entry_points: bool = True,
                        errors: list[PluginError] | None = None) -> pluggy.PluginManager:
    """Built-ins, then installed entry points; a broken third-party plugin is skipped and added to ``errors``."""
    errors = [] if errors is None else errors
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    for name in BUILTIN_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    if load_entry_points:
        plugin_isolation.load_entry_points(pm, ENTRY_POINT_GROUP, errors)
    for plugin in extra_plugins:
        pm.register(plugin)
    plugin_isolation.check_pending(pm, errors)
    return pm
