"""Input limits: how big, deep and alias-expanded a plan may be.

The defaults are generous for real plans (a county roster has hundreds of
staff, a whole plan well under 1 MB) and small enough that a hostile file is
refused in well under a second with little memory. Config can override them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * 1024 * 1024  # 20 MB
    max_nodes: int = 2_000_000  # after alias expansion
    max_depth: int = 64
