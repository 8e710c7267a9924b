"""The plan's code lists, and the zh-TW words for each code read from ``wording.yaml``.

Field values that take a code accept the canonical English code or any zh-TW
word the wording file lists for it; ``normalize`` maps words to codes on load.
The codes are defined here (the JSON Schema enums are checked against these
lists by a test, so the two cannot drift); the words are data the ministry
extends (docs/wording.md). A word in no list is never guessed into a code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Mapping

from sncheck.model import wording_file
from sncheck.model.wording_file import WordingError

if TYPE_CHECKING:
    from sncheck.model.wording import AskedAbout, Wording

Vocabulary = Mapping[str, tuple[str, ...]]  # code -> zh-TW words (the first is the label)

# The codes of each vocabulary: the plan format's contract (schemas/plan.schema.json has the same lists,
# tests/test_packs_rule_pack.py keeps them equal). The words for them are data: wording.yaml.
CODES: Mapping[str, tuple[str, ...]] = {
    "unit_types": ("social_welfare_center", "family_violence_center", "community_mental_health_center",
                   "health_bureau", "social_affairs_bureau", "labor_bureau", "education_bureau", "police",
                   "drug_prevention_center", "youth_guidance",
                   "report_investigation_center",  # 社安網2.0 (docs/plan-format-2.0.md)
                   "other"),
    "programs": ("protective_services", "vulnerable_family", "disability_needs_assessment",
                 "disability_needs_assessment_quality", "mental_health_visits", "suicide_prevention_visits",
                 "mental_health_social_work", "other"),
    "roles": ("social_worker", "senior_social_worker", "supervisor", "care_visitor", "mental_health_social_worker",
              "assistant", "administrative",
              "screening_officer",  # 社安網2.0 通報調查處理中心
              "screening_specialist"),  # 社安網2.0: 2 years as 篩派案人員
    "staff_funding": ("central", "county", "other"),
    "professions": ("social_work", "psychology", "nursing", "occupational_therapy",
                    "education", "criminology", "public_health", "counselling",  # 社安網2.0 通報調查處理中心
                    "other"),
    "recruitment": ("open", "transfer", "other"),
    "segment_budgets": ("ssn", "county", "other"),
    "segment_work": ("screening", "other"),  # the kind of work of a segment (社安網2.0 篩派案專員: 2 years of 篩派案)
    "evaluations": ("excellent", "met", "not_met"),
    "request_categories": ("facility_equipment", "renovation", "staff_housing_renovation",
                           "staff_housing_construction", "island_allowance", "regional_allowance",
                           "birthday_voucher", "recreation", "placement_fee", "administrative_cost", "other"),
    "funding_sources": ("ssn_subsidy", "lottery_surplus", "lottery_public_building", "county", "other"),
}


def check_wording(words: Wording) -> Wording:
    """``words`` if every code it names is known here and every code has a label; else ``WordingError``
    naming the entry (a ministry's draft is checked at start, the shipped file by the test suite)."""
    for name, codes in CODES.items():
        listed = words.vocabularies.get(name, {})
        unknown = [code for code in listed if code not in codes]
        if unknown:
            raise WordingError(f"wording.yaml: vocabularies.{name}: unknown code {unknown[0]!r} (codes: {', '.join(codes)})")
        missing = [code for code in codes if code not in listed]
        if missing:
            raise WordingError(f"wording.yaml: vocabularies.{name}: code {missing[0]!r} has no words (its label first)")
    unknown_names = [name for name in words.vocabularies if name not in CODES]
    if unknown_names:
        raise WordingError(f"wording.yaml: vocabularies.{unknown_names[0]}: no such vocabulary ({', '.join(CODES)})")
    for department in words.departments.values():
        if department.profession is not None and department.profession not in CODES["professions"]:
            raise WordingError(f"wording.yaml: departments: {department.department!r} names unknown profession "
                               f"{department.profession!r}")
    return words


@lru_cache(maxsize=1)
def wording_in_use() -> Wording:
    """The typed, checked wording (``sncheck.model.wording``): departments, asked-about words, headers.
    Built on first use: a plan check whose fields are all codes or listed words never needs it."""
    from sncheck.model.wording import load

    return check_wording(load())


def tables(where: str, data: Any) -> tuple[dict[str, Vocabulary],
                                          dict[str, dict[str, tuple[str, tuple[tuple[str, Any], ...]]]],
                                          dict[str, tuple[str, ...]], tuple[str, str]]:
    """From a parsed wording file (``where`` names it): by vocabulary name, code -> its plain words in file
    order, and the words that also set another field (``IMPLYING``); the unit words per field; how sncheck
    says yes and no (the first of each ``yes_no`` list).

    A ministry's draft (``$SNCHECK_WORDING``) is checked in full first, so a broken draft stops every
    command naming the entry; the shipped file is checked by the test suite (tests/test_model_wording.py),
    not at each start. A file not shaped as docs/wording.md says is reported by the full check too."""
    if wording_file.draft_path() is not None:
        wording_in_use()
    try:
        yes, no = wording_file.yes_no(data)
        return ({name: {code: wording_file.plain_words(data, name, code) for code in codes} for name, codes in CODES.items()},
                {name: wording_file.setting_words(data, name) for name in CODES}, wording_file.number_units(data),
                (yes[0], no[0]))
    except (KeyError, TypeError, AttributeError, IndexError):
        from sncheck.model.wording import from_data

        check_wording(from_data(data, where))  # raises the WordingError naming the entry
        raise WordingError(f"{where}: not shaped as docs/wording.md says") from None


# by name (wording.yaml); YES, NO: how sncheck says yes and no in zh-TW (是, 否)
VOCABULARIES, _SETTING_WORDS, _NUMBER_UNITS, (YES, NO) = tables(*wording_file.in_use())

UNIT_TYPES = VOCABULARIES["unit_types"]

# Unit types a later period introduced, with its first plan year: a pack whose years end before it
# never knew the unit, so its rules do not see that unit's teams, staff or requests (sncheck/packs/pack_use.py).
UNIT_TYPE_SINCE: Mapping[str, int] = {"report_investigation_center": 115}

PROGRAMS = VOCABULARIES["programs"]
ROLES = VOCABULARIES["roles"]

DIRECT_SERVICE_ROLES = frozenset(
    {"social_worker", "senior_social_worker", "care_visitor", "mental_health_social_worker"}
)

STAFF_FUNDING = VOCABULARIES["staff_funding"]
PROFESSIONS = VOCABULARIES["professions"]
RECRUITMENT = VOCABULARIES["recruitment"]
SEGMENT_BUDGETS = VOCABULARIES["segment_budgets"]
SEGMENT_WORK = VOCABULARIES["segment_work"]
EVALUATIONS = VOCABULARIES["evaluations"]
REQUEST_CATEGORIES = VOCABULARIES["request_categories"]
FUNDING_SOURCES = VOCABULARIES["funding_sources"]

# The 22 counties and cities, written with 臺; 台 is accepted and normalized.
COUNTIES: tuple[str, ...] = (
    "臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市",
    "基隆市", "新竹市", "嘉義市", "新竹縣", "苗栗縣", "彰化縣",
    "南投縣", "雲林縣", "嘉義縣", "屏東縣", "宜蘭縣", "花蓮縣",
    "臺東縣", "澎湖縣", "金門縣", "連江縣",
)

# Which field takes which vocabulary, by (object kind, field name).
FIELD_VOCABULARY_NAMES: Mapping[tuple[str, str], str] = {
    ("plan", "previous_evaluation"): "evaluations",
    ("team", "unit_type"): "unit_types",
    ("team", "program"): "programs",
    ("staff", "role"): "roles",
    ("staff", "funding"): "staff_funding",
    ("staff", "profession"): "professions",
    ("staff", "recruitment"): "recruitment",
    ("segment", "budget"): "segment_budgets",
    ("segment", "work"): "segment_work",
    ("request", "unit_type"): "unit_types",
    ("request", "category"): "request_categories",
    ("request", "funding_source"): "funding_sources",
}
FIELD_VOCABULARIES: Mapping[tuple[str, str], Vocabulary] = {
    key: VOCABULARIES[name] for key, name in FIELD_VOCABULARY_NAMES.items()
}

# Words that state a code and another field of the same item (保護性社工: social_worker, protective true),
# by (object kind, field): word -> (code, ((other field, value), ...)). ``normalize`` applies them.
IMPLYING: Mapping[tuple[str, str], Mapping[str, tuple[str, tuple[tuple[str, object], ...]]]] = {
    key: _SETTING_WORDS[name] for key, name in FIELD_VOCABULARY_NAMES.items()
}

# Unit words written after a number, per plan field (薪點 ``328點``).
NUMBER_UNITS: Mapping[str, tuple[str, ...]] = _NUMBER_UNITS

DATE_FIELDS: Mapping[str, tuple[str, ...]] = {
    "plan": ("reference_date",),
    "staff": ("hired",),
    "segment": ("from", "to"),
}


def alias_table(vocabulary: Vocabulary) -> dict[str, str]:
    """Every accepted spelling (code or alias) mapped to its canonical code."""
    table = {code: code for code in vocabulary}
    for code, aliases in vocabulary.items():
        for alias in aliases:
            table[alias] = code
    return table


def canonical_county(name: str) -> str:
    return name.replace("台", "臺")


def profession_of_department(text: str) -> str | None:
    """The profession a department name settles (東海大學社會工作學系 → social_work); None if it settles none."""
    department = wording_in_use().department(text)
    return department.profession if department is not None else None


def asked_about(kind: str, field: str, word: str) -> AskedAbout | None:
    """Why ``word`` in this field is not mapped, when the wording file says the sources leave it open."""
    name = FIELD_VOCABULARY_NAMES.get((kind, field))
    if name is None:
        return None
    words = wording_in_use()
    asked = words.asked_about.get(name, {}).get(word.strip())
    if asked is None and name == "professions":
        department = words.department(word)
        if department is not None and department.profession is None:
            from sncheck.model.wording import AskedAbout

            asked = AskedAbout(department.department, department.sources, department.note_zh, department.note_en)
    return asked


@dataclass(frozen=True)
class AcceptedWord:
    """One code a field accepts, with its zh-TW label and every word written for it (for a page asking)."""

    code: str
    label_zh: str
    words: tuple[str, ...]


def accepted_words(kind: str, field: str) -> tuple[AcceptedWord, ...]:
    """The codes a field takes, each with its label and accepted words, in the plan format's order;
    ``()`` for a field that takes no code. ``kind``: plan, team, staff, segment or request."""
    name = FIELD_VOCABULARY_NAMES.get((kind, field))
    if name is None:
        return ()
    wording = wording_in_use()
    entries = wording.vocabularies[name]
    accepted = []
    for code in CODES[name]:
        words = [w.word for w in entries[code]]
        if name == "professions":
            words += [d.department for d in wording.departments.values() if d.profession == code]
        accepted.append(AcceptedWord(code, words[0], tuple(words)))
    return tuple(accepted)


_KINDS_BY_LIST = {"teams": "team", "staff": "staff", "requests": "request"}


def field_of_pointer(pointer: str) -> tuple[str, str] | None:
    """(object kind, field) of a plan pointer: ``/staff/3/history/0/budget`` → ("segment", "budget")."""
    parts = pointer.split("/")[1:]
    if len(parts) == 1:
        return "plan", parts[0]
    if len(parts) == 3 and parts[0] in _KINDS_BY_LIST:
        return _KINDS_BY_LIST[parts[0]], parts[2]
    if len(parts) == 5 and parts[0] == "staff" and parts[2] == "history":
        return "segment", parts[4]
    return None
