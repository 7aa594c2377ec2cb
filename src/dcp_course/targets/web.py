"""The `web` output: a static folder that opens in any browser, tracking progress locally."""

from __future__ import annotations

from ..plan.site import Site
from ..render.pages import PageRenderer, Target, render_site

WEB = Target(name="web", runtime="standalone", navigation="course", zipped=False)


def emit(site: Site, assets: dict[str, bytes],
         renderer: PageRenderer | None = None) -> tuple[str, dict[str, bytes]]:
    return "web", render_site(site, WEB, assets, renderer)
