"""One module per output format; each turns a planned Site into files."""

from __future__ import annotations

from collections.abc import Callable

from ..site import Site
from . import scorm, web

Emitter = Callable[[Site, dict[str, bytes]], tuple[str, dict[str, bytes] | bytes]]

FORMATS: dict[str, Emitter] = {
    "web": web.emit,
    "scorm12": scorm.emit_scorm12,
    "scorm2004": scorm.emit_scorm2004,
}
