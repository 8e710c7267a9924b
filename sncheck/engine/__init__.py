"""Stage ``engine``: checking a plan: the ``Checker`` and what it drives.

``checker`` runs a file through read → packs → rules and returns a ``FileResult``; ``readable`` takes out
what an input problem touches so the rules run on the rest, and ``coverage`` says what each rule could
check (ran fully, in part, or not, and why); ``run_rules`` turns
each check's violations into findings; ``cross_plan`` and ``plan_summary`` run rules over all plans of a
run (FUND003); ``suppressions`` applies ``sncheck-ignore``; ``plugin_manager`` and ``plugin_isolation``
load rule-family plugins (pluggy) and keep one broken plugin from stopping the others;
``builtin_formatters`` registers the built-in output formats; ``rule_infos`` says what a report shows
of each rule.

May import: ``hookspecs``, ``formatters``, ``packs``, ``read``, ``model``.
"""
