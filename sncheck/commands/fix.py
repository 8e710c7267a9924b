"""``sncheck fix PATH...``: apply the safe fixes of the findings, rewriting only what must change.

Like ``ruff check --fix``: safe fixes (a funding source or a role code; the
meaning of the plan is kept) are applied; unsafe ones (who is affected, what
someone is paid) only with ``--unsafe``; display-only advice is listed, never
applied. After fixing, the file is checked again and what remains is
reported. ``--diff`` prints a unified diff and writes nothing.

Exit status: 0 no error left; 1 errors remain, a file could not be written,
or (with ``--diff``) a file would change; 2 usage error (as ``check``).
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path
from typing import Any, Iterable

import click

from sncheck.model.findings import FileResult, Finding, Severity
from sncheck.formatters.base import printable, printable_name
from sncheck.model.personal_data import mask_ids_in
from sncheck.tabular import is_tabular
from sncheck.tabular.settings import tabular_options
from sncheck.commands.common import (apply_pack_option, expand_paths, lang_option, make_checker, not_a_file, options_with_config,
                     rules_dir_option)
from sncheck.packs.config import split_ids
from sncheck.read.plan_files import is_plan_file

MASK = "○○○"


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option("--diff", "show_diff", is_flag=True,
              help="Print a unified diff of the fixes and write nothing (exit 1 if a file would change).")
@click.option("--unsafe", is_flag=True,
              help="Also apply unsafe fixes (they change who is affected or what someone is paid: review them).")
@lang_option
@click.option("--select", multiple=True, help="Only these rule ids or prefixes (e.g. SUP,FAC002). Repeatable.")
@click.option("--ignore", multiple=True, help="Skip these rule ids or prefixes. Repeatable.")
@rules_dir_option
@apply_pack_option
@click.option("--show-personal-data", is_flag=True,
              help="Print staff names in messages and diffs (個資; masked as ○○○ by default).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Project config file (default: nearest .sncheck.yaml or pyproject.toml [tool.sncheck]).")
@click.option("--only-plans", is_flag=True,
              help="Skip named files that are not plans (no 'sncheck/plan@'), as in folders. For pre-commit.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), metavar="OUT.xlsx",
              help="A roster (workbook or CSV): write the corrected COPY here, in the county's own words and "
                   "layout; the original is never written.")
@click.option("--annotate", is_flag=True,
              help="With a roster workbook and -o: the copy also marks what is still wrong and lists it, with "
                   "what was fixed, in a first sheet 檢核結果 (one file).")
@tabular_options
def fix(paths: tuple[Path, ...], show_diff: bool, unsafe: bool, lang: str | None, select: tuple[str, ...],
        ignore: tuple[str, ...], rule_dirs: tuple[Path, ...], show_personal_data: bool, config_path: Path | None,
        only_plans: bool, output: Path | None, annotate: bool, mapping: Path | None, county: str | None,
        plan_year: int | None) -> None:
    """Apply the fixes of the findings in plan files, keeping comments and layout; for a roster workbook
    or CSV, write a corrected copy (-o OUT.xlsx) in the county's own words.

    Exit status: 0 no error left, 1 errors remain (or, with --diff, a file
    would change), 2 usage error.
    """
    from sncheck.fix import fixer, safewrite
    from sncheck.formatters.base import Report
    from sncheck.formatters.text import render_text

    options = options_with_config(paths, config_path, lang=lang, select=split_ids(select),
                                  ignore=split_ids(ignore), rule_dirs=rule_dirs,
                                  show_personal_data=show_personal_data)
    checker = make_checker(options)
    zh = options.lang == "zh"
    report_out = sys.stderr if show_diff else sys.stdout
    say = lambda text: click.echo(printable(text), file=report_out)  # noqa: E731  (ids may hold ESC...)
    usage_error = not_written = would_change = crashed = False
    results: list[FileResult] = []
    fixed_count = unsafe_count = 0
    if output is not None or annotate:
        if len(paths) != 1 or not is_tabular(paths[0]):
            click.echo("sncheck: " + ("-o 與 --annotate 用於修正一份名冊（活頁簿或 CSV）的副本；計畫檔直接就地修正"
                                      if zh else "-o and --annotate write the corrected copy of one roster "
                                      "(workbook or CSV); plan files are fixed in place"), err=True)
            sys.exit(2)
    for path, exists in expand_paths(paths):
        if not exists:
            click.echo(f"sncheck: {path}: {not_a_file(path)}", err=True)
            usage_error = True
            continue
        if only_plans and not is_plan_file(path):
            continue
        if is_tabular(path):  # a roster: a corrected copy, never the original (commands/fix_roster.py)
            from sncheck.commands.fix_roster import fix_roster, refuse_bad_output

            refuse_bad_output(path, output, annotate, show_diff, zh)
            roster = fix_roster(checker, path, output, unsafe=unsafe, annotate=annotate, show_diff=show_diff,
                                mapping=mapping, county=county, plan_year=plan_year, say=say)
            results.append(roster.result)
            fixed_count += roster.applied
            unsafe_count += roster.unsafe_left
            not_written = not_written or not roster.written
            would_change = would_change or (show_diff and roster.changed)
            continue
        try:
            raw = path.read_bytes()
        except OSError:
            results.append(checker.check_path(path))  # PARSE001 with the reason
            continue
        try:
            outcome = fixer.fix_bytes(checker, str(path), raw, unsafe=unsafe)
        except Exception as exc:  # noqa: BLE001 - one file's bug must not stop the others or lose data
            crashed = True
            say(f"{printable_name(str(path))}: " + (f"修正時發生內部錯誤（{type(exc).__name__}: {exc}），檔案未變更" if zh
                               else f"internal error while fixing ({type(exc).__name__}: {exc}); file left unchanged"))
            results.append(checker.check_bytes(str(path), raw))
            continue
        for finding, reason in outcome.failed:
            say(f"{_where(outcome.path, finding)}: {finding.rule} "
                + (f"無法自動修正（{reason}），請手動修改" if zh else f"cannot be fixed automatically ({reason}); edit by hand"))
        if not outcome.converged:
            say(f"{printable_name(outcome.path)}: " + ("修正之間互相衝突，已在最後一致的狀態停止" if zh
                                       else "fixes undo each other; stopped at the last consistent state"))
        unsafe_count += len(outcome.unsafe_left())
        written = True
        if outcome.changed:
            if show_diff:
                would_change = True
                click.echo(unified_diff(str(path), outcome.original, outcome.fixed,
                                        () if show_personal_data else _names(outcome)), nl=False)
            else:
                try:
                    safewrite.replace_if_unchanged(path, outcome.original, outcome.fixed)
                except safewrite.ChangedOnDisk:
                    not_written, written = True, False
                    say(f"{printable_name(str(path))}: " + ("檔案在檢查後被修改，未覆寫；請重新執行 sncheck fix" if zh
                                       else "the file changed on disk after it was read; not overwritten, run sncheck fix again"))
                    outcome.remaining = checker.check_bytes(str(path), raw)
                except OSError as exc:
                    not_written, written = True, False
                    say(f"{printable_name(str(path))}: " + (f"無法寫入：{exc.strerror or exc}" if zh else f"cannot write: {exc.strerror or exc}"))
                    outcome.remaining = checker.check_bytes(str(path), raw)
        if written:  # a fix is reported as made only once it is in the file (or, with --diff, in the diff)
            fixed_count += len(outcome.applied)
            for finding in outcome.applied:
                verb = ("可修正" if show_diff else "已修正") if zh else ("would fix" if show_diff else "fixed")
                say(f"{_where(outcome.path, finding)}: {finding.rule} {verb}: {finding.fix.description}")  # type: ignore[union-attr]
        results.append(outcome.remaining)
    say(render_text(Report(results, lang=options.lang)).rstrip("\n"))
    errors = sum(r.count(Severity.ERROR) for r in results)
    if zh:
        say(f"{'可修正' if show_diff else '已修正'} {fixed_count} 項，尚餘 {errors} 個錯誤"
            + ("（未寫入檔案）" if show_diff else ""))
        if unsafe_count:
            say(f"另有 {unsafe_count} 項不安全的修正未套用（會改變人員或薪資；檢視後加上 --unsafe 套用）")
    else:
        say(f"{'would fix' if show_diff else 'fixed'} {fixed_count}, {errors} error(s) remaining"
            + (" (nothing written)" if show_diff else ""))
        if unsafe_count:
            say(f"{unsafe_count} unsafe fix(es) not applied (they change people or pay; review, then use --unsafe)")
    internal = any(f.rule == "INTERNAL001" for r in results for f in r.findings)
    if usage_error or internal or crashed:
        sys.exit(2)
    sys.exit(1 if errors or not_written or would_change else 0)


def _where(path: str, finding: Finding) -> str:
    return f"{printable_name(path)}:{finding.line or 1}:{finding.column or 1}"


def _names(outcome: Any) -> tuple[str, ...]:
    """Staff names in the file (個資), to mask in the diff; names under 2 characters are left (too ambiguous)."""
    from sncheck.read.source import ProblemError
    from sncheck.read.document import read_document

    try:
        data = read_document(outcome.path, outcome.original).data
    except ProblemError:  # pragma: no cover - a file that changed was readable
        return ()
    from sncheck.model.personal_data import staff_names

    return tuple(sorted(staff_names(data), key=len, reverse=True))


def _lines(text: str) -> list[str]:
    """Lines split at LF only (CR stays with its line; U+2028 and friends are not line breaks here)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def unified_diff(path: str, old: bytes, new: bytes, mask: Iterable[str] = ()) -> str:
    """A ``diff -u`` of the file's bytes as text (line endings and a BOM kept), names masked."""
    old_lines = _lines(old.decode("utf-8"))
    new_lines = _lines(new.decode("utf-8"))
    name = path.replace("\\", "/").lstrip("/")
    out: list[str] = []
    for line in difflib.unified_diff(old_lines, new_lines, f"a/{name}", f"b/{name}"):
        for secret in mask:
            line = line.replace(secret, MASK)
        line = mask_ids_in(line)  # national IDs are masked always, names unless --show-personal-data
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)
