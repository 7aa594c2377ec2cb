"""The final's blueprint as rules over its pool, and the smallest draw that meets them all.

A rule asks for at least `need` of its members (positions in the pool): one per objective, one per
module, one for the final-only questions. Objectives belong to one module, so only the final-only
rule spans modules: each module is searched on its own for every count of final-only questions it
could contribute, and the modules are then combined by counting (a knapsack over that count).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..loaded import ModuleSource
from ..model import Blueprint
from .pool import PoolItem
from .search import Cover, Minimum, smallest_cover

RuleKind = Literal["objective", "module", "final-only"]


@dataclass(frozen=True)
class Rule:
    by: RuleKind
    name: str  # the objective's or module's id; "" for the final-only rule
    module: str | None  # the module every member belongs to; None for the final-only rule
    need: int
    members: tuple[int, ...]  # positions in the pool


def blueprint_rules(pool: Sequence[PoolItem], blueprint: Blueprint | None,
                    modules: Sequence[ModuleSource]) -> tuple[Rule, ...]:
    """The rules a blueprint sets, in the order a draw meets them: objectives, modules, final-only."""
    if blueprint is None:
        return ()
    rules: list[Rule] = []
    if blueprint.per_objective:
        for loaded in modules:
            module_id = loaded.module.id
            for objective in loaded.module.objectives:
                members = tuple(i for i, item in enumerate(pool)
                                if item.module.module.id == module_id and objective.id in item.objectives)
                rules.append(Rule("objective", objective.id, module_id, blueprint.per_objective, members))
    if blueprint.per_module:
        for loaded in modules:
            module_id = loaded.module.id
            members = tuple(i for i, item in enumerate(pool) if item.module.module.id == module_id)
            rules.append(Rule("module", module_id, module_id, blueprint.per_module, members))
    if blueprint.final_only:
        members = tuple(i for i, item in enumerate(pool) if item.final_only)
        rules.append(Rule("final-only", "", None, blueprint.final_only, members))
    return tuple(rules)


@dataclass(frozen=True)
class SmallestDraw:
    items: tuple[int, ...] | None  # pool positions of a smallest draw meeting every rule; None: none found
    proven: bool  # whether nothing smaller exists (for None: whether no draw at all can meet the rules)
    module_least: dict[str, int | None]  # per module, the fewest questions its own rules take

    @property
    def size(self) -> int | None:
        return len(self.items) if self.items is not None else None


def _module_ids(pool: Sequence[PoolItem], rules: Sequence[Rule]) -> list[str]:
    seen: dict[str, None] = {}
    for item in pool:
        seen.setdefault(item.module.module.id, None)
    for rule in rules:
        if rule.module is not None:
            seen.setdefault(rule.module, None)
    return list(seen)


def _module_covers(pool: Sequence[PoolItem], rules: Sequence[Rule], module_id: str, most_final_only: int,
                   forced: int | None) -> list[Cover]:
    """The module's smallest cover holding at least j final-only questions, for j = 0, 1, ... while one exists."""
    own = [Minimum(rule.need, rule.members) for rule in rules if rule.module == module_id]
    final_only = tuple(i for i, item in enumerate(pool) if item.final_only and item.module.module.id == module_id)
    forced_here = [forced] if forced is not None and pool[forced].module.module.id == module_id else []
    covers = []
    for count in range(min(most_final_only, len(final_only)) + 1):
        wanted = [*own, Minimum(count, final_only)] if count else own
        cover = smallest_cover(wanted, forced_here) if wanted or forced_here else Cover((), True)
        covers.append(cover)
        if cover.items is None:
            break
    return covers


def smallest_draw(pool: Sequence[PoolItem], rules: Sequence[Rule], forced: int | None = None) -> SmallestDraw:
    """The smallest set of pool positions meeting every rule (holding `forced` when given)."""
    final_only_need = max((rule.need for rule in rules if rule.module is None), default=0)
    # best[t]: the smallest combination so far holding min(t, need) final-only questions, as covers
    best: dict[int, tuple[int, tuple[Cover, ...]]] = {0: (0, ())}
    proven = True
    least: dict[str, int | None] = {}
    for module_id in _module_ids(pool, rules):
        covers = _module_covers(pool, rules, module_id, final_only_need, forced)
        proven = proven and all(cover.proven for cover in covers)
        least[module_id] = len(covers[0].items) if covers[0].items is not None else None
        combined: dict[int, tuple[int, tuple[Cover, ...]]] = {}
        for held, (size, chosen) in sorted(best.items()):
            for count, cover in enumerate(covers):
                if cover.items is None:
                    continue
                key = min(final_only_need, held + count)
                candidate = (size + len(cover.items), (*chosen, cover))
                if key not in combined or candidate[0] < combined[key][0]:
                    combined[key] = candidate
        best = combined
    if final_only_need not in best:
        return SmallestDraw(None, proven, least)
    items = sorted(i for cover in best[final_only_need][1] for i in cover.items or ())
    return SmallestDraw(tuple(items), proven, least)


def reachable(pool: Sequence[PoolItem], rules: Sequence[Rule], draw: int) -> set[int]:
    """Pool positions some draw of `draw` questions meeting every rule can hold."""
    smallest = smallest_draw(pool, rules)
    if smallest.size is None or smallest.size > draw:
        return set()
    if smallest.size < draw:  # a smallest draw and any one question more still meets the rules
        return set(range(len(pool)))
    return {i for i in range(len(pool))
            if (size := smallest_draw(pool, rules, forced=i).size) is not None and size <= draw}
