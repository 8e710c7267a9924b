"""``sncheck batch DIR_OR_FILES...``: check many plans in parallel and write the reviewers' summary.

Findings stream to standard output file by file, in path order whatever
``--jobs`` is. A progress bar is drawn on standard error only when it is a
terminal (never when piped or in CI). ``--report-dir`` writes summary.csv,
report.html, findings.json (the JSON findings document) and compare-keys.json
(what ``--compare`` of the next round reads).
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Iterator, TextIO

import click

from sncheck.formatters.base import printable, printable_name
from sncheck.read.limits import Limits
from sncheck.commands.common import (apply_pack_option, expand_paths, lang_option, make_checker, not_a_file, options_with_config,
                     rules_dir_option)
from sncheck.packs.config import split_ids
from sncheck.tabular.settings import import_settings, tabular_options


class Progress:
    """``[#####.....] 45/100`` on a terminal's standard error; nothing anywhere else."""

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.total, self.stream, self.enabled, self.done = total, stream, enabled and total > 0, 0

    @staticmethod
    def wanted(stream: TextIO) -> bool:
        return stream.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"

    def update(self, done: int) -> None:
        self.done = done
        if self.enabled:
            filled = 30 * done // self.total
            self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{self.total}")
            self.stream.flush()

    def clear(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 50 + "\r")
            self.stream.flush()


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of CPU cores).")
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write summary.csv, report.html and findings.json into this folder.")
@click.option("--compare", "compare_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The last round's findings.json: report new, fixed and still open findings.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Standard output: streamed text, or the JSON findings document at the end.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds one file may take; a slower file gets PARSE001 and the batch goes on.")
@click.option("--max-size", type=click.FloatRange(min=0.001), default=20.0, show_default=True,
              help="Largest plan file in MB; a larger one gets PARSE001 without being read.")
@lang_option
@click.option("--select", multiple=True, help="Only these rule ids or prefixes. Repeatable.")
@click.option("--ignore", multiple=True, help="Skip these rule ids or prefixes. Repeatable.")
@rules_dir_option
@apply_pack_option
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Project config file (default: nearest .sncheck.yaml or pyproject.toml [tool.sncheck]).")
@tabular_options
def batch(paths: tuple[Path, ...], jobs: int | None, report_dir: Path | None, compare_path: Path | None, fmt: str,
          timeout: float, max_size: float, lang: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
          rule_dirs: tuple[Path, ...], config_path: Path | None, mapping: Path | None, county: str | None,
          plan_year: int | None) -> None:
    """Check many plans (YAML/JSON) and roster workbooks (.xlsx; .csv when named) in parallel;
    optionally write the national summary (CSV, HTML, JSON).

    Exit status: 0 no error finding, 1 at least one error, 2 usage error.
    """
    from sncheck.batch.collect import Collector, JsonDocumentWriter, KeysWriter
    from sncheck.batch.compare import KEYS_FILE, CompareError, Comparer, load_old
    from sncheck.batch.held import HeldOutcomes
    from sncheck.batch.pool import BatchPool
    from sncheck.engine.cross_plan import cross_plan_rules
    from sncheck.model.findings import Severity
    from sncheck.formatters.base import Report
    from sncheck.formatters.text import counts_line, file_lines

    options = replace(options_with_config(paths, config_path, lang=lang, select=split_ids(select),
                                          ignore=split_ids(ignore), rule_dirs=rule_dirs),
                      limits=Limits(max_bytes=int(max_size * 1024 * 1024)))
    comparer = None
    if compare_path is not None:
        try:
            comparer = Comparer(*load_old(compare_path))
        except CompareError as exc:
            click.echo(f"sncheck: {exc}", err=True)
            sys.exit(2)
    checker = make_checker(options)
    settings = import_settings(mapping, county, plan_year, required=False)
    files: list[str] = []
    usage_error = False
    for path, exists in expand_paths(paths, rosters=True):
        if exists:
            files.append(str(path))
        else:
            click.echo(f"sncheck: {path}: {not_a_file(path)}", err=True)
            usage_error = True
    opened: list[TextIO] = []
    collector = Collector.for_checker(checker, comparer, spool=report_dir is not None or comparer is not None)
    try:
        if report_dir is not None:
            report_dir.mkdir(parents=True, exist_ok=True)
            opened += [(report_dir / "findings.json").open("w", encoding="utf-8"),
                       (report_dir / KEYS_FILE).open("w", encoding="utf-8")]
            collector.sinks += [JsonDocumentWriter(opened[0]), KeysWriter(opened[1])]
    except OSError as exc:
        click.echo(f"sncheck: cannot write the report to {report_dir}: {exc}", err=True)
        sys.exit(2)
    stdout = sys.stdout
    if fmt == "json":
        collector.sinks.append(JsonDocumentWriter(stdout))
    progress = Progress(len(files), sys.stderr, Progress.wanted(sys.stderr))
    pool = BatchPool(checker, jobs or os.cpu_count() or 1, timeout, settings)
    stream_report = Report([], lang=options.lang, color=stdout.isatty() and "NO_COLOR" not in os.environ)
    # cross-plan rules (FUND003) are decided only once every file is in: outcomes wait in `held` till then
    held = HeldOutcomes() if cross_plan_rules(checker) else None
    receiver: HeldOutcomes | Collector = held if held is not None else collector
    for outcome in pool.run(files, progress.update):
        receiver.add(outcome)
        lines = file_lines(outcome.result, stream_report) if fmt == "text" else []
        if lines:
            progress.clear()
            click.echo("\n".join(lines))
            progress.update(progress.done)
    progress.clear()
    if held is not None:
        cross_lines = _run_cross_plan(checker, held, collector, stream_report)
        if cross_lines and fmt == "text":
            click.echo("所有檔案檢查完成後的跨計畫檢查：" if options.lang == "zh" else
                       "cross-plan checks, after all files:")
            click.echo("\n".join(cross_lines))
    collector.close_sinks()
    for handle in opened:
        handle.close()
    summary = collector.summary()
    if fmt == "text":
        if comparer is not None:
            for line in _comparison_lines(comparer, collector, summary, compare_path, options.lang):
                click.echo(line)
        counts = {"files": summary.files, "errors": summary.total(Severity.ERROR),
                  "warnings": summary.total(Severity.WARNING), "infos": summary.total(Severity.INFO),
                  "suppressed": collector.suppressed}
        click.echo(counts_line(counts, options.lang))
        click.echo(printable_name(summary.verdict_line(options.lang)))
    if report_dir is not None:
        _write_summaries(report_dir, summary, collector, comparer, options.lang, checker.packs)
        # on standard error: standard output may be the JSON document
        click.echo(f"全國總表：{report_dir / 'report.html'}（另有 summary.xlsx、summary.csv、findings.json）"
                   if options.lang == "zh" else
                   f"national summary: {report_dir / 'report.html'} (also summary.xlsx, summary.csv, findings.json)",
                   err=True)
    collector.close()
    if usage_error or collector.internal:
        sys.exit(2)
    sys.exit(1 if collector.errors else 0)


def _run_cross_plan(checker, held, collector, report) -> list[str]:  # type: ignore[no-untyped-def]
    """The cross-plan rules over the run's plans, once; the held outcomes, amended, go to the collector.
    Returns the text lines of the cross-plan findings (the per-file lines were streamed already)."""
    from sncheck.engine.cross_plan import cross_plan_findings
    from sncheck.model.findings import FileResult
    from sncheck.formatters.text import file_lines

    extra = cross_plan_findings(checker, held.plans)
    lines: list[str] = []
    for outcome in held.replay(extra):
        collector.add(outcome)
        if outcome.index in extra:
            lines += file_lines(FileResult(outcome.result.path, extra[outcome.index]), report)
    held.close()
    return lines


def _comparison_lines(comparer, collector, summary, old_path, lang: str) -> Iterator[str]:  # type: ignore[no-untyped-def]
    zh = lang == "zh"
    fixed = comparer.fixed()
    yield (f"與上一輪（{old_path}）比較：新增 {comparer.new}、已修正 {len(fixed)}、仍未修正 {comparer.still_open}" if zh
           else f"since the last round ({old_path}): {comparer.new} new, {len(fixed)} fixed, "
                f"{comparer.still_open} still open")
    if not comparer.by_item:
        yield ("  （上一輪報告旁沒有 compare-keys.json：以檔名與 JSON Pointer 比對）" if zh else
               "  (no compare-keys.json beside the old report: matched by file name and JSON Pointer)")
    from sncheck.batch.html_report import position

    labels = {"new": "新增" if zh else "new", "open": "仍未修正" if zh else "still open"}
    for outcome in collector.all_outcomes(summary):
        for j, f in enumerate(outcome.result.findings):
            if outcome.status[j]:
                yield printable(f"  {labels[outcome.status[j]]}: {printable_name(outcome.result.path)}:{position(f)}: {f.rule} {f.message}")
    for old in fixed:
        yield printable(f"  {'已修正' if zh else 'fixed'}: {printable_name(old.path)}:{old.where}: {old.rule} {old.message}")


def _write_summaries(out: Path, summary, collector, comparer, lang: str, packs) -> None:  # type: ignore[no-untyped-def]
    from sncheck.batch.csv_report import render_csv
    from sncheck.batch.html_report import write_html
    from sncheck.batch.xlsx_report import render_xlsx

    try:
        (out / "summary.csv").write_text(render_csv(summary, lang), encoding="utf-8", newline="")
        (out / "summary.xlsx").write_bytes(render_xlsx(summary, lang))
        with (out / "report.html").open("w", encoding="utf-8") as handle:
            write_html(handle, summary, collector.outcomes, lang, comparer, packs)
    except OSError as exc:
        click.echo(f"sncheck: cannot write the report to {out}: {exc}", err=True)
        sys.exit(2)


def _version() -> str:
    from sncheck import __version__

    return __version__
