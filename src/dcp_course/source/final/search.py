"""The smallest set of items that meets a list of minimums: "at least n items from this group".

This is a set multicover problem, hard in general but small here: the final's blueprint splits it
into one search per module (objectives belong to one module), each over a module's questions. A
depth-first branch and bound, most constrained group first, with a bound that prunes early: the
largest shortfall of any one group, and the total shortfall divided by the most groups a single
item still helps.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SEARCH_LIMIT = 200_000  # steps before a search gives up; a module's questions take a few hundred


@dataclass(frozen=True)
class Minimum:
    need: int
    members: tuple[int, ...]  # the items that count towards it


@dataclass(frozen=True)
class Cover:
    items: tuple[int, ...] | None  # the smallest set found, sorted; None when none was found
    proven: bool  # whether no smaller set exists (for None: whether none exists at all)


class _Search:
    def __init__(self, minimums: Sequence[Minimum], limit: int) -> None:
        self.minimums = minimums
        self.limit = limit
        self.helps: dict[int, list[int]] = {}
        for index, minimum in enumerate(minimums):
            for item in minimum.members:
                self.helps.setdefault(item, []).append(index)
        self.counts = [0] * len(minimums)
        self.chosen: list[int] = []
        self.taken: set[int] = set()
        self.barred: set[int] = set()
        self.best: list[int] | None = None
        self.steps = 0

    def take(self, item: int) -> None:
        self.taken.add(item)
        self.chosen.append(item)
        for index in self.helps.get(item, ()):
            self.counts[index] += 1

    def give_back(self, item: int) -> None:
        self.taken.discard(item)
        self.chosen.pop()
        for index in self.helps.get(item, ()):
            self.counts[index] -= 1

    def shortfall(self, index: int) -> int:
        return max(0, self.minimums[index].need - self.counts[index])

    def open_members(self, index: int) -> list[int]:
        return [i for i in self.minimums[index].members if i not in self.taken and i not in self.barred]

    def usefulness(self, item: int) -> int:
        return sum(1 for index in self.helps.get(item, ()) if self.shortfall(index))

    def bound(self, unmet: list[int]) -> int:
        """The fewest items that could still close every shortfall."""
        largest = max(self.shortfall(index) for index in unmet)
        total = sum(self.shortfall(index) for index in unmet)
        candidates = {item for index in unmet for item in self.open_members(index)}
        most_helped = max((self.usefulness(item) for item in candidates), default=0)
        return max(largest, -(-total // most_helped)) if most_helped else largest

    def greedy(self) -> list[int] | None:
        """Complete the current choice by always taking the item that helps most (lowest on a tie)."""
        added: list[int] = []
        while True:
            unmet = [index for index in range(len(self.minimums)) if self.shortfall(index)]
            if not unmet:
                break
            candidates = sorted({item for index in unmet for item in self.open_members(index)})
            if not candidates:
                break
            item = max(candidates, key=lambda i: (self.usefulness(i), -i))
            self.take(item)
            added.append(item)
        found = sorted(self.chosen) if all(not self.shortfall(i) for i in range(len(self.minimums))) else None
        for item in reversed(added):
            self.give_back(item)
        return found

    def search(self) -> None:
        self.steps += 1
        if self.steps > self.limit:
            return
        unmet = [index for index in range(len(self.minimums)) if self.shortfall(index)]
        if not unmet:
            if self.best is None or len(self.chosen) < len(self.best):
                self.best = sorted(self.chosen)
            return
        if self.best is not None and len(self.chosen) + self.bound(unmet) >= len(self.best):
            return
        index = min(unmet, key=lambda i: (len(self.open_members(i)) - self.shortfall(i), i))
        candidates = sorted(self.open_members(index), key=lambda i: (-self.usefulness(i), i))
        barred_here = []
        for item in candidates:
            if len(self.open_members(index)) < self.shortfall(index) or self.steps > self.limit:
                break
            self.take(item)
            self.search()
            self.give_back(item)
            # the branches after this one go without it: each set is searched once
            self.barred.add(item)
            barred_here.append(item)
        self.barred.difference_update(barred_here)


def smallest_cover(minimums: Sequence[Minimum], forced: Iterable[int] = (),
                   limit: int = SEARCH_LIMIT) -> Cover:
    """The smallest set of items (forced ones included) meeting every minimum."""
    search = _Search(minimums, limit)
    for item in forced:
        search.take(item)
    search.best = search.greedy()
    search.search()
    found = tuple(search.best) if search.best is not None else None
    return Cover(found, proven=search.steps <= limit)
