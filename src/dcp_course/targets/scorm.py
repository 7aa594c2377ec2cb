"""SCORM 1.2 and SCORM 2004 packages: rendered pages, SCO shells, manifest, deterministic zip."""

from __future__ import annotations

from ..plan.site import Site, module_dir
from ..plan.suspend import SCORM12_SUSPEND_LIMIT, worst_case_suspend_length
from ..render.pages import PageRenderer, Target, render_site
from ..source.errors import BuildError
from .manifest import Dialect, build_manifest
from .package import deterministic_zip

MANIFEST = "imsmanifest.xml"


def scorm_target(dialect: Dialect) -> Target:
    return Target(name=dialect, runtime=dialect, navigation="sco")


def sco_file_lists(site: Site, files: dict[str, bytes]) -> tuple[dict[str, list[str]], list[str]]:
    """Which files each SCO uses; what no single SCO owns goes to the shared resource."""
    owned: dict[str, list[str]] = {}
    claimed: set[str] = set()
    for sco in site.scos:
        if site.granularity == "per-course":
            mine = [name for name in files if not name.startswith("assets/")]
        else:
            folders = tuple(f"{module_dir(m)}/" for m in sco.modules)
            mine = [name for name in files if name == sco.launch or name.startswith(folders)]
        owned[sco.id] = sorted(mine)
        claimed.update(mine)
    shared = sorted(name for name in files if name not in claimed)
    return owned, shared


def package_name(site: Site, dialect: Dialect) -> str:
    course = site.source.course
    return f"{course.id}-{course.version}-{dialect}.zip"


def check_suspend_budget(site: Site, dialect: Dialect) -> None:
    if dialect != "scorm12":
        return
    for sco in site.scos:
        worst = worst_case_suspend_length(sco)
        if worst > SCORM12_SUSPEND_LIMIT:
            raise BuildError(
                f"SCO {sco.id!r} could store up to {worst} characters of suspend data; SCORM 1.2 "
                f"allows {SCORM12_SUSPEND_LIMIT}. Use sco: per-module or fewer, shorter questions."
            )


def emit(site: Site, assets: dict[str, bytes], dialect: Dialect,
         renderer: PageRenderer | None = None) -> tuple[str, bytes]:
    check_suspend_budget(site, dialect)
    files = render_site(site, scorm_target(dialect), assets, renderer)
    owned, shared = sco_file_lists(site, files)
    files[MANIFEST] = build_manifest(site, dialect, owned, shared)
    return package_name(site, dialect), deterministic_zip(files)


def emit_scorm12(site: Site, assets: dict[str, bytes],
                 renderer: PageRenderer | None = None) -> tuple[str, bytes]:
    return emit(site, assets, "scorm12", renderer)


def emit_scorm2004(site: Site, assets: dict[str, bytes],
                   renderer: PageRenderer | None = None) -> tuple[str, bytes]:
    return emit(site, assets, "scorm2004", renderer)
