"""The cmi5 course package: rendered pages, one AU launch shell per SCO, cmi5.xml, deterministic zip."""

from __future__ import annotations

from ..plan.site import Site
from ..render.pages import PageRenderer, Target, render_site
from .cmi5_structure import FILE_NAME, build_course_structure
from .package import deterministic_zip

CMI5 = Target(name="cmi5", runtime="cmi5", navigation="sco")


def package_name(site: Site) -> str:
    course = site.source.course
    return f"{course.id}-{course.version}-cmi5.zip"


def emit(site: Site, assets: dict[str, bytes], renderer: PageRenderer | None = None) -> tuple[str, bytes]:
    files = render_site(site, CMI5, assets, renderer)
    files[FILE_NAME] = build_course_structure(site)
    return package_name(site), deterministic_zip(files)
