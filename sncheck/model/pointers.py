"""JSON Pointers (RFC 6901): how every finding, patch and position names an item of a plan.

In the model stage, the lowest, because the typed plan, the readers, the engine and the fixer all
build and split pointers.
"""

from __future__ import annotations


def pointer_tokens(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def make_pointer(*tokens: object) -> str:
    out = ""
    for token in tokens:  # a plain loop: called per plan item, and most tokens need no escaping
        text = str(token)
        out += "/" + (escape_token(text) if "~" in text or "/" in text else text)
    return out
