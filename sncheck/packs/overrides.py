"""Severity and parameter overrides from the project config, applied to loaded rules.

A county can make a rule stricter (``params: {SUP001: {workers_per_supervisor: 6}}``)
or change how much it matters (``severity: {SUP002: error}``) without editing the
shipped pack. The merged parameters are validated against the check's parameter
schema exactly like a rule file's, so a typo stops the run (exit 2) naming the
config file and key instead of being ignored.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping

from sncheck.packs.config import ConfigError
from sncheck.model.findings import Severity
from sncheck.packs.rulepacks import Pack


def apply_overrides(packs: list[Pack], severity: Mapping[str, str], params: Mapping[str, Mapping[str, Any]],
                    origin: str, lines: Mapping[str, int] | None = None) -> list[Pack]:
    """``lines``: where each override key stands in the config (``Config.lines``), for the error."""
    from sncheck.read.schema import schema_errors

    known = {rule.id for pack in packs for rule in pack.rules}
    for section, table in (("severity", severity), ("params", params)):
        for rule_id in table:
            if rule_id not in known:
                raise ConfigError(origin, f"{section}.{rule_id}",
                                  f"no loaded rule has this id; loaded: {', '.join(sorted(known))}",
                                  _line(lines, f"{section}.{rule_id}"),
                                  f"沒有已載入的規則是這個代碼；已載入：{'、'.join(sorted(known))}")
    out = []
    for pack in packs:
        rules = []
        for rule in pack.rules:
            if rule.id in severity:
                rule = replace(rule, severity=Severity(severity[rule.id]))
            if rule.id in params:
                merged = {**rule.params, **params[rule.id]}
                errors = schema_errors(rule.check.params_schema, merged)
                if errors:
                    bad = errors[0]
                    path = ".".join(str(p) for p in bad.absolute_path)
                    if bad.validator == "additionalProperties":
                        path = next((k for k in params[rule.id] if k not in rule.params), path)
                    key = f"params.{rule.id}{'.' + path if path else ''}"
                    raise ConfigError(origin, key, f"{bad.message} (check {rule.check.name})",
                                      _line(lines, key, f"params.{rule.id}"))
                rule = replace(rule, params=merged)
            rules.append(rule)
        out.append(replace(pack, rules=tuple(rules)))
    return out


def _line(lines: Mapping[str, int] | None, *keys: str) -> int | None:
    """The line of the first key found (a nested path falls back to its rule's line)."""
    for key in keys:
        if lines and key in lines:
            return lines[key]
    return None
