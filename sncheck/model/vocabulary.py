"""The plan's code lists and their zh-TW aliases: the one place they are defined.

Field values that take a code accept the canonical English code or any zh-TW
label listed here; ``normalize`` maps labels to codes on load. The JSON Schema
enums are checked against these lists by a test, so the two cannot drift.
"""

from __future__ import annotations

from typing import Mapping

Vocabulary = Mapping[str, tuple[str, ...]]  # code -> zh-TW aliases

UNIT_TYPES: Vocabulary = {
    "social_welfare_center": ("社會福利服務中心", "社福中心"),
    "family_violence_center": ("家庭暴力暨性侵害防治中心", "家防中心"),
    "community_mental_health_center": ("社區心理衛生中心", "社區心衛中心"),
    "health_bureau": ("衛生局",),
    "social_affairs_bureau": ("社會局", "社會處"),
    "labor_bureau": ("勞工局", "勞工處"),
    "education_bureau": ("教育局", "教育處"),
    "police": ("警察局",),
    "drug_prevention_center": ("毒品危害防制中心", "毒防局"),
    "youth_guidance": ("少年輔導委員會", "少輔會"),
    "report_investigation_center": ("通報調查處理中心", "通報調查中心"),  # 社安網2.0 (docs/plan-format-2.0.md)
    "other": ("其他",),
}

# Unit types a later period introduced, with its first plan year: a pack whose years end before it
# never knew the unit, so its rules do not see that unit's teams, staff or requests (sncheck/packs/pack_use.py).
UNIT_TYPE_SINCE: Mapping[str, int] = {"report_investigation_center": 115}

PROGRAMS: Vocabulary = {
    "protective_services": ("保護服務",),
    "vulnerable_family": ("脆弱家庭",),
    "disability_needs_assessment": ("充實地方政府社工人力配置及進用計畫－身心障礙需求評估",),
    "disability_needs_assessment_quality": ("提升身心障礙者需求評估服務品質計畫",),
    "mental_health_visits": ("精神病人社區關懷訪視",),
    "suicide_prevention_visits": ("自殺關懷訪視",),
    "mental_health_social_work": ("心理衛生社工",),
    "other": ("其他",),
}

ROLES: Vocabulary = {
    "social_worker": ("社工員", "社會工作人員"),
    "senior_social_worker": ("資深社工", "資深社會工作人員"),
    "supervisor": ("督導", "社工督導"),
    "care_visitor": ("關懷訪視員",),
    "mental_health_social_worker": ("心理衛生社工",),
    "assistant": ("社工助理",),
    "administrative": ("行政人員",),
    "screening_officer": ("篩派案人員",),  # 社安網2.0 通報調查處理中心
    "screening_specialist": ("篩派案專員",),  # 社安網2.0: 2 years as 篩派案人員
}

DIRECT_SERVICE_ROLES = frozenset(
    {"social_worker", "senior_social_worker", "care_visitor", "mental_health_social_worker"}
)

STAFF_FUNDING: Vocabulary = {
    "central": ("中央補助",),
    "county": ("地方自籌",),
    "other": ("其他",),
}

PROFESSIONS: Vocabulary = {
    "social_work": ("社會工作",),
    "psychology": ("心理",),
    "nursing": ("護理",),
    "occupational_therapy": ("職能治療",),
    "education": ("教育",),  # this and the next three: 社安網2.0 通報調查處理中心 (docs/plan-format-2.0.md)
    "criminology": ("犯罪防治",),
    "public_health": ("公共衛生", "公衛"),
    "counselling": ("諮商與輔導", "諮商", "輔導"),
    "other": ("其他",),
}

RECRUITMENT: Vocabulary = {
    "open": ("公開招聘",),
    "transfer": ("轉任",),
    "other": ("其他",),
}

SEGMENT_BUDGETS: Vocabulary = {
    "ssn": ("社安網預算",),
    "county": ("地方自聘",),
    "other": ("其他",),
}

SEGMENT_WORK: Vocabulary = {  # the kind of work of a service segment (社安網2.0 篩派案專員: 2 years of 篩派案)
    "screening": ("篩派案",),
    "other": ("其他",),
}

EVALUATIONS: Vocabulary = {
    "excellent": ("優良",),
    "met": ("達標",),
    "not_met": ("未達標",),
}

REQUEST_CATEGORIES: Vocabulary = {
    "facility_equipment": ("設施設備",),
    "renovation": ("場地修繕",),
    "staff_housing_renovation": ("偏區人員宿舍修繕(閒置空間)", "偏區人員宿舍修繕（閒置空間）", "偏區人員宿舍修繕"),
    "staff_housing_construction": ("宿舍新建",),
    "island_allowance": ("離島加給",),
    "regional_allowance": ("地域加給",),
    "birthday_voucher": ("生日禮券",),
    "recreation": ("文康活動",),
    "placement_fee": ("安置費(非老非障)", "安置費（非老非障）", "安置費"),
    "administrative_cost": ("行政事務費",),
    "other": ("其他",),
}

FUNDING_SOURCES: Vocabulary = {
    "ssn_subsidy": ("社安網中央補助(人事費)", "社安網中央補助（人事費）", "社安網中央補助"),
    "lottery_surplus": ("公益彩券盈餘",),
    "lottery_public_building": ("公益彩券公營造物經費",),
    "county": ("地方自籌",),
    "other": ("其他",),
}

# The 22 counties and cities, written with 臺; 台 is accepted and normalized.
COUNTIES: tuple[str, ...] = (
    "臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市",
    "基隆市", "新竹市", "嘉義市", "新竹縣", "苗栗縣", "彰化縣",
    "南投縣", "雲林縣", "嘉義縣", "屏東縣", "宜蘭縣", "花蓮縣",
    "臺東縣", "澎湖縣", "金門縣", "連江縣",
)

# Which field takes which vocabulary, by (object kind, field name).
FIELD_VOCABULARIES: Mapping[tuple[str, str], Vocabulary] = {
    ("plan", "previous_evaluation"): EVALUATIONS,
    ("team", "unit_type"): UNIT_TYPES,
    ("team", "program"): PROGRAMS,
    ("staff", "role"): ROLES,
    ("staff", "funding"): STAFF_FUNDING,
    ("staff", "profession"): PROFESSIONS,
    ("staff", "recruitment"): RECRUITMENT,
    ("segment", "budget"): SEGMENT_BUDGETS,
    ("segment", "work"): SEGMENT_WORK,
    ("request", "unit_type"): UNIT_TYPES,
    ("request", "category"): REQUEST_CATEGORIES,
    ("request", "funding_source"): FUNDING_SOURCES,
}

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
