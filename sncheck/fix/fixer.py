"""Applying the fixes of a file's findings, the way ``ruff --fix`` does, without losing anything.

One round: check the file; take the findings whose fix may be applied (safe
ones, and unsafe ones only when asked; display-only advice never); combine
their patches (the same change asked by two rules is made once; two different
values for one field: the first finding wins and the other is looked at again
after the re-check); write the changes into the text with ``textedit`` (only
the changed characters move); re-read the result and make sure it means
exactly the patched data; re-check. Rounds repeat while a round changes
something, at most ``MAX_ROUNDS`` times, so the file ends consistent: a fix
that makes another finding appear or disappear is seen by the next round.

Nothing here writes files: ``fix_bytes`` returns the new bytes, the caller
decides (``--diff`` prints them, ``safewrite`` writes them).
"""

from __future__ import annotations

import codecs
import copy
from dataclasses import dataclass, field
from typing import AbstractSet, Any, Mapping, Sequence, Union

from sncheck.engine.checker import Checker
from sncheck.model.findings import Applicability, FileResult, Finding
from sncheck.fix.fixstyle import in_file_style
from sncheck.fix.patching import PatchError, apply_patch
from sncheck.read.source import ProblemError
from sncheck.model.pointers import pointer_tokens
from sncheck.read.document import read_document
from sncheck.fix.textedit import EditError, edit_text

MAX_ROUNDS = 10

# Which unsafe fixes to apply: none (False), all (True, ``--unsafe``), or the ones an officer ticked on the
# web page (``sncheck serve``), named by (rule, pointer); fixes never add or remove items, so pointers hold.
UnsafeChoice = Union[bool, AbstractSet[tuple[str, str]]]


@dataclass
class FixOutcome:
    path: str
    original: bytes
    fixed: bytes
    remaining: FileResult
    applied: list[Finding] = field(default_factory=list)
    failed: list[tuple[Finding, str]] = field(default_factory=list)  # fixes that could not be written, and why
    rounds: int = 0
    converged: bool = True

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def unsafe_left(self) -> list[Finding]:
        """Remaining findings whose fix is unsafe (shown as a hint: ``--unsafe`` applies them)."""
        return [f for f in self.remaining.active()
                if f.fix is not None and f.fix.patch and f.fix.applicability is Applicability.UNSAFE]


def applicable(finding: Finding, unsafe: UnsafeChoice) -> bool:
    """May this finding's fix be applied without a human? Safe always; unsafe only with ``--unsafe``
    (or, from the web page, when the officer chose this one)."""
    if finding.suppressed is not None or finding.fix is None or not finding.fix.patch:
        return False
    if finding.fix.applicability is Applicability.SAFE:
        return True
    if finding.fix.applicability is not Applicability.UNSAFE:
        return False
    return unsafe if isinstance(unsafe, bool) else (finding.rule, finding.pointer) in unsafe


def split_bom(raw: bytes) -> tuple[bytes, bytes]:
    if raw.startswith(codecs.BOM_UTF8):
        return codecs.BOM_UTF8, raw[len(codecs.BOM_UTF8):]
    return b"", raw


def fix_bytes(checker: Checker, path: str, raw: bytes, unsafe: UnsafeChoice = False) -> FixOutcome:
    """The file's bytes with every applicable fix written in, the findings fixed and what remains."""
    result = checker.check_bytes(path, raw)
    outcome = FixOutcome(path, raw, raw, result)
    seen = {raw}
    failed_keys: set[tuple[str, str]] = set()
    for _ in range(MAX_ROUNDS):
        candidates = [f for f in result.active()
                      if applicable(f, unsafe) and (f.rule, f.pointer) not in failed_keys]
        if not candidates:
            break
        try:
            doc = read_document(path, outcome.fixed, checker.options.limits)
        except ProblemError:  # pragma: no cover - rules ran, so the file reads
            break
        chosen, ops, failures = combine(candidates, doc.data)
        if chosen:
            new_text, not_written = _write(doc.kind, doc.text, doc.data, chosen, path, checker)
            failures.extend(not_written)
            chosen = [f for f in chosen if all(f is not g for g, _ in not_written)]
        for finding, reason in failures:
            failed_keys.add((finding.rule, finding.pointer))
            outcome.failed.append((finding, reason))
        if not chosen:
            if failures:
                continue  # try the other findings again, without the fixes that failed
            break
        bom, _ = split_bom(outcome.fixed)
        new_raw = bom + new_text.encode("utf-8")
        outcome.rounds += 1
        if new_raw in seen:
            if new_raw != outcome.fixed:
                outcome.converged = False  # the fixes undo each other; stop where we are
            break
        seen.add(new_raw)
        outcome.fixed = new_raw
        outcome.applied.extend(chosen)
        result = checker.check_bytes(path, new_raw)
    else:
        outcome.converged = not [f for f in result.active() if applicable(f, unsafe)]
    outcome.remaining = result
    return outcome


def combine(findings: Sequence[Finding], data: Any) -> tuple[list[Finding], list[dict[str, Any]], list[tuple[Finding, str]]]:
    """Findings whose patches go together this round, their ops (each change once), and patches that fail.

    A finding whose patch sets a field another chosen finding sets to a different
    value waits for the next round (the re-check says whether it still applies).
    """
    chosen: list[Finding] = []
    ops: list[dict[str, Any]] = []
    by_path: dict[str, Any] = {}
    failures: list[tuple[Finding, str]] = []
    current = data
    for finding in findings:
        patch = [in_file_style(op, current) for op in finding.fix.patch or ()]  # type: ignore[union-attr]
        if any(_conflicts(op, by_path) for op in patch):
            continue
        try:
            current = apply_patch(_path_copy(current, patch), patch, in_place=True)
        except PatchError as exc:
            failures.append((finding, str(exc)))
            continue
        chosen.append(finding)
        for op in patch:
            if op["op"] == "test":
                continue
            if op["path"] not in by_path:
                by_path[op["path"]] = op.get("value")
                ops.append(op)
    return chosen, ops, failures


def _path_copy(data: Any, patch: Sequence[Mapping[str, Any]]) -> Any:
    """``data`` with only the containers on the patch's paths copied, so patching it leaves ``data`` as it was.

    (A deep copy per finding made fixing a plan with hundreds of findings quadratic.)
    """
    root = copy.copy(data)
    for op in patch:
        node = root
        for token in pointer_tokens(op["path"])[:-1]:
            try:
                key: Any = int(token) if isinstance(node, list) else token
                child = node[key]
            except (KeyError, IndexError, ValueError, TypeError):
                break  # apply_patch will say what is missing
            if not isinstance(child, (dict, list)):
                break
            node[key] = copy.copy(child)
            node = node[key]
    return root


def _conflicts(op: Mapping[str, Any], by_path: Mapping[str, Any]) -> bool:
    path = op["path"]
    if path in by_path:
        return op["op"] == "test" or by_path[path] != op.get("value")
    return any(path.startswith(p + "/") or p.startswith(path + "/") for p in by_path)


def _write(kind: str, text: str, data: Any, chosen: list[Finding], path: str,
           checker: Checker) -> tuple[str, list[tuple[Finding, str]]]:
    """Write all chosen patches at once; if that fails, one finding at a time to find the culprit."""
    try:
        return _edit_verified(kind, text, data, chosen, path, checker), []
    except EditError:
        pass
    not_written: list[tuple[Finding, str]] = []
    for finding in chosen:
        try:
            new_text = _edit_verified(kind, text, data, [finding], path, checker)
        except EditError as exc:
            not_written.append((finding, str(exc)))
            continue
        data = apply_patch(data, [in_file_style(op, data) for op in finding.fix.patch or ()])  # type: ignore[union-attr]
        text = new_text
    return text, not_written


def _edit_verified(kind: str, text: str, data: Any, findings: list[Finding], path: str, checker: Checker) -> str:
    """Edited text, proven to read back as exactly ``data`` with the findings' patches applied."""
    _, ops, _ = combine(findings, data)
    new_text = edit_text(kind, text, ops)
    expected = apply_patch(data, ops)
    try:
        got = read_document(path, new_text.encode("utf-8"), checker.options.limits).data
    except ProblemError as exc:
        raise EditError(f"the edited file would not read back: {exc.problem.message_en}") from None
    if got != expected or not _same_types(got, expected):
        raise EditError("the edited file would not mean what the patch says")
    return new_text


def _same_types(a: Any, b: Any) -> bool:
    """``1 == 1.0 == True`` in Python; a fix must not turn a number into a boolean."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return all(_same_types(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return all(_same_types(x, y) for x, y in zip(a, b))
    return True
