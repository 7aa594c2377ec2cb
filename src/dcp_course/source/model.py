"""The source format: pydantic models for course.yaml and module.yaml.

Blocks and questions are written as single-key mappings whose key names the kind
(`- callout: {...}`, `- single: "Which ...?"`), so each kind is its own model and a
callable discriminator picks it from the keys present. Unknown keys are errors everywhere.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

import langcodes
from pydantic import Field, StringConstraints, ValidationInfo, field_validator

# The field types and question models live in modules of their own; they are named here too, so
# that the rest of the tool finds every source model in one place.
from .base import SLUG_PATTERN as SLUG_PATTERN
from .base import Colour as Colour
from .base import Markdown as Markdown
from .base import MediaPath as MediaPath
from .base import Slug as Slug
from .base import StrictModel as StrictModel
from .base import Text as Text
from .base import tagged_union
from .kinds import QUESTION_KINDS as QUESTION_KINDS
from .kinds import question_kind as question_kind
from .kinds import question_stem as question_stem
from .questions import Branching as Branching
from .questions import BranchOption as BranchOption
from .questions import BranchStep as BranchStep
from .questions import Choice as Choice
from .questions import Feedback as Feedback
from .questions import FillIn as FillIn
from .questions import Matching as Matching
from .questions import MatchPair as MatchPair
from .questions import MultipleResponse as MultipleResponse
from .questions import Numeric as Numeric
from .questions import Ordering as Ordering
from .questions import QuestionBase as QuestionBase
from .questions import Scoring as Scoring
from .questions import SingleChoice as SingleChoice
from .questions import Task as Task
from .questions import TrueFalse as TrueFalse

# The unions are built at run time from the kind tables, which a type checker cannot follow: it
# sees the members' common base instead, which is what code outside validation relies on.
if TYPE_CHECKING:
    Question: TypeAlias = QuestionBase
else:
    Question = tagged_union(QUESTION_KINDS, "question")


# ---------------------------------------------------------------- blocks


class Callout(StrictModel):
    kind: Literal["tip", "warning", "note"] = "note"
    title: Text | None = None
    text: Markdown


class Quote(StrictModel):
    text: Markdown
    by: Text


class Image(StrictModel):
    src: MediaPath
    alt: Text
    caption: Text | None = None


class Media(StrictModel):
    src: MediaPath
    title: Text
    captions: MediaPath
    transcript: Markdown


class Checklist(StrictModel):
    title: Text | None = None
    items: Annotated[list[Text], Field(min_length=1)]


class GlossaryTerm(StrictModel):
    term: Text
    definition: Markdown


class ScenarioOption(StrictModel):
    text: Text
    consequence: Markdown
    best: bool = False


class Scenario(StrictModel):
    title: Text | None = None
    situation: Markdown
    question: Text | None = None  # default from the interface catalogue
    options: Annotated[list[ScenarioOption], Field(min_length=2, max_length=6)]


# A block's optional id names it in translation unit ids (and anywhere else a block must be found
# again after edits). It starts with a letter so it never reads as a list position.
BlockId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=64)]


class BlockBase(StrictModel):
    id: BlockId | None = None


class TextBlock(BlockBase):
    text: Markdown


class KeyPointsBlock(BlockBase):
    keypoints: Annotated[list[Text], Field(min_length=1)]


class CalloutBlock(BlockBase):
    callout: Callout


class QuoteBlock(BlockBase):
    quote: Quote


class ImageBlock(BlockBase):
    image: Image


class VideoBlock(BlockBase):
    video: Media


class AudioBlock(BlockBase):
    audio: Media


class ChecklistBlock(BlockBase):
    checklist: Checklist


class GlossaryBlock(BlockBase):
    glossary: GlossaryTerm


class ReflectionBlock(BlockBase):
    reflect: Markdown


class ScenarioBlock(BlockBase):
    scenario: Scenario


class CheckBlock(BlockBase):
    check: Question


BLOCK_KINDS: dict[str, type[StrictModel]] = {
    "text": TextBlock,
    "keypoints": KeyPointsBlock,
    "callout": CalloutBlock,
    "quote": QuoteBlock,
    "image": ImageBlock,
    "video": VideoBlock,
    "audio": AudioBlock,
    "checklist": ChecklistBlock,
    "glossary": GlossaryBlock,
    "reflect": ReflectionBlock,
    "scenario": ScenarioBlock,
    "check": CheckBlock,
}

if TYPE_CHECKING:
    Block: TypeAlias = StrictModel
else:
    Block = tagged_union(BLOCK_KINDS, "block")


_KIND_OF_BLOCK_TYPE = {cls: kind for kind, cls in BLOCK_KINDS.items()}


def block_kind(block: StrictModel) -> str:
    return _KIND_OF_BLOCK_TYPE[type(block)]


# ---------------------------------------------------------------- module


class Objective(StrictModel):
    id: Slug
    text: Text


class Lesson(StrictModel):
    id: Slug
    title: Text
    minutes: Annotated[int, Field(ge=1, le=600)] | None = None
    blocks: Annotated[list[Block], Field(min_length=1)]


class Quiz(StrictModel):
    title: Text | None = None
    # counted in the module's minutes; without it lint reads the module's minutes less its lessons'
    minutes: Annotated[int, Field(ge=1, le=600)] | None = None
    pass_mark: Annotated[int | None, Field(alias="pass", ge=0, le=100)] = None
    attempts: Annotated[int, Field(ge=0, le=20)] = 3
    draw: Annotated[int, Field(ge=1)] | None = None
    shuffle: bool = False
    shuffle_choices: bool = False
    questions: Annotated[list[Question], Field(min_length=1)]


LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]


class Source(StrictModel):
    title: Text
    publisher: Text
    year: Annotated[int, Field(ge=1800, le=2100)]
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    note: Text | None = None
    # The one language the work is published in (BCP 47), when it has no translation: its title
    # stays as written in every language of the course, marked with this language, and readers of
    # another language are told it. Left out for works published in every language (EU law).
    language: LanguageCode | None = None


class Module(StrictModel):
    id: Slug
    title: Text
    summary: Markdown
    minutes: Annotated[int, Field(ge=1, le=1000)]
    objectives: Annotated[list[Objective], Field(min_length=1)]
    lessons: Annotated[list[Lesson], Field(min_length=1)]
    quiz: Quiz | None = None
    # Drawn only by the course's final assessment, never shown in this module's quiz.
    final_questions: list[Question] = []
    sources: list[Source] = []


# ---------------------------------------------------------------- course


SYSTEM_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif'


class FontFile(StrictModel):
    """A font shipped inside the package (never loaded from outside), relative to course/."""

    family: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9 _-]{1,64}$")]
    src: Annotated[str, StringConstraints(pattern=r"^[^\\:]+\.(woff2|woff|ttf|otf)$")]
    weight: Annotated[int, Field(ge=100, le=900)] = 400
    style: Literal["normal", "italic"] = "normal"


class Organisation(StrictModel):
    name: Text
    logo: MediaPath | None = None
    colour: Colour = "#1d3557"
    accent: Colour = "#b5172b"
    font: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9 ,\"'_-]{1,200}$")] = SYSTEM_FONTS
    fonts: list[FontFile] = []


class Blueprint(StrictModel):
    """What every draw of the final assessment holds at least; 0 asks for nothing."""

    per_module: Annotated[int, Field(ge=0, le=100)] = 0
    per_objective: Annotated[int, Field(ge=0, le=100)] = 0
    final_only: Annotated[int, Field(ge=0, le=1000)] = 0


class FinalAssessment(StrictModel):
    title: Text | None = None
    minutes: Annotated[int, Field(ge=1, le=1000)] | None = None  # counted in the course's minutes
    pass_mark: Annotated[int | None, Field(alias="pass", ge=0, le=100)] = None
    attempts: Annotated[int, Field(ge=0, le=20)] = 2
    draw: Annotated[int, Field(ge=1)] | None = None
    shuffle: bool = True
    shuffle_choices: bool = False
    blueprint: Blueprint | None = None


class GlossaryEntry(StrictModel):
    term: Text
    definition: Markdown
    aliases: list[Text] = []  # other spellings that lesson text links to this entry


class Glossary(StrictModel):
    """course/glossary.yaml: the course glossary; lesson text links to it."""

    terms: Annotated[list[GlossaryEntry], Field(min_length=1)]


class ReadingSection(StrictModel):
    title: Text
    items: Annotated[list[Source], Field(min_length=1)]


class FurtherReading(StrictModel):
    """course/further-reading.yaml: a page of sources worth reading after the course."""

    title: Text | None = None
    intro: Markdown | None = None
    sections: Annotated[list[ReadingSection], Field(min_length=1)]


Output = Literal["web", "scorm12", "scorm2004", "cmi5"]


class Course(StrictModel):
    id: Slug
    title: Text
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$")]
    language: LanguageCode
    # every language the course is built in; the first is the one the sources are written in
    languages: list[LanguageCode] = []
    # translations an academy has signed off: their pages carry no "not yet reviewed" notice
    reviewed_languages: list[LanguageCode] = []
    description: Markdown
    audience: Text
    minutes: Annotated[int, Field(ge=1, le=10000)]
    keywords: list[Text] = []
    organisation: Organisation
    mastery_score: Annotated[int, Field(ge=0, le=100)] = 80
    completion: Literal["lessons", "lessons-and-quiz"] = "lessons-and-quiz"
    sco: Literal["per-module", "per-course"] = "per-module"
    prerequisites: bool = False
    modules: Annotated[list[Annotated[str, StringConstraints(pattern=r"^[0-9]{2}-[a-z0-9-]+$")]],
                       Field(min_length=1)]
    exclude: list[str] = []
    final: FinalAssessment | None = None
    outputs: Annotated[list[Output], Field(min_length=1)] = ["web", "scorm12", "scorm2004"]

    @field_validator("language", "languages")
    @classmethod
    def bcp47_tags(cls, value: str | list[str]) -> str | list[str]:
        """Tags as BCP 47 writes them, so that `de-DE` from a translation tool can be matched to them."""
        for tag in [value] if isinstance(value, str) else value:
            if not langcodes.tag_is_valid(tag):
                raise ValueError(f"{tag!r} is not a valid BCP 47 language tag (e.g. de, de-AT, pt-BR)")
            if langcodes.standardize_tag(tag) != tag:
                raise ValueError(f"write {tag!r} as {langcodes.standardize_tag(tag)!r} (BCP 47 form)")
        return value

    @field_validator("languages")
    @classmethod
    def source_language_first(cls, values: list[str], info: ValidationInfo) -> list[str]:
        language = info.data.get("language")
        if values and language and values[0] != language:
            raise ValueError(f"must start with the source language {language!r} (the `language` key)")
        return values

    @field_validator("reviewed_languages")
    @classmethod
    def reviewed_are_translations(cls, values: list[str], info: ValidationInfo) -> list[str]:
        translations = (info.data.get("languages") or [])[1:]
        unknown = [value for value in values if value not in translations]
        if unknown:
            raise ValueError(f"{unknown[0]!r} is not one of the languages the course is translated into "
                             f"({', '.join(translations) or 'none'}; see `languages`)")
        return values

    @property
    def built_languages(self) -> list[str]:
        """The languages a build writes: `languages`, or just `language` when none are listed."""
        return list(self.languages) or [self.language]

    @field_validator("modules", "languages", "outputs")
    @classmethod
    def no_repeats(cls, values: list[str]) -> list[str]:
        seen = [v for i, v in enumerate(values) if v in values[:i]]
        if seen:
            raise ValueError(f"listed twice: {', '.join(sorted(set(seen)))}")
        return values


def slug_from_folder(folder_name: str) -> str:
    return re.sub(r"^[0-9]{2}-", "", folder_name)
