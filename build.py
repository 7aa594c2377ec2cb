#!/usr/bin/env python3
"""Rebuild the whole course into dist/ with the defaults: `python build.py`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from dcp_course.cli import main

if __name__ == "__main__":
    main(["--root", str(Path(__file__).resolve().parent), "build", *sys.argv[1:]])
