"""Output formats. Each is a ``Formatter`` provided through the ``sncheck_formatters`` hook."""
