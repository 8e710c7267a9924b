"""Rule packs: folders of YAML/JSON rule files with a ``pack.yaml`` manifest.

A pack declares the plan years it covers (the shipped phase-2 pack covers ROC
110–114), so a pack for 社會安全網計畫2.0 (115–119) is added as data, without
code. Every file is validated when loaded (rule-file schema, the named check
exists, the parameters match the check's parameter schema); any problem is a
``RuleFileError`` naming the file and line, which the CLI turns into exit 2.
Nothing in a rule file is executed: they are read with safe loaders only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

from sncheck.model.checks import AnyCheck, CrossPlanCheck
from sncheck.model.findings import Applicability, Severity, Source
from sncheck.read.contained import UnsafeFile, read_inside
from sncheck.read.plan_schema import plan_schema
from sncheck.read.schema import error_without_value, schema_errors
from sncheck.read.source import Document, ProblemError
from sncheck.read.document import read_document

Text = Mapping[str, str]  # {"zh": ..., "en": ...}
RULE_FILE_SUFFIXES = (".yaml", ".yml", ".json")
# A rule's parameters, as JSON: the longest shipped is 707 characters. Bounded at load like the templates
# (the rule-file schema's maxLength), since values of parameters can reach every finding's message.
MAX_PARAMS_CHARS = 16_384


class RuleFileError(Exception):
    """A rule pack cannot be used; the message names file and line (no line for a folder or a file that
    cannot be read: there is none to point at)."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    check: AnyCheck
    severity: Severity
    params: Mapping[str, Any]
    title: Text
    message: Text
    fix: Text | None
    fix_variants: Mapping[str, Text]
    fix_applicability: Applicability
    sources: tuple[Source, ...]
    pack_id: str
    pack_dir: Path
    doc: Mapping[str, Any] = field(default_factory=dict)
    file: str = ""
    line: int | None = None
    status: str = "confirmed"  # "draft": a copied rule not yet confirmed (``rules new-pack``): reports as a warning
    todo: str | None = None  # what an editor of a draft pack still has to do
    supersedes: tuple[str, ...] = ()  # rule ids of other packs this rule replaces when both run on a plan
    message_variants: Mapping[str, Text] = field(default_factory=dict)  # as fix_variants, for the message
    # Plan fields the check uses (docs/authoring-rules.md, "What a rule needs"): ``needs`` must be in the file
    # (a roster without the column: the rule could not run); ``reads`` are used too, their absence being the
    # rule's own business. An unreadable value of either takes its item out of the rule (coverage).
    needs: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()
    points_at: str = ""  # what its findings point at: team, staff, request, or the plan (anything else)

    @property
    def fields(self) -> tuple[str, ...]:
        return self.needs + self.reads

    @property
    def source(self) -> Source:
        return self.sources[0]

    @property
    def cross_plan(self) -> bool:
        """Runs over all plans of a batch (``sncheck.engine.cross_plan``), not on each plan."""
        return isinstance(self.check, CrossPlanCheck)

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def reported_severity(self) -> Severity:
        """What its findings carry: a draft is never an error (not even with a severity override)."""
        return Severity.WARNING if self.is_draft and self.severity is Severity.ERROR else self.severity


@dataclass(frozen=True)
class Pack:
    id: str
    title: Text
    first_year: int
    last_year: int
    path: Path
    rules: tuple[Rule, ...]
    families: Mapping[str, Text] = field(default_factory=dict)  # family id -> {zh, en} label, catalogue order
    short_title: Text | None = None  # "第二期" / "phase 2": how findings name the pack's standards
    partial: Text | None = None  # pack.yaml ``partial:``: why the pack covers only part of its period (PACK002)
    shipped: bool = False  # offered by a plugin (the ``sncheck_rule_packs`` hook), not named with --rules
    sources: tuple[Source, ...] = ()  # pack.yaml ``sources:``: where the pack's period is stated

    def covers(self, plan_year: int) -> bool:
        return self.first_year <= plan_year <= self.last_year

    @property
    def years(self) -> str:
        return f"{self.first_year}–{self.last_year}"

    def name(self, lang: str) -> str:
        """The pack's short name for messages (``short_title``, else its title)."""
        text = self.short_title or self.title
        return text.get("zh" if lang == "zh" else "en", "") or self.id

    def full_title(self, lang: str) -> str:
        """The pack.yaml ``title`` in ``lang`` (reports, templates and starter plans name the period by it)."""
        return self.title.get("zh" if lang == "zh" else "en") or self.id


@lru_cache(maxsize=None)
def _schema(name: str) -> dict[str, Any]:
    return json.loads(resources.files("sncheck").joinpath(f"schemas/{name}").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def plan_fields() -> frozenset[str]:
    """Every plan field a rule's ``needs``/``reads`` may name, from the plan schema: ``county``,
    ``staff.pay_points``, ``staff.history.protective``, ``teams.open_cases``, ``requests.category``."""
    schema = plan_schema()
    defs = schema["$defs"]
    out = set(schema["properties"])
    for list_name, kind in (("teams", "team"), ("staff", "staff"), ("requests", "request")):
        out.update(f"{list_name}.{name}" for name in defs[kind]["properties"])
    out.update(f"staff.history.{name}" for name in defs["segment"]["properties"])
    return frozenset(out)


def _read(path: Path, folder: Path) -> Document:
    """A file of the pack in ``folder``: only a regular file inside it, of a bounded size (read/contained.py)."""
    try:
        raw = read_inside(folder, path)
    except UnsafeFile as exc:
        raise RuleFileError(path, None, f"not read: {exc}") from None
    except OSError as exc:
        raise RuleFileError(path, None, f"cannot read: {exc.strerror or exc}") from None
    try:
        return read_document(str(path), raw)
    except ProblemError as exc:
        raise RuleFileError(path, exc.problem.line, exc.problem.message_en) from None


def _validate(doc: Document, schema_name: str) -> None:
    errors = schema_errors(_schema(schema_name), doc.data)
    if errors:
        error = errors[0]
        pointer = "".join(f"/{p}" for p in error.absolute_path)
        line, _ = doc.position(pointer)
        raise RuleFileError(doc.path, line, f"{pointer or '/'}: {error_without_value(error)}")


def _with_defaults(schema: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(params)  # the rule's own parameters first, as written: `rules show` lists them in this order
    for k, v in schema.get("properties", {}).items():
        if isinstance(v, dict) and "default" in v:
            out.setdefault(k, v["default"])
    return out


def load_pack(path: Path, checks: Mapping[str, AnyCheck]) -> Pack:
    """Load and validate one pack folder."""
    manifest_path = path / "pack.yaml"
    if not path.is_dir():  # --rules gone (a typo, a folder not checked out): not "no pack.yaml"
        raise RuleFileError(path, None, "not a folder (a rule pack is a folder with pack.yaml)" if path.exists()
                            else "no such folder")
    if not manifest_path.is_file():
        raise RuleFileError(path, None, "not a rule pack: no pack.yaml in this folder")
    manifest = _read(manifest_path, path)
    _validate(manifest, "pack.schema.json")
    meta = manifest.data
    first, last = meta["plan_years"]["from"], meta["plan_years"]["to"]
    if first > last:
        raise RuleFileError(manifest_path, manifest.position("/plan_years")[0], "plan_years: 'from' is after 'to'")
    families = _families(manifest)
    if "rule_files" in meta:
        files = [path / name for name in meta["rule_files"]]
    else:
        files = sorted(p for p in path.iterdir() if p.suffix in RULE_FILE_SUFFIXES and p.name != "pack.yaml"
                       and not p.name.startswith((".", "_")))
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for file in files:
        doc = _read(file, path)
        if not (isinstance(doc.data, dict) and "rules" in doc.data):
            if "rule_files" in meta:
                raise RuleFileError(file, 1, "a rule file must have a top-level 'rules' list")
            continue  # a data table in the pack folder (e.g. a share table)
        _validate(doc, "rule-file.schema.json")
        for index, spec in enumerate(doc.data["rules"]):
            pointer = f"/rules/{index}"
            line = doc.position(pointer)[0]
            if spec["id"] in seen:
                raise RuleFileError(file, line, f"rule id {spec['id']} is defined twice (also in {seen[spec['id']]})")
            seen[spec["id"]] = str(file)
            check = checks.get(spec["check"])
            if check is None:
                known = ", ".join(sorted(checks)) or "none"
                raise RuleFileError(file, doc.position(pointer + "/check")[0],
                                    f"rule {spec['id']}: unknown check {spec['check']!r}; installed checks: {known}")
            for key in ("needs", "reads"):
                for number, name in enumerate(spec.get(key, ())):
                    if name not in plan_fields():
                        raise RuleFileError(file, doc.position(f"{pointer}/{key}/{number}")[0],
                                            f"rule {spec['id']}: {key}: {name!r} is not a plan field "
                                            "(staff.pay_points, staff.history.protective, teams.open_cases, "
                                            "requests.category, central_share…)")
            written = len(json.dumps(spec.get("params", {}), ensure_ascii=False, default=str))
            if written > MAX_PARAMS_CHARS:
                raise RuleFileError(file, doc.position(pointer + "/params")[0],
                                    f"rule {spec['id']}: params are {written:,} characters as JSON, over the limit "
                                    f"of {MAX_PARAMS_CHARS:,}")
            params = _with_defaults(check.params_schema, spec.get("params", {}))
            errors = schema_errors(check.params_schema, params)
            if errors:
                bad = errors[0]
                where = "/".join(str(p) for p in bad.absolute_path)
                raise RuleFileError(file, doc.position(f"{pointer}/params{'/' + where if where else ''}")[0],
                                    f"rule {spec['id']}: params{'/' + where if where else ''}: "
                                    f"{error_without_value(bad)}")
            rules.append(Rule(
                id=spec["id"],
                family=spec["family"],
                check=check,
                severity=Severity(spec["severity"]),
                params=params,
                title=spec["title"],
                message=spec["message"],
                fix=spec.get("fix"),
                fix_variants=spec.get("fix_variants", {}),
                fix_applicability=Applicability(spec.get("fix_applicability", "safe")),
                sources=tuple(_source(s) for s in spec["sources"]),
                pack_id=meta["id"],
                pack_dir=path,
                doc=spec.get("doc", {}),
                file=str(file),
                line=line,
                status=spec.get("status", "confirmed"),
                todo=spec.get("todo"),
                supersedes=tuple(spec.get("supersedes", ())),
                message_variants=spec.get("message_variants", {}),
                points_at=spec.get("points_at", ""),
                needs=tuple(spec.get("needs", ())),
                reads=tuple(spec.get("reads", ())),
            ))
    return Pack(meta["id"], meta["title"], first, last, path, tuple(rules), families,
                short_title=meta.get("short_title"), partial=meta.get("partial"),
                sources=tuple(_source(s) for s in meta.get("sources", ())))


def _source(spec: Mapping[str, str]) -> Source:
    return Source(spec["document"], spec.get("title", ""), spec["quote"], spec.get("url", ""), spec.get("date", ""))


def _families(manifest: Document) -> dict[str, Text]:
    """The manifest's ``families:`` (already schema-valid); sncheck's own families cannot be relabelled."""
    from sncheck.model.input_rules import CORE_FAMILIES

    families: dict[str, Text] = dict(manifest.data.get("families", {}))
    for family in families:
        if family in CORE_FAMILIES:
            raise RuleFileError(manifest.path, manifest.position(f"/families/{family}")[0],
                                f"families: {family!r} is sncheck's own family; a pack cannot declare it")
    return families


def _manifest_line(pack: Pack, pointer: str) -> int | None:
    """The line of a key of the pack's ``pack.yaml`` (read again: only an error message needs it)."""
    return _read(pack.path / "pack.yaml", pack.path).position(pointer)[0]


def load_packs(paths: Iterable[Path], checks: Mapping[str, AnyCheck], shipped: int = 0) -> list[Pack]:
    """``shipped``: how many of ``paths`` (the first ones) come from plugins. A pack named with ``--rules``
    whose id is a shipped pack's replaces it (the ministry's edited ``ssn-2.0`` over the one sncheck ships)."""
    packs: list[Pack] = []
    for index, path in enumerate(paths):
        pack = load_pack(Path(path), checks)
        if index < shipped:
            pack = replace(pack, shipped=True)
        for other in list(packs):
            if other.id == pack.id:
                if other.shipped and not pack.shipped:
                    packs.remove(other)
                    continue
                raise RuleFileError(pack.path / "pack.yaml", _manifest_line(pack, "/id"),
                                    f"pack id {pack.id!r} is also used by {other.path}")
        for other in packs:
            clash = rule_id_clash(pack, other, (pack.first_year, pack.last_year), (other.first_year, other.last_year))
            if clash:
                raise RuleFileError(pack.path / "pack.yaml", _manifest_line(pack, "/plan_years"), clash)
        packs.append(pack)
    _check_supersedes(packs)
    return packs


def _check_supersedes(packs: list[Pack]) -> None:
    """A ``supersedes`` entry must name a rule of another loaded pack: a typo would silently let both
    standards report."""
    for pack in packs:
        others = {r.id for other in packs if other is not pack for r in other.rules}
        for rule in pack.rules:
            unknown = [old for old in rule.supersedes if old not in others]
            if unknown:
                raise RuleFileError(rule.file, rule.line, f"rule {rule.id}: supersedes {', '.join(unknown)}, "
                                                          "which no other loaded pack defines")


def rule_id_clash(pack: Pack, other: Pack, years: tuple[int, int], other_years: tuple[int, int]) -> str:
    """Two packs that run on one plan year may not define one rule id (suppressions and --select name
    ids): what is wrong, or "" when nothing is."""
    if years[0] <= other_years[1] and other_years[0] <= years[1]:
        clash = {r.id for r in pack.rules} & {r.id for r in other.rules}
        if clash:
            return f"rule ids {', '.join(sorted(clash))} also defined by pack {other.id} for overlapping years"
    return ""
