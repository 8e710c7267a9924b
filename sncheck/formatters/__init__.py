"""Output formats. Each is a ``Formatter`` provided through the ``sncheck_formatters`` hook.

``base`` holds the ``Report`` every formatter renders and the ``Formatter`` record; one module per
format (text, json, sarif, junit, github, markdown). The built-ins are registered by
``sncheck.engine.builtin_formatters``, the same way a third-party plugin registers its own.

May import: ``packs``, ``read``, ``model`` (a formatter renders findings; it never runs a check).
"""
