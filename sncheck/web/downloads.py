"""The files the result page offers, each made by the code the command line uses for it.

- findings.json: ``formatters.json_format.render_json`` (exactly ``sncheck check --format json``);
- findings.md: ``formatters.markdown.render_markdown`` (``--format markdown``);
- report.html and summary.csv (several files): ``batch.html_report`` / ``batch.csv_report`` through
  the batch ``Collector``, as ``sncheck batch --report-dir`` writes them;
- the corrected plan: ``fixer.fix_bytes`` (``run.corrected_plan``);
- the corrected roster (the county's own workbook or CSV with the fixes in its cells, and, when asked,
  the annotation in the same file): ``tabular.corrected``, as ``sncheck fix ROSTER.xlsx -o OUT.xlsx``;
- the annotated workbook: ``tabular.annotate.write_annotated``, as ``sncheck check --annotate``.

Each heavy one runs as a job of the page's worker pool (``web/jobs.py``).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from sncheck.engine.checker import Checker
from sncheck.formatters.base import Report
from sncheck.fix.fixer import UnsafeChoice
from sncheck.web.run import Checked, CheckedFile, hide_folder

if TYPE_CHECKING:
    from sncheck.batch.collect import Collector
    from sncheck.web.uploads import Sorted


def report_of(checker: Checker, checked: Checked) -> Report:
    from sncheck import __version__
    from sncheck.engine.rule_infos import rule_infos

    return Report(checked.results, lang=checker.options.lang, rules=rule_infos(checker), tool_version=__version__)


def findings_json(checker: Checker, checked: Checked) -> str:
    from sncheck.formatters.json_format import render_json

    return render_json(report_of(checker, checked))


def findings_markdown(checker: Checker, checked: Checked) -> str:
    from sncheck.formatters.markdown import render_markdown

    return render_markdown(report_of(checker, checked))


def batch_reports(checker: Checker, checked: Checked) -> tuple[str, str, bytes]:
    """(report.html, summary.csv, summary.xlsx) of the uploaded files, as ``sncheck batch --report-dir``
    writes them."""
    from sncheck.batch.csv_report import render_csv
    from sncheck.batch.html_report import write_html
    from sncheck.batch.xlsx_report import render_xlsx

    collector = _collected(checker, checked, spool=True)
    try:
        summary = collector.summary()
        html = io.StringIO()
        write_html(html, summary, collector.outcomes, checker.options.lang, packs=checker.packs)
        lang = checker.options.lang
        return html.getvalue(), render_csv(summary, lang), render_xlsx(summary, lang)
    finally:
        collector.close()


def round_verdict(checker: Checker, checked: Checked) -> str:
    """The line ``sncheck batch`` closes with, 「未通過：臺北市、臺南市（2 / 20）」: the batch's own summary
    (counties as rows) and its own wording (``Summary.verdict_line``)."""
    collector = _collected(checker, checked, spool=False)
    try:
        return collector.summary().verdict_line(checker.options.lang)
    finally:
        collector.close()


def _collected(checker: Checker, checked: Checked, spool: bool) -> "Collector":
    """The uploaded files through the batch ``Collector``, as ``sncheck batch`` feeds it."""
    from sncheck.batch.collect import Collector
    from sncheck.batch.worker import FileOutcome, item_key, packs_of

    collector = Collector.for_checker(checker, spool=spool)
    for index, file in enumerate(checked.files):
        county, year = file.county_year()
        keys = [item_key(file.data, f.pointer) for f in file.result.findings]
        collector.add(FileOutcome(index, file.result, county, year, keys, packs=packs_of(checker, year)))
    return collector


def unsafe_choice(values: Any, file: CheckedFile) -> frozenset[tuple[str, str]]:
    """The unsafe fixes ticked on the page (``RULE|pointer``), kept only where the file offers them."""
    offered = {(f.rule, f.pointer) for f in file.unsafe_fixes}
    chosen = set()
    for value in values:
        rule, _, pointer = str(value).partition("|")
        if (rule, pointer) in offered:
            chosen.add((rule, pointer))
    return frozenset(chosen)


def corrected_roster(checker: Checker, uploads: "Sorted", file: CheckedFile, unsafe: UnsafeChoice,
                     annotate: bool) -> tuple[bytes, str]:
    """(bytes, download name) of the county's roster with the fixes written in (``sncheck fix ROSTER -o``):
    read again from a private folder with the settings it was checked with; the original upload is only read."""
    from dataclasses import replace
    from pathlib import Path

    from sncheck.engine.rule_infos import rule_infos
    from sncheck.tabular.convert import sources_for
    from sncheck.tabular.corrected import correct, write_corrected
    from sncheck.web.uploads import PrivateFolder

    settings = file.settings
    assert settings is not None
    kept = [u for u in (*uploads.plans, *uploads.side, *([uploads.mapping] if uploads.mapping else ())) if u.data is not None]
    with PrivateFolder(kept) as folder:
        mapping = replace(settings.mapping, files={kind: folder.path_of(Path(str(p).replace("\\", "/")).name)
                                                   for kind, p in settings.mapping.files.items()})
        sources = sources_for(folder.path_of(file.name), mapping)
        outcome = correct(checker, sources, replace(settings, mapping=mapping), unsafe, display=file.name)
        outcome.result = replace(outcome.result, findings=[hide_folder(f, folder) for f in outcome.result.findings])
        body = io.BytesIO()
        write_corrected(outcome, body, annotate=annotate and file.is_workbook, workbook=sources.roster,
                        lang=checker.options.lang, rules=rule_infos(checker))
    stem, suffix = Path(file.name).stem, Path(file.name).suffix.lower()
    suffix = ".xlsx" if file.is_workbook else suffix
    name = f"{stem}-修正後{suffix}" if checker.options.lang == "zh" else f"{stem}.corrected{suffix}"
    return body.getvalue(), name


def annotated(checker: Checker, uploads: "Sorted", file: CheckedFile) -> bytes:
    """The county's workbook with the findings written in (a copy made in the private folder), or, for a
    plan or CSV, the findings sheet alone; the same call as ``sncheck check --annotate``."""
    from sncheck.engine.rule_infos import rule_infos
    from sncheck.tabular.annotate import write_annotated
    from sncheck.web.uploads import PrivateFolder

    out = io.BytesIO()
    original = next((u for u in uploads.plans if u.name == file.name), None)
    rules = rule_infos(checker)
    if file.marked_copy and original is not None and original.data is not None:  # a stopped or unreadable
        # workbook gets the findings sheet alone: opening it again would only run into the same limit
        with PrivateFolder([original]) as folder:
            write_annotated(file.result, out, workbook=folder.path_of(original.name), lang=checker.options.lang,
                            rules=rules)
    else:
        write_annotated(file.result, out, workbook=None, lang=checker.options.lang, rules=rules)
    return out.getvalue()
