"""sncheck: compliance checker for 強化社會安全網第二期計畫 county plan submissions.

The package is split so that each concept lives in one module:

* ``source``      – reading bytes, decoding and parsing YAML/JSON with positions
* ``normalize``   – zh-TW code aliases and ROC dates to canonical values
* ``schema``      – the plan JSON Schema and its validation
* ``dates`` / ``service_length`` – date parsing and the service-length arithmetic
* ``plan``        – the typed, read-only view of a valid plan that checks use
* ``hookspecs`` / ``plugin_manager`` – the pluggy contract and its factory
* ``rulepacks``   – loading and validating rule packs (YAML/JSON data)
* ``engine``      – applying rules to a plan, producing findings
* ``formatters``  – output formats (plugins too)
* ``cli``         – the click command line
"""

__version__ = "0.1.0"
# The installable distribution's name (setup.cfg). Not "sncheck": that name on PyPI belongs to another project,
# so no doc or output may tell anyone to install that name (tests/test_project_package_name.py).
DISTRIBUTION = "sncheck-ssn"
# This project's public home, once it has one; empty until then, so no output points at someone else's page.
PROJECT_URL = ""
PLAN_FORMAT = "sncheck/plan@1"
