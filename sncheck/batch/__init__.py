"""``sncheck batch``: many plans at once, for central reviewers.

* ``worker``  – checks one file in a worker process and keeps only what a report needs
* ``pool``    – the worker processes: parallel, per-file time limit, ordered streaming
* ``summary`` – county × rule family counts, pass/fail per county
* ``compare`` – new / fixed / still open findings against the last round's report
* ``csv_report`` / ``html_report`` – the reviewer's summary files

May import: ``tabular``, ``authoring``, ``fix``, ``engine`` and the stages below; never
``web`` or ``commands``, nor another front end's private names.
"""
