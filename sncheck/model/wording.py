"""County wording as data: ``wording.yaml`` read, checked, and asked what a word means.

The words offices write (社工, 社安網, 公開甄選, 社會工作學系, 328點, the headers of their columns) are
data the ministry extends without Python (docs/wording.md). This module turns the file's data
(``sncheck.model.wording_file`` reads and parses it) into typed records, checking each entry: it
knows no codes itself. ``sncheck.model.vocabulary`` checks that every code it names exists;
``sncheck.tabular.headers`` takes the header words from it.

Built when something asks for more than a check's code lists (departments, asked-about words, headers,
a page's accepted words) or a ministry's draft is tried (checked in full at start). A broken file is a
``WordingError`` naming the entry, never a silent mapping.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping

from sncheck.model.wording_file import DRAFT_VARIABLE, FORMAT, WordingError, in_use, parse

__all__ = ["DRAFT_VARIABLE", "FORMAT", "WordingError", "Word", "AskedAbout", "Department", "HeaderWord",
           "Wording", "load", "from_data"]


@dataclass(frozen=True)
class Word:
    """One accepted spelling of a code; ``sets`` are other fields of the item it also states."""

    word: str
    code: str
    sources: tuple[str, ...]
    note: str = ""
    sets: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class AskedAbout:
    """A word whose code the sources do not settle: reported with this reason, never guessed."""

    word: str
    sources: tuple[str, ...]
    note_zh: str
    note_en: str


@dataclass(frozen=True)
class Department:
    """A department name → profession code, or ``profession=None`` with the reason it is undecided."""

    department: str
    profession: str | None
    sources: tuple[str, ...]
    note_zh: str = ""
    note_en: str = ""


@dataclass(frozen=True)
class HeaderWord:
    header: str
    sources: tuple[str, ...]
    values: tuple[tuple[str, str], ...] = ()  # the words of this column only (是否公開甄選: 是 → open)
    note: str = ""


@dataclass(frozen=True)
class Wording:
    sources: Mapping[str, str]
    vocabularies: Mapping[str, Mapping[str, tuple[Word, ...]]]  # vocabulary -> code -> words (label first)
    asked_about: Mapping[str, Mapping[str, AskedAbout]]  # vocabulary -> word -> reason
    departments: Mapping[str, Department]
    school_ends: tuple[str, ...]
    degree_words: tuple[str, ...]
    number_units: Mapping[str, tuple[str, ...]]  # plan field -> unit words (薪點: 點)
    headers: Mapping[str, Mapping[str, tuple[HeaderWord, ...]]]  # table -> field -> headers
    asked_headers: Mapping[str, Mapping[str, AskedAbout]]  # table -> header -> reason
    as_of_labels: tuple[str, ...] = ()  # 資料基準日: a title row giving the date the roster is as of
    yes_no: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # a yes/no cell's or tick mark's words: yes, no
    sheet_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # table -> its sheets' default names

    @property
    def yes_words(self) -> tuple[str, ...]:
        """Read as yes (the first: how sncheck says yes)."""
        return self.yes_no[0]

    @property
    def no_words(self) -> tuple[str, ...]:
        return self.yes_no[1]

    def department(self, text: str) -> Department | None:
        """The department ``text`` names: whole, after a school name (東海大學社會工作學系), without a degree word."""
        text = "".join(text.split())
        for degree in self.degree_words:
            if text.endswith(degree) and len(text) > len(degree):
                text = text[: -len(degree)]
                break
        found = self.departments.get(text)
        if found is not None:
            return found
        for name in sorted(self.departments, key=len, reverse=True):  # the longest name the text ends with
            school = text[: -len(name)]
            if text.endswith(name) and school.endswith(self.school_ends):
                return self.departments[name]
        return None


def load(text: str | None = None) -> Wording:
    """The wording in use (cached: the shipped file, or the draft ``$SNCHECK_WORDING`` names), or the
    wording in ``text`` (tests, a ministry's draft)."""
    return _in_use() if text is None else from_data(parse(text, "wording.yaml"), "wording.yaml")


@lru_cache(maxsize=1)
def _in_use() -> Wording:
    where, data = in_use()
    return from_data(data, where)


def from_data(data: Any, where: str) -> Wording:
    """The typed wording of a parsed file, each entry checked (``where`` names the file in errors)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise WordingError(f"{where}: must be a mapping with format: {FORMAT}")
    return _Reader(data, where).wording()


class _Reader:
    """Turns the parsed file into a ``Wording``, checking each entry as it goes."""

    def __init__(self, data: dict[str, Any], where: str) -> None:
        self.data = data
        self.where = where
        sources = data.get("sources")
        if not isinstance(sources, dict) or not sources:
            raise self.error("sources", "must list the sources entries name")
        self.sources = {str(k): str(v) for k, v in sources.items()}

    def error(self, at: str, problem: str) -> WordingError:
        return WordingError(f"{self.where}: {at}: {problem}")

    def _sources(self, entry: dict[str, Any], at: str) -> tuple[str, ...]:
        named = entry.get("source")
        names = tuple(named) if isinstance(named, list) else (named,) if isinstance(named, str) else ()
        if not names:
            raise self.error(at, "has no source (every entry says where it comes from)")
        unknown = [n for n in names if n not in self.sources]
        if unknown:
            raise self.error(at, f"names unknown source {unknown[0]!r} (add it under sources:)")
        return names

    def _mapping(self, value: Any, at: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(at, "must be a mapping")
        return value

    def _list(self, value: Any, at: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.error(at, "must be a list")
        return value

    def _text(self, value: Any, at: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error(at, "must be a non-empty text")
        return value.strip()

    def wording(self) -> Wording:
        vocabularies, meaning = self._vocabularies()
        return Wording(self.sources, vocabularies, self._asked_about(meaning), self._departments(),
                       *self._department_words(), self._number_units(), *self._headers(),
                       as_of_labels=self._words("as_of_labels"), yes_no=self._yes_no(),
                       sheet_names=self._lists("sheet_names"))

    def _lists(self, name: str) -> dict[str, tuple[str, ...]]:
        """A section of named word lists with one ``source`` (``sheet_names``)."""
        section = self._mapping(self.data.get(name), name)
        self._sources(section, name)
        return {str(key): tuple(self._text(w, f"{name}.{key}") for w in self._list(words, f"{name}.{key}"))
                for key, words in section.items() if key != "source"}

    def _yes_no(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        lists = self._lists("yes_no")
        if set(lists) != {"yes", "no"}:
            raise self.error("yes_no", "must have exactly the lists yes and no")
        both = set(lists["yes"]) & set(lists["no"])
        if both:
            raise self.error("yes_no", f"{sorted(both)[0]!r} is both yes and no (a word means one thing)")
        return lists["yes"], lists["no"]

    def _words(self, name: str) -> tuple[str, ...]:
        """A ``{words: [...], source: ...}`` entry's words."""
        entry = self._mapping(self.data.get(name), name)
        self._sources(entry, name)
        return tuple(self._text(w, f"{name}.words") for w in self._list(entry.get("words"), f"{name}.words"))

    def _vocabularies(self) -> tuple[dict[str, dict[str, tuple[Word, ...]]], dict[str, dict[str, str]]]:
        vocabularies: dict[str, dict[str, tuple[Word, ...]]] = {}
        meaning: dict[str, dict[str, str]] = {}  # vocabulary -> word -> code, to refuse a word with two codes
        for name, codes in self._mapping(self.data.get("vocabularies"), "vocabularies").items():
            vocabularies[name] = {}
            meaning[name] = {}
            for code, entries in self._mapping(codes, f"vocabularies.{name}").items():
                words = []
                for index, entry in enumerate(self._list(entries, f"vocabularies.{name}.{code}")):
                    at = f"vocabularies.{name}.{code}[{index}]"
                    entry = self._mapping(entry, at)
                    word = self._text(entry.get("word"), f"{at}.word")
                    if word in meaning[name] and meaning[name][word] != code:
                        raise self.error(at, f"{word!r} already means {meaning[name][word]!r} (a word means one code)")
                    meaning[name][word] = code
                    sets = tuple(self._mapping(entry.get("set", {}), f"{at}.set").items())
                    words.append(Word(word, str(code), self._sources(entry, at), str(entry.get("note", "")), sets))
                if not words or words[0].sets:
                    raise self.error(f"vocabularies.{name}.{code}", "needs a plain first word (its label)")
                vocabularies[name][str(code)] = tuple(words)
        return vocabularies, meaning

    def _asked_about(self, meaning: dict[str, dict[str, str]]) -> dict[str, dict[str, AskedAbout]]:
        asked: dict[str, dict[str, AskedAbout]] = {}
        for name, entries in self._mapping(self.data.get("asked_about", {}), "asked_about").items():
            if name not in meaning:
                raise self.error(f"asked_about.{name}", "names no vocabulary")
            asked[name] = {}
            for index, entry in enumerate(self._list(entries, f"asked_about.{name}")):
                item = self._asked(entry, f"asked_about.{name}[{index}]", "word")
                if item.word in meaning[name]:
                    raise self.error(f"asked_about.{name}[{index}]",
                                     f"{item.word!r} already means {meaning[name][item.word]!r}; asked about or not, not both")
                asked[name][item.word] = item
        return asked

    def _asked(self, entry: Any, at: str, key: str) -> AskedAbout:
        entry = self._mapping(entry, at)
        return AskedAbout(self._text(entry.get(key), f"{at}.{key}"), self._sources(entry, at),
                          self._text(entry.get("note_zh"), f"{at}.note_zh"),
                          self._text(entry.get("note_en"), f"{at}.note_en"))

    def _departments(self) -> dict[str, Department]:
        table = self._mapping(self.data.get("departments"), "departments")
        departments: dict[str, Department] = {}
        for index, entry in enumerate(self._list(table.get("entries"), "departments.entries")):
            at = f"departments.entries[{index}]"
            entry = self._mapping(entry, at)
            name = self._text(entry.get("department"), f"{at}.department")
            if name in departments:
                raise self.error(at, f"{name!r} is listed twice")
            profession = entry.get("profession")
            if profession is None:  # undecided: the reason is the finding's text
                departments[name] = Department(name, None, self._sources(entry, at),
                                               self._text(entry.get("note_zh"), f"{at}.note_zh"),
                                               self._text(entry.get("note_en"), f"{at}.note_en"))
            else:
                departments[name] = Department(name, self._text(profession, f"{at}.profession"),
                                               self._sources(entry, at), str(entry.get("note", "")))
        return departments

    def _department_words(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        table = self.data["departments"]
        return (tuple(self._text(w, "departments.school_ends") for w in self._list(table.get("school_ends", []), "departments.school_ends")),
                tuple(self._text(w, "departments.degree_words") for w in self._list(table.get("degree_words", []), "departments.degree_words")))

    def _number_units(self) -> dict[str, tuple[str, ...]]:
        units: dict[str, tuple[str, ...]] = {}
        for field, entry in self._mapping(self.data.get("number_units", {}), "number_units").items():
            entry = self._mapping(entry, f"number_units.{field}")
            self._sources(entry, f"number_units.{field}")
            units[str(field)] = tuple(self._text(u, f"number_units.{field}.units")
                                      for u in self._list(entry.get("units"), f"number_units.{field}.units"))
        return units

    def _headers(self) -> tuple[dict[str, dict[str, tuple[HeaderWord, ...]]], dict[str, dict[str, AskedAbout]]]:
        section = self._mapping(self.data.get("headers"), "headers")
        default = section.get("default_source")
        if default not in self.sources:
            raise self.error("headers.default_source", "must name a source")
        tables: dict[str, dict[str, tuple[HeaderWord, ...]]] = {}
        for table, fields in section.items():
            if table in ("default_source", "asked_about"):
                continue
            tables[table] = {}
            seen: dict[str, str] = {}
            for field, entries in self._mapping(fields, f"headers.{table}").items():
                words = []
                for index, entry in enumerate(self._list(entries, f"headers.{table}.{field}")):
                    at = f"headers.{table}.{field}[{index}]"
                    if isinstance(entry, str):
                        words.append(HeaderWord(self._text(entry, at), (default,)))
                        continue
                    entry = self._mapping(entry, at)
                    values = tuple((str(k), str(v)) for k, v in self._mapping(entry.get("values", {}), f"{at}.values").items())
                    words.append(HeaderWord(self._text(entry.get("header"), f"{at}.header"), self._sources(entry, at),
                                            values, str(entry.get("note", ""))))
                for word in words:
                    if word.header in seen:
                        raise self.error(f"headers.{table}.{field}",
                                         f"header {word.header!r} is already {seen[word.header]!r} (a header means one field)")
                    seen[word.header] = str(field)
                tables[table][str(field)] = tuple(words)
        asked: dict[str, dict[str, AskedAbout]] = {}
        for table, entries in self._mapping(section.get("asked_about", {}), "headers.asked_about").items():
            asked[table] = {}
            for index, entry in enumerate(self._list(entries, f"headers.asked_about.{table}")):
                item = self._asked(entry, f"headers.asked_about.{table}[{index}]", "header")
                asked[table][item.word] = item
        return tables, asked
