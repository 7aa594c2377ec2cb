"""What inspecting a package finds: findings (errors and warnings) and the package's summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    level: Level
    code: str  # stable short name, e.g. "listed-file-missing"
    message: str
    where: str = ""  # a file inside the package, with ":line" when known

    def render(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{self.level}: {where}{self.message}"


@dataclass
class PackageReport:
    name: str
    standard: str = "unknown"
    schema: str = "not checked"
    root_files: str = ""  # ADL's "required files at root" checkpoint: "present" or "incomplete"; "" not run
    files: int = 0
    size: int = 0  # uncompressed bytes
    launchable: int = 0  # SCOs, or AUs for cmi5
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.findings}

    def add(self, level: Level, code: str, message: str, where: str = "") -> None:
        self.findings.append(Finding(level, code, message, where))

    def summary(self) -> str:
        unit = "AU" if self.standard == "cmi5" else "SCO"
        root_files = f"required files at root {self.root_files}; " if self.root_files else ""
        return (
            f"{self.name}: {self.standard}, {self.launchable} {unit}(s), {self.files} files, "
            f"{self.size:,} bytes; schema {self.schema}; {root_files}"
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"
        )
