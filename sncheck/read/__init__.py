"""Stage ``read``: bytes → a ``Document`` with positions, then a normalised, schema-valid plan shape.

``document.read_document`` is the door: size and item limits (``limits``, ``limit_screen``), decoding,
the reference YAML/JSON readers (``source``, ``jsontext``) and the compiled fast path (``fastpath``);
then ``normalize`` (zh labels → codes, ROC dates), ``schema`` (SCHEMA001 against ``plan_schema``),
``plan_files`` (which files are plans) and ``editor_schema`` (the schema editors use).
Every unreadable input becomes an ``InputProblem`` (PARSE001) with a line, never an exception.

May import: ``model``.
"""
