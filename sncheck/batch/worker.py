"""Checking one file inside a batch worker, keeping only findings and a few facts.

A batch must not hold whole plans in memory: a worker reads a file, checks
it, and sends back the ``FileResult`` plus the county, plan year and, for each
finding, a *stable key* (the pointed item's id instead of its list index) so
that the next round can tell new findings from ones still open.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from sncheck.model import input_rules as ir
from sncheck.model.checks import PlanSummary
from sncheck.engine.checker import Checker
from sncheck.model.findings import FileResult, Finding
from sncheck.model.personal_data import ID_SHAPE, staff_names
from sncheck.read.source import Document
from sncheck.model.pointers import escape_token, pointer_tokens
from sncheck.tabular import is_tabular
from sncheck.model.vocabulary import canonical_county

if TYPE_CHECKING:
    from sncheck.tabular.convert import ImportSettings

ITEM_LISTS = ("teams", "staff", "requests")


@dataclass
class FileOutcome:
    """What the batch keeps about one file."""

    index: int
    result: FileResult
    county: str | None = None
    plan_year: int | None = None
    keys: list[str] = field(default_factory=list)  # one per finding, aligned with result.findings
    seconds: float = 0.0
    status: list[str] = field(default_factory=list)  # with --compare: "new", "open" or "" (suppressed) per finding
    plan: PlanSummary | None = None  # for the cross-plan rules (FUND003); None when the plan's rules did not run
    packs: tuple[tuple[str, bool], ...] = ()  # (pack id, applied by choice) of the packs that checked the plan year


def item_key(data: Any, pointer: str, names: set[str] | None = None) -> str:
    """``/staff/3/role`` → ``staff:S-004/role``: survives reordering and inserted items.

    An id that is a staff name (a roster without employee numbers uses 姓名 as 員工編號) is personal data:
    the key holds a digest of it instead (``staff:#3f2a…``), the same in every round, so compare still
    matches. ``names``: ``staff_names(data)``, computed here when not given.
    """
    tokens = pointer_tokens(pointer)
    if len(tokens) >= 2 and tokens[0] in ITEM_LISTS and tokens[1].isdigit() and isinstance(data, dict):
        items = data.get(tokens[0])
        index = int(tokens[1])
        if isinstance(items, list) and index < len(items) and isinstance(items[index], dict):
            item_id = items[index].get("id")
            if isinstance(item_id, (str, int)) and not isinstance(item_id, bool):
                rest = "".join("/" + escape_token(t) for t in tokens[2:])
                if str(item_id).strip() in (staff_names(data) if names is None else names) or \
                        ID_SHAPE.search(str(item_id)):  # a national ID used as the id: personal data too
                    item_id = "#" + hashlib.sha256(str(item_id).strip().encode("utf-8")).hexdigest()[:16]
                return f"{tokens[0]}:{item_id}{rest}"
    return pointer


def plan_facts(data: Any) -> tuple[str | None, int | None]:
    """County (臺 spelling) and plan year as written, when the file says them."""
    if not isinstance(data, dict):
        return None, None
    county = data.get("county")
    year = data.get("plan_year")
    return (canonical_county(county.strip()) if isinstance(county, str) and county.strip() else None,
            year if isinstance(year, int) and not isinstance(year, bool) else None)


def too_large(checker: Checker, display: str, size: int) -> FileResult:
    """A file over the size limit is refused before it is read into memory."""
    limit = checker.options.limits.max_bytes
    zh = checker.options.lang == "zh"
    message = (f"檔案大小 {size:,} 位元組，超過上限 {limit:,} 位元組" if zh
               else f"file is {size:,} bytes, over the limit of {limit:,} bytes")
    return FileResult(display, [Finding(ir.PARSE001.id, ir.PARSE001.severity, "", message, line=1, column=1,
                                        family=ir.PARSE001.family, extra={"reason": "size"})],
                      coverage=checker.stopped_coverage())


def check_one(checker: Checker, index: int, path: str, settings: "ImportSettings | None" = None) -> FileOutcome:
    """Check ``path``; any problem with the file itself is a finding, never an exception.

    A roster workbook/CSV (``is_tabular``) is converted and checked as ``sncheck check`` does it
    (findings at sheet and row); its county and plan year are those of the converted data, i.e.
    ``--county``/``--year``, else the mapping file's, else those its file name names
    (``tabular/file_name.py``).
    """
    started = time.perf_counter()
    seen: dict[str, Document] = {}
    summaries: list[PlanSummary] = []
    data: Any = None
    try:
        size = Path(path).stat().st_size
    except OSError:
        size = 0
    if size > checker.options.limits.max_bytes:
        result = too_large(checker, path, size)
    elif is_tabular(path):
        result, data = _check_roster(checker, path, settings, summaries.append)
    else:
        result = _check_path(checker, path, seen, summaries.append)
        doc = seen.get("doc")
        data = doc.data if doc is not None else None
    county, year = plan_facts(data)
    names = staff_names(data)
    keys = [item_key(data, f.pointer, names) for f in result.findings]
    plan = replace(summaries[0], index=index, path=path) if summaries else None
    return FileOutcome(index, result, county, year, keys, time.perf_counter() - started, plan=plan,
                       packs=packs_of(checker, year))


def packs_of(checker: Checker, plan_year: int | None) -> tuple[tuple[str, bool], ...]:
    """(pack id, applied by choice) of the packs that checked a plan of ``plan_year`` (``FileOutcome.packs``)."""
    return tuple((use.pack.id, use.by_choice) for use in checker.pack_uses(plan_year)) if plan_year is not None else ()


def _check_roster(checker: Checker, path: str, settings: "ImportSettings | None",
                  on_plan: Callable[[PlanSummary], None]) -> tuple[FileResult, Any]:
    """A workbook/CSV roster: (findings at sheet and row, the converted plan data or None if unreadable)."""
    from sncheck.tabular.check import check_sources
    from sncheck.tabular.convert import ImportSettings, sources_for
    from sncheck.tabular.file_name import with_file_name_facts

    settings = with_file_name_facts(settings or ImportSettings(), path)  # 22 counties' rosters in one run
    result, conversion = check_sources(checker, sources_for(Path(path), settings.mapping), settings, display=path,
                                       on_plan=on_plan)
    return result, conversion.data if conversion is not None else None


def _check_path(checker: Checker, path: str, seen: dict[str, Document],
                on_plan: Callable[[PlanSummary], None]) -> FileResult:
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return checker.check_path(path)  # reports the OS error as PARSE001
    return checker.check_bytes(path, raw, on_document=lambda doc: seen.__setitem__("doc", doc), on_plan=on_plan)
