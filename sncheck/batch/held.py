"""Holding a batch's outcomes until the cross-plan rules have run (FUND003).

A cross-plan finding belongs to a file like any other (findings.json, the
summary row, the drill-down, the compare keys), but it is known only once every
file is checked. So, while cross-plan rules are selected, outcomes go to a spool
file as they arrive (the terminal still gets each file's findings at once), with
each plan's small ``PlanSummary`` kept in memory; at the end the supervisor runs
the cross-plan rules (``sncheck.engine.cross_plan.run_cross_plan``) and replays the
outcomes, in path order, with their cross-plan findings added, into the
``Collector``. Nothing but the summaries is held in memory.
"""

from __future__ import annotations

import pickle
import tempfile
from dataclasses import replace
from typing import IO, Iterator, Mapping, Sequence

from sncheck.model.checks import PlanSummary
from sncheck.model.findings import FileResult, Finding
from sncheck.batch.worker import FileOutcome, item_key


class HeldOutcomes:
    def __init__(self) -> None:
        self._spool: IO[bytes] = tempfile.TemporaryFile(prefix="sncheck-held-")
        self._count = 0
        self.plans: list[PlanSummary] = []  # one per plan whose rules ran

    def add(self, outcome: FileOutcome) -> None:
        if outcome.plan is not None:
            self.plans.append(outcome.plan)
        pickle.dump(outcome, self._spool, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1

    def replay(self, extra: Mapping[int, Sequence[Finding]]) -> Iterator[FileOutcome]:
        """The outcomes in the order they were added, each with its cross-plan findings (``extra``)."""
        self._spool.seek(0)
        for _ in range(self._count):
            outcome: FileOutcome = pickle.load(self._spool)
            yield with_findings(outcome, extra.get(outcome.index, ()))

    def close(self) -> None:
        self._spool.close()


def with_findings(outcome: FileOutcome, findings: Sequence[Finding]) -> FileOutcome:
    """``outcome`` with ``findings`` added in the file's finding order, each with its compare key."""
    if not findings:
        return outcome
    # a cross-plan finding points at a top-level field (/previous_evaluation): its key is its pointer
    pairs = list(zip(outcome.result.findings, outcome.keys)) + [(f, item_key(None, f.pointer)) for f in findings]
    pairs.sort(key=lambda pair: pair[0].sort_key())
    return replace(outcome, result=FileResult(outcome.result.path, [f for f, _ in pairs]),
                   keys=[key for _, key in pairs])
