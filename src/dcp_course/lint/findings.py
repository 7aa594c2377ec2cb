"""What lint reports: one finding per problem, with its rule, severity and place in the sources."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from ..authoring.scaffold import source_lines
from ..source.errors import SourceError, field_path
from ..source.yamlsource import YamlDocument

Severity = Literal["error", "warning"]
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str


RULES: dict[str, Rule] = {rule.id: rule for rule in (
    Rule("link-insecure", "error", "a link or source address uses http://; write https://"),
    Rule("link-scheme", "error", "a link uses a scheme other than https:, mailto: or tel: (javascript:, data:, //host ...)"),
    Rule("link-outside", "error", "a link points at a file outside the package (absolute, ../.. or file: paths)"),
    Rule("link-target", "error", "a link inside the package points at no page or packaged file"),
    Rule("image-alt", "warning", "alt text that says nothing: empty-ish, a file name or (English) a generic word"),
    Rule("media-unused", "warning", "a file in media/ that nothing uses"),
    Rule("objective-unassessed", "warning", "an objective that no quiz question assesses"),
    Rule("question-unassessed", "warning", "a quiz question that assesses no objective"),
    Rule("lesson-too-long", "warning", "a lesson whose text takes far longer to read than its minutes"),
    Rule("long-sentence", "warning", "a sentence of more than 30 words (plain language; translations too)"),
    Rule("long-paragraph", "warning", "a paragraph of more than 120 words (plain language; translations too)"),
    Rule("near-duplicate", "warning", "a question whose stem and options share a third or more of their content words with an earlier one (or its stem)"),
    Rule("truefalse-clue", "warning", "(English) a true/false statement with an absolute word (always, never, only, all, must ...) or a negation (not, no, n't ...)"),
    Rule("key-longest", "warning", "a keyed option 1.3x and 10 characters longer than every distractor; or keys longest in 1.5x the questions chance predicts (and 2 SD above it) course-wide"),
    Rule("option-scored-differently", "warning", "the same option text (3 words or more) correct in one question and wrong in another, or worth other branching points"),
    Rule("quiz-minutes", "warning", "a quiz or the final with less than a minute a question (quiz minutes, else the module's less its lessons')"),
    Rule("several-best-options", "error", "a scenario, or a step of a branching question, with more than one best option"),
    Rule("fill-repeats-stem", "error", "a fill-in accepted answer that repeats a word beside the blank"),
    Rule("mixed-scoring", "warning", "multiple-response questions in one course scored under different rules"),
    Rule("course-minutes", "error", "course minutes other than the modules' minutes plus the final assessment's"),
    Rule("final-blueprint", "error", "a final assessment whose blueprint no draw can meet (the build refuses it too)"),
    Rule("final-unreachable", "warning", "a module or objective the final assessment never draws, or final-only questions without a final"),
    Rule("source-year-mismatch", "error", "the same source address cited with different years"),
    Rule("schema-header", "warning", "the yaml-language-server header points at the wrong schema"),
    Rule("translation-missing", "warning", "a language listed in course.yaml has texts without a translation"),
    Rule("translation-stale", "warning", "a translation made from a source text that has changed since"),
    Rule("translation-tags", "warning", "a translation whose inline tags are missing, doubled, out of nesting or stand for something else"),
    Rule("translation-number", "warning", "a number, date, year or article number of the source missing from its translation, or one added"),
    Rule("translation-address", "warning", "a web or e-mail address of the source not in its translation as written"),
    Rule("translation-untranslated", "warning", "a translation equal to its source, for a text of 4 words or more (cited titles and names excepted)"),
    Rule("translation-inconsistent", "warning", "the same source text translated in two different ways in one language"),
    Rule("translation-length", "warning", "a translation under half or over twice its source's length (sources of 40 characters or more)"),
    Rule("translation-doubled", "warning", "two spaces, or the same word twice, in a row in a translation"),
    Rule("term-uncovered", "warning", "a glossary term with no entry in course/terminology.yaml"),
    Rule("term-missing", "warning", "a translation whose English holds a termbase term but which holds none of the approved forms"),
    Rule("term-forbidden", "warning", "a translation that uses a variant the termbase forbids"),
)}


@dataclass(frozen=True, order=True)
class Finding:
    path: Path
    line: int  # 1-based; 0 when the finding concerns the whole file
    column: int
    rule: str
    field: str
    message: str
    hint: str = ""

    @property
    def severity(self) -> Severity:
        return RULES[self.rule].severity

    def render(self, root: Path | None = None) -> str:
        """`path:line:column: field: message (hint) [severity: rule]`, the shape of every source error."""
        located = SourceError(self.path, self.line, self.column, self.field, self.message, self.hint)
        return f"{located.render(root)} [{self.severity}: {self.rule}]"


def _node_at(tree: object, loc: Loc) -> object:
    node: Any = tree
    for part in loc:
        in_map = isinstance(node, CommentedMap) and isinstance(part, str) and part in node
        in_seq = isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_map or in_seq):
            return None
        node = node[part]
    return node


def finding(doc: YamlDocument, loc: Loc, rule: str, message: str, hint: str = "",
            text_line: int | None = None) -> Finding:
    """A finding at loc; text_line (0-based, within the value) points into a `|` block when given."""
    line, column = doc.locate(loc)
    if text_line is not None and isinstance(_node_at(doc.tree, loc), LiteralScalarString):
        line += 1 + text_line
        lines = source_lines(doc.text)
        if 0 < line <= len(lines):
            current = lines[line - 1]
            column = len(current) - len(current.lstrip()) + 1
    return Finding(doc.path, line, column, rule, field_path(loc), message, hint)
