"""`sncheck schema` (editor variant with zh-TW labels, ROC dates) and `sncheck init` starter plans."""

from __future__ import annotations

import json

import pytest
import yaml
from cli_run import sncheck, write
from jsonschema import Draft202012Validator

from sncheck.read.plan_schema import plan_schema
from sncheck.model.vocabulary import COUNTIES

# The example of PLAN_FORMAT.md, as a county officer writes it.
HAND_WRITTEN = """\
format: sncheck/plan@1
county: 台中市
plan_year: 111
reference_date: 民國111年1月1日
teams:
  - {id: T-DA2, name: 提升身心障礙者需求評估服務品質計畫, unit_type: 社福中心, program: 提升身心障礙者需求評估服務品質計畫}
staff:
  - id: S-001
    team: T-DA2
    role: 社工員
    funding: 中央補助
    pay_points: 328
    hired: 111/1/1
    recruitment: 公開招聘
    training_hours: 30
    history:
      - {from: "2022-01-01", budget: 社安網預算}
requests:
  - {id: R-01, unit_type: 社區心衛中心, category: 設施設備, funding_source: 公益彩券盈餘, amount: 800000}
"""


def editor_validator():
    run = sncheck(["schema"])
    assert run.exit_code == 0
    return Draft202012Validator(json.loads(run.stdout))


def test_editor_schema_accepts_what_people_write(tmp_path):
    data = yaml.safe_load(HAND_WRITTEN)
    assert list(editor_validator().iter_errors(data)) == []
    assert list(Draft202012Validator(plan_schema()).iter_errors(data)) != []  # the canonical one does not
    assert sncheck(["check", str(write(tmp_path / "p.yaml", HAND_WRITTEN))]).exit_code == 0


@pytest.mark.parametrize("pointer, value", [
    (("staff", 0, "role"), "社工師"),
    (("staff", 0, "hired"), "明年"),
    (("county", ), "台中縣"),
    (("staff", 0, "funding"), "central funding"),
])
def test_editor_schema_still_rejects_wrong_values(pointer, value):
    data = yaml.safe_load(HAND_WRITTEN)
    node = data
    for key in pointer[:-1]:
        node = node[key]
    node[pointer[-1]] = value
    errors = list(editor_validator().iter_errors(data))
    assert [list(e.absolute_path) for e in errors] == [list(pointer)]


def test_canonical_schema_is_the_packaged_file(tmp_path):
    out = tmp_path / "plan.schema.json"
    assert sncheck(["schema", "--canonical", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == plan_schema()


@pytest.mark.parametrize("county, year", [("臺中市", 111), ("台北市", 110), ("連江縣", 114), ("高雄市", 112)])
def test_init_writes_a_commented_plan_that_passes(tmp_path, county, year):
    out = tmp_path / "plans" / f"{year}.yaml"
    run = sncheck(["init", "--county", county, "--year", str(year), "-o", str(out)])
    assert run.exit_code == 0
    text = out.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert (data["county"], data["plan_year"]) == (county.replace("台", "臺"), year)
    assert sum(1 for line in text.splitlines() if line.lstrip().startswith("#")) >= 10
    assert "督導" in text and f"sncheck check {year}.yaml" in text
    assert list(editor_validator().iter_errors(data)) == []
    check = sncheck(["check", str(out), "--format", "json"])
    assert check.exit_code == 0 and check.json()["files"][0]["findings"] == []


def test_init_prints_without_output_and_refuses_to_overwrite(tmp_path):
    printed = sncheck(["init", "--county", "臺中市", "--year", "111"])
    assert printed.exit_code == 0 and "county: 臺中市" in printed.stdout
    out = write(tmp_path / "plan.yaml", "mine\n")
    again = sncheck(["init", "--county", "臺中市", "--year", "111", "-o", str(out)])
    assert again.exit_code == 2 and out.read_text(encoding="utf-8") == "mine\n"
    assert sncheck(["init", "--county", "臺中市", "--year", "111", "-o", str(out), "--force"]).exit_code == 0
    assert "plan_year: 111" in out.read_text(encoding="utf-8")


def test_init_rejects_unknown_county():
    run = sncheck(["init", "--county", "臺中縣", "--year", "111"])
    assert run.exit_code == 2 and "臺中縣" in run.stderr and COUNTIES[0] in run.stderr
