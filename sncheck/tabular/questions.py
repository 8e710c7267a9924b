"""What a roster leaves open, as questions for the officer, and her answers as a mapping file.

A column whose header matches no plan field (``辦理保護案件``) and a coded cell whose word matches no code
(``社工師`` in 職稱, ``縣預算`` in 經費來源) are never guessed (``convert``): the check reports them. The
page of ``sncheck serve`` asks about them instead of sending the officer to a YAML file: each unknown
column with a few of its values and a choice of plan field (or 不使用), each unknown word with a choice of
the field's codes. Her ``Answers`` are exactly the mapping file's ``headers:`` and ``values:``
(docs/import.md): ``with_answers`` adds them to the mapping the check reads, and ``mapping_text`` writes
the file ``sncheck check --mapping`` and ``sncheck batch --mapping`` read: one format for the page, the
browser's memory and the command line.

Questions are asked of what the county's workbook and the uploaded mapping leave open; a question the
officer answered stays listed (with her answer) so she can change it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping

from sncheck.model import vocabulary as vocab
from sncheck.model.personal_data import NAME_HIDDEN, PERSONAL_HIDDEN, is_contact_header, mask_ids_in, staff_names
from sncheck.model.pointers import pointer_tokens
from sncheck.tabular.cells import text_of
from sncheck.tabular.convert import Cell, Conversion
from sncheck.tabular.headers import COLUMNS, Column, header_table, match_header, normalize_header
from sncheck.tabular.mapping import ImportMapping

SAMPLES = 3  # values shown under an unknown column
CELLS = 5  # cells named for an unknown word
UNANSWERED = "?"  # a form's "not decided yet": the column stays x-, the word stays unknown

# The coded fields of each item list, by the vocabulary's target (staff history: segments).
_CODED: Mapping[str, tuple[str, ...]] = {
    target: tuple(f for (t, f) in vocab.FIELD_VOCABULARIES if t == target)
    for target in ("team", "staff", "segment", "request")
}


@dataclass(frozen=True)
class Answers:
    """The officer's answers: ``headers`` (table kind, header as written, plan field or None = 不使用) and
    ``values`` (field, word as written, code). Hashable: a check with answers is cached like any option."""

    headers: tuple[tuple[str, str, str | None], ...] = ()
    values: tuple[tuple[str, str, str], ...] = ()
    unit_types: tuple[tuple[str, str], ...] = ()  # team made from a 單位 value → unit type (``teams: unit_types``)

    def __bool__(self) -> bool:
        return bool(self.headers or self.values or self.unit_types)

    def header(self, kind: str, header: str) -> str | None:
        """The answer for a column: a target, None (不使用) or ``UNANSWERED``."""
        key = normalize_header(header)
        return next((t for k, h, t in self.headers if k == kind and normalize_header(h) == key), UNANSWERED)

    def value(self, name: str, word: str) -> str:
        return next((c for f, w, c in self.values if f == name and w == word), UNANSWERED)

    def unit_type(self, team: str) -> str:
        return next((c for t, c in self.unit_types if t == team), UNANSWERED)

    def updated(self, headers: Iterable[tuple[str, str, str | None]], values: Iterable[tuple[str, str, str]],
                unit_types: Iterable[tuple[str, str]] = ()) -> "Answers":
        """These answers with the new ones: a new answer replaces the old one, ``UNANSWERED`` withdraws it."""
        table: dict[tuple[str, str], str | None] = {(k, normalize_header(h)): t for k, h, t in self.headers}
        written = {(k, normalize_header(h)): h for k, h, _ in self.headers}
        for kind, header, target in headers:
            key = (kind, normalize_header(header))
            written[key] = header
            table[key] = target
        words = {(f, w): c for f, w, c in self.values}
        for name, word, code in values:
            words[(name, word)] = code
        units = dict(self.unit_types)
        units.update(unit_types)
        return Answers(tuple((k, written[(k, n)], t) for (k, n), t in table.items() if t != UNANSWERED),
                       tuple((f, w, c) for (f, w), c in words.items() if c != UNANSWERED),
                       tuple((t, c) for t, c in units.items() if c != UNANSWERED))


def only_asked(answers: Answers, asked: Iterable["Questions"]) -> Answers:
    """The answers that answer a question the page asked (a form is the browser's: a forged field naming
    some other header or word is dropped, so a held upload's answers never outgrow its questions)."""
    asked = list(asked)
    columns = {(q.kind, normalize_header(q.header)) for a in asked for q in a.columns}
    words = {(q.field, q.word) for a in asked for q in a.values}
    teams = {q.team for a in asked for q in a.units}
    return Answers(tuple(h for h in answers.headers if (h[0], normalize_header(h[1])) in columns),
                   tuple(v for v in answers.values if (v[0], v[1]) in words),
                   tuple(u for u in answers.unit_types if u[0] in teams))


@dataclass(frozen=True)
class ColumnQuestion:
    """An unknown column (the same header on several sheets is one question)."""

    kind: str  # staff / segments / requests / teams
    header: str  # as the county wrote it
    places: tuple[str, ...]  # 人員名冊!G1 …
    samples: tuple[str, ...]
    answer: str | None  # a target (``protective``, ``保護性服務``), None = 不使用, or UNANSWERED
    header_rows: tuple[tuple[str | None, int], ...] = ()  # (sheet, row) of each header row it is in

    @property
    def choices(self) -> tuple[tuple[str, Column], ...]:
        """(what the mapping file says, the column) for every field of the table."""
        return tuple((target_name(self.kind, c), c) for c in COLUMNS[self.kind])


@dataclass(frozen=True)
class ValueQuestion:
    """A word in a coded column that names no code."""

    target: str  # vocabulary target: staff / segment / team / request
    field: str  # the plan field (the mapping's ``values:`` key)
    word: str  # as written (stripped)
    header: str | None  # the column it was written in
    cells: tuple[str, ...]  # where, at most CELLS of them
    count: int  # how many cells hold it
    answer: str  # a code or UNANSWERED

    @property
    def codes(self) -> vocab.Vocabulary:
        return vocab.FIELD_VOCABULARIES[(self.target, self.field)]


@dataclass(frozen=True)
class UnitQuestion:
    """A team made from a 單位/組別 value whose name states no unit type (``保護服務組``): which kind of unit?"""

    team: str  # as written
    header: str | None
    cells: tuple[str, ...]  # the cell that made the team, then the other cells naming it (sheet!B5, never a bare row)
    count: int
    answer: str  # a unit-type code or UNANSWERED
    named_by: str = ""  # "sheet" / "heading": the team is named by its sheet's name or a heading row, not a column

    @property
    def codes(self) -> vocab.Vocabulary:
        return vocab.UNIT_TYPES


@dataclass(frozen=True)
class Questions:
    columns: tuple[ColumnQuestion, ...] = ()
    values: tuple[ValueQuestion, ...] = ()
    signature: str = ""  # the workbook's headers (the browser remembers answers under it)
    units: tuple[UnitQuestion, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.columns or self.values or self.units)

    @property
    def answered(self) -> int:
        given: list[str | None] = [q.answer for q in self.columns]
        given += [q.answer for q in self.values] + [q.answer for q in self.units]
        return sum(1 for answer in given if answer != UNANSWERED)


def target_name(kind: str, column: Column) -> str:
    """How a mapping file names ``column``: its template header (``保護性``; a segment's is ``保護性服務``),
    which the mapping reads back as that column (``headers.resolve_target``) and the ministry can read."""
    return column.header


def with_answers(mapping: ImportMapping, answers: Answers) -> ImportMapping:
    """``mapping`` with the answers added (an answer wins over the uploaded mapping file)."""
    if not answers:
        return mapping
    headers: dict[str, dict[str, str | None]] = {k: dict(t) for k, t in mapping.headers.items()}
    for kind, header, target in answers.headers:
        headers.setdefault(kind, {})[header] = target
    values: dict[str, dict[str, str]] = {f: dict(t) for f, t in mapping.values.items()}
    for name, word, code in answers.values:
        values.setdefault(name, {})[word] = code
    teams = replace(mapping.teams, unit_types={**mapping.teams.unit_types, **dict(answers.unit_types)})
    return replace(mapping, headers=headers, values=values, teams=teams)


def ask(conversion: Conversion, uploaded: ImportMapping, answers: Answers, show_names: bool = False) -> Questions:
    """The questions a checked roster leaves open (and those already answered), from its conversion with
    ``answers`` applied; ``uploaded``: the mapping file sent with it (what it answers is not asked)."""
    hide = _hider(conversion.data, show_names)
    return Questions(tuple(_column_questions(conversion, uploaded, answers, hide)),
                     tuple(_value_questions(conversion, answers)), header_signature(conversion),
                     tuple(_unit_questions(conversion, uploaded, answers)))


def header_signature(conversion: Conversion) -> str:
    """The same for two workbooks with the same headers (in any order, on any sheets, in files of any name)."""
    seen = sorted({f"{conversion.kinds.get((file, sheet), '')}\t{normalize_header(header)}"
                   for (file, sheet, _), header in conversion.headers.items()})
    return hashlib.sha256("\n".join(seen).encode("utf-8")).hexdigest()[:24]


def _column_questions(conversion: Conversion, uploaded: ImportMapping, answers: Answers,
                      hide: Any) -> Iterable[ColumnQuestion]:
    samples = _samples_by_column(conversion)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    tables = {kind: header_table(kind, uploaded.headers.get(kind)) for kind in COLUMNS}
    for (file, sheet, column), header in conversion.headers.items():
        kind = conversion.kinds.get((file, sheet))
        if kind is None or not header.strip() or _read_as_known(header, tables[kind]):
            continue
        entry = found.setdefault((kind, normalize_header(header)), {"header": header, "places": [], "samples": [],
                                                                    "rows": []})
        row = conversion.header_rows.get((file, sheet), 1)
        entry["places"].append(Cell(file, sheet, row, column).ref)
        entry["rows"].append((sheet, row))
        for value in samples.get((file, sheet, column), ()):
            shown = hide(value) if not is_contact_header(header) else hide.contact(value)
            if shown not in entry["samples"] and len(entry["samples"]) < SAMPLES:
                entry["samples"].append(shown)
    for (kind, _), entry in found.items():
        yield ColumnQuestion(kind, entry["header"], tuple(entry["places"]), tuple(entry["samples"]),
                             answers.header(kind, entry["header"]), tuple(dict.fromkeys(entry["rows"])))


def _read_as_known(header: str, table: Mapping[str, Any]) -> bool:
    """Whether the reader knows this column: by its text, or (a two-row header shown as 基本資料/姓名) by the
    lower row's text, which is what the reader matches."""
    if match_header(header, table) is not None:
        return True
    return "/" in header and match_header(header.rsplit("/", 1)[1], table) is not None


def _samples_by_column(conversion: Conversion) -> dict[tuple[str, str | None, int], list[str]]:
    """(file, sheet, column) → the distinct values read from it, as text, in row order."""
    out: dict[tuple[str, str | None, int], list[str]] = {}
    for pointer, cell in sorted(conversion.cells.items(), key=lambda item: (item[1].row, item[0])):
        if cell.column is None:
            continue
        value = _value_at(conversion.data, pointer)
        if value is None or isinstance(value, (dict, list)):
            continue
        values = out.setdefault((cell.file, cell.sheet, cell.column), [])
        text = conversion.written.get(cell) or _label_of(pointer, value) or text_of(value)
        if text not in values and len(values) < 20:
            values.append(text)
    return out


def _label_of(pointer: str, value: Any) -> str | None:
    """A code read from a cell, shown as its zh-TW label (the county wrote a label, not ``social_work``)."""
    codes = vocab.FIELD_VOCABULARIES.get(_field_of(pointer))
    return codes[value][0] if codes and isinstance(value, str) and value in codes else None


def _field_of(pointer: str) -> tuple[str, str]:
    """(vocabulary target, field) of a pointer: ``/staff/0/history/1/budget`` → ("segment", "budget")."""
    tokens = pointer_tokens(pointer)
    if not tokens:
        return "", ""
    target = "segment" if "history" in tokens else {"staff": "staff", "teams": "team", "requests": "request"}.get(
        tokens[0], "")
    return target, tokens[-1]


def _value_questions(conversion: Conversion, answers: Answers) -> Iterable[ValueQuestion]:
    found: dict[tuple[str, str], dict[str, Any]] = {}

    def note(target: str, name: str, word: str, cell: Cell | None) -> None:
        entry = found.setdefault((name, word), {"target": target, "cells": [], "header": None})
        if cell is not None:
            entry["cells"].append(cell)
            entry["header"] = entry["header"] or conversion.header_of(cell)

    for target, name, value, pointer in _coded_values(conversion.data):
        if isinstance(value, str) and value.strip() and value not in vocab.FIELD_VOCABULARIES[(target, name)] \
                and value.strip() not in vocab.IMPLYING.get((target, name), {}):  # 保護性社工: read when normalised
            note(target, name, value.strip(), conversion.cell_for(pointer) if pointer in conversion.cells else None)
    by_cell = {cell: pointer for pointer, cell in conversion.cells.items()}
    for cell, word in conversion.worded.items():
        target, name = _field_of(by_cell.get(cell, ""))
        if (target, name) in vocab.FIELD_VOCABULARIES:
            note(target, name, word, cell)
    sheets = {(file, sheet): i for i, (file, sheet) in enumerate(conversion.sheet_order)}

    def place(cell: Cell) -> tuple[int, int, int]:
        return (sheets.get((cell.file, cell.sheet), -1), cell.row, cell.column or 0)

    for entry in found.values():
        entry["cells"].sort(key=place)
    for (name, word), entry in sorted(found.items(), key=lambda item: [place(c) for c in item[1]["cells"][:1]]):
        cells = entry["cells"]
        yield ValueQuestion(entry["target"], name, word, entry["header"], tuple(c.ref for c in cells[:CELLS]),
                            len(cells), answers.value(name, word))


def _unit_questions(conversion: Conversion, uploaded: ImportMapping, answers: Answers) -> Iterable[UnitQuestion]:
    """Teams made from 單位/組別 values (no teams sheet) with no unit type, or with the one an answer gave."""
    if "teams" in conversion.kinds.values() or not isinstance(conversion.data, dict):
        return
    teams = conversion.data.get("teams")
    staff = conversion.data.get("staff")
    for i, team in enumerate(teams if isinstance(teams, list) else []):
        name = team.get("id") if isinstance(team, dict) else None
        answer = answers.unit_type(name) if isinstance(name, str) else UNANSWERED
        if not isinstance(name, str) or name in uploaded.teams.unit_types or \
                ("unit_type" in team and answer == UNANSWERED):
            continue
        made = conversion.cells.get(f"/teams/{i}")
        cells = [made] if made is not None else []
        for j, person in enumerate(staff if isinstance(staff, list) else []):
            cell = conversion.cells.get(f"/staff/{j}/team")  # a row whose sheet names its team has no team cell
            if isinstance(person, dict) and person.get("team") == name and cell is not None and cell.column \
                    and cell not in cells:
                cells.append(cell)
        named_by = conversion.team_named_by.get(name, "")
        header = conversion.header_of(made) if made and not named_by else None
        yield UnitQuestion(name, header, tuple(c.ref for c in cells), len(cells), answer, named_by)


def _coded_values(data: Any) -> Iterable[tuple[str, str, Any, str]]:
    """(target, field, value, pointer) of every coded field of teams, staff, their history and requests."""
    if not isinstance(data, dict):
        return
    for list_name, target in (("teams", "team"), ("staff", "staff"), ("requests", "request")):
        items = data.get(list_name)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            for name in _CODED[target]:
                if name in item:
                    yield target, name, item[name], f"/{list_name}/{i}/{name}"
            history = item.get("history") if target == "staff" else None
            for j, segment in enumerate(history if isinstance(history, list) else []):
                for name in _CODED["segment"]:
                    if isinstance(segment, dict) and name in segment:
                        yield "segment", name, segment[name], f"/staff/{i}/history/{j}/{name}"


def _value_at(data: Any, pointer: str) -> Any:
    value = data
    for token in pointer_tokens(pointer):
        if isinstance(value, dict):
            value = value.get(token)
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return None
    return value


def _hider(data: Any, show_names: bool) -> Any:
    """Samples are the county's cells: national IDs are masked, staff names hidden unless shown."""
    names = set() if show_names else staff_names(data)

    class Hide:
        def __call__(self, text: str) -> str:
            return NAME_HIDDEN["zh"] if text in names else mask_ids_in(text)

        def contact(self, text: str) -> str:
            """A phone number, an address, a birthday (a 聯絡電話 column): hidden like a name unless shown."""
            return text if show_names else PERSONAL_HIDDEN["zh"]

    return Hide()


__all__ = ["only_asked", "Answers", "ColumnQuestion", "ValueQuestion", "UnitQuestion", "Questions", "ask", "with_answers", "target_name",
           "header_signature", "UNANSWERED"]
