"""Results held in memory for a short time, so the result page can offer downloads; nothing on disk.

Choice (the issue allows either): the uploads are kept in memory under a random id (128 bits, from
``secrets``) for ``keep_seconds`` (30 minutes by default) after the last look, then forgotten; the
officer's "forget now" button forgets them at once. Keeping the uploads (not the rendered downloads)
lets a download be computed when asked for: a corrected plan with the unsafe fixes the officer
ticked, the result page in English or with names. The memory cap (``max_bytes``, 256 MB by default)
counts what an entry holds: its upload's bytes, and each result computed from it once it is cached
(``add_held``, with ``web/footprint.py``'s estimate: results were 8–129 times the upload); when an entry
would pass the cap, the oldest other entries are forgotten first.
A server restart forgets everything.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable, Generic, TypeVar

T = TypeVar("T")

KEEP_SECONDS = 30 * 60
MAX_BYTES = 256 * 1024 * 1024


@dataclass
class Entry(Generic[T]):
    value: T
    size: int
    expires: float
    cache: dict[Any, Any] = field(default_factory=dict)  # results computed from it (per language, names)
    computing: threading.Lock = field(default_factory=threading.Lock)  # one check of it at a time (a reload)


class Store(Generic[T]):
    def __init__(self, keep_seconds: float = KEEP_SECONDS, max_bytes: int = MAX_BYTES,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.keep_seconds = keep_seconds
        self.max_bytes = max_bytes
        self._clock = clock
        self._entries: OrderedDict[str, Entry[T]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, value: T, size: int) -> str:
        key = secrets.token_urlsafe(16)
        with self._lock:
            self._expire()
            self._make_room(size)
            self._entries[key] = Entry(value, size, self._clock() + self.keep_seconds)
        return key

    def add_held(self, entry: Entry[T], size: int) -> None:
        """``entry`` now also holds ``size`` bytes (a result cached in it): forget the oldest other entries
        while the total is over the cap (the entry in use stays, even alone over it)."""
        with self._lock:
            entry.size += size
            self._make_room(0, keep=entry)

    def _make_room(self, size: int, keep: Entry[T] | None = None) -> None:
        for key in list(self._entries):
            if self._used() + size <= self.max_bytes:
                return
            if self._entries[key] is not keep:
                del self._entries[key]  # the oldest first

    def get(self, key: str) -> Entry[T] | None:
        """The entry (its expiry renewed), or None when unknown, expired or forgotten."""
        with self._lock:
            self._expire()
            entry = self._entries.get(key)
            if entry is not None:
                entry.expires = self._clock() + self.keep_seconds
                self._entries.move_to_end(key)
            return entry

    def forget(self, key: str) -> bool:
        with self._lock:
            return self._entries.pop(key, None) is not None

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._entries)

    def used_bytes(self) -> int:
        with self._lock:
            return self._used()

    def _used(self) -> int:
        return sum(e.size for e in self._entries.values())

    def _expire(self) -> None:
        now = self._clock()
        for key in [k for k, e in self._entries.items() if e.expires <= now]:
            del self._entries[key]
