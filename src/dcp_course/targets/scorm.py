"""SCORM 1.2 and SCORM 2004 packages: rendered pages, SCO shells, manifest, deterministic zip."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files as package_files

from ..plan.site import Site, module_dir
from ..plan.suspend import SCORM12_SUSPEND_LIMIT, SCORM12_TEXT_KEPT, worst_case_suspend_length
from ..render.pages import PageRenderer, Target, render_site
from ..source.errors import BuildError
from .manifest import DESCRIPTION_FILE, Dialect, build_manifest, course_description
from .package import deterministic_zip

MANIFEST = "imsmanifest.xml"
# The published XSDs/DTDs every namespace of our manifests is controlled by, and what they import;
# see control_documents/PROVENANCE for where each file comes from.
CONTROL_DOCUMENT_SETS: dict[Dialect, str] = {"scorm12": "scorm12edition", "scorm2004": "scorm20044thedition"}


def scorm_target(dialect: Dialect) -> Target:
    return Target(name=dialect, runtime=dialect, navigation="sco")


def sco_file_lists(site: Site, files: dict[str, bytes]) -> tuple[dict[str, list[str]], list[str]]:
    """Which files each SCO uses; what no single SCO owns goes to the shared resource."""
    owned: dict[str, list[str]] = {}
    claimed: set[str] = set()
    # files by top folder, so each SCO finds its own without scanning every file of the course
    by_folder: dict[str, list[str]] = {}
    for name in files:
        folder, slash, _ = name.partition("/")
        if slash:
            by_folder.setdefault(folder, []).append(name)
    for sco in site.scos:
        if site.granularity == "per-course":
            mine = [name for name in files if not name.startswith("assets/")]
        else:
            mine = [name for m in sco.modules for name in by_folder.get(module_dir(m), [])]
            if sco.launch in files and sco.launch not in mine:
                mine.append(sco.launch)
        owned[sco.id] = sorted(mine)
        claimed.update(mine)
    shared = sorted(name for name in files if name not in claimed)
    return owned, shared


@lru_cache(maxsize=2)
def _control_documents(dialect: Dialect) -> tuple[tuple[str, bytes], ...]:
    folder = package_files(__package__) / "control_documents" / CONTROL_DOCUMENT_SETS[dialect]
    return tuple(sorted((entry.name, entry.read_bytes()) for entry in folder.iterdir()
                        if entry.is_file() and not entry.name.startswith(".")))


def control_documents(dialect: Dialect) -> dict[str, bytes]:
    """The control documents that sit, unchanged, at the root of every package of this dialect.

    ADL's conformance test suite requires them there; LMSs and the manifest never list them.
    """
    return dict(_control_documents(dialect))


def package_name(site: Site, dialect: Dialect) -> str:
    course = site.source.course
    return f"{course.id}-{course.version}-{dialect}.zip"


def check_suspend_budget(site: Site, dialect: Dialect) -> None:
    if dialect != "scorm12":
        return
    for sco in site.scos:
        # practical tasks' texts are cut to fit at run time, never below SCORM12_TEXT_KEPT characters
        worst = worst_case_suspend_length(sco, text_kept=SCORM12_TEXT_KEPT)
        if worst > SCORM12_SUSPEND_LIMIT:
            cut = (f", even with each practical task's answer cut to {SCORM12_TEXT_KEPT} characters"
                   if worst != worst_case_suspend_length(sco) else "")
            raise BuildError(
                f"SCO {sco.id!r} could store up to {worst} characters of suspend data{cut}; SCORM 1.2 "
                f"allows {SCORM12_SUSPEND_LIMIT}. Use sco: per-module or fewer, shorter questions."
            )


def emit(site: Site, assets: dict[str, bytes], dialect: Dialect,
         renderer: PageRenderer | None = None) -> tuple[str, bytes]:
    check_suspend_budget(site, dialect)
    files = render_site(site, scorm_target(dialect), assets, renderer)
    if dialect == "scorm2004":
        files[DESCRIPTION_FILE] = course_description(site)
    owned, shared = sco_file_lists(site, files)
    files[MANIFEST] = build_manifest(site, dialect, owned, shared)
    clashes = sorted(set(files) & set(control_documents(dialect)))
    if clashes:
        raise BuildError(f"{clashes[0]!r} would replace a SCORM control document at the package root; rename it")
    files.update(control_documents(dialect))
    return package_name(site, dialect), deterministic_zip(files)


def emit_scorm12(site: Site, assets: dict[str, bytes],
                 renderer: PageRenderer | None = None) -> tuple[str, bytes]:
    return emit(site, assets, "scorm12", renderer)


def emit_scorm2004(site: Site, assets: dict[str, bytes],
                   renderer: PageRenderer | None = None) -> tuple[str, bytes]:
    return emit(site, assets, "scorm2004", renderer)
