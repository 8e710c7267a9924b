"""Turn what people write into canonical values, before schema validation.

zh-TW words become codes (``社工員`` → ``social_worker``; the words are
``sncheck/model/wording.yaml``'s, department names included: ``社會工作學系`` →
``social_work``; ``保護性社工`` also sets ``protective: true``), ROC dates become
ISO dates (``110/1/1`` → ``2021-01-01``), ``台`` in a county name becomes
``臺``. Only fields that take a code or a date are touched; the input is not
modified (a normalized copy is returned), so fixes can patch what the user
wrote. Written-as-a-date-but-impossible values (``2021-02-30``) are reported.
"""

from __future__ import annotations

import copy
import marshal
from dataclasses import dataclass
from typing import Any

from sncheck.model import vocabulary as vocab
from sncheck.model.dates import ImpossibleDate, parse_date
from sncheck.model.pointers import make_pointer

_TABLES = {key: vocab.alias_table(v) for key, v in vocab.FIELD_VOCABULARIES.items()}
_TABLES_BY_KIND: dict[str, list[tuple[str, dict[str, str]]]] = {}
for (_kind, _field), _table in _TABLES.items():
    _TABLES_BY_KIND.setdefault(_kind, []).append((_field, _table))


@dataclass(frozen=True)
class DateProblem:
    pointer: str
    value: str


def normalize(data: Any) -> tuple[Any, list[DateProblem]]:
    """A normalized copy of plan data and the impossible dates found in it."""
    problems: list[DateProblem] = []
    if not isinstance(data, dict):
        return data, problems
    out = _copy(data)
    _object(out, "plan", (), problems)
    if isinstance(out.get("county"), str):
        out["county"] = vocab.canonical_county(out["county"].strip())
    for list_name, kind in (("teams", "team"), ("staff", "staff"), ("requests", "request")):
        items = out.get(list_name)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            _object(item, kind, (list_name, index), problems)
            if kind == "staff" and isinstance(item, dict) and isinstance(item.get("history"), list):
                for seg_index, segment in enumerate(item["history"]):
                    _object(segment, "segment", (list_name, index, "history", seg_index), problems)
    return out, problems


def _object(obj: Any, kind: str, where: tuple[str | int, ...], problems: list[DateProblem]) -> None:
    """Normalize one item in place; ``where`` is its pointer's tokens (joined only for a problem)."""
    if not isinstance(obj, dict):
        return
    for field, table in _TABLES_BY_KIND.get(kind, ()):
        value = obj.get(field)
        if isinstance(value, str):
            value = value.strip()
            code = table.get(value)  # a listed word: the common case, in every field of every item
            obj[field] = code if code is not None else _unlisted(obj, kind, field, value)
    for field in vocab.DATE_FIELDS.get(kind, ()):
        value = obj.get(field)
        if isinstance(value, str):
            try:
                obj[field] = _iso_date(value)
            except ImpossibleDate:
                problems.append(DateProblem(make_pointer(*where, field), value))
            except ValueError:
                pass  # not written as a date: the schema reports it


def _unlisted(obj: dict[str, Any], kind: str, field: str, value: str) -> str:
    """A value no word of the field's list is: the code it implies with another field, the profession a
    department name settles, or the value as written (the schema then reports it)."""
    code = _implied(obj, kind, field, value)
    if code is None and (kind, field) == ("staff", "profession"):
        code = vocab.profession_of_department(value)
    return value if code is None else code


def _implied(obj: dict[str, Any], kind: str, field: str, value: str) -> str | None:
    """The code of a word that also states another field (保護性社工: social_worker and protective true),
    setting that field when it is not written. When it is written and disagrees, nothing is decided: the
    word stays as written and the schema reports it (the message says which field disagrees)."""
    implied = vocab.IMPLYING.get((kind, field), {}).get(value)
    if implied is None:
        return None
    code, sets = implied
    if any(name in obj and obj[name] != wanted for name, wanted in sets):
        return None
    for name, wanted in sets:
        obj.setdefault(name, wanted)
    return code


_ISO_DATES: dict[str, str] = {}


def _iso_date(value: str) -> str:
    """``parse_date(value).isoformat()``, remembered: plans repeat the same dates (errors are not kept)."""
    iso = _ISO_DATES.get(value)
    if iso is None:
        iso = parse_date(value).isoformat()
        if len(_ISO_DATES) >= 8192:  # bounded: a batch of many plans must not grow it without end
            _ISO_DATES.clear()
        _ISO_DATES[value] = iso
    return iso


def _copy(data: Any) -> Any:
    """A deep copy of JSON-model data; ``marshal`` does it in C, ~10× faster than ``copy.deepcopy``."""
    try:
        return marshal.loads(marshal.dumps(data))
    except ValueError:  # a type marshal does not know: the general way
        return copy.deepcopy(data)
