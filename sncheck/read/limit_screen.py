"""A first look at a YAML text's size from its bytes, before any parser builds anything from it.

Why: the compiled parser of the fast path (yaml-rs, ``sncheck/read/fastpath.py``) builds the whole data tree of
whatever it is given. For a hostile 11 MB file of 1,000,000 keys that took seconds and 100+ MB before the
item limit could refuse the result: the limit came after the work it exists to prevent. These bounds are
read from the bytes with C-speed byte operations (``bytes.translate``, substring search: ~0.1 ms for a
300-staff plan) and say whether the text may break a limit; only then does the precise pass run first
(libyaml's event stream, ``source.yaml_prescan``: it stops at the first event past a limit).

* **Items** (a sound upper bound): every node but a document's root is brought in by one of the characters
  ``- : , [ { ? *`` (a block entry, a key and its value, a flow entry, a flow collection with its first
  entry, an explicit key, an alias), and none brings more than three (``[a: b]``: a mapping, a key, a value
  for one ``:``); every document but the first needs ``---`` or ``...``. So the text has at most
  ``1 + 3 × (those characters and dots)`` items. Dashes in dates and colons in times only make the bound
  looser.
* **Depth**: a block collection starts after a line's indentation and compact indicators (``- - a: 1``), and
  its nesting grows by at least one column every two levels (a list may stand at its key's column), so
  block depth ≤ 2 × (the widest ``[ -?:]`` line prefix) + 2. Flow depth is counted on the brackets alone
  (``{[]}`` → 2); a bracket inside a quoted string can make that count low, in which case the compiled
  parser's work is still bounded by the item bound and the fast path's check of the data it returns
  (``fastpath._plain_json``) hands the text to the reference path, which refuses it.
* **Key length**: libyaml refuses an implicit key over 1,024 characters as a syntax error, and the fast path
  runs libyaml's parser (``CParser.raw_parse``) before yaml-rs; explicit ``?`` keys never reach yaml-rs.
  A configured ``max_key_chars`` below 1,024 is screened here: a key is not longer than its line.
* **Aliases** never reach yaml-rs (the fast path's syntax regex sends any ``&``/``*`` to the reference path,
  which counts the expanded size on the bounded node graph).
"""

from __future__ import annotations

from enum import Enum

from sncheck.read.limits import Limits

LIBYAML_KEY_CHARS = 1024  # libyaml's limit on an implicit (simple) key, in characters


class Screen(Enum):
    FITS = "fits"  # within every limit whatever the text says: the compiled parser may read it
    COUNT = "count"  # the item bound is over the limit but close: libyaml's event count (raw_parse) decides
    SCAN = "scan"  # may break a limit: the precise event pass must look first


_NODE_MAKERS = b"-:,[{?*.]}"  # (closing brackets only to keep them for the flow-depth count)
_NOT_NODE_MAKERS = bytes(c for c in range(256) if c not in _NODE_MAKERS)
_NOT_BRACKETS = b"-:,?*."
_PREFIX_AS_SPACE = bytes.maketrans(b"-?:", b"   ")
_CURLY_AS_SQUARE = bytes.maketrans(b"{}", b"[]")


def screen(raw: bytes, limits: Limits) -> Screen:
    """How far ``raw`` (the UTF-8 text) can be trusted to stay within ``limits`` before it is parsed."""
    makers = raw.translate(None, _NOT_NODE_MAKERS)
    item_bound = 1 + 3 * len(makers)
    if item_bound > 4 * limits.max_nodes:
        return Screen.SCAN
    if _may_be_too_deep(raw, makers.translate(None, _NOT_BRACKETS), limits.max_depth):
        return Screen.SCAN
    if limits.max_key_chars < LIBYAML_KEY_CHARS and max(map(len, raw.splitlines()), default=0) > limits.max_key_chars:
        return Screen.SCAN
    return Screen.COUNT if item_bound > limits.max_nodes else Screen.FITS


def flow_depth_bound(brackets: bytes, cap: int) -> int:
    """Nesting of ``[]{}`` (exact up to ``cap``, then some number above it); unmatched opening brackets count
    one level each. Each round removes the innermost pairs; a run of opening brackets longer than what is
    left below ``cap`` ends it early, so ``[[[[…`` costs one substring search, not ``cap`` rounds."""
    brackets = brackets.translate(_CURLY_AS_SQUARE)
    depth = 0
    while brackets:
        if b"[" * (cap + 1 - depth) in brackets:
            return cap + 1
        inner_removed = brackets.replace(b"[]", b"")
        if len(inner_removed) == len(brackets):
            break
        brackets = inner_removed
        depth += 1
    return depth + brackets.count(b"[")


def _may_be_too_deep(raw: bytes, brackets: bytes, max_depth: int) -> bool:
    flow = flow_depth_bound(brackets, max_depth)
    # block depth ≤ 2 × prefix + 2, so only a prefix of `wide` or more can take the total past max_depth
    wide = (max_depth - 2 - flow) // 2 + 1
    if wide <= 0:
        return True
    spaces = b" " * wide
    prefixes = raw.translate(_PREFIX_AS_SPACE)
    return prefixes.startswith(spaces) or b"\n" + spaces in prefixes or b"\r" + spaces in prefixes
