"""The editor schema accepts what ``sncheck check`` accepts (issue 22.8): values written with spaces around
them and YAML 1.1's booleans (yes/on/off), read the way yaml-language-server reads them (YAML 1.2, where
``yes`` is text: yaml_rs here), and its patterns are valid ECMA-262 with the ``u`` flag (as ajv compiles
them; checked with node when it is installed)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml_rs
from cli_run import sncheck, write
from jsonschema import Draft202012Validator

from sncheck.read.editor_schema import editor_schema

PADDED_AND_YAML11 = """\
format: sncheck/plan@1
county: " 臺中市 "
plan_year: 111
teams:
  - {id: T1, unit_type: "社福中心 ", program: " vulnerable_family"}
staff:
  - {id: W1, team: T1, role: "社工員 ", funding: " central", protective: yes, new_position: off}
  - {id: W2, team: T1, role: social_worker, funding: 中央補助, protective: On,
     history: [{from: 2021-01-01, budget: "ssn ", protective: NO}]}
"""


def _editor_errors(text: str) -> list[str]:
    data = yaml_rs.loads(text, parse_datetime=False)  # YAML 1.2, as the editor reads it
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in Draft202012Validator(editor_schema()).iter_errors(data)]


def test_padded_values_and_yaml11_booleans_pass_both(tmp_path):
    plan = write(tmp_path / "plan.yaml", PADDED_AND_YAML11)
    checked = sncheck(["check", str(plan), "--format", "json", "--select", "SCHEMA,PARSE"])
    assert checked.exit_code == 0 and checked.json()["files"][0]["findings"] == []  # sncheck accepts them
    assert _editor_errors(PADDED_AND_YAML11) == []  # and so does the editor now


@pytest.mark.parametrize("line, replacement", [
    ('role: "社工員 "', 'role: "社工師 "'),  # padding is allowed, a word the wording file does not accept is not (社工 is, since issue 19)
    ('role: "社工員 "', 'role: "社工員x"'),
    ("protective: yes", "protective: maybe"),
    ('county: " 臺中市 "', 'county: " 臺中縣 "'),
])
def test_what_sncheck_rejects_the_editor_still_flags(tmp_path, line, replacement):
    text = PADDED_AND_YAML11.replace(line, replacement, 1)
    checked = sncheck(["check", str(write(tmp_path / "plan.yaml", text)), "--format", "json", "--select", "SCHEMA"])
    assert [f["rule"] for f in checked.json()["files"][0]["findings"]] == ["SCHEMA001"]
    assert len(_editor_errors(text)) == 1


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_every_editor_schema_pattern_compiles_as_ecma_262_unicode():
    patterns: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                patterns.append(node["pattern"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(editor_schema())
    assert len(patterns) >= 13
    script = ("const ps = JSON.parse(require('fs').readFileSync(0, 'utf8')); const bad = [];"
              "for (const p of ps) { try { new RegExp(p, 'u'); } catch (e) { bad.push(p.slice(0, 80) + ': ' + e.message); } }"
              "process.stdout.write(JSON.stringify(bad));")
    done = subprocess.run(["node", "-e", script], input=json.dumps(patterns), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
