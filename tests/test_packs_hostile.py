"""Hostile rule packs (issue 23): a pack's files are read only as regular files inside its folder, of a
bounded size, and no error message quotes what a file holds.

The threat: a pull request adds ``.sncheck.yaml`` and a rule folder whose data table is a symbolic link to
``~/.netrc`` (printed in the CI log before), ``/dev/zero`` (memory exhausted) or a FIFO (the run hung).
Each case runs in a fresh process (tests/hostile.py ``run_fresh``) under a hang guard.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from hostile import run_fresh

ROOT = Path(__file__).resolve().parent.parent
SECRET = "ghp_SECRET_TOKEN_9f8e7d"
hang_guard = pytest.mark.timeout(200)


def _pack(tmp_path: Path, rule_files: bool = False) -> Path:
    """The shipped phase-2 pack, copied; ``rule_files``: its manifest lists its rule files, so the share
    table is read only by the check that uses it (the plugin's own read, not the pack loader's)."""
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "rules" / "phase2", pack)
    if rule_files:
        names = sorted(p.name for p in pack.glob("*.yaml") if p.name not in ("pack.yaml", "central_share.yaml"))
        with (pack / "pack.yaml").open("a", encoding="utf-8") as manifest:
            manifest.write("rule_files: [" + ", ".join(names) + "]\n")
    (pack / "central_share.yaml").unlink()
    return pack


def _run(tmp_path: Path, pack: Path) -> tuple[int, str]:
    code, out, err, _ = run_fresh("check", str(ROOT / "examples" / "taichung-111.yaml"), "--rules", str(pack),
                                  "--lang", "en", "--format", "json")
    return code, out + err


@pytest.fixture()
def secret(tmp_path: Path) -> Path:
    netrc = tmp_path / "home" / ".netrc"
    netrc.parent.mkdir()
    netrc.write_text(f"machine github.com login bot password {SECRET}\n", encoding="utf-8")
    return netrc


@hang_guard
@pytest.mark.parametrize("rule_files", [False, True])
def test_a_data_table_linked_out_of_the_pack_is_not_read(tmp_path: Path, secret: Path, rule_files: bool) -> None:
    pack = _pack(tmp_path, rule_files)
    (pack / "central_share.yaml").symlink_to(secret)
    code, said = _run(tmp_path, pack)
    assert SECRET not in said and "machine github.com" not in said
    assert "outside the rule pack's folder" in said
    assert code == 2 if not rule_files else "INTERNAL001" in said


@hang_guard
@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_a_device_or_fifo_is_not_read(tmp_path: Path, target: str) -> None:
    pack = _pack(tmp_path)
    table = pack / "central_share.yaml"
    if target == "fifo":
        os.mkfifo(table)  # inside the folder, but not a regular file: reading it would wait for ever
        expected = "not a regular file"
    else:
        table.symlink_to(target)
        expected = "outside the rule pack's folder"
    code, said = _run(tmp_path, pack)
    assert code == 2 and expected in said


@hang_guard
def test_a_huge_rule_file_is_refused_by_its_size(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    (pack / "padding.yaml").write_bytes(b"# " + b"x" * (3 * 1024 * 1024) + b"\n")
    code, said = _run(tmp_path, pack)
    assert code == 2 and "padding.yaml" in said and "over the limit of 2,097,152 bytes" in said


def test_a_wrong_table_inside_the_pack_is_named_without_its_contents(tmp_path: Path) -> None:
    pack = _pack(tmp_path, rule_files=True)
    (pack / "central_share.yaml").write_text(f"shares: 'password {SECRET}'\n", encoding="utf-8")
    code, said = _run(tmp_path, pack)
    assert "INTERNAL001" in said and "/shares: must be of type object" in said and SECRET not in said


def test_a_rule_file_schema_error_does_not_echo_the_value(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    (pack / "central_share.yaml").write_text("shares: {}\n", encoding="utf-8")
    (pack / "x.yaml").write_text(f"rules:\n  - id: {SECRET}\n", encoding="utf-8")
    code, said = _run(tmp_path, pack)
    assert code == 2 and "x.yaml:2" in said and "missing required field(s)" in said and SECRET not in said


@pytest.mark.parametrize("where, said", [
    ("message", "/rules/0/message/en: does not meet maxLength 2000"),
    ("params", "params are 100,0"),
])
def test_templates_and_parameters_are_bounded_when_the_pack_loads(tmp_path: Path, where: str, said: str) -> None:
    """A 4.2 MB message template gave 2 MB per finding (518 MB, 13.7 s on a 20-staff plan)."""
    pack = _pack(tmp_path)
    (pack / "central_share.yaml").write_text("shares: {}\n", encoding="utf-8")
    rules = (pack / "supervisor.yaml").read_text(encoding="utf-8")
    if where == "message":
        rules = rules.replace('en: "team {team} has', 'en: "' + "x" * 4000 + 'team {team} has', 1)
    else:
        rules = rules.replace("params: {", "params: {padding: '" + "x" * 100_000 + "', ", 1)
    (pack / "supervisor.yaml").write_text(rules, encoding="utf-8")
    code, out = _run(tmp_path, pack)
    assert code == 2 and "supervisor.yaml:" in out and said in out
