"""Are these results from this course? Checked before anything is analysed.

Neither Moodle's report nor an LRS names the course version. What they do carry is checked:
the question ids (a file none of whose ids is a quiz question of today's sources is refused),
for xAPI the cmi5 publisher ids in contextActivities.grouping, which are derived from the course
id (targets/cmi5_structure.py), and for Moodle the SCO titles. Ids that no longer exist are listed
by the analysis, answer keys changed since are flagged at their questions.
"""

from __future__ import annotations

from ..comments.report import quoted
from .answers import ResultsFile
from .course_index import CourseIndex
from .files import ResultsFileError


def check_course(results: ResultsFile, index: CourseIndex) -> list[str]:
    """Notes on how well the file matches the sources; ResultsFileError when it is another course's."""
    notes = []
    ids = {answer.interaction_id for answer in results.answers}
    if ids and not any(index.item(interaction_id) for interaction_id in ids):
        raise ResultsFileError(f"{results.name}: none of its {len(ids)} question id(s) is a quiz question of "
                               f"course {index.course_id!r}; are these results of another course?")
    if results.source == "xapi":
        if results.containers and not set(results.containers) & index.cmi5_ids:
            raise ResultsFileError(f"{results.name}: its statements come from cmi5 AUs of another course (no "
                                   f"publisher id in contextActivities.grouping is one of course {index.course_id!r}'s AUs)")
        if results.answers and not results.containers:
            notes.append(f"{results.name}: statements name no cmi5 AU (contextActivities.grouping); "
                         "the course is recognised by question ids only")
    else:
        strange = [title for title in results.containers if title not in index.sco_titles]
        if strange:
            notes.append(f"{results.name}: SCO title(s) not in today's sources (renamed, translated, or another "
                         f"package?): {', '.join(quoted(title) for title in strange)}")
    return notes
