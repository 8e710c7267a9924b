"""``wording.yaml`` as data: which file is read (the shipped one or a ministry's draft), its text, its YAML.

Cheap on purpose, because every ``sncheck check`` starts here (a pre-commit hook runs it on every
commit): no typed records, no checks. The vocabulary builds the code lists a check needs from this
data (``sncheck.model.vocabulary``); the typed, checked ``Wording`` (``sncheck.model.wording``) is
built only when something asks for more (departments, asked-about words, headers) or when a draft is
tried. The shipped file is checked by the test suite (tests/test_model_wording.py: its JSON Schema and
every rule ``wording.py`` enforces), so it is not checked again at each start; a draft is checked in full.
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

FORMAT = "sncheck/wording@1"
DRAFT_VARIABLE = "SNCHECK_WORDING"  # a wording file to use instead of the shipped one (a ministry's draft)
SHIPPED = "sncheck/model/wording.yaml"  # how messages name the shipped file


class WordingError(Exception):
    """``wording.yaml`` breaks one of its rules (unknown source, a word meaning two codes...)."""


def draft_path() -> str | None:
    """The file ``$SNCHECK_WORDING`` names: the ministry tries a draft with every command
    (``SNCHECK_WORDING=draft.yaml sncheck check roster.xlsx``) before it ships."""
    return os.environ.get(DRAFT_VARIABLE) or None


@lru_cache(maxsize=1)
def in_use() -> tuple[str, Any]:
    """(where, data) of the wording this process uses: the draft ``$SNCHECK_WORDING`` names, else the
    installed file. Read and parsed once per process; not checked here (``wording.load_in_use`` checks)."""
    draft = draft_path()
    if draft:
        try:
            text = Path(draft).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise WordingError(f"{draft} (${DRAFT_VARIABLE}): cannot read it: {exc}") from None
        return draft, parse(text, draft)
    text = resources.files("sncheck.model").joinpath("wording.yaml").read_text(encoding="utf-8")
    return SHIPPED, parse(text, SHIPPED)


def parse(text: str, where: str) -> Any:
    """The file's data: ``yaml_rs`` (Rust, ~1 ms; a repeated key is an error) when installed, else PyYAML's
    C loader (libyaml, ~8 ms on this file; its pure-Python loader when libyaml is missing). The file uses
    only plain YAML both read alike (a test compares them)."""
    try:
        import yaml_rs
    except ImportError:  # installed without the fast-path libraries (--no-deps)
        pass
    else:
        try:
            return yaml_rs.loads(text, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error)
        except Exception as exc:  # yaml_rs.YAMLDecodeError and its kin
            raise WordingError(f"{where}: not readable YAML: {exc}") from None
    import yaml

    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise WordingError(f"{where}: not readable YAML: {exc}") from None


def plain_words(data: Any, vocabulary: str, code: str) -> tuple[str, ...]:
    """The words written for ``code``, in file order, leaving out those that also set another field
    (``IMPLYING``): what a field accepts as that code. ``KeyError``/``TypeError``/``AttributeError`` when
    the file does not have the shape ``wording.py`` checks (the caller then asks it for the message)."""
    return tuple(entry["word"].strip() for entry in data["vocabularies"][vocabulary][code] if not entry.get("set"))


def setting_words(data: Any, vocabulary: str) -> dict[str, tuple[str, tuple[tuple[str, Any], ...]]]:
    """word -> (code, ((other field, value), ...)) for the words of ``vocabulary`` that also set a field."""
    return {entry["word"].strip(): (str(code), tuple(entry["set"].items()))
            for code, entries in data["vocabularies"][vocabulary].items() for entry in entries if entry.get("set")}


def yes_no(data: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(yes words, no words) of ``yes_no``: the first of each is how sncheck says yes and no (是, 否)."""
    section = data["yes_no"]
    return tuple(str(w).strip() for w in section["yes"]), tuple(str(w).strip() for w in section["no"])


def number_units(data: Any) -> dict[str, tuple[str, ...]]:
    """Plan field -> the unit words written after its numbers (薪點: 點)."""
    return {str(field): tuple(unit.strip() for unit in entry["units"])
            for field, entry in data.get("number_units", {}).items()}
