"""Input limits: how big, deep and alias-expanded a plan may be.

The defaults are generous for real plans (a county roster has hundreds of
staff; a 3,000-staff roster with service histories is about 200,000 nodes and
a few MB) and small enough that a hostile file is refused in well under a
second with little memory: the node limit is enforced by a streaming pre-scan
before any node tree is built, so a 1,000,000-item list costs only the scan
up to the limit. Every limit breached is a PARSE001 finding naming it.

Config (read by ``sncheck/packs/config.py``) may override them under ``limits:``::

    limits:
      max_bytes: 20971520   # file size in bytes (20 MB)
      max_nodes: 200000     # values + keys after YAML alias expansion
      max_depth: 64         # nesting of mappings/lists
      max_key_chars: 1024   # one mapping key
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Mapping


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * 1024 * 1024  # 20 MB
    max_nodes: int = 200_000  # after alias expansion; keys count
    max_depth: int = 64
    max_key_chars: int = 1024

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> "Limits":
        """Limits from a config ``limits:`` mapping; unknown keys or non-positive values raise ``ValueError``."""
        if not values:
            return cls()
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown limit(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        for key, value in values.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"limits.{key} must be a positive integer, found {value!r}")
        return cls(**dict(values))
