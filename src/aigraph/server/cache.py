"""A bounded in-memory cache of answers: the data only changes with a new build."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from aigraph.results import Answer


def cache_key(*parts: object) -> str:
    """A stable key (and ETag body) for the parts of a request that decide its answer."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:24]


class AnswerCache:
    """Least-recently-used answers, bounded by entry count and total bytes."""

    def __init__(self, entries: int, max_bytes: int) -> None:
        self.entries = entries
        self.max_bytes = max_bytes
        self._data: OrderedDict[str, Answer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Answer | None:
        with self._lock:
            answer = self._data.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, key: str, answer: Answer) -> None:
        size = len(answer.body)
        if self.entries <= 0 or size > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._data:
                self._bytes -= len(self._data.pop(key).body)
            self._data[key] = answer
            self._bytes += size
            while len(self._data) > self.entries or self._bytes > self.max_bytes:
                _, old = self._data.popitem(last=False)
                self._bytes -= len(old.body)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._bytes = 0
