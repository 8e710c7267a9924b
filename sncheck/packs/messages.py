"""Filling message templates from rule files with a violation's values.

Rule files hold zh-TW and English templates such as
``督導 {supervisors} 名，超過基準可補助的 {allowed} 名``; a check supplies
the values. Lists are joined the way each language writes them; a missing
value stays visible as ``{name}`` instead of crashing the run.

Places are named by ``sncheck.read.places`` (a plan) or ``sncheck.tabular.places`` (a workbook),
so one template reads right in both: ``{staff}`` is ``人員（編號 9）`` or ``第 12 列（編號 9）``;
``{moved:funding=county}`` says what to type where (``把人員（編號 10）的經費來源（funding）改為
地方自籌`` / ``把 人員名冊!H12「經費來源」改為「地方自籌」``); ``{staff:profession}`` names a
field; ``{plan:central_share={expected}}`` a field of the plan itself. Dates are ROC in zh.
"""

from __future__ import annotations

import re
import string
from datetime import date
from functools import lru_cache
from typing import Any, Mapping

from sncheck.model import vocabulary as vocab
from sncheck.model.dates import roc_text
from sncheck.read.places import PlanPlaces

LANGS = ("zh", "en")

# Values under these names are ids the county chose (a team, staff member or request), shown
# exactly as written: a team called ``other`` must not read as 其他 in a zh message.
ID_VALUES = frozenset({"team", "teams", "staff", "request", "moved", "id"})
# The plan list each id value names items of; ``plan`` (no value needed) is the plan itself.
ID_LISTS: Mapping[str, str] = {"staff": "staff", "moved": "staff", "request": "requests", "team": "teams",
                               "teams": "teams", "plan": "plan", "segment": "segment"}
# Placeholders that need no value: the plan itself, "a service segment" of the person in question.
_NO_VALUE = frozenset({"plan", "segment"})


class _Verbatim(str):
    """A text value shown as is (never translated to a zh label)."""


class _Items:
    """Ids of plan items (or the plan itself), named by the message's places, never as bare numbers."""

    def __init__(self, list_name: str, ids: list[Any]) -> None:
        self.list_name = list_name
        self.ids = ids


@lru_cache(maxsize=None)
def _zh_labels() -> dict[str, str]:
    """Canonical code -> its first zh-TW label, so zh messages read as Chinese."""
    from sncheck.model.vocabulary import FIELD_VOCABULARIES

    labels: dict[str, str] = {}
    for vocabulary in FIELD_VOCABULARIES.values():
        for code, aliases in vocabulary.items():
            labels.setdefault(code, aliases[0])
    return labels


def normalize_lang(lang: str | None) -> str:
    if not lang:
        return "zh"
    lang = lang.lower().replace("_", "-")
    return "en" if lang.startswith("en") else "zh"


def _show(value: Any, lang: str) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else list(value)
        return ("、" if lang == "zh" else ", ").join(_show(v, lang) for v in items)
    if isinstance(value, date):
        return roc_text(value) if lang == "zh" else value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, bool):
        return (vocab.YES if value else vocab.NO) if lang == "zh" else ("yes" if value else "no")
    if value is None:
        return "—"
    if lang == "zh" and isinstance(value, str) and not isinstance(value, _Verbatim):
        return roc_text(_zh_labels().get(value, value))
    return str(value)


class _Values(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class _Formatter(string.Formatter):
    def __init__(self, lang: str, places: PlanPlaces) -> None:
        self.lang = lang
        self.places = places

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> Any:
        # Rule files are untrusted data: a template may name a value, never reach
        # into it ({x.__class__}, {x[0]}); such a field stays visible as written.
        if not field_name.isidentifier():
            return "{" + field_name + "}", field_name
        return super().get_field(field_name, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, _Items):
            return self._items(value, format_spec)
        if format_spec and any(len(n) > 2 for n in re.findall(r"[0-9]+", format_spec)):
            format_spec = ""  # {x:>100000000} would build a 100 MB string
        if format_spec:
            try:
                return format(value, format_spec)
            except (TypeError, ValueError):
                pass
        return _show(value, self.lang)

    def _items(self, items: _Items, spec: str) -> str:
        """``{staff}``, ``{staff:field}``, ``{staff:field=value}`` (see the module docstring)."""
        field, is_set, value = spec.partition("=")
        if field.isidentifier():
            if is_set:
                typed: Any = {"true": True, "false": False}.get(value, value)
                return self.places.set_field(items.list_name, items.ids, field, typed)
            return self.places.field_of(items.list_name, items.ids, field, key=True)
        if items.list_name == "staff":
            if len(items.ids) == 1:
                return self.places.by_id("staff", items.ids[0])
            return self.places.people(items.ids)
        return _show([_Verbatim(i) if isinstance(i, str) else i for i in items.ids], self.lang)

    def get_value(self, key: Any, args: Any, kwargs: Any) -> Any:
        if key in _NO_VALUE and key not in kwargs:
            return _Items(key, [])
        if isinstance(key, str):
            value = kwargs[key]
            if key in ID_LISTS and value != "{" + key + "}":
                return _Items(ID_LISTS[key], list(value) if isinstance(value, (list, tuple)) else [value])
            if key in ID_VALUES:
                if isinstance(value, str):
                    return _Verbatim(value)
                if isinstance(value, (list, tuple)):
                    return [_Verbatim(v) if isinstance(v, str) else v for v in value]
            return value
        return super().get_value(key, args, kwargs)  # pragma: no cover


@lru_cache(maxsize=1024)
def _plain_fields(template: str) -> tuple[tuple[str, str | None], ...] | None:
    """(literal text, field name) pairs when every field is a plain ``{name}``, else None.

    Rule templates are parsed once instead of per finding; anything unusual (a format spec, a
    conversion, ``{}``, ``{x.y}``, a syntax error) keeps going through ``_Formatter.vformat``."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    parts: list[tuple[str, str | None]] = []
    for literal, field, spec, conversion in parsed:
        if field is not None and (not field.isidentifier() or spec or conversion):
            return None
        parts.append((literal, field))
    return tuple(parts)


def render(template: str, values: Mapping[str, Any], lang: str, places: PlanPlaces | None = None) -> str:
    """``places``: how the file being checked names its items (default: a plan file without data)."""
    try:
        formatter = _Formatter(lang, places or PlanPlaces({}, lang))
        parts = _plain_fields(template)
        if parts is None:
            return formatter.vformat(template, (), _Values(values))
        kwargs = _Values(values)
        out: list[str] = []
        for literal, field in parts:  # what vformat does for a plain {name}: get_value, then format_field
            out.append(literal)
            if field is not None:
                out.append(formatter.format_field(formatter.get_value(field, (), kwargs), ""))
        return "".join(out)
    except (ValueError, IndexError, KeyError, AttributeError):
        return template


_UNFILLED = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def without_a_finding(template: str, params: Mapping[str, Any], lang: str) -> str:
    """A message or fix template said of the rule, not of one finding (SARIF rule help, catalogues): the
    rule's parameters filled in (``1:{per}`` → ``1:7``), every value only a finding knows (``{missing}``)
    written as ``…``, so no reader sees an unfilled placeholder."""
    plain = {k: v for k, v in params.items() if isinstance(v, (int, float, str)) and not isinstance(v, bool)}
    return _UNFILLED.sub("…", render(template, plain, lang))  # a structured parameter (demand: {...}) is no number


def pick(text: Mapping[str, str] | None, lang: str) -> str:
    if not text:
        return ""
    return text.get(lang) or text.get("zh") or next(iter(text.values()), "")
