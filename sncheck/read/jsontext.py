"""Where things are in JSON text: the one scanner for offsets of JSON values.

The standard ``json`` module gives data, not positions. Finding a finding's
line (``source``) and editing a value in place (``textedit``) both need the
offsets of a container's members; this scanner lists them on demand, once per
container (cached), so locating n findings in a list costs O(n) in total.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

WHITESPACE = " \t\r\n\ufeff"


@dataclass(frozen=True)
class JsonMember:
    key: str | None  # None for array elements
    key_start: int
    key_end: int
    start: int  # where the value starts
    end: int  # just past the value


class JsonScanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.decoder = json.JSONDecoder()
        self._members: dict[int, list[JsonMember]] = {}

    def ws(self, i: int) -> int:
        text = self.text
        while i < len(text) and text[i] in WHITESPACE:
            i += 1
        return i

    def end_of(self, i: int) -> int:
        return self.decoder.raw_decode(self.text, i)[1]

    def members(self, i: int) -> list[JsonMember]:
        """The members of the object or array starting at offset ``i`` (cached)."""
        if i in self._members:
            return self._members[i]
        text, out = self.text, []
        opener = text[i]
        i0, i = i, self.ws(i + 1)
        while i < len(text) and text[i] not in "]}":
            key, key_start, key_end = None, i, i
            if opener == "{":
                key, key_end = self.decoder.raw_decode(text, i)
                i = self.ws(self.ws(key_end) + 1)  # past the colon
            end = self.end_of(i)
            out.append(JsonMember(key, key_start, key_end, i, end))
            i = self.ws(end)
            if i < len(text) and text[i] == ",":
                i = self.ws(i + 1)
        self._members[i0] = out
        return out

    def child(self, i: int, token: str) -> int | None:
        """Offset of the value ``token`` names inside the container at ``i`` (first of duplicate keys)."""
        opener = self.text[i] if i < len(self.text) else ""
        if opener == "{":
            return next((m.start for m in self.members(i) if m.key == token), None)
        if opener == "[" and token.isdigit():
            members = self.members(i)
            return members[int(token)].start if int(token) < len(members) else None
        return None
