"""The wording file (sncheck/model/wording.yaml): its shape, its sources, one meaning per word, and the
plan format's own labels keeping their meaning."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from sncheck.model import vocabulary as vocab
from sncheck.model import wording
from sncheck.model.wording import WordingError

TEXT = resources.files("sncheck.model").joinpath("wording.yaml").read_text(encoding="utf-8")
SCHEMA = json.loads(resources.files("sncheck").joinpath("schemas/wording.schema.json").read_text(encoding="utf-8"))

# The plan format's labels before issue 19 (PLAN_FORMAT.md and docs/plan-format-2.0.md): every one must keep
# meaning the same code, whatever words are added.
FORMAT_LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "unit_types": {"social_welfare_center": ("社會福利服務中心", "社福中心"),
                   "family_violence_center": ("家庭暴力暨性侵害防治中心", "家防中心"),
                   "community_mental_health_center": ("社區心理衛生中心", "社區心衛中心"),
                   "health_bureau": ("衛生局",), "social_affairs_bureau": ("社會局", "社會處"),
                   "labor_bureau": ("勞工局", "勞工處"), "education_bureau": ("教育局", "教育處"),
                   "police": ("警察局",), "drug_prevention_center": ("毒品危害防制中心", "毒防局"),
                   "youth_guidance": ("少年輔導委員會", "少輔會"),
                   "report_investigation_center": ("通報調查處理中心", "通報調查中心"), "other": ("其他",)},
    "roles": {"social_worker": ("社工員", "社會工作人員"), "senior_social_worker": ("資深社工", "資深社會工作人員"),
              "supervisor": ("督導", "社工督導"), "care_visitor": ("關懷訪視員",),
              "mental_health_social_worker": ("心理衛生社工",), "assistant": ("社工助理",),
              "administrative": ("行政人員",), "screening_officer": ("篩派案人員",),
              "screening_specialist": ("篩派案專員",)},
    "staff_funding": {"central": ("中央補助",), "county": ("地方自籌",), "other": ("其他",)},
    "professions": {"social_work": ("社會工作",), "psychology": ("心理",), "nursing": ("護理",),
                    "occupational_therapy": ("職能治療",), "education": ("教育",), "criminology": ("犯罪防治",),
                    "public_health": ("公共衛生", "公衛"), "counselling": ("諮商與輔導", "諮商", "輔導"),
                    "other": ("其他",)},
    "recruitment": {"open": ("公開招聘",), "transfer": ("轉任",), "other": ("其他",)},
    "segment_budgets": {"ssn": ("社安網預算",), "county": ("地方自聘",), "other": ("其他",)},
    "funding_sources": {"ssn_subsidy": ("社安網中央補助(人事費)", "社安網中央補助（人事費）", "社安網中央補助"),
                        "lottery_surplus": ("公益彩券盈餘",), "lottery_public_building": ("公益彩券公營造物經費",),
                        "county": ("地方自籌",), "other": ("其他",)},
}


def data() -> Any:
    return yaml.safe_load(TEXT)


def test_the_file_matches_its_json_schema():
    Draft202012Validator.check_schema(SCHEMA)
    assert [e.message for e in Draft202012Validator(SCHEMA).iter_errors(data())] == []


def test_the_shipped_file_passes_every_check_a_draft_gets():
    """The shipped file is not checked at each start (a pre-commit hook's cold path): here instead, with every
    rule wording.py and the vocabulary enforce on a ministry's draft."""
    assert vocab.check_wording(wording.load(TEXT)) == vocab.wording_in_use()


def test_the_code_lists_a_check_reads_are_the_checked_wordings():
    """``sncheck check`` builds its code lists from the file's data, without the typed wording: the same lists."""
    typed = vocab.wording_in_use()
    for name, codes in vocab.CODES.items():
        assert vocab.VOCABULARIES[name] == {code: tuple(w.word for w in typed.vocabularies[name][code] if not w.sets)
                                            for code in codes}
    for key, name in vocab.FIELD_VOCABULARY_NAMES.items():
        assert vocab.IMPLYING[key] == {w.word: (w.code, w.sets) for words in typed.vocabularies[name].values()
                                       for w in words if w.sets}
    assert vocab.IMPLYING[("staff", "role")]["保護性社工"] == ("social_worker", (("protective", True),))
    assert vocab.NUMBER_UNITS == typed.number_units and vocab.NUMBER_UNITS["pay_points"]


def test_a_file_not_shaped_as_documented_is_refused_naming_the_entry():
    broken = data()
    broken["vocabularies"]["recruitment"]["transfer"] = "轉任"  # a word, not a list of entries
    with pytest.raises(WordingError, match=r"^draft.yaml: vocabularies.recruitment.transfer: must be a list$"):
        vocab.tables("draft.yaml", broken)


def test_the_schema_refuses_an_entry_without_a_source():
    broken = data()
    del broken["vocabularies"]["roles"]["social_worker"][2]["source"]
    errors = list(Draft202012Validator(SCHEMA).iter_errors(broken))
    assert [list(e.absolute_path) for e in errors] == [["vocabularies", "roles", "social_worker", 2]]


def test_both_yaml_readers_read_the_file_alike():
    """yaml_rs (YAML 1.2) reads it on the fast path, PyYAML (1.1) without it: the same data either way."""
    yaml_rs = pytest.importorskip("yaml_rs")
    assert yaml_rs.loads(TEXT, parse_datetime=False) == data()


def test_every_entry_names_a_known_source():
    known = set(data()["sources"])
    shipped = vocab.wording_in_use()
    named = [s for words in shipped.vocabularies.values() for entries in words.values() for w in entries for s in w.sources]
    named += [s for asked in shipped.asked_about.values() for a in asked.values() for s in a.sources]
    named += [s for d in shipped.departments.values() for s in d.sources]
    named += [s for fields in shipped.headers.values() for words in fields.values() for w in words for s in w.sources]
    assert named and set(named) <= known
    assert {"trial_19", "exam_rule", "plan_format", "seed_002"} <= set(named)


def test_every_code_named_exists_and_every_code_has_a_label():
    for name, codes in vocab.CODES.items():
        assert list(vocab.wording_in_use().vocabularies[name]) == list(codes)
    for department in vocab.wording_in_use().departments.values():
        assert department.profession is None or department.profession in vocab.CODES["professions"]
    for fields in vocab.wording_in_use().headers.values():
        for words in fields.values():
            for word in words:
                for _, code in word.values:
                    assert code in vocab.CODES["recruitment"]  # the only column with its own words today


def test_no_word_means_two_codes():
    for name, codes in vocab.wording_in_use().vocabularies.items():
        meanings: dict[str, set[str]] = {}
        for code, words in codes.items():
            for word in words:
                meanings.setdefault(word.word, set()).add(code)
        for word in vocab.wording_in_use().asked_about.get(name, {}):
            meanings.setdefault(word, set()).add("(asked about)")
        assert {w: m for w, m in meanings.items() if len(m) > 1} == {}, name


def test_no_header_means_two_fields_in_any_table():
    from sncheck.tabular.headers import COLUMNS, normalize_header

    for kind, columns in COLUMNS.items():
        fields: dict[str, set[tuple[str, str]]] = {}
        for column in columns:
            for header in column.headers:
                fields.setdefault(normalize_header(header), set()).add((column.target, column.field))
        assert {h: f for h, f in fields.items() if len(f) > 1} == {}, kind


@pytest.mark.parametrize("name", sorted(FORMAT_LABELS))
def test_the_plan_formats_labels_keep_their_meaning(name):
    table = vocab.alias_table(vocab.VOCABULARIES[name])
    for code, labels in FORMAT_LABELS[name].items():
        assert vocab.VOCABULARIES[name][code][: len(labels)] == labels  # the label stays first
        for label in labels:
            assert table[label] == code


def _draft(edit: str, replacement: str) -> str:
    assert edit in TEXT
    return TEXT.replace(edit, replacement, 1)


@pytest.mark.parametrize("edit, replacement, said", [
    ("      - {word: 縣市自籌, source: trial_19}\n    other:\n      - {word: 其他, source: plan_format}\n\n  professions",
     "      - {word: 縣市自籌, source: trial_19}\n      - {word: 社安網, source: trial_19}\n    other:\n"
     "      - {word: 其他, source: plan_format}\n\n  professions", "'社安網' already means 'central'"),
    ("      - {word: 公開徵才, source: trial_19}", "      - {word: 公開徵才}", "has no source"),
    ("      - {word: 公開徵才, source: trial_19}", "      - {word: 公開徵才, source: hearsay}", "unknown source 'hearsay'"),
    ("    - {department: 護理系, profession: nursing", "    - {department: 社工系, profession: nursing",
     "'社工系' is listed twice"),
])
def test_a_broken_draft_is_refused_naming_the_entry(edit, replacement, said):
    with pytest.raises(WordingError, match=said):
        wording.load(_draft(edit, replacement))


def test_a_draft_naming_an_unknown_code_is_refused():
    draft = wording.load(_draft("    transfer:\n      - {word: 轉任, source: plan_format}",
                                "    transferred:\n      - {word: 轉任, source: plan_format}"))
    with pytest.raises(WordingError, match="vocabularies.recruitment: unknown code 'transferred'"):
        vocab.check_wording(draft)
    draft = wording.load(_draft("profession: nursing, source: [plan_format, trial_19]}",
                                "profession: nurse, source: [plan_format, trial_19]}"))
    with pytest.raises(WordingError, match="'護理系' names unknown profession 'nurse'"):
        vocab.check_wording(draft)


def test_a_ministry_word_added_to_a_draft_is_accepted():
    """The way docs/wording.md says to add a word: one line under its code, with its source."""
    draft = vocab.check_wording(wording.load(_draft(
        "      - {word: 公開徵才, source: trial_19}",
        "      - {word: 公開徵才, source: trial_19}\n      - {word: 公開招考, source: trial_19}")))
    assert [w.word for w in draft.vocabularies["recruitment"]["open"]][-1] == "公開招考"


def test_departments_are_matched_whole_after_a_school_and_without_a_degree():
    assert vocab.profession_of_department("社會工作學系") == "social_work"
    assert vocab.profession_of_department("東海大學社會工作學系") == "social_work"
    assert vocab.profession_of_department("國立臺北大學社會工作學系碩士班") == "social_work"
    assert vocab.profession_of_department("中原大學心理學系") == "psychology"
    assert vocab.profession_of_department("護理系") == "nursing"
    # a department settles nothing when it is undecided, or is not the end of a school's name
    assert vocab.profession_of_department("社會學系") is None
    assert vocab.profession_of_department("社會工作學系輔系") is None
    assert vocab.profession_of_department("醫學社會學系") is None
    asked = vocab.asked_about("staff", "profession", "國立臺北大學社會學系")
    assert asked is not None and asked.word == "社會學系" and "exam_rule" in asked.sources


def test_accepted_words_for_a_page_asking_about_a_cell():
    funding = vocab.accepted_words("staff", "funding")
    assert [(a.code, a.label_zh) for a in funding] == [("central", "中央補助"), ("county", "地方自籌"), ("other", "其他")]
    assert funding[0].words == ("中央補助", "社安網", "社安網補助", "中央補助款")
    professions = {a.code: a.words for a in vocab.accepted_words("staff", "profession")}
    assert "社會工作學系" in professions["social_work"] and "社會學系" not in sum(professions.values(), ())
    assert vocab.accepted_words("staff", "name") == ()


def _cli(args: list[str], draft: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command in a new process (the wording is read once per process), with a draft file."""
    env = {**os.environ, wording.DRAFT_VARIABLE: str(draft)}
    return subprocess.run([sys.executable, "-m", "sncheck", *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=120)


def test_a_ministry_draft_is_tried_with_every_command_before_it_ships(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("format: sncheck/plan@1\ncounty: 臺中市\nplan_year: 111\nteams: [{id: T1, unit_type: 社福中心}]\n"
                    "staff: [{id: S1, team: T1, role: 社工員, funding: 中央補助, recruitment: 公開招考}]\n", encoding="utf-8")
    shipped = _cli(["check", str(plan)], tmp_path / "missing.yaml", tmp_path)
    assert shipped.returncode == 2 and "missing.yaml ($SNCHECK_WORDING): cannot read it" in shipped.stderr
    assert "Traceback" not in shipped.stderr
    draft = tmp_path / "draft.yaml"
    draft.write_text(_draft("      - {word: 公開徵才, source: trial_19}",
                            "      - {word: 公開徵才, source: trial_19}\n      - {word: 公開招考, source: hearsay}"),
                     encoding="utf-8")
    broken = _cli(["check", str(plan)], draft, tmp_path)
    assert broken.returncode == 2
    assert broken.stderr.strip() == (f"sncheck: {draft}: vocabularies.recruitment.open[3]: names unknown source 'hearsay' "
                                     "(add it under sources:)")
    draft.write_text(_draft("  trial_19:", "  hearsay: \"衛福部函（範例）\"\n  trial_19:")
                     .replace("      - {word: 公開徵才, source: trial_19}",
                              "      - {word: 公開徵才, source: trial_19}\n      - {word: 公開招考, source: hearsay}"),
                     encoding="utf-8")
    accepted = _cli(["check", str(plan), "--format", "json"], draft, tmp_path)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert [f["rule"] for f in json.loads(accepted.stdout)["files"][0]["findings"]] == []
    without = subprocess.run([sys.executable, "-m", "sncheck", "check", str(plan)], capture_output=True, text=True,
                             cwd=tmp_path, timeout=120, env={k: v for k, v in os.environ.items()
                                                            if k != wording.DRAFT_VARIABLE})
    assert without.returncode == 1 and "公開招考" in without.stdout  # the shipped file does not know the word
