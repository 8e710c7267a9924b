"""One module per CLI subcommand, imported lazily by ``sncheck.cli``."""
