"""Which column means which plan field: the zh-TW headers counties use, and how to match them.

Each table kind (staff, segments, requests, teams) has a list of ``Column``
specs: the plan field it fills, where it goes (the staff member, one of their
service segments, a request, a team) and the headers accepted for it, the
first being the one the template uses. Codes and dates are not listed here:
whether a field takes a code or a date comes from ``sncheck.model.vocabulary``.

Headers are matched after normalisation (full-width brackets and slashes,
spaces, line breaks, ``*`` required markers and a trailing ``(說明)`` hint do
not matter). Segment columns may be numbered (``年資起日1``, ``年資起日(2)``,
``經費別_3``): each number is one more service segment on the same row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from sncheck.model import vocabulary as vocab

KINDS = ("staff", "segments", "requests", "teams")


@dataclass(frozen=True)
class Column:
    field: str  # plan field; "staff_id" links a segment row to its staff member
    target: str  # "staff", "segment", "request" or "team" (the vocabulary kind)
    headers: tuple[str, ...]  # accepted headers; the first is the template's
    value: str = "text"  # text / int / number / bool; codes and dates come from the vocabulary
    required: bool = False
    help_zh: str = ""
    help_en: str = ""

    @property
    def header(self) -> str:
        return self.headers[0]

    @property
    def codes(self) -> vocab.Vocabulary | None:
        return vocab.FIELD_VOCABULARIES.get((self.target, self.field))

    @property
    def is_date(self) -> bool:
        return self.field in vocab.DATE_FIELDS.get(self.target, ())


_SEGMENT = (
    Column("from", "segment", ("年資起日", "起日", "服務起日", "起始日"), help_zh="這段服務的第一天（民國 110/1/1、2021-01-01 或 Excel 日期）",
           help_en="first day of this stretch of service"),
    Column("to", "segment", ("年資迄日", "迄日", "服務迄日", "結束日"), help_zh="這段服務的最後一天；仍在職則留空",
           help_en="last day, inclusive; empty while ongoing"),
    Column("budget", "segment", ("經費別", "年資經費別"), help_zh="這段服務由哪個預算支應：社安網預算、地方自聘、其他",
           help_en="which budget paid it: ssn, county, other"),
    Column("protective", "segment", ("保護性服務",), "bool", help_zh="這段是否為保護性服務：是／否",
           help_en="protective-service work: yes/no"),
    Column("employer", "segment", ("服務機關", "任職機關", "服務機構"), help_zh="服務機關（自由填寫）",
           help_en="employer (free text)"),
    Column("work", "segment", ("工作類別", "年資工作類別"), help_zh="這段服務的工作類別：篩派案、其他（社安網2.0 篩派案專員年資）",
           help_en="kind of work: screening (篩派案), other"),
)

COLUMNS: Mapping[str, tuple[Column, ...]] = {
    "staff": (
        Column("id", "staff", ("員工編號", "人員編號", "編號", "工號"), required=True,
               help_zh="每人唯一的編號；多列同一編號 = 同一人的多段年資", help_en="unique per person; rows sharing it are one person"),
        Column("name", "staff", ("姓名", "員工姓名", "人員姓名", "中文姓名", "工作人員姓名"), help_zh="姓名（個資；可用 --no-names 不匯入）", help_en="name (personal data)"),
        Column("team", "staff", ("單位/組別", "單位", "組別", "團隊"), required=True,
               help_zh="所屬組別：組別工作表的代碼或名稱", help_en="team: an id or name from the teams sheet"),
        Column("role", "staff", ("職稱", "職務"), required=True, help_zh="社工員、資深社工、督導、關懷訪視員…",
               help_en="role"),
        Column("funding", "staff", ("經費來源", "人事經費來源"), required=True, help_zh="中央補助、地方自籌、其他",
               help_en="who pays the position: central, county, other"),
        Column("pay_points", "staff", ("薪點", "俸點", "薪點/俸點"), "int", help_zh="薪點或俸點（整數）", help_en="pay points"),
        Column("protective", "staff", ("保護性", "保護性社工"), "bool", help_zh="是否為保護性社工：是／否",
               help_en="protective-service worker: yes/no"),
        Column("profession", "staff", ("專業背景", "專業"), help_zh="社會工作、心理、護理、職能治療、教育、犯罪防治、公共衛生、諮商與輔導、其他",
               help_en="professional background"),
        Column("hired", "staff", ("到職日", "到職日期", "現職到職日"), help_zh="現職到職日", help_en="start of the current position"),
        Column("recruitment", "staff", ("進用方式",), help_zh="公開招聘、轉任、其他", help_en="how the position was filled"),
        Column("recruitment_attempts", "staff", ("招聘次數", "招募次數"), "int", help_zh="進用前公開招聘未果的次數",
               help_en="failed open recruitments before this hire"),
        Column("training_hours", "staff", ("職前訓練時數", "訓練時數"), "number", help_zh="已完成的職前訓練時數",
               help_en="pre-service training hours"),
        Column("new_position", "staff", ("是否新增人力", "新增人力"), "bool",
               help_zh="是否為新增人力：是／否（既有職缺補實填「否」；空白 = 是）",
               help_en="a newly added position: yes/no (no = a replacement in an existing position; empty = yes)"),
    ) + _SEGMENT,
    "segments": (
        Column("staff_id", "segment", ("員工編號", "人員編號", "編號", "工號"), required=True,
               help_zh="這段年資屬於哪位人員（人員名冊的員工編號）", help_en="whose service this is (staff id)"),
        Column("from", "segment", ("年資起日", "起日", "服務起日", "起始日"), required=True,
               help_zh="這段服務的第一天", help_en="first day"),
        *_SEGMENT[1:3],
        Column("protective", "segment", ("保護性服務", "保護性"), "bool", help_zh="這段是否為保護性服務：是／否",
               help_en="protective-service work: yes/no"),
        _SEGMENT[4],
        _SEGMENT[5],
    ),
    "requests": (
        Column("id", "request", ("需求編號", "編號"), help_zh="留空時以「R-列號」自動編號", help_en="empty: R-<row>"),
        Column("team", "request", ("單位/組別", "單位", "組別"), help_zh="使用的組別（代碼或名稱，可留空）", help_en="team served"),
        Column("unit_type", "request", ("使用單位類型", "單位類型"), help_zh="留空時沿用組別的單位類型", help_en="empty: the team's"),
        Column("category", "request", ("項目類別", "項目", "類別"), required=True, help_zh="設施設備、場地修繕、離島加給…",
               help_en="category"),
        Column("funding_source", "request", ("經費來源",), required=True,
               help_zh="社安網中央補助(人事費)、公益彩券盈餘、地方自籌…", help_en="funding source"),
        Column("amount", "request", ("金額", "申請金額", "金額(元)"), "int", required=True, help_zh="新臺幣元（整數）",
               help_en="NT$"),
        Column("year", "request", ("年度", "支用年度"), "int", help_zh="支用的民國年度；留空 = 計畫年度", help_en="ROC year"),
        Column("note", "request", ("備註", "說明"), help_zh="備註", help_en="note"),
    ),
    "teams": (
        Column("id", "team", ("組別代碼", "代碼", "組別編號"), help_zh="組別代碼；留空時用名稱", help_en="team id; empty: the name"),
        Column("name", "team", ("單位/組別", "組別名稱", "名稱", "組別", "單位"), help_zh="組別名稱（人員名冊可填代碼或名稱）",
               help_en="team name"),
        Column("unit_type", "team", ("單位類型",), required=True, help_zh="社福中心、家防中心、社區心衛中心…", help_en="unit type"),
        Column("program", "team", ("計畫別", "方案", "子計畫"), help_zh="保護服務、脆弱家庭…", help_en="program"),
        Column("open_cases", "team", ("開案數", "在案數"), "int", help_zh="目前開案數", help_en="open cases"),
        Column("budgeted_positions", "team", ("核定員額", "員額"), "int", help_zh="核定員額", help_en="budgeted positions"),
    ),
}

_WIDTH = str.maketrans("（）／＿－＃［］", "()/_-#[]")
_DROP = re.compile(r"[\s*＊:：]+")
_NUMBERED = re.compile(r"^(?P<base>.+?)[-_#]?[(\[]?(?P<n>\d{1,2})[)\]]?$")
_HINT = re.compile(r"^(?P<base>.+?)\(.*\)$")


def normalize_header(text: object) -> str:
    """What a header means regardless of spacing, width, line breaks and ``*`` markers."""
    return _DROP.sub("", str(text).translate(_WIDTH))


@dataclass(frozen=True)
class Match:
    column: Column
    group: int = 0  # 0: unnumbered; n: the n-th numbered segment


def header_table(kind: str, overrides: Mapping[str, str | None] | None = None) -> dict[str, Column | None]:
    """Normalised header → column for one table kind; mapping-file overrides first (None = ignore)."""
    columns = COLUMNS[kind]
    table: dict[str, Column | None] = {}
    for column in columns:
        for header in column.headers:
            table.setdefault(normalize_header(header), column)
    for column in columns:  # the plan's own field names work as headers too
        table.setdefault(normalize_header(column.field), column)
    for header, target in (overrides or {}).items():
        table[normalize_header(header)] = None if target is None else resolve_target(kind, target)
    return table


def resolve_target(kind: str, target: str) -> Column:
    """A mapping-file value (a plan field name or one of the default headers) → its column."""
    wanted = normalize_header(target)
    for column in COLUMNS[kind]:
        if wanted == column.field or wanted in (normalize_header(h) for h in column.headers):
            return column
    raise KeyError(target)


def match_header(text: object, table: Mapping[str, Column | None]) -> Match | None | str:
    """The column a header names; ``"ignore"`` when the mapping says to leave it out; None if unknown."""
    key = normalize_header(text)
    for candidate in _candidates(key):
        name, group = candidate
        if name in table:
            column = table[name]
            if column is None:
                return "ignore"
            if group and column.target != "segment":
                continue
            return Match(column, group)
    return None


def _candidates(key: str) -> Iterable[tuple[str, int]]:
    yield key, 0
    numbered = _NUMBERED.match(key)
    if numbered:
        yield numbered.group("base"), int(numbered.group("n"))
    hint = _HINT.match(key)
    if hint:
        base = hint.group("base")
        yield base, 0
        numbered = _NUMBERED.match(base)
        if numbered:
            yield numbered.group("base"), int(numbered.group("n"))


def known_header_count(values: Sequence[object], table: Mapping[str, Column | None]) -> int:
    return sum(1 for v in values if v is not None and str(v).strip() and match_header(v, table) is not None)


def column_letter(index: int) -> str:
    """1 → A, 27 → AA (Excel's column names)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
