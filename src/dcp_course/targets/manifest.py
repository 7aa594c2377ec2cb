"""imsmanifest.xml for SCORM 1.2 and SCORM 2004 4th Edition: one builder, two dialects."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Literal

from lxml import etree

from ..plan.site import Sco, Site

Dialect = Literal["scorm12", "scorm2004"]
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"


@dataclass(frozen=True)
class Namespaces:
    cp: str
    adlcp: str
    schema_location: str
    schema_version: str
    scorm_type_attribute: str
    extra: tuple[tuple[str, str], ...] = ()


SCORM12 = Namespaces(
    cp="http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2",
    schema_location=(
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
        "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
        "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"
    ),
    schema_version="1.2",
    scorm_type_attribute="scormtype",
    extra=(("imsmd", "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"),),
)
SCORM2004 = Namespaces(
    cp="http://www.imsglobal.org/xsd/imscp_v1p1",
    adlcp="http://www.adlnet.org/xsd/adlcp_v1p3",
    schema_location=(
        "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd "
        "http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd "
        "http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd "
        "http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd "
        "http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd"
    ),
    schema_version="2004 4th Edition",
    scorm_type_attribute="scormType",
    extra=(
        ("adlseq", "http://www.adlnet.org/xsd/adlseq_v1p3"),
        ("adlnav", "http://www.adlnet.org/xsd/adlnav_v1p3"),
        ("imsss", "http://www.imsglobal.org/xsd/imsss"),
    ),
)
IMSSS = "http://www.imsglobal.org/xsd/imsss"
SHARED_RESOURCE = "RES-shared"
DESCRIPTION_FILE = "course-metadata.json"


def xml_id(*parts: str) -> str:
    """An xs:ID (NCName) built from source ids, stable across builds."""
    return re.sub(r"[^A-Za-z0-9_.-]", "-", "-".join(parts))


class ManifestBuilder:
    def __init__(self, site: Site, dialect: Dialect) -> None:
        self.site = site
        self.dialect = dialect
        self.ns = SCORM12 if dialect == "scorm12" else SCORM2004
        nsmap: dict[str | None, str] = {None: self.ns.cp, "adlcp": self.ns.adlcp, "xsi": XSI, **dict(self.ns.extra)}
        course = site.source.course
        self.root = etree.Element(
            self._cp("manifest"),
            nsmap=nsmap,
            identifier=xml_id("MANIFEST", course.id, course.version),
            version=course.version,
        )
        self.root.set(f"{{{XSI}}}schemaLocation", self.ns.schema_location)

    def _cp(self, tag: str) -> str:
        return f"{{{self.ns.cp}}}{tag}"

    def _sub(self, parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
        element = etree.SubElement(parent, self._cp(tag), attrib=attrs)
        if text is not None:
            element.text = text
        return element

    def build(self, sco_files: dict[str, list[str]], shared_files: list[str]) -> bytes:
        self._metadata()
        self._organizations()
        self._resources(sco_files, shared_files)
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    # ------------------------------------------------------------ metadata

    def _metadata(self) -> None:
        metadata = self._sub(self.root, "metadata")
        self._sub(metadata, "schema", "ADL SCORM")
        self._sub(metadata, "schemaversion", self.ns.schema_version)
        # SCORM 2004 carries no inline LOM: ADL's validator requires the controlling documents of every
        # namespace at the package root, and no package we can cite ships the IEEE LOM XSDs. The
        # description travels in DESCRIPTION_FILE instead (see course_description).
        if self.dialect == "scorm12":
            self._lom12(metadata)

    def _lom12(self, metadata: etree._Element) -> None:
        course = self.site.source.course
        md = dict(self.ns.extra)["imsmd"]

        def sub(parent: etree._Element, tag: str) -> etree._Element:
            return etree.SubElement(parent, f"{{{md}}}{tag}")

        def langstring(parent: etree._Element, tag: str, text: str) -> None:
            holder = sub(parent, tag)
            string = sub(holder, "langstring")
            string.set(f"{{{XML_NS}}}lang", course.language)
            string.text = text

        lom = sub(metadata, "lom")
        general = sub(lom, "general")
        langstring(general, "title", course.title)
        sub(general, "language").text = course.language
        langstring(general, "description", " ".join(course.description.split()))
        for keyword in course.keywords:
            langstring(general, "keyword", keyword)
        lifecycle = sub(lom, "lifecycle")
        langstring(lifecycle, "version", course.version)
        educational = sub(lom, "educational")
        duration = sub(educational, "typicallearningtime")
        sub(duration, "datetime").text = _hhmmss(course.minutes)

    # ------------------------------------------------------------ organizations

    def _organizations(self) -> None:
        course = self.site.source.course
        organizations = self._sub(self.root, "organizations", default=xml_id("ORG", course.id))
        organization = self._sub(organizations, "organization", identifier=xml_id("ORG", course.id))
        if self.dialect == "scorm2004":
            organization.set(f"{{{dict(self.ns.extra)['adlseq']}}}objectivesGlobalToSystem", "false")
        self._sub(organization, "title", course.title)
        previous: Sco | None = None
        for sco in self.site.scos:
            self._item(organization, sco, previous)
            previous = sco
        if self.dialect == "scorm2004":
            self._organization_sequencing(organization)

    def _item(self, organization: etree._Element, sco: Sco, previous: Sco | None) -> None:
        item = self._sub(organization, "item", identifier=xml_id("ITEM", sco.id),
                         identifierref=xml_id("RES", sco.id))
        self._sub(item, "title", sco.title)
        mastery = self._mastery(sco)
        if self.dialect == "scorm12":
            if mastery is not None:
                etree.SubElement(item, f"{{{self.ns.adlcp}}}masteryscore").text = str(mastery)
            return
        threshold = etree.SubElement(item, f"{{{self.ns.adlcp}}}completionThreshold")
        threshold.set("completedByMeasure", "false")
        threshold.set("minProgressMeasure", "1.0")
        self._item_sequencing(item, sco, previous)

    def _mastery(self, sco: Sco) -> int | None:
        """The SCO's pass mark: its quiz's, or the strictest when one SCO holds several."""
        marks = [quiz.pass_mark for quiz in sco.quizzes]
        return max(marks) if marks else None

    def _ss(self, parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
        return etree.SubElement(parent, f"{{{IMSSS}}}{tag}", attrib=attrs)

    def _item_sequencing(self, item: etree._Element, sco: Sco, previous: Sco | None) -> None:
        course = self.site.source.course
        sequencing = self._ss(item, "sequencing")
        if course.prerequisites and previous is not None:
            rules = self._ss(sequencing, "sequencingRules")
            rule = self._ss(rules, "preConditionRule")
            conditions = self._ss(rule, "ruleConditions", conditionCombination="any")
            self._ss(conditions, "ruleCondition", referencedObjective=xml_id("PREV", previous.id),
                     operator="not", condition="satisfied")
            self._ss(conditions, "ruleCondition", referencedObjective=xml_id("PREV", previous.id),
                     operator="not", condition="objectiveStatusKnown")
            self._ss(rule, "ruleAction", action="disabled")
        objectives = self._ss(sequencing, "objectives")
        primary = self._ss(objectives, "primaryObjective", objectiveID=xml_id("PRIMARY", sco.id),
                           satisfiedByMeasure="false")
        if course.prerequisites:
            self._ss(primary, "mapInfo", targetObjectiveID=xml_id("GLOBAL", course.id, sco.id),
                     readSatisfiedStatus="false", writeSatisfiedStatus="true")
        for loaded in sco.modules:
            for objective in loaded.module.objectives:
                self._ss(objectives, "objective", objectiveID=objective.id)
        if course.prerequisites and previous is not None:
            prev = self._ss(objectives, "objective", objectiveID=xml_id("PREV", previous.id))
            self._ss(prev, "mapInfo", targetObjectiveID=xml_id("GLOBAL", course.id, previous.id),
                     readSatisfiedStatus="true", writeSatisfiedStatus="false")
        self._ss(sequencing, "deliveryControls", completionSetByContent="true", objectiveSetByContent="true")

    def _organization_sequencing(self, organization: etree._Element) -> None:
        sequencing = self._ss(organization, "sequencing")
        self._ss(sequencing, "controlMode", choice="true", flow="true")
        rules = self._ss(sequencing, "rollupRules", rollupObjectiveSatisfied="true",
                         rollupProgressCompletion="true")
        for condition, action in (("satisfied", "satisfied"), ("completed", "completed")):
            rule = self._ss(rules, "rollupRule", childActivitySet="all")
            conditions = self._ss(rule, "rollupConditions")
            self._ss(conditions, "rollupCondition", condition=condition)
            self._ss(rule, "rollupAction", action=action)

    # ------------------------------------------------------------ resources

    def _resources(self, sco_files: dict[str, list[str]], shared_files: list[str]) -> None:
        resources = self._sub(self.root, "resources")
        for sco in self.site.scos:
            resource = self._sub(resources, "resource", identifier=xml_id("RES", sco.id),
                                 type="webcontent", href=sco.launch)
            resource.set(f"{{{self.ns.adlcp}}}{self.ns.scorm_type_attribute}", "sco")
            for href in sco_files[sco.id]:
                self._sub(resource, "file", href=href)
            self._sub(resource, "dependency", identifierref=SHARED_RESOURCE)
        shared = self._sub(resources, "resource", identifier=SHARED_RESOURCE, type="webcontent")
        shared.set(f"{{{self.ns.adlcp}}}{self.ns.scorm_type_attribute}", "asset")
        for href in shared_files:
            self._sub(shared, "file", href=href)


def _hhmmss(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}:00"


def course_description(site: Site) -> bytes:
    """The course's descriptive metadata as a plain JSON file, for the SCORM 2004 package.

    It stands in for the inline LOM of the SCORM 1.2 manifest; the manifest lists it as a file of
    the shared resource, so LMSs copy it and catalogue tools can read it.
    """
    course = site.source.course
    description = {
        "identifier": course.id,
        "title": course.title,
        "description": " ".join(course.description.split()),
        "keywords": list(course.keywords),
        "language": course.language,
        "version": course.version,
        "typical_learning_time": f"PT{course.minutes // 60}H{course.minutes % 60}M",
    }
    return (json.dumps(description, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def build_manifest(site: Site, dialect: Dialect, sco_files: dict[str, list[str]],
                   shared_files: list[str]) -> bytes:
    return ManifestBuilder(site, dialect).build(sco_files, shared_files)
