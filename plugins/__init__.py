"""Built-in rule-family plugins (installed as ``sncheck_plugins``).

Each module is a pluggy plugin providing checks through ``sncheck_checks``;
the rules that use them (ids, parameters, severities, messages, citations)
are data in the rule packs under ``rules/``. Third-party plugins use the very
same API (``sncheck.api``) and register via the ``sncheck.plugins`` entry point.
"""
