"""For the comments browser tests: what to comment on, picked from the sources when the test runs,
and the edits an author makes to them, made on a copy of the course with ruamel's round trip.

The real course is being rewritten while these tests live, so nothing here names its text: each
target is the first value of the course that the edits below can be made on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from dcp_course.comments.anchors import YamlPath, node_at, own_text

GLOSSARY = "course/glossary.yaml"
INSERTED_BLOCK = "An inserted paragraph about what the budget committee decided in spring."
INSERTED_CHOICE = "An inserted choice about the budget committee"


@dataclass(frozen=True)
class Target:
    name: str  # what it is, for messages: "paragraph", "choice", …
    file: str
    path: YamlPath

    @property
    def remark(self) -> str:
        return f"Remark on the {self.name}."


@dataclass(frozen=True)
class Targets:
    paragraph: Target  # a text block, in a module with another lesson to move it to
    choice: Target  # a wrong choice of a single-choice quiz question with three or more choices
    feedback: Target  # that choice's feedback line
    option: Target  # an option of a branching step
    definition: Target  # a definition in the course glossary

    def all(self) -> list[Target]:
        return [self.paragraph, self.choice, self.feedback, self.option, self.definition]


def _unique(texts: list[str], index: int) -> bool:
    return texts.count(texts[index]) == 1 and index != len(texts) - 1 - index  # reversing the list moves it


def pick_targets(documents: dict[str, Any]) -> Targets:
    """The first value of each kind that every edit of the tests can be made on."""
    paragraph = choice = option = None
    for file, data in sorted(documents.items()):
        if not file.startswith("modules/") or not isinstance(data, dict):
            continue
        lessons = data.get("lessons") or []
        for i, lesson in enumerate(lessons):
            blocks = lesson.get("blocks") or []
            texts = [own_text(block) for block in blocks]
            for j, block in enumerate(blocks):
                if paragraph is None and len(lessons) > 1 and set(block) == {"text"} and _unique(texts, j) \
                        and len(texts[j].split()) >= 8:
                    paragraph = Target("paragraph", file, ("lessons", i, "blocks", j))
        questions = (data.get("quiz") or {}).get("questions") or []
        for q, question in enumerate(questions):
            choices = question.get("choices") or []
            texts = [own_text(c) for c in choices]
            if choice is None and "single" in question and 3 <= len(choices) < 10 and "draw" not in data["quiz"] \
                    and all(c.get("feedback") for c in choices):
                k = next((k for k, c in enumerate(choices) if not c.get("correct") and _unique(texts, k)), None)
                if k is not None:
                    choice = Target("choice", file, ("quiz", "questions", q, "choices", k))
            for s, step in enumerate(question.get("steps") or []):
                options = step.get("options") or []
                texts = [own_text(o) for o in options]
                o = next((o for o in range(len(options)) if _unique(texts, o)), None)
                if option is None and o is not None and len(options) < 6:
                    option = Target("option", file, ("quiz", "questions", q, "steps", s, "options", o))
    terms = documents[GLOSSARY]["terms"]
    assert paragraph and choice and option and terms, "the course has no value of some kind to comment on"
    definition = Target("definition", GLOSSARY, ("terms", len(terms) // 2, "definition"))
    feedback = Target("feedback line", choice.file, (*choice.path, "feedback"))
    return Targets(paragraph, choice, feedback, option, definition)


# ---------------------------------------------------------------- edits, on a copy of the course


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # no re-wrapping: only the edited values change
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def edit(root: Path, file: str, change: Callable[[Any], None]) -> None:
    path = root / file
    yaml = _yaml()
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)


def reword(text: Any) -> Any:
    """Its second word replaced (on the first line, where the test looks), the scalar's style kept."""
    words = str(text).split(" ")
    words[min(1, len(words) - 1)] = "reworded"
    return type(text)(" ".join(words)) if type(text) is not str else " ".join(words)


def parent(data: Any, path: YamlPath) -> Any:
    return node_at(data, path)[1]


def reword_at(root: Path, target: Target, key: str | None) -> None:
    """The target's own text (or, with key, that field of it) reworded."""
    def change(data: Any) -> None:
        holder = parent(data, target.path[:-1] if key is None else target.path)
        last = target.path[-1] if key is None else key
        holder[last] = reword(holder[last])
    edit(root, target.file, change)


def first_words(text: str, count: int = 4) -> str:
    return " ".join(str(text).split()[:count])
