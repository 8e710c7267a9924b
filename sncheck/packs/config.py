"""The project configuration file: ``.sncheck.yaml`` or ``[tool.sncheck]`` in ``pyproject.toml``.

Found like other linters find theirs (yamllint, ruff): walk up from the
folder of the checked paths (or the current folder) and take the first
``.sncheck.yaml``/``.sncheck.yml``, or ``pyproject.toml`` that has a
``[tool.sncheck]`` table. One config applies to a whole run. Keys:

* ``select`` / ``ignore`` – rule ids or prefixes (list, or comma-separated text)
* ``severity`` – ``{SUP002: error}``: severity overrides per rule
* ``params`` – ``{SUP001: {workers_per_supervisor: 6}}``: parameter overrides per
  rule, checked against the check's parameter schema when packs load
* ``rule_dirs`` – extra rule pack folders, relative to the config file
* ``apply_packs`` – ``{ssn-phase2: {plan_years: {to: 119}}}``: apply a pack beyond its own
  years by choice (``sncheck/packs/pack_use.py``); pack ids are checked when packs load
* ``lang`` – ``zh-TW`` or ``en``
* ``county`` / ``plan_year`` – for roster workbooks/CSV whose file name does not name them (a county's plan
  repository checked by the pre-commit hook); ``--county``/``--year`` and the file name win
* ``limits`` – ``{max_bytes: …, max_nodes: …, max_depth: …, max_key_chars: …}`` (``sncheck.read.limits``)

Command-line options win over the file (``--select``/``--ignore``/``--lang``
replace it; ``--rules`` folders are added to the file's). A bad file is a
``ConfigError`` naming the file, line and key; the CLI exits 2.
``pyproject.toml`` needs ``tomllib`` (Python ≥ 3.11) or the ``tomli`` package;
without either it is skipped and the walk continues.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

YAML_NAMES = (".sncheck.yaml", ".sncheck.yml")
PYPROJECT = "pyproject.toml"


class ConfigError(Exception):
    """The project config cannot be used; the message names file, line and key."""

    def __init__(self, path: str | Path, key: str, message: str, line: int | None = None) -> None:
        self.path, self.key, self.line = str(path), key, line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    rule_dirs: tuple[Path, ...] = ()
    lang: str | None = None
    county: str | None = None  # for rosters whose file name names none (sncheck/tabular/settings.py)
    plan_year: int | None = None
    limits: Mapping[str, int] = field(default_factory=dict)  # see sncheck.read.limits
    apply_packs: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # pack id -> {from, to}
    # "severity.SUP002", "params.SUP001", "params.SUP001.key" → line in a YAML config, so an override
    # that the loaded rules reject later (sncheck/packs/overrides.py) is reported at its line too
    lines: Mapping[str, int] = field(default_factory=dict)


def _toml() -> Any:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError:
            return None
    return tomllib


def _pyproject_table(path: Path) -> dict[str, Any] | None:
    """The ``[tool.sncheck]`` table, or None when the file has none (or TOML cannot be read here)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if "tool.sncheck" not in text:
        return None
    toml = _toml()
    if toml is None:
        return None
    try:
        data = toml.loads(text)
    except toml.TOMLDecodeError as exc:
        raise ConfigError(path, "", f"not valid TOML: {exc}") from None
    table = data.get("tool", {}).get("sncheck")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(path, "tool.sncheck", "must be a table")
    return table


def find_config(start: Path) -> Path | None:
    """The first config file in ``start`` or one of its parents."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        for name in YAML_NAMES:
            if (candidate / name).is_file():
                return candidate / name
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _pyproject_table(pyproject) is not None:
            return pyproject
    return None


def common_folder(paths: Iterable[Path]) -> Path:
    """Where to start looking: the deepest folder containing all checked paths (else the cwd)."""
    import os

    folders = [str((p if p.is_dir() else p.parent).resolve()) for p in paths]
    return Path(os.path.commonpath(folders)) if folders else Path.cwd()


@lru_cache(maxsize=None)
def _schema() -> dict[str, Any]:
    return json.loads(resources.files("sncheck").joinpath("schemas/config.schema.json").read_text(encoding="utf-8"))


def split_ids(values: Iterable[str]) -> tuple[str, ...]:
    """Rule ids or prefixes as written on the command line or in a config list: comma-separated,
    spaces ignored, upper-cased (``--select sup,fac001`` → ``("SUP", "FAC001")``)."""
    out: list[str] = []
    for value in values:
        out.extend(part.strip().upper() for part in value.split(",") if part.strip())
    return tuple(out)


def _ids(value: Any) -> tuple[str, ...]:
    return split_ids([value] if isinstance(value, str) else value or [])


def load_config(path: Path) -> Config:
    """Read and validate one config file."""
    from sncheck.read.schema import schema_errors
    from sncheck.read.source import ProblemError
    from sncheck.read.document import read_document

    position = None
    if path.name == PYPROJECT:
        data = _pyproject_table(path) or {}
        key_prefix = "tool.sncheck."
    else:
        try:
            doc = read_document(str(path), path.read_bytes())
        except OSError as exc:
            raise ConfigError(path, "", f"cannot read: {exc.strerror or exc}") from None
        except ProblemError as exc:
            raise ConfigError(path, "", exc.problem.message_en, exc.problem.line) from None
        data = {} if doc.data is None else doc.data
        position, key_prefix = doc.position, ""
    if not isinstance(data, dict):
        raise ConfigError(path, "", "the config must be a mapping (key: value)", 1)
    errors = schema_errors(_schema(), data)
    if errors:
        error = errors[0]
        keys = [str(k) for k in error.absolute_path]
        if error.validator == "additionalProperties":
            extra = [k for k in error.instance if k not in error.schema.get("properties", {})]
            keys += extra[:1]
            message = f"unknown key; allowed: {', '.join(error.schema.get('properties', {}))}"
        elif error.validator == "propertyNames":
            keys.append(str(error.instance))
            message = "not a rule id (e.g. SUP001)"
        else:
            message = error.message
        line = position("".join(f"/{k}" for k in keys))[0] if position else None
        raise ConfigError(path, key_prefix + ".".join(keys), message, line)
    for index, folder in enumerate(data.get("rule_dirs", [])):  # said here, with this file's line, not as a pack
        if not (path.parent / folder).is_dir():
            line = position(f"/rule_dirs/{index}")[0] if position else None
            raise ConfigError(path, key_prefix + "rule_dirs", f"no such folder: {folder} ({path.parent / folder}; "
                              "relative to this file)", line)
    return Config(
        path=path,
        select=_ids(data.get("select")),
        ignore=_ids(data.get("ignore")),
        severity=dict(data.get("severity", {})),
        params={rule: dict(values) for rule, values in data.get("params", {}).items()},
        rule_dirs=tuple(path.parent / d for d in data.get("rule_dirs", [])),
        lang=data.get("lang"),
        county=data.get("county"),
        plan_year=data.get("plan_year"),
        limits=dict(data.get("limits", {})),
        apply_packs={pack: dict(value["plan_years"]) for pack, value in data.get("apply_packs", {}).items()},
        lines=_override_lines(data, position),
    )


def _override_lines(data: Mapping[str, Any], position: Any) -> dict[str, int]:
    """Lines of the override keys (YAML configs; TOML has no positions here): a handful of lookups."""
    if position is None:
        return {}
    lines: dict[str, int] = {}
    for pack in data.get("apply_packs") or {}:
        lines[f"apply_packs.{pack}"] = position(f"/apply_packs/{pack}")[0]
    for section in ("severity", "params"):
        for rule_id, value in (data.get(section) or {}).items():
            lines[f"{section}.{rule_id}"] = position(f"/{section}/{rule_id}")[0]
            for key in value if isinstance(value, dict) else ():
                lines[f"{section}.{rule_id}.{key}"] = position(f"/{section}/{rule_id}/{key}")[0]
    return lines


def discover(paths: Iterable[Path], explicit: Path | None = None) -> Config:
    """The config for a run: ``explicit`` (``--config``) or the nearest file; empty if none."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(explicit, "", "no such file")
        return load_config(explicit)
    found = find_config(common_folder(list(paths)))
    return load_config(found) if found else Config()
