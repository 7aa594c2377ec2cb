"""What a translator is told about each unit: where it appears, how long it may be, what its tags are.

`resname` is a short readable path (module / lesson / block / field / part) that CAT tools show
as the unit's name; the developer note says the same in a sentence, with any length limit and
where each link goes. Length limits are set where the layout has room for one line only: titles
that the navigation, page headings and buttons show, and the short labels of matching questions.
"""

from __future__ import annotations

from ..source.kinds import ANSWER_FORMS_SEPARATOR
from .content import Open, Placeholder
from .interface import INTERFACE_FILE, label_width
from .units import Unit, protected_parts

# Characters a string may take where the layout gives it one line (XLIFF maxwidth, size-unit char).
# Lists of cited works: module sources and further-reading items.
CITATION_LISTS = frozenset({"sources", "items"})
LINE_LIMITS = {"title": 90, "term": 60, "left": 80, "right": 80, "keywords": 60, "name": 80}


def max_width(unit: Unit) -> int | None:
    if unit.file == INTERFACE_FILE:
        return label_width(unit)
    field_name = unit.where.get("field", "")
    if unit.markdown or CITATION_LISTS & set(unit.field_key.split("/")):
        return None  # a cited work's title wraps in its list, and an official title has its length
    return LINE_LIMITS.get(field_name)


def resname(unit: Unit) -> str:
    """module / lesson / block / the field's path within it / part, as far as the unit has them."""
    parts = [unit.where[name] for name in ("file", "module", "lesson") if name in unit.where]
    field_path = unit.field_key.split("/")
    if "block" in unit.where:
        number = unit.where.get("block number")
        parts.append(f"block {number} ({unit.where['block']})" if number else unit.where["block"])
        if "blocks" in field_path:
            field_path = field_path[field_path.index("blocks") + 2:]
    elif "lesson" in unit.where and "lessons" in field_path:
        field_path = field_path[field_path.index("lessons") + 2:]
    parts.append(" ".join(field_path))
    if "part" in unit.where:
        parts.append(unit.where["part"])
    return " / ".join(part for part in parts if part)


def developer_note(unit: Unit) -> str:
    """Where the learner meets the text, in a sentence, with its limit and what its tags stand for."""
    if unit.file == INTERFACE_FILE:
        return _interface_note(unit)
    places = []
    if "module title" in unit.where:
        places.append(f"module \u201c{unit.where['module title']}\u201d")
    elif "file" in unit.where:
        places.append(f"the {unit.where['file']}")
    if "lesson title" in unit.where:
        places.append(f"lesson \u201c{unit.where['lesson title']}\u201d")
    elif unit.where.get("lesson") == "quiz":
        places.append("its quiz")
    if "block" in unit.where:
        number = unit.where.get("block number")
        places.append(f"block {number} ({unit.where['block']})" if number else unit.where["block"])
    field_name = unit.where.get("field", "")
    sentences = [f"In {', '.join(places) or 'the course'}: {field_name}"
                 + (f", {unit.where['part']}" if "part" in unit.where else "") + "."]
    limit = max_width(unit)
    if limit:
        sentences.append(f"Shown on one line: at most {limit} characters.")
    if unit.where.get("work language") and field_name == "title":
        sentences.append(f"The work is published in {unit.where['work language']!r} only: keep its title as "
                         "written; the course marks the title with that language and names it for learners.")
    if unit.where.get("answer forms"):
        sentences.append(f"An accepted answer the learner types: give every form a learner may type "
                         f"(inflections, spellings, with and without an article), separated by "
                         f"{ANSWER_FORMS_SEPARATOR}, e.g. \u201cPolizei {ANSWER_FORMS_SEPARATOR} die Polizei\u201d.")
    sentences += _tag_notes(unit)
    return " ".join(sentences)


def _interface_note(unit: Unit) -> str:
    sentences = [f"Interface word {unit.key}: a button, label, heading or message of every course page"
                 + (f" ({unit.where['part']})." if "part" in unit.where else ".")]
    limit = max_width(unit)
    if limit:
        sentences.append(f"A label: at most {limit} characters.")
    if unit.codes:
        sentences.append("Keep each {placeholder} tag: the page puts a value there.")
    return " ".join(sentences)


def _tag_notes(unit: Unit) -> list[str]:
    notes = []
    if any(isinstance(piece, Open) for piece in unit.content):
        notes.append("Keep each tag pair around the words it marks (bold, emphasis, link text, an image's "
                     "description); the pairs may move with the word order.")
    for piece in unit.content:
        if isinstance(piece, Open) and piece.ctype in ("link", "x-image"):
            target = unit.codes[piece.id].close.removeprefix("](").removesuffix(")")
            notes.append(f"Link {piece.id} goes to {target}." if piece.ctype == "link" else
                         f"Tag pair {piece.id} holds the description of the picture {target}.")
    if any(isinstance(piece, Placeholder) for piece in unit.content):
        notes.append("Standalone tags (code, line breaks, web addresses) stay, each once.")
    if not unit.codes and protected_parts(unit.source):
        notes.append("Keep link addresses and anything between back-ticks (`like this`) exactly as written.")
    return notes
