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
from dataclasses import dataclass, replace
from typing import Iterable, Mapping

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
    words: tuple[tuple[str, str], ...] = ()  # this column's own words (是否公開甄選: 是 → open), before the codes'

    @property
    def header(self) -> str:
        return self.headers[0]

    @property
    def codes(self) -> vocab.Vocabulary | None:
        return vocab.FIELD_VOCABULARIES.get((self.target, self.field))

    @property
    def is_date(self) -> bool:
        return self.field in vocab.DATE_FIELDS.get(self.target, ())


def _h(table: str, field: str, more: str | None = None) -> tuple[str, ...]:
    """The headers ``wording.yaml`` lists for a field (and, on a segments sheet, its extra ones)."""
    tables = vocab.wording_in_use().headers
    words = tables[table][field] + (tables[more].get(field, ()) if more else ())
    return tuple(word.header for word in words)


# (field, header) -> the words of that column only, from wording.yaml
_HEADER_VALUES: Mapping[tuple[str, str], tuple[tuple[str, str], ...]] = {
    (field, word.header): word.values
    for fields in vocab.wording_in_use().headers.values() for field, words in fields.items() for word in words if word.values
}


_SEGMENT = (
    Column("from", "segment", _h("segment", "from"), help_zh="這段服務的第一天（民國 110/1/1、2021-01-01 或 Excel 日期）",
           help_en="first day of this stretch of service"),
    Column("to", "segment", _h("segment", "to"), help_zh="這段服務的最後一天；仍在職則留空",
           help_en="last day, inclusive; empty while ongoing"),
    Column("budget", "segment", _h("segment", "budget"), help_zh="這段服務由哪個預算支應：社安網預算、地方自聘、其他",
           help_en="which budget paid it: ssn, county, other"),
    Column("protective", "segment", _h("segment", "protective"), "bool", help_zh="這段是否為保護性服務：是／否",
           help_en="protective-service work: yes/no"),
    Column("employer", "segment", _h("segment", "employer"), help_zh="服務機關（自由填寫）",
           help_en="employer (free text)"),
    Column("work", "segment", _h("segment", "work"), help_zh="這段服務的工作類別：篩派案、其他（社安網2.0 篩派案專員年資）",
           help_en="kind of work: screening (篩派案), other"),
)

COLUMNS: Mapping[str, tuple[Column, ...]] = {
    "staff": (
        Column("id", "staff", _h("staff", "id"), required=True,
               help_zh="每人唯一的編號；多列同一編號 = 同一人的多段年資", help_en="unique per person; rows sharing it are one person"),
        Column("name", "staff", _h("staff", "name"), help_zh="姓名（個資；可用 --no-names 不匯入）", help_en="name (personal data)"),
        Column("team", "staff", _h("staff", "team"), required=True,
               help_zh="所屬組別：組別工作表的代碼或名稱", help_en="team: an id or name from the teams sheet"),
        Column("role", "staff", _h("staff", "role"), required=True, help_zh="社工員、資深社工、督導、關懷訪視員…",
               help_en="role"),
        Column("funding", "staff", _h("staff", "funding"), required=True, help_zh="中央補助、地方自籌、其他",
               help_en="who pays the position: central, county, other"),
        Column("pay_points", "staff", _h("staff", "pay_points"), "int", help_zh="薪點或俸點（整數）", help_en="pay points"),
        Column("protective", "staff", _h("staff", "protective"), "bool", help_zh="是否為保護性社工：是／否",
               help_en="protective-service worker: yes/no"),
        Column("profession", "staff", _h("staff", "profession"), help_zh="社會工作、心理、護理、職能治療、教育、犯罪防治、公共衛生、諮商與輔導、其他",
               help_en="professional background"),
        Column("hired", "staff", _h("staff", "hired"), help_zh="現職到職日", help_en="start of the current position"),
        Column("recruitment", "staff", _h("staff", "recruitment"), help_zh="公開招聘、轉任、其他", help_en="how the position was filled"),
        Column("recruitment_attempts", "staff", _h("staff", "recruitment_attempts"), "int", help_zh="進用前公開招聘未果的次數",
               help_en="failed open recruitments before this hire"),
        Column("training_hours", "staff", _h("staff", "training_hours"), "number", help_zh="已完成的職前訓練時數",
               help_en="pre-service training hours"),
        Column("new_position", "staff", _h("staff", "new_position"), "bool",
               help_zh="是否為新增人力：是／否（既有職缺補實填「否」；空白 = 是）",
               help_en="a newly added position: yes/no (no = a replacement in an existing position; empty = yes)"),
    ) + _SEGMENT,
    "segments": (
        Column("staff_id", "segment", _h("segments", "staff_id"), required=True,
               help_zh="這段年資屬於哪位人員（人員名冊的員工編號）", help_en="whose service this is (staff id)"),
        replace(_SEGMENT[0], headers=_h("segment", "from", "segments"), required=True, help_zh="這段服務的第一天",
                help_en="first day"),
        *(replace(column, headers=_h("segment", column.field, "segments")) for column in _SEGMENT[1:]),
    ),
    "requests": (
        Column("id", "request", _h("requests", "id"), help_zh="留空時以「R-列號」自動編號", help_en="empty: R-<row>"),
        Column("team", "request", _h("requests", "team"), help_zh="使用的組別（代碼或名稱，可留空）", help_en="team served"),
        Column("unit_type", "request", _h("requests", "unit_type"), help_zh="留空時沿用組別的單位類型", help_en="empty: the team's"),
        Column("category", "request", _h("requests", "category"), required=True, help_zh="設施設備、場地修繕、離島加給…",
               help_en="category"),
        Column("funding_source", "request", _h("requests", "funding_source"), required=True,
               help_zh="社安網中央補助(人事費)、公益彩券盈餘、地方自籌…", help_en="funding source"),
        Column("amount", "request", _h("requests", "amount"), "int", required=True, help_zh="新臺幣元（整數）",
               help_en="NT$"),
        Column("year", "request", _h("requests", "year"), "int", help_zh="支用的民國年度；留空 = 計畫年度", help_en="ROC year"),
        Column("note", "request", _h("requests", "note"), help_zh="備註", help_en="note"),
    ),
    "teams": (
        Column("id", "team", _h("teams", "id"), help_zh="組別代碼；留空時用名稱", help_en="team id; empty: the name"),
        Column("name", "team", _h("teams", "name"), help_zh="組別名稱（人員名冊可填代碼或名稱）",
               help_en="team name"),
        Column("unit_type", "team", _h("teams", "unit_type"), required=True, help_zh="社福中心、家防中心、社區心衛中心…", help_en="unit type"),
        Column("program", "team", _h("teams", "program"), help_zh="保護服務、脆弱家庭…", help_en="program"),
        Column("open_cases", "team", _h("teams", "open_cases"), "int", help_zh="目前開案數", help_en="open cases"),
        Column("budgeted_positions", "team", _h("teams", "budgeted_positions"), "int", help_zh="核定員額", help_en="budgeted positions"),
    ),
}

# Columns offices keep that the template does not ask for (so neither the template nor a mapping's field list
# shows them): the unit type of the row's team, the unit beside 組別, a 序號 instead of an id, the county's declared years of service, and
# the name that keys a service-history sheet kept without 員工編號. Their header words stay here, with the
# others, until the vocabulary's data file holds them.
OFFICE_COLUMNS: Mapping[str, tuple[Column, ...]] = {
    "staff": (
        # the unit type of the row's team: a roster kept without a teams sheet says it beside 組別 (a team
        # column, so its cells take the unit_types words and a team's rows must agree)
        Column("unit_type", "team", _h("staff", "unit_type"), help_zh="組別的單位類型：社福中心、家防中心、社區心衛中心…",
               help_en="the unit type of the person's team"),
        Column("unit", "staff", ("單位", "服務單位", "所屬單位", "單位名稱"), help_zh="單位（與組別並列時：組別所屬的單位）",
               help_en="unit (beside 組別: the unit the team belongs to)"),
        Column("national_id", "staff", ("身分證字號", "身分證統一編號", "統一證號"),
               help_zh="身分證字號（個資；可用 --no-names 不匯入）", help_en="national ID (personal data)"),
        Column("serial", "staff", ("序號", "項次"), help_zh="序號（沒有員工編號時當作人員編號）",
               help_en="row number (the staff id when there is no id column)"),
        Column("declared_ssn_years", "staff", ("社安網年資", "社安網年資(年)", "社安網預算年資"), "number",
               help_zh="縣市填報的社安網預算年資（年）", help_en="the county's declared years on the SSN budget"),
        Column("declared_protective_years", "staff", ("保護性年資", "保護性服務年資", "保護性資歷"), "number",
               help_zh="縣市填報的保護性服務年資（年）", help_en="the county's declared years of protective service"),
        Column("declared_prior_years", "staff", ("前職年資", "前職年資(年)", "先前年資"), "number",
               help_zh="縣市填報的前職年資（年；未說明經費別與是否保護性）",
               help_en="the county's declared years in earlier positions (budget and protective work not stated)"),
    ),
    "segments": (
        Column("staff_name", "segment", ("姓名",), help_zh="這段年資屬於哪位人員（沒有員工編號時以姓名對應）",
               help_en="whose service this is, by name (when there is no staff id)"),
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
            values = _HEADER_VALUES.get((column.field, header))
            table.setdefault(normalize_header(header), replace(column, words=values) if values else column)
    for column in columns:  # the plan's own field names work as headers too
        table.setdefault(normalize_header(column.field), column)
    for column in OFFICE_COLUMNS.get(kind, ()):
        for header in column.headers:
            table.setdefault(normalize_header(header), column)
    for header, target in (overrides or {}).items():
        table[normalize_header(header)] = None if target is None else resolve_target(kind, target)
    return table


def header_note(kind: str, text: object) -> vocab.AskedAbout | None:
    """Why a header the importer does not map is left unmapped, when ``wording.yaml`` says (是否具保護性資歷)."""
    key = normalize_header(text)
    return next((asked for header, asked in vocab.wording_in_use().asked_headers.get(kind, {}).items()
                 if normalize_header(header) == key), None)


LIKENESS = 0.5  # difflib's ratio from which a header the reader does not know is said to look like one it does


def likeness(written: object, header: object) -> float:
    """How much an unknown header looks like a known one (0 to 1): difflib's ratio of the normalised texts,
    0 when they share fewer than two characters (性別 is not 組別 for sharing 別; 經費種類 may be 經費別)."""
    import difflib

    matcher = difflib.SequenceMatcher(None, normalize_header(written), normalize_header(header))
    if sum(block.size for block in matcher.get_matching_blocks()) < 2:
        return 0.0
    return matcher.ratio()


def likely_column(kind: str, written: object, present: Iterable[tuple[str, str]] = ()) -> Column | None:
    """The column of table ``kind`` an unknown header most looks like (``人事費來源`` → 經費來源); None when none
    looks like it enough, when two fields look like it equally, or when the one it looks most like is a column
    the sheet already has (``present``: (target, field); 人事經費 beside 經費來源 is another column, not 經費別):
    a guess that could mislead is no guess."""
    have = set(present)
    scores: dict[tuple[str, str], tuple[float, Column]] = {}
    for column in COLUMNS[kind] + OFFICE_COLUMNS.get(kind, ()):
        score = max(likeness(written, header) for header in column.headers)
        key = (column.target, column.field)
        if score >= LIKENESS and score > scores.get(key, (0.0, column))[0]:
            scores[key] = (score, column)
    ranked = sorted(scores.values(), key=lambda found: -found[0])
    if not ranked or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None
    best = ranked[0][1]
    return None if (best.target, best.field) in have else best


def resolve_target(kind: str, target: str) -> Column:
    """A mapping-file value (a plan field name or one of the default headers) → its column."""
    wanted = normalize_header(target)
    for column in COLUMNS[kind] + OFFICE_COLUMNS.get(kind, ()):
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


def column_letter(index: int) -> str:
    """1 → A, 27 → AA (Excel's column names)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
