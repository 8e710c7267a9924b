"""How a message names a place of the plan: an item, one of its fields, a value to type there.

The one place for these words. Rule messages (``{staff}``, ``{moved:funding=county}``, rendered by
``sncheck.packs.messages``) and input findings (SCHEMA001, PARSE001 at a date, REF001, PII001) ask
it instead of printing a JSON Pointer or a YAML key:

- in a plan file an item is named by its kind and id (``人員（編號 9）``, ``組別 t1``), a field by
  its zh label, the plan schema's ``title`` (``經費來源``), followed by the key only where the user
  must type it (``把人員（編號 9）的經費來源（funding）改為地方自籌``);
- in a workbook (``sncheck.tabular.places``, a subclass) the same places are named by sheet, row,
  cell and the header the county wrote (``人員名冊!H12「經費來源」``).

Dates are ROC in zh (``112/01/01``); the JSON output keeps pointers, codes and ISO dates in its own
fields, so only the text changes.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any, Mapping, Sequence

from sncheck.model import vocabulary as vocab
from sncheck.model.dates import roc_text
from sncheck.model.pointers import make_pointer, pointer_tokens
from sncheck.read.plan_schema import plan_schema
from sncheck.read.schema import SchemaProblem

# plan list -> the kind of its items (the vocabulary's and the schema's $defs names)
LIST_KINDS: Mapping[str, str] = {"teams": "team", "staff": "staff", "requests": "request"}
_NOUNS = {"team": ("組別", "team"), "staff": ("人員", "staff"), "request": ("經費需求", "request")}
_BOOL = {"zh": (vocab.YES, vocab.NO), "en": ("true", "false")}


@lru_cache(maxsize=None)
def _titles() -> dict[str, dict[str, str]]:
    """kind ("plan", "team", "staff", "segment", "request") -> field -> zh label (the schema's titles)."""
    schema = plan_schema()
    out = {"plan": {name: spec.get("title", name) for name, spec in schema["properties"].items()}}
    for kind in ("team", "staff", "segment", "request"):
        out[kind] = {name: spec.get("title", name) for name, spec in schema["$defs"][kind]["properties"].items()}
    return out


def field_label(kind: str, field: str) -> str:
    """The zh label of a plan field (``經費來源``); an unknown field (``x-備註``) as written."""
    return _titles().get(kind, {}).get(field, field)


def kind_at(tokens: Sequence[str]) -> str:
    """The kind of the object the last token's field belongs to (tokens of a field's pointer)."""
    if len(tokens) >= 3 and tokens[0] in LIST_KINDS:
        if tokens[0] == "staff" and len(tokens) >= 5 and tokens[2] == "history":
            return "segment"
        return LIST_KINDS[tokens[0]]
    return "plan"


def value_label(kind: str, field: str, value: Any, lang: str) -> str:
    """A value as the user writes it: a code's zh label, 是/否, an ROC date (zh); the code itself (en)."""
    if isinstance(value, bool):
        return _BOOL["zh" if lang == "zh" else "en"][0 if value else 1]
    if lang != "zh":
        return value.isoformat() if isinstance(value, date) else str(value)
    codes = vocab.FIELD_VOCABULARIES.get((kind, field))
    if codes and isinstance(value, str) and value in codes:
        return codes[value][0]
    if isinstance(value, (date, str)):
        return roc_text(value)
    return str(value)


def allowed_values(kind: str, field: str, lang: str) -> str:
    """What a field takes, as the user may type it (zh labels, which the plan and the workbook accept)."""
    codes = vocab.FIELD_VOCABULARIES.get((kind, field))
    if codes:
        return ("、".join(labels[0] for labels in codes.values()) if lang == "zh"
                else ", ".join(codes))
    if field in vocab.DATE_FIELDS.get(kind, ()):
        return "民國日期，例如 111/1/1" if lang == "zh" else "a date, e.g. 2022-01-01 or ROC 111/1/1"
    schema = plan_schema()
    spec = (schema["properties"] if kind == "plan" else schema["$defs"].get(kind, {}).get("properties", {})).get(field, {})
    if spec.get("type") == "boolean":
        return "是、否" if lang == "zh" else "true, false"
    return ""


def spaced(name: str) -> str:
    """A name followed by zh text: ``組別 T1 缺少`` (a space after an id ending in a Latin letter or digit)."""
    return name + " " if name and name[-1].isascii() and name[-1].isalnum() else name


class PlanPlaces:
    """Names places of a plan file (see the module docstring). ``data``: the (normalized) plan."""

    def __init__(self, data: Any, lang: str) -> None:
        self.data = data if isinstance(data, dict) else {}
        self.lang = "zh" if lang == "zh" else "en"
        self._index: dict[str, dict[str, int]] = {}

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    # ------------------------------------------------------------------ ids and pointers

    def pointer_of(self, list_name: str, item_id: Any) -> str | None:
        """The pointer of the item with this id (the first one), or None."""
        if list_name not in self._index:
            items = self.data.get(list_name)
            index: dict[str, int] = {}
            for i, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, dict) and isinstance(item.get("id"), (str, int)):
                    index.setdefault(str(item["id"]), i)
            self._index[list_name] = index
        found = self._index[list_name].get(str(item_id))
        return None if found is None else make_pointer(list_name, found)

    def _item_data(self, list_name: str, index: int) -> Any:
        items = self.data.get(list_name)
        return items[index] if isinstance(items, list) and 0 <= index < len(items) else None

    # ------------------------------------------------------------------ naming

    def item(self, pointer: str) -> str:
        """The item a pointer is in: ``人員（編號 9）``, ``人員（編號 9）的第 1 段任職紀錄``, ``計畫檔``."""
        tokens = pointer_tokens(pointer)
        if len(tokens) < 2 or tokens[0] not in LIST_KINDS or not tokens[1].isdigit():
            return "計畫檔" if self.zh else "the plan"
        name = self._item_name(tokens[0], int(tokens[1]))
        if len(tokens) >= 4 and tokens[2] == "history" and tokens[3].isdigit():
            return self._segment_name(name, int(tokens[3]))
        return name

    def _item_name(self, list_name: str, index: int) -> str:
        item = self._item_data(list_name, index)
        item_id = item.get("id") if isinstance(item, dict) else None
        return self.by_id(list_name, item_id) if isinstance(item_id, (str, int)) else self._nth(list_name, index)

    def nth(self, list_name: str, index: int) -> str:
        """An item by its place in the list (``第 1 個組別``): for a duplicate id, which the id cannot name."""
        return self._nth(list_name, index)

    def _nth(self, list_name: str, index: int) -> str:
        zh, en = _NOUNS[LIST_KINDS[list_name]]
        return f"第 {index + 1} 個{zh}" if self.zh else f"{en} #{index + 1}"

    def _segment_name(self, person: str, index: int) -> str:
        return f"{spaced(person)}的第 {index + 1} 段任職紀錄" if self.zh else f"{person}, service segment {index + 1}"

    def by_id(self, list_name: str, item_id: Any) -> str:
        """An item named by its id: ``人員（編號 9）`` (never ``人員 9``: a number must not read as a count)."""
        zh, en = _NOUNS[LIST_KINDS[list_name]]
        if list_name == "staff":
            return f"{zh}（編號 {item_id}）" if self.zh else f"{en} {item_id}"
        return f"{zh} {item_id}" if self.zh else f"{en} {item_id}"

    def people(self, ids: Sequence[Any]) -> str:
        """Several staff members: ``人員（編號 10、12）``."""
        shown = [str(i) for i in ids]
        return f"人員（編號 {'、'.join(shown)}）" if self.zh else f"staff {', '.join(shown)}"

    def at(self, pointer: str, key: bool = False) -> str:
        """What a pointer points at: an item, or a field of one (``人員（編號 9）的經費來源``).
        ``key``: the user must type the field, so its key follows the label (``經費來源（funding）``)."""
        if not self.zh:  # English output is read by developers and CI: the pointer, as JSON has it
            return pointer or "the plan"
        tokens = pointer_tokens(pointer)
        if not tokens:
            return self.item(pointer)
        field = tokens[-1]
        if field.isdigit():
            return self.item(pointer)
        kind = kind_at(tokens)
        label = self.label(kind, field, key)
        if kind == "plan":
            return label
        return f"{spaced(self.item(make_pointer(*tokens[:-1])))}的{label}"

    def label(self, kind: str, field: str, key: bool = False) -> str:
        if not self.zh:
            return field
        label = field_label(kind, field)
        return f"{label}（{field}）" if key and label != field else label

    def say(self, pointer: str, zh: str, en: str) -> str:
        """An input finding's text: the place's name, then what is wrong there (``zh``/``en`` follow it)."""
        return f"{spaced(self.at(pointer))}{zh}" if self.zh else f"{self.at(pointer)}{en}"

    def problem(self, problem: SchemaProblem) -> str:
        """A schema problem's text (SCHEMA001)."""
        if problem.missing is not None:
            return self.missing(problem.pointer, problem.missing)
        where = problem.pointer if problem.where is None else problem.where
        return self.say(where, problem.message_zh, problem.message_en)

    # ------------------------------------------------------------------ what to do

    def missing(self, pointer: str, field: str) -> str:
        """A required field the item at ``pointer`` lacks, with the values it takes."""
        kind = kind_at([*pointer_tokens(pointer), field])
        allowed = allowed_values(kind, field, self.lang)
        if self.zh:
            return f"{spaced(self.item(pointer))}缺少必填欄位{self.label(kind, field, key=True)}" + (f"；可填：{allowed}" if allowed else "")
        return f"{pointer or 'the plan'} is missing required field {field!r}"

    # ------------------------------------------------------------------ by id (rule messages)

    def field_of(self, list_name: str, ids: Sequence[Any], field: str, key: bool = False) -> str:
        """A field of one or more items named by id (``{staff:profession}`` in a rule message)."""
        if list_name == "plan":
            return self.at(make_pointer(field), key) if self.zh else field
        if list_name == "segment":
            label = self.label("segment", field, key)
            return f"任職紀錄的{label}" if self.zh else f"{field} of the service segment"
        kind = LIST_KINDS[list_name]
        owner = self.people(ids) if list_name == "staff" and len(ids) > 1 else \
            ("、" if self.zh else ", ").join(self.by_id(list_name, i) for i in ids)
        return f"{spaced(owner)}的{self.label(kind, field, key)}" if self.zh else f"{field} of {owner}"

    def set_field(self, list_name: str, ids: Sequence[Any], field: str, value: Any) -> str:
        """A fix on one or more items named by id (``{moved:funding=county}``): what to type where."""
        kind = list_name if list_name in ("plan", "segment") else LIST_KINDS[list_name]
        shown = value_label(kind, field, value, self.lang)
        if list_name == "segment":
            return (f"在該段任職紀錄的{self.label('segment', field, key=True)}填{shown}" if self.zh
                    else f"set {field} of that service segment to {shown}")
        where = self.field_of(list_name, ids, field, key=True)
        return f"把{where}改為{shown}" if self.zh else f"set {where} to {shown}"
