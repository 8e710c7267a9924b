"""``sncheck fix`` on real files: what is written, what is printed, exit codes, and data never lost."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from sncheck.fix import safewrite
from sncheck.cli import main

CASES_DIR = Path(__file__).parent / "fix_cases"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner(mix_stderr=False).invoke(main, ["fix", *args]) if _mix_stderr_supported() \
        else CliRunner().invoke(main, ["fix", *args])
    return result.exit_code, result.stdout, getattr(result, "stderr", "")


def _mix_stderr_supported() -> bool:
    import inspect

    return "mix_stderr" in inspect.signature(CliRunner.__init__).parameters


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / "sup003.yaml"
    shutil.copy(CASES_DIR / "sup003.yaml", target)
    return target


def test_fix_writes_the_expected_file_and_reports_nothing_left(plan: Path) -> None:
    os.chmod(plan, 0o640)
    code, out, _ = run(str(plan))
    assert code == 0
    assert plan.read_bytes() == (CASES_DIR / "sup003.fixed.yaml").read_bytes()
    assert stat.S_IMODE(plan.stat().st_mode) == 0o640
    assert out.count("SUP003 已修正") == 2
    assert "已修正 2 項，尚餘 0 個錯誤" in out
    assert [p.name for p in plan.parent.iterdir()] == ["sup003.yaml"]  # no temporary file left
    code, out, _ = run(str(plan))
    assert code == 0 and "已修正 0 項" in out


def test_diff_prints_a_small_diff_and_writes_nothing(plan: Path) -> None:
    before, mtime = plan.read_bytes(), plan.stat().st_mtime_ns
    code, out, err = run(str(plan), "--diff")
    assert code == 1  # a file would change
    assert plan.read_bytes() == before and plan.stat().st_mtime_ns == mtime
    changed = [line for line in out.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == [
        "-        funding: '中央補助'      # ← 這一行會被修正",
        "+        funding: '地方自籌'      # ← 這一行會被修正",
        "-    -   {id: S-02, name: \"○○○\", team: T-DA2, role: 社工督導, funding: central}   # flow style",
        "+    -   {id: S-02, name: \"○○○\", team: T-DA2, role: 社工督導, funding: county}   # flow style",
    ]
    assert "王小明" not in out and "林小華" not in out  # names are personal data
    assert "可修正 2 項" in err and "---" not in err  # the report goes to stderr, the diff alone to stdout


def test_diff_with_personal_data_applies_with_patch(plan: Path, tmp_path: Path) -> None:
    code, out, _ = run(str(plan), "--diff", "--show-personal-data")
    assert code == 1 and "林小華" in out
    if shutil.which("patch") is None:
        pytest.skip("patch(1) is not installed")
    import subprocess

    patch_file = tmp_path / "fix.diff"
    patch_file.write_text(out, encoding="utf-8")
    subprocess.run(["patch", "-s", str(plan), str(patch_file)], check=True)
    assert plan.read_bytes() == (CASES_DIR / "sup003.fixed.yaml").read_bytes()


def test_clean_file_diff_is_empty_and_exit_zero(tmp_path: Path) -> None:
    target = tmp_path / "ok.yaml"
    shutil.copy(CASES_DIR / "sup003.fixed.yaml", target)
    code, out, _ = run(str(target), "--diff")
    assert code == 0 and "---" not in out


def test_unsafe_needs_the_flag(tmp_path: Path) -> None:
    target = tmp_path / "sup001.json"
    shutil.copy(CASES_DIR / "unsafe" / "sup001.json", target)
    code, out, _ = run(str(target), "--lang", "en")
    assert code == 1 and target.read_bytes() == (CASES_DIR / "unsafe" / "sup001.json").read_bytes()
    assert "1 unsafe fix(es) not applied" in out
    code, out, _ = run(str(target), "--unsafe", "--lang", "en")
    assert code == 0 and target.read_bytes() == (CASES_DIR / "unsafe" / "sup001.fixed.json").read_bytes()
    assert "SUP001 fixed" in out


def test_file_changed_on_disk_is_not_overwritten(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone saves the plan while sncheck computes the fix: their save wins, nothing is lost."""
    theirs = plan.read_bytes() + "# 同事剛剛加的註解\n".encode()
    real = safewrite.current_bytes

    def saved_meanwhile(path: Path) -> bytes:
        path.write_bytes(theirs)
        return real(path)

    monkeypatch.setattr(safewrite, "current_bytes", saved_meanwhile)
    code, out, _ = run(str(plan))
    assert code == 1
    assert plan.read_bytes() == theirs
    assert "未覆寫" in out and "已修正:" not in out and "\n已修正 0 項" in out
    assert [p.name for p in plan.parent.iterdir()] == ["sup003.yaml"]


def test_broken_file_is_untouched_and_reported(tmp_path: Path) -> None:
    target = tmp_path / "broken.yaml"
    raw = "format: sncheck/plan@1\ncounty: 臺中市\nstaff: [\n".encode()
    target.write_bytes(raw)
    code, out, _ = run(str(target))
    assert code == 1 and target.read_bytes() == raw
    assert "PARSE001" in out


def test_missing_file_is_a_usage_error(tmp_path: Path, plan: Path) -> None:
    code, _, _ = run(str(tmp_path / "nope.yaml"), str(plan))
    assert code == 2
    assert plan.read_bytes() == (CASES_DIR / "sup003.fixed.yaml").read_bytes()  # the other file still fixed


def test_symlink_target_is_rewritten_and_link_kept(plan: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(plan)
    code, _, _ = run(str(link))
    assert code == 0 and link.is_symlink()
    assert plan.read_bytes() == (CASES_DIR / "sup003.fixed.yaml").read_bytes()


def test_only_plans_skips_other_yaml(tmp_path: Path, plan: Path) -> None:
    other = tmp_path / ".pre-commit-config.yaml"
    other.write_text("repos: []\n", encoding="utf-8")
    code, out, _ = run("--only-plans", str(other), str(plan))
    assert code == 0 and "SCHEMA001" not in out
    assert other.read_text(encoding="utf-8") == "repos: []\n"


def test_select_by_prefix(tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    shutil.copy(CASES_DIR / "sup003+fac003-crlf-bom.yaml", target)
    code, out, _ = run(str(target), "--select", "FAC")
    assert code == 0 and "FAC003 已修正" in out and "SUP003" not in out
    assert "中央補助}".encode() in target.read_bytes()


def test_read_only_file_is_not_replaced(plan: Path) -> None:
    before = plan.read_bytes()
    os.chmod(plan, 0o444)
    try:
        code, out, _ = run(str(plan), "--lang", "en")
        assert code == 1 and plan.read_bytes() == before
        assert "cannot write: the file is read-only" in out
        assert "SUP003" in out  # the findings are still reported, as they are in the file
        assert " fixed: " not in out and "\nfixed 0, " in out  # nothing is reported fixed that was not written
    finally:
        os.chmod(plan, 0o644)


def test_a_bug_while_fixing_one_file_leaves_it_untouched_and_fixes_the_others(
        plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sncheck.fix import fixer

    other = tmp_path / "other.yaml"
    shutil.copy(CASES_DIR / "fac003.yaml", other)
    real = fixer.fix_bytes

    def flaky(checker, path, raw, unsafe=False):  # type: ignore[no-untyped-def]
        if path.endswith("sup003.yaml"):
            raise RuntimeError("boom")
        return real(checker, path, raw, unsafe=unsafe)

    monkeypatch.setattr(fixer, "fix_bytes", flaky)
    code, out, _ = run(str(plan), str(other), "--lang", "en")
    assert code == 2
    assert "internal error while fixing (RuntimeError: boom); file left unchanged" in out
    assert plan.read_bytes() == (CASES_DIR / "sup003.yaml").read_bytes()
    assert other.read_bytes() == (CASES_DIR / "fac003.fixed.yaml").read_bytes()


def test_project_config_is_used_like_check(tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    shutil.copy(CASES_DIR / "sup003+fac003-crlf-bom.yaml", target)
    (tmp_path / ".sncheck.yaml").write_text("ignore: [SUP]\nlang: en\n", encoding="utf-8")
    code, out, _ = run(str(target))
    assert code == 0 and "FAC003 fixed" in out and "SUP003" not in out
    assert "中央補助}".encode() in target.read_bytes()
    assert "社安網中央補助".encode() not in target.read_bytes()


def test_fix_of_a_roster_workbook_without_o_says_how_to_name_the_copy_and_leaves_it(tmp_path: Path) -> None:
    """A county officer names the Excel roster without -o: fix never overwrites her workbook, and says how
    to name the corrected copy (tests/test_tabular_corrected.py writes it), not PARSE001 as for a broken plan."""
    import openpyxl

    roster = tmp_path / "臺中市-115-人員名冊.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["員工編號", "單位/組別", "職稱", "經費來源"])
    book.save(roster)
    before = roster.read_bytes()
    code, out, err = run(str(roster))
    assert code == 2 and "PARSE001" not in out
    assert err == (f"sncheck: {roster}：修正名冊時不會覆寫原檔，請用 -o 指定修正後副本的檔名，例如 "
                   f"sncheck fix {roster} -o 臺中市-115-人員名冊-修正後.xlsx（加 --annotate 同時標出仍待處理的問題）\n")
    assert roster.read_bytes() == before
    code, out, err = run(str(roster), "--lang", "en")
    assert code == 2 and err == (f"sncheck: {roster}: fixing a roster never overwrites it; name the corrected copy "
                                 f"with -o, e.g. sncheck fix {roster} -o 臺中市-115-人員名冊-修正後.xlsx (add --annotate "
                                 "to also mark what is still wrong)\n")
