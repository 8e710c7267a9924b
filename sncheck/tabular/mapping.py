"""The mapping file: how one county's workbook differs from the default zh-TW layout.

A small YAML file (all keys optional)::

    county: 臺中市            # used when --county is not given
    plan_year: 111            # used when --year is not given
    reference_date: 111/1/1   # optional, as in the plan
    sheets:                   # sheet names in the workbook (defaults: wording.yaml sheet_names)
      staff: 人員名冊          # one name or a list (e.g. one sheet per team)
      segments: 服務年資
      requests: 經費需求
      teams: 組別
      ignore: [統計]          # sheets to leave out, on purpose
    headers:                  # your header → plan field or default header; null = leave the column out
      staff: {職務名稱: role, 俸點: pay_points, 備註: null}
      segments: {起: from}
    teams:                    # only when there is no teams sheet: teams come from 單位/組別 values
      unit_type: 社福中心       # for every team whose name does not say its unit type
      unit_types: {北區家防組: 家防中心}
      program: 脆弱家庭
    values:                   # extra spellings for codes, per plan field
      role: {社工: 社工員}
      funding: {中央: central}
    files:                    # other files of a CSV set, relative to this mapping file (CLI options win)
      teams: 組別.csv
      requests: 經費需求.csv
      segments: 服務年資.csv

A bad mapping file is a usage error (exit 2) naming the key, never ignored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from sncheck.model import vocabulary as vocab
from sncheck.model.wording import WordingError
from sncheck.read.schema import schema_errors
from sncheck.model.pointers import escape_token
from sncheck.read.document import read_document
from sncheck.read.source import ProblemError
from sncheck.tabular.headers import COLUMNS, KINDS, resolve_target

def _default_sheets() -> Mapping[str, tuple[str, ...]]:
    """The sheet names of each table when no mapping file names them: wording.yaml ``sheet_names``, which
    must name exactly the tables (and ``ignore``)."""
    names = vocab.wording_in_use().sheet_names
    if set(names) != set(KINDS + ("ignore",)):
        raise WordingError(f"wording.yaml: sheet_names: must list {', '.join(KINDS + ('ignore',))}, "
                           f"found {', '.join(names)}")
    return names


DEFAULT_SHEETS: Mapping[str, tuple[str, ...]] = _default_sheets()

_TOP_KEYS = {"county", "plan_year", "reference_date", "sheets", "headers", "teams", "values", "files"}
MAPPING_KEYS = frozenset(_TOP_KEYS)  # a YAML file with only these keys is a mapping file (``sncheck serve`` uploads)
_FILE_KINDS = ("teams", "requests", "segments")


class MappingError(Exception):
    """The mapping file is unusable (exit 2 with this message). ``pointer``: where in the file (JSON Pointer),
    so ``load_mapping`` can name the line."""

    def __init__(self, message: str, pointer: str = "") -> None:
        super().__init__(message)
        self.pointer = pointer


@dataclass(frozen=True)
class TeamDefaults:
    unit_type: str | None = None
    unit_types: Mapping[str, str] = field(default_factory=dict)
    program: str | None = None


@dataclass(frozen=True)
class ImportMapping:
    county: str | None = None
    plan_year: int | None = None
    reference_date: str | None = None
    sheets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # only the kinds the file names
    headers: Mapping[str, Mapping[str, str | None]] = field(default_factory=dict)
    teams: TeamDefaults = field(default_factory=TeamDefaults)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # field -> spelling -> code or label
    files: Mapping[str, Path] = field(default_factory=dict)  # teams/requests/segments -> file

    def sheet_names(self, kind: str) -> tuple[str, ...]:
        return self.sheets.get(kind, DEFAULT_SHEETS[kind])


def load_mapping(path: Path | None) -> ImportMapping:
    """The mapping in ``path`` (or the defaults); raises ``MappingError`` naming the file, line and key.

    Read with the plan reader (positions, and its limits against hostile YAML), checked against
    ``schemas/mapping.schema.json`` (the shape), then by ``parse_mapping`` (fields and codes)."""
    if path is None:
        return ImportMapping()
    try:
        doc = read_document(str(path), path.read_bytes())
    except OSError as exc:
        raise MappingError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except ProblemError as exc:
        if exc.problem.code == "empty":
            return ImportMapping()
        raise MappingError(f"{path}:{exc.problem.line or 1}: not valid UTF-8 YAML: {exc.problem.message_en}") from None
    if doc.data is None:
        return ImportMapping()
    errors = schema_errors(mapping_schema(), doc.data) if isinstance(doc.data, dict) else []
    if errors:
        error = errors[0]
        keys = [str(k) for k in error.absolute_path]
        if error.validator == "additionalProperties":
            keys += [k for k in error.instance if k not in error.schema.get("properties", {})][:1]
        elif error.validator == "propertyNames":
            keys.append(str(error.instance))
        pointer = "".join(f"/{escape_token(k)}" for k in keys)
        raise MappingError(f"{path}:{doc.position(pointer)[0] or 1}: {': '.join(keys) or 'mapping'}: "
                           f"{_schema_message(error)}", pointer)
    try:
        return parse_mapping(doc.data, str(path), path.parent)
    except MappingError as exc:
        line = doc.position(exc.pointer)[0] if exc.pointer else None
        if line is None:
            raise
        where = str(path)
        raise MappingError(f"{where}:{line}:{str(exc)[len(where) + 1:]}" if str(exc).startswith(where + ":")
                           else f"{where}:{line}: {exc}", exc.pointer) from None


@lru_cache(maxsize=None)
def mapping_schema() -> dict[str, Any]:
    """The mapping file's JSON Schema (docs/import.md describes it; the page's downloads follow it)."""
    return json.loads(resources.files("sncheck").joinpath("schemas/mapping.schema.json").read_text(encoding="utf-8"))


def _schema_message(error: Any) -> str:
    if error.validator == "additionalProperties":
        return f"unknown key; allowed: {', '.join(error.schema.get('properties', {}))}"
    if error.validator == "propertyNames":
        return f"unknown table; allowed: {', '.join(error.schema['propertyNames']['enum'])}"
    if error.validator in ("type", "oneOf"):
        return f"expected {_expected(error.schema)}, found {type(error.instance).__name__} {error.instance!r}"[:300]
    return str(error.message)[:300]


def _expected(schema: Any) -> str:
    kinds = schema.get("type") or [t for option in schema.get("oneOf", []) for t in _as_list(option.get("type"))]
    names = {"object": "a mapping (key: value)", "array": "a list", "string": "a text", "integer": "a whole number",
             "null": "nothing"}
    return " or ".join(names.get(k, k) for k in _as_list(kinds))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value else []


def parse_mapping(data: Any, where: str = "mapping", folder: Path | None = None) -> ImportMapping:
    _mapping(data, where)
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise MappingError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                           f"allowed: {', '.join(sorted(_TOP_KEYS))}", f"/{escape_token(str(min(map(str, unknown))))}")
    plan_year = data.get("plan_year")
    if plan_year is not None and not isinstance(plan_year, int):
        raise MappingError(f"{where}: plan_year must be an integer ROC year, found {plan_year!r}")
    sheets: dict[str, tuple[str, ...]] = {}
    for kind, names in _mapping(data.get("sheets") or {}, f"{where}: sheets").items():
        if kind not in KINDS + ("ignore",):
            raise MappingError(f"{where}: sheets: unknown table {kind!r}; allowed: {', '.join(KINDS + ('ignore',))}")
        sheets[kind] = tuple(str(n) for n in names) if isinstance(names, list) else (str(names),)
    headers: dict[str, dict[str, str | None]] = {}
    for kind, table in _mapping(data.get("headers") or {}, f"{where}: headers").items():
        if kind not in KINDS:
            raise MappingError(f"{where}: headers: unknown table {kind!r}; allowed: {', '.join(KINDS)}")
        headers[kind] = {}
        for header, target in _mapping(table or {}, f"{where}: headers: {kind}").items():
            if target is not None:
                try:
                    resolve_target(kind, str(target))
                except KeyError:
                    fields = ", ".join(c.field for c in COLUMNS[kind])
                    raise MappingError(f"{where}: headers: {kind}: {header!r} → {target!r} is not a field of "
                                       f"{kind}; fields: {fields}", _pointer("headers", kind, header)) from None
            headers[kind][str(header)] = None if target is None else str(target)
    teams = _mapping(data.get("teams") or {}, f"{where}: teams")
    unknown = set(teams) - {"unit_type", "unit_types", "program"}
    if unknown:
        raise MappingError(f"{where}: teams: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                           "allowed: unit_type, unit_types, program")
    team_defaults = TeamDefaults(
        _code(teams.get("unit_type"), vocab.UNIT_TYPES, f"{where}: teams: unit_type"),
        {str(k): _code(v, vocab.UNIT_TYPES, f"{where}: teams: unit_types: {k}") or ""
         for k, v in _mapping(teams.get("unit_types") or {}, f"{where}: teams: unit_types").items()},
        _code(teams.get("program"), vocab.PROGRAMS, f"{where}: teams: program"),
    )
    values: dict[str, dict[str, str]] = {}
    coded = {f for (_, f) in vocab.FIELD_VOCABULARIES}
    for name, spellings in _mapping(data.get("values") or {}, f"{where}: values").items():
        if name not in coded:
            raise MappingError(f"{where}: values: {name!r} takes no code; "
                               f"fields with codes: {', '.join(sorted(coded))}", _pointer("values", name))
        vocabularies = [v for (_, f), v in vocab.FIELD_VOCABULARIES.items() if f == name]
        values[name] = {}
        for spelling, target in _mapping(spellings or {}, f"{where}: values: {name}").items():
            values[name][str(spelling)] = _code(target, vocabularies[0], f"{where}: values: {name}: {spelling}",
                                                _pointer("values", name, spelling)) or ""
    files: dict[str, Path] = {}
    for kind, name in _mapping(data.get("files") or {}, f"{where}: files").items():
        if kind not in _FILE_KINDS or not isinstance(name, str):
            raise MappingError(f"{where}: files: {kind!r} must be one of {', '.join(_FILE_KINDS)} with a file name")
        files[kind] = (folder or Path(".")) / name
    reference = data.get("reference_date")
    return ImportMapping(
        county=str(data["county"]) if data.get("county") is not None else None,
        plan_year=plan_year,
        reference_date=None if reference is None else str(reference),
        sheets=sheets, headers=headers, teams=team_defaults, values=values, files=files,
    )


def _mapping(value: Any, where: str) -> dict[Any, Any]:
    if not isinstance(value, dict):
        raise MappingError(f"{where}: expected a mapping (key: value), found {type(value).__name__}")
    return value


def _code(value: Any, vocabulary: vocab.Vocabulary, where: str, pointer: str = "") -> str | None:
    """A code or zh-TW label from the vocabulary, as its code."""
    if value is None:
        return None
    code = vocab.alias_table(vocabulary).get(str(value).strip())
    if code is None:
        raise MappingError(f"{where}: {value!r} is not one of: "
                           + ", ".join(f"{c} ({a[0]})" for c, a in vocabulary.items()), pointer)
    return code


def _pointer(*keys: Any) -> str:
    return "".join(f"/{escape_token(str(k))}" for k in keys)


def mapping_data(mapping: ImportMapping) -> dict[str, Any]:
    """``mapping`` as the YAML file says it (what ``parse_mapping`` reads back to the same mapping); only the
    keys it sets. ``files:`` are written as bare names (they sit beside the mapping file)."""
    data: dict[str, Any] = {}
    if mapping.county is not None:
        data["county"] = mapping.county
    if mapping.plan_year is not None:
        data["plan_year"] = mapping.plan_year
    if mapping.reference_date is not None:
        data["reference_date"] = mapping.reference_date
    if mapping.sheets:
        data["sheets"] = {kind: list(names) if len(names) != 1 else names[0] for kind, names in mapping.sheets.items()}
    if any(mapping.headers.values()):
        data["headers"] = {kind: dict(table) for kind, table in mapping.headers.items() if table}
    teams: dict[str, Any] = {}
    if mapping.teams.unit_type:
        teams["unit_type"] = mapping.teams.unit_type
    if mapping.teams.unit_types:
        teams["unit_types"] = dict(mapping.teams.unit_types)
    if mapping.teams.program:
        teams["program"] = mapping.teams.program
    if teams:
        data["teams"] = teams
    if any(mapping.values.values()):
        data["values"] = {name: {word: _label(name, code) for word, code in words.items()}
                          for name, words in mapping.values.items() if words}
    if mapping.files:
        data["files"] = {kind: path.name for kind, path in mapping.files.items()}
    return data


def mapping_text(mapping: ImportMapping, comment: str = "") -> str:
    """The mapping file's text (UTF-8 YAML, the county's words unescaped), ``comment`` lines on top."""
    import yaml

    head = "".join(f"# {line}\n" for line in comment.splitlines())
    return head + yaml.safe_dump(mapping_data(mapping), allow_unicode=True, sort_keys=False, width=1000)


def _label(name: str, code: str) -> str:
    """A code of field ``name`` as its zh-TW label (``social_worker`` → 社工員), which reads back as the code."""
    vocabulary = next((v for (_, f), v in vocab.FIELD_VOCABULARIES.items() if f == name), {})
    aliases = vocabulary.get(code, ())
    return aliases[0] if aliases else code
