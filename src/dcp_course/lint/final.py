"""The final assessment as lint sees it: a blueprint no draw can meet (which the build refuses too),
and modules or objectives the final can never draw."""

from __future__ import annotations

from ..source.final.blueprint import blueprint_rules, reachable
from ..source.final.pool import final_pool
from ..source.final.problems import final_problems
from ..source.loaded import CourseSource
from .findings import Finding, finding


def final_findings(source: CourseSource) -> list[Finding]:
    problems = final_problems(source)
    found = [Finding(e.path, e.line, e.column, "final-blueprint", e.field, e.message, e.hint) for e in problems]
    return found + unreachable_findings(source, blueprint_met=not problems)


def unreachable_findings(source: CourseSource, blueprint_met: bool) -> list[Finding]:
    final = source.course.final
    if final is None:
        return [finding(loaded.doc, ("final_questions",), "final-unreachable",
                        f"module {loaded.module.id!r} has final-only questions, but the course has no final "
                        "assessment to draw them",
                        "add final: to course.yaml, or move them into the module's quiz")
                for loaded in source.modules if loaded.module.final_questions]
    pool = final_pool(source.modules)
    draw = min(final.draw or len(pool), len(pool))
    # Past a blueprint no draw meets (reported above), only what has no question at all is certain.
    drawable = (reachable(pool, blueprint_rules(pool, final.blueprint, source.modules), draw)
                if blueprint_met and pool else set(range(len(pool))))
    found = []
    for loaded in source.modules:
        module_id = loaded.module.id
        mine = [i for i, item in enumerate(pool) if item.module.module.id == module_id]
        if not any(i in drawable for i in mine):
            why = ("it has no quiz or final-only question the final can draw" if not mine
                   else f"no draw of {draw} that meets the blueprint has room for one")
            found.append(finding(loaded.doc, ("id",), "final-unreachable",
                                 f"the final assessment never draws a question of module {module_id!r}: {why}",
                                 "add final_questions to this module, or raise the final's draw"))
            continue
        for k, objective in enumerate(loaded.module.objectives):
            assessing = [i for i in mine if objective.id in pool[i].objectives]
            if any(i in drawable for i in assessing):
                continue
            why = ("no quiz or final-only question assesses it" if not assessing
                   else f"no draw of {draw} that meets the blueprint has room for one")
            found.append(finding(loaded.doc, ("objectives", k, "id"), "final-unreachable",
                                 f"the final assessment never draws a question on objective {objective.id!r}: {why}",
                                 f"add final_questions with assesses: [{objective.id}], or raise the final's draw"))
    return found
