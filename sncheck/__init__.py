"""sncheck: compliance checker for 強化社會安全網計畫 county plan submissions.

The core is grouped by stage; data flows down the list, and each stage imports only the stages below
it (the contract in setup.cfg, checked by tests/test_project_layers.py; picture in docs/architecture.md):

* ``cli``, ``commands``  – the command line (one module per subcommand)
* ``web``                – ``sncheck serve``, the page for county officers
* ``batch``              – many plans at once for central reviewers
* ``tabular``            – rosters from the workbooks and CSV files counties keep
* ``authoring``          – rule authors' tools: rule fixtures, ``rules new-pack``, rule docs
* ``fix``                – applying suggested fixes to the user's own text
* ``engine``             – the checker: running rules and cross-plan rules, suppressions, plugins
* ``hookspecs``          – the pluggy contract (``api`` is the plugin author's address for its types)
* ``formatters``         – output formats
* ``packs``              – which rules apply, with which settings: rule packs, config, messages
* ``read``               – bytes → document: limits, YAML/JSON, the plan schema, normalising
* ``model``              – findings, the typed plan, vocabulary, dates, pointers: plain data
"""

__version__ = "0.1.0"
# The installable distribution's name (setup.cfg). Not "sncheck": that name on PyPI belongs to another project,
# so no doc or output may tell anyone to install that name (tests/test_project_package_name.py).
DISTRIBUTION = "sncheck-ssn"
# This project's public home, once it has one; empty until then, so no output points at someone else's page.
PROJECT_URL = ""
PLAN_FORMAT = "sncheck/plan@1"
