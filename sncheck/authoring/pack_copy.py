"""``sncheck rules new-pack``: copy a pack into a new folder for the ministry (or a county) to edit.

The copy is the starting point of the next period's pack (``--from ssn-phase2
--years 115-119 --id ssn-2.0``): every rule becomes ``status: draft`` (reported
as a warning at most, and marked as a draft, until someone confirms it) with a
``todo:`` saying what to confirm; sources are kept, so each draft still says
where its standard came from. Data tables (``central_share.yaml``) are copied
as they are: their years stay those of the source pack, because no source gives
the new period's numbers.

Everything is a text-level edit (``sncheck/fix/textedit.py``, the minimal edits of
``sncheck fix``) rather than a re-dump, so comments and layout of the rule
files stay as their authors wrote them; ``status``/``todo`` are added as the
last keys of each rule. Fixture plans given with ``--fixtures`` are copied with
their plan year and every date moved by the same number of years as the pack
(111 → 116 for 110–114 → 115–119), so their findings mean the same thing; a
named folder keeps its layout under ``tests/`` (``fixture_target``), so the plans
of a ``.batch`` folder stay one run and same-named plans of two folders stay apart.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Mapping

from sncheck.model.dates import parse_date
from sncheck.authoring.rule_fixtures import BATCH_SUFFIX
from sncheck.packs.rulepacks import RULE_FILE_SUFFIXES, Pack
from sncheck.read.source import Document
from sncheck.model.pointers import make_pointer
from sncheck.read.document import read_document
from sncheck.fix.textedit import edit_text, newline_of
from sncheck.model.vocabulary import DATE_FIELDS

TODO = "confirm against the 2.0 處理原則"


@dataclass
class CopyReport:
    folder: Path
    rules: int = 0
    files: list[str] = field(default_factory=list)  # copied, relative to the new folder
    fixtures: list[str] = field(default_factory=list)


def todo_text(first: int, last: int) -> str:
    """The default ``todo:`` of every copied rule: 2.0's 處理原則 for a copy into its years (115–119)."""
    return TODO if 115 <= first <= last <= 119 else f"confirm against the rules of ROC {first}–{last}"


def fixture_target(named: Path, fixture: Path) -> str:
    """Where under ``tests/`` a fixture is copied: a named file by its name, a plan found in a named folder
    at its place in that folder; a named ``.batch`` folder keeps its own name (it makes the plans one run)."""
    if not named.is_dir():
        return fixture.name
    relative = PurePosixPath(*fixture.relative_to(named).parts)
    return str(named.name / relative) if named.name.endswith(BATCH_SUFFIX) else str(relative)


def copy_pack(source: Pack, dest: Path, new_id: str, first: int, last: int,
              fixtures: Iterable[tuple[Path, str]] = (), todo: str | None = None) -> CopyReport:
    """Write the copy into ``dest`` (created; the caller refused a non-empty one). ``fixtures``: (plan,
    its ``fixture_target``)."""
    title_zh = f"{new_id} 草案（{first}–{last}年；複製自「{source.title['zh']}」）"
    title_en = f"{new_id} draft (ROC {first}–{last}; copied from {source.title['en']})"
    todo = todo or todo_text(first, last)
    report = CopyReport(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.path.iterdir()):
        if not path.is_file() or path.name.startswith((".", "_")):
            continue
        target = dest / path.name
        text = path.read_text(encoding="utf-8")
        if path.name == "pack.yaml":
            text = _manifest(text, source, new_id, first, last, title_zh, title_en)
        elif path.suffix in RULE_FILE_SUFFIXES and (doc := _rule_file(path, text)) is not None:
            count = len(doc.data["rules"])
            ops = [op for i in range(count) for op in (
                {"op": "add", "path": f"/rules/{i}/status", "value": "draft"},
                {"op": "add", "path": f"/rules/{i}/todo", "value": todo})]
            text = edit_text(doc.kind, text, ops) if ops else text
            report.rules += count
        else:
            shutil.copyfile(path, target)  # a data table: byte for byte
            report.files.append(path.name)
            continue
        target.write_text(text, encoding="utf-8", newline="")
        report.files.append(path.name)
    shift = first - source.first_year
    for fixture, name in fixtures:
        target = dest / "tests" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(shifted_fixture(fixture, shift), encoding="utf-8", newline="")
        report.fixtures.append(f"tests/{name}")
    return report


def _rule_file(path: Path, text: str) -> Document | None:
    """The rule file as read, or None when it is a data table (no top-level ``rules`` list)."""
    doc = read_document(str(path), text.encode("utf-8"))
    return doc if isinstance(doc.data, dict) and isinstance(doc.data.get("rules"), list) else None


def _manifest(text: str, source: Pack, new_id: str, first: int, last: int, title_zh: str, title_en: str) -> str:
    data = read_document("pack.yaml", text.encode("utf-8")).data
    ops: list[dict[str, Any]] = [
        {"op": "replace", "path": "/id", "value": new_id},
        {"op": "replace", "path": "/plan_years/from", "value": first},
        {"op": "replace", "path": "/plan_years/to", "value": last},
        {"op": "replace", "path": "/title/zh", "value": title_zh},
        {"op": "replace", "path": "/title/en", "value": title_en},
    ]
    if "short_title" in data:  # findings name the copy by its id until the editor names it
        ops += [{"op": "replace", "path": "/short_title/zh", "value": new_id},
                {"op": "replace", "path": "/short_title/en", "value": new_id}]
    nl = newline_of(text)
    header = (f"# Copied from pack {source.id} ({source.years}) by `sncheck rules new-pack`: every rule is{nl}"
              f"# `status: draft` (reported as a warning at most) until it is confirmed and set to `status: confirmed`.{nl}"
              f"# Data tables are copied as they are (their years are still {source.years}).{nl}")
    return header + edit_text("yaml", text, ops)


def shifted_fixture(path: Path, years: int) -> str:
    """A fixture plan with its plan year, reference date and every date moved by ``years``."""
    text = path.read_text(encoding="utf-8")
    doc = read_document(str(path), text.encode("utf-8"))
    data = doc.data
    if not isinstance(data, dict) or years == 0:
        return text
    ops: list[dict[str, Any]] = []
    if isinstance(data.get("plan_year"), int):
        ops.append({"op": "replace", "path": "/plan_year", "value": data["plan_year"] + years})
    ops += _date_ops(data, "plan", (), years)
    for index, person in enumerate(data.get("staff") or []):
        ops += _date_ops(person, "staff", ("staff", index), years)
        for j, segment in enumerate(person.get("history") or [] if isinstance(person, dict) else []):
            ops += _date_ops(segment, "segment", ("staff", index, "history", j), years)
    for index, request in enumerate(data.get("requests") or []):
        if isinstance(request, dict) and isinstance(request.get("year"), int):
            ops.append({"op": "replace", "path": make_pointer("requests", index, "year"), "value": request["year"] + years})
    return edit_text(doc.kind, text, ops) if ops else text


def _date_ops(item: Any, kind: str, where: tuple[str | int, ...], years: int) -> list[dict[str, Any]]:
    if not isinstance(item, Mapping):
        return []
    ops = []
    for name in DATE_FIELDS.get(kind, ()):
        value = item.get(name)
        day = _as_date(value)
        if day is not None:
            ops.append({"op": "replace", "path": make_pointer(*where, name), "value": _plus_years(day, years).isoformat()})
    return ops


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError:
            return None
    return None


def _plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)
