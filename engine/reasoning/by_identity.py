"""What kzlex works out once from an object of the knowledge base, remembered by the object.

A provision, a test or a case never changes once loaded (the models are frozen), so what is
derived from it alone (a precedent's facts as compared, a test's rules by id) need not be
derived again for every scenario of a batch. Pydantic models hash by their fields, which is
slow for large ones, so the object's identity is the key, and the object is held with its value
so that its id cannot be reused by another object while the entry lives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class ByIdentity(Generic[K, V]):
    """`make(obj)`, worked out once per object; at most `size` objects kept, all dropped when full."""

    __slots__ = ("_make", "_size", "_known")

    def __init__(self, make: Callable[[K], V], size: int = 65_536) -> None:
        self._make = make
        self._size = size
        self._known: dict[int, tuple[K, V]] = {}

    def __call__(self, obj: K) -> V:
        hit = self._known.get(id(obj))
        if hit is None or hit[0] is not obj:
            if len(self._known) >= self._size:
                self._known.clear()
            hit = self._known[id(obj)] = (obj, self._make(obj))
        return hit[1]

    def put(self, obj: K, value: V) -> None:
        """Take a value worked out elsewhere (read back from the engine snapshot)."""
        self._known[id(obj)] = (obj, value)
