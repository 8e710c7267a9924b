"""Keeping one broken plugin from stopping the run or hiding other rules' findings.

Third-party plugins are trusted code (they are installed packages), but they
can still be broken: an entry point that fails to import, a hook that raises
while sncheck collects checks, packs or formatters, a check that raises on an
unusual plan. Each failure is recorded as a ``PluginError`` naming the entry
point / module and its distribution; the plugin is skipped, everything else
runs, and the CLI reports the error (INTERNAL001) and exits 2 at the end.
"""

from __future__ import annotations

import importlib.metadata as metadata
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pluggy


@dataclass(frozen=True)
class PluginError:
    """A plugin that could not be used: who (entry point or module), when, and why."""

    plugin: str  # e.g. "entry point 'acme = acme_rules:plugin' (acme-rules 1.2)"
    stage: str  # "import", "register" or the hook name, e.g. "sncheck_checks"
    error: str  # "ExceptionType: message"

    def message(self, lang: str) -> str:
        if lang == "zh":
            return (f"INTERNAL001 外掛 {self.plugin} 在 {self.stage} 階段失敗（{self.error}），已略過；"
                    "其他規則照常執行，結束代碼為 2")
        return (f"INTERNAL001 plugin {self.plugin} failed at {self.stage} ({self.error}); skipped, "
                "other rules ran; exit status 2")


def describe_exception(exc: BaseException) -> str:
    text = str(exc)
    if len(text) > 300:
        text = text[:299] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@lru_cache(maxsize=4)
def _module_distributions(search_path: tuple[str, ...]) -> dict[str, list[str]]:
    """Top-level module -> distributions; cached per ``sys.path`` (it scans every installed package)."""
    try:
        return dict(metadata.packages_distributions())
    except Exception:  # noqa: BLE001 - only used to name things in messages
        return {}


def distribution_of(module: str) -> str:
    """``"name version"`` of the installed distribution providing ``module``, or ``""``."""
    top = module.split(".")[0]
    for name in _module_distributions(tuple(sys.path)).get(top, []):
        try:
            return f"{name} {metadata.version(name)}"
        except metadata.PackageNotFoundError:
            return name
    return ""


def plugin_origin(obj: Any) -> str:
    """Where a plugin object or function comes from: its module and distribution."""
    module = getattr(obj, "__module__", None) or getattr(obj, "__name__", None) or type(obj).__module__
    dist = distribution_of(module)
    return f"{module} ({dist})" if dist else str(module)


def _entry_point_label(ep: metadata.EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    where = f" ({dist.name} {dist.version})" if dist is not None else ""
    return f"entry point '{ep.name} = {ep.value}'{where}"


def load_entry_points(pm: pluggy.PluginManager, group: str, errors: list[PluginError]) -> None:
    """Like ``pm.load_setuptools_entrypoints`` but a failing entry point is recorded and skipped."""
    for ep in metadata.entry_points(group=group):
        if pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
            continue
        label = _entry_point_label(ep)
        try:
            plugin = ep.load()
        except BaseException as exc:  # noqa: BLE001 - SystemExit in an import must not end the run either
            if isinstance(exc, KeyboardInterrupt):
                raise
            errors.append(PluginError(label, "import", describe_exception(exc)))
            continue
        try:
            pm.register(plugin, name=ep.name)
        except Exception as exc:  # noqa: BLE001 - e.g. PluginValidationError for a misspelt hook argument
            if pm.get_plugin(ep.name) is not None:
                pm.unregister(name=ep.name)
            errors.append(PluginError(label, "register", describe_exception(exc)))


def check_pending(pm: pluggy.PluginManager, errors: list[PluginError]) -> None:
    """``pm.check_pending()``, unregistering (and recording) plugins that implement unknown hooks."""
    while True:
        try:
            pm.check_pending()
            return
        except pluggy.PluginValidationError as exc:
            name = pm.get_name(exc.plugin) or plugin_origin(exc.plugin)
            errors.append(PluginError(f"{name} [{plugin_origin(exc.plugin)}]", "register", describe_exception(exc)))
            pm.unregister(exc.plugin)


def call_isolated(pm: pluggy.PluginManager, hook_name: str, errors: list[PluginError]) -> list[Any]:
    """Call a no-argument hook plugin by plugin, in pluggy's order; a raising plugin is recorded and skipped."""
    results: list[Any] = []
    for impl in reversed(getattr(pm.hook, hook_name).get_hookimpls()):
        try:
            result = impl.function()
            if result is not None:
                results.append(list(result))
        except BaseException as exc:  # noqa: BLE001 - isolation is the point
            if isinstance(exc, KeyboardInterrupt):
                raise
            errors.append(PluginError(f"{impl.plugin_name} [{plugin_origin(impl.plugin)}]", hook_name,
                                      describe_exception(exc)))
    return results
