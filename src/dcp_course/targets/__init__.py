"""One module per output format; each turns a planned Site into files."""

from __future__ import annotations

from collections.abc import Callable

from ..plan.site import Site
from ..render.pages import PageRenderer, Target
from . import cmi5, scorm, web

# (site, shared assets, page renderer shared across outputs) -> (output name, folder files or zip bytes)
Emitter = Callable[[Site, dict[str, bytes], PageRenderer | None], tuple[str, dict[str, bytes] | bytes]]

FORMATS: dict[str, Emitter] = {
    "web": web.emit,
    "scorm12": scorm.emit_scorm12,
    "scorm2004": scorm.emit_scorm2004,
    "cmi5": cmi5.emit,
}
# How each format presents its pages, so they can be rendered ahead of it in worker processes;
# a format missing here is still built, its pages rendered in this process.
FORMAT_TARGETS: dict[str, Target] = {
    "web": web.WEB,
    "scorm12": scorm.scorm_target("scorm12"),
    "scorm2004": scorm.scorm_target("scorm2004"),
    "cmi5": cmi5.CMI5,
}
