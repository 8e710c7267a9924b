"""``fix`` run as root keeps the county file's owner, group and extended attributes (issue 23, Low)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sncheck.fix.safewrite import replace_if_unchanged


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
def test_a_fix_as_root_keeps_the_files_owner_and_group(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(b"a: 1\n")
    os.chown(plan, 1234, 2345)  # the county officer's file, fixed by an administrator (or a root CI job)
    replace_if_unchanged(plan, b"a: 1\n", b"a: 2\n")
    assert plan.read_bytes() == b"a: 2\n"
    assert (plan.stat().st_uid, plan.stat().st_gid) == (1234, 2345)  # was root's


def test_a_fix_keeps_extended_attributes(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(b"a: 1\n")
    try:
        os.setxattr(plan, "user.sncheck-test", b"kept")
    except (OSError, AttributeError):
        pytest.skip("this file system (or platform) has no user extended attributes")
    replace_if_unchanged(plan, b"a: 1\n", b"a: 2\n")
    assert os.getxattr(plan, "user.sncheck-test") == b"kept"
