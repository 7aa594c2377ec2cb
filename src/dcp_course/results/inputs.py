"""Which reader a results file needs, decided by its content rather than its name."""

from __future__ import annotations

from pathlib import Path

from .answers import LearnerIds, ResultsFile
from .files import decode_text, read_limited
from .moodle import read_moodle_text
from .xapi import read_xapi

EXPECTED = "Moodle's Interactions report in text format (.txt) or xAPI statements (.json)"


def read_results_file(path: Path, file_index: int, learners: LearnerIds) -> ResultsFile:
    """One file read and checked; ResultsFileError (one line, naming the file) when refused."""
    text = decode_text(read_limited(path), str(path), EXPECTED)
    if text.lstrip()[:1] in ("{", "["):
        return read_xapi(text, str(path), file_index, learners)
    return read_moodle_text(text, str(path), file_index, learners)
