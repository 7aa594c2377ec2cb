"""cmi5.xml, the cmi5 course structure: the course and one AU per SCO of the planned site.

Identifiers are `urn:uuid:` IRIs, name-based (UUID version 5, RFC 9562) in the dcp-course namespace:

    course  urn:uuid:uuid5(NAMESPACE, "<course-id>")
    AU      urn:uuid:uuid5(NAMESPACE, "<course-id>/<module-id>")     one AU per module
            urn:uuid:uuid5(NAMESPACE, "<course-id>/final-assessment") the final assessment
            urn:uuid:uuid5(NAMESPACE, "<course-id>/*")                 the whole course (sco: per-course)

with NAMESPACE = uuid5(NAMESPACE_DNS, "dcp-course.invalid"). A `urn:uuid:` IRI is globally unique
without a domain we would have to own, never resolves to a server an LMS might ask about the
activity, and stays the same across builds and course versions, so an LMS that imports a new
version keeps the learners' records. The version is not part of the ids on purpose.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Literal

from lxml import etree

from ..plan.site import FINAL_ID, Sco, Site
from ..source.errors import BuildError

NAMESPACE_URI = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
FILE_NAME = "cmi5.xml"
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "dcp-course.invalid")
WHOLE_COURSE = "*"  # not a slug, so it cannot collide with a module id
MoveOn = Literal["Passed", "Completed"]


def course_iri(course_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, course_id)}"


def au_key(site: Site, sco: Sco) -> str:
    """What in the course an AU stands for: a module id, the final assessment, or the whole course."""
    if site.granularity == "per-course":
        return WHOLE_COURSE
    if sco.modules:
        return sco.modules[0].module.id
    return FINAL_ID


def au_iri(site: Site, sco: Sco) -> str:
    return unit_iri(site.source.course.id, au_key(site, sco))


def unit_iri(course_id: str, key: str) -> str:
    """The AU id for what au_key names; `results` also computes it to recognise a course's statements."""
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, f'{course_id}/{key}')}"


def move_on(site: Site, sco: Sco) -> MoveOn:
    """Passed where a quiz decides completion, otherwise Completed (all pages viewed)."""
    if sco.quizzes and site.source.course.completion == "lessons-and-quiz":
        return "Passed"
    return "Completed"


def mastery_score(sco: Sco) -> str | None:
    """The AU's pass mark as a 0-1 decimal; the strictest when one AU holds several quizzes."""
    marks = [quiz.pass_mark for quiz in sco.quizzes]
    if not marks:
        return None
    return format((Decimal(max(marks)) / 100).normalize(), "f")


def plain(text: str) -> str:
    return " ".join(text.split())


def au_description(site: Site, sco: Sco) -> str:
    if site.granularity == "per-course":
        return plain(site.source.course.description)
    if sco.modules:
        return plain(sco.modules[0].module.summary)
    return sco.title


class CourseStructureBuilder:
    def __init__(self, site: Site) -> None:
        self.site = site
        self.language = site.source.course.language
        self.root = etree.Element(self._tag("courseStructure"), nsmap={None: NAMESPACE_URI})

    def _tag(self, name: str) -> str:
        return f"{{{NAMESPACE_URI}}}{name}"

    def _sub(
        self, parent: etree._Element, name: str, text: str | None = None, **attrs: str
    ) -> etree._Element:
        element = etree.SubElement(parent, self._tag(name), attrib=attrs)
        if text is not None:
            element.text = text
        return element

    def _langstring(self, parent: etree._Element, name: str, text: str) -> None:
        self._sub(self._sub(parent, name), "langstring", plain(text), lang=self.language)

    def build(self) -> bytes:
        course = self.site.source.course
        element = self._sub(self.root, "course", id=course_iri(course.id))
        self._langstring(element, "title", course.title)
        self._langstring(element, "description", course.description)
        seen: set[str] = set()
        for sco in self.site.scos:
            self._au(sco, seen)
        xml: bytes = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        return xml

    def _au(self, sco: Sco, seen: set[str]) -> None:
        ident = au_iri(self.site, sco)
        if ident in seen:
            raise BuildError(f"two cmi5 AUs would share the id {ident} ({au_key(self.site, sco)!r})")
        seen.add(ident)
        attrs = {"id": ident, "moveOn": move_on(self.site, sco), "launchMethod": "AnyWindow"}
        mastery = mastery_score(sco)
        if mastery is not None:
            attrs["masteryScore"] = mastery
        au = self._sub(self.root, "au", **attrs)
        self._langstring(au, "title", sco.title)
        self._langstring(au, "description", au_description(self.site, sco))
        self._sub(au, "url", sco.launch)


def build_course_structure(site: Site) -> bytes:
    return CourseStructureBuilder(site).build()
