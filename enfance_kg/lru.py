"""One least-recently-used map bounded by the bytes its values hold, for every cache of answers.

The query runner and the remote store keep query answers in it (keys carry the build, so an entry never
goes stale); the server's cache of whole HTTP answers keeps its entries in one too.

>>> lru = LRU(budget=10, largest=6, size=len)
>>> lru.put("a", b"12345"); lru.put("b", b"1234"); lru.put("c", b"1234567")  # c is larger than one entry may be
>>> lru.get("a"), lru.get("c"), lru.used
(b'12345', None, 9)
>>> lru.put("d", b"12"); sorted(lru.items), lru.used  # b, the least recently used, made room
(['a', 'd'], 7)
"""

from __future__ import annotations

import collections
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class LRU(Generic[K, V]):
    """At most ``budget`` bytes of entries, none over ``largest``.

    ``size(value)`` and ``key_size(key)`` say what an entry costs.
    """

    def __init__(self, budget: int, largest: int, size: Callable[[V], int],
                 key_size: Callable[[K], int] = lambda key: 0) -> None:
        self.budget, self.largest, self.used = budget, largest, 0
        self._size, self._key_size = size, key_size
        self.items: collections.OrderedDict[K, V] = collections.OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key: K, value: V) -> None:
        cost = self._size(value) + self._key_size(key)
        if self.budget <= 0 or cost > min(self.largest, self.budget):
            return
        with self.lock:
            if key in self.items:
                return
            self.items[key] = value
            self.used += cost
            while self.used > self.budget and self.items:
                old_key, old = self.items.popitem(last=False)
                self.used -= self._size(old) + self._key_size(old_key)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.used = 0
