"""Collecting a batch's results without holding them: counts in memory, findings on disk.

For 1,000 plans the findings alone would take hundreds of MB as Python
objects, so the supervisor keeps only per-county counts and one small record
per file. Each ``FileOutcome`` is written as it arrives (in path order) to:

* a spool file (pickles; the offsets of each county's files are remembered) from
  which the HTML drill-down and the comparison lists read one county at a time;
* ``findings.json`` and ``compare-keys.json`` (written file by file, so neither
  document is ever built in memory), and the JSON on standard output.
"""

from __future__ import annotations

import json
import pickle
import tempfile
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Iterator, Mapping

from sncheck.model.findings import Severity
from sncheck.formatters.json_format import file_entry
from sncheck.batch.compare import KEYS_FORMAT, Comparer
from sncheck.batch.summary import CountyRow, FamilyLabels, FileInfo, RowKey, Summary, row_of, summarize
from sncheck.batch.worker import FileOutcome

if TYPE_CHECKING:
    from sncheck.engine.checker import Checker


class JsonDocumentWriter:
    """The JSON findings document, written file by file; byte for byte what ``render_json`` prints."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.first = True
        self.counts: Counter[str] = Counter()
        stream.write('{\n  "files": [')

    def add(self, outcome: FileOutcome) -> None:
        # nested one level down: JSON text holds no raw line breaks, so every "\n" starts a line
        entry = json.dumps(file_entry(outcome.result), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        self.stream.write(("\n    " if self.first else ",\n    ") + entry)
        self.first = False
        self.counts["files"] += 1
        for severity, name in ((Severity.ERROR, "errors"), (Severity.WARNING, "warnings"), (Severity.INFO, "infos")):
            self.counts[name] += outcome.result.count(severity)
        self.counts["suppressed"] += sum(1 for f in outcome.result.findings if f.suppressed is not None)

    def close(self) -> None:
        summary = {name: self.counts[name] for name in ("files", "errors", "warnings", "infos", "suppressed")}
        body = textwrap.indent(json.dumps(summary, indent=2), "  ").lstrip()
        self.stream.write(("\n  ]" if not self.first else "]") + f',\n  "summary": {body}\n}}\n')


class KeysWriter:
    """``compare-keys.json``, file by file."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.first = True
        stream.write('{"format": "%s", "files": [' % KEYS_FORMAT)

    def add(self, outcome: FileOutcome) -> None:
        entry = {"path": outcome.result.path, "county": outcome.county, "plan_year": outcome.plan_year,
                 "keys": outcome.keys}
        self.stream.write(("\n" if self.first else ",\n") + json.dumps(entry, ensure_ascii=False))
        self.first = False

    def close(self) -> None:
        self.stream.write("\n]}\n")


@dataclass
class Collector:
    """Receives outcomes in path order; keeps counts and file records; spools the findings (only when
    a report or a comparison will read them back: otherwise it is a pickle per plan for nothing)."""

    comparer: Comparer | None = None
    labels: FamilyLabels = field(default_factory=FamilyLabels)  # from the loaded packs (FamilyLabels.of)
    checked: tuple[str, ...] = ()  # families of the rules that run: a column each, even with no finding
    # pack id -> families of its selected rules: a pack that checked none of the files (the 2.0 pack in a
    # round of 114 plans) adds no columns of its own
    pack_families: Mapping[str, frozenset[str]] = field(default_factory=dict)
    sinks: list[JsonDocumentWriter | KeysWriter] = field(default_factory=list)
    files: list[FileInfo] = field(default_factory=list)
    errors: int = 0
    suppressed: int = 0
    internal: bool = False
    spool: bool = True  # keep findings for the HTML drill-down and the comparison lists (else not read back)
    _spool: IO[bytes] | None = None
    _offsets: dict[RowKey, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.spool:
            self._spool = tempfile.TemporaryFile(prefix="sncheck-batch-")

    @classmethod
    def for_checker(cls, checker: "Checker", comparer: Comparer | None = None, spool: bool = True) -> "Collector":
        """The Collector of a run of ``checker``: family labels and columns from its packs and selected rules
        (``sncheck batch`` and the web page's report.html/summary.csv are one summary)."""
        checked = tuple(sorted({rule.family for rule in checker.all_rules() if checker.selected(rule.id)}))
        return cls(comparer, FamilyLabels.of(checker.packs), checked, spool=spool,
                   pack_families={pack.id: frozenset(r.family for r in pack.rules if checker.selected(r.id))
                                  for pack in checker.packs})

    def add(self, outcome: FileOutcome) -> None:
        if self.comparer is not None:
            self.comparer.mark(outcome)
        for sink in self.sinks:
            sink.add(outcome)
        if self._spool is not None:
            self._offsets.setdefault(row_of(outcome), []).append(self._spool.tell())
            pickle.dump(outcome, self._spool, protocol=pickle.HIGHEST_PROTOCOL)
        self.files.append(FileInfo.of(outcome))
        self.errors += outcome.result.count(Severity.ERROR)
        self.suppressed += sum(1 for f in outcome.result.findings if f.suppressed is not None)
        self.internal = self.internal or any(f.rule == "INTERNAL001" for f in outcome.result.findings)

    def close_sinks(self) -> None:
        for sink in self.sinks:
            sink.close()

    def summary(self) -> Summary:
        checked = self.checked
        if self.pack_families:
            used = {pack for info in self.files for pack, _ in info.packs}
            own = {family for families in self.pack_families.values() for family in families}
            ran = {family for pack in used for family in self.pack_families.get(pack, ())}
            checked = tuple(f for f in checked if f in ran or f not in own)
        return summarize(self.files, self.labels, checked)

    def outcomes(self, row: CountyRow) -> Iterator[FileOutcome]:
        """The files of one row (a county's plan year), read back from the spool."""
        if self._spool is None:
            raise RuntimeError("this Collector was made with spool=False: its findings were not kept")
        self._spool.flush()
        for offset in self._offsets.get(row.key, []):
            self._spool.seek(offset)
            yield pickle.load(self._spool)
        self._spool.seek(0, 2)

    def all_outcomes(self, summary: Summary) -> Iterator[FileOutcome]:
        for row in summary.rows:
            yield from self.outcomes(row)

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
