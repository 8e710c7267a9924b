"""The plan JSON Schema (draft 2020-12) and validation with readable messages.

The schema file ``schemas/plan.schema.json`` is the single definition of the
plan's shape; this module loads it, validates normalized data, and turns each
jsonschema error into a ``SchemaProblem`` whose message a county officer can
act on in zh-TW or English (which field, what was found, what is allowed).
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator, TypeGuard

from sncheck.model import vocabulary as vocab
from sncheck.model.dates import roc_text
from sncheck.model.personal_data import is_personal_pointer
from sncheck.model.pointers import make_pointer
from sncheck.read.fastpath import schema_valid, valid_against
from sncheck.read.plan_schema import plan_schema


@dataclass(frozen=True)
class SchemaProblem:
    """One problem at ``pointer``. The texts say what is wrong *after* the name of the place, which the
    caller's ``PlanPlaces.say`` puts in front (``人員（編號 9）的職稱`` in a plan, ``人員名冊!D12「職稱」``
    in a workbook); ``where`` is the pointer to name when it is not ``pointer`` (an unknown field: its
    item). ``missing``: a required field the item at ``pointer`` lacks (``PlanPlaces.missing`` words it)."""

    pointer: str
    message_zh: str
    message_en: str
    where: str | None = None
    missing: str | None = None


@lru_cache(maxsize=None)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(plan_schema())


_ALIASES: dict[frozenset[str], vocab.Vocabulary] = {
    frozenset(v.keys()): v for v in vocab.FIELD_VOCABULARIES.values()
}


def _allowed_text(options: list[Any]) -> tuple[str, str]:
    vocabulary = _ALIASES.get(frozenset(o for o in options if isinstance(o, str)))
    if vocabulary:  # the zh labels, which a plan accepts as well as the codes
        zh = "、".join(vocabulary[code][0] for code in options)
    else:
        zh = "、".join(str(o) for o in options)
    en = ", ".join(str(o) for o in options)
    return zh, en


_FIELD_ZH = {"protective": "保護性"}  # the fields a word can also set (wording.yaml ``set:``)


def _yes_no(value: Any) -> str:
    return (vocab.YES if value else vocab.NO) if isinstance(value, bool) else str(value)


def _word_problem(pointer: str, field: tuple[str, str], value: str) -> SchemaProblem:
    """A word that is no code of its field: never guessed. The message lists the accepted words (from
    wording.yaml) and, when the wording file says why a word is left open, that reason."""
    kind, name = field
    accepted = vocab.accepted_words(kind, name)
    zh_words = "、".join('／'.join(a.words) or a.label_zh for a in accepted)  # the officer's words, no codes
    en_words = ", ".join(f"{a.code} ({', '.join(a.words)})" for a in accepted)
    shown, shown_zh = _show(value), _show(value, True)
    implied = vocab.IMPLYING.get(field, {}).get(value.strip())
    if implied is not None:  # 保護性社工 beside 保護性 否: the two cells disagree
        code, sets = implied
        label = next(a.label_zh for a in accepted if a.code == code)
        said_zh = "、".join(f"{_FIELD_ZH.get(other, other)} {_yes_no(wanted)}" for other, wanted in sets)
        said_en = ", ".join(f"{other}: {json.dumps(wanted)}" for other, wanted in sets)
        return SchemaProblem(pointer, f"的值{shown_zh}表示{label}且{said_zh}，但同一列（項）另外寫了不同的值，"
                                      f"兩者矛盾；請改寫其中一個。可填：{zh_words}",
                             f": {shown} means {code} with {said_en}, but the same item says otherwise; "
                             f"correct one of them. Accepted: {en_words}")
    asked = vocab.asked_about(kind, name, value)
    if asked is not None:
        return SchemaProblem(pointer, f"的值{shown_zh}無法判定：{asked.note_zh}。可填：{zh_words}",
                             f": {shown} could not be decided: {asked.note_en}. Accepted: {en_words}")
    return SchemaProblem(pointer, f"的值{shown_zh}不是可填的值（不會猜測）；可填：{zh_words}",
                         f": {shown} is not an accepted word (no guess is made); accepted: {en_words}")


class _Hidden:
    """Stands for a value that is personal data (a staff name or ID): messages never echo it."""


_HIDDEN = _Hidden()


def _show(value: Any, zh: bool = False) -> str:
    if value is _HIDDEN:
        return "***"
    if zh and value is None:
        return "空白"
    if zh and isinstance(value, str):
        return f"「{value if len(value) <= 58 else value[:57] + '…'}」"
    if zh:
        return f"「{_show(value)}」"
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):  # e.g. an integer too long to print
        text = type(value).__name__
    return text if len(text) <= 60 else text[:57] + "…"


def schema_errors(schema: Any, data: Any) -> list[Any]:
    """jsonschema errors of ``data``, in path order; ``[]`` at once when the compiled validator says valid.

    The one place that validates rule files, parameters, config and data tables: jsonschema (slow to
    import, ~30 ms of a pre-commit run) is imported only when something is actually wrong, for its messages.
    """

    if valid_against(schema, data):
        return []
    from jsonschema import Draft202012Validator

    return sorted(Draft202012Validator(schema).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])


def error_without_value(error: Any) -> str:
    """What a jsonschema error says is wrong, in words taken from the schema only, never from the value.

    jsonschema's own messages quote the value (``'machine example.com password …' is not of type
    'object'``): for a rule pack's files, which may come with a pull request, the message in a CI log must
    not carry a file's contents (SECURITY.md). The pointer to the value stays beside it, and an unknown
    key is named (clipped to 40 characters: a misspelt field is the usual mistake)."""
    kind, expected = error.validator, error.validator_value
    if kind == "type":
        return f"must be of type {' or '.join(expected) if isinstance(expected, list) else expected}"
    if kind in ("enum", "const"):
        options = expected if isinstance(expected, list) else [expected]
        return "must be one of " + _show(options)
    if kind == "required":
        missing = [name for name in expected if isinstance(error.instance, dict) and name not in error.instance]
        return "missing required field(s): " + ", ".join(map(str, missing or expected))
    if kind == "additionalProperties" and isinstance(error.schema.get("properties"), dict):
        known = error.schema["properties"]  # a key is named (a typo is the usual cause), clipped; a value never
        unknown = [k for k in error.instance if k not in known] if isinstance(error.instance, dict) else []
        return (f"unknown field(s) {', '.join(_show(k[:40]) for k in unknown[:3])}{' …' if len(unknown) > 3 else ''} "
                f"(allowed: {', '.join(sorted(known))})")
    if kind == "dependentRequired" and isinstance(error.instance, dict):
        return "; ".join(f"{key} needs {', '.join(n for n in needed if n not in error.instance)}"
                         for key, needed in expected.items() if key in error.instance)
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
                "minItems", "maxItems", "minProperties", "maxProperties", "pattern", "format", "multipleOf"):
        return f"does not meet {kind} {_show(expected)}"
    return f"does not match the schema ({kind})"


def validate(data: Any, written: Any = None) -> list[SchemaProblem]:
    """Every schema problem in ``data``, in document order. ``written``: the data as the user wrote it,
    before ``normalize`` (台 → 臺, 社工員 → social_worker): a message quotes what they wrote, which they
    can find in their file, not the normalised value."""
    # a compiled validator (fastpath.schema_valid) says "valid" fast; messages come from jsonschema

    # One problem once: jsonschema reports ``required`` once per missing name, and
    # several keywords can describe the same wrong value.
    problems = [] if schema_valid(data) is True else list(dict.fromkeys(_problems(data, written)))
    problems.extend(_order_problems(data))  # also beside other problems: one run lists every problem
    return sorted(problems, key=lambda p: p.pointer)


def _order_problems(data: Any) -> Iterator[SchemaProblem]:
    """What JSON Schema cannot say: a service segment must not end before it starts.

    Such a segment would silently count as no service (ISO dates compare as text). Asked of data
    that may have other schema problems, so it looks only at what has the expected shape.
    """
    staff = data.get("staff") if isinstance(data, dict) else None
    for index, person in enumerate(staff if isinstance(staff, list) else []):
        history = person.get("history") if isinstance(person, dict) else None
        for seg_index, segment in enumerate(history if isinstance(history, list) else []):
            if not isinstance(segment, dict):
                continue
            start, end = segment.get("from"), segment.get("to")
            if _is_iso_date(start) and _is_iso_date(end) and end < start:
                pointer = make_pointer("staff", index, "history", seg_index)
                yield SchemaProblem(pointer, f"的年資迄日（{roc_text(end)}）早於年資起日（{roc_text(start)}）",
                                    f": 'to' ({end}) is before 'from' ({start})")


def _is_iso_date(value: Any) -> TypeGuard[str]:
    """A normalized date (``YYYY-MM-DD``); anything else is the schema's to report, not compared here."""
    return isinstance(value, str) and _iso_date_pattern().match(value) is not None


@lru_cache(maxsize=None)
def _iso_date_pattern() -> re.Pattern[str]:
    return re.compile(plan_schema()["$defs"]["date"]["pattern"])  # the schema's own definition of a date


def _problems(data: Any, written: Any = None) -> Iterator[SchemaProblem]:
    for error in _validator().iter_errors(data):
        yield from _explain(error, _as_written(written, error.absolute_path, error.instance))


def _as_written(written: Any, path: Any, normalised: Any) -> Any:
    """The value at ``path`` in the data as written, or ``normalised`` when it cannot be found there."""
    node = written
    for key in path:
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return normalised
    return normalised if written is None else node


def _field_problems(error: Any, pointer: str) -> Iterator[SchemaProblem]:
    """A missing required field (worded by ``PlanPlaces.missing``: the field to add and the values it takes)
    or an unknown one (named with the field it may have meant, by its zh label: 是不是「county」（縣市）？)."""
    properties = error.schema.get("properties", {})

    def title(name: str) -> str:
        label = properties.get(name, {}).get("title")
        return f"（{label}）" if label else ""

    if error.validator == "required":
        present = set(error.instance) if isinstance(error.instance, dict) else set()
        for name in error.validator_value:
            if name not in present:
                yield SchemaProblem(pointer, "", "", missing=name)
        return
    allowed = list(properties)
    for key in error.instance:
        if key in allowed or key.startswith("x-"):
            continue
        close = difflib.get_close_matches(key, allowed, n=1)
        hint_zh = (f"；是不是「{close[0]}」{title(close[0])}？" if close
                   else f"；可用欄位：{'、'.join(f'{name}{title(name)}' for name in allowed)}")
        hint_en = f"; did you mean {close[0]!r}?" if close else f"; allowed: {', '.join(allowed)}"
        yield SchemaProblem(make_pointer(*error.absolute_path, key), f"有不認得的欄位「{key}」{hint_zh}",
                            f" has unknown field {key!r}{hint_en}", where=pointer)


def _explain(error: Any, written: Any) -> Iterator[SchemaProblem]:
    """``written``: the failing value as the user wrote it (``_as_written``); quoted instead of the normalised one."""
    pointer = make_pointer(*error.absolute_path)
    kind = error.validator
    value = _HIDDEN if is_personal_pointer(pointer) else written
    if kind in ("required", "additionalProperties"):  # the only problems reported at the root itself
        yield from _field_problems(error, pointer)
        return
    if kind == "enum":
        field = vocab.field_of_pointer(pointer)
        if field is not None and field in vocab.FIELD_VOCABULARY_NAMES and isinstance(value, str):
            yield _word_problem(pointer, field, value)
            return
        zh, en = _allowed_text(list(error.validator_value))
        yield SchemaProblem(pointer, f"的值{_show(value, True)}不是可填的值；可填：{zh}",
                            f": {_show(value)} is not one of: {en}")
        return
    if kind == "const":
        yield SchemaProblem(pointer, f"必須是 {_show(error.validator_value)}，目前是{_show(value, True)}",
                            f" must be {_show(error.validator_value)}, found {_show(value)}")
        return
    if kind == "type":
        names = {"integer": "整數", "number": "數字", "string": "文字", "boolean": "是或否（true/false）",
                 "array": "清單", "object": "物件（欄位: 值）"}
        expected = error.validator_value
        if value is None and expected == "array":  # `requests:` written with nothing after it
            yield SchemaProblem(pointer, "沒有填值；沒有項目請寫 [] 或刪除這一行",
                                " has no value; write [] for no items, or remove the line")
            return
        if expected == "string" and error.schema.get("pattern") == plan_schema()["$defs"]["date"]["pattern"]:
            # `hired: 1100101` or `hired: 20220101`: a date without separators reads as a number
            yield SchemaProblem(pointer, f"應為日期，目前是 {_show(value)}；請寫成民國日期，例如 111/1/1",
                                f" must be a date, found {_show(value)}; write 2022-01-01 or ROC 111/1/1")
            return
        quote_zh = quote_en = ""
        if expected == "string" and isinstance(value, int) and not isinstance(value, bool):  # `id: 9`
            quote_zh, quote_en = f"；數字當編號請加引號，例如 '{value}'", f"; quote a number used as an id: '{value}'"
        yield SchemaProblem(pointer, f"應為{names.get(expected, expected)}，目前是{_show(value, True)}{quote_zh}",
                            f" must be of type {expected}, found {_show(value)}{quote_en}")
        return
    if kind == "pattern":
        yield SchemaProblem(pointer, f"的值{_show(value, True)}不是日期；請寫成民國日期，例如 111/1/1",
                            f": {_show(value)} is not a date; write 2022-01-01 or ROC 111/1/1")
        return
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        ops = {"minimum": ("至少", "at least"), "maximum": ("至多", "at most"),
               "exclusiveMinimum": ("大於", "greater than"), "exclusiveMaximum": ("小於", "less than")}
        zh, en = ops[kind]
        hint_zh = hint_en = ""
        if kind == "maximum" and error.validator_value == 1 and isinstance(value, (int, float)) and 1 < value <= 100:
            # a share written as a percentage (central_share: 70 for 70 %)
            hint_zh = f"；比率請寫成小數，{_show(value)}% 寫 {value / 100:g}"
            hint_en = f"; write a share as a fraction: {value / 100:g} for {_show(value)} %"
        yield SchemaProblem(pointer, f"應{zh} {error.validator_value}，目前是{_show(value, True)}{hint_zh}",
                            f" must be {en} {error.validator_value}, found {_show(value)}{hint_en}")
        return
    if kind == "minLength":
        yield SchemaProblem(pointer, "不可為空白", " must not be empty")
        return
    yield SchemaProblem(pointer, f"不符合格式：{error.message}", f": {error.message}")
