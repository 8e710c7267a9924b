"""``sncheck batch DIR_OR_FILES...``: check many plans in parallel and write the reviewers' summary.

Findings stream to standard output file by file, in path order whatever
``--jobs`` is. A progress bar is drawn on standard error only when it is a
terminal (never when piped or in CI). ``--report-dir`` writes summary.csv,
report.html, findings.json (the JSON findings document) and compare-keys.json
(what ``--compare`` of the next round reads).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TextIO

import click

from ..checker import Options
from ..limits import Limits
from ..messages import normalize_lang
from .common import expand_paths, lang_option, make_checker, rules_dir_option, split_ids


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
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
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
def batch(paths: tuple[Path, ...], jobs: int | None, report_dir: Path | None, compare_path: Path | None, fmt: str,
          timeout: float, max_size: float, lang: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
          rule_dirs: tuple[Path, ...]) -> None:
    """Check many plans in parallel; optionally write the national summary (CSV, HTML, JSON).

    Exit status: 0 no error finding, 1 at least one error, 2 usage error.
    """
    from ..batch.compare import CompareError, compare, keys_document, load_old
    from ..batch.pool import BatchPool
    from ..findings import Severity
    from ..formatters.base import Report
    from ..formatters.text import file_lines

    options = Options(lang=normalize_lang(lang), select=split_ids(select), ignore=split_ids(ignore),
                      rule_dirs=rule_dirs, limits=Limits(max_bytes=int(max_size * 1024 * 1024)))
    old = None
    if compare_path is not None:
        try:
            old = load_old(compare_path)
        except CompareError as exc:
            click.echo(f"sncheck: {exc}", err=True)
            sys.exit(2)
    checker = make_checker(options)
    files: list[str] = []
    usage_error = False
    for path, exists in expand_paths(paths):
        if exists:
            files.append(str(path))
        else:
            click.echo(f"sncheck: {path}: no such file", err=True)
            usage_error = True
    progress = Progress(len(files), sys.stderr, Progress.wanted(sys.stderr))
    pool = BatchPool(checker, jobs or os.cpu_count() or 1, timeout)
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    stream_report = Report([], lang=options.lang, color=color)
    outcomes = []
    for outcome in pool.run(files, progress.update):
        outcomes.append(outcome)
        if fmt == "text":
            lines = file_lines(outcome.result, stream_report)
            if lines:
                progress.clear()
                click.echo("\n".join(lines))
                progress.update(progress.done)
    progress.clear()
    report = Report([o.result for o in outcomes], lang=options.lang, tool_version=_version())
    comparison = compare(old[0], old[1], outcomes) if old is not None else None
    if fmt == "json":
        from ..formatters.json_format import render_json

        click.echo(render_json(report), nl=False)
    else:
        from ..formatters.text import summary_line

        if comparison is not None:
            click.echo("\n".join(_comparison_lines(comparison, compare_path, options.lang)))
        click.echo(summary_line(report))
    if report_dir is not None:
        _write_reports(report_dir, report, outcomes, comparison, options.lang, keys_document(outcomes))
    internal = any(f.rule == "INTERNAL001" for o in outcomes for f in o.result.findings)
    if usage_error or internal:
        sys.exit(2)
    sys.exit(1 if any(o.result.count(Severity.ERROR) for o in outcomes) else 0)


def _comparison_lines(comparison, old_path, lang: str) -> list[str]:  # type: ignore[no-untyped-def]
    zh = lang == "zh"
    lines = [f"與上一輪（{old_path}）比較：新增 {len(comparison.new)}、已修正 {len(comparison.fixed)}、"
             f"仍未修正 {len(comparison.still_open)}" if zh else
             f"since the last round ({old_path}): {len(comparison.new)} new, {len(comparison.fixed)} fixed, "
             f"{len(comparison.still_open)} still open"]
    if not comparison.by_item:
        lines.append("  （上一輪報告旁沒有 compare-keys.json：以檔名與 JSON Pointer 比對）" if zh else
                     "  (no compare-keys.json beside the old report: matched by file name and JSON Pointer)")
    for label, items in (("新增" if zh else "new", comparison.new), ("仍未修正" if zh else "still open",
                                                                     comparison.still_open)):
        for outcome, j in items:
            f = outcome.result.active()[j]
            lines.append(f"  {label}: {outcome.result.path}:{f.line or 1}: {f.rule} {f.message}")
    for old in comparison.fixed:
        lines.append(f"  {'已修正' if zh else 'fixed'}: {old.path}:{old.line or 1}: {old.rule} {old.message}")
    return lines


def _write_reports(out: Path, report, outcomes, comparison, lang: str, keys: dict) -> None:  # type: ignore[no-untyped-def]
    from ..batch.compare import KEYS_FILE
    from ..batch.csv_report import render_csv
    from ..batch.html_report import render_html
    from ..batch.summary import summarize
    from ..formatters.json_format import render_json

    try:
        out.mkdir(parents=True, exist_ok=True)
        summary = summarize(outcomes)
        (out / "summary.csv").write_text(render_csv(summary, lang), encoding="utf-8", newline="")
        (out / "report.html").write_text(render_html(summary, lang, comparison), encoding="utf-8")
        (out / "findings.json").write_text(render_json(report), encoding="utf-8")
        (out / KEYS_FILE).write_text(json.dumps(keys, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        click.echo(f"sncheck: cannot write the report to {out}: {exc}", err=True)
        sys.exit(2)


def _version() -> str:
    from .. import __version__

    return __version__
