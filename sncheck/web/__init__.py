"""``sncheck serve``: the checker as a small web page, for county officers who never open a terminal.

The page calls the same code as the command line (``Checker``, ``tabular.check``, ``fixer``, the
formatters and the batch report writers); nothing here knows a rule. One module per job:

- ``uploads``: what the officer sent (plans, rosters, a mapping file, a CSV set's side files) and a
  private temporary folder for the rosters while they are read;
- ``run``: check the uploads (``Checked``: one ``FileResult`` per file, the data behind it, the fixes);
- ``view``: findings grouped by person, team and request for the page; counts by rule family;
- ``downloads``: findings JSON/Markdown, corrected plan, annotated workbook, batch report.html/summary.csv;
- ``store``: results held in memory for a short time under a random id (nothing is written to disk);
- ``security``: the access token of an office server and the cross-site (CSRF) check of form posts;
- ``texts``: the page's zh-TW and English words;
- ``app``: the Flask application (routes, templates in ``templates/``, CSS/JS in ``static/``).

Flask and waitress are imported only here and by ``sncheck serve``; ``sncheck check`` never loads them.

May import: ``batch``, ``tabular``, ``fix``, ``engine`` and the stages below; never ``commands``
(what both need, e.g. which files are plans, lives below both), nor another front end's private names.
"""
