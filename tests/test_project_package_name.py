"""The distribution's name (issue 22): PyPI's ``sncheck`` is another project (a scanner for Bittensor subnet
repositories), so nothing this repository ships may tell anyone to install that name or point at its page.

Checked where a user meets it: every tracked doc, example and config file, and the SARIF a CI uploads.
"""

from __future__ import annotations

import configparser
import json
import re
import subprocess
from pathlib import Path

from cli_run import EXCESS_PLAN, sncheck, write

from sncheck import DISTRIBUTION

ROOT = Path(__file__).resolve().parent.parent
# `pip install sncheck`, `pip install -U sncheck==0.1`, `pipx install sncheck`, `"sncheck>=0.1"` as a dependency,
# and PyPI's page: the taken name, not sncheck-ssn / sncheck_example / sncheck-example-plugin
TAKEN = re.compile(r"(?:pipx? install(?: -{1,2}[\w-]+)*|uv (?:pip|tool) install) +[\"']?sncheck(?![\w-])"
                   r"|pypi\.org/(?:project|simple)/sncheck(?![\w-])"
                   r"|dependencies *= *\[[^\]]*[\"']sncheck(?![\w-])")
THIS_FILE = Path(__file__).resolve()


def _shipped_text_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    files = [ROOT / name for name in listed.decode().split("\0") if name]
    if not files:  # not a git checkout (an sdist): every file but the usual build leftovers
        files = [p for p in ROOT.rglob("*") if p.is_file() and ".git" not in p.parts and ".venv" not in p.parts]
    return [p for p in files if p.suffix in {".md", ".py", ".cfg", ".toml", ".yaml", ".yml", ".json", ".html", ".txt"}
            and p.resolve() != THIS_FILE and p.exists()]


def test_the_distribution_is_not_named_like_the_taken_pypi_project():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    assert config["metadata"]["name"] == DISTRIBUTION == "sncheck-ssn"
    assert "sncheck = sncheck.cli:main" in config["options.entry_points"]["console_scripts"]  # the command stays


def test_no_doc_example_or_config_names_the_taken_project():
    offending = []
    for path in _shipped_text_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        offending += [f"{path.relative_to(ROOT)}: {m.group()}" for m in TAKEN.finditer(text)]
    assert offending == []
    assert TAKEN.search("- run: pip install sncheck\n")  # the pattern catches the line issue 22 found
    assert TAKEN.search('dependencies = ["sncheck"]')
    assert not TAKEN.search('pip install "sncheck-ssn @ git+https://<your-git-host>/<org>/sncheck@v0.1.0"')


def test_sarif_names_this_distribution_and_no_stranger_page(tmp_path):
    plan = write(tmp_path / "plan.yaml", EXCESS_PLAN)
    run = sncheck(["check", str(plan), "--format", "sarif"])
    driver = json.loads(run.stdout)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "sncheck" and DISTRIBUTION in driver["fullName"]
    assert "pypi.org" not in run.stdout
    assert "informationUri" not in driver  # no public home yet (sncheck.PROJECT_URL): no URI rather than a wrong one
