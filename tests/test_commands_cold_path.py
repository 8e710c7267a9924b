"""The cold path of ``sncheck check PLAN.yaml``: what a pre-commit hook pays at every commit.

A fresh interpreter checking a plan file must not import what only some runs need: the web stack
(``sncheck serve``), openpyxl (workbooks), the typed wording (departments, asked-about words, headers:
built when a value needs them), the output formats other than ``text`` and what they import. Each was on
that path once or would slow it (figures: bench/cold_ab.py); a test fails when one comes back, naming it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NOT_ON_THE_COLD_PATH = (
    # the web stack (sncheck serve only) and openpyxl (workbooks only)
    "flask", "werkzeug", "jinja2", "markupsafe", "itsdangerous", "waitress", "selenium", "sncheck.web", "openpyxl",
    # the typed, checked wording: the shipped file is checked by tests/test_model_wording.py, and a check's
    # code lists are read from the file's data (sncheck.model.wording_file)
    "sncheck.model.wording",
    # the formats other than text, imported when used (sncheck/engine/builtin_formatters.py), with the
    # XML library JUnit writes with and the hashing SARIF fingerprints take
    "sncheck.formatters.json_format", "sncheck.formatters.sarif", "sncheck.formatters.junit",
    "sncheck.formatters.github", "sncheck.formatters.markdown", "xml.etree.ElementTree", "hashlib",
)

_CHECK = ("import sys\nfrom sncheck.cli import main\n"
          "try:\n    main.main(args=sys.argv[1:], prog_name='sncheck')\nexcept SystemExit as exit:\n"
          "    print('exit', exit.code)\n"
          "print(sorted(m for m in %r if m in sys.modules))" % (NOT_ON_THE_COLD_PATH,))


def cold_check(*args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _CHECK, "check", *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    return done.stdout.strip().splitlines()


def test_a_cold_check_of_a_plan_imports_only_what_it_needs() -> None:
    out = cold_check(str(ROOT / "examples" / "tainan-112.yaml"))
    assert out[-2:] == ["exit 1", "[]"], out  # the plan was checked (findings: exit 1), nothing listed loaded
    assert any("SEN001" in line for line in out), out


def test_a_format_is_imported_when_asked_for() -> None:
    """Not a stub: --format junit renders, and loads its module (and XML) only then."""
    out = cold_check(str(ROOT / "examples" / "tainan-112.yaml"), "--format", "junit")
    assert out[-2] == "exit 1" and out[0].startswith("<?xml"), out
    assert out[-1] == "['sncheck.formatters.junit', 'xml.etree.ElementTree']", out


def test_a_value_that_needs_the_typed_wording_still_gets_it(tmp_path: Path) -> None:
    """A department name (社會工作學系) is read through the typed wording, built on demand."""
    plan = tmp_path / "plan.yaml"
    plan.write_text("format: sncheck/plan@1\ncounty: 臺中市\nplan_year: 111\nteams: [{id: T1, unit_type: 社福中心}]\n"
                    "staff: [{id: S1, team: T1, role: 社工員, funding: 中央補助, profession: 東海大學社會工作學系}]\n",
                    encoding="utf-8")
    out = cold_check(str(plan), "--format", "json")
    assert out[-1] == "['sncheck.formatters.json_format', 'sncheck.model.wording']", out
    assert "SCHEMA001" not in "\n".join(out)  # the department was read as social_work, not refused
