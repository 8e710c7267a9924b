"""``sncheck fix ROSTER.xlsx -o OUT.xlsx [--unsafe] [--annotate]``: a corrected copy of the county's roster.

The fixes go into a *copy* of the county's own workbook (or CSV), in its own words, each changed cell
marked and commented (``tabular.corrected``). The original is never written: ``-o`` is required and may
not name it (nor any other input of the run). ``--annotate`` makes the copy also the annotated workbook:
what is still wrong marked, the 檢核結果 sheet listing what remains and what was fixed. ``--diff`` lists
the cells that would change and writes nothing.
"""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import click

from sncheck.formatters.base import printable, printable_name
from sncheck.model.findings import FileResult
from sncheck.tabular import CSV_SUFFIXES, WORKBOOK_SUFFIXES


def usage(zh: bool, text_zh: str, text_en: str) -> None:
    click.echo("sncheck: " + (text_zh if zh else text_en), err=True)
    sys.exit(2)


def refuse_bad_output(path: Path, output: Path | None, annotate: bool, show_diff: bool, zh: bool) -> None:
    """Usage errors before any checking (exit 2): no ``-o``, ``-o`` naming the roster, a wrong suffix."""
    name = printable_name(str(path))
    workbook = path.suffix.lower() in WORKBOOK_SUFFIXES
    if output is None and not show_diff:
        example = f"{Path(name).stem}-修正後{'.xlsx' if workbook else path.suffix}"
        usage(zh, f"{name}：修正名冊時不會覆寫原檔，請用 -o 指定修正後副本的檔名，例如 "
                  f"sncheck fix {name} -o {example}（加 --annotate 同時標出仍待處理的問題）",
              f"{name}: fixing a roster never overwrites it; name the corrected copy with -o, e.g. "
              f"sncheck fix {name} -o {example} (add --annotate to also mark what is still wrong)")
    if output is None:
        return
    if os.path.abspath(output) == os.path.abspath(path) or (output.exists() and path.exists()
                                                            and os.path.samefile(output, path)):
        usage(zh, f"-o {output} 就是原本的名冊；修正後的副本請另取檔名，原檔不會被覆寫",
              f"-o {output} is the roster itself; name another file for the corrected copy (the original is never written)")
    if workbook and output.suffix.lower() != ".xlsx":
        usage(zh, f"-o {output}：修正後的活頁簿是 .xlsx 檔，請命名為 OUT.xlsx",
              f"-o {output}: the corrected workbook is an .xlsx file; name it OUT.xlsx")
    if not workbook:
        if annotate:
            usage(zh, "--annotate 需要活頁簿（.xlsx）：CSV 無法保存標示與註解；請用 sncheck check --annotate 取得檢核結果工作表",
                  "--annotate needs a workbook (.xlsx): a CSV cannot hold marks or comments; "
                  "sncheck check --annotate gives the findings sheet")
        if output.suffix.lower() not in CSV_SUFFIXES + (".txt",):
            usage(zh, f"-o {output}：修正後的 CSV 仍是 CSV（同編碼、同分隔符號），請命名為 OUT{path.suffix}",
                  f"-o {output}: the corrected CSV stays a CSV (same encoding and delimiter); name it OUT{path.suffix}")


def fix_roster(checker: Any, path: Path, output: Path | None, *, unsafe: bool, annotate: bool, show_diff: bool,
               mapping: Path | None, county: str | None, plan_year: int | None,
               say: Callable[[str], None]) -> "RosterFixed":
    """Correct one roster; returns the remaining ``FileResult`` (the caller reports and exits)."""
    from sncheck.engine.rule_infos import rule_infos
    from sncheck.commands.common import refuse_output_over_input, write_output
    from sncheck.tabular.convert import sources_for
    from sncheck.tabular.corrected import CannotCorrect, correct, write_corrected
    from sncheck.tabular.annotate import quoted
    from sncheck.tabular.settings import import_settings

    zh = checker.options.lang == "zh"
    settings = import_settings(mapping, county, plan_year, named_by=path)
    sources = sources_for(path, settings.mapping)
    refuse_output_over_input(output, (mapping, sources.roster, sources.requests, sources.teams, sources.segments))
    warn = lambda message: click.echo(f"sncheck: {message}", err=True)  # noqa: E731
    try:
        outcome = correct(checker, sources, settings, unsafe=unsafe, warn=warn)
    except CannotCorrect as exc:
        say(f"{printable_name(str(path))}: {exc}")
        from sncheck.tabular.check import check_sources

        return RosterFixed(check_sources(checker, sources, settings)[0], 0, 0, written=False)
    name = printable_name(str(path))
    for finding, reason in outcome.failed:
        where = finding.extra.get("cell") or finding.pointer
        say(f"{name}:{where}: {finding.rule} " + (f"無法自動修正（{reason}）" if zh else f"cannot be fixed automatically ({reason})"))
    if not outcome.converged:
        say(f"{name}: " + ("修正之間互相衝突，已在最後一致的狀態停止" if zh else "fixes undo each other; stopped at the last consistent state"))
    verb = ("可修正" if show_diff else "已修正") if zh else ("would fix" if show_diff else "fixed")
    for change in outcome.changes:
        from openpyxl.utils import get_column_letter

        cell = f"{get_column_letter(change.column)}{change.row}"
        at = f"{change.sheet}!{cell}" if outcome.kind == "workbook" else cell
        rules = "、".join(dict.fromkeys(f.rule for f in change.findings))
        lang = checker.options.lang
        say(f"{name}:{at}: {rules} {verb}：{quoted(change.old, lang)}→{quoted(change.new, lang)}" if zh
            else f"{name}:{at}: {rules} {verb}: {quoted(change.old, lang)} → {quoted(change.new, lang)}")
    if output is not None and not show_diff and outcome.grid is not None:
        buffer = io.BytesIO()
        infos = rule_infos(checker)
        write_corrected(outcome, buffer, annotate=annotate, workbook=path, lang=checker.options.lang, rules=infos,
                        warn=warn)
        write_output(output, buffer.getvalue())
        say((f"修正後的副本：{printable(str(output))}（原檔未變更）" if zh
             else f"corrected copy: {printable(str(output))} (the original is unchanged)"))
    return RosterFixed(outcome.result, len(outcome.applied), len(outcome.unsafe_left()), written=True,
                       changed=outcome.changed)


@dataclass
class RosterFixed:
    result: FileResult  # what remains
    applied: int  # findings fixed
    unsafe_left: int  # unsafe fixes not applied (``--unsafe`` would)
    written: bool  # False: the copy could not be made
    changed: bool = False
