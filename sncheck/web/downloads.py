"""The files the result page offers, each made by the code the command line uses for it.

- findings.json: ``formatters.json_format.render_json`` (exactly ``sncheck check --format json``);
- findings.md: ``formatters.markdown.render_markdown`` (``--format markdown``);
- report.html and summary.csv (several files): ``batch.html_report`` / ``batch.csv_report`` through
  the batch ``Collector``, as ``sncheck batch --report-dir`` writes them;
- the corrected plan: ``fixer.fix_bytes`` (``run.corrected_plan``).
"""

from __future__ import annotations

import io
from typing import Any

from ..checker import Checker
from ..formatters.base import Report
from .run import Checked, CheckedFile


def report_of(checker: Checker, checked: Checked) -> Report:
    from ..commands.check import _version, rule_infos

    return Report(checked.results, lang=checker.options.lang, rules=rule_infos(checker), tool_version=_version())


def findings_json(checker: Checker, checked: Checked) -> str:
    from ..formatters.json_format import render_json

    return render_json(report_of(checker, checked))


def findings_markdown(checker: Checker, checked: Checked) -> str:
    from ..formatters.markdown import render_markdown

    return render_markdown(report_of(checker, checked))


def batch_reports(checker: Checker, checked: Checked) -> tuple[str, str]:
    """(report.html, summary.csv) of the uploaded files, as ``sncheck batch --report-dir`` writes them."""
    from ..batch.collect import Collector
    from ..batch.csv_report import render_csv
    from ..batch.html_report import write_html
    from ..batch.worker import FileOutcome, item_key, packs_of

    lang = checker.options.lang
    collector = Collector.for_checker(checker)
    try:
        for index, file in enumerate(checked.files):
            county, year = file.county_year()
            keys = [item_key(file.data, f.pointer) for f in file.result.findings]
            collector.add(FileOutcome(index, file.result, county, year, keys, packs=packs_of(checker, year)))
        summary = collector.summary()
        html = io.StringIO()
        write_html(html, summary, collector.outcomes, lang, packs=checker.packs)
        return html.getvalue(), render_csv(summary, lang)
    finally:
        collector.close()


def unsafe_choice(values: Any, file: CheckedFile) -> frozenset[tuple[str, str]]:
    """The unsafe fixes ticked on the page (``RULE|pointer``), kept only where the file offers them."""
    offered = {(f.rule, f.pointer) for f in file.unsafe_fixes}
    chosen = set()
    for value in values:
        rule, _, pointer = str(value).partition("|")
        if (rule, pointer) in offered:
            chosen.add((rule, pointer))
    return frozenset(chosen)
