"""Stage ``packs``: which rules apply to a plan, with which settings.

Loading rule packs (``rulepacks``: pack.yaml + rule files, validated), which packs check a plan year and
which the user applies by choice (``pack_use``), the project config ``.sncheck.yaml`` (``config``),
severity and parameter overrides (``overrides``), and rendering a rule's message templates in the
user's language (``messages``).

May import: ``read``, ``model``.
"""
