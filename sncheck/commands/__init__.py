"""One module per CLI subcommand, imported lazily by ``sncheck.cli``.

The top of the stages: a command parses options, builds a ``Checker`` (``common.make_checker``) and
hands results to the formatters, the fixer, the batch or the web page.

May import: every stage below (``web``, ``batch``, ``tabular``, ``authoring``, ``fix``, ``engine``, …),
never another front end's private names.
"""
