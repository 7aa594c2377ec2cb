"""What stops the final assessment from drawing as course.yaml asks: located in course.yaml.

The build refuses these; lint lists them as findings of its own (a course whose blueprint cannot be
met still loads for lint, so the author sees them beside everything else).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import SourceError, field_path
from ..loaded import CourseSource, ModuleSource
from ..model import Blueprint, question_kind
from ..question_rules import Loc
from .blueprint import Rule, blueprint_rules, smallest_draw
from .pool import PoolItem, final_pool

At = Callable[[Loc, str, str], SourceError]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def module_file(source: CourseSource, loaded: ModuleSource) -> str:
    """The module's file as the author finds it from the course folder."""
    try:
        return loaded.path.resolve().relative_to(source.root.resolve()).as_posix()
    except ValueError:
        return Path(loaded.folder, loaded.path.name).as_posix()


def final_problems(source: CourseSource) -> list[SourceError]:
    undrawable = _undrawable_final_only(source)
    final = source.course.final
    if final is None or undrawable:
        return undrawable

    def at(loc: Loc, message: str, hint: str) -> SourceError:
        line, column = source.doc.locate(("final", *loc))
        return SourceError(source.doc.path, line, column, field_path(("final", *loc)), message, hint)

    pool = final_pool(source.modules)
    if not pool:
        return [at((), "the final assessment has no question to draw",
                   "give the modules quiz questions or final_questions")]
    if final.draw is not None and final.draw > len(pool):
        return [at(("draw",), f"draw {final.draw} is more than the {len(pool)} questions the final can draw from",
                   "lower draw, or add final_questions to the modules")]
    if final.blueprint is None:
        return []
    rules = blueprint_rules(pool, final.blueprint, source.modules)
    short = [at(*problem) for rule in rules if (problem := _shortfall(source, rule, pool)) is not None]
    if short:
        return short
    return _too_small(source, final.blueprint, pool, rules, final.draw or len(pool), at)


def _undrawable_final_only(source: CourseSource) -> list[SourceError]:
    """A final-only question the final may not draw (left out of its pool) would be shown nowhere."""
    drawn = {id(item.question) for item in final_pool(source.modules)}
    errors = []
    for loaded in source.modules:
        for k, question in enumerate(loaded.module.final_questions):
            if id(question) not in drawn:
                loc = ("final_questions", k, question_kind(question))
                line, column = loaded.doc.locate(loc)
                errors.append(SourceError(
                    loaded.doc.path, line, column, field_path(loc),
                    f"the final assessment cannot draw a {question_kind(question)} question: "
                    "the player cannot score it by itself",
                    "move it to the module's quiz or to a lesson"))
    return errors


def _shortfall(source: CourseSource, rule: Rule, pool: tuple[PoolItem, ...]) -> tuple[Loc, str, str] | None:
    """Where and why a rule asks for more questions than the pool holds for it."""
    have = len(rule.members)
    if have >= rule.need:
        return None
    loaded = next((m for m in source.modules if m.module.id == rule.module), None)
    where = module_file(source, loaded) if loaded is not None else "the modules"
    if rule.by == "module":
        return (("blueprint", "per_module"),
                f"module {rule.name!r} has {_plural(have, 'question')} the final can draw; "
                f"per_module asks for {rule.need}",
                f"add final_questions to {where}, or lower per_module")
    if rule.by == "objective":
        return (("blueprint", "per_objective"),
                f"objective {rule.name!r} of module {rule.module!r} is assessed by {_plural(have, 'question')} "
                f"the final can draw; per_objective asks for {rule.need}",
                f"add questions with assesses: [{rule.name}] to {where} (quiz or final_questions), "
                "or lower per_objective")
    return (("blueprint", "final_only"),
            f"the modules hold {_plural(have, 'final-only question')}; final_only asks for {rule.need}",
            "add final_questions to the modules, or lower final_only")


def _too_small(source: CourseSource, blueprint: Blueprint, pool: tuple[PoolItem, ...], rules: tuple[Rule, ...],
               draw: int, at: At) -> list[SourceError]:
    smallest = smallest_draw(pool, rules)
    if smallest.size is not None and smallest.size <= draw:
        return []
    least = ", ".join(f"{module_id} {count}" for module_id, count in smallest.module_least.items()
                      if count is not None)
    # Past the shortfalls, taking every question meets the rules, so a smallest draw is always found;
    # only a search that gave up may have missed a smaller one.
    size = smallest.size if smallest.size is not None else len(pool)
    found = "the smallest that does holds" if smallest.proven else "the smallest found holds"
    message = f"no draw of {draw} questions meets the blueprint: {found} {size}"
    fix = f"raise draw to {size}, or lower the blueprint's minimums"
    parts = [fix, f"the fewest each module's own rules take: {least}"]
    if blueprint.per_objective:
        parts.append("a question that assesses two objectives of its module counts for both")
    if blueprint.final_only:
        parts.append(f"and {blueprint.final_only} of all must be final-only")
    return [at(("blueprint",), message, "; ".join(parts))]
