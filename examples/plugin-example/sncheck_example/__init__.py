"""Example sncheck plugin package (see ``plugin.py``)."""
