"""Seeded generator of realistic plan files for benchmarks and tests.

Plans are generated at run time (never committed). The same seed gives the
same bytes, so timings and findings are comparable between runs. Plans mix
block and flow style, zh-TW aliases, ROC dates and a few rule violations (so
that reports have findings and positions are looked up), like real files.
"""

from __future__ import annotations

import random
from pathlib import Path

COUNTIES = ("臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "基隆市", "新竹市", "嘉義市", "新竹縣",
            "苗栗縣", "彰化縣", "南投縣", "雲林縣", "嘉義縣", "屏東縣", "宜蘭縣", "花蓮縣", "臺東縣", "澎湖縣",
            "金門縣", "連江縣")
_PROGRAMS = ("protective_services", "vulnerable_family", "disability_needs_assessment",
             "disability_needs_assessment_quality", "mental_health_visits")
_UNITS = ("社福中心", "家防中心", "social_welfare_center", "社區心衛中心", "衛生局")
_ROLES = ("社工員", "social_worker", "care_visitor", "資深社工", "mental_health_social_worker")
_CATEGORIES = ("facility_equipment", "renovation", "island_allowance", "regional_allowance", "recreation",
               "placement_fee", "other")
_SOURCES = ("lottery_surplus", "county", "ssn_subsidy", "地方自籌", "lottery_public_building")


def plan_text(staff: int, seed: int = 1, county: str | None = None, year: int | None = None,
              flow: bool | None = None) -> str:
    """YAML text of one plan with ``staff`` staff members (about 260 bytes each)."""
    rnd = random.Random(seed)
    county = county or COUNTIES[seed % len(COUNTIES)]
    year = year or 110 + seed % 5
    flow = (seed % 2 == 0) if flow is None else flow
    n_teams = max(1, staff // 25)
    out = [f"# {county} {year} 年度計畫（產生的測試資料）", "format: sncheck/plan@1", f"county: {county}",
           f"plan_year: {year}", f"financial_tier: {1 + seed % 5}", "teams:"]
    for t in range(n_teams):
        program = _PROGRAMS[t % len(_PROGRAMS)]
        unit = _UNITS[t % len(_UNITS)]
        extra = f", open_cases: {rnd.randint(50, 900)}" if program in ("protective_services", "mental_health_visits") else ""
        extra += f", budgeted_positions: {rnd.randint(20, 27)}" if t % 3 == 0 else ""
        out.append(f"  - {{id: T-{t:02d}, name: 第{t + 1}組, unit_type: {unit}, program: {program}{extra}}}")
    out.append("staff:")
    for s in range(staff):
        team = s % n_teams
        slot = s // n_teams
        role = "督導" if slot % 8 == 7 else _ROLES[rnd.randrange(len(_ROLES))] if rnd.random() < 0.3 else "社工員"
        funding = "中央補助" if rnd.random() < 0.8 else "county"
        protective = _PROGRAMS[team % len(_PROGRAMS)] == "protective_services"
        points = rnd.choice((328, 340, 352, 360, 372, 380)) if protective else rnd.choice((296, 328, 340))
        start_year = rnd.randint(2014, 2023)
        hired = f"{start_year - 1911}/{rnd.randint(1, 12)}/1"
        segments = [(f"{start_year}-{rnd.randint(1, 12):02d}-01", None, rnd.choice(("ssn", "社安網預算", "county")))]
        if rnd.random() < 0.4:
            segments.insert(0, (f"{start_year - 3}-01-01", f"{start_year - 1}-12-31", "ssn"))
        if flow:
            hist = ", ".join(
                "{from: " + a + (f", to: {b}" if b else "") + f", budget: {c}" + (", protective: true" if protective else "") + "}"
                for a, b, c in segments)
            out.append(f"  - {{id: S-{s:04d}, name: 員工{s:04d}, team: T-{team:02d}, role: {role}, funding: {funding}, "
                       f"pay_points: {points}, protective: {'true' if protective else 'false'}, profession: social_work, "
                       f"hired: {hired}, recruitment: 公開招聘, training_hours: {rnd.choice((0, 12, 30))}, history: [{hist}]}}")
        else:
            out += [f"  - id: S-{s:04d}", f"    name: 員工{s:04d}", f"    team: T-{team:02d}", f"    role: {role}",
                    f"    funding: {funding}", f"    pay_points: {points}",
                    f"    protective: {'true' if protective else 'false'}", "    profession: social_work",
                    f"    hired: {hired}", "    recruitment: 公開招聘", f"    training_hours: {rnd.choice((0, 12, 30))}",
                    "    history:"]
            for a, b, c in segments:
                out.append(f"      - from: {a}")
                if b:
                    out.append(f"        to: {b}")
                out.append(f"        budget: {c}")
                if protective:
                    out.append("        protective: true")
    out.append("requests:")
    for r in range(max(1, staff // 30)):
        out.append(f"  - {{id: R-{r:02d}, team: T-{r % n_teams:02d}, unit_type: {_UNITS[r % len(_UNITS)]}, "
                   f"category: {rnd.choice(_CATEGORIES)}, funding_source: {rnd.choice(_SOURCES)}, "
                   f"amount: {rnd.randint(1, 90) * 10000}, year: {year}}}")
    return "\n".join(out) + "\n"


def write_plans(folder: Path, count: int, staff: int, seed: int = 1) -> list[Path]:
    """``count`` plan files in ``folder``, named like a central reviewer receives them."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        s = seed * 100_003 + i
        county = COUNTIES[i % len(COUNTIES)]
        year = 110 + (i // len(COUNTIES)) % 5
        path = folder / f"{county}-{year}-{i:04d}.yaml"
        path.write_text(plan_text(staff, s, county, year), encoding="utf-8")
        paths.append(path)
    return paths
