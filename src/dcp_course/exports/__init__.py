"""Question exports for LMS quiz engines: one module per format, each QuestionBank -> QuestionExport."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import gift, moodle_xml, qti21
from .bank import QuestionBank, QuestionExport, question_bank

__all__ = ["EXPORT_FORMATS", "ExportFormat", "QuestionBank", "QuestionExport", "question_bank"]


@dataclass(frozen=True)
class ExportFormat:
    export: Callable[[QuestionBank], QuestionExport]
    suffix: str  # ends the default file name
    for_moodle: bool = False  # read by Moodle's importers, so bound by what a Moodle release has


EXPORT_FORMATS: dict[str, ExportFormat] = {
    "qti21": ExportFormat(qti21.export, "qti21.zip"),
    "moodle-xml": ExportFormat(moodle_xml.export, "moodle.xml", for_moodle=True),
    "gift": ExportFormat(gift.export, "gift.txt", for_moodle=True),
}
