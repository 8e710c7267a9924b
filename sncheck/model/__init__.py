"""Stage ``model``: the plain data every other stage speaks in.

Findings and their severities, the typed read-only plan (``plan``), the vocabulary of codes and zh
labels and the everyday words offices write for them (``wording_file`` reads ``wording.yaml``, the one data
file of words; ``wording`` types and checks its entries), ROC dates and service-length arithmetic, JSON Pointers, the input rules' catalogue (PARSE001,
SCHEMA001, …), what counts as personal data, what each rule checked (``coverage``) and the verdict it adds up
to (``verdict``), and the contract between the engine and a check (``checks``; plugin authors import it from
``sncheck.api``).

May import: nothing of sncheck outside ``model``. No I/O but reading its own data file.
"""
