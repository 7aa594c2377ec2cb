"""The learner scripts ship without their comment lines, and still parse."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from conftest import require

from dcp_course.render.pages import TEMPLATES_DIR, static_assets, without_comment_lines


def test_comment_lines_go_and_everything_else_stays() -> None:
    script = (b"// what the file is for\n"
              b"/* a block comment\n"
              b" * over lines */\n"
              b"  /* one line */\n"
              b"/* kept: code follows */ const b = 2;\n"
              b"const a = 1; // kept: code comes first\n"
              b"    // indented comment\n"
              b"const text = `first\n"
              b"// inside a template literal: text\n"
              b"last`;\n"
              b"const url = 'http://example.org';\n")
    assert without_comment_lines(script) == (b"/* kept: code follows */ const b = 2;\n"
                                             b"const a = 1; // kept: code comes first\n"
                                             b"const text = `first\n"
                                             b"// inside a template literal: text\n"
                                             b"last`;\n"
                                             b"const url = 'http://example.org';\n")


def test_every_shipped_script_parses_and_lost_only_comment_lines(tmp_path: Path) -> None:
    node = shutil.which("node")
    require(node is not None, "node is needed to check the shipped scripts")
    assert node is not None
    scripts = {name: content for name, content in static_assets().items() if name.endswith(".js")}
    assert len(scripts) >= 9
    for name, shipped in scripts.items():
        source = (TEMPLATES_DIR / name.removeprefix("assets/")).read_bytes()
        dropped = set(source.splitlines()) - set(shipped.splitlines())
        in_block = re.compile(rb"\s*(//|/\*|\*)")  # a // line, or a line opening or continuing /* */
        assert all(in_block.match(line) for line in dropped), name
        copy = tmp_path / Path(name).name
        copy.write_bytes(shipped)
        checked = subprocess.run([node, "--check", str(copy)], capture_output=True, text=True)
        assert checked.returncode == 0, f"{name}: {checked.stderr}"
    sources = sum(len((TEMPLATES_DIR / name.removeprefix("assets/")).read_bytes()) for name in scripts)
    assert sum(map(len, scripts.values())) < 0.85 * sources  # the comment lines really go
