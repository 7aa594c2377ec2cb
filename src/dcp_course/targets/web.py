"""The `web` output: a static folder that opens in any browser, tracking progress locally."""

from __future__ import annotations

from ..render import PageRenderer, Target, render_site
from ..site import Site

WEB = Target(name="web", runtime="standalone", navigation="course")


def emit(site: Site, assets: dict[str, bytes],
         renderer: PageRenderer | None = None) -> tuple[str, dict[str, bytes]]:
    return "web", render_site(site, WEB, assets, renderer)
