"""A wrong mapping file is a clear error naming the file, the line and the key (schemas/mapping.schema.json, then
the fields and codes), never a traceback; the page's downloads and hand-written files are read the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from serve_helpers import asking_workbook
from sncheck.cli import main
from sncheck.tabular.mapping import MappingError, load_mapping


@pytest.mark.parametrize(("text", "expected"), [
    ("headers:\n  staff:\n    辦理保護案件: 保護性\nvalues:\n  role:\n    社工師: 社工王\n",
     "m.yaml:6: values: role: 社工師: '社工王' is not one of: social_worker (社工員)"),
    ("headers:\n  staf:\n    x: role\n", "m.yaml:2: headers: 'staf' is not one of ['staff', 'segments', 'requests', 'teams']"),
    ("values:\n  role: [a, b]\n", "m.yaml:2: values: role: expected a mapping (key: value) or nothing, found list"),
    ("county: 臺中市\nhead: 1\n", "m.yaml:2: head: unknown key; allowed: county, plan_year"),
    ("headers:\n  staff:\n    x: nosuch\n", "m.yaml:3: headers: staff: 'x' → 'nosuch' is not a field of staff"),
    ("values:\n  salary: {a: b}\n", "m.yaml:2: values: 'salary' takes no code"),
    ("plan_year: 一一一\n", "m.yaml:1: plan_year: expected a whole number, found str '一一一'"),
    ("a: [\n", "m.yaml:2: not valid UTF-8 YAML"),
])
def test_a_wrong_mapping_names_its_line_and_key(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert str(caught.value).startswith(f"{tmp_path}/{expected}")
    roster = asking_workbook(tmp_path / "臺中市-112.xlsx")
    result = CliRunner().invoke(main, ["check", str(roster), "--mapping", str(path)])
    assert result.exit_code == 2 and f"m.yaml:{expected.split(':')[1]}:" in result.output
    assert "Traceback" not in result.output


def test_an_empty_mapping_file_is_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text("# 尚無對照\n", encoding="utf-8")
    assert load_mapping(tmp_path / "m.yaml") == load_mapping(None)
