"""``sncheck check roster.xlsx``: check a workbook or CSV directly, findings at sheet and row.

The roster is converted (``convert``), then checked like a plan file through
``Checker.check_document`` with a ``Document`` whose positions are spreadsheet
rows and columns instead of YAML lines. Each finding then carries, besides
``line`` (= the row) and ``column`` (= the spreadsheet column number), the
``file``, ``sheet``, ``row`` and ``cell`` (``人員名冊!D14``) it points at, in
``extra``; the text and JSON formatters print those. Row problems of the
conversion (IMPORT001/IMPORT002) are findings of the same file.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from sncheck.model import input_rules as ir
from sncheck.engine.coverage import Terms
from sncheck.model.coverage import Coverage
from sncheck.model.findings import Applicability, FileResult, Finding
from sncheck.read.source import Document
from sncheck.tabular.convert import (Cell, Conversion, ConversionError, ImportSettings, Sources, convert_files,
                                     plan_field)
from sncheck.tabular.headers import COLUMNS, KINDS
from sncheck.tabular.places import places_for

if TYPE_CHECKING:
    from typing import Callable

    from sncheck.model.checks import PlanSummary
    from sncheck.engine.checker import Checker

_STAFF_ITEM = re.compile(r"/staff/\d+")
_TEAM_ITEM = re.compile(r"/teams/(\d+)")
# The rules an import reports: input problems only, not compliance (that is `sncheck check`'s job).
IMPORT_RULE_PREFIXES = ("PARSE", "SCHEMA", "REF", "PACK001", "IMPORT")  # not PACK002: no rule ran


def check_sources(checker: "Checker", sources: Sources, settings: ImportSettings,
                  display: str | None = None, keep_patches: bool = False,
                  on_plan: "Callable[[PlanSummary], None] | None" = None) -> tuple[FileResult, Conversion | None]:
    """Convert and check; the result's findings point at cells. Conversion is None if a file was unreadable.

    ``keep_patches``: findings keep their plan patches (``sncheck serve`` offers them for the plan YAML it
    imports; ``advice_only`` makes them what ``check`` reports). ``on_plan``: as ``Checker.check_bytes``
    (``sncheck batch`` gathers the plans for cross-plan rules)."""
    path = display or str(sources.roster)
    try:
        conversion = convert_files(sources, settings, checker.options.limits)
    except ConversionError as exc:
        error = exc.error
        cell = Cell(exc.file, None, error.row) if error.row else None
        message = error.message_zh if checker.options.lang == "zh" else error.message_en
        if exc.file != path:  # another file of the set (the mapping's files:, --teams...): say which
            message = f"{exc.file}：{message}" if checker.options.lang == "zh" else f"{exc.file}: {message}"
        finding = Finding(ir.PARSE001.id, ir.PARSE001.severity, "", message,
                          line=error.row or 1, column=1, family=ir.PARSE001.family,
                          extra={"reason": "table", **({"file": exc.file} if cell is None else _where(cell))})
        return FileResult(path, [finding] if checker.selected(finding.rule) else [],
                          coverage=checker.stopped_coverage()), None
    ran: list[frozenset[str]] = []
    covered: list[Coverage] = []
    findings = findings_for(checker, conversion, keep_patches, on_plan, ran.append, covered.append)
    return FileResult(path, findings, ran[0] if ran else frozenset(), covered[0] if covered else None), conversion


def findings_for(checker: "Checker", conversion: Conversion, keep_patches: bool = False,
                 on_plan: "Callable[[PlanSummary], None] | None" = None,
                 on_rules: "Callable[[frozenset[str]], None] | None" = None,
                 on_coverage: "Callable[[Coverage], None] | None" = None) -> list[Finding]:
    """The conversion's row problems and the plan check's findings, each at its cell, in sheet/row order;
    messages name cells and headers, not pointers; ``on_coverage`` receives what each rule checked, in the
    roster's words (its columns and rows)."""
    doc = Document("", "", conversion.data, "table", lambda pointer: _position(conversion, pointer),
                   places=places_for(conversion))
    zh = checker.options.lang == "zh"
    findings = [_at(f if keep_patches else advice_only(f), conversion.cell_for(f.pointer), _concerns(f, conversion))
                for f in checker.check_document(doc, on_plan, on_rules, roster_terms(conversion, zh), on_coverage)
                if not _said_at_header(f, conversion)]
    for problem in conversion.problems:
        finding = Finding(problem.rule.id, problem.rule.severity, problem.pointer,
                          problem.message_zh if zh else problem.message_en, family=problem.rule.family)
        findings.append(_at(finding, problem.cell))
    order: dict[tuple[object, object], int] = {key: i for i, key in enumerate(conversion.sheet_order)}

    def key(f: Finding) -> tuple[object, ...]:
        sheet = order.get((f.extra.get("file"), f.extra.get("sheet")), -1)
        return (sheet, f.line or 0, f.column or 0, f.rule, f.pointer, f.message)

    return sorted(checker.redact((f for f in findings if checker.selected(f.rule)), conversion.data), key=key)


def _said_at_header(finding: Finding, conversion: Conversion) -> bool:
    """A person's missing required field whose column the sheet lacks altogether: one IMPORT001 at the header
    row says it, not one SCHEMA001 per row (a roster without 經費來源 is one problem, not seventy). Likewise a
    field left out because its rows disagree (a team's 單位類型): the IMPORT001 at the cell says it."""
    if finding.rule == ir.SCHEMA001.id and finding.pointer and \
            f"{finding.pointer}/{finding.extra.get('missing')}" in {p.pointer for p in conversion.problems}:
        return True
    if finding.rule != ir.SCHEMA001.id or not conversion.absent or _STAFF_ITEM.fullmatch(finding.pointer) is None:
        return False
    cell = conversion.cells.get(finding.pointer)
    absent = conversion.absent.get((cell.file, cell.sheet), frozenset()) if cell else frozenset()
    return finding.extra.get("missing") in absent  # the field the finding says is missing (Checker)


def roster_terms(conversion: Conversion, zh: bool) -> Terms:
    """How coverage names a roster's parts: the columns it has (headers as the county wrote them), a row by
    sheet and row number (「人員名冊!第5列」)."""
    columns = set(conversion.columns)
    if any(name.startswith("staff.history.") for name in columns):
        columns.add("staff.history")

    teams = conversion.data.get("teams") if isinstance(conversion.data, dict) else None

    def where(pointer: str) -> str:
        cell = conversion.cell_for(pointer)
        made = _TEAM_ITEM.fullmatch(pointer)
        if made and cell is not None and conversion.kinds.get((cell.file, cell.sheet)) == "staff" and \
                isinstance(teams, list) and int(made.group(1)) < len(teams) and isinstance(teams[int(made.group(1))], dict):
            team = teams[int(made.group(1))].get("id")  # a team made from 組別 cells is no row of its own
            return f"組別「{team}」" if zh else f"team {team!r}"
        return cell.comment("zh" if zh else "en") if cell is not None else pointer

    labels = {plan_field(kind, column): column.header for kind in KINDS for column in COLUMNS[kind]
              if column.field != "staff_id"}  # a column the roster lacks: the template's header
    problems = tuple(problem.pointer for problem in conversion.problems if problem.pointer)  # rows that disagree
    return Terms(table=True, columns=frozenset(columns), labels={**labels, **conversion.columns}, where=where,
                 problems=problems)


def advice_only(finding: Finding) -> Finding:
    """A workbook has no plan text a patch could apply to: keep the fix as advice (``sncheck fix`` works on
    the YAML that ``sncheck import`` writes), so no output says a workbook finding is fixable automatically."""
    if finding.fix is None or finding.fix.patch is None:
        return finding
    return replace(finding, fix=replace(finding.fix, patch=None, applicability=Applicability.DISPLAY))


def _position(conversion: Conversion, pointer: str) -> tuple[int | None, int | None]:
    cell = conversion.cell_for(pointer)
    return (cell.row, cell.column) if cell else (None, None)


def _where(cell: Cell) -> dict[str, object]:
    return {"file": cell.file, "sheet": cell.sheet, "row": cell.row, "cell": cell.ref}


def _concerns(finding: Finding, conversion: Conversion) -> list[dict[str, object]]:
    """The rows of the people a finding is about besides its own row: those its check names
    (``extra["concerns"]``, pointers: SUP001 is about a team, and names its centrally funded supervisors)
    and those its fix would change. The annotated workbook marks those rows too."""
    own = conversion.cell_for(finding.pointer)
    rows: dict[tuple[object, ...], dict[str, object]] = {}
    named = finding.extra.get("concerns")
    pointers = [p for p in named if isinstance(p, str)] if isinstance(named, list) else []
    pointers += [str(op.get("path", "")) for op in ((finding.fix.patch or ()) if finding.fix is not None else ())]
    for pointer in pointers:
        item = "/".join(pointer.split("/")[:3])
        cell = conversion.cells.get(item)
        if cell is not None and (own is None or (cell.sheet, cell.row) != (own.sheet, own.row)):
            rows.setdefault((cell.file, cell.sheet, cell.row), {"file": cell.file, "sheet": cell.sheet, "row": cell.row})
    return list(rows.values())


def _at(finding: Finding, cell: Cell | None, concerns: list[dict[str, object]] | None = None) -> Finding:
    if cell is None:
        return finding
    extra = {**finding.extra, **_where(cell), **({"concerns": concerns} if concerns else {})}
    return replace(finding, line=cell.row, column=cell.column, extra=extra)
