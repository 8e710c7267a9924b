"""Stage ``authoring``: tools for the people who write rules.

``rule_fixtures`` runs plans annotated with ``x-expect`` (``sncheck rules test``); ``pack_copy`` makes a
new pack from an existing one (``sncheck rules new-pack``); ``rule_docs`` renders a rule's documentation
(``sncheck rules show`` / ``rules docs``).

May import: ``fix``, ``engine`` and the stages below them.
"""
