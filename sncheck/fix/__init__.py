"""Stage ``fix``: applying suggested fixes to what the user wrote, changing nothing else.

``fixer`` runs the checker, picks safe (or, asked for, unsafe) fixes and applies them; ``patching``
applies a JSON patch to data; ``textedit`` rewrites only the touched spans of YAML/JSON text so that
comments and layout stay; ``fixstyle`` writes values in the file's own style (zh labels or codes);
``safewrite`` replaces a file atomically.

May import: ``engine`` and the stages below it.
"""
