"""Reading a results file that comes from outside, refusing what is hostile before it is parsed.

A results file is a download a trainer was handed: it may be huge, not a file at all (a FIFO, a
device), not UTF-8, nested deeper than any LMS writes, or edited in a spreadsheet so that cells
hold formulas. Each of these becomes one ResultsFileError whose message names the file and says
what to do; nothing here prints, and nothing is read past the size cap.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

MAX_FILE_BYTES = 64 * 1024 * 1024  # 1,000 learners x 200 questions as xAPI statements is ~60 MB
# A cell a spreadsheet would evaluate (OWASP's CSV injection characters). "-" alone and negative
# numbers are ordinary values in Moodle's report, so only "-" followed by something else counts.
_FORMULA = re.compile(r"^(?:[=+@\t\r]|-[^\d\s.-])")
FORMULA_STARTS = frozenset("=+@\t\r-")  # a quick look before the pattern: most cells start otherwise
_SPREADSHEET_MAGIC = {b"PK\x03\x04": "an ODS or Excel (.xlsx) workbook",
                      b"\xd0\xcf\x11\xe0": "an Excel (.xls) workbook"}


class ResultsFileError(Exception):
    """A results file that cannot be used; the message names the file and what is wrong."""


def read_limited(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file no larger than limit; anything else refused before reading."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ResultsFileError(f"{path}: not a regular file; give the file the LMS downloaded")
        if info.st_size > limit:
            raise ResultsFileError(f"{path}: file is larger than {limit // (1024 * 1024)} MB; "
                                   "split the download (an LRS pages its statements) or check it is the right file")
        with path.open("rb") as stream:
            raw = stream.read(limit + 1)
    except OSError as exc:
        raise ResultsFileError(f"{path}: cannot read file: {exc.strerror}") from None
    if len(raw) > limit:  # the file grew while it was read
        raise ResultsFileError(f"{path}: file is larger than {limit // (1024 * 1024)} MB")
    return raw


def spreadsheet_kind(raw: bytes) -> str | None:
    """What kind of workbook these bytes are, or None for anything else."""
    return next((kind for magic, kind in _SPREADSHEET_MAGIC.items() if raw.startswith(magic)), None)


def decode_text(raw: bytes, name: str, expected: str) -> str:
    """UTF-8 text (a leading byte-order mark dropped); refuse workbooks and other encodings."""
    workbook = spreadsheet_kind(raw)
    if workbook is not None:
        raise ResultsFileError(
            f"{name}: {workbook}; dcp-course reads Moodle's report as text: in the Interactions "
            "report choose \"Download in text format\" (the same cells, as a .txt file)")
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ResultsFileError(f"{name}:{line}: not UTF-8 text; expected {expected}") from None


def is_formula(cell: str) -> bool:
    return bool(_FORMULA.match(cell))
