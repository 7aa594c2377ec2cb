"""dcp-course: build a course from YAML sources into web, SCORM 1.2 and SCORM 2004 outputs."""

__version__ = "0.1.0"
