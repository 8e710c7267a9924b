"""The structure of the roster workbooks offices keep: where the header is, which rows are people.

County offices do not keep the template's one-row header over one row per
person. Their sheets start with a merged title and a 資料基準日/製表單位 row;
the header is often two rows (a merged parent 基本資料/職務/經費/年資 over the
real headers, or 人事經費來源 over 中央補助 / 地方自籌 columns ticked with
``V``, or such columns with no parent at all: 中央補助 | 地方自籌 in a one-row
header, read as ticks only when their cells hold marks); between the people
sit 小計/合計 rows, a 註： footnote, a 承辦人：科長：局長： signature row, blank
rows and the header again on every printed page. This module finds the header (one or two rows) and says which
rows are not people, and why, so the converter reads the rest as staff and
tells the officer, once, what it left out.

It knows structure only: which header text means which field is ``headers``'
job (and the vocabulary's, for the labels of tick columns).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping, Sequence

from sncheck.model import vocabulary as vocab
from sncheck.model.dates import is_iso_date
from sncheck.tabular.cells import text_of, to_bool, to_code, to_date
from sncheck.tabular.headers import Column, Match, match_header, normalize_header

HEADER_SEARCH_ROWS = 15  # filled rows searched for the header: titles, 資料基準日, 製表單位, notes above it

# Rows that are not people. Each pattern is matched against a cell's text with spaces removed.
_TOTAL = re.compile(r"(小計|合計|總計|共計|總和)")
_TOTAL_TEXT = 16  # a label longer than this (a note that mentions 合計) is not a totals label
_COUNT = re.compile(r"^(共)?\d+(人|名|位)$")
_FOOTNOTE = re.compile(r"^(註|備註|附註|說明|資料來源|※|\*註)\s*[0-9一二三四五六七八九十]*\s*[:：.、)）]|^※")
_SIGNATURE = re.compile(r"(承辦人|承辦|覆核|審核|科長|股長|課長|局長|副局長|處長|主任|主管|首長|會計|人事|秘書)[:：]")
_TITLE = re.compile(r"[:：\d]")
EXCEL_ERRORS = frozenset({"#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!",
                          "#GETTING_DATA"})

# Why a row is skipped: (zh, en) of the word said in the info line.
REASONS: Mapping[str, tuple[str, str]] = {
    "小計": ("小計列", "a subtotal row"),
    "合計": ("合計列", "a totals row"),
    "總計": ("總計列", "a grand-total row"),
    "footnote": ("附註列", "a footnote row"),
    "signature": ("簽核列", "a signature row"),
    "header": ("重複的標題列", "a repeated header row"),
    "blank": ("空白列", "a blank row"),
    "section": ("單位標題列", "a unit heading row"),
}


@dataclass(frozen=True)
class Tick:
    """A tick column: a mark in it sets ``column`` (the parent header's field) to ``value``."""

    column: Column
    value: Any
    label: str


@dataclass
class Header:
    """The header of one table: where it is and what each column is called."""

    index: int  # position in ``Table.rows`` of the header's last row
    rows: tuple[int, ...]  # sheet row numbers of the header's rows (one, or two joined)
    labels: list[Any]  # per column: the text that names it (the lower row's, or the top's where merged down)
    shown: list[str | None]  # per column: the header as the officer reads it (``人事經費來源/中央補助``)
    ticks: dict[int, Tick] = field(default_factory=dict)
    written: tuple[Any, ...] = ()  # every cell of the header rows, as written (parents included)

    @cached_property
    def texts(self) -> frozenset[str]:
        """Every header text of the header rows, normalised (to recognise the header printed again); asked
        of every row, so worked out once."""
        return frozenset(normalize_header(v) for v in [*self.labels, *self.shown, *self.written] if _filled(v))


def find_header(rows: Sequence[tuple[int, list[Any]]], lookup: Mapping[str, Column | None],
                search: int = HEADER_SEARCH_ROWS) -> Header | None:
    """The first header (one row, or a parent row joined with the row under it) naming two known columns."""
    for index, (number, values) in enumerate(rows[:search]):
        below = rows[index + 1] if index + 1 < len(rows) else None
        if below is not None and below[0] == number + 1 and _is_lower_header(values, below[1], lookup):
            joined = join_header(values, below[1], lookup, index + 1, (number, below[0]))
            known = _known(joined.labels, lookup) + len(joined.ticks)
            if known >= 2 and known > _known(values, lookup):
                return joined
        if _known(values, lookup) >= 2:
            header = Header(index, (number,), list(values), [text_of(v) if _filled(v) else None for v in values])
            header.ticks = _one_row_ticks(header, rows[index + 1:], lookup)
            return header
    return None


def join_header(top: list[Any], lower: list[Any], lookup: Mapping[str, Column | None], index: int,
                rows: tuple[int, int]) -> Header:
    """One header from two rows: a cell merged down keeps the top's text; under a merged parent the lower
    row names the column, or, when the lower texts are values of the parent's field (中央補助 / 地方自籌
    under 人事經費來源), each is a tick column for that field."""
    width = max(len(top), len(lower))
    top = list(top) + [None] * (width - len(top))
    lower = list(lower) + [None] * (width - len(lower))
    parents: list[Any] = []
    for i in range(width):  # a merged parent's text sits in its first column only: carry it right
        carried = parents[i - 1] if i and _filled(lower[i]) and _filled(lower[i - 1]) else None
        parents.append(top[i] if _filled(top[i]) else carried)
    labels: list[Any] = []
    shown: list[str | None] = []
    for i in range(width):
        if not _filled(lower[i]):
            labels.append(top[i])
            shown.append(text_of(top[i]) if _filled(top[i]) else None)
            continue
        parent = parents[i]
        joined = f"{text_of(parent)}{text_of(lower[i])}" if _filled(parent) else None
        if match_header(lower[i], lookup) is None and joined and isinstance(match_header(joined, lookup), Match):
            labels.append(joined)  # 年資 over 起日 → 年資起日
        else:
            labels.append(lower[i])
        shown.append(f"{text_of(parent)}/{text_of(lower[i])}" if _filled(parent) and parent != lower[i]
                      else text_of(lower[i]))
    header = Header(index, rows, labels, shown, written=tuple(top) + tuple(lower))
    header.ticks = _ticks(parents, lower, labels, lookup)
    return header


def _ticks(parents: list[Any], lower: list[Any], labels: list[Any],
           lookup: Mapping[str, Column | None]) -> dict[int, Tick]:
    """Columns under one parent whose lower texts are all values of one coded (or yes/no) field."""
    groups: dict[int, list[int]] = {}  # first column of a parent -> its columns
    start = None
    for i, parent in enumerate(parents):
        if not _filled(parent) or not _filled(lower[i]) or isinstance(match_header(labels[i], lookup), Match):
            start = None
            continue
        if start is None or parents[start] != parent:
            start = i
        groups.setdefault(start, []).append(i)
    return _tick_groups([(parents[first], members) for first, members in groups.items()], lower, lookup)


def _tick_groups(groups: list[tuple[Any, list[int]]], labels: Sequence[Any],
                 lookup: Mapping[str, Column | None]) -> dict[int, Tick]:
    """The tick columns of each group (its parent header, or None, and its columns): all of the group's
    labels values of one field, or none of them ticks. The one place a header text becomes a Tick."""
    ticks: dict[int, Tick] = {}
    for parent, members in groups:
        column = _tick_field(parent, [labels[i] for i in members], lookup)
        if column is None:
            continue
        for i in members:
            ticks[i] = Tick(column, _value(column, labels[i]), text_of(labels[i]))
    return ticks


def _tick_field(parent: Any, labels: list[Any], lookup: Mapping[str, Column | None]) -> Column | None:
    """The field a parent header names whose values the labels all are: the parent's own field first, else
    the one coded field (of the table's columns) every label is a value of. Without a parent (a one-row
    header) only a field no other fits: 是 | 否 could be any yes/no field's, so they are no field's ticks."""
    own = match_header(parent, lookup) if _filled(parent) else None
    candidates = [own.column] if isinstance(own, Match) and own.group == 0 else []
    candidates += [c for c in dict.fromkeys(c for c in lookup.values() if c is not None) if c not in candidates]
    fitting = [column for column in candidates if _codes_all(column, labels)]
    if not _filled(parent):
        return fitting[0] if len(fitting) == 1 else None
    return fitting[0] if fitting else None


def _codes_all(column: Column, labels: list[Any]) -> bool:
    """Whether ``column`` is a coded (or yes/no) field of a row and every label is one of its values."""
    if column.target not in ("staff", "team", "request") or (column.codes is None and column.value != "bool"):
        return False
    return all(_value(column, label) is not None for label in labels)


def _one_row_ticks(header: Header, below: Sequence[tuple[int, list[Any]]],
                   lookup: Mapping[str, Column | None]) -> dict[int, Tick]:
    """Tick columns with no parent above them (員工編號 | 姓名 | 職稱 | 中央補助 | 地方自籌): two or more
    side by side whose headers name no column and are all values of one coded field no other column of the
    header fills, and whose cells, on every person's row, hold only marks (✓ V ○ 1, or a blank-like 否/0),
    at least one a tick. A 中央補助 column of amounts, or one lone 其他 column, stays a column of its own."""
    labels = header.labels
    named = {m.column.field for m in (match_header(v, lookup) for v in labels if _filled(v)) if isinstance(m, Match)}
    coded = list(dict.fromkeys(c for c in lookup.values() if c is not None))
    runs: list[tuple[Any, list[int]]] = []
    for i, label in enumerate(labels):
        if not _filled(label) or match_header(label, lookup) is not None \
                or not any(_codes_all(column, [label]) for column in coded):
            continue
        if runs and runs[-1][1][-1] == i - 1:
            runs[-1][1].append(i)
        else:
            runs.append((None, [i]))
    candidates = _tick_groups([run for run in runs if len(run[1]) >= 2], labels, lookup)
    groups: dict[str, list[int]] = {}
    for i, tick in candidates.items():
        if tick.column.field not in named:
            groups.setdefault(tick.column.field, []).append(i)
    if not groups:
        return {}
    people = [values for _, values in below if skip_reason(values, header) is None]
    ticks: dict[int, Tick] = {}
    for members in groups.values():
        marks = [to_bool(values[i]) for values in people for i in members if i < len(values) and _filled(values[i])]
        if True in marks and all(isinstance(mark, bool) for mark in marks):
            ticks.update((i, candidates[i]) for i in members)
    return ticks


def _value(column: Column, label: Any) -> Any:
    """The value a tick under ``label`` gives ``column``, or None if the label is not one of its values."""
    if column.codes is not None:
        code = to_code(label, column.codes)
        return code if code in column.codes else None
    answer = to_bool(label)
    return answer if isinstance(answer, bool) else None


def _is_lower_header(top: list[Any], lower: list[Any], lookup: Mapping[str, Column | None]) -> bool:
    """Whether ``lower`` is the second row of a header whose first row is ``top``: text only, and some of it
    under a merged parent (a blank top cell, or a top text that names no column, like 基本資料)."""
    filled = [(i, v) for i, v in enumerate(lower) if _filled(v)]
    if len(filled) < 2 or not all(isinstance(v, str) for _, v in filled):
        return False
    over = [text_of(v) for v in top if _filled(v)]
    if len(over) < 2 or any(_TITLE.search(text) for text in over):
        return False  # a title (one merged cell) or a 資料基準日：… row above the header is not its parent
    under_parent = False
    for i, value in filled:
        above = top[i] if i < len(top) else None
        if not _filled(above) or match_header(above, lookup) is None:
            under_parent = True
    return under_parent


def _known(values: Sequence[Any], lookup: Mapping[str, Column | None]) -> int:
    return sum(1 for v in values if _filled(v) and match_header(v, lookup) is not None)


@dataclass(frozen=True)
class AsOf:
    """A title row's 資料基準日: where, the day (ISO; None when the text is no date), and what it says."""

    row: int
    column: int  # 1-based
    day: str | None
    written: str


def as_of_dates(rows: Sequence[tuple[int, list[Any]]], header: Header) -> list[AsOf]:
    """The 資料基準日 cells of the rows above ``header`` (labels from wording.yaml ``as_of_labels``): the
    date after the label in the same cell (資料基準日：113年5月1日), or in the next filled cell of the row."""
    labels = sorted(vocab.wording_in_use().as_of_labels, key=len, reverse=True)
    found: list[AsOf] = []
    for row_number, values in rows[:header.index]:
        if row_number >= header.rows[0]:
            break
        for index, value in enumerate(values):
            text = value.strip() if isinstance(value, str) else ""
            label = next((label for label in labels if text.startswith(label)), None)
            if label is None:
                continue
            rest: Any = text[len(label):].lstrip(" :：\u3000").removesuffix("止").strip()
            written = text
            if not rest:
                rest = next((v for v in values[index + 1:] if _filled(v)), None)
                if rest is None:
                    continue
                written = f"{text} {text_of(rest)}"
            day = to_date(rest)
            found.append(AsOf(row_number, index + 1, day if is_iso_date(day) else None, written))
    return found


def skip_reason(values: Sequence[Any], header: Header) -> str | None:
    """Why this row after the header is not a person (a key of ``REASONS``), or None when it may be one."""
    texts = [re.sub(r"\s+", "", text_of(v)) for v in values if _filled(v)]
    if not texts:
        return "blank"
    for text in texts:
        total = _TOTAL.search(text) if len(text) <= _TOTAL_TEXT and not text.startswith("=") else None
        if total:
            return total.group(1) if total.group(1) in REASONS else "合計"
    if _FOOTNOTE.match(texts[0]):
        return "footnote"
    if any(_SIGNATURE.search(text) for text in texts):
        return "signature"
    if any(_COUNT.match(text) for text in texts) and all(_COUNT.match(t) or _number(t) for t in texts):
        return "合計"  # 17人 with only counts beside it: the count row under a unit
    strings = [normalize_header(v) for v in values if isinstance(v, str) and v.strip()]
    if len(strings) >= 2 and sum(1 for s in strings if s in header.texts) >= max(2, (len(strings) * 4 + 4) // 5):
        return "header"  # the header again (printed on every page, or pasted between units)
    return None


def _number(text: str) -> bool:
    return bool(re.fullmatch(r"[-+]?\d+(\.\d+)?", text.replace(",", "")))


def is_excel_error(value: Any) -> bool:
    """A formula's error value (``#REF!``…): a cell whose content cannot be read."""
    return isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS


def row_list(numbers: Sequence[int], lang: str) -> str:
    """``第 10、18 列`` / ``rows 10, 18``."""
    if lang == "zh":
        return f"第 {'、'.join(str(n) for n in numbers)} 列"
    return ("row " if len(numbers) == 1 else "rows ") + ", ".join(str(n) for n in numbers)


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())
