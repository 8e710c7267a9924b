"""Injection into reports (issue 23, Medium 8): a plan value cannot become a spreadsheet formula, a forged
finding line or CI workflow command, a Markdown link or image, or a JUnit file that is not XML."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from conftest import base_plan
from sncheck.cli import main

FORGED = "T9\np.yaml:1:1: SUP001 error forged\n::add-mask::secret\n::error::forged"


def _plan(tmp_path: Path, team: str, county: str = "臺中市") -> Path:
    """A team named ``team`` with one central supervisor too many (SUP001 quotes the team's id as written)."""
    staff = [{"id": f"W{i}", "team": team, "role": "social_worker", "funding": "central"} for i in range(7)]
    staff += [{"id": f"S{i}", "team": team, "role": "supervisor", "funding": "central"} for i in range(2)]
    plan = base_plan(teams=[{"id": team, "unit_type": "social_welfare_center", "program": "vulnerable_family"}],
                     staff=staff)
    plan["county"] = county
    path = tmp_path / "plans" / "p.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return path


def _check(path: Path, form: str) -> str:
    return CliRunner().invoke(main, ["check", str(path), "--format", form, "--lang", "en"]).stdout


def test_a_line_feed_in_a_value_cannot_forge_lines_in_text_output(tmp_path: Path) -> None:
    out = _check(_plan(tmp_path, FORGED), "text")
    assert "SUP001" in out and "\\u000a::add-mask::secret" in out
    assert not [line for line in out.splitlines() if line.startswith(("::", "p.yaml:"))]


def test_github_output_escapes_line_feeds(tmp_path: Path) -> None:
    plan = _plan(tmp_path, FORGED)
    out = _check(plan, "github")
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert out.startswith("::error") and "%0A::add-mask::secret%0A::error::forged" in commands[0]
    # every other command is one of the plan's not-checked warnings (issue 21), none forged by the value
    unchecked = f"::warning file={str(plan).replace(':', '%3A').replace(',', '%2C')},title=not checked::"
    assert commands[1:] and all(line.startswith(unchecked) for line in commands[1:]), commands


def test_markdown_shows_a_link_or_image_from_a_value_as_text(tmp_path: Path) -> None:
    out = _check(_plan(tmp_path, "[click](https://evil.example) ![x](https://tracker.example/p.png)"), "markdown")
    assert "SUP001" in out and "](" not in out and "]&#40;https://evil.example)" in out


def test_junit_stays_xml_with_control_characters_in_values(tmp_path: Path) -> None:
    out = _check(_plan(tmp_path, "T\x01\x08\x0b9"), "junit")
    root = ET.fromstring(out)  # raised "not well-formed (invalid token)" before
    assert "T\\u0001\\u0008\\u000b9" in ET.tostring(root, encoding="unicode")


def test_summary_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    county = '=HYPERLINK("https://evil.example","click")'
    plan = _plan(tmp_path, "T9", county)
    CliRunner().invoke(main, ["batch", str(plan.parent), "--report-dir", str(tmp_path / "out")])
    rows = list(csv.reader(io.StringIO((tmp_path / "out" / "summary.csv").read_text(encoding="utf-8-sig"))))
    cells = [c for row in rows for c in row]
    assert "'" + county in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


def test_a_line_feed_in_an_id_cannot_forge_lines_in_the_not_checked_notes(tmp_path: Path) -> None:
    """A staff id whose 職稱 cannot be read is named in the 未檢核 notes: its line feed stays escaped there
    too, so `sncheck check` text output in a CI log cannot start a ``::error`` workflow command."""
    plan = base_plan(teams=[{"id": "T1", "unit_type": "social_welfare_center", "program": "vulnerable_family"}],
                     staff=[{"id": "S1\n::error file=evil.yaml,line=1::forged", "team": "T1", "role": "社工師",
                             "funding": "central"}])
    path = tmp_path / "p.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    for command in (["check", str(path)], ["batch", str(path), "--jobs", "1"]):
        out = CliRunner().invoke(main, [*command, "--lang", "en"]).stdout
        assert "not checked" in out and "S1\\u000a::error file=evil.yaml" in out, out
        assert not [line for line in out.splitlines() if line.startswith("::")], out
