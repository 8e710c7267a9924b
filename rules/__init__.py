"""The shipped rule packs, as data (installed as ``sncheck_rules``).

Each sub-folder with a ``pack.yaml`` is a pack; this module is a plugin that
offers them through the ``sncheck_rule_packs`` hook, the same way a
third-party package would offer its own packs.
"""

from __future__ import annotations

from pathlib import Path

from sncheck.hookspecs import hookimpl

HERE = Path(__file__).resolve().parent


def shipped_pack_dirs() -> list[Path]:
    return sorted(p for p in HERE.iterdir() if (p / "pack.yaml").is_file())


@hookimpl
def sncheck_rule_packs() -> list[Path]:
    return shipped_pack_dirs()
